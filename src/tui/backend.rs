//! What the terminal UI asks of the rest of storyboard, and the plain data it gets back.
//!
//! The UI never touches git or files itself: every operation is a method of
//! [`Backend`], run on a blocking thread by the runner. The story library implements
//! it; tests drive the UI with events instead, so the UI can be built and checked
//! before (and independently of) the library that feeds it.

use std::fmt;

use super::keys::Action;
use crate::semdiff::Diff;

/// The board of the Pipeline pane: `storyboard status`'s.
pub use crate::pipeline::Board;

// The rows the lists show are the library's status rows: one type each, for
// `story list`, `status` and the UI alike. A story's `worktree` is its project
// directory there (where files change), as the backend hands it over.
pub use crate::story::{
    BranchStatus as BranchRow, CommitLine, EnvironmentStatus as EnvironmentRow, Published, Pushed,
    StoryStatus as StoryRow,
};

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

/// One way to go on from a preview: the key that takes it, what it does, and
/// the operation it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub key: char,
    pub label: String,
    pub operation: Operation,
    /// The operation is planned and previewed again rather than run (a paused
    /// rollback's `continue` shows the rollback it makes before it is pushed).
    pub previews: bool,
}

impl Choice {
    /// A choice that runs `action` on `args` when taken.
    pub fn new(key: char, label: &str, action: Action, args: &[&str]) -> Choice {
        Choice {
            key,
            label: label.to_string(),
            operation: Operation::new(action, args.iter().map(|a| a.to_string()).collect()),
            previews: false,
        }
    }
}

/// What a write will do, shown before it is done (or a read shown whole, like
/// a stage's history, with no choice): the same text the command line prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub title: String,
    pub text: String,
    /// The first is what `y` and `enter` take; none means there is nothing to
    /// do, and the preview only informs.
    pub choices: Vec<Choice>,
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
    /// The pipeline board, as `storyboard status` shows it.
    fn load_board(&self, progress: &dyn Fn(Progress)) -> Result<Board, BackendError>;
    /// What an operation would do, before anything is written: the plan of a
    /// promotion, a release cut or a rollback, or a stage's history. The
    /// choices' operations run the very plan shown.
    fn preview(
        &self,
        request: &Operation,
        progress: &dyn Fn(Progress),
    ) -> Result<Preview, BackendError>;
    /// Runs an operation: a switch, a publish, a sync, a fetch, a new story, or
    /// a plan previewed before.
    fn run(&self, operation: &Operation, progress: &dyn Fn(Progress)) -> Done;
}
