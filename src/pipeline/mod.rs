//! The release pipeline: the shared stages a change travels through
//! (integration → acceptance → production), the release branches cut for them,
//! promotion from one stage to the next, and which story is where.
//!
//! Git is the database, as for stories: what each stage holds is the last
//! deployment on its branch (`deploy`), the releases are branches of the team
//! remote, and whether a source holds a story is read from its history
//! (`contains`). Everything here reads refs as last fetched, so the board is the
//! same for every clone that fetched the same refs.
//!
//! - `contains`: which stories a commit contains (pure).
//! - `release`: release branch names (pure), the releases known, `release cut`.
//! - `board`: `status`, stories × environments.
//! - `promote`: the plan of a promotion, and the promotion.
//! - `history`: an environment's deployments and what each brought.
//! - `acceptance`: sign-offs, story by story, and whether they still hold.
//! - `notes`: a release's stories for people, with their diffs and sign-offs.
//!
//! Every write (a release branch, a deployment) is recorded in a pending ref
//! before it is pushed, pushed only over the value planned against, and
//! completed or dropped by the next run when a run is killed.

pub mod acceptance;
mod board;
mod companion_rollback;
pub mod companions;
pub mod contains;
mod history;
mod hold;
mod notes;
mod promote;
pub mod release;
mod rollback;

use std::collections::BTreeMap;

pub use acceptance::{ResumedSignOff, SignOff, SignOffPlan, SignOffReport, SignOffState, Verdict};
pub use board::{Board, Cell, EnvironmentColumn, ReleaseColumn, StoryRow, StoryState};
pub use companions::CompanionStep;
pub use contains::{Containment, StoryMarks};
pub use history::HistoryEntry;
pub use hold::{Hold, Unheld};
pub use notes::{NoteStory, ReleaseNotes};
pub use promote::{PromoteReport, PromotionPlan};
pub use release::{Release, ReleaseCut, ReleasePlan};
pub use rollback::{ReadyRollback, RollbackPlan, RollbackReport};

use crate::config::Environment;
use crate::deploy::{Deployment, EnvState, Source, SourceKind};
use crate::git::{Id, Repo};
use crate::refs;
use crate::story::{Result, StoryError, Workspace};

/// Where main, the releases and every environment stand, as last fetched.
pub(crate) struct Positions {
    pub main: Option<Id>,
    /// Oldest first.
    pub releases: Vec<Release>,
    /// The pipeline's stages in order, then the other environments.
    pub environments: Vec<(Environment, EnvState)>,
}

impl Positions {
    /// The source `env` holds now: its last deployment's, as last fetched.
    pub fn deployed_source(&self, env: &str) -> Option<Id> {
        self.environments
            .iter()
            .find(|(e, _)| e.name == env)
            .and_then(|(_, s)| s.last.as_ref())
            .map(|d| d.source)
    }

    fn state(&self, name: &str) -> Option<&EnvState> {
        self.environments
            .iter()
            .find(|(e, _)| e.name == name)
            .map(|(_, s)| s)
    }

    /// What a stage takes next by default, and why; `Err` says why there is
    /// nothing to take.
    pub fn next(
        &self,
        ws: &Workspace,
        stage: &str,
    ) -> std::result::Result<(Source, String), String> {
        let stages = &ws.config.stages;
        let Some(index) = stages.iter().position(|s| s == stage) else {
            return Err(format!("`{stage}` is not a pipeline stage"));
        };
        let main = &ws.config.project.main;
        if index == 0 {
            return match self.main {
                Some(commit) => Ok((
                    Source {
                        commit,
                        kind: SourceKind::Branch(main.clone()),
                    },
                    format!("`{main}`, which the first stage takes"),
                )),
                None => Err(format!(
                    "there is no `{main}` here yet; `storyboard story fetch` gets it"
                )),
            };
        }
        if ws.config.release_from.as_deref() == Some(stage) {
            return match self.releases.last() {
                Some(r) => Ok((
                    Source {
                        commit: r.commit,
                        kind: SourceKind::Release(r.name.clone()),
                    },
                    "the newest release".to_string(),
                )),
                None => Err(format!(
                    "no release branch exists yet; `storyboard release cut` cuts one from what `{}` holds",
                    stages[0]
                )),
            };
        }
        let previous = &stages[index - 1];
        match self.state(previous).and_then(|s| s.last.as_ref()) {
            Some(d) => Ok((d.source_of(), format!("what `{previous}` holds"))),
            None => Err(format!(
                "`{previous}` holds no deployment yet; promote `{previous}` first"
            )),
        }
    }
}

/// Environments in the order the board shows them: the stages, your own, then
/// the rest by name.
pub(crate) fn board_order(ws: &Workspace) -> Vec<&Environment> {
    let config = &ws.config;
    let mut out: Vec<&Environment> = config
        .stages
        .iter()
        .filter_map(|s| config.environment(s))
        .collect();
    let mine = ws.dev_environment().ok();
    if let Some(m) = mine {
        out.push(m);
    }
    for e in &config.environments {
        if !config.stages.contains(&e.name) && Some(e) != mine {
            out.push(e);
        }
    }
    out
}

/// Colleagues' environments this clone can read: [`colleagues`] of your
/// environment among this repository's remotes, less those configured.
pub(crate) fn colleagues_here(ws: &Workspace, repo: &crate::git::Repo) -> Vec<Environment> {
    let Ok(mine) = ws.dev_environment() else {
        return Vec::new();
    };
    let remotes: Vec<String> = repo
        .config_entries(r"^remote\..*\.url$")
        .into_iter()
        .filter_map(|(name, _)| {
            Some(
                name.strip_prefix("remote.")?
                    .strip_suffix(".url")?
                    .to_string(),
            )
        })
        .collect();
    colleagues(mine, &remotes)
        .into_iter()
        .filter(|e| ws.config.environment(&e.name).is_none())
        .collect()
}

/// Other developers' environments, for the board: your environment's
/// `{user}` template expanded for each developer whose remote this clone has
/// (`dev-bob` beside your `dev-alice`). Nothing when your environment is not a
/// template, or its remote does not name you.
pub(crate) fn colleagues(mine: &Environment, remotes: &[String]) -> Vec<Environment> {
    let Some(template) = mine.template.as_deref() else {
        return Vec::new();
    };
    let Some((before, after)) = template.split_once("{user}") else {
        return Vec::new();
    };
    let Some(user) = mine
        .name
        .strip_prefix(before)
        .and_then(|n| n.strip_suffix(after))
        .filter(|u| !u.is_empty())
    else {
        return Vec::new();
    };
    // `{user}` is most often last (`dev-alice`, `looker-alice`): the last
    // match is the one the template filled.
    let Some((remote_before, remote_after)) = mine.remote.rsplit_once(user) else {
        return Vec::new();
    };
    let named = |u: &str| {
        !u.is_empty()
            && u.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    let swap = |text: &str, other: &str| match text.rsplit_once(user) {
        Some((before, after)) => format!("{before}{other}{after}"),
        None => text.to_string(),
    };
    let mut out: Vec<Environment> = remotes
        .iter()
        .filter_map(|remote| {
            let other = remote
                .strip_prefix(remote_before)?
                .strip_suffix(remote_after)?;
            (other != user && named(other)).then_some((remote, other))
        })
        .map(|(remote, other)| Environment {
            name: format!("{before}{other}{after}"),
            template: mine.template.clone(),
            remote: remote.clone(),
            branch: swap(&mine.branch, other),
            protected: false,
            model_prefix: swap(&mine.model_prefix, other),
            model_suffix: swap(&mine.model_suffix, other),
            connections: mine
                .connections
                .iter()
                .map(|(k, v)| (k.clone(), swap(v, other)))
                .collect(),
            constants: mine
                .constants
                .iter()
                .map(|(k, v)| (k.clone(), swap(v, other)))
                .collect(),
            schemas: mine
                .schemas
                .iter()
                .map(|(k, v)| (k.clone(), swap(v, other)))
                .collect(),
            looker: None,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// A story as the pipeline knows it: how to find it in a history, and what
/// this clone knows of its branch.
#[derive(Debug, Clone)]
pub(crate) struct KnownStory {
    pub marks: StoryMarks,
    /// The main commit it was made from, when known.
    pub base: Option<Id>,
    pub local: bool,
    pub pushed: bool,
    pub finished: bool,
}

impl Workspace {
    /// Reads where everything stands, from local refs.
    pub(crate) fn positions(&self, repo: &Repo) -> Result<Positions> {
        let main = match self.main_commit(repo) {
            Ok(id) => Some(id),
            Err(StoryError::Refused { .. }) => None,
            Err(e) => return Err(e),
        };
        let deployer = self.deployer(repo);
        let mut environments = Vec::new();
        for env in board_order(self) {
            environments.push((env.clone(), deployer.state(env)?));
        }
        Ok(Positions {
            main,
            releases: self.releases(repo)?,
            environments,
        })
    }

    /// Every story known here: local branches and records (this clone's and
    /// the team's), by key.
    pub(crate) fn known_stories(&self, repo: &Repo) -> Result<Vec<KnownStory>> {
        let mut by_key: BTreeMap<String, KnownStory> = BTreeMap::new();
        let bases: BTreeMap<String, Id> = repo
            .config_entries(r"^branch\..*\.storyboardbase$")
            .into_iter()
            .filter_map(|(name, value)| {
                let branch = name.strip_prefix("branch.")?.rsplit_once('.')?.0;
                Some((branch.to_ascii_lowercase(), value.parse().ok()?))
            })
            .collect();
        let heads: BTreeMap<String, Id> = repo
            .refs_under("refs/heads/")?
            .into_iter()
            .filter_map(|(r, id)| Some((r.strip_prefix("refs/heads/")?.to_string(), id)))
            .collect();
        let pushed: BTreeMap<String, Id> = repo
            .refs_under(&refs::pushed(""))?
            .into_iter()
            .filter_map(|(r, id)| Some((r.strip_prefix(&refs::pushed(""))?.to_string(), id)))
            .collect();
        for record in self.story_records_in(repo)? {
            let mut heads = vec![record.head];
            heads.retain(|h| *h != record.base);
            by_key.insert(
                record.key.clone(),
                KnownStory {
                    marks: StoryMarks {
                        key: record.key,
                        branch: record.branch,
                        heads,
                    },
                    base: Some(record.base),
                    local: false,
                    // A record reaches the team remote with the story's push.
                    pushed: record.shared,
                    finished: record.finished,
                },
            );
        }
        let user = self.config.personal.user.as_deref();
        for (branch, &head) in &heads {
            let Some(story) =
                crate::story::name::parse_branch(&self.config.project.story_branch, branch, user)
            else {
                continue;
            };
            let base = bases.get(&story.branch.to_ascii_lowercase()).copied();
            let entry = by_key
                .entry(story.key.clone())
                .or_insert_with(|| KnownStory {
                    marks: StoryMarks {
                        key: story.key.clone(),
                        branch: story.branch.clone(),
                        heads: Vec::new(),
                    },
                    base,
                    local: true,
                    pushed: false,
                    finished: false,
                });
            entry.base = entry.base.or(base);
            entry.local = true;
            entry.finished = false;
            entry.marks.branch = story.branch.clone();
            let pushed_head = pushed.get(&story.branch).copied();
            entry.pushed |= pushed_head.is_some();
            for h in [Some(head), pushed_head].into_iter().flatten() {
                if Some(h) != base && !entry.marks.heads.contains(&h) {
                    entry.marks.heads.push(h);
                }
            }
        }
        let mut out: Vec<KnownStory> = by_key.into_values().collect();
        out.sort_by(|a, b| natural_cmp(&a.marks.key, &b.marks.key));
        Ok(out)
    }

    /// Which of `stories` each of `tips` holds: one walk of their history.
    pub(crate) fn containment(
        &self,
        repo: &Repo,
        stories: &[KnownStory],
        tips: &[Id],
    ) -> Result<Containment> {
        let mut tips = tips.to_vec();
        tips.sort();
        tips.dedup();
        let mut cache = crate::git::LogCache::load(&self.state_dir().join("commit-cache"));
        let log = repo.log(&tips, &mut cache)?;
        cache.save();
        let marks: Vec<StoryMarks> = stories.iter().map(|s| s.marks.clone()).collect();
        Ok(Containment::of(&log, &marks))
    }

    /// The stage `name`, or a refusal that names the stages.
    pub(crate) fn stage(&self, name: &str) -> Result<Environment> {
        let stages = &self.config.stages;
        if let Some(env) = stages
            .iter()
            .find(|s| *s == name)
            .and_then(|s| self.config.environment(s))
        {
            return Ok(env.clone());
        }
        if stages.is_empty() {
            return Err(StoryError::refused(
                "there is no pipeline",
                format!(
                    "list the shared environments in [pipeline] stages of {}",
                    self.config.team_file.display()
                ),
            ));
        }
        let help = match crate::config::nearest(name, stages.iter().map(String::as_str)) {
            Some(n) => format!("did you mean `{n}`? stages: {}", stages.join(", ")),
            None => format!("stages: {}", stages.join(", ")),
        };
        let mine = self.dev_environment().ok().map(|e| e.name.as_str()) == Some(name);
        let message = if mine {
            format!(
                "`{name}` is your own environment, not a pipeline stage: `storyboard story publish` deploys to it"
            )
        } else if self.config.environment(name).is_some() {
            format!(
                "`{name}` is not a pipeline stage: promote takes the stages of [pipeline] stages"
            )
        } else {
            format!("no stage is called `{name}`")
        };
        Err(StoryError::refused(message, help))
    }

    /// Who you are, as a deployment's `Storyboard-Promoted-By` says it.
    pub(crate) fn promoter(&self, repo: &Repo) -> Result<String> {
        let me = repo.identity()?;
        Ok(format!("{} <{}>", me.name, me.email))
    }
}

impl Deployment {
    /// The source this deployment was rendered from, named as it was.
    pub fn source_of(&self) -> Source {
        let kind = match (&self.story, self.commit.trailer(crate::deploy::REF_TRAILER)) {
            (Some(branch), _) => SourceKind::Story(branch.clone()),
            (None, Some(r)) => match r.trim().split_once(' ') {
                Some(("release", name)) => SourceKind::Release(name.trim().to_string()),
                Some((_, name)) => SourceKind::Branch(name.trim().to_string()),
                None => SourceKind::Commit,
            },
            (None, None) => SourceKind::Commit,
        };
        Source {
            commit: self.source,
            kind,
        }
    }
}

/// Orders keys as people count: `ABC-9` before `ABC-10`.
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn parts(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    if a.is_empty() || b.is_empty() {
        return a.cmp(b);
    }
    for (x, y) in parts(a).into_iter().zip(parts(b)) {
        let ord = match (x, y) {
            ((true, x), (true, y)) => {
                let (xt, yt) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                xt.len().cmp(&yt.len()).then(xt.cmp(yt))
            }
            ((_, x), (_, y)) => x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase()),
        };
        if ord.is_ne() {
            return ord;
        }
    }
    parts(a).len().cmp(&parts(b).len()).then(a.cmp(b))
}

/// Conflicted paths, one indented per line, for a refusal's message.
pub(crate) fn conflict_lines(conflicts: &[crate::git::Conflict]) -> String {
    conflicts
        .iter()
        .map(|c| format!("    {}", c.path.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Keys in `a` and not in `b`, in `a`'s order.
pub(crate) fn minus(a: &[String], b: &[String]) -> Vec<String> {
    a.iter().filter(|k| !b.contains(k)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::{Environment, colleagues, natural_cmp};

    #[test]
    fn colleagues_are_the_template_for_each_remote_that_names_a_developer() {
        let mine = Environment {
            name: "dev-alice".to_string(),
            template: Some("dev-{user}".to_string()),
            remote: "looker-alice".to_string(),
            branch: "dev-alice".to_string(),
            protected: false,
            model_prefix: String::new(),
            model_suffix: "_alice".to_string(),
            connections: [("warehouse".to_string(), "wh_alice".to_string())].into(),
            constants: Default::default(),
            schemas: Default::default(),
            looker: None,
        };
        let remotes: Vec<String> = [
            "origin",
            "looker-alice",
            "looker-bob",
            "looker-",
            "looker-Eve",
            "production",
        ]
        .iter()
        .map(|r| r.to_string())
        .collect();
        let found = colleagues(&mine, &remotes);
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["dev-bob"]);
        assert_eq!(found[0].remote, "looker-bob");
        assert_eq!(found[0].branch, "dev-bob");
        assert_eq!(found[0].connections["warehouse"], "wh_bob");
        // A fixed environment has no colleagues.
        let fixed = Environment {
            template: None,
            ..mine
        };
        assert!(colleagues(&fixed, &remotes).is_empty());
    }

    #[test]
    fn keys_sort_as_people_count() {
        let mut keys = vec!["ABC-10", "abc-9", "ABC-100", "B-1", "ABC-9a", "7", ""];
        keys.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            keys,
            ["", "7", "abc-9", "ABC-9a", "ABC-10", "ABC-100", "B-1"]
        );
    }
}
