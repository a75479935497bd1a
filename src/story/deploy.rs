//! Deployments: a canonical commit rendered for an environment and written as a new
//! commit on that environment's branch, straight into the object database, with
//! trailers saying what it was rendered from. Never a force-push.
//!
//! A publish is render → commit → push. The commit is recorded in
//! a pending ref (`refs::pending`) before the push, so a run killed after it is
//! completed by the next one (pushed if the environment has not moved, dropped if
//! it has); a run killed before it leaves only unreferenced objects behind.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use super::{Progress, Result, StoryError, StoryName, Workspace, env_ref, step};
use crate::config::Environment;
use crate::git::{self, Commit, Id, NewCommit, Repo};

pub const SOURCE_TRAILER: &str = "Storyboard-Source";
pub const ENVIRONMENT_TRAILER: &str = "Storyboard-Environment";
pub const STORY_TRAILER: &str = "Storyboard-Story";
/// A fingerprint of the transform and of this program, so that a deployment is only
/// reused as the base of the next render when both are unchanged.
pub const RENDER_TRAILER: &str = "Storyboard-Render";

/// A commit on an environment's branch made by a deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    pub commit: Commit,
    /// The canonical commit it was rendered from.
    pub source: Id,
    pub story: Option<String>,
    pub render: Option<String>,
}

impl Deployment {
    /// The deployment `commit` is, if it is one for `env`.
    pub fn of(commit: &Commit, env: &str) -> Option<Deployment> {
        if commit.trailer(ENVIRONMENT_TRAILER)?.trim() != env {
            return None;
        }
        let source = commit.trailer(SOURCE_TRAILER)?.trim().parse().ok()?;
        Some(Deployment {
            commit: commit.clone(),
            source,
            story: commit.trailer(STORY_TRAILER).map(|s| s.trim().to_string()),
            render: commit.trailer(RENDER_TRAILER).map(|s| s.trim().to_string()),
        })
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

pub fn env_state(repo: &Repo, env: &Environment, tip: Option<Id>) -> Result<EnvState> {
    let mut state = EnvState {
        environment: env.name.clone(),
        tip,
        ..EnvState::default()
    };
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

/// What a publish did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishReport {
    pub environment: String,
    pub story: String,
    pub source: Id,
    /// The deployment commit; `None` when the environment already had this source.
    pub commit: Option<Id>,
    /// Files rendered: all of them, or only what changed since the last deployment.
    pub rendered: usize,
    pub incremental: bool,
    /// An interrupted publish found and dealt with first.
    pub resumed: Option<Resumed>,
}

/// What became of a publish a killed run left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resumed {
    Completed { commit: Id },
    Dropped { commit: Id, why: String },
}

impl std::fmt::Display for Resumed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Resumed::Completed { commit } => {
                write!(f, "completed an interrupted publish ({})", commit.short())
            }
            Resumed::Dropped { commit, why } => {
                write!(
                    f,
                    "dropped an interrupted publish ({}): {why}",
                    commit.short()
                )
            }
        }
    }
}

/// What a deployment deploys: a canonical commit and what to call it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'a> {
    pub head: Id,
    /// A story's branch (then `is_story`), or the branch the commit is on.
    pub label: &'a str,
    pub is_story: bool,
}

fn pending_ref(env: &Environment) -> String {
    crate::refs::pending(&env.name)
}

impl Workspace {
    /// Fetches an environment's branch and reads its state.
    pub(crate) fn fetch_env(&self, repo: &Repo, env: &Environment) -> Result<EnvState> {
        let remote = repo.remote(&env.remote);
        repo.fetch(
            &remote,
            &[format!("+refs/heads/{}:{}", env.branch, env_ref(env))],
        )?;
        self.env_state(repo, env)
    }

    /// An environment's state as last fetched, without the network.
    pub fn env_state(&self, repo: &Repo, env: &Environment) -> Result<EnvState> {
        let tip = repo.ref_target(&env_ref(env))?;
        env_state(repo, env, tip)
    }

    /// Completes or drops a publish a killed run left in its pending ref (`refs::pending`).
    pub(crate) fn resume_publish(&self, repo: &Repo, env: &Environment) -> Result<Option<Resumed>> {
        let pending = pending_ref(env);
        let Some(commit) = repo.ref_target(&pending)? else {
            return Ok(None);
        };
        let state = self.fetch_env(repo, env)?;
        let parent = repo.commit(commit)?.parents.first().copied();
        let reached = match state.tip {
            Some(tip) => repo.is_ancestor(commit, tip)?,
            None => false,
        };
        let outcome = if reached {
            // The push went through before the kill (perhaps with commits on top).
            Resumed::Completed { commit }
        } else if state.tip == parent {
            let remote = repo.remote(&env.remote);
            repo.push(&remote, commit, &format!("refs/heads/{}", env.branch))?;
            repo.set_ref(
                &env_ref(env),
                commit,
                state.tip,
                "storyboard: publish (resumed)",
            )
            .or_else(|_| {
                repo.set_ref(&env_ref(env), commit, None, "storyboard: publish (resumed)")
            })?;
            Resumed::Completed { commit }
        } else {
            Resumed::Dropped {
                commit,
                why: format!("`{}` moved since; publish again", env.name),
            }
        };
        repo.delete_ref(&pending)?;
        Ok(Some(outcome))
    }

    /// Publishes the story's head to your environment (the caller holds the lock).
    /// `synced` is the environment tip whose edits were just synced into the story:
    /// up to it, commits after the last deployment are no reason to refuse.
    pub(crate) fn publish_locked(
        &self,
        repo: &Repo,
        story: &StoryName,
        synced: Option<Id>,
        progress: Progress<'_>,
    ) -> Result<PublishReport> {
        let env = self.dev_environment()?.clone();
        let head = self.story_head(repo, story)?;
        self.deploy_locked(repo, &env, head, &story.branch, true, synced, progress)
    }

    /// Deploys the canonical commit `head` to `env` (the caller holds the lock).
    /// `label` names it: a story's branch (then `is_story`) or the branch it is on.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn deploy_locked(
        &self,
        repo: &Repo,
        env: &Environment,
        head: Id,
        label: &str,
        is_story: bool,
        synced: Option<Id>,
        progress: Progress<'_>,
    ) -> Result<PublishReport> {
        let resumed = self.resume_publish(repo, env)?;
        step(progress, format!("fetching {}", env.name), 0, 3);
        let state = self.fetch_env(repo, env)?;
        let target = Target {
            head,
            label,
            is_story,
        };
        self.deploy_fetched(repo, env, state, &target, synced, resumed, progress)
    }

    /// [`Workspace::deploy_locked`] once the environment is fetched.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn deploy_fetched(
        &self,
        repo: &Repo,
        env: &Environment,
        state: EnvState,
        target: &Target<'_>,
        synced: Option<Id>,
        resumed: Option<Resumed>,
        progress: Progress<'_>,
    ) -> Result<PublishReport> {
        let env = env.clone();
        let Target {
            head,
            label,
            is_story,
        } = *target;
        if let Some(last) = &state.last
            && !state.after.is_empty()
            && (synced.is_none() || synced != state.tip)
        {
            return Err(StoryError::refused(
                format!(
                    "`{}` has {} commit(s) made after its last deployment{} that are not synced yet; publishing would hide them",
                    env.name,
                    state.after.len(),
                    last.story
                        .as_deref()
                        .map(|s| format!(" (of {s})"))
                        .unwrap_or_default()
                ),
                "run `storyboard story sync` first",
            ));
        }
        let fingerprint = render_fingerprint(&env, &self.config.environments);
        if let Some(last) = &state.last
            && last.source == head
            && last.story.as_deref() == is_story.then_some(label)
            && last.render.as_deref() == Some(fingerprint.as_str())
            && state.after.is_empty()
        {
            return Ok(PublishReport {
                environment: env.name.clone(),
                story: label.to_string(),
                source: head,
                commit: None,
                rendered: 0,
                incremental: true,
                resumed,
            });
        }
        step(
            progress,
            format!("rendering {label} for {}", env.name),
            1,
            3,
        );
        // A deployment is a base for rendering only while it is what the environment
        // holds: edits made after it changed the tree.
        let base = state
            .last
            .as_ref()
            .filter(|d| d.render.as_deref() == Some(fingerprint.as_str()))
            .filter(|_| state.after.is_empty());
        // Switching back and forth, the environment's history already holds this
        // source rendered under the same settings: its tree is the render.
        let (tree, rendered, incremental) = match rendered_before(repo, &state, head, &fingerprint)?
        {
            Some(tree) => (tree, 0, true),
            None => self.render_tree(repo, &env, head, base)?,
        };
        let me = repo.identity()?;
        let story_trailer = if is_story {
            format!("{STORY_TRAILER}: {label}\n")
        } else {
            String::new()
        };
        let message = format!(
            "Deploy {label} to {env}\n\nRendered from {short} of {label}.\n\n{SOURCE_TRAILER}: {head}\n{ENVIRONMENT_TRAILER}: {env}\n{story_trailer}{RENDER_TRAILER}: {fingerprint}\n",
            env = env.name,
            short = head.short(),
        );
        let parents: Vec<Id> = state.tip.into_iter().collect();
        let commit = repo.write_commit(&NewCommit {
            tree,
            parents: &parents,
            author: &me,
            committer: &me,
            message: &message,
        })?;
        let pending = pending_ref(&env);
        repo.set_ref(&pending, commit, None, "storyboard: publish")?;
        git::crash_point("publish-after-commit");
        step(progress, format!("pushing to {}", env.name), 2, 3);
        let remote = repo.remote(&env.remote);
        if let Err(e) = repo.push(&remote, commit, &format!("refs/heads/{}", env.branch)) {
            repo.delete_ref(&pending)?;
            return Err(e.into());
        }
        match state.tip {
            Some(tip) => repo.set_ref(&env_ref(&env), commit, Some(tip), "storyboard: publish")?,
            None => repo.set_ref(&env_ref(&env), commit, None, "storyboard: publish")?,
        }
        repo.delete_ref(&pending)?;
        step(progress, format!("published to {}", env.name), 3, 3);
        Ok(PublishReport {
            environment: env.name.clone(),
            story: label.to_string(),
            source: head,
            commit: Some(commit),
            rendered,
            incremental,
            resumed,
        })
    }

    /// The environment tree for `source`. When the last deployment was rendered by
    /// the same transform and no file that decides names (model files, the manifest)
    /// changed, only the changed files are rendered and patched into its tree: the
    /// rest would render to the same bytes.
    fn render_tree(
        &self,
        repo: &Repo,
        env: &Environment,
        source: Id,
        base: Option<&Deployment>,
    ) -> Result<(Id, usize, bool)> {
        let new_tree = repo.subtree(source, &self.prefix)?;
        if let Some(d) = base
            && let Ok(old_tree) = repo.subtree(d.source, &self.prefix)
        {
            let changed = repo.changed_paths(old_tree, new_tree)?;
            if changed.is_empty() {
                return Ok((d.commit.tree, 0, true));
            }
            if !changed.iter().any(|p| crate::env::decides_names(p)) {
                // The files that decide names are unchanged, so their rendered bytes
                // are already in the deployed tree; they are read only for the maps.
                let mut wanted: BTreeSet<PathBuf> = repo
                    .paths(new_tree)?
                    .into_iter()
                    .filter(|p| crate::env::decides_names(p))
                    .collect();
                let heads = wanted.clone();
                wanted.extend(changed.iter().cloned());
                let subset = repo.files(new_tree, Some(&wanted))?;
                let mut rendered = self.render_files(&subset, env)?;
                rendered
                    .files
                    .retain(|p, _| changed.contains(p) && !heads.contains(p));
                let remove: Vec<PathBuf> = changed.iter().cloned().collect();
                let tree = repo.patch_tree(d.commit.tree, &remove, &rendered)?;
                return Ok((tree, changed.len(), true));
            }
        }
        let files = repo.files(new_tree, None)?;
        let rendered = self.render_files(&files, env)?;
        Ok((repo.write_files(&rendered)?, files.files.len(), false))
    }

    pub(crate) fn render_files(
        &self,
        files: &crate::fileset::FileSet,
        env: &Environment,
    ) -> Result<crate::fileset::FileSet> {
        crate::env::render(files, env, &self.config.environments)
            .map(|r| r.files)
            .map_err(|error| StoryError::Render {
                env: env.name.clone(),
                error,
            })
    }
}

/// How many commits back an earlier render of a source is looked for.
const REUSE_LIMIT: usize = 200;

/// The tree of an earlier deployment of `source` on the environment's branch,
/// rendered under the same settings (`fingerprint`), if there is one recently.
fn rendered_before(
    repo: &Repo,
    state: &EnvState,
    source: Id,
    fingerprint: &str,
) -> Result<Option<Id>> {
    let mut next = state.tip;
    for _ in 0..REUSE_LIMIT {
        let Some(id) = next else { break };
        let commit = repo.commit(id)?;
        if let Some(d) = Deployment::of(&commit, &state.environment)
            && d.source == source
            && d.render.as_deref() == Some(fingerprint)
        {
            return Ok(Some(commit.tree));
        }
        next = commit.parents.first().copied();
    }
    Ok(None)
}

/// Changes whenever the environment's transform, what the leak guard protects (every
/// protected environment), or this program does: a deployment made under other
/// settings is never reused as the base of an incremental render.
pub fn render_fingerprint(env: &Environment, all: &[Environment]) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{env:?}").hash(&mut h);
    for protected in all.iter().filter(|e| e.protected) {
        format!("{protected:?}").hash(&mut h);
    }
    env!("CARGO_PKG_VERSION").hash(&mut h);
    format!("{:016x}", h.finish())
}
