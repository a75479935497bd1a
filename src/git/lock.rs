//! One storyboard writer per repository at a time. The lock is an advisory file lock
//! held for the life of the process, so a killed process never leaves it behind.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::GitError;

/// Held while this process may write the repository; released on drop or death.
#[derive(Debug)]
pub struct RepoLock {
    _file: File,
    pub path: PathBuf,
}

impl RepoLock {
    /// Takes the lock in `state_dir` (created if needed), or says who holds it.
    pub fn acquire(state_dir: &Path) -> Result<RepoLock, GitError> {
        std::fs::create_dir_all(state_dir).map_err(|e| {
            GitError::other(
                format!("cannot create {}", state_dir.display()),
                e.to_string(),
            )
        })?;
        let path = state_dir.join("lock");
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| {
                GitError::other(format!("cannot open {}", path.display()), e.to_string())
            })?;
        // A holder that is finishing lets go within moments, as does a child
        // process between its fork and its exec (it holds a copy of the locked
        // descriptor meanwhile): wait that long before saying who holds it.
        let mut attempt = file.try_lock();
        for wait in [10, 20, 50, 100, 200, 400, 800] {
            if !matches!(attempt, Err(std::fs::TryLockError::WouldBlock)) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(wait));
            attempt = file.try_lock();
        }
        match attempt {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                let holder = holder.trim();
                return Err(GitError::other(
                    "another storyboard is changing this repository".to_string(),
                    format!(
                        "{}; wait for it to finish, then run this again",
                        if holder.is_empty() {
                            "it holds the lock".to_string()
                        } else {
                            format!("process {holder} holds the lock")
                        }
                    ),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(GitError::other(
                    format!("cannot lock {}", path.display()),
                    e.to_string(),
                ));
            }
        }
        let _ = file.set_len(0);
        let _ = write!(file, "{}", std::process::id());
        if let Some(git_dir) = state_dir.parent() {
            clear_stale_ref_locks(&git_dir.join("refs").join("storyboard"));
        }
        Ok(RepoLock { _file: file, path })
    }
}

/// Removes the ref lock files a killed storyboard left under its own refs.
/// Only storyboard writes `refs/storyboard/`, and only while holding the lock
/// just taken, so any lock file there belongs to a process that is gone; left
/// in place, it would refuse every later update of that ref.
fn clear_stale_ref_locks(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => clear_stale_ref_locks(&path),
            Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "lock") => {
                tracing::warn!("removing a ref lock a killed run left: {}", path.display());
                let _ = std::fs::remove_file(&path);
            }
            _ => {}
        }
    }
}
