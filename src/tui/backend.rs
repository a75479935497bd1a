//! What the terminal UI asks of the rest of storyboard, and the plain data it gets back.
//!
//! The UI never touches git or files itself: every operation is a method of
//! [`Backend`], run on a blocking thread by the runner. The story library implements
//! it; tests drive the UI with events instead, so the UI can be built and checked
//! before (and independently of) the library that feeds it.

use std::fmt;
use std::path::PathBuf;

use super::keys::Action;
use crate::semdiff::Diff;

/// One commit, as a list row shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitLine {
    pub short_id: String,
    pub summary: String,
    pub author: String,
    /// Unix seconds.
    pub time: i64,
}

/// Whether a story's current state is deployed to the developer's environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    No,
    Yes,
    /// Published, but the story has moved on since.
    Stale,
}

/// Whether a story's branch is on the team remote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    No,
    Yes,
    /// Pushed, with this many local commits not pushed yet.
    Ahead(usize),
}

/// A story: a branch named by the team's convention, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRow {
    /// The branch.
    pub name: String,
    pub key: String,
    pub slug: String,
    /// The story checked out in the worktree the UI was opened on.
    pub current: bool,
    pub worktree: Option<PathBuf>,
    /// Commits ahead of and behind `main`.
    pub ahead: usize,
    pub behind: usize,
    /// Files changed in the worktree and not committed.
    pub uncommitted: usize,
    pub last_commit: Option<CommitLine>,
    pub published: Published,
    /// Commits made in Looker's IDE on the environment branch, not synced back yet.
    pub unsynced: usize,
    pub pushed: Pushed,
    pub merged: bool,
}

/// A local branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchRow {
    pub name: String,
    pub is_story: bool,
    pub head: CommitLine,
    /// Commits ahead of and behind its upstream, when it has one.
    pub upstream: Option<(usize, usize)>,
}

/// An environment and what is deployed on it, read from its branch's trailers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentRow {
    pub name: String,
    pub branch: String,
    pub remote: String,
    pub protected: bool,
    /// Short id of the canonical commit the current deployment was rendered from.
    pub source: Option<String>,
    /// The story that commit belongs to, when it is one.
    pub story: Option<String>,
    /// Unix seconds.
    pub deployed_at: Option<i64>,
    /// Commits made on the environment branch since the deployment.
    pub edits_since: usize,
    /// What there is to know when nothing was deployed by storyboard: the remote was
    /// never fetched, or the branch holds no storyboard deployment yet. A state to
    /// show, not a failure.
    pub note: Option<String>,
}

/// How far a background operation has got. `total` is `None` while unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: usize,
    pub total: Option<usize>,
}

/// A failed operation, with the full message the user needs to act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendError {
    pub message: String,
}

impl BackendError {
    pub fn new(message: impl Into<String>) -> BackendError {
        BackendError {
            message: message.into(),
        }
    }
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BackendError {}

/// A one-line account of what an operation did, for the status line.
pub type Done = Result<String, BackendError>;

/// An operation the UI runs in the background: the action bound to its key, and
/// what it acts on (the story for switch and publish; the key and slug of a new
/// story).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub action: Action,
    pub args: Vec<String>,
}

impl Operation {
    pub fn new(action: Action, args: Vec<String>) -> Operation {
        Operation { action, args }
    }

    /// The `i`th argument, empty when absent.
    pub fn arg(&self, i: usize) -> &str {
        self.args.get(i).map(String::as_str).unwrap_or_default()
    }
}

/// The operations behind the UI's effects. Every method blocks (git2 does) and runs
/// on its own thread; `progress` may be called any number of times, from that thread.
pub trait Backend: Send + Sync + 'static {
    fn load_stories(&self, progress: &dyn Fn(Progress)) -> Result<Vec<StoryRow>, BackendError>;
    fn load_branches(&self, progress: &dyn Fn(Progress)) -> Result<Vec<BranchRow>, BackendError>;
    fn load_environments(
        &self,
        progress: &dyn Fn(Progress),
    ) -> Result<Vec<EnvironmentRow>, BackendError>;
    /// The story's semantic diff against where it branched from `main`, including
    /// uncommitted work in its worktree.
    fn story_diff(&self, story: &str, progress: &dyn Fn(Progress)) -> Result<Diff, BackendError>;
    /// Runs an operation: a switch, a publish, a sync, a fetch, a new story.
    fn run(&self, operation: &Operation, progress: &dyn Fn(Progress)) -> Done;
}
