//! Holds: a story rolled back from an environment stays out of it, and of the
//! stages after it, until someone lifts the hold. Promotion refuses a source
//! that would bring it back; a release cut leaves it out.
//!
//! A hold is a ref on the team remote (`refs::hold`), so every clone sees the
//! same holds: a chain of commits on the empty tree, each saying who held the
//! story from where and why, or who lifted the hold. Each is pushed over the
//! one before it, never forced.

use std::fmt;

use serde::Serialize;

use crate::git::{Expected, Id, NewCommit, Repo};
use crate::refs;
use crate::story::{Result, StoryError, Workspace};

const HOLD: &str = "Storyboard-Hold";
const HELD_FROM: &str = "Storyboard-Held-From";
const UNHOLD: &str = "Storyboard-Unhold";

/// A story's hold, as its newest hold commit says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hold {
    pub key: String,
    /// The environment it was rolled back from.
    pub from: String,
    pub by: String,
    /// Seconds since the Unix epoch.
    pub at: i64,
    pub message: Option<String>,
}

impl fmt::Display for Hold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is held from {} by {}", self.key, self.from, self.by)?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

/// What `unhold` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unheld {
    pub key: String,
    pub was: Hold,
}

impl fmt::Display for Unheld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "lifted the hold on {} (held from {} by {}); the next release cut carries it again (the release it was rolled back on does not hold it)",
            self.key, self.was.from, self.was.by
        )
    }
}

impl Workspace {
    /// Every story held now (as last fetched), by key.
    pub fn holds(&self) -> Result<Vec<Hold>> {
        self.holds_in(&self.repo()?)
    }

    pub(crate) fn holds_in(&self, repo: &Repo) -> Result<Vec<Hold>> {
        let mut out = Vec::new();
        for (_, id) in repo.refs_under(&refs::fetched_hold(""))? {
            if let Some(h) = read(repo, id)? {
                out.push(h);
            }
        }
        Ok(out)
    }

    /// The stages a hold keeps the story out of: the one it was rolled back
    /// from and every later one.
    pub(crate) fn held_from(&self, hold: &Hold) -> Vec<String> {
        let stages = &self.config.stages;
        match stages.iter().position(|s| *s == hold.from) {
            Some(i) => stages[i..].to_vec(),
            None => vec![hold.from.clone()],
        }
    }

    /// Holds `key` out of `env` on the team remote.
    pub(crate) fn hold(
        &self,
        repo: &Repo,
        key: &str,
        env: &str,
        message: Option<&str>,
    ) -> Result<()> {
        let body = message.map(|m| format!("{m}\n\n")).unwrap_or_default();
        self.write_hold(
            repo,
            key,
            &format!("Hold {key} out of {env}\n\n{body}{HOLD}: {key}\n{HELD_FROM}: {env}\n"),
        )
    }

    /// The hold `unhold` would lift, as the team remote has it now.
    pub fn held(&self, key: &str) -> Result<Hold> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        self.fetch_main(&repo)?;
        self.find_hold(&repo, key)
    }

    fn find_hold(&self, repo: &Repo, key: &str) -> Result<Hold> {
        self.holds_in(repo)?
            .into_iter()
            .find(|h| h.key.eq_ignore_ascii_case(key))
            .ok_or_else(|| {
                StoryError::refused(
                    format!("`{key}` is not held"),
                    "`storyboard status` shows which stories are held, and from where",
                )
            })
    }

    /// Lifts the hold on the story `key` (as last fetched, pushed only over
    /// the hold it lifts).
    pub fn unhold(&self, key: &str) -> Result<Unheld> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let was = self.find_hold(&repo, key)?;
        self.write_hold(
            &repo,
            &was.key,
            &format!("Lift the hold on {k}\n\n{UNHOLD}: {k}\n", k = was.key),
        )?;
        Ok(Unheld {
            key: was.key.clone(),
            was,
        })
    }

    fn write_hold(&self, repo: &Repo, key: &str, message: &str) -> Result<()> {
        let tracking = refs::fetched_hold(key);
        let previous = repo.ref_target(&tracking)?;
        let me = repo.identity()?;
        let parents: Vec<Id> = previous.into_iter().collect();
        let commit = repo.write_commit(&NewCommit {
            tree: repo.empty_tree()?,
            parents: &parents,
            author: &me,
            committer: &me,
            message,
        })?;
        let (team, _) = self.team(repo);
        let expected = match previous {
            Some(p) => Expected::At(p),
            None => Expected::Absent,
        };
        repo.push_expecting(&team, commit, &refs::hold(key), expected)
            .map_err(|e| match e {
                crate::git::RemoteError::Rejected { .. } => StoryError::refused(
                    format!("someone changed the hold on {key} meanwhile; nothing was written"),
                    "run `storyboard story fetch`, look at `storyboard status`, and try again",
                ),
                other => other.into(),
            })?;
        repo.set_ref(&tracking, commit, previous, "storyboard: hold")?;
        Ok(())
    }
}

/// The hold a hold commit states, or `None` when it lifts one (or is not one).
fn read(repo: &Repo, id: Id) -> Result<Option<Hold>> {
    let commit = repo.commit(id)?;
    if commit.trailer(UNHOLD).is_some() {
        return Ok(None);
    }
    let (Some(key), Some(from)) = (commit.trailer(HOLD), commit.trailer(HELD_FROM)) else {
        return Ok(None);
    };
    // The body between the subject and the trailers, when one was given.
    let message = commit
        .message
        .split("\n\n")
        .nth(1)
        .filter(|b| !b.starts_with(HOLD))
        .map(|b| b.trim().to_string())
        .filter(|b| !b.is_empty());
    Ok(Some(Hold {
        key: key.trim().to_string(),
        from: from.trim().to_string(),
        by: format!("{} <{}>", commit.committer.name, commit.committer.email),
        at: commit.committer.time,
        message,
    }))
}
