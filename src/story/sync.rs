//! Sync back: the commits made on your environment's branch after its last
//! deployment (edits in Looker's IDE, in environment form) are unrendered and
//! replayed on the story branch in canonical form, keeping their author, date and
//! message; a three-way merge when the story moved meanwhile.
//!
//! The replayed commits are built in the object database first; the story's
//! worktree and branch move once, at the end. A conflict stops before anything
//! moves: the conflicted files get the merge's markers in the story's worktree (only
//! where the user had no edits of their own) and `sync --continue` takes the
//! resolved files from there; `sync --abort` puts them back.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Deployment, PublishReport, Resumed};
use super::{Progress, Result, StoryError, StoryName, Workspace, step};
use crate::config::Environment;
use crate::fileset::FileSet;
use crate::git::{Id, Merged, NewCommit, Repo, UpdateRefused};
use crate::pause::{self, PauseStore, Unresolved};

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub story: String,
    pub environment: String,
    /// Each commit made in the environment, and the story commit replaying it
    /// (`None` when the story already had that change).
    pub replayed: Vec<(Id, Option<Id>, String)>,
    /// The deployment that records the sync on the environment's branch.
    pub published: Option<PublishReport>,
    pub resumed: Option<Resumed>,
    /// Commits that did not render back on their own, folded into the next
    /// one that did: (commit, summary, the commit they went into).
    pub folded: Vec<(Id, String, Id)>,
    /// `--drop-looker-edits`: the ref keeping the edits set aside, and how many.
    pub set_aside: Option<(String, usize)>,
}

/// How a sync ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncOutcome {
    Done(Box<SyncReport>),
    /// Stopped at a commit whose change conflicts with the story's.
    Conflicts {
        story: String,
        environment: String,
        /// The environment commit that could not be applied, and its summary.
        commit: (Id, String),
        /// The conflicted files, in the story's project directory.
        files: Vec<PathBuf>,
        /// Conflicted files that had uncommitted edits, so got no markers.
        untouched: Vec<PathBuf>,
    },
}

/// Where a sync stopped at a conflict, to go on from with `--continue` (the
/// conflicted files and their markers are the pause's).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SyncState {
    story: String,
    environment: String,
    env_tip: String,
    story_head: String,
    /// The replayed chain so far (a commit in the object database).
    built: String,
    /// Which commit after the deployment stopped.
    index: usize,
    base: String,
    /// Never read; kept so a state file stays readable by any version.
    theirs: String,
}

/// A paused sync: its state flattened beside the pause's, as one JSON object.
type Paused = pause::Paused<SyncState>;

/// What to do with a paused sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolve {
    Start,
    Continue,
    Abort,
    /// Set Looker's edits aside (kept under a backup ref) and publish the
    /// story over them: the way out when Looker's latest state cannot be
    /// brought back.
    DropLookerEdits,
}

/// Where the next replayed commit starts.
struct Cursor {
    built: Id,
    base: Id,
    index: usize,
    resolved: Option<(Id, FileSet)>,
}

impl Workspace {
    /// Where paused syncs are kept, one per story.
    fn paused_syncs(&self) -> PauseStore {
        PauseStore::new(self.state_dir().join("sync"))
    }

    /// The conflicted files of the story's sync, when one stopped at a conflict.
    pub(crate) fn sync_conflicts(&self, branch: &str) -> Vec<PathBuf> {
        self.paused_syncs()
            .read::<SyncState>(branch)
            .map(|p| p.conflicts)
            .unwrap_or_default()
    }

    /// Syncs the story last deployed to your environment (the caller holds the lock).
    pub(crate) fn sync_locked(
        &self,
        repo: &Repo,
        resolve: Resolve,
        progress: Progress<'_>,
    ) -> Result<SyncOutcome> {
        let env = self.dev_environment()?.clone();
        let deployer = self.deployer(repo);
        let resumed = deployer.resume(&env)?;
        step(progress, format!("fetching {}", env.name), 0, 3);
        let state = deployer.fetch(&env)?;
        let Some(last) = state.last.clone() else {
            return Ok(SyncOutcome::Done(Box::new(SyncReport {
                story: String::new(),
                environment: env.name.clone(),
                replayed: Vec::new(),
                published: None,
                resumed,
                folded: Vec::new(),
                set_aside: None,
            })));
        };
        let story = self.deployed_story(repo, &last, &env)?;
        let paused: Option<Paused> = self.paused_syncs().read(&story.branch);
        let head = self.story_head(repo, &story)?;
        if resolve == Resolve::DropLookerEdits {
            if let Some(p) = &paused {
                return Err(StoryError::refused(
                    format!(
                        "a sync of {} stopped at a conflict in: {}",
                        story.branch,
                        display_paths(&p.conflicts)
                    ),
                    "give it up with `storyboard story sync --abort` first",
                ));
            }
            return self.drop_looker_edits(repo, &story, &env, &state, resumed, progress);
        }
        let cursor = match (resolve, paused) {
            (Resolve::Abort, Some(p)) => {
                self.abort(repo, &story, &p)?;
                return Err(StoryError::refused(
                    format!("the paused sync of {} was abandoned", story.branch),
                    "nothing was applied; run `storyboard story sync` to start again",
                ));
            }
            (Resolve::DropLookerEdits, _) => {
                return Err(StoryError::refused(
                    "Looker's edits were not set aside",
                    "run `storyboard story sync --drop-looker-edits` again",
                ));
            }
            (Resolve::Abort | Resolve::Continue, None) => {
                return Err(StoryError::refused(
                    format!("no sync of {} is paused", story.branch),
                    "run `storyboard story sync`",
                ));
            }
            (Resolve::Start, Some(p)) => {
                return Err(StoryError::refused(
                    format!(
                        "a sync of {} stopped at a conflict in: {}",
                        story.branch,
                        display_paths(&p.conflicts)
                    ),
                    "resolve the conflict markers in those files, then run `storyboard story sync --continue` (or `--abort`)",
                ));
            }
            (Resolve::Continue, Some(p)) => self.resolution(repo, &story, &p, head, state.tip)?,
            (Resolve::Start, None) => Cursor {
                built: head,
                base: repo.subtree(last.source, &self.prefix).map_err(|_| {
                    StoryError::refused(
                        format!(
                            "the commit {} that `{}` was rendered from is not in this repository",
                            last.source.short(),
                            env.name
                        ),
                        format!(
                            "fetch {} from the team remote, then sync again",
                            story.branch
                        ),
                    )
                })?,
                index: 0,
                resolved: None,
            },
        };
        if state.after.len() <= cursor.index {
            self.paused_syncs().remove(&story.branch);
            return Ok(SyncOutcome::Done(Box::new(SyncReport {
                story: story.branch.clone(),
                environment: env.name.clone(),
                replayed: Vec::new(),
                published: None,
                resumed,
                folded: Vec::new(),
                set_aside: None,
            })));
        }
        let mut cursor = cursor;
        let mut replayed = Vec::new();
        let mut folded: Vec<(Id, String, Id)> = Vec::new();
        let mut folding: Vec<&crate::git::Commit> = Vec::new();
        let me = repo.identity()?;
        let total = state.after.len();
        while cursor.index < total {
            let looker = &state.after[cursor.index];
            step(
                progress,
                format!("replaying {} {}", looker.id.short(), looker.summary()),
                cursor.index,
                total,
            );
            let base_files = repo.files(cursor.base, None)?;
            let theirs = match self.unrender_commit(repo, looker.tree, &env, &base_files) {
                Ok(t) => t,
                // A commit that does not render back (a syntax error, the
                // production connection typed by hand) is folded into the
                // next one that does: each commit holds the whole state.
                Err(StoryError::Render { .. }) if cursor.index + 1 < total => {
                    folding.push(looker);
                    cursor.index += 1;
                    continue;
                }
                Err(StoryError::Render { env: name, error }) => {
                    return Err(StoryError::refused(
                        format!(
                            "Looker's latest commit on `{name}` ({} {}) cannot be brought back into {}:\n{error}",
                            looker.id.short(),
                            looker.summary(),
                            story.branch
                        ),
                        "fix it in Looker's IDE and run `storyboard story sync` again, or `storyboard story sync --drop-looker-edits` to set Looker's edits aside (kept under refs/storyboard/backup/) and publish the story over them",
                    ));
                }
                Err(e) => return Err(e),
            };
            let ours = repo.subtree(cursor.built, &self.prefix)?;
            let merged = if ours == cursor.base {
                theirs
            } else if let Some((partial, files)) = cursor.resolved.take() {
                repo.patch_tree(partial, &[], &files)?
            } else {
                match repo.merge_trees(cursor.base, ours, theirs)? {
                    Merged::Clean(t) => t,
                    Merged::Conflicts { partial, conflicts } => {
                        return self.pause(
                            repo,
                            &story,
                            &env,
                            Paused {
                                op: SyncState {
                                    story: story.branch.clone(),
                                    environment: env.name.clone(),
                                    env_tip: state.tip.map(|t| t.to_string()).unwrap_or_default(),
                                    story_head: head.to_string(),
                                    built: cursor.built.to_string(),
                                    index: cursor.index,
                                    base: cursor.base.to_string(),
                                    theirs: theirs.to_string(),
                                },
                                partial: partial.to_string(),
                                conflicts: conflicts.iter().map(|c| c.path.clone()).collect(),
                                marked: Vec::new(),
                            },
                            conflicts,
                            (looker.id, looker.summary().to_string()),
                        );
                    }
                }
            };
            if merged == ours {
                replayed.push((looker.id, None, looker.summary().to_string()));
                for f in folding.drain(..) {
                    folded.push((f.id, f.summary().to_string(), cursor.built));
                }
            } else {
                let root = repo.commit(cursor.built)?.tree;
                let tree = repo.graft(root, &self.prefix, merged)?;
                let message = folded_message(&looker.message, &folding);
                let commit = repo.write_commit(&NewCommit {
                    tree,
                    parents: &[cursor.built],
                    author: &looker.author,
                    committer: &me,
                    message: &message,
                })?;
                replayed.push((looker.id, Some(commit), looker.summary().to_string()));
                for f in folding.drain(..) {
                    folded.push((f.id, f.summary().to_string(), commit));
                }
                cursor.built = commit;
            }
            folding.clear();
            cursor.base = theirs;
            cursor.index += 1;
        }
        step(
            progress,
            format!("updating {}", story.branch),
            total,
            total + 1,
        );
        if cursor.built != head {
            self.advance(repo, &story, head, cursor.built)?;
        }
        self.paused_syncs().remove(&story.branch);
        let published = self.publish_locked(repo, &story, state.tip, progress)?;
        Ok(SyncOutcome::Done(Box::new(SyncReport {
            story: story.branch.clone(),
            environment: env.name.clone(),
            replayed,
            published: Some(published),
            resumed,
            folded,
            set_aside: None,
        })))
    }

    /// Keeps the environment's commits after its last deployment under a
    /// backup ref, then publishes the story over them (a new commit on top:
    /// nothing is rewritten, and the ref names them for anyone looking).
    fn drop_looker_edits(
        &self,
        repo: &Repo,
        story: &StoryName,
        env: &Environment,
        state: &crate::deploy::EnvState,
        resumed: Option<Resumed>,
        progress: Progress<'_>,
    ) -> Result<SyncOutcome> {
        let mut set_aside = None;
        if let Some(tip) = state.tip.filter(|_| !state.after.is_empty()) {
            let name = crate::refs::backup(&format!("looker/{}/{}", env.name, tip.short()));
            if repo.ref_target(&name)? != Some(tip) {
                repo.set_ref(&name, tip, None, "storyboard: Looker's edits set aside")?;
            }
            crate::git::crash_point("drop-after-backup");
            set_aside = Some((name, state.after.len()));
        }
        let published = self.publish_locked(repo, story, state.tip, progress)?;
        Ok(SyncOutcome::Done(Box::new(SyncReport {
            story: story.branch.clone(),
            environment: env.name.clone(),
            replayed: Vec::new(),
            published: Some(published),
            resumed,
            folded: Vec::new(),
            set_aside,
        })))
    }

    /// The story a deployment was made from.
    fn deployed_story(
        &self,
        repo: &Repo,
        last: &Deployment,
        env: &Environment,
    ) -> Result<StoryName> {
        let Some(branch) = &last.story else {
            return Err(StoryError::refused(
                format!(
                    "the last deployment to `{}` ({}) was not made from a story",
                    env.name,
                    last.commit.id.short()
                ),
                "publish a story first; edits made in Looker are synced into the story deployed",
            ));
        };
        self.find(repo, branch).map_err(|_| {
            StoryError::refused(
                format!(
                    "`{}` holds edits for {branch}, which no longer exists here",
                    env.name
                ),
                format!("fetch or recreate the branch {branch}, then sync again"),
            )
        })
    }

    pub(crate) fn story_head(&self, repo: &Repo, story: &StoryName) -> Result<Id> {
        repo.ref_target(&format!("refs/heads/{}", story.branch))?
            .ok_or_else(|| {
                StoryError::refused(
                    format!("the branch `{}` no longer exists", story.branch),
                    "`storyboard story list` shows every story",
                )
            })
    }

    /// An environment tree in canonical form, written as a tree.
    fn unrender_commit(
        &self,
        repo: &Repo,
        env_tree: Id,
        env: &Environment,
        reference: &FileSet,
    ) -> Result<Id> {
        let files = repo.files(env_tree, None)?;
        let canonical = crate::env::unrender(&files, env, Some(reference)).map_err(|error| {
            StoryError::Render {
                env: env.name.clone(),
                error,
            }
        })?;
        Ok(repo.write_files(&canonical.files)?)
    }

    /// Moves the story's worktree and branch from `old` to `new`.
    pub(crate) fn advance(&self, repo: &Repo, story: &StoryName, old: Id, new: Id) -> Result<()> {
        match self.worktree_of(repo, &story.branch)? {
            Some(wt) => {
                let here = Repo::open(&wt.path)?;
                match here.advance_worktree(new)? {
                    Ok(()) => Ok(()),
                    Err(UpdateRefused::Dirty(files)) => Err(StoryError::refused(
                        format!(
                            "uncommitted edits in {} would be overwritten: {}",
                            wt.path.display(),
                            display_paths(&files)
                        ),
                        "commit them (or move them aside), then run this again; nothing was changed",
                    )),
                }
            }
            None => Ok(repo.set_ref(
                &format!("refs/heads/{}", story.branch),
                new,
                Some(old),
                "storyboard: sync",
            )?),
        }
    }

    fn pause(
        &self,
        repo: &Repo,
        story: &StoryName,
        env: &Environment,
        mut paused: Paused,
        conflicts: Vec<crate::git::Conflict>,
        commit: (Id, String),
    ) -> Result<SyncOutcome> {
        let worktree = self.worktree_of(repo, &story.branch)?;
        let mut untouched = Vec::new();
        if let Some(wt) = &worktree {
            let here = Repo::open(&wt.path)?;
            let dirty: BTreeSet<PathBuf> = here.uncommitted()?.into_iter().collect();
            let head = paused.op.story_head.parse::<Id>()?;
            let built = paused.op.built.parse::<Id>()?;
            let conflict_paths: BTreeSet<PathBuf> =
                conflicts.iter().map(|c| c.path.clone()).collect();
            let at_head = repo.files(repo.subtree(head, &self.prefix)?, Some(&conflict_paths))?;
            let at_built = repo.files(repo.subtree(built, &self.prefix)?, Some(&conflict_paths))?;
            // Markers go only where the file holds nothing of the user's: no
            // uncommitted edit, and the story's version is the one being replayed onto.
            let safe = |path: &Path| {
                !dirty.contains(&self.prefix.join(path)) && at_head.get(path) == at_built.get(path)
            };
            untouched = pause::mark(&self.project_dir(&wt.path), &conflicts, safe, &mut paused)?;
        }
        self.paused_syncs().write(&story.branch, &paused)?;
        let dir = worktree
            .map(|w| self.project_dir(&w.path))
            .unwrap_or_default();
        Ok(SyncOutcome::Conflicts {
            story: story.branch.clone(),
            environment: env.name.clone(),
            commit,
            files: paused.conflicts.iter().map(|p| dir.join(p)).collect(),
            untouched: untouched.iter().map(|p| dir.join(p)).collect(),
        })
    }

    /// The resolved files of a paused sync, read from the story's worktree.
    fn resolution(
        &self,
        repo: &Repo,
        story: &StoryName,
        p: &Paused,
        head: Id,
        env_tip: Option<Id>,
    ) -> Result<Cursor> {
        if p.op.story_head != head.to_string() {
            return Err(StoryError::refused(
                format!("{} moved since the sync stopped", story.branch),
                "run `storyboard story sync --abort`, then sync again",
            ));
        }
        if p.op.env_tip != env_tip.map(|t| t.to_string()).unwrap_or_default() {
            return Err(StoryError::refused(
                format!("`{}` moved since the sync stopped", p.op.environment),
                "run `storyboard story sync --abort`, then sync again",
            ));
        }
        let wt = self.worktree_of(repo, &story.branch)?.ok_or_else(|| {
            StoryError::refused(
                format!(
                    "{} has no worktree to take the resolution from",
                    story.branch
                ),
                "run `storyboard story sync --abort`",
            )
        })?;
        let dir = self.project_dir(&wt.path);
        let (partial, files) = pause::resolution(repo, &dir, p).map_err(|e| match e {
            Unresolved::Markers(files) => StoryError::refused(
                format!("conflict markers are still in: {}", display_paths(&files)),
                "edit them away (keep what should stay), then run `storyboard story sync --continue`",
            ),
            Unresolved::Git(message) => crate::git::GitError::other("cannot resume the sync", message).into(),
        })?;
        Ok(Cursor {
            built: p.op.built.parse()?,
            base: p.op.base.parse()?,
            index: p.op.index,
            resolved: Some((partial, files)),
        })
    }

    fn abort(&self, repo: &Repo, story: &StoryName, p: &Paused) -> Result<()> {
        if let Some(wt) = self.worktree_of(repo, &story.branch)? {
            let head: Id = p.op.story_head.parse()?;
            let paths = pause::marked_paths(p);
            let original = repo.files(repo.subtree(head, &self.prefix)?, Some(&paths))?;
            pause::restore(&self.project_dir(&wt.path), p, &original);
        }
        self.paused_syncs().remove(&story.branch);
        Ok(())
    }
}

pub(crate) fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A replayed commit's message, naming the commits folded into it: their
/// summaries, and their authors as `Co-authored-by` trailers.
fn folded_message(message: &str, folded: &[&crate::git::Commit]) -> String {
    if folded.is_empty() {
        return message.to_string();
    }
    let mut out = message.trim_end().to_string();
    out.push_str("\n\nFolded in from Looker (they did not render back on their own):\n");
    for f in folded {
        out.push_str(&format!(
            "- {} {} ({}, {})\n",
            f.id.short(),
            f.summary(),
            f.author.name,
            crate::calendar::Moment {
                seconds: f.author.time,
                offset_minutes: f.author.offset_minutes
            }
            .date_time_zone()
        ));
    }
    let mut authors: Vec<String> = Vec::new();
    for f in folded {
        let a = format!("{} <{}>", f.author.name, f.author.email);
        if !authors.contains(&a) {
            authors.push(a);
        }
    }
    out.push('\n');
    for a in authors {
        out.push_str(&format!("Co-authored-by: {a}\n"));
    }
    out
}
