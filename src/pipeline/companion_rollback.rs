//! A rollback across the companion repositories: the story's commits in each
//! companion reverted on the branch the environment deploys from (the
//! release branch of the same name, or the companion's main), pushed
//! compare-and-swap before the LookML revert, then deployed with it — each
//! companion's `rollback` command (or `deploy`) with the reverted revision,
//! last companion first, before the LookML deployment is pushed.
//!
//! Kill safety: each companion's revert is kept in its clone under
//! `refs::pending_rollback(ENV)` before it is pushed. The next run, finding
//! the LookML rollback pending, pushes a revert whose branch has not moved,
//! keeps one already pushed, and drops one whose branch moved; the
//! deployment itself is the promotion's, with its `companions-ran` marks.

use serde::Serialize;

use super::contains::{Containment, ROLLBACK_SUBJECT, ROLLBACK_TRAILER};
use super::rollback::{BRANCH_TRAILER, FROM_TRAILER, bringers, revert_each};
use super::{KnownStory, PromotionPlan};
use crate::companion::CompanionClone;
use crate::git::{self, Expected, Id, NewCommit, RemoteError, Repo};
use crate::refs;
use crate::story::{Result, StoryError, Workspace};

/// One companion's revert of a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanionRevert {
    pub name: String,
    /// The companion's branch it goes on.
    pub branch: String,
    /// That branch's tip, as fetched, the revert was made on.
    #[serde(serialize_with = "super::board::id_string")]
    pub tip: Id,
    /// The revert commit (written in the companion's clone, not yet pushed).
    #[serde(serialize_with = "super::board::id_string")]
    pub commit: Id,
    /// The companion's commits whose changes it reverts, newest first.
    pub reverted: Vec<String>,
}

impl PromotionPlan {
    /// The plan with each reverted companion deployed at its revert.
    pub(crate) fn with_companion_reverts(mut self, reverts: &[CompanionRevert]) -> PromotionPlan {
        for r in reverts {
            if let Some(c) = self.companions.iter_mut().find(|c| c.name == r.name) {
                c.rev = r.commit;
                c.why = format!("{} reverted", r.branch);
            }
        }
        self
    }
}

impl Workspace {
    /// Writes, in each companion whose branch `lookml_branch` (a release,
    /// or main) holds the story `key`, one commit reverting the commits that
    /// brought it. A conflict refuses, naming the companion and its files.
    pub(crate) fn plan_companion_reverts(
        &self,
        repo: &Repo,
        key: &str,
        env: &str,
        lookml_branch: &str,
        is_main: bool,
    ) -> Result<Vec<CompanionRevert>> {
        if self.config.companions.is_empty() {
            return Ok(Vec::new());
        }
        let story = self
            .known_stories(repo)?
            .into_iter()
            .find(|s| s.marks.key == key);
        let story_branch = story
            .as_ref()
            .map_or_else(String::new, |s| s.marks.branch.clone());
        let prefix = self.config.project.release_prefix();
        let mut out = Vec::new();
        for clone in self.companion_clones(repo)? {
            let _lock = clone.lock()?;
            clone.fetch(prefix)?;
            let main = clone.main_rev().ok();
            let (branch, tip) = if is_main {
                (clone.companion.main.clone(), clone.main_rev()?)
            } else {
                match clone.release_rev(lookml_branch)? {
                    Some(tip) => (lookml_branch.to_string(), tip),
                    // A release cut before the companion was configured:
                    // nothing of the story there to revert.
                    None => continue,
                }
            };
            let marks = crate::story::companion_marks(&clone, key, &story_branch, main)?;
            let log = clone.repo.log(&[tip], &mut git::LogCache::in_memory())?;
            let contained = Containment::of(&log, std::slice::from_ref(&marks));
            if !contained.contains(tip, key) {
                continue;
            }
            let known = KnownStory {
                marks,
                base: None,
                local: false,
                pushed: false,
                finished: false,
            };
            let brought = bringers(&clone.repo, &log, &contained, &known, tip)?;
            let tree = match revert_each(&clone.repo, clone.repo.commit(tip)?.tree, &brought)? {
                Ok(t) => t,
                Err(conflicts) => {
                    return Err(StoryError::refused(
                        format!(
                            "reverting {key} in companion `{}` on {branch} conflicts with a later change in:\n{}",
                            clone.companion.name,
                            super::conflict_lines(&conflicts)
                        ),
                        format!(
                            "nothing was written; revert it by hand in {} (`git revert`, naming {key}), push {branch}, then run the rollback again",
                            clone.path.display()
                        ),
                    ));
                }
            };
            if tree == clone.repo.commit(tip)?.tree {
                continue;
            }
            let me = clone.repo.identity().or_else(|_| repo.identity())?;
            let reverted: Vec<String> = brought.iter().map(|(c, _)| c.to_string()).collect();
            let shorts: Vec<String> = brought.iter().map(|(c, _)| c.short()).collect();
            let message = format!(
                "{ROLLBACK_SUBJECT}{key} from {env}\n\nReverts {}.\n\n{ROLLBACK_TRAILER}: {key}\n{FROM_TRAILER}: {env}\n{BRANCH_TRAILER}: {branch}\n",
                shorts.join(", ")
            );
            let commit = clone.repo.write_commit(&NewCommit {
                tree,
                parents: &[tip],
                author: &me,
                committer: &me,
                message: &message,
            })?;
            out.push(CompanionRevert {
                name: clone.companion.name.clone(),
                branch,
                tip,
                commit,
                reverted,
            });
        }
        Ok(out)
    }

    /// Keeps each companion's revert in a pending ref of its clone, before
    /// anything is pushed.
    pub(crate) fn keep_companion_reverts(
        &self,
        repo: &Repo,
        env: &str,
        reverts: &[CompanionRevert],
    ) -> Result<()> {
        if reverts.is_empty() {
            return Ok(());
        }
        let clones = self.companion_clones(repo)?;
        for r in reverts {
            let clone = find(&clones, &r.name)?;
            let _lock = clone.lock()?;
            let pending = refs::pending_rollback(env);
            let was = clone.repo.ref_target(&pending)?;
            clone
                .repo
                .set_ref(&pending, r.commit, was, "storyboard: rollback")?;
        }
        Ok(())
    }

    /// Pushes each companion's revert (kept pending) over its branch as
    /// planned. A branch that moved refuses; those pushed before it stay (a
    /// new plan finds them reverted already).
    pub(crate) fn push_companion_reverts(
        &self,
        repo: &Repo,
        reverts: &[CompanionRevert],
    ) -> Result<()> {
        if reverts.is_empty() {
            return Ok(());
        }
        let clones = self.companion_clones(repo)?;
        for r in reverts {
            let clone = find(&clones, &r.name)?;
            let _lock = clone.lock()?;
            push_revert(clone, &r.branch, r.commit, r.tip)?;
            git::crash_point("companion-revert-pushed");
        }
        Ok(())
    }

    /// Completes the companions' part of a rollback from `env` a killed run
    /// left: each pending revert pushed when its branch has not moved, kept
    /// when pushed already, dropped when the branch moved. Returns the
    /// reverts now on their branches.
    pub(crate) fn resume_companion_reverts(
        &self,
        repo: &Repo,
        env: &str,
    ) -> Result<Vec<CompanionRevert>> {
        let mut out = Vec::new();
        let prefix = self.config.project.release_prefix();
        for clone in self.companion_clones_here(repo)?.into_iter().flatten() {
            let _lock = clone.lock()?;
            let pending = refs::pending_rollback(env);
            let Some(commit) = clone.repo.ref_target(&pending)? else {
                continue;
            };
            let c = clone.repo.commit(commit)?;
            let (Some(branch), Some(&parent)) = (c.trailer(BRANCH_TRAILER), c.parents.first())
            else {
                clone.repo.delete_ref(&pending)?;
                continue;
            };
            let branch = branch.trim().to_string();
            clone.fetch(prefix)?;
            let tip = if branch == clone.companion.main {
                clone.main_rev().ok()
            } else {
                clone.release_rev(&branch)?
            };
            let on = match tip {
                Some(t) if clone.repo.is_ancestor(commit, t)? => true,
                Some(t) if t == parent => {
                    push_revert(&clone, &branch, commit, t)?;
                    true
                }
                _ => false,
            };
            if on {
                out.push(CompanionRevert {
                    name: clone.companion.name.clone(),
                    branch,
                    tip: parent,
                    commit,
                    reverted: Vec::new(),
                });
            }
        }
        Ok(out)
    }

    /// Drops the companions' pending reverts for `env`: the rollback is done.
    pub(crate) fn clear_companion_reverts(&self, repo: &Repo, env: &str) -> Result<()> {
        for clone in self.companion_clones_here(repo)?.into_iter().flatten() {
            let _lock = clone.lock()?;
            clone.repo.delete_ref(&refs::pending_rollback(env))?;
        }
        Ok(())
    }
}

fn find<'a>(clones: &'a [CompanionClone], name: &str) -> Result<&'a CompanionClone> {
    clones
        .iter()
        .find(|c| c.companion.name == name)
        .ok_or_else(|| {
            StoryError::refused(
                format!(
                    "the rollback reverts companion `{name}`, which storyboard.toml no longer lists"
                ),
                format!("add [companion.{name}] back, or plan the rollback again"),
            )
        })
}

/// Pushes `commit` as the companion's `branch` only over `tip`; a branch
/// that holds it already is no error.
fn push_revert(clone: &CompanionClone, branch: &str, commit: Id, tip: Id) -> Result<()> {
    let remote = clone.repo.remote(&clone.companion.remote);
    match clone.repo.push_expecting(
        &remote,
        commit,
        &format!("refs/heads/{branch}"),
        Expected::At(tip),
    ) {
        Ok(()) => Ok(()),
        Err(RemoteError::Rejected { detail, .. }) => Err(StoryError::refused(
            format!(
                "companion `{}`: {branch} moved on {} since the rollback was planned ({detail})",
                clone.companion.name, remote.spec
            ),
            "nothing was pushed over it; run the rollback again to plan it on the branch as it is now",
        )),
        Err(e) => Err(crate::companion::CompanionError::Remote {
            name: clone.companion.name.clone(),
            error: Box::new(e),
        }
        .into()),
    }
}
