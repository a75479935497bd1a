//! A story's record: its key, branch, base and head, kept in a ref by key after
//! `story finish` deletes the branch, and shared through the team remote, so
//! that every clone can still name a finished story (which environment holds
//! it, which commits are its own, what to roll back).
//!
//! The record is a commit on an empty tree whose trailers say what the story is;
//! its parents are the previous record and the story's head, so the story's
//! commits stay reachable and each update is a fast-forward that is pushed
//! without force.

use super::{Result, StoryName, Workspace};
use crate::git::{Id, NewCommit, Repo};
use crate::refs;

/// What a record says of a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRecord {
    pub key: String,
    pub branch: String,
    /// The main commit the story was made from.
    pub base: Id,
    /// The story's last known head.
    pub head: Id,
    /// `story finish` removed its branch.
    pub finished: bool,
    /// The team remote has the record (as last fetched).
    pub shared: bool,
}

const KEY: &str = "Storyboard-Story";
const BRANCH: &str = "Storyboard-Branch";
const BASE: &str = "Storyboard-Base";
const HEAD: &str = "Storyboard-Head";
const FINISHED: &str = "Storyboard-Finished";

/// Where the records fetched from the team remote are kept, apart from the
/// records this clone writes (which it pushes).
pub(crate) fn fetched(key: &str) -> String {
    refs::fetched_story(key)
}

impl Workspace {
    /// Records `story` at `head` (made from `base`; `finished` once its branch
    /// goes), if the record does not say so already. Returns the record's commit.
    pub(crate) fn record_story(
        &self,
        repo: &Repo,
        story: &StoryName,
        base: Id,
        head: Id,
        finished: bool,
    ) -> Result<Id> {
        let name = refs::story(&story.key);
        let previous = repo.ref_target(&name)?;
        if let Some(p) = previous
            && read(repo, p)?.is_some_and(|r| {
                r.branch == story.branch
                    && r.base == base
                    && r.head == head
                    && r.finished == finished
            })
        {
            return Ok(p);
        }
        // The team's record (another clone's) is a parent too, unless this one
        // already holds it: the new record then fast-forwards both, and its
        // push is never refused for having diverged.
        let team = match repo.ref_target(&fetched(&story.key))? {
            Some(t)
                if previous.is_none_or(|p| p != t && !repo.is_ancestor(t, p).unwrap_or(false)) =>
            {
                Some(t)
            }
            _ => None,
        };
        // A record says what the story is, not who wrote it: without a git
        // identity (a fresh machine, CI) it is still written.
        let me = repo.identity().unwrap_or_else(|_| crate::git::Person {
            name: "storyboard".into(),
            email: "storyboard@localhost".into(),
            time: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0)),
            offset_minutes: 0,
        });
        let parents: Vec<Id> = previous.into_iter().chain(team).chain([head]).collect();
        let message = format!(
            "Story {}\n\n{KEY}: {}\n{BRANCH}: {}\n{BASE}: {base}\n{HEAD}: {head}\n{}",
            story.branch,
            story.key,
            story.branch,
            if finished {
                format!("{FINISHED}: yes\n")
            } else {
                String::new()
            }
        );
        let commit = repo.write_commit(&NewCommit {
            tree: repo.empty_tree()?,
            parents: &parents,
            author: &me,
            committer: &me,
            message: &message,
        })?;
        repo.set_ref(&name, commit, previous, "storyboard: story record")?;
        Ok(commit)
    }

    /// Pushes a story's record to `remote` (where the story itself goes),
    /// never forcing. A record the remote has moved past is left for the next
    /// push; the caller says so.
    pub(crate) fn push_record(
        &self,
        repo: &Repo,
        remote: &crate::git::Remote,
        key: &str,
    ) -> Result<()> {
        let name = refs::story(key);
        if let Some(id) = repo.ref_target(&name)? {
            repo.push(remote, id, &name)?;
        }
        Ok(())
    }

    /// The record of the story with this key: this clone's, else the team's as
    /// last fetched.
    pub fn story_record(&self, key: &str) -> Result<Option<StoryRecord>> {
        let repo = self.repo()?;
        let shared = repo.ref_target(&fetched(key))?.is_some();
        for name in [refs::story(key), fetched(key)] {
            if let Some(id) = repo.ref_target(&name)? {
                return Ok(read(&repo, id)?.map(|r| StoryRecord { shared, ..r }));
            }
        }
        Ok(None)
    }

    /// Every story recorded here or on the team remote, by key.
    pub fn story_records(&self) -> Result<Vec<StoryRecord>> {
        self.story_records_in(&self.repo()?)
    }

    /// Every story recorded in `repo` or on the team remote (as last fetched):
    /// this clone's record where both exist, since it is the newer or the same.
    pub(crate) fn story_records_in(&self, repo: &Repo) -> Result<Vec<StoryRecord>> {
        let mut records: std::collections::BTreeMap<String, StoryRecord> = Default::default();
        for (prefix, shared) in [(refs::fetched_story(""), true), (refs::story(""), false)] {
            for (_, id) in repo.refs_under(&prefix)? {
                if let Some(r) = read(repo, id)? {
                    let shared = shared || records.get(&r.key).is_some_and(|old| old.shared);
                    records.insert(r.key.clone(), StoryRecord { shared, ..r });
                }
            }
        }
        Ok(records.into_values().collect())
    }
}

/// The record a record commit holds, or `None` when it holds none.
fn read(repo: &Repo, id: Id) -> Result<Option<StoryRecord>> {
    let commit = repo.commit(id)?;
    let field = |k: &str| commit.trailer(k);
    let (Some(key), Some(branch), Some(base), Some(head)) =
        (field(KEY), field(BRANCH), field(BASE), field(HEAD))
    else {
        return Ok(None);
    };
    let (Ok(base), Ok(head)) = (repo.resolve(&base), repo.resolve(&head)) else {
        return Ok(None);
    };
    Ok(Some(StoryRecord {
        key,
        branch,
        base,
        head,
        finished: commit.trailer(FINISHED).is_some(),
        shared: false,
    }))
}
