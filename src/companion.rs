//! Companion repositories as a clone sees them: another repository of the
//! same stories (the warehouse's schema, the ETL), cloned beside the LookML
//! clone, with a deploy command of its own.
//!
//! This module knows the clone and the command and nothing of the pipeline:
//! fetching the companion's main and release branches into refs of its own,
//! reading the revisions they name, pushing a branch that must not exist yet,
//! and running a command as argv (no shell), its output streamed line by line
//! and its last lines kept for the error that names it.
//!
//! Commands are idempotent by contract: a promotion killed while one ran is
//! completed by the next run, which runs it again with the same revision.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;

use crate::config::{Companion, Config};
use crate::git::{Expected, Id, RemoteError, Repo};
use crate::progress::{Progress, output_line};
use crate::refs;

/// How many of a failed command's last lines its error quotes.
const TAIL: usize = 30;

/// A companion and its clone.
pub struct CompanionClone {
    pub companion: Companion,
    pub path: PathBuf,
    pub repo: Repo,
}

/// Why a companion could not be used or its command failed.
#[derive(Debug, thiserror::Error)]
pub enum CompanionError {
    #[error(
        "companion `{name}` is not cloned at {path}\n  help: clone it (`git clone {remote} {path}`), or say where it is in the personal file: [companions] {name} = \"DIR\""
    )]
    Missing {
        name: String,
        path: String,
        remote: String,
    },
    #[error("companion `{name}`: {error}")]
    Git {
        name: String,
        error: crate::git::GitError,
    },
    #[error("companion `{name}`: {error}")]
    Remote {
        name: String,
        error: Box<RemoteError>,
    },
    #[error("{message}\n  help: {help}")]
    Refused { message: String, help: String },
}

pub type Result<T> = std::result::Result<T, CompanionError>;

impl CompanionClone {
    /// The clone of `companion` for the LookML clone whose main checkout is
    /// `workdir`.
    pub fn open(config: &Config, workdir: &Path, companion: &Companion) -> Result<CompanionClone> {
        let path = config.companion_path(workdir, &companion.name);
        let repo = Repo::open(&path).map_err(|_| CompanionError::Missing {
            name: companion.name.clone(),
            path: path.display().to_string(),
            remote: companion.remote.clone(),
        })?;
        Ok(CompanionClone {
            companion: companion.clone(),
            path,
            repo,
        })
    }

    /// Takes storyboard's lock of the companion's clone for a write (a fetch,
    /// a pending ref, a push): ref lock files a killed run left under its
    /// `refs/storyboard/` are cleared, as in the LookML clone.
    pub fn lock(&self) -> Result<crate::git::RepoLock> {
        crate::git::RepoLock::acquire(&self.repo.common_dir().join("storyboard"))
            .map_err(|e| self.git(e))
    }

    fn git(&self, error: crate::git::GitError) -> CompanionError {
        CompanionError::Git {
            name: self.companion.name.clone(),
            error,
        }
    }

    /// Fetches the companion's main and its release branches (those whose
    /// name starts with `release_prefix`) into refs of storyboard's own.
    pub fn fetch(&self, release_prefix: &str) -> Result<()> {
        let remote = self.repo.remote(&self.companion.remote);
        let main = &self.companion.main;
        let releases = refs::fetch_releases(release_prefix);
        self.repo
            .fetch_mirroring(
                &remote,
                &[
                    format!("+refs/heads/{main}:{}", refs::companion_main(main)),
                    releases.clone(),
                ],
                &[releases],
            )
            .map_err(|error| CompanionError::Remote {
                name: self.companion.name.clone(),
                error: Box::new(error),
            })
    }

    /// The companion's main as last fetched.
    pub fn main_rev(&self) -> Result<Id> {
        let main = &self.companion.main;
        self.repo
            .ref_target(&refs::companion_main(main))
            .map_err(|e| self.git(e))?
            .ok_or_else(|| CompanionError::Refused {
                message: format!(
                    "companion `{}` has no branch `{main}` on {}",
                    self.companion.name, self.companion.remote
                ),
                help: format!(
                    "push its main there, or set `main` in [companion.{}]",
                    self.companion.name
                ),
            })
    }

    /// The release branch `name` of the companion's remote, as last fetched.
    pub fn release_rev(&self, name: &str) -> Result<Option<Id>> {
        self.repo
            .ref_target(&refs::release(name))
            .map_err(|e| self.git(e))
    }

    /// A local branch of the clone (a story's), if it exists.
    pub fn branch_rev(&self, branch: &str) -> Result<Option<Id>> {
        self.repo
            .ref_target(&format!("refs/heads/{branch}"))
            .map_err(|e| self.git(e))
    }

    /// Pushes `id` as the new branch `branch` of the companion's remote,
    /// never over an existing one. A branch already there at `id` (a run
    /// killed after pushing it) is no error; at another commit, it is.
    pub fn push_new_branch(&self, branch: &str, id: Id) -> Result<bool> {
        let remote = self.repo.remote(&self.companion.remote);
        let target = format!("refs/heads/{branch}");
        match self
            .repo
            .push_expecting(&remote, id, &target, Expected::Absent)
        {
            Ok(()) => Ok(true),
            Err(RemoteError::Rejected { .. }) => {
                self.fetch(branch)?;
                match self.release_rev(branch)? {
                    Some(there) if there == id => Ok(false),
                    there => Err(CompanionError::Refused {
                        message: format!(
                            "companion `{}` has a branch `{branch}` already, at {} rather than {}",
                            self.companion.name,
                            there.map_or_else(|| "an unknown commit".to_string(), |t| t.short()),
                            id.short()
                        ),
                        help: "nothing was pushed over it: choose another release name, or remove that branch if it is a mistake".to_string(),
                    }),
                }
            }
            Err(error) => Err(CompanionError::Remote {
                name: self.companion.name.clone(),
                error: Box::new(error),
            }),
        }
    }

    /// Runs `command` (an argv list with placeholders) for `env` and `rev`
    /// in the clone's directory, streaming each line of its output to
    /// `progress` as `NAME: line`. A failure quotes the last lines.
    pub fn run(
        &self,
        what: &str,
        command: &[String],
        env: &str,
        rev: Id,
        progress: Progress<'_>,
    ) -> Result<()> {
        let name = &self.companion.name;
        let argv = Companion::argv(command, env, &rev.to_string(), &self.path);
        let (program, args) = argv.split_first().ok_or_else(|| CompanionError::Refused {
            message: format!("companion `{name}` has an empty {what} command"),
            help: format!("set `{what}` in [companion.{name}]"),
        })?;
        output_line(progress, format!("{name}: $ {}", argv.join(" ")));
        let mut child = Command::new(program)
            .args(args)
            .current_dir(&self.path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| CompanionError::Refused {
                message: format!("companion `{name}`: cannot run `{program}`: {e}"),
                help: format!(
                    "fix `{what}` in [companion.{name}] of storyboard.toml; it runs without a shell, in {}",
                    self.path.display()
                ),
            })?;
        // Both streams read at once, so neither fills its pipe and stalls
        // the command; lines reach the user in the order they come.
        let (tx, rx) = mpsc::channel::<String>();
        let readers: Vec<_> = [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        .map(|stream| {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).split(b'\n').map_while(|l| l.ok()) {
                    let text = String::from_utf8_lossy(&line).trim_end().to_string();
                    if tx.send(text).is_err() {
                        break;
                    }
                }
            })
        })
        .collect();
        drop(tx);
        let mut tail: Vec<String> = Vec::new();
        for line in rx {
            output_line(progress, format!("{name}: {line}"));
            tail.push(line);
            if tail.len() > TAIL {
                tail.remove(0);
            }
        }
        for r in readers {
            let _ = r.join();
        }
        let status = child.wait().map_err(|e| CompanionError::Refused {
            message: format!("companion `{name}`: waiting for `{program}`: {e}"),
            help: "run the command again".to_string(),
        })?;
        if status.success() {
            return Ok(());
        }
        let code = status
            .code()
            .map_or_else(|| "killed by a signal".to_string(), |c| format!("exit {c}"));
        let quoted = if tail.is_empty() {
            "  (no output)".to_string()
        } else {
            tail.iter()
                .map(|l| format!("  | {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        Err(CompanionError::Refused {
            message: format!(
                "companion `{name}`: its {what} command failed for {env} at {} ({code}):\n  $ {}\n{quoted}",
                rev.short(),
                argv.join(" ")
            ),
            help: format!(
                "nothing of the LookML was pushed; fix what `{name}` reports, then run the same storyboard command again (companions already deployed run again: their commands must be idempotent)"
            ),
        })
    }
}

impl From<CompanionError> for crate::deploy::DeployError {
    fn from(e: CompanionError) -> Self {
        match e {
            CompanionError::Refused { message, help } => {
                crate::deploy::DeployError::Refused { message, help }
            }
            CompanionError::Remote { error, .. } => crate::deploy::DeployError::Remote(*error),
            other => crate::deploy::DeployError::Refused {
                message: other.to_string(),
                help: "see above".to_string(),
            },
        }
    }
}

impl From<CompanionError> for crate::story::StoryError {
    fn from(e: CompanionError) -> Self {
        crate::deploy::DeployError::from(e).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_inside_arguments_and_stay_one_argument() {
        let argv = Companion::argv(
            &[
                "make".to_string(),
                "-C".to_string(),
                "{path}".to_string(),
                "ENV={env}".to_string(),
                "REV={rev}; rm -rf /".to_string(),
                "{other}".to_string(),
            ],
            "acceptance",
            "abc",
            Path::new("/w h"),
        );
        assert_eq!(
            argv,
            [
                "make",
                "-C",
                "/w h",
                "ENV=acceptance",
                "REV=abc; rm -rf /",
                "{other}"
            ]
        );
    }
}
