//! The board: stories × environments, each cell deployed, pending or absent,
//! read from git alone (as last fetched), so every clone shows the same.
//! `storyboard status` prints it; its JSON is a contract for scripts.

use std::fmt;

use serde::{Serialize, Serializer};

use super::{KnownStory, SignOffState, minus};
use crate::git::Id;
use crate::progress::{Progress, step};
use crate::story::{Result, Workspace};

pub(crate) fn id_string<S: Serializer>(id: &Id, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&id.to_string())
}

pub(crate) fn opt_id_string<S: Serializer>(
    id: &Option<Id>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match id {
        Some(id) => s.serialize_str(&id.to_string()),
        None => s.serialize_none(),
    }
}

/// One environment's column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvironmentColumn {
    pub name: String,
    /// Its place in the pipeline (0 = the first stage); `None` off the pipeline.
    pub stage: Option<usize>,
    pub branch: String,
    pub remote: String,
    pub protected: bool,
    /// Another developer's environment, found by their remote (not configured
    /// here): read only.
    pub colleague: bool,
    /// The canonical commit of its last deployment.
    #[serde(serialize_with = "opt_id_string")]
    pub source: Option<Id>,
    /// What that commit was: `main`, a release branch, a story's branch.
    pub source_ref: Option<String>,
    /// The story deployed, when a story was.
    pub story: Option<String>,
    /// Stories the deployed source contains.
    pub stories: Vec<String>,
    /// What the stage takes next by default, and the stories that would
    /// arrive with it.
    #[serde(serialize_with = "opt_id_string")]
    pub next: Option<Id>,
    pub next_ref: Option<String>,
    pub pending: Vec<String>,
    /// Stories it holds that its next promotion would take out (rolled back
    /// on the stage before it, say).
    pub leaving: Vec<String>,
    /// Seconds since the Unix epoch.
    pub deployed_at: Option<i64>,
    /// The same, with the deployer's offset from UTC, for people.
    #[serde(skip)]
    pub deployed_moment: Option<crate::calendar::Moment>,
    pub deployed_by: Option<String>,
    /// Commits made there after the last deployment.
    pub edits_since: usize,
    /// Its Looker instance, when it has one: `deployed`, or `behind` when the
    /// branch is pushed and Looker has not deployed it.
    pub looker: Option<String>,
    /// Why there is nothing to show (never fetched, never deployed) or nothing
    /// to take next.
    pub note: Option<String>,
    /// Each companion's revision its last deployment recorded, by name.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub companions: std::collections::BTreeMap<String, String>,
}

/// Where a story's work stands in git.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StoryState {
    /// A branch not pushed for review.
    Open,
    /// Pushed for review, not merged.
    Pushed,
    /// In main.
    Merged,
    /// Its branch is gone (`story finish`); its record remains.
    Finished,
}

/// One story's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryRow {
    pub key: String,
    pub branch: String,
    pub state: StoryState,
    /// The environments whose deployed source contains it, in board order.
    pub on: Vec<String>,
    /// The environments it would arrive on with their next promotion.
    pub pending: Vec<String>,
    /// The environments it would leave with their next promotion.
    pub leaving: Vec<String>,
    /// Rolled back and held out until `unhold`.
    pub held: bool,
    /// The environments it is held out of: the one it was rolled back from
    /// and the stages after it.
    pub held_from: Vec<String>,
    /// The environments where it is accepted, and the sign-off still holds
    /// for what each holds now.
    pub accepted_on: Vec<String>,
    /// The environments where it was rejected (and not accepted since).
    pub rejected_on: Vec<String>,
    /// The environments where it was signed off (either way) and a later
    /// deployment changed its objects since: it needs testing again.
    pub stale_on: Vec<String>,
    /// Its sign-offs in detail (who, when, on which source, why), one per
    /// environment.
    pub sign_offs: Vec<super::SignOff>,
    pub current: bool,
}

/// A release branch and the stories it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseColumn {
    pub name: String,
    #[serde(serialize_with = "id_string")]
    pub commit: Id,
    pub stories: Vec<String>,
}

/// A cell of the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cell {
    /// Deployed, and its next promotion takes it out.
    Leaving,
    Deployed,
    /// Held out of this environment (rolled back, not yet unheld).
    Held,
    Pending,
    Absent,
}

/// Stories × environments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Board {
    /// The story published to your environment and worked on.
    pub current: Option<String>,
    /// The stages in pipeline order, then your environment, then the rest.
    pub environments: Vec<EnvironmentColumn>,
    pub stories: Vec<StoryRow>,
    /// Oldest first.
    pub releases: Vec<ReleaseColumn>,
}

impl Board {
    /// `story`'s sign-off on `environment`, if it has one: accepted,
    /// rejected, or stale.
    pub fn sign_off(&self, story: &StoryRow, environment: &str) -> Option<SignOffState> {
        story
            .sign_offs
            .iter()
            .find(|s| s.environment == environment)
            .map(|s| s.state)
    }

    /// What `story`'s cell in `environment`'s column says.
    pub fn cell(&self, story: &StoryRow, environment: &str) -> Cell {
        if story.leaving.iter().any(|e| e == environment) {
            Cell::Leaving
        } else if story.on.iter().any(|e| e == environment) {
            Cell::Deployed
        } else if story.held_from.iter().any(|e| e == environment) {
            Cell::Held
        } else if story.pending.iter().any(|e| e == environment) {
            Cell::Pending
        } else {
            Cell::Absent
        }
    }
}

impl Workspace {
    /// The board, from local refs (`storyboard story fetch` brings them up to
    /// date).
    pub fn board(&self, progress: Progress<'_>) -> Result<Board> {
        let repo = self.repo()?;
        step(progress, "reading the pipeline", 0, 2);
        let positions = self.positions(&repo)?;
        let stories = self.known_stories(&repo)?;
        let mut columns = positions.environments.clone();
        let deployer = self.deployer(&repo);
        for env in super::colleagues_here(self, &repo) {
            let state = deployer.state(&env)?;
            columns.push((env, state));
        }
        let nexts: Vec<Option<(crate::deploy::Source, String)>> = columns
            .iter()
            .map(|(env, _)| positions.next(self, &env.name).ok())
            .collect();
        let mut tips: Vec<Id> = positions.main.into_iter().collect();
        tips.extend(positions.releases.iter().map(|r| r.commit));
        for (i, (_, state)) in columns.iter().enumerate() {
            tips.extend(state.last.as_ref().map(|d| d.source));
            tips.extend(nexts[i].as_ref().map(|(s, _)| s.commit));
        }
        step(progress, "reading which story is where", 1, 2);
        let contained = self.containment(&repo, &stories, &tips)?;

        let mut environments = Vec::new();
        for (i, (env, state)) in columns.iter().enumerate() {
            let last = state.last.as_ref();
            let held = last.map(|d| contained.keys(d.source)).unwrap_or_default();
            let next = nexts[i].as_ref();
            let next_holds = next.map(|(s, _)| contained.keys(s.commit));
            let pending = next_holds
                .as_ref()
                .map(|n| minus(n, &held))
                .unwrap_or_default();
            let leaving = next_holds
                .as_ref()
                .map(|n| minus(&held, n))
                .unwrap_or_default();
            let stage = self.config.stages.iter().position(|s| *s == env.name);
            let note = match (&state.tip, last) {
                (None, _) => {
                    Some("no deployment yet (its branch is empty, or not fetched)".to_string())
                }
                (Some(_), None) => Some("no deployment by storyboard yet".to_string()),
                _ if stage.is_some() && next.is_none() => positions.next(self, &env.name).err(),
                _ => None,
            };
            environments.push(EnvironmentColumn {
                name: env.name.clone(),
                stage,
                branch: env.branch.clone(),
                remote: env.remote.clone(),
                protected: env.protected,
                colleague: self.config.environment(&env.name).is_none(),
                source: last.map(|d| d.source),
                source_ref: last.and_then(|d| d.source_ref.clone()),
                story: last.and_then(|d| d.story.clone()),
                stories: held,
                next: next.map(|(s, _)| s.commit),
                next_ref: next.map(|(s, _)| s.label()),
                pending,
                leaving,
                deployed_at: last.map(|d| d.commit.committer.time),
                deployed_moment: last.map(|d| d.at()),
                deployed_by: last.map(|d| d.by()),
                edits_since: state.after.len(),
                companions: last
                    .map(|d| {
                        d.companions
                            .iter()
                            .map(|(n, id)| (n.clone(), id.to_string()))
                            .collect()
                    })
                    .unwrap_or_default(),
                looker: match env.looker {
                    Some(_) if self.deployer(&repo).looker_behind(env, state)? => {
                        Some("behind".into())
                    }
                    Some(_) => Some("deployed".into()),
                    None => None,
                },
                note,
            });
        }
        // A story is on an environment only when all its repositories are:
        // companion work the environment's recorded revision lacks keeps it
        // pending there.
        if !self.config.companions.is_empty() {
            let recorded: Vec<Vec<(String, Id)>> = columns
                .iter()
                .map(|(_, s)| {
                    s.last
                        .as_ref()
                        .map(|d| d.companions.clone())
                        .unwrap_or_default()
                })
                .collect();
            let missing = self.missing_companion_work(&repo, &stories, &recorded)?;
            for (e, keys) in environments.iter_mut().zip(missing) {
                for key in keys {
                    if e.stories.contains(&key) {
                        e.stories.retain(|k| *k != key);
                        e.leaving.retain(|k| *k != key);
                        if !e.pending.contains(&key) {
                            e.pending.push(key);
                        }
                    }
                }
            }
        }
        let current = self.current();
        let holds = self.holds_in(&repo)?;
        let now = |env: &str| {
            environments
                .iter()
                .find(|e: &&EnvironmentColumn| e.name == env)
                .and_then(|e| e.source)
        };
        let mut judge = super::acceptance::Judge::new(self, &repo, &stories);
        let sign_offs = self.judge_all(&repo, &mut judge, &now)?;
        judge.save();
        let on_where = |key: &str, state: SignOffState| -> Vec<String> {
            environments
                .iter()
                .filter(|e| {
                    sign_offs
                        .iter()
                        .any(|s| s.key == key && s.environment == e.name && s.state == state)
                })
                .map(|e| e.name.clone())
                .collect()
        };
        let in_main = |key: &str| positions.main.is_some_and(|m| contained.contains(m, key));
        let rows = stories
            .iter()
            .map(|s: &KnownStory| {
                let key = &s.marks.key;
                let state = if s.finished && !s.local {
                    StoryState::Finished
                } else if in_main(key) {
                    StoryState::Merged
                } else if s.pushed {
                    StoryState::Pushed
                } else {
                    StoryState::Open
                };
                StoryRow {
                    key: key.clone(),
                    branch: s.marks.branch.clone(),
                    state,
                    on: environments
                        .iter()
                        .filter(|e| e.stories.contains(key))
                        .map(|e| e.name.clone())
                        .collect(),
                    pending: environments
                        .iter()
                        .filter(|e| e.pending.contains(key))
                        .map(|e| e.name.clone())
                        .collect(),
                    leaving: environments
                        .iter()
                        .filter(|e| e.leaving.contains(key))
                        .map(|e| e.name.clone())
                        .collect(),
                    held: holds.iter().any(|h| h.key == *key),
                    held_from: holds
                        .iter()
                        .filter(|h| h.key == *key)
                        .flat_map(|h| self.held_from(h))
                        .collect(),
                    accepted_on: on_where(key, SignOffState::Accepted),
                    rejected_on: on_where(key, SignOffState::Rejected),
                    stale_on: on_where(key, SignOffState::Stale),
                    sign_offs: sign_offs
                        .iter()
                        .filter(|s| s.key == *key)
                        .cloned()
                        .collect(),
                    current: current.as_deref() == Some(s.marks.branch.as_str()),
                }
            })
            .collect();
        let releases = positions
            .releases
            .iter()
            .map(|r| ReleaseColumn {
                name: r.name.clone(),
                commit: r.commit,
                stories: contained.keys(r.commit),
            })
            .collect();
        Ok(Board {
            current,
            environments,
            stories: rows,
            releases,
        })
    }
}

impl fmt::Display for Board {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(c) = &self.current {
            writeln!(f, "current story: {c}")?;
        }
        let name_width = self
            .environments
            .iter()
            .map(|e| e.name.len())
            .max()
            .unwrap_or(0)
            .max(5);
        for e in &self.environments {
            let what = match (e.source, &e.note) {
                (Some(src), _) => {
                    let mut s = format!(
                        "{} ({})",
                        e.source_ref.as_deref().unwrap_or("a commit"),
                        src.short()
                    );
                    if let (Some(at), Some(by)) = (e.deployed_moment, &e.deployed_by) {
                        s.push_str(&format!(", deployed {} by {by}", at.date_time_zone()));
                    }
                    if !e.companions.is_empty() {
                        let revs: Vec<String> = e
                            .companions
                            .iter()
                            .map(|(n, id)| format!("{n} {}", id.get(..7).unwrap_or(id)))
                            .collect();
                        s.push_str(&format!(" with {}", revs.join(", ")));
                    }
                    if e.edits_since > 0 {
                        s.push_str(&format!(", {} edit(s) since", e.edits_since));
                    }
                    if e.looker.as_deref() == Some("behind") {
                        s.push_str(", pushed, not deployed in Looker");
                    }
                    if !e.pending.is_empty() || !e.leaving.is_empty() {
                        let mut next = Vec::new();
                        if !e.pending.is_empty() {
                            next.push(format!("{} arriving", e.pending.len()));
                        }
                        if !e.leaving.is_empty() {
                            next.push(format!("{} leaving", e.leaving.len()));
                        }
                        s.push_str(&format!(
                            "; next: {} ({})",
                            e.next_ref.as_deref().unwrap_or("its next source"),
                            next.join(", ")
                        ));
                    }
                    if let Some(note) = &e.note {
                        s.push_str(&format!("; {note}"));
                    }
                    s
                }
                (None, Some(note)) => note.clone(),
                (None, None) => String::new(),
            };
            let lock = if e.protected { " [protected]" } else { "" };
            writeln!(f, "{:<name_width$}  {what}{lock}", e.name)?;
        }
        if !self.releases.is_empty() {
            writeln!(f)?;
            for r in self.releases.iter().rev().take(3) {
                let stories = if r.stories.len() > 8 {
                    format!("{} stories (`status --json` lists them)", r.stories.len())
                } else {
                    super::release::list(&r.stories)
                };
                writeln!(f, "{}  {}  {stories}", r.name, r.commit.short())?;
            }
        }
        if self.stories.is_empty() {
            return writeln!(
                f,
                "\nno stories yet: `storyboard story new KEY SLUG` makes one"
            );
        }
        writeln!(f)?;
        let key_width = self
            .stories
            .iter()
            .map(|s| s.key.len() + 2)
            .max()
            .unwrap_or(0)
            .max(5);
        let widths: Vec<usize> = self
            .environments
            .iter()
            .map(|e| e.name.len().max("deployed".len()))
            .collect();
        let mut header = format!("{:<key_width$}  {:<8}", "story", "state");
        for (e, w) in self.environments.iter().zip(&widths) {
            header.push_str(&format!("  {:<w$}", e.name));
        }
        writeln!(f, "{}", header.trim_end())?;
        for s in &self.stories {
            let marker = if s.current { "* " } else { "  " };
            let state = match s.state {
                StoryState::Open => "open",
                StoryState::Pushed => "pushed",
                StoryState::Merged => "merged",
                StoryState::Finished => "finished",
            };
            let mut line = format!("{:<key_width$}  {state:<8}", format!("{marker}{}", s.key));
            for (e, w) in self.environments.iter().zip(&widths) {
                let cell = match (self.cell(s, &e.name), self.sign_off(s, &e.name)) {
                    // Signed off where it is deployed: the sign-off says more.
                    (Cell::Deployed, Some(SignOffState::Accepted)) => "accepted",
                    (Cell::Deployed, Some(SignOffState::Rejected)) => "rejected",
                    (Cell::Deployed, Some(SignOffState::Stale)) => "stale",
                    (c, _) => match c {
                        Cell::Deployed => "deployed",
                        Cell::Leaving => "leaving",
                        Cell::Held => "held",
                        Cell::Pending => "pending",
                        Cell::Absent => "-",
                    },
                };
                line.push_str(&format!("  {cell:<w$}"));
            }
            writeln!(f, "{}", line.trim_end())?;
        }
        Ok(())
    }
}
