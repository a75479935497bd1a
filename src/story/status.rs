//! What `story list`, `status` and the terminal UI show: each story's place against
//! main, its worktree, your environment and the team remote; each environment's
//! deployed source. Read from local refs only, so it is quick and works offline;
//! `fetch` brings the refs up to date.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::{Result, Workspace};
use crate::git::{Id, Repo};

/// Whether a story is what your environment shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Published {
    No,
    /// Its head is deployed.
    Yes,
    /// An older commit of it is deployed.
    Stale,
}

/// Whether a story's branch is on the remote its pull request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "state", content = "commits")]
pub enum Pushed {
    No,
    Yes,
    /// Commits made since the last push.
    Ahead(usize),
}

/// One commit, in a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitLine {
    pub id: String,
    pub summary: String,
    pub author: String,
    /// Seconds since the Unix epoch.
    pub time: i64,
}

/// One story as `story list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryStatus {
    pub branch: String,
    pub key: String,
    pub slug: String,
    pub current: bool,
    pub worktree: Option<PathBuf>,
    pub ahead: usize,
    pub behind: usize,
    /// Files with uncommitted changes in its worktree.
    pub uncommitted: usize,
    pub last_commit: CommitLine,
    pub published: Published,
    /// Commits made in your environment after the story's deployment, not synced.
    pub unsynced: usize,
    pub pushed: Pushed,
    pub merged: bool,
    /// The files of a sync of this story stopped at a conflict (resolved with
    /// `story sync --continue` or given up with `--abort`); empty otherwise.
    pub sync_conflicts: Vec<PathBuf>,
    /// The story in each companion repository, by name (none configured:
    /// left out).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub companions: BTreeMap<String, super::CompanionState>,
}

/// One environment as `status` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvironmentStatus {
    pub name: String,
    pub branch: String,
    pub remote: String,
    pub protected: bool,
    /// The canonical commit of its last deployment.
    pub source: Option<String>,
    pub story: Option<String>,
    pub deployed_at: Option<i64>,
    /// Commits made there after the last deployment.
    pub edits_since: usize,
    /// Why there is nothing to show (never fetched, never deployed).
    pub note: Option<String>,
}

impl CommitLine {
    fn of(repo: &Repo, id: Id) -> Result<CommitLine> {
        let c = repo.commit(id)?;
        Ok(CommitLine {
            id: id.short(),
            summary: c.summary().to_string(),
            author: c.author.name.clone(),
            time: c.author.time,
        })
    }
}

impl Workspace {
    /// Every story, sorted by branch.
    pub fn list(&self) -> Result<Vec<StoryStatus>> {
        let repo = self.repo()?;
        let main = self.main_commit(&repo)?;
        let current = self.current();
        let worktrees: BTreeMap<String, PathBuf> = repo
            .worktrees()?
            .into_iter()
            .filter_map(|w| Some((w.branch?.strip_prefix("refs/heads/")?.to_string(), w.path)))
            .collect();
        let deployed = match self.dev_environment() {
            Ok(env) => Some(self.deployer(&repo).state(env)?),
            Err(_) => None,
        };
        let (team, _) = self.team(&repo);
        // Squash and rebase merges leave the story's commits out of main; main's
        // history still names the story.
        let known = self.known_stories(&repo)?;
        let in_main = self.containment(&repo, &known, &[main])?;
        let mut out = Vec::new();
        let stories = self.stories(&repo)?;
        let mut companions = self.companion_states(&repo, &stories)?.into_iter();
        for story in stories {
            let head = self.story_head(&repo, &story)?;
            let (ahead, behind) = repo.ahead_behind(head, main)?;
            let worktree = worktrees.get(&story.branch).cloned();
            let uncommitted = match &worktree {
                Some(p) if p.exists() => Repo::open(p)?.uncommitted()?.len(),
                _ => 0,
            };
            let (mut published, mut unsynced) = (Published::No, 0);
            if let Some(state) = &deployed
                && let Some(last) = &state.last
                && last.story.as_deref() == Some(story.branch.as_str())
            {
                published = if last.source == head {
                    Published::Yes
                } else {
                    Published::Stale
                };
                unsynced = state.after.len();
            }
            let pushed_at = match repo.ref_target(&pushed_ref(&story.branch))? {
                Some(id) => Some(id),
                None if repo.remote_url(&team.spec).is_some() => {
                    repo.ref_target(&format!("refs/remotes/{}/{}", team.spec, story.branch))?
                }
                None => None,
            };
            let pushed = match pushed_at {
                None => Pushed::No,
                Some(p) if p == head => Pushed::Yes,
                Some(p) => Pushed::Ahead(repo.ahead_behind(head, p)?.0),
            };
            // Nothing ahead of main means main contains the head; a story still at
            // its base has nothing to merge.
            let merged = (ahead == 0 && self.story_base(&repo, &story) != Some(head))
                || in_main.contains(main, &story.key);
            out.push(StoryStatus {
                current: current.as_deref() == Some(story.branch.as_str()),
                worktree,
                ahead,
                behind,
                uncommitted,
                last_commit: CommitLine::of(&repo, head)?,
                published,
                unsynced,
                pushed,
                merged,
                sync_conflicts: self.sync_conflicts(&story.branch),
                companions: companions.next().unwrap_or_default(),
                branch: story.branch,
                key: story.key,
                slug: story.slug,
            });
        }
        Ok(out)
    }

    /// Every environment and what it holds, as last fetched: the pipeline's
    /// stages in order, your own, then the rest.
    pub fn environments(&self) -> Result<Vec<EnvironmentStatus>> {
        let repo = self.repo()?;
        let deployer = self.deployer(&repo);
        let mut out = Vec::new();
        // Colleagues' environments after the configured ones, as on the board.
        let colleagues = crate::pipeline::colleagues_here(self, &repo);
        let shown = crate::pipeline::board_order(self)
            .into_iter()
            .chain(colleagues.iter());
        for env in shown {
            let state = deployer.state(env)?;
            let note = match (&state.tip, &state.last) {
                (None, _) => Some("not fetched yet (or never deployed)".to_string()),
                (Some(_), None) => Some("no deployment by storyboard yet".to_string()),
                _ => None,
            };
            out.push(EnvironmentStatus {
                name: env.name.clone(),
                branch: env.branch.clone(),
                remote: env.remote.clone(),
                protected: env.protected,
                source: state.last.as_ref().map(|d| d.source.short()),
                story: state.last.as_ref().and_then(|d| d.story.clone()),
                deployed_at: state.last.as_ref().map(|d| d.commit.committer.time),
                edits_since: state.after.len(),
                note,
            });
        }
        Ok(out)
    }
}

/// Where `story pr` records what it pushed.
pub(crate) fn pushed_ref(branch: &str) -> String {
    crate::refs::pushed(branch)
}

/// One local branch, as the terminal UI's branches pane shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchStatus {
    pub name: String,
    pub is_story: bool,
    pub head: CommitLine,
    /// Commits ahead of and behind its upstream, when it has one.
    pub upstream: Option<(usize, usize)>,
}

impl Workspace {
    /// Every local branch, stories marked.
    pub fn branches(&self) -> Result<Vec<BranchStatus>> {
        let repo = self.repo()?;
        let stories: std::collections::BTreeSet<String> =
            self.stories(&repo)?.into_iter().map(|s| s.branch).collect();
        let mut out = Vec::new();
        for (name, head) in repo.refs_under("refs/heads/")? {
            let Some(short) = name.strip_prefix("refs/heads/") else {
                continue;
            };
            let upstream = match repo.upstream_of(short)? {
                Some(up) => Some(repo.ahead_behind(head, up)?),
                None => None,
            };
            out.push(BranchStatus {
                name: short.to_string(),
                is_story: stories.contains(short),
                head: CommitLine::of(&repo, head)?,
                upstream,
            });
        }
        Ok(out)
    }
}
