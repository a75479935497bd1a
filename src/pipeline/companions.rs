//! Companion repositories in the pipeline: which revision of each companion
//! goes with a promotion, running their deploy commands before the LookML is
//! pushed, and finishing (or undoing) what a killed promotion left.
//!
//! A promotion with companions is: the LookML deployment commit written with
//! a `Storyboard-Companion: NAME=SHA` trailer per companion and kept in the
//! pending ref → each companion's deploy command, in the order the team file
//! lists them, each marked done under `refs::companion_ran` (pointing at that
//! pending commit) → the push. Status reads the environment's branch, so it
//! never shows a deployment whose companions did not all run. A run killed
//! in between is finished by the next: the companions not marked run (their
//! commands are idempotent by contract), then the push; or, when the
//! environment moved meanwhile, the companions that ran go back to what the
//! environment records, last first, and the deployment is dropped.

use serde::Serialize;

use crate::companion::CompanionClone;
use crate::config::Environment;
use crate::deploy::{Deployment, Source, SourceKind};
use crate::git::{self, Id, Repo};
use crate::progress::{Progress, step};
use crate::refs;
use crate::story::{Result, StoryError, Workspace};

/// One companion's part of a promotion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanionStep {
    pub name: String,
    /// The revision the promotion deploys.
    #[serde(serialize_with = "super::board::id_string")]
    pub rev: Id,
    /// Why this revision (`release/2026-12-06`, `what integration holds`).
    pub why: String,
    /// What the environment records now.
    #[serde(serialize_with = "super::board::opt_id_string")]
    pub current: Option<Id>,
}

impl CompanionStep {
    /// Whether its deploy command runs: the revision changes.
    pub fn changes(&self) -> bool {
        self.current != Some(self.rev)
    }
}

/// The revision `deployment` records for the companion `name`.
fn recorded(deployment: Option<&Deployment>, name: &str) -> Option<Id> {
    deployment?
        .companions
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, id)| *id)
}

impl Workspace {
    /// For each of `recorded` (an environment's companion revisions, by
    /// column), the stories whose work in some companion that environment
    /// does not hold: a story is on an environment only when all its
    /// repositories are. A story has work in a companion when its branch
    /// there has commits of its own, or a commit names its key. Companions
    /// not cloned here are not judged, nor environments whose deployment
    /// records no revision of the companion (a developer's publish, a
    /// deployment from before the companion was configured): nothing says
    /// what they hold of it.
    pub(crate) fn missing_companion_work(
        &self,
        repo: &Repo,
        stories: &[super::KnownStory],
        recorded: &[Vec<(String, Id)>],
    ) -> Result<Vec<Vec<String>>> {
        let mut missing = vec![Vec::new(); recorded.len()];
        for clone in self.companion_clones_here(repo)?.into_iter().flatten() {
            let name = &clone.companion.name;
            let main = clone.main_rev().ok();
            let marks = stories
                .iter()
                .map(|s| crate::story::companion_marks(&clone, &s.marks.key, &s.marks.branch, main))
                .collect::<Result<Vec<_>>>()?;
            let revs: Vec<Option<Id>> = recorded
                .iter()
                .map(|r| r.iter().find(|(n, _)| n == name).map(|(_, id)| *id))
                .collect();
            let mut tips: Vec<Id> = main.into_iter().collect();
            tips.extend(revs.iter().flatten());
            let contained = crate::story::companion_containment(self, &clone, &marks, &tips)?;
            for m in &marks {
                let has_work =
                    !m.heads.is_empty() || tips.iter().any(|t| contained.contains(*t, &m.key));
                if !has_work {
                    continue;
                }
                for (i, rev) in revs.iter().enumerate() {
                    if rev.is_some_and(|r| !contained.contains(r, &m.key)) {
                        missing[i].push(m.key.clone());
                    }
                }
            }
        }
        Ok(missing)
    }

    /// The main checkout of the LookML clone, beside which companions are
    /// cloned by default.
    pub(crate) fn main_workdir(&self, repo: &Repo) -> Result<std::path::PathBuf> {
        repo.workdir()
            .map(std::path::Path::to_path_buf)
            .ok_or_else(|| {
                StoryError::refused(
                    "the LookML repository has no working tree",
                    "run storyboard in a clone with a working tree",
                )
            })
    }

    /// Every companion's clone, in deploy order; refuses when one is missing.
    pub(crate) fn companion_clones(&self, repo: &Repo) -> Result<Vec<CompanionClone>> {
        let workdir = self.main_workdir(repo)?;
        self.config
            .companions
            .iter()
            .map(|c| CompanionClone::open(&self.config, &workdir, c).map_err(StoryError::from))
            .collect()
    }

    /// Which revision of each companion goes with deploying `source` to
    /// `env` (which holds `current`): what the stage before recorded when it
    /// is that very source (a later stage takes what it tested); the release
    /// branch of the same name for a release; main for main; the story's
    /// branch for a story, where the companion has one; else what `env`
    /// holds, else main. Fetches each companion.
    pub(crate) fn plan_companions(
        &self,
        repo: &Repo,
        env: &str,
        source: &Source,
        current: Option<&Deployment>,
    ) -> Result<Vec<CompanionStep>> {
        if self.config.companions.is_empty() {
            return Ok(Vec::new());
        }
        let stages = &self.config.stages;
        let previous = stages
            .iter()
            .position(|s| s == env)
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| stages.get(i))
            .filter(|_| self.config.release_from.as_deref() != Some(env))
            .and_then(|p| self.config.environment(p));
        let previous_last = match previous {
            Some(p) => self
                .deployer(repo)
                .state(p)?
                .last
                .filter(|d| d.source == source.commit)
                .map(|d| (p.name.clone(), d)),
            None => None,
        };
        let prefix = self.config.project.release_prefix();
        let mut out = Vec::new();
        for clone in self.companion_clones(repo)? {
            clone.fetch(prefix)?;
            let name = &clone.companion.name;
            let held = recorded(current, name);
            let from_previous = previous_last
                .as_ref()
                .and_then(|(p, d)| Some((p, recorded(Some(d), name)?)));
            let (rev, why) = match (from_previous, &source.kind) {
                (Some((p, rev)), _) => (rev, format!("what `{p}` holds")),
                (None, SourceKind::Release(release)) => match clone.release_rev(release)? {
                    Some(rev) => (rev, release.clone()),
                    None => {
                        return Err(StoryError::refused(
                            format!(
                                "companion `{name}` has no release branch `{release}` on {}",
                                clone.companion.remote
                            ),
                            format!(
                                "`storyboard release cut` cuts each release in every companion; for a release cut before `{name}` was configured, push `{release}` to its remote"
                            ),
                        ));
                    }
                },
                (None, SourceKind::Branch(b)) if *b == self.config.project.main => {
                    (clone.main_rev()?, clone.companion.main.clone())
                }
                (None, SourceKind::Story(branch)) => match clone.branch_rev(branch)? {
                    Some(rev) => (rev, branch.clone()),
                    None => (
                        clone.main_rev()?,
                        format!("{} (no story branch there)", clone.companion.main),
                    ),
                },
                (None, _) => match held {
                    Some(rev) => (rev, format!("what `{env}` holds")),
                    None => (clone.main_rev()?, clone.companion.main.clone()),
                },
            };
            out.push(CompanionStep {
                name: name.clone(),
                rev,
                why,
                current: held,
            });
        }
        Ok(out)
    }

    /// Runs the deploy command of each companion in `steps` whose revision
    /// changes, in order, for the deployment `pending` to `env`; each done is
    /// marked, so a run killed here runs only the rest next time. A
    /// rollback's runs last first (the views go before the schema they
    /// read), each companion's `rollback` command where it has one.
    pub(crate) fn run_companions(
        &self,
        repo: &Repo,
        env: &str,
        steps: &[CompanionStep],
        pending: Id,
        rollback: bool,
        progress: Progress<'_>,
    ) -> Result<()> {
        if steps.is_empty() {
            return Ok(());
        }
        let clones = self.companion_clones(repo)?;
        let total = steps.len();
        let ordered: Vec<&CompanionStep> = if rollback {
            steps.iter().rev().collect()
        } else {
            steps.iter().collect()
        };
        for (i, s) in ordered.into_iter().enumerate() {
            let mark = refs::companion_ran(env, &s.name);
            let was = repo.ref_target(&mark)?;
            if was == Some(pending) {
                continue;
            }
            let clone = clones
                .iter()
                .find(|c| c.companion.name == s.name)
                .ok_or_else(|| {
                    StoryError::refused(
                        format!(
                            "the deployment to `{env}` records a companion `{}` that storyboard.toml no longer lists",
                            s.name
                        ),
                        format!(
                            "add [companion.{}] back, or promote `{env}` again once the interrupted deployment is dropped",
                            s.name
                        ),
                    )
                })?;
            if s.changes() {
                let (what, command) = match (&clone.companion.rollback, rollback) {
                    (Some(r), true) => ("rollback", r),
                    _ => ("deploy", &clone.companion.deploy),
                };
                let verb = if rollback {
                    "rolling back"
                } else {
                    "deploying"
                };
                step(
                    progress,
                    format!("{verb} {} to {} on {env}", s.name, s.rev.short()),
                    i,
                    total,
                );
                clone.run(what, command, env, s.rev, progress)?;
            }
            repo.set_ref(&mark, pending, was, "storyboard: companion deployed")?;
            git::crash_point("companion-deployed");
        }
        Ok(())
    }

    /// Finishes the companions of a promotion to `env` a killed run left
    /// pending, before the deployment itself is completed or dropped: the
    /// companions not yet run, when the environment is where the deployment
    /// was made on; when it moved, the companions that ran go back to what
    /// it records now, last first. Returns what was done, for people.
    pub(crate) fn finish_companions(
        &self,
        repo: &Repo,
        env: &Environment,
        progress: Progress<'_>,
    ) -> Result<Option<String>> {
        let Some(commit) = repo.ref_target(&refs::pending(&env.name))? else {
            self.clear_companion_marks(repo, &env.name)?;
            return Ok(None);
        };
        let pending = repo.commit(commit)?;
        let companions = crate::deploy::companions_of(&pending);
        if companions.is_empty() {
            return Ok(None);
        }
        let state = self.deployer(repo).fetch(env)?;
        let reached = match state.tip {
            Some(tip) => repo.is_ancestor(commit, tip)?,
            None => false,
        };
        if reached {
            return Ok(None);
        }
        let now = state.last.as_ref();
        if state.tip == pending.parents.first().copied() {
            let steps: Vec<CompanionStep> = companions
                .iter()
                .map(|(name, rev)| CompanionStep {
                    name: name.clone(),
                    rev: *rev,
                    why: "an interrupted promotion".to_string(),
                    current: recorded(now, name),
                })
                .collect();
            let rollback = pending.trailer(super::contains::ROLLBACK_TRAILER).is_some();
            self.run_companions(repo, &env.name, &steps, commit, rollback, progress)?;
            return Ok(Some(format!(
                "ran the companions of an interrupted promotion of {}",
                env.name
            )));
        }
        // Someone deployed meanwhile: undo what ran of ours.
        let clones = self.companion_clones(repo)?;
        let mut undone = Vec::new();
        for (name, _) in companions.iter().rev() {
            if repo.ref_target(&refs::companion_ran(&env.name, name))? != Some(commit) {
                continue;
            }
            let (Some(rev), Some(clone)) = (
                recorded(now, name),
                clones.iter().find(|c| c.companion.name == *name),
            ) else {
                continue;
            };
            let (what, command) = match &clone.companion.rollback {
                Some(r) => ("rollback", r),
                None => ("deploy", &clone.companion.deploy),
            };
            clone.run(what, command, &env.name, rev, progress)?;
            undone.push(name.clone());
        }
        self.clear_companion_marks(repo, &env.name)?;
        Ok((!undone.is_empty()).then(|| {
            format!(
                "put {} back to what {} holds: an interrupted promotion was overtaken",
                undone.join(", "),
                env.name
            )
        }))
    }

    /// Drops the marks of companions run for `env`'s deployments.
    pub(crate) fn clear_companion_marks(&self, repo: &Repo, env: &str) -> Result<()> {
        for (name, _) in repo.refs_under(&refs::companion_ran(env, ""))? {
            repo.delete_ref(&name)?;
        }
        Ok(())
    }
}
