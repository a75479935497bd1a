//! Where a tree of LookML comes from, named the way the command line and the
//! terminal UI name it: a directory, a git revision, a story (its worktree,
//! uncommitted edits included), `env:NAME` (what an environment holds,
//! unrendered), the working tree, or the merge base of HEAD with main as the
//! team has it.
//!
//! `diff` reads both of its sides here, `render --rev` and `unrender
//! --reference` their trees, so every front end resolves a name the same way.

use std::path::{Path, PathBuf};

use crate::fileset::FileSet;
use crate::git::{GitError, Repo};
use crate::project;
use crate::story::{LookmlFiles, StoryError, Workspace};

/// One side of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A directory, `env:NAME`, a story, or else a git revision.
    Named(String),
    /// The working tree at the current directory, uncommitted edits included.
    WorkingTree,
    /// The merge base of HEAD with the main branch.
    MergeBase,
}

/// Why a source could not be read: what and where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SourceError {}

impl From<GitError> for SourceError {
    fn from(e: GitError) -> SourceError {
        SourceError {
            message: e.to_string(),
            help: None,
        }
    }
}

impl From<StoryError> for SourceError {
    fn from(e: StoryError) -> SourceError {
        SourceError {
            message: e.to_string(),
            help: None,
        }
    }
}

type Result<T> = std::result::Result<T, SourceError>;

/// Resolves names from a directory (`cwd`), with the workspace when there is
/// one (stories and environments need it; directories and revisions do not).
pub struct Sources<'a> {
    cwd: &'a Path,
    /// The workspace, or why there is none (no storyboard.toml, a broken one).
    workspace: std::result::Result<&'a Workspace, String>,
    /// What the user should know about the names read (a stale local branch).
    warnings: std::cell::RefCell<Vec<String>>,
}

impl<'a> Sources<'a> {
    pub fn new(
        cwd: &'a Path,
        workspace: std::result::Result<&'a Workspace, String>,
    ) -> Sources<'a> {
        Sources {
            cwd,
            workspace,
            warnings: Default::default(),
        }
    }

    /// What the user should know about the sides read so far.
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.borrow().clone()
    }

    /// Sources of directories and revisions only.
    pub fn without_workspace(cwd: &'a Path) -> Sources<'a> {
        Sources::new(cwd, Err("no workspace".into()))
    }

    /// The LookML files of one side of a diff.
    pub fn lookml_files(&self, side: &Side) -> Result<LookmlFiles> {
        match side {
            Side::WorkingTree => read_lookml_dir(self.cwd, Path::new(".")),
            Side::MergeBase => {
                let repo = Repo::discover(self.cwd)?;
                let head = repo.resolve("HEAD")?;
                let main = self.team_main(&repo)?;
                let base = repo.merge_base_of(head, main)?.ok_or_else(|| SourceError {
                    message: format!("HEAD and {} have no common history", self.main_branch()),
                    help: Some("name the revision to compare with: `storyboard diff REV`".into()),
                })?;
                Ok(self.commit_files(&repo, base)?.into_lookml())
            }
            Side::Named(name) => {
                if let Some(env) = name.strip_prefix("env:") {
                    let ws = self.workspace.as_ref().map_err(|why| SourceError {
                        message: format!("`{name}` names an environment, but the configuration here cannot be read:\n{why}"),
                        help: Some("run it inside the LookML repository, with a valid storyboard.toml".into()),
                    })?;
                    return Ok(ws.environment_files(env)?);
                }
                let dir = self.cwd.join(name);
                if dir.is_dir() {
                    return read_lookml_dir(&dir, Path::new(name));
                }
                if Repo::discover(self.cwd).is_err() {
                    return Err(SourceError {
                        message: format!("{name}: no such directory"),
                        help: Some("give a directory holding a LookML project, or run inside a git repository to name a revision".into()),
                    });
                }
                // A story (by key, slug or branch) is read from its worktree,
                // uncommitted edits included; anything else is a revision.
                if let Ok(ws) = self.workspace
                    && let Some(files) = ws.story_source(name)?
                {
                    return Ok(files);
                }
                // A bare `main` is the team's main, as everywhere in storyboard:
                // the local branch may be days behind it.
                if name == self.main_branch() {
                    let repo = Repo::discover(self.cwd)?;
                    let main = self.team_main(&repo)?;
                    return Ok(self.commit_files(&repo, main)?.into_lookml());
                }
                self.warn_if_stale(name);
                self.revision(name).map(FileSet::into_lookml).map_err(|e| SourceError {
                    message: e.message,
                    help: Some(format!(
                        "`{name}` is neither a directory, a story nor a revision of the repository here"
                    )),
                })
            }
        }
    }

    /// A whole tree: the directory `spec` names, or else the project at the
    /// git revision `spec`.
    pub fn tree(&self, spec: &str) -> Result<FileSet> {
        let dir = self.cwd.join(spec);
        if dir.is_dir() {
            return read_dir(&dir);
        }
        self.revision(spec)
    }

    /// The project (the directory here, inside its repository) at revision `rev`,
    /// read from the object database without touching the working tree.
    pub fn revision(&self, rev: &str) -> Result<FileSet> {
        let repo = Repo::discover(self.cwd)?;
        let commit = repo.resolve(rev).map_err(|e| SourceError {
            message: e.to_string(),
            help: Some("try a branch, a tag or a commit id".into()),
        })?;
        self.commit_files(&repo, commit)
    }

    fn commit_files(&self, repo: &Repo, commit: crate::git::Id) -> Result<FileSet> {
        let prefix = self.prefix_in(repo);
        let tree = repo.subtree(commit, &prefix)?;
        // A project directory the revision does not have is no empty project.
        if !prefix.as_os_str().is_empty() && tree == repo.empty_tree()? {
            return Err(SourceError {
                message: format!("{} has no directory {}", commit.short(), prefix.display()),
                help: Some(
                    "name a revision that has the project, or run from the directory it had then"
                        .into(),
                ),
            });
        }
        Ok(repo.files(tree, None)?)
    }

    /// Where `cwd` is inside the repository's working tree.
    fn prefix_in(&self, repo: &Repo) -> PathBuf {
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        repo.workdir()
            .and_then(|work| {
                canonical(self.cwd)
                    .strip_prefix(canonical(work))
                    .ok()
                    .map(Path::to_path_buf)
            })
            .unwrap_or_default()
    }

    /// Warns when `name` is a local branch behind the team remote's branch of
    /// the same name.
    fn warn_if_stale(&self, name: &str) {
        let Ok(ws) = self.workspace else {
            return;
        };
        let Ok(repo) = ws.repo() else {
            return;
        };
        let branch = name
            .strip_prefix("refs/heads/")
            .or_else(|| name.strip_prefix("heads/"))
            .unwrap_or(name);
        let remote = &ws.config.project.remote;
        let (Ok(Some(local)), Ok(Some(team))) = (
            repo.ref_target(&format!("refs/heads/{branch}")),
            repo.ref_target(&format!("refs/remotes/{remote}/{branch}")),
        ) else {
            return;
        };
        if let Ok((_, behind)) = repo.ahead_behind(local, team)
            && behind > 0
        {
            self.warnings.borrow_mut().push(format!(
                "the local branch `{branch}` is {behind} commit(s) behind `{remote}/{branch}`: the diff uses the local one (`git pull` brings it up to date)"
            ));
        }
    }

    fn main_branch(&self) -> &str {
        self.workspace
            .as_ref()
            .map_or("main", |ws| ws.config.project.main.as_str())
    }

    /// Main as the team has it (the team remote's branch as last fetched), so
    /// stories merged since the local branch moved are not counted; the local
    /// branch without a workspace.
    fn team_main(&self, repo: &Repo) -> Result<crate::git::Id> {
        if let Ok(ws) = self.workspace
            && let Ok(id) = ws.repo().and_then(|r| ws.main_commit(&r))
        {
            return Ok(id);
        }
        Ok(repo.resolve(self.main_branch())?)
    }
}

/// Every file of a directory.
pub fn read_dir(dir: &Path) -> Result<FileSet> {
    FileSet::read_dir(dir).map_err(|e| SourceError {
        message: format!("{}: {e}", dir.display()),
        help: None,
    })
}

/// The LookML files under `dir` as `(path, bytes)`, read on all cores; `shown`
/// is how to name the directory in an error.
pub fn read_lookml_dir(dir: &Path, shown: &Path) -> Result<LookmlFiles> {
    if !dir.is_dir() {
        return Err(SourceError {
            message: format!("{}: no such directory", shown.display()),
            help: Some("give two directories holding LookML projects".into()),
        });
    }
    let read: std::result::Result<Vec<(PathBuf, Vec<u8>)>, SourceError> =
        project::visit_lookml_files(dir, |path| {
            let bytes = std::fs::read(path).map_err(|e| SourceError {
                message: format!("{}: cannot read: {e}", path.display()),
                help: None,
            })?;
            let relative = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
            Ok((relative, bytes))
        })
        .map_err(|e| SourceError {
            message: format!("{}: {e}", shown.display()),
            help: None,
        })?
        .into_iter()
        .collect();
    read
}
