//! What a clone says of its team: the remote (`origin`, else the first one) and
//! the main branch (the remote's HEAD branch, else `main`, else `master`, else
//! the branch checked out). Read through [`Repo`]'s refs and configuration, and
//! the symbolic refs git keeps as files.

use std::path::{Path, PathBuf};

use crate::git::Repo;

/// The defaults `init` proposes, and where each came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitDefaults {
    /// The remote's name, if the clone has one.
    pub remote: Option<String>,
    /// Its URL.
    pub remote_url: Option<String>,
    pub main: String,
    /// How `main` was found, to say so (`origin's HEAD`, `the branch checked out`).
    pub main_from: String,
}

impl GitDefaults {
    pub fn of(repo: &Repo) -> GitDefaults {
        let remotes = remotes(repo);
        let remote = remotes
            .iter()
            .find(|r| *r == "origin")
            .or_else(|| remotes.first())
            .cloned();
        let remote_url = remote.as_deref().and_then(|r| repo.remote_url(r));
        let (main, main_from) = main_branch(repo, remote.as_deref());
        GitDefaults {
            remote,
            remote_url,
            main,
            main_from,
        }
    }
}

/// The clone's remotes, in the order of its configuration.
fn remotes(repo: &Repo) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (name, _) in repo.config_entries(r"^remote\..*\.url$") {
        if let Some(r) = name
            .strip_prefix("remote.")
            .and_then(|n| n.strip_suffix(".url"))
            && !out.iter().any(|o| o == r)
        {
            out.push(r.to_string());
        }
    }
    out
}

fn main_branch(repo: &Repo, remote: Option<&str>) -> (String, String) {
    if let Some(r) = remote
        && let Some(b) = remote_head(repo, r)
    {
        return (b, format!("{r}'s HEAD"));
    }
    for name in ["main", "master"] {
        let local = repo.ref_target(&format!("refs/heads/{name}"));
        let tracked = remote.map(|r| repo.ref_target(&format!("refs/remotes/{r}/{name}")));
        if matches!(local, Ok(Some(_))) || matches!(tracked, Some(Ok(Some(_)))) {
            return (name.to_string(), "its branches".to_string());
        }
    }
    match current_branch(repo) {
        Some(b) => (b, "the branch checked out".to_string()),
        None => ("main".to_string(), "the default".to_string()),
    }
}

/// The branch `refs/remotes/REMOTE/HEAD` points at: as `git clone` and
/// `git remote set-head` write it, else the one branch of the remote at the
/// same commit.
fn remote_head(repo: &Repo, remote: &str) -> Option<String> {
    let prefix = format!("refs/remotes/{remote}/");
    let file = repo.common_dir().join(format!("{prefix}HEAD"));
    if let Some(b) =
        symbolic_target(&file).and_then(|t| t.strip_prefix(&prefix).map(str::to_string))
    {
        return Some(b);
    }
    let refs = repo.refs_under(&prefix).ok()?;
    let head = refs.iter().find(|(n, _)| *n == format!("{prefix}HEAD"))?.1;
    let same: Vec<&str> = refs
        .iter()
        .filter(|(n, id)| *id == head && !n.ends_with("/HEAD"))
        .filter_map(|(n, _)| n.strip_prefix(&prefix))
        .collect();
    match same.as_slice() {
        [one] => Some(one.to_string()),
        _ => ["main", "master"]
            .into_iter()
            .find(|m| same.contains(m))
            .map(str::to_string),
    }
}

/// The branch HEAD of the working tree names (it may have no commit yet).
fn current_branch(repo: &Repo) -> Option<String> {
    let head = git_dir(repo.workdir()?)?.join("HEAD");
    symbolic_target(&head)?
        .strip_prefix("refs/heads/")
        .map(str::to_string)
}

/// A working tree's git directory: `.git`, or where a `.git` file points (a
/// linked worktree).
fn git_dir(workdir: &Path) -> Option<PathBuf> {
    let dot_git = workdir.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git);
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
    Some(workdir.join(target))
}

/// The target of a symbolic ref kept as a file (`ref: refs/heads/main`).
fn symbolic_target(file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines()
        .next()?
        .strip_prefix("ref:")
        .map(|t| t.trim().to_string())
}
