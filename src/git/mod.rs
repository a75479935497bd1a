//! The only module that talks to git (through git2). It knows nothing about LookML:
//! it reads and writes trees of files, commits with trailers, refs, worktrees, and
//! fetches and pushes with the credentials plain git would use.

mod lock;
mod remote;
mod repo;
mod tls;
mod worktree;

use std::fmt;
use std::path::{Path, PathBuf};

pub use lock::RepoLock;
pub use remote::{Remote, RemoteError};
pub use repo::{Commit, Conflict, Id, Merged, NewCommit, Person, Repo};
pub use tls::start_libgit2_before_threads;
pub use worktree::{UpdateRefused, Worktree};

use crate::fileset::{FileEntry, FileSet};

/// A git failure, with what was being done.
#[derive(Debug)]
pub struct GitError {
    pub context: String,
    pub message: String,
    source: Option<git2::Error>,
}

impl GitError {
    /// A failure that did not come from git2 itself (a file, a missing object).
    pub fn other(context: impl Into<String>, message: impl Into<String>) -> GitError {
        GitError {
            context: context.into(),
            message: message.into(),
            source: None,
        }
    }
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.context, self.message)
    }
}

impl std::error::Error for GitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T, GitError>;
}

impl<T> Context<T> for Result<T, git2::Error> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T, GitError> {
        self.map_err(|source| GitError {
            context: what(),
            message: source.message().to_string(),
            source: Some(source),
        })
    }
}

/// The environment variable that names a point where the process should die, so
/// tests can show that every multi-step operation survives being killed there.
pub const CRASH_ENV: &str = "STORYBOARD_CRASH_AT";

/// Dies on the spot, as a kill would, when [`CRASH_ENV`] names `point`.
pub fn crash_point(point: &str) {
    if std::env::var_os(CRASH_ENV).is_some_and(|v| v == point) {
        std::process::abort();
    }
}

/// The repository containing `dir`, and the subdirectory `dir` is at inside its
/// working tree (empty at the root).
pub fn open(dir: &Path) -> Result<(git2::Repository, PathBuf), GitError> {
    let repo = git2::Repository::discover(dir)
        .context(|| format!("{} is not inside a git repository", dir.display()))?;
    let prefix = match repo.workdir() {
        Some(work) => {
            let work = work.canonicalize().unwrap_or_else(|_| work.to_path_buf());
            let here = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            here.strip_prefix(&work)
                .map(Path::to_path_buf)
                .unwrap_or_default()
        }
        None => PathBuf::new(),
    };
    Ok((repo, prefix))
}

/// The files of `rev`'s tree under `prefix`, read from the object database without
/// touching the working tree. Paths are relative to `prefix`.
pub fn read_tree(repo: &git2::Repository, rev: &str, prefix: &Path) -> Result<FileSet, GitError> {
    let object = repo
        .revparse_single(rev)
        .context(|| format!("cannot find revision `{rev}` (try a branch, a tag or a commit id)"))?;
    let tree = object
        .peel_to_tree()
        .context(|| format!("`{rev}` does not name a commit or a tree"))?;
    let tree = if prefix.as_os_str().is_empty() {
        tree
    } else {
        let entry = tree
            .get_path(prefix)
            .context(|| format!("`{rev}` has no directory {}", prefix.display()))?;
        entry
            .to_object(repo)
            .and_then(|o| o.peel_to_tree())
            .context(|| format!("{} in `{rev}` is not a directory", prefix.display()))?
    };
    let mut set = FileSet::default();
    let mut failure: Option<GitError> = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() != Some(git2::ObjectType::Blob) {
            return git2::TreeWalkResult::Ok;
        }
        let name = entry.name().unwrap_or_default();
        let path = PathBuf::from(dir).join(name);
        match repo.find_blob(entry.id()) {
            Ok(blob) => {
                set.files.insert(
                    path,
                    FileEntry {
                        bytes: blob.content().to_vec(),
                        mode: u32::try_from(entry.filemode()).unwrap_or(crate::fileset::MODE_FILE),
                    },
                );
                git2::TreeWalkResult::Ok
            }
            Err(source) => {
                failure = Some(GitError {
                    context: format!("cannot read {}", path.display()),
                    message: source.message().to_string(),
                    source: Some(source),
                });
                git2::TreeWalkResult::Abort
            }
        }
    })
    .context(|| format!("cannot walk the tree of `{rev}`"))?;
    match failure {
        Some(e) => Err(e),
        None => Ok(set),
    }
}

/// The commit id of the merge base of two revisions.
pub fn merge_base(repo: &git2::Repository, a: &str, b: &str) -> Result<String, GitError> {
    let commit = |rev: &str| {
        repo.revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .context(|| format!("cannot find the commit `{rev}`"))
    };
    let (ca, cb) = (commit(a)?, commit(b)?);
    let base = repo
        .merge_base(ca.id(), cb.id())
        .context(|| format!("`{a}` and `{b}` have no common history"))?;
    Ok(base.to_string())
}

/// Whether git accepts `name` as a branch name.
pub fn is_valid_branch_name(name: &str) -> bool {
    git2::Reference::is_valid_name(&format!("refs/heads/{name}"))
}
