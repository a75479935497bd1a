//! Stories: named branches, each in its own worktree, published to the developer's
//! own environment and synced back from it.
//!
//! This is the imperative shell that composes `git` (refs, objects, worktrees,
//! remotes) with `env` (render, unrender) and `deploy` (a source deployed to an
//! environment, which a publish is). Every operation that writes takes the
//! repository lock, writes objects first and moves refs last, and records what it
//! is about to do in a ref (a pending ref, see `crate::refs`) so that a run killed at
//! any point is completed or cleanly undone by the next one.
//!
//! - `name`: branch names from the team's convention, and finding a story by name.
//! - `lifecycle`: new, switch, publish, fetch, finish.
//! - `record`: a story's record (key, branch, base, head), which outlives finish.
//! - `sync`: replaying edits made in Looker on the story, in canonical form.
//! - `status`: what `story list` and the terminal UI show.
//! - `pr`: pushing the story and the compare URL of its pull request.

mod companions;
mod lifecycle;
pub mod name;
mod pr;
mod record;
mod report;
mod sources;
mod status;
mod sync;

use std::path::{Path, PathBuf};

pub use crate::deploy::{Deployment, Resumed};
/// What a publish did: a deployment of a story to your environment.
pub type PublishReport = crate::deploy::DeployReport;
pub use companions::{CompanionFiles, CompanionMade, CompanionPr, CompanionState};
pub(crate) use companions::{companion_containment, marks_in as companion_marks};
pub use lifecycle::{FinishReport, NewReport, SwitchReport};
pub use name::StoryName;
pub use pr::{PrReport, compare_url, pr_title, pull_request_url};
pub use record::StoryRecord;
pub use sources::LookmlFiles;
pub use status::{BranchStatus, CommitLine, EnvironmentStatus, Published, Pushed, StoryStatus};
pub use sync::{Resolve, SyncOutcome, SyncReport};

use crate::config::{Config, Environment};
use crate::deploy::{DeployError, Deployer};
use crate::git::{self, GitError, Id, Remote, RemoteError, Repo, RepoLock};

/// Why a story operation stopped. Nothing was left half-done.
#[derive(Debug, thiserror::Error)]
pub enum StoryError {
    #[error("{0}")]
    Git(#[from] GitError),
    #[error("{0}")]
    Remote(#[from] RemoteError),
    #[error("the render for `{env}` was refused:\n{error}")]
    Render {
        env: String,
        error: crate::env::RenderError,
    },
    #[error("{message}\n  help: {help}")]
    Refused { message: String, help: String },
}

impl From<DeployError> for StoryError {
    fn from(e: DeployError) -> StoryError {
        match e {
            DeployError::Git(e) => StoryError::Git(e),
            DeployError::Remote(e) => StoryError::Remote(e),
            DeployError::Render { env, error } => StoryError::Render { env, error },
            DeployError::Refused { message, help } => StoryError::Refused { message, help },
        }
    }
}

/// The way back, for a story operation run inside a deployment (the
/// companions' commands before a push).
impl From<StoryError> for DeployError {
    fn from(e: StoryError) -> DeployError {
        match e {
            StoryError::Git(e) => DeployError::Git(e),
            StoryError::Remote(e) => DeployError::Remote(e),
            StoryError::Render { env, error } => DeployError::Render { env, error },
            StoryError::Refused { message, help } => DeployError::Refused { message, help },
        }
    }
}

impl StoryError {
    pub(crate) fn refused(message: impl Into<String>, help: impl Into<String>) -> StoryError {
        StoryError::Refused {
            message: message.into(),
            help: help.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoryError>;

use crate::progress::step;
pub use crate::progress::{Progress, Step};

/// The LookML repository the configuration belongs to, and everything stories need
/// to find in it. Cheap to clone and `Send`: each operation opens its own `Repo`.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub config: Config,
    /// The project's directory inside the repository (where `storyboard.toml` is).
    prefix: PathBuf,
    /// The main repository's git directory, shared by every worktree.
    git_dir: PathBuf,
    /// The main checkout's directory name and a hash of its git directory's
    /// path, to group this repository's worktrees apart from any other's.
    repo_name: String,
}

impl Workspace {
    /// The workspace of the repository holding the team file, whether `config` was
    /// found in the main checkout or in a story's worktree.
    pub fn open(config: Config) -> Result<Workspace> {
        let project_dir = config
            .team_file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let here = Repo::discover(&project_dir)?;
        let workdir = here.workdir().map(Path::to_path_buf).ok_or_else(|| {
            StoryError::refused(
                format!("{} is in a bare repository", project_dir.display()),
                "run storyboard in a clone with a working tree",
            )
        })?;
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let prefix = canonical(&project_dir)
            .strip_prefix(canonical(&workdir))
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let main = here.main()?;
        let git_dir = main.common_dir().to_path_buf();
        // The checkout's name, and a hash of where its git directory is: two
        // clones called `looker` keep their worktrees apart.
        let dir_name = main
            .workdir()
            .and_then(|w| {
                canonical(w)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "repository".to_string());
        let where_ = canonical(&git_dir);
        let hash = xxhash_rust::xxh3::xxh3_64(where_.to_string_lossy().as_bytes());
        let repo_name = format!("{dir_name}-{:08x}", hash >> 32);
        Ok(Workspace {
            config,
            prefix,
            git_dir,
            repo_name,
        })
    }

    /// The main repository.
    pub fn repo(&self) -> Result<Repo> {
        Ok(Repo::open(&self.git_dir)?)
    }

    /// Deploys to this configuration's environments from `repo`.
    pub(crate) fn deployer<'a>(&'a self, repo: &'a Repo) -> Deployer<'a> {
        Deployer::new(repo, &self.config, &self.prefix)
    }

    /// Where storyboard keeps its own state: inside the git directory, so it goes
    /// wherever the repository goes and never shows as a change.
    pub fn state_dir(&self) -> PathBuf {
        self.git_dir.join("storyboard")
    }

    pub(crate) fn lock(&self) -> Result<RepoLock> {
        Ok(RepoLock::acquire(&self.state_dir())?)
    }

    /// The project's directory inside the repository.
    pub fn prefix(&self) -> &Path {
        &self.prefix
    }

    /// Every local branch that follows the story naming convention.
    pub fn stories(&self, repo: &Repo) -> Result<Vec<StoryName>> {
        let user = self.config.personal.user.as_deref();
        Ok(repo
            .refs_under("refs/heads/")?
            .into_iter()
            .filter_map(|(r, _)| {
                let branch = r.strip_prefix("refs/heads/")?;
                name::parse_branch(&self.config.project.story_branch, branch, user)
            })
            .collect())
    }

    /// The story NAME means (branch, key or slug).
    pub fn find(&self, repo: &Repo, wanted: &str) -> Result<StoryName> {
        let stories = self.stories(repo)?;
        let list = |v: &[&StoryName]| {
            v.iter()
                .map(|s| format!("    {}", s.branch))
                .collect::<Vec<_>>()
                .join("\n")
        };
        match name::find(&stories, wanted) {
            name::Found::One(s) => Ok(s.clone()),
            name::Found::Ambiguous(matches) => Err(StoryError::refused(
                format!("`{wanted}` matches several stories:\n{}", list(&matches)),
                "name one of them by its branch",
            )),
            name::Found::None { suggestions } if !suggestions.is_empty() => {
                Err(StoryError::refused(
                    format!(
                        "no story is called `{wanted}`; did you mean:\n{}",
                        list(&suggestions)
                    ),
                    "`storyboard story list` shows every story",
                ))
            }
            name::Found::None { .. } => Err(StoryError::refused(
                format!("no story is called `{wanted}`"),
                "`storyboard story list` shows every story; `storyboard story new KEY SLUG` makes one",
            )),
        }
    }

    /// The story currently published to your environment and worked on.
    pub fn current(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.state_dir().join("current")).ok()?;
        let branch = text.trim();
        (!branch.is_empty()).then(|| branch.to_string())
    }

    fn set_current(&self, branch: Option<&str>) -> Result<()> {
        let dir = self.state_dir();
        let io = |e: std::io::Error| {
            StoryError::from(GitError::other(
                format!("cannot record the current story in {}", dir.display()),
                e.to_string(),
            ))
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        let tmp = dir.join("current.tmp");
        std::fs::write(&tmp, branch.unwrap_or_default()).map_err(io)?;
        std::fs::rename(&tmp, dir.join("current")).map_err(io)
    }

    /// Your development environment: the one made for each developer from a
    /// `{user}` template (`dev-{user}`).
    pub fn dev_environment(&self) -> Result<&Environment> {
        let mine: Vec<&Environment> = self
            .config
            .environments
            .iter()
            .filter(|e| e.template.is_some() && !self.config.stages.contains(&e.name))
            .collect();
        match mine.as_slice() {
            [one] => Ok(one),
            [] => Err(StoryError::refused(
                "there is no development environment for you",
                match &self.config.personal.user {
                    None => {
                        "set `user` in your personal config.toml so that `dev-{user}` becomes yours"
                            .to_string()
                    }
                    Some(_) => format!(
                        "add an [environment.\"dev-{{user}}\"] to {}",
                        self.config.team_file.display()
                    ),
                },
            )),
            _ => Err(StoryError::refused(
                format!(
                    "several environments are made per developer: {}",
                    mine.iter()
                        .map(|e| e.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "keep one `{user}` environment outside the pipeline",
            )),
        }
    }

    /// Where a story's worktree goes.
    pub fn worktree_path(&self, story: &StoryName) -> PathBuf {
        let base = self.config.personal.worktrees.clone().unwrap_or_else(|| {
            directories::ProjectDirs::from("", "", "storyboard")
                .map(|d| d.data_dir().join("worktrees"))
                .unwrap_or_else(|| self.git_dir.join("storyboard").join("worktrees"))
        });
        base.join(&self.repo_name)
            .join(worktree_name(&story.branch))
    }

    /// The worktree a branch is checked out in, if any.
    pub fn worktree_of(&self, repo: &Repo, branch: &str) -> Result<Option<git::Worktree>> {
        let full = format!("refs/heads/{branch}");
        Ok(repo
            .worktrees()?
            .into_iter()
            .find(|w| w.branch.as_deref() == Some(full.as_str())))
    }

    /// The project directory inside a story's worktree.
    pub fn project_dir(&self, worktree: &Path) -> PathBuf {
        if self.prefix.as_os_str().is_empty() {
            worktree.to_path_buf()
        } else {
            worktree.join(&self.prefix)
        }
    }

    /// The team remote, and the ref that tracks its main branch here.
    pub(crate) fn team(&self, repo: &Repo) -> (Remote, String) {
        let remote = repo.remote(&self.config.project.remote);
        let main = &self.config.project.main;
        let tracking = if repo.remote_url(&self.config.project.remote).is_some() {
            format!("refs/remotes/{}/{main}", self.config.project.remote)
        } else {
            crate::refs::team(main)
        };
        (remote, tracking)
    }

    /// The latest main known here: the team remote's, else the local branch.
    pub fn main_commit(&self, repo: &Repo) -> Result<Id> {
        let (_, tracking) = self.team(repo);
        if let Some(id) = repo.ref_target(&tracking)? {
            return Ok(id);
        }
        let local = format!("refs/heads/{}", self.config.project.main);
        repo.ref_target(&local)?.ok_or_else(|| {
            StoryError::refused(
                format!("there is no `{}` branch here", self.config.project.main),
                format!(
                    "fetch it from the team remote (`git fetch {} {}`) or fix [project] main",
                    self.config.project.remote, self.config.project.main
                ),
            )
        })
    }

    /// Fetches main, the story records, the release branches, the holds and
    /// the sign-offs from the team remote.
    pub fn fetch_main(&self, repo: &Repo) -> Result<()> {
        let (remote, tracking) = self.team(repo);
        let main = &self.config.project.main;
        let releases = crate::refs::fetch_releases(self.config.project.release_prefix());
        // A release branch the team deleted is no release any more: promotion
        // must not take it from a tracking ref left behind.
        repo.fetch_mirroring(
            &remote,
            &[
                format!("+refs/heads/{main}:{tracking}"),
                crate::refs::fetch_stories(),
                releases.clone(),
                crate::refs::fetch_holds(),
                crate::refs::fetch_acceptances(),
            ],
            &[releases],
        )?;
        Ok(())
    }
}

/// A story's branch as a single path component (worktree directory and name).
fn worktree_name(branch: &str) -> String {
    branch
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect()
}
