//! An environment's history: its deployments, newest first, each with who made
//! it, when, from what, and the stories that arrived and left with it. Read from
//! the deployments' trailers on its branch (as last fetched).

use std::fmt;

use serde::Serialize;

use super::minus;
use super::release::list;
use crate::story::{Result, StoryError, Workspace};

/// One deployment in an environment's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// The deployment commit on the environment's branch.
    pub deployment: String,
    /// Seconds since the Unix epoch.
    pub deployed_at: i64,
    pub deployed_by: String,
    pub source: String,
    pub source_ref: Option<String>,
    pub stories: Vec<String>,
    pub arrived: Vec<String>,
    pub left: Vec<String>,
    /// The story this deployment rolled back, and why, when it was a rollback.
    pub rollback: Option<String>,
    pub rollback_message: Option<String>,
    /// `YYYY-MM-DD HH:MM` in the deployer's offset, for people.
    pub when: String,
    /// Each companion's revision deployed with it, by name.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub companions: std::collections::BTreeMap<String, String>,
}

impl fmt::Display for HistoryEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}  {} ({})  by {}  [{}]",
            self.when,
            self.source_ref.as_deref().unwrap_or("a commit"),
            self.source.get(..7).unwrap_or(&self.source),
            self.deployed_by,
            self.deployment.get(..7).unwrap_or(&self.deployment),
        )?;
        if let Some(key) = &self.rollback {
            write!(f, "    rolled back {key}")?;
            match &self.rollback_message {
                Some(m) => writeln!(f, ": {m}")?,
                None => writeln!(f)?,
            }
        }
        for (name, rev) in &self.companions {
            writeln!(f, "    {name} {}", rev.get(..7).unwrap_or(rev))?;
        }
        writeln!(f, "    arrived  {}", list(&self.arrived))?;
        if !self.left.is_empty() {
            writeln!(f, "    left     {}", list(&self.left))?;
        }
        Ok(())
    }
}

impl Workspace {
    /// The last `limit` deployments to `name` (as last fetched), newest first.
    pub fn history(&self, name: &str, limit: usize) -> Result<Vec<HistoryEntry>> {
        let env = self.config.environment(name).cloned().ok_or_else(|| {
            let names: Vec<&str> = self
                .config
                .environments
                .iter()
                .map(|e| e.name.as_str())
                .collect();
            StoryError::refused(
                format!("no environment `{name}`"),
                match crate::config::nearest(name, names.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`? environments: {}", names.join(", ")),
                    None => format!("environments: {}", names.join(", ")),
                },
            )
        })?;
        let repo = self.repo()?;
        // One more than asked for: what the oldest shown replaced.
        let deployments = self
            .deployer(&repo)
            .history(&env, limit.saturating_add(1))?;
        let stories = self.known_stories(&repo)?;
        let tips: Vec<_> = deployments.iter().map(|d| d.source).collect();
        let contained = self.containment(&repo, &stories, &tips)?;
        let mut out = Vec::new();
        for (i, d) in deployments.iter().enumerate().take(limit) {
            let held = contained.keys(d.source);
            let before = deployments
                .get(i + 1)
                .map(|p| contained.keys(p.source))
                .unwrap_or_default();
            out.push(HistoryEntry {
                deployment: d.commit.id.to_string(),
                deployed_at: d.commit.committer.time,
                deployed_by: d.by(),
                source: d.source.to_string(),
                source_ref: d.source_ref.clone(),
                arrived: minus(&held, &before),
                left: minus(&before, &held),
                stories: held,
                rollback: d
                    .commit
                    .trailer(super::contains::ROLLBACK_TRAILER)
                    .map(|k| k.trim().to_string()),
                rollback_message: d
                    .commit
                    .trailer(super::contains::ROLLBACK_TRAILER)
                    .and_then(|_| repo.commit(d.source).ok())
                    .and_then(|c| {
                        c.message
                            .split("\n\n")
                            .nth(1)
                            .filter(|b| !b.starts_with("Reverts "))
                            .map(|b| b.trim().to_string())
                    }),
                when: d.at().date_time_zone(),
                companions: d
                    .companions
                    .iter()
                    .map(|(n, id)| (n.clone(), id.to_string()))
                    .collect(),
            });
        }
        Ok(out)
    }
}
