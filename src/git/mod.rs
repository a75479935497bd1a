//! The only module that talks to git (through git2). It knows nothing about LookML:
//! it reads and writes trees of files, commits with trailers, refs, worktrees, and
//! fetches and pushes with the credentials plain git would use.

mod local_push;
mod lock;
mod log_cache;
mod remote;
mod repo;
mod tls;
mod worktree;

use std::fmt;

pub use lock::RepoLock;
pub use log_cache::LogCache;
pub use remote::{Expected, Remote, RemoteError};
pub use repo::{Commit, Conflict, Id, LogEntry, Merged, NewCommit, Person, Repo};
pub use tls::start_libgit2_before_threads;
pub use worktree::{UpdateRefused, Worktree};

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
        self.map_err(|source| {
            let raw = source.message().to_string();
            // A lock file in the way is git's own state, and whether it is
            // stale only the user can tell: say which file and what to do.
            let message = if source.code() == git2::ErrorCode::Locked
                || raw.contains("failed to lock file")
            {
                format!(
                    "a git lock file is in the way: {raw}\n  help: a git command may be running in this repository; if none is, a killed process left the file behind: remove it and run this again (nothing was changed)"
                )
            } else {
                raw
            };
            GitError {
                context: what(),
                message,
                source: Some(source),
            }
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

/// Whether git accepts `name` as a branch name.
pub fn is_valid_branch_name(name: &str) -> bool {
    git2::Reference::is_valid_name(&format!("refs/heads/{name}"))
}
