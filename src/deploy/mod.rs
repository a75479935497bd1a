//! Deployments: a source (a story, a branch, a release, a commit) rendered for an
//! environment and written as a new commit on that environment's branch, straight
//! into the object database, with trailers saying what it was rendered from.
//! Never a force-push. Stories publish through this layer, and the pipeline
//! promotes and rolls back through it.
//!
//! A deployment is render → commit → push. The commit is recorded in a pending
//! ref (`refs::pending`) before the push, so a run killed after it is completed
//! by the next one (pushed if the environment has not moved, dropped if it has);
//! a run killed before it leaves only unreferenced objects behind. The caller
//! holds the repository lock.
//!
//! What an environment holds, and its history, are read back from the same
//! trailers: git is the database.

mod render;

use std::path::{Path, PathBuf};

use crate::config::{Config, Environment};
use crate::env::RenderError;
use crate::fileset::FileSet;
use crate::git::{self, Commit, GitError, Id, NewCommit, RemoteError, Repo};
use crate::progress::{Progress, step};
use crate::refs;

pub use render::render_fingerprint;

pub const SOURCE_TRAILER: &str = "Storyboard-Source";
pub const ENVIRONMENT_TRAILER: &str = "Storyboard-Environment";
pub const STORY_TRAILER: &str = "Storyboard-Story";
/// What kind of source was deployed when it is not a story (`branch`,
/// `release`, `commit`) and its name.
pub const REF_TRAILER: &str = "Storyboard-Ref";
/// Who promoted a deployment to a shared stage (`Name <email>`).
pub const PROMOTED_BY_TRAILER: &str = "Storyboard-Promoted-By";
/// A fingerprint of the transform and of this program, so that a deployment is only
/// reused as the base of the next render when both are unchanged.
pub const RENDER_TRAILER: &str = "Storyboard-Render";
/// One per companion repository: `NAME=SHA`, the companion's revision that
/// went out with this deployment (its deploy command ran before the push).
pub const COMPANION_TRAILER: &str = "Storyboard-Companion";

/// A hook run after the deployment commit is recorded as pending and before
/// it is pushed: the companions' deploy commands.
pub type BeforePush<'a> = &'a dyn Fn(Id) -> Result<()>;

/// Why a deployment stopped. Nothing was left half-done.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error("{0}")]
    Git(#[from] GitError),
    #[error("{0}")]
    Remote(#[from] RemoteError),
    #[error("the render for `{env}` was refused:\n{error}")]
    Render { env: String, error: RenderError },
    #[error("{message}\n  help: {help}")]
    Refused { message: String, help: String },
}

pub type Result<T> = std::result::Result<T, DeployError>;

/// What is deployed: a canonical commit, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub commit: Id,
    pub kind: SourceKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// A story, by its branch.
    Story(String),
    /// A branch (main, or any other).
    Branch(String),
    /// A release branch.
    Release(String),
    /// A commit named by nothing else.
    Commit,
}

impl Source {
    pub fn story(commit: Id, branch: &str) -> Source {
        Source {
            commit,
            kind: SourceKind::Story(branch.to_string()),
        }
    }

    /// What to call the source in messages and reports.
    pub fn label(&self) -> String {
        match &self.kind {
            SourceKind::Story(name) | SourceKind::Branch(name) | SourceKind::Release(name) => {
                name.clone()
            }
            SourceKind::Commit => self.commit.short(),
        }
    }

    /// The story's branch, when the source is a story.
    pub fn story_branch(&self) -> Option<&str> {
        match &self.kind {
            SourceKind::Story(b) => Some(b),
            _ => None,
        }
    }

    /// The trailers that say what the source is, besides its commit.
    fn trailers(&self) -> String {
        match &self.kind {
            SourceKind::Story(b) => format!("{STORY_TRAILER}: {b}\n"),
            SourceKind::Branch(b) => format!("{REF_TRAILER}: branch {b}\n"),
            SourceKind::Release(r) => format!("{REF_TRAILER}: release {r}\n"),
            SourceKind::Commit => String::new(),
        }
    }
}

/// A commit on an environment's branch made by a deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    pub commit: Commit,
    /// The canonical commit it was rendered from.
    pub source: Id,
    pub story: Option<String>,
    pub render: Option<String>,
    /// What the source was: a story's branch, `main`, a release branch; `None`
    /// for a bare commit.
    pub source_ref: Option<String>,
    /// Who promoted it, when it was a promotion.
    pub promoted_by: Option<String>,
    /// Each companion's revision deployed with it, in deploy order.
    pub companions: Vec<(String, Id)>,
}

/// The companions' revisions a deployment commit records.
pub fn companions_of(commit: &Commit) -> Vec<(String, Id)> {
    commit
        .trailers(COMPANION_TRAILER)
        .iter()
        .filter_map(|v| {
            let (name, sha) = v.trim().split_once('=')?;
            Some((name.trim().to_string(), sha.trim().parse().ok()?))
        })
        .collect()
}

impl Deployment {
    /// The deployment `commit` is, if it is one for `env`.
    pub fn of(commit: &Commit, env: &str) -> Option<Deployment> {
        if commit.trailer(ENVIRONMENT_TRAILER)?.trim() != env {
            return None;
        }
        let source = commit.trailer(SOURCE_TRAILER)?.trim().parse().ok()?;
        let story = commit.trailer(STORY_TRAILER).map(|s| s.trim().to_string());
        // `Storyboard-Ref: branch main` / `release release/2026-12-06`.
        let named = commit.trailer(REF_TRAILER).and_then(|r| {
            r.trim()
                .split_once(' ')
                .map(|(_, name)| name.trim().to_string())
        });
        Some(Deployment {
            commit: commit.clone(),
            source,
            source_ref: story.clone().or(named),
            story,
            render: commit.trailer(RENDER_TRAILER).map(|s| s.trim().to_string()),
            promoted_by: commit
                .trailer(PROMOTED_BY_TRAILER)
                .map(|s| s.trim().to_string()),
            companions: companions_of(commit),
        })
    }

    /// Who made the deployment: who promoted it, else its committer.
    pub fn by(&self) -> String {
        self.promoted_by.clone().unwrap_or_else(|| {
            format!(
                "{} <{}>",
                self.commit.committer.name, self.commit.committer.email
            )
        })
    }

    /// When it was made, as the committer's clock said.
    pub fn at(&self) -> crate::calendar::Moment {
        crate::calendar::Moment {
            seconds: self.commit.committer.time,
            offset_minutes: self.commit.committer.offset_minutes,
        }
    }
}

/// An environment's branch as last fetched: its tip, its last deployment, and the
/// commits made after that deployment (edits in Looker), oldest first.
#[derive(Debug, Clone, Default)]
pub struct EnvState {
    pub environment: String,
    pub tip: Option<Id>,
    pub last: Option<Deployment>,
    pub after: Vec<Commit>,
}

/// How far back to look for the last deployment before giving up.
const HISTORY_LIMIT: usize = 100_000;

/// The state of `env`'s branch whose tip is `tip`. A sync point kept here
/// (`refs::synced`, a deployment on top of exactly this tip, never pushed
/// because it changed no file) counts as the last deployment.
pub fn env_state(repo: &Repo, env: &Environment, tip: Option<Id>) -> Result<EnvState> {
    let mut state = EnvState {
        environment: env.name.clone(),
        tip,
        ..EnvState::default()
    };
    if let Some(mark) = repo.ref_target(&refs::synced(&env.name))? {
        let commit = repo.commit(mark)?;
        if tip.is_some()
            && commit.parents.first().copied() == tip
            && let Some(d) = Deployment::of(&commit, &env.name)
        {
            state.last = Some(d);
            return Ok(state);
        }
    }
    let mut next = tip;
    let mut seen = Vec::new();
    while let Some(id) = next {
        if seen.len() >= HISTORY_LIMIT {
            break;
        }
        let commit = repo.commit(id)?;
        if let Some(d) = Deployment::of(&commit, &env.name) {
            state.last = Some(d);
            break;
        }
        next = commit.parents.first().copied();
        seen.push(commit);
    }
    if state.last.is_some() {
        seen.reverse();
        state.after = seen;
    }
    Ok(state)
}

/// What a deployment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployReport {
    pub environment: String,
    /// What was deployed, as [`Source::label`] names it.
    pub story: String,
    pub source: Id,
    /// The deployment commit; `None` when the environment already had this source.
    pub commit: Option<Id>,
    /// Files rendered: all of them, or only what changed since the last deployment.
    pub rendered: usize,
    pub incremental: bool,
    /// An interrupted deployment found and dealt with first.
    pub resumed: Option<Resumed>,
    /// Files with uncommitted changes where the source is worked on (a
    /// story's worktree): not deployed, since only commits are.
    pub uncommitted: usize,
    /// What the environment's Looker instance was told, when it has one.
    pub looker: Option<LookerStep>,
}

impl LookerStep {
    /// What happened, for people: a line, or an error with what to do.
    pub fn describe(&self, env: &str) -> String {
        match self {
            LookerStep::Deployed {
                commit,
                models_created,
            } => {
                let mut s = format!("Looker deployed {} on {env}", commit.short());
                if !models_created.is_empty() {
                    s.push_str(&format!(
                        " (model configurations created: {})",
                        models_created.join(", ")
                    ));
                }
                s + "\n"
            }
            LookerStep::Failed { commit, why } => format!(
                "error: {} is pushed to {env}, but Looker did not deploy it: {why}\n  help: run the same command again: it retries the Looker step only\n",
                commit.short()
            ),
        }
    }
}

/// Telling Looker to deploy, after the push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookerStep {
    Deployed {
        commit: Id,
        models_created: Vec<String>,
    },
    /// The push stands; Looker did not deploy it, and why.
    Failed { commit: Id, why: String },
}

impl std::fmt::Display for DeployReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(resumed) = &self.resumed {
            writeln!(f, "{resumed}")?;
        }
        match self.commit {
            Some(c) => writeln!(
                f,
                "published {} ({}) to {} as {} ({} file(s) rendered{})",
                self.story,
                self.source.short(),
                self.environment,
                c.short(),
                self.rendered,
                if self.incremental {
                    ", the rest kept"
                } else {
                    ""
                }
            ),
            None => writeln!(
                f,
                "{} already has {} ({})",
                self.environment,
                self.story,
                self.source.short()
            ),
        }?;
        if let Some(step) = &self.looker {
            write!(f, "{}", step.describe(&self.environment))?;
        }
        if self.uncommitted > 0 {
            writeln!(
                f,
                "warning: {} file(s) with uncommitted changes in the story's worktree are not in it: only commits are published",
                self.uncommitted
            )?;
        }
        Ok(())
    }
}

/// What became of a deployment a killed run left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resumed {
    Completed { commit: Id },
    Dropped { commit: Id, why: String },
}

impl std::fmt::Display for Resumed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Resumed::Completed { commit } => {
                write!(
                    f,
                    "completed an interrupted deployment ({})",
                    commit.short()
                )
            }
            Resumed::Dropped { commit, why } => {
                write!(
                    f,
                    "dropped an interrupted deployment ({}): {why}",
                    commit.short()
                )
            }
        }
    }
}

/// An environment fetched and ready to deploy to.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub state: EnvState,
    /// An interrupted deployment completed or dropped on the way.
    pub resumed: Option<Resumed>,
    /// The environment tip whose edits were just synced back: up to it, commits
    /// after the last deployment are no reason to refuse.
    pub synced: Option<Id>,
}

/// Deploys to the environments of one configuration, in one repository whose
/// project lives at `prefix`.
pub struct Deployer<'a> {
    repo: &'a Repo,
    config: &'a Config,
    prefix: &'a Path,
    /// Who promotes, for the `Storyboard-Promoted-By` trailer.
    promoter: Option<String>,
    /// One more trailer line (`Storyboard-Rollback: KEY`).
    extra: Option<String>,
    /// The companions' revisions to record, and what runs their deploy
    /// commands once the deployment is pending and before it is pushed.
    companions: Vec<(String, Id)>,
    before_push: Option<BeforePush<'a>>,
}

impl<'a> Deployer<'a> {
    pub fn new(repo: &'a Repo, config: &'a Config, prefix: &'a Path) -> Deployer<'a> {
        Deployer {
            repo,
            config,
            prefix,
            promoter: None,
            extra: None,
            companions: Vec::new(),
            before_push: None,
        }
    }

    /// The same deployer, recording `companions` in each deployment and
    /// running `before_push` between the pending ref and the push, so that
    /// the LookML goes out only after every companion did.
    pub fn with_companions(
        self,
        companions: Vec<(String, Id)>,
        before_push: Option<BeforePush<'a>>,
    ) -> Deployer<'a> {
        Deployer {
            companions,
            before_push,
            ..self
        }
    }

    /// The same deployer, adding `trailer` (a whole `Key: value` line) to each
    /// deployment commit.
    pub fn with_trailer(self, trailer: Option<String>) -> Deployer<'a> {
        Deployer {
            extra: trailer,
            ..self
        }
    }

    /// The same deployer, writing deployments as promotions by `who`.
    pub fn promoting(self, who: String) -> Deployer<'a> {
        Deployer {
            promoter: Some(who),
            ..self
        }
    }

    /// Fetches an environment's branch and reads its state.
    pub fn fetch(&self, env: &Environment) -> Result<EnvState> {
        let remote = self.repo.remote(&env.remote);
        self.repo.fetch(
            &remote,
            &[format!(
                "+refs/heads/{}:{}",
                env.branch,
                refs::environment(&env.name)
            )],
        )?;
        self.state(env)
    }

    /// An environment's state as last fetched, without the network.
    pub fn state(&self, env: &Environment) -> Result<EnvState> {
        let tip = self.repo.ref_target(&refs::environment(&env.name))?;
        env_state(self.repo, env, tip)
    }

    /// The last `limit` deployments to `env` (as last fetched), newest first.
    pub fn history(&self, env: &Environment, limit: usize) -> Result<Vec<Deployment>> {
        let mut next = self.repo.ref_target(&refs::environment(&env.name))?;
        let mut found = Vec::new();
        let mut walked = 0;
        while let Some(id) = next {
            if found.len() >= limit || walked >= HISTORY_LIMIT {
                break;
            }
            let commit = self.repo.commit(id)?;
            if let Some(d) = Deployment::of(&commit, &env.name) {
                found.push(d);
            }
            next = commit.parents.first().copied();
            walked += 1;
        }
        Ok(found)
    }

    /// Completes or drops a deployment a killed run left in its pending ref.
    pub fn resume(&self, env: &Environment) -> Result<Option<Resumed>> {
        let repo = self.repo;
        let pending = refs::pending(&env.name);
        let Some(commit) = repo.ref_target(&pending)? else {
            return Ok(None);
        };
        let state = self.fetch(env)?;
        let parent = repo.commit(commit)?.parents.first().copied();
        let reached = match state.tip {
            Some(tip) => repo.is_ancestor(commit, tip)?,
            None => false,
        };
        let tracking = refs::environment(&env.name);
        if !reached && state.tip == parent {
            // A promotion with companions pushes only once every companion's
            // command ran; `promote` runs the rest first (see pipeline).
            let pending_commit = repo.commit(commit)?;
            let waiting: Vec<String> = companions_of(&pending_commit)
                .into_iter()
                .filter(|(name, _)| {
                    repo.ref_target(&refs::companion_ran(&env.name, name))
                        .ok()
                        .flatten()
                        != Some(commit)
                })
                .map(|(name, _)| name)
                .collect();
            if !waiting.is_empty() {
                return Err(DeployError::Refused {
                    message: format!(
                        "an interrupted promotion of `{}` has not run the deploy command of {} yet, so its LookML is not pushed",
                        env.name,
                        waiting.join(", ")
                    ),
                    help: format!(
                        "run `storyboard promote {}`: it runs them, then pushes",
                        env.name
                    ),
                });
            }
        }
        let outcome = if reached {
            // The push went through before the kill (perhaps with commits on top).
            Resumed::Completed { commit }
        } else if state.tip == parent {
            let remote = repo.remote(&env.remote);
            // Only over the tip it was made on, as the interrupted run would have.
            let expected = match parent {
                Some(p) => git::Expected::At(p),
                None => git::Expected::Absent,
            };
            repo.push_expecting(
                &remote,
                commit,
                &format!("refs/heads/{}", env.branch),
                expected,
            )?;
            repo.set_ref(
                &tracking,
                commit,
                state.tip,
                "storyboard: publish (resumed)",
            )
            .or_else(|_| repo.set_ref(&tracking, commit, None, "storyboard: publish (resumed)"))?;
            Resumed::Completed { commit }
        } else {
            Resumed::Dropped {
                commit,
                why: format!("`{}` moved since; deploy again", env.name),
            }
        };
        repo.delete_ref(&pending)?;
        Ok(Some(outcome))
    }

    /// Deploys `source` to `env`: completes an interrupted deployment, fetches
    /// the environment, then [`Deployer::deploy_fetched`].
    pub fn deploy(
        &self,
        env: &Environment,
        source: &Source,
        synced: Option<Id>,
        progress: Progress<'_>,
    ) -> Result<DeployReport> {
        let resumed = self.resume(env)?;
        step(progress, format!("fetching {}", env.name), 0, 3);
        let state = self.fetch(env)?;
        let fetched = Fetched {
            state,
            resumed,
            synced,
        };
        self.deploy_fetched(env, fetched, source, progress)
    }

    /// Deploys `source` to an environment already fetched: refuses to hide edits
    /// not synced back, does nothing when the environment holds it already,
    /// renders (incrementally when it can), commits, records the commit as
    /// pending, pushes without force and moves the tracking ref.
    pub fn deploy_fetched(
        &self,
        env: &Environment,
        fetched: Fetched,
        source: &Source,
        progress: Progress<'_>,
    ) -> Result<DeployReport> {
        let repo = self.repo;
        let Fetched {
            state,
            resumed,
            synced,
        } = fetched;
        let head = source.commit;
        let label = source.label();
        if let Some(last) = &state.last
            && !state.after.is_empty()
            && (synced.is_none() || synced != state.tip)
        {
            return Err(DeployError::Refused {
                message: format!(
                    "`{}` has {} commit(s) made after its last deployment{} that are not synced yet; publishing would hide them",
                    env.name,
                    state.after.len(),
                    last.story
                        .as_deref()
                        .map(|s| format!(" (of {s})"))
                        .unwrap_or_default()
                ),
                help: if self.config.stages.contains(&env.name) {
                    format!(
                        "`{}` is a shared stage: make those edits in a story and release it; to drop them, revert them on its branch `{}` first",
                        env.name, env.branch
                    )
                } else {
                    "run `storyboard story sync` first; if Looker's latest state cannot be brought back, fix it in Looker and sync, or `storyboard story sync --drop-looker-edits` sets the edits aside (kept under refs/storyboard/backup/)".into()
                },
            });
        }
        let fingerprint = render_fingerprint(env, &self.config.environments);
        if let Some(last) = &state.last
            && last.source == head
            && last.story.as_deref() == source.story_branch()
            && last.render.as_deref() == Some(fingerprint.as_str())
            && state.after.is_empty()
            && last.companions == self.companions
        {
            return Ok(DeployReport {
                environment: env.name.clone(),
                story: label,
                source: head,
                commit: None,
                rendered: 0,
                incremental: true,
                resumed,
                uncommitted: 0,
                looker: state.tip.and_then(|tip| self.tell_looker(env, tip)),
            });
        }
        step(
            progress,
            format!("rendering {label} for {}", env.name),
            1,
            3,
        );
        let (tree, rendered, incremental) = self.render_tree(env, &state, head, &fingerprint)?;
        let me = repo.identity()?;
        let promoted = self
            .promoter
            .as_deref()
            .map(|who| format!("{PROMOTED_BY_TRAILER}: {who}\n"))
            .unwrap_or_default()
            + &self
                .extra
                .as_deref()
                .map(|t| format!("{t}\n"))
                .unwrap_or_default();
        let companions: String = self
            .companions
            .iter()
            .map(|(name, rev)| format!("{COMPANION_TRAILER}: {name}={rev}\n"))
            .collect();
        let message = format!(
            "Deploy {label} to {env}\n\nRendered from {short} of {label}.\n\n{SOURCE_TRAILER}: {head}\n{ENVIRONMENT_TRAILER}: {env}\n{kind}{promoted}{companions}{RENDER_TRAILER}: {fingerprint}\n",
            env = env.name,
            short = head.short(),
            kind = source.trailers(),
        );
        let parents: Vec<Id> = state.tip.into_iter().collect();
        let commit = repo.write_commit(&NewCommit {
            tree,
            parents: &parents,
            author: &me,
            committer: &me,
            message: &message,
        })?;
        // Just synced, and the render is what the branch holds: Looker would
        // show an empty "Deploy" commit. The sync point is kept here instead,
        // as a deployment on top of the tip that is never pushed.
        if let Some(tip) = state.tip
            && synced == Some(tip)
            && repo.commit(tip)?.tree == tree
        {
            let mark = refs::synced(&env.name);
            let was = repo.ref_target(&mark)?;
            repo.set_ref(&mark, commit, was, "storyboard: synced")
                .or_else(|_| repo.set_ref(&mark, commit, None, "storyboard: synced"))?;
            return Ok(DeployReport {
                environment: env.name.clone(),
                story: label,
                source: head,
                commit: None,
                rendered,
                incremental,
                resumed,
                uncommitted: 0,
                looker: None,
            });
        }
        let pending = refs::pending(&env.name);
        repo.set_ref(&pending, commit, None, "storyboard: publish")?;
        git::crash_point("publish-after-commit");
        if let Some(before_push) = self.before_push
            && let Err(e) = before_push(commit)
        {
            // Nothing of the LookML went out: the next run plans afresh.
            repo.delete_ref(&pending)?;
            return Err(e);
        }
        step(progress, format!("pushing to {}", env.name), 2, 3);
        let remote = repo.remote(&env.remote);
        // Only over the tip the deployment was made on: a deployment someone
        // else pushed meanwhile is never replaced.
        let expected = match state.tip {
            Some(tip) => git::Expected::At(tip),
            None => git::Expected::Absent,
        };
        if let Err(e) = repo.push_expecting(
            &remote,
            commit,
            &format!("refs/heads/{}", env.branch),
            expected,
        ) {
            repo.delete_ref(&pending)?;
            return Err(e.into());
        }
        repo.set_ref(
            &refs::environment(&env.name),
            commit,
            state.tip,
            "storyboard: publish",
        )?;
        repo.delete_ref(&pending)?;
        step(progress, format!("published to {}", env.name), 3, 3);
        if env.looker.is_some() {
            step(
                progress,
                format!("telling {}'s Looker to deploy", env.name),
                3,
                3,
            );
        }
        Ok(DeployReport {
            environment: env.name.clone(),
            story: label,
            source: head,
            commit: Some(commit),
            rendered,
            incremental,
            resumed,
            uncommitted: 0,
            looker: self.tell_looker(env, commit),
        })
    }

    /// Tells `env`'s Looker instance to deploy `deployment`, unless it has no
    /// Looker or confirmed that very commit already; records what it confirmed.
    fn tell_looker(&self, env: &Environment, deployment: Id) -> Option<LookerStep> {
        let looker = env.looker.as_ref()?;
        let repo = self.repo;
        let told = refs::looker(&env.name);
        let before = repo.ref_target(&told).ok().flatten();
        if before == Some(deployment) {
            return None;
        }
        let outcome = (|| -> std::result::Result<Vec<String>, String> {
            let commit = repo.commit(deployment).map_err(|e| e.to_string())?;
            let rendered = self.name_files(commit.tree).map_err(|e| e.to_string())?;
            let models: Vec<crate::looker::ModelNeed> = crate::env::model_connections(&rendered)
                .into_iter()
                .map(|(name, connections)| crate::looker::ModelNeed { name, connections })
                .collect();
            let protected = if env.protected {
                Vec::new()
            } else {
                self.protected_connections(deployment)
            };
            let var = |k: &str| std::env::var(k).ok();
            crate::looker::Instance::new(looker, &var)
                .deploy(&deployment.to_string(), &models, &protected)
                .map(|t| t.models_created)
                .map_err(|e| e.to_string())
        })();
        Some(match outcome {
            Ok(models_created) => {
                let _ = repo.set_ref(&told, deployment, before, "storyboard: Looker deployed");
                LookerStep::Deployed {
                    commit: deployment,
                    models_created,
                }
            }
            Err(why) => LookerStep::Failed {
                commit: deployment,
                why,
            },
        })
    }

    /// The model files and manifest of a tree: what names models and their
    /// connections.
    fn name_files(&self, tree: Id) -> Result<FileSet> {
        let wanted = name_paths(self.repo, tree)?.into_iter().collect();
        Ok(self.repo.files(tree, Some(&wanted))?)
    }

    /// The connections protected environments use: the canonical ones of the
    /// deployment's source, through each protected environment's map.
    fn protected_connections(&self, deployment: Id) -> Vec<String> {
        let repo = self.repo;
        let Ok(commit) = repo.commit(deployment) else {
            return Vec::new();
        };
        let Some(source) = commit
            .trailer(SOURCE_TRAILER)
            .and_then(|s| s.trim().parse::<Id>().ok())
        else {
            return Vec::new();
        };
        let Ok(canonical) = repo.subtree(source, self.prefix).and_then(|t| {
            self.name_files(t)
                .map_err(|e| GitError::other("reading the source", e.to_string()))
        }) else {
            return Vec::new();
        };
        let names: Vec<String> = crate::env::model_connections(&canonical)
            .into_values()
            .flatten()
            .collect();
        let mut out = Vec::new();
        for p in self.config.environments.iter().filter(|e| e.protected) {
            for n in &names {
                let mapped = p.connections.get(n).cloned().unwrap_or_else(|| n.clone());
                if !out.contains(&mapped) {
                    out.push(mapped);
                }
            }
        }
        out
    }

    /// Whether `env`'s Looker instance has not confirmed what its branch
    /// holds (`state`, as already read).
    pub fn looker_behind(&self, env: &Environment, state: &EnvState) -> Result<bool> {
        if env.looker.is_none() {
            return Ok(false);
        }
        let Some(last) = &state.last else {
            return Ok(false);
        };
        Ok(self.repo.ref_target(&refs::looker(&env.name))? != Some(last.commit.id))
    }

    /// What `env` holds (as last fetched), unrendered to canonical form.
    pub fn canonical_files(&self, env: &Environment) -> Result<FileSet> {
        let repo = self.repo;
        let tip = repo
            .ref_target(&refs::environment(&env.name))?
            .ok_or_else(|| DeployError::Refused {
                message: format!("`{}` has not been fetched", env.name),
                help: "run `storyboard story fetch` (or publish to it) first".into(),
            })?;
        let state = env_state(repo, env, Some(tip))?;
        let reference = match &state.last {
            Some(d) => repo
                .subtree(d.source, self.prefix)
                .and_then(|t| repo.files(t, None))
                .ok(),
            None => None,
        };
        let files = repo.files(repo.commit(tip)?.tree, None)?;
        crate::env::unrender(&files, env, reference.as_ref())
            .map(|canonical| canonical.files)
            .map_err(|error| DeployError::Render {
                env: env.name.clone(),
                error,
            })
    }

    /// `files` rendered for `env`.
    pub fn render_files(&self, files: &FileSet, env: &Environment) -> Result<FileSet> {
        crate::env::render(files, env, &self.config.environments)
            .map(|r| r.files)
            .map_err(|error| DeployError::Render {
                env: env.name.clone(),
                error,
            })
    }
}

/// The paths of a tree's files that decide names (its model files and
/// manifest), found without listing the others.
pub(crate) fn name_paths(repo: &Repo, tree: Id) -> std::result::Result<Vec<PathBuf>, GitError> {
    Ok(repo
        .paths_named(tree, crate::env::may_decide_names)?
        .into_iter()
        .filter(|p| crate::env::decides_names(p))
        .collect())
}
