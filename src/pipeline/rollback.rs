//! Rolling back one story: on the branch an environment deploys from (its
//! release, or main for the first stage), one commit that reverts every commit
//! that brought the story (merge commits, squashes, follow-ups), three ways, so
//! every other story stays; pushed over the branch as planned, deployed with the
//! same plan as a promotion, and the story held out until `unhold`.
//!
//! A revert that conflicts with a later story stops with the conflicted files
//! written, with markers, to a directory of their own: `--continue` takes them
//! from there, `--abort` drops everything. Nothing is pushed until the revert is
//! whole. A run killed after writing the commit leaves it in a pending ref; the
//! next run pushes, deploys and holds what is missing, or drops it when the
//! branch moved meanwhile.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::contains::{ROLLBACK_SUBJECT, ROLLBACK_TRAILER, mention};
use super::{KnownStory, PromotionPlan};
use crate::deploy::{Source, SourceKind};
use crate::git::{self, Expected, Id, LogEntry, Merged, NewCommit, Repo};
use crate::pause::{self, PauseStore, Unresolved};
use crate::progress::{Progress, step};
use crate::refs;
use crate::story::{Resolve, Result, StoryError, Workspace};

pub(super) const BRANCH_TRAILER: &str = "Storyboard-Branch";
pub(super) const FROM_TRAILER: &str = "Storyboard-Rolled-Back-From";

/// What a rollback will do, or why it stopped.
#[derive(Debug, Clone)]
pub enum RollbackPlan {
    Ready(Box<ReadyRollback>),
    /// The revert conflicts: these files (in `dir`) hold markers.
    Conflicts {
        key: String,
        environment: String,
        dir: PathBuf,
        files: Vec<PathBuf>,
    },
    /// `--abort`: the paused rollback is gone, nothing was written.
    Aborted {
        key: String,
        environment: String,
    },
}

impl RollbackPlan {
    /// What a rollback that stopped before its plan says: the same words on
    /// the command line and in the terminal UI. `None` for a ready plan,
    /// whose own text is its preview.
    pub fn stopped(&self) -> Option<String> {
        match self {
            RollbackPlan::Ready(_) => None,
            RollbackPlan::Aborted { key, environment } => Some(format!(
                "gave up the rollback of {key} from {environment}; nothing was written\n"
            )),
            RollbackPlan::Conflicts {
                key,
                environment,
                dir,
                files,
            } => {
                let mut text = format!(
                    "reverting {key} conflicts with a later change in {} file(s), written with markers to {}:\n",
                    files.len(),
                    dir.display()
                );
                for f in files {
                    text.push_str(&format!("    {}\n", f.display()));
                }
                text.push_str(&format!(
                    "resolve them there, then `storyboard rollback {key} --from {environment} --continue` (or --abort); nothing was pushed\n"
                ));
                Some(text)
            }
        }
    }
}

/// A rollback ready to push and deploy.
#[derive(Debug, Clone)]
pub struct ReadyRollback {
    pub key: String,
    pub environment: String,
    /// The branch the revert goes on (a release, or main).
    pub branch: String,
    pub changes_main: bool,
    /// The branch's tip the revert was made on.
    pub branch_tip: Id,
    /// The commits whose changes are reverted, newest first.
    pub reverted: Vec<Id>,
    /// The revert commit (written, not yet on any branch).
    pub commit: Id,
    pub message: Option<String>,
    /// The story's revert in each companion that holds it there.
    pub companions: Vec<super::companion_rollback::CompanionRevert>,
    /// Deploying the revert to the environment.
    pub promotion: PromotionPlan,
}

impl ReadyRollback {
    pub fn text(&self, color: bool) -> String {
        let mut out = format!(
            "roll back {} from {}\n  on        {} (a new commit on {}){}\n  reverting {}\n",
            self.key,
            self.environment,
            self.branch,
            self.branch_tip.short(),
            if self.changes_main {
                format!(
                    "\n  note      this changes `{}` itself: the first stage deploys from it",
                    self.branch
                )
            } else {
                String::new()
            },
            self.reverted
                .iter()
                .map(Id::short)
                .collect::<Vec<_>>()
                .join(", "),
        );
        for c in &self.companions {
            out.push_str(&format!(
                "  companion {} reverting {} on {} (a new commit on {})\n",
                c.name,
                c.reverted
                    .iter()
                    .map(|r| r.get(..7).unwrap_or(r))
                    .collect::<Vec<_>>()
                    .join(", "),
                c.branch,
                c.tip.short()
            ));
        }
        out.push_str(&self.promotion.text(color));
        out.push_str(&format!(
            "\nthen {} is held out of {} and the stages after it until `storyboard unhold {}`\n",
            self.key, self.environment, self.key
        ));
        out
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "story": self.key,
            "environment": self.environment,
            "branch": self.branch,
            "changes_main": self.changes_main,
            "branch_tip": self.branch_tip.to_string(),
            "reverted": self.reverted.iter().map(Id::to_string).collect::<Vec<_>>(),
            "commit": self.commit.to_string(),
            "companions": self.companions,
            "promotion": self.promotion.json(),
        })
    }
}

/// What a rollback did.
#[derive(Debug, Clone, Serialize)]
pub struct RollbackReport {
    pub story: String,
    pub environment: String,
    pub branch: String,
    pub commit: String,
    pub promoted: super::PromoteReport,
}

impl fmt::Display for RollbackReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "rolled back {} on {} ({})",
            self.story,
            self.branch,
            self.commit.get(..7).unwrap_or(&self.commit)
        )?;
        write!(f, "{}", self.promoted)?;
        writeln!(
            f,
            "{} is held out of {} and the stages after it until `storyboard unhold {}`",
            self.story, self.environment, self.story
        )
    }
}

/// A rollback stopped at a conflict.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RollbackState {
    key: String,
    environment: String,
    branch: String,
    branch_tip: String,
    /// Reverted so far, newest first.
    done: Vec<String>,
    /// Still to revert after the conflicted one: (commit, what it came after).
    remaining: Vec<(String, String)>,
    message: Option<String>,
}

type Paused = pause::Paused<RollbackState>;

/// The branch an environment deploys from, for a rollback.
struct Branch {
    name: String,
    tip: Id,
    kind: SourceKind,
    is_main: bool,
}

impl Workspace {
    fn paused_rollbacks(&self) -> PauseStore {
        PauseStore::new(self.state_dir().join("rollback"))
    }

    fn rollback_dir(&self, env: &str) -> PathBuf {
        self.state_dir().join("rollback-files").join(env)
    }

    /// Plans rolling back `key` from `env`: the revert is written (not pushed),
    /// and its deployment planned. `resolve` goes on with or gives up a
    /// rollback stopped at a conflict.
    pub fn plan_rollback(
        &self,
        key: &str,
        env: &str,
        message: Option<&str>,
        resolve: Resolve,
        progress: Progress<'_>,
    ) -> Result<RollbackPlan> {
        let stage = self.stage(env)?;
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let store = self.paused_rollbacks();
        let paused: Option<Paused> = store.read(&stage.name);
        match (resolve, paused) {
            (Resolve::Start, Some(p)) => Err(StoryError::refused(
                format!(
                    "a rollback of {} from {} stopped at a conflict",
                    p.op.key, p.op.environment
                ),
                format!(
                    "resolve the files in {} and run `storyboard rollback {} --from {} --continue`, or `--abort`",
                    self.rollback_dir(&stage.name).display(),
                    p.op.key,
                    p.op.environment
                ),
            )),
            (Resolve::Continue | Resolve::Abort, None) => Err(StoryError::refused(
                format!("no rollback from {} is stopped at a conflict", stage.name),
                "start one with `storyboard rollback STORY --from ENV`",
            )),
            (Resolve::Abort, Some(p)) => {
                store.remove(&stage.name);
                let _ = std::fs::remove_dir_all(self.rollback_dir(&stage.name));
                Ok(RollbackPlan::Aborted {
                    key: p.op.key,
                    environment: p.op.environment,
                })
            }
            (Resolve::Continue, Some(p)) => self.continue_rollback(&repo, &stage, p, progress),
            (Resolve::DropLookerEdits, _) => Err(StoryError::refused(
                "there are no Looker edits to set aside in a rollback",
                "`storyboard story sync --drop-looker-edits` is for your own environment",
            )),
            (Resolve::Start, None) => self.start_rollback(&repo, &stage, key, message, progress),
        }
    }

    fn start_rollback(
        &self,
        repo: &Repo,
        env: &crate::config::Environment,
        key: &str,
        message: Option<&str>,
        progress: Progress<'_>,
    ) -> Result<RollbackPlan> {
        step(progress, format!("fetching {}", env.name), 0, 3);
        self.resume_rollback(repo, env)?;
        self.fetch_main(repo)?;
        let state = self.deployer(repo).fetch(env)?;
        let deployed = state.last.clone().ok_or_else(|| {
            StoryError::refused(
                format!("`{}` holds no deployment", env.name),
                "there is nothing to roll back there",
            )
        })?;
        let stories = self.known_stories(repo)?;
        let story = stories
            .iter()
            .find(|s| s.marks.key.eq_ignore_ascii_case(key))
            .cloned()
            .ok_or_else(|| {
                StoryError::refused(
                    format!("no story `{key}` is known here"),
                    "`storyboard status` lists the stories; `storyboard story fetch` brings the team's",
                )
            })?;
        let branch = self.rollback_branch(repo, env, &deployed)?;
        step(
            progress,
            format!("reverting {} on {}", story.marks.key, branch.name),
            1,
            3,
        );
        let log = repo.log(
            &[branch.tip, deployed.source],
            &mut git::LogCache::in_memory(),
        )?;
        let contained = super::Containment::of(&log, std::slice::from_ref(&story.marks));
        if !contained.contains(deployed.source, &story.marks.key) {
            return Err(StoryError::refused(
                format!("`{}` holds no change of {}", env.name, story.marks.key),
                format!("`storyboard status` shows where {} is", story.marks.key),
            ));
        }
        if !contained.contains(branch.tip, &story.marks.key) {
            return Err(StoryError::refused(
                format!(
                    "{} is rolled back on {} already, and `{}` does not hold that yet",
                    story.marks.key, branch.name, env.name
                ),
                format!(
                    "deploy it with `storyboard promote {} --ref {}`",
                    env.name, branch.name
                ),
            ));
        }
        let bringers = bringers(repo, &log, &contained, &story, branch.tip)?;
        let base_tree = repo.commit(branch.tip)?.tree;
        let state_op = RollbackState {
            key: story.marks.key.clone(),
            environment: env.name.clone(),
            branch: branch.name.clone(),
            branch_tip: branch.tip.to_string(),
            done: Vec::new(),
            remaining: bringers
                .iter()
                .map(|(c, p)| (c.to_string(), p.to_string()))
                .collect(),
            message: message.map(str::to_string),
        };
        self.go_on(repo, env, &branch, base_tree, state_op, progress)
    }

    /// Reverts what `op` has left to revert onto `tree`, then writes the
    /// commit and plans its deployment; stops at a conflict.
    fn go_on(
        &self,
        repo: &Repo,
        env: &crate::config::Environment,
        branch: &Branch,
        mut tree: Id,
        mut op: RollbackState,
        progress: Progress<'_>,
    ) -> Result<RollbackPlan> {
        while !op.remaining.is_empty() {
            let (commit, before) = op.remaining.remove(0);
            let (c, b): (Id, Id) = (commit.parse()?, before.parse()?);
            let theirs = repo.commit(b)?.tree;
            let base = repo.commit(c)?.tree;
            match repo.merge_trees(base, tree, theirs)? {
                Merged::Clean(t) => {
                    tree = t;
                    op.done.push(commit);
                }
                Merged::Conflicts { partial, conflicts } => {
                    op.done.push(commit);
                    let dir = self.rollback_dir(&env.name);
                    let _ = std::fs::remove_dir_all(&dir);
                    let mut paused = Paused {
                        op,
                        partial: partial.to_string(),
                        conflicts: conflicts.iter().map(|c| c.path.clone()).collect(),
                        marked: Vec::new(),
                    };
                    pause::mark(&dir, &conflicts, |_| true, &mut paused)?;
                    self.paused_rollbacks().write(&env.name, &paused)?;
                    return Ok(RollbackPlan::Conflicts {
                        key: paused.op.key,
                        environment: env.name.clone(),
                        files: paused.conflicts,
                        dir,
                    });
                }
            }
        }
        if tree == repo.commit(branch.tip)?.tree {
            return Err(StoryError::refused(
                format!("reverting {} on {} changes nothing", op.key, branch.name),
                "its changes are gone from there already",
            ));
        }
        let me = repo.identity()?;
        let body = op
            .message
            .as_deref()
            .map(|m| format!("{m}\n\n"))
            .unwrap_or_default();
        let shorts: Vec<String> = op
            .done
            .iter()
            .map(|c| c.get(..7).unwrap_or(c).to_string())
            .collect();
        let message = format!(
            "{ROLLBACK_SUBJECT}{key} from {env}\n\n{body}Reverts {reverted}.\n\n{ROLLBACK_TRAILER}: {key}\n{FROM_TRAILER}: {env}\n{BRANCH_TRAILER}: {branch}\n",
            key = op.key,
            env = env.name,
            reverted = shorts.join(", "),
            branch = branch.name,
        );
        let commit = repo.write_commit(&NewCommit {
            tree,
            parents: &[branch.tip],
            author: &me,
            committer: &me,
            message: &message,
        })?;
        let companions =
            self.plan_companion_reverts(repo, &op.key, &env.name, &branch.name, branch.is_main)?;
        step(progress, "planning its deployment", 2, 3);
        let state = self.deployer(repo).state(env)?;
        let promotion = self
            .describe_promotion(
                repo,
                &env.name,
                state,
                Source {
                    commit,
                    kind: branch.kind.clone(),
                },
                format!("{} without {}", branch.name, op.key),
                None,
            )?
            .keeping_companions()
            .with_companion_reverts(&companions);
        Ok(RollbackPlan::Ready(Box::new(ReadyRollback {
            key: op.key,
            environment: env.name.clone(),
            branch: branch.name.clone(),
            changes_main: branch.is_main,
            branch_tip: branch.tip,
            reverted: op.done.iter().filter_map(|c| c.parse().ok()).collect(),
            commit,
            message: op.message,
            companions,
            promotion,
        })))
    }

    fn continue_rollback(
        &self,
        repo: &Repo,
        env: &crate::config::Environment,
        paused: Paused,
        progress: Progress<'_>,
    ) -> Result<RollbackPlan> {
        self.fetch_main(repo)?;
        self.deployer(repo).fetch(env)?;
        let state = self.deployer(repo).state(env)?;
        let deployed = state.last.clone().ok_or_else(|| {
            StoryError::refused(
                format!("`{}` holds no deployment now", env.name),
                "abort with --abort",
            )
        })?;
        let branch = self.rollback_branch(repo, env, &deployed)?;
        if branch.tip.to_string() != paused.op.branch_tip || branch.name != paused.op.branch {
            return Err(StoryError::refused(
                format!(
                    "{} moved since the rollback stopped (it is at {} now)",
                    paused.op.branch,
                    branch.tip.short()
                ),
                format!(
                    "give this one up with `storyboard rollback {} --from {} --abort` and start again",
                    paused.op.key, env.name
                ),
            ));
        }
        let dir = self.rollback_dir(&env.name);
        let (tree, files) = pause::resolution(repo, &dir, &paused).map_err(|e| match e {
            Unresolved::Markers(paths) => StoryError::refused(
                format!(
                    "these files still hold conflict markers:\n{}",
                    paths
                        .iter()
                        .map(|p| format!("    {}", p.display()))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
                "resolve them, then run --continue again (or --abort)",
            ),
            Unresolved::Git(m) => StoryError::refused(m, "run --abort and start again"),
        })?;
        let tree = repo.patch_tree(tree, &[], &files)?;
        self.paused_rollbacks().remove(&env.name);
        let _ = std::fs::remove_dir_all(&dir);
        self.go_on(repo, env, &branch, tree, paused.op, progress)
    }

    /// The branch `env` deploys from: its release, or main for the first stage.
    fn rollback_branch(
        &self,
        repo: &Repo,
        env: &crate::config::Environment,
        deployed: &crate::deploy::Deployment,
    ) -> Result<Branch> {
        let main = &self.config.project.main;
        let source = deployed.source_of();
        let branch = match &source.kind {
            SourceKind::Release(name) => {
                let tracking = refs::release(name);
                let tip = repo.ref_target(&tracking)?.ok_or_else(|| {
                    StoryError::refused(
                        format!(
                            "the release `{name}` `{}` holds is gone from the team remote",
                            env.name
                        ),
                        "promote a release that exists, then roll back",
                    )
                })?;
                Branch {
                    name: name.clone(),
                    tip,
                    kind: source.kind.clone(),
                    is_main: false,
                }
            }
            SourceKind::Branch(b) if b == main => Branch {
                name: main.clone(),
                tip: self.main_commit(repo)?,
                kind: source.kind.clone(),
                is_main: true,
            },
            _ => {
                return Err(StoryError::refused(
                    format!(
                        "`{}` holds {} ({}), which is neither a release nor `{main}`: there is no branch to roll back on",
                        env.name,
                        source.label(),
                        source.commit.short()
                    ),
                    format!(
                        "promote `{}` to a release (or main), then roll back",
                        env.name
                    ),
                ));
            }
        };
        if !repo.is_ancestor(deployed.source, branch.tip)? {
            return Err(StoryError::refused(
                format!(
                    "{} no longer holds what `{}` deploys ({})",
                    branch.name,
                    env.name,
                    deployed.source.short()
                ),
                "promote the environment again first",
            ));
        }
        // A protected environment takes only the commit the stage before it
        // holds; a rollback of it is that commit with the story reverted, and
        // nothing else.
        if env.protected && branch.tip != deployed.source {
            return Err(StoryError::refused(
                format!(
                    "`{}` is protected, and {} moved past what it holds ({} → {})",
                    env.name,
                    branch.name,
                    deployed.source.short(),
                    branch.tip.short()
                ),
                format!(
                    "promote `{}` to the stage before it first, or redeploy what that stage holds",
                    env.name
                ),
            ));
        }
        Ok(branch)
    }

    /// Pushes the revert over its branch, deploys it, and holds the story.
    pub fn rollback(&self, plan: &ReadyRollback, progress: Progress<'_>) -> Result<RollbackReport> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let env = self.stage(&plan.environment)?;
        // Nothing is pushed when the environment moved since the plan.
        let state = self.deployer(&repo).fetch(&env)?;
        if state.tip != plan.promotion.expected_tip {
            return Err(StoryError::refused(
                format!(
                    "`{}` changed since the rollback was planned{}; nothing was written",
                    env.name,
                    state
                        .last
                        .as_ref()
                        .filter(|d| Some(d.commit.id) == state.tip)
                        .map(|d| format!(
                            ": {} deployed {} ({})",
                            d.by(),
                            d.source_ref.as_deref().unwrap_or("a commit"),
                            d.source.short()
                        ))
                        .unwrap_or_default()
                ),
                format!(
                    "run `storyboard rollback {} --from {}` again to see the new plan",
                    plan.key, env.name
                ),
            ));
        }
        let pending = refs::pending_rollback(&env.name);
        // Every companion's revert is pending before the LookML's is: a run
        // killed after this never pushes the LookML revert without theirs.
        // Ones left by a run killed before its LookML revert was pending are
        // no part of this rollback.
        if repo.ref_target(&pending)?.is_none() {
            self.clear_companion_reverts(&repo, &env.name)?;
            self.keep_companion_reverts(&repo, &env.name, &plan.companions)?;
        }
        repo.set_ref(&pending, plan.commit, None, "storyboard: rollback")
            .map_err(|_| {
                StoryError::refused(
                    format!("another rollback from {} is pending here", env.name),
                    "run the command again: it completes or drops that one first",
                )
            })?;
        git::crash_point("rollback-after-pending");
        // The companions' reverts go first: a LookML revert is never on its
        // branch without theirs.
        if let Err(e) = self.push_companion_reverts(&repo, &plan.companions) {
            repo.delete_ref(&pending)?;
            self.clear_companion_reverts(&repo, &env.name)?;
            return Err(e);
        }
        let (team, _) = self.team(&repo);
        step(progress, format!("pushing {}", plan.branch), 0, 3);
        if let Err(e) = repo.push_expecting(
            &team,
            plan.commit,
            &format!("refs/heads/{}", plan.branch),
            Expected::At(plan.branch_tip),
        ) {
            repo.delete_ref(&pending)?;
            return Err(match e {
                git::RemoteError::Rejected { detail, .. } => StoryError::refused(
                    format!(
                        "{} moved on {} since the rollback was planned ({detail}); nothing was written",
                        plan.branch, team.spec
                    ),
                    "run the rollback again to plan it on the branch as it is now",
                ),
                other => other.into(),
            });
        }
        let tracking = self.branch_tracking(&repo, &plan.branch);
        let was = repo.ref_target(&tracking)?;
        repo.set_ref(&tracking, plan.commit, was, "storyboard: rollback")?;
        git::crash_point("rollback-after-push");
        step(progress, format!("deploying to {}", env.name), 1, 3);
        let promoted = self.promote_locked(
            &repo,
            &plan.promotion,
            Some(format!("{ROLLBACK_TRAILER}: {}", plan.key)),
            progress,
        )?;
        git::crash_point("rollback-after-deploy");
        step(progress, format!("holding {}", plan.key), 2, 3);
        self.hold(&repo, &plan.key, &env.name, plan.message.as_deref())?;
        self.clear_companion_reverts(&repo, &env.name)?;
        repo.delete_ref(&pending)?;
        Ok(RollbackReport {
            story: plan.key.clone(),
            environment: env.name.clone(),
            branch: plan.branch.clone(),
            commit: plan.commit.to_string(),
            promoted,
        })
    }

    fn branch_tracking(&self, repo: &Repo, branch: &str) -> String {
        if branch == self.config.project.main {
            self.team(repo).1
        } else {
            refs::release(branch)
        }
    }

    /// Completes or drops a rollback a killed run left pending for `env`:
    /// pushed when its branch is still where it was made, deployed when the
    /// environment still holds what it replaced, and held.
    fn resume_rollback(&self, repo: &Repo, env: &crate::config::Environment) -> Result<()> {
        let pending = refs::pending_rollback(&env.name);
        let Some(commit) = repo.ref_target(&pending)? else {
            return Ok(());
        };
        self.fetch_main(repo)?;
        let c = repo.commit(commit)?;
        let (Some(key), Some(branch)) = (c.trailer(ROLLBACK_TRAILER), c.trailer(BRANCH_TRAILER))
        else {
            repo.delete_ref(&pending)?;
            return Ok(());
        };
        let (key, branch) = (key.trim().to_string(), branch.trim().to_string());
        let parent = c.parents.first().copied();
        let companions = self.resume_companion_reverts(repo, &env.name)?;
        let tracking = self.branch_tracking(repo, &branch);
        let tip = repo.ref_target(&tracking)?;
        let on_branch = match tip {
            Some(t) if repo.is_ancestor(commit, t)? => true,
            Some(t) if Some(t) == parent => {
                let (team, _) = self.team(repo);
                repo.push_expecting(
                    &team,
                    commit,
                    &format!("refs/heads/{branch}"),
                    Expected::At(t),
                )?;
                repo.set_ref(&tracking, commit, Some(t), "storyboard: rollback (resumed)")?;
                true
            }
            _ => false,
        };
        if on_branch {
            let deployer = self.deployer(repo);
            // A deployment killed while its companions ran: the rest run
            // (last first) before it is pushed.
            self.finish_companions(repo, env, &|_| {})?;
            deployer.resume(env)?;
            let state = deployer.fetch(env)?;
            let needs = state
                .last
                .as_ref()
                .is_some_and(|d| d.source != commit && Some(d.source) == parent);
            if needs {
                let kind = if branch == self.config.project.main {
                    SourceKind::Branch(branch.clone())
                } else {
                    SourceKind::Release(branch.clone())
                };
                let promotion = self
                    .describe_promotion(
                        repo,
                        &env.name,
                        state,
                        Source { commit, kind },
                        "an interrupted rollback".into(),
                        None,
                    )?
                    .keeping_companions()
                    .with_companion_reverts(&companions);
                self.promote_locked(
                    repo,
                    &promotion,
                    Some(format!("{ROLLBACK_TRAILER}: {key}")),
                    &|_| {},
                )?;
            }
            let held = self.holds_in(repo)?.iter().any(|h| h.key == key);
            if !held {
                let message = c
                    .message
                    .split("\n\n")
                    .nth(1)
                    .filter(|b| !b.starts_with("Reverts "))
                    .map(str::to_string);
                self.hold(repo, &key, &env.name, message.as_deref())?;
            }
        }
        self.clear_companion_reverts(repo, &env.name)?;
        repo.delete_ref(&pending)?;
        Ok(())
    }
}

impl Workspace {
    /// `stories` reverted on top of `tip` as one commit (for the release
    /// `name`), with the keys it took out; `None` when `tip` holds none of
    /// them. A conflict refuses, naming the files.
    pub(crate) fn revert_out(
        &self,
        repo: &Repo,
        tip: Id,
        stories: &[KnownStory],
        name: &str,
    ) -> Result<Option<(Id, Vec<String>)>> {
        if stories.is_empty() {
            return Ok(None);
        }
        let log = repo.log(&[tip], &mut git::LogCache::in_memory())?;
        let marks: Vec<_> = stories.iter().map(|s| s.marks.clone()).collect();
        let contained = super::Containment::of(&log, &marks);
        let mut tree = repo.commit(tip)?.tree;
        let mut keys = Vec::new();
        for story in stories {
            if !contained.contains(tip, &story.marks.key) {
                continue;
            }
            let brought = bringers(repo, &log, &contained, story, tip)?;
            tree = match revert_each(repo, tree, &brought)? {
                Ok(t) => t,
                Err(conflicts) => {
                    return Err(StoryError::refused(
                        format!(
                            "{} is held, and reverting it on {name} conflicts with a later story in:\n{}",
                            story.marks.key,
                            super::conflict_lines(&conflicts)
                        ),
                        "cut from a commit without it (--from), or lift the hold with `storyboard unhold`",
                    ));
                }
            };
            keys.push(story.marks.key.clone());
        }
        if keys.is_empty() {
            return Ok(None);
        }
        let me = repo.identity()?;
        let trailers: String = keys
            .iter()
            .map(|k| format!("{ROLLBACK_TRAILER}: {k}\n"))
            .collect();
        let message = format!(
            "{ROLLBACK_SUBJECT}{} from {name}\n\nHeld out of the release.\n\n{trailers}{BRANCH_TRAILER}: {name}\n",
            keys.join(", ")
        );
        let commit = repo.write_commit(&NewCommit {
            tree,
            parents: &[tip],
            author: &me,
            committer: &me,
            message: &message,
        })?;
        Ok(Some((commit, keys)))
    }
}

/// `tree` with each of `brought` (a commit and the one before it) reverted
/// in turn, or the conflicts of the first that does not revert cleanly.
pub(super) fn revert_each(
    repo: &Repo,
    mut tree: Id,
    brought: &[(Id, Id)],
) -> Result<std::result::Result<Id, Vec<git::Conflict>>> {
    for (c, before) in brought {
        let (base, theirs) = (repo.commit(*c)?.tree, repo.commit(*before)?.tree);
        match repo.merge_trees(base, tree, theirs)? {
            Merged::Clean(t) => tree = t,
            Merged::Conflicts { conflicts, .. } => return Ok(Err(conflicts)),
        }
    }
    Ok(Ok(tree))
}

/// The commits that brought `story` into `tip`'s first-parent history, newest
/// first, each with the commit to revert it to: where the story arrived (a
/// merge commit, a squash, a fast-forward from its base) and every later
/// commit that names it (a second merge of its branch, a follow-up).
pub(super) fn bringers(
    repo: &Repo,
    log: &[LogEntry],
    contained: &super::Containment,
    story: &KnownStory,
    tip: Id,
) -> Result<Vec<(Id, Id)>> {
    let by_id: std::collections::HashMap<Id, &LogEntry> = log.iter().map(|e| (e.id, e)).collect();
    let key = &story.marks.key;
    let mut out = Vec::new();
    let mut cur = tip;
    for _ in 0..100_000 {
        if !contained.contains(cur, key) {
            break;
        }
        let Some(entry) = by_id.get(&cur) else {
            break;
        };
        let Some(&parent) = entry.parents.first() else {
            return Err(StoryError::refused(
                format!(
                    "{key} is in the first commit of the history: there is nothing to revert it to"
                ),
                "revert it by hand",
            ));
        };
        let arrived = !contained.contains(parent, key);
        let named = mention(&entry.message, &story.marks) == Some(true);
        if arrived && entry.parents.len() == 1 && story.marks.heads.contains(&cur) && !named {
            // A fast-forward: the story's own commits sit on the first-parent
            // line; revert them all, back to where the story began.
            if let Some(base) = story
                .base
                .filter(|b| *b != cur && repo.is_ancestor(*b, cur).unwrap_or(false))
            {
                out.push((cur, base));
                cur = base;
                continue;
            }
        }
        if arrived || named {
            out.push((cur, parent));
        }
        cur = parent;
    }
    Ok(out)
}
