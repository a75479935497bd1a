//! Acceptance, story by story: a tester accepts or rejects a story as an
//! environment has it deployed, and the stages after the one the team names
//! (`[pipeline] require_acceptance`) take only stories accepted there.
//!
//! A sign-off is a record (see `record`) in a chain of commits on the empty
//! tree, one chain per story on the team remote (`refs::acceptance`), so every
//! clone sees the same sign-offs. Each record is pushed over the chain's tip as
//! last fetched, never forced: when another tester's record lands first, this
//! one is put on top of it and pushed again, so both are kept. A record is kept
//! in a pending ref before its push; a run killed at any point leaves it there
//! for the next run to complete (or drop, when a newer word on the same story
//! and environment came meanwhile).
//!
//! A sign-off holds for the story's changes as they were deployed: when a later
//! deployment changes one of the objects the story changed (the semantic diff
//! from the tested source to what the environment holds touches it), the
//! sign-off is stale, and the story needs testing again.
//!
//! What the front ends call:
//! - [`Workspace::sign_offs`]: every story's sign-offs, judged against what
//!   each environment holds now (the board has them too: `StoryRow::accepted_on`,
//!   `rejected_on`, `stale_on`, `sign_offs`).
//! - [`Workspace::plan_accept`] / [`Workspace::plan_reject`]: what a sign-off
//!   will record ([`SignOffPlan`], shown and asked for), then
//!   [`Workspace::sign_off`] records it ([`SignOffReport`]); both print as the
//!   text the command line shows.

mod record;

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

pub use record::{
    Record, SignOff, SignOffState, Statement, Verdict, latest, normalise_message, touching,
};

use super::{Containment, KnownStory};
use crate::git::{self, Expected, Id, LogCache, LogEntry, NewCommit, RemoteError, Repo};
use crate::refs;
use crate::semdiff::Diff;
use crate::story::{Result, StoryError, Workspace};

/// How many times a sign-off is put on top of records that landed first
/// before giving up: each try loses only to another tester's push.
const TRIES: usize = 8;

/// What a sign-off will record.
#[derive(Debug, Clone, Serialize)]
pub struct SignOffPlan {
    pub key: String,
    pub environment: String,
    pub verdict: Verdict,
    /// What the environment has deployed: the source tested.
    #[serde(serialize_with = "crate::pipeline::board::id_string")]
    pub source: Id,
    pub source_ref: Option<String>,
    pub deployed_by: String,
    pub deployed_at: i64,
    #[serde(skip)]
    pub deployed_moment: crate::calendar::Moment,
    /// Who signs: git's identity here.
    pub by: String,
    pub message: Option<String>,
    /// The story's sign-off on the environment before this one.
    pub previous: Option<SignOff>,
    /// Sign-offs a killed run left, completed or dropped first.
    pub resumed: Vec<ResumedSignOff>,
    /// An interrupted run had recorded this very sign-off: completing it was
    /// all there was to do.
    pub already: bool,
}

impl fmt::Display for SignOffPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.resumed {
            writeln!(f, "{r}")?;
        }
        if self.already {
            return writeln!(
                f,
                "{} is {} on {} already: the interrupted run's record is on the team remote",
                self.key,
                self.verdict.word(),
                self.environment
            );
        }
        writeln!(
            f,
            "{} {} on {}",
            self.verdict.verb(),
            self.key,
            self.environment
        )?;
        writeln!(
            f,
            "  tested    {} ({}), deployed {} by {}",
            self.source_ref.as_deref().unwrap_or("a commit"),
            self.source.short(),
            self.deployed_moment.date_time_zone(),
            self.deployed_by
        )?;
        writeln!(f, "  by        {}", self.by)?;
        if let Some(m) = &self.message {
            let mut lines = m.lines();
            writeln!(f, "  message   {}", lines.next().unwrap_or_default())?;
            for l in lines {
                writeln!(f, "            {l}")?;
            }
        }
        match &self.previous {
            Some(p) => writeln!(f, "  before    {p}"),
            None => writeln!(f, "  before    no sign-off on {}", self.environment),
        }
    }
}

/// What a sign-off recorded.
#[derive(Debug, Clone, Serialize)]
pub struct SignOffReport {
    pub key: String,
    pub environment: String,
    pub verdict: Verdict,
    #[serde(serialize_with = "crate::pipeline::board::id_string")]
    pub source: Id,
    /// The record's commit on the team remote; `None` when an interrupted
    /// run had recorded it already.
    pub record: Option<String>,
    pub remote: String,
    /// Records of other testers that landed first and this one was put on.
    pub landed_first: usize,
}

impl fmt::Display for SignOffReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.record {
            Some(c) => write!(
                f,
                "{} {} on {} ({} tested), recorded as {} on {}",
                self.verdict.word(),
                self.key,
                self.environment,
                self.source.short(),
                c.get(..7).unwrap_or(c),
                self.remote
            )?,
            None => write!(
                f,
                "{} {} on {} ({} tested) was recorded already",
                self.verdict.word(),
                self.key,
                self.environment,
                self.source.short()
            )?,
        }
        if self.landed_first > 0 {
            write!(
                f,
                " (after {} other sign-off(s) of {} landed first; both are kept)",
                self.landed_first, self.key
            )?;
        }
        writeln!(f)?;
        if self.verdict == Verdict::Rejected {
            writeln!(
                f,
                "to take it out: `storyboard rollback {} --from {}`",
                self.key, self.environment
            )?;
        }
        Ok(())
    }
}

/// What became of a sign-off a killed run left pending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum ResumedSignOff {
    Completed {
        key: String,
        environment: String,
        verdict: Verdict,
    },
    Dropped {
        key: String,
        why: String,
    },
}

impl fmt::Display for ResumedSignOff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResumedSignOff::Completed {
                key,
                environment,
                verdict,
            } => write!(
                f,
                "completed the interrupted sign-off: {key} {} on {environment}",
                verdict.word()
            ),
            ResumedSignOff::Dropped { key, why } => {
                write!(f, "dropped the interrupted sign-off of {key}: {why}")
            }
        }
    }
}

/// Judges sign-offs against sources, reading each pair of commits and each
/// story's changes once however many sign-offs ask.
pub(crate) struct Judge<'a> {
    ws: &'a Workspace,
    repo: &'a Repo,
    stories: &'a [KnownStory],
    /// Read from disk only once a history is walked: a board without
    /// sign-offs pays nothing.
    cache: Option<LogCache>,
    histories: HashMap<Id, (Vec<LogEntry>, Containment)>,
    diffs: HashMap<(Id, Id), Diff>,
    changes: HashMap<(String, Id), Diff>,
}

impl<'a> Judge<'a> {
    pub(crate) fn new(ws: &'a Workspace, repo: &'a Repo, stories: &'a [KnownStory]) -> Judge<'a> {
        Judge {
            ws,
            repo,
            stories,
            cache: None,
            histories: HashMap::new(),
            diffs: HashMap::new(),
            changes: HashMap::new(),
        }
    }

    /// The sign-off `record` amounts to when the environment holds `now`
    /// (`None`: nothing deployed there, so nothing changed since).
    pub(crate) fn judge(&mut self, record: &Record, now: Option<Id>) -> Result<SignOff> {
        let fresh = match record.verdict {
            Verdict::Accepted => record::SignOffState::Accepted,
            Verdict::Rejected => record::SignOffState::Rejected,
        };
        let changed = match now {
            Some(now) if now != record.source => self.changed_since(record, now)?,
            _ => Vec::new(),
        };
        Ok(SignOff {
            key: record.key.clone(),
            environment: record.environment.clone(),
            state: if changed.is_empty() {
                fresh
            } else {
                record::SignOffState::Stale
            },
            record: record.clone(),
            changed,
        })
    }

    /// The story's objects that changed from the tested source to `now`.
    fn changed_since(&mut self, record: &Record, now: Id) -> Result<Vec<String>> {
        let story = self.story_changes(&record.key, record.source)?;
        let objects: Vec<Vec<String>> = story
            .changes
            .iter()
            .filter(|c| c.counts())
            .map(|c| c.path.clone())
            .collect();
        if objects.is_empty() {
            // Nothing of the story is known to read: test it again to be sure.
            return Ok(vec![format!(
                "{} (what it changed cannot be read here)",
                record.key
            )]);
        }
        let pair = (record.source, now);
        if !self.diffs.contains_key(&pair) {
            let d = self.ws.commits_diff(self.repo, Some(record.source), now)?;
            self.diffs.insert(pair, d);
        }
        let diff = self.diffs.get(&pair).map(|d| d.changes.as_slice());
        Ok(touching(&objects, diff.unwrap_or_default()))
    }

    /// What the story `key` changed as it arrived in `source`: the semantic
    /// diff of each commit that brought it (a merge, a squash, its own commits
    /// fast-forwarded, follow-ups naming it), oldest first.
    pub(crate) fn story_changes(&mut self, key: &str, source: Id) -> Result<Diff> {
        let k = (key.to_string(), source);
        if let Some(d) = self.changes.get(&k) {
            return Ok(d.clone());
        }
        let mut out = Diff::default();
        for (commit, before) in self.bringers(key, source)?.into_iter().rev() {
            let d = self.ws.commits_diff(self.repo, Some(before), commit)?;
            out.changes.extend(d.changes);
            for n in d.not_compared {
                if !out.not_compared.contains(&n) {
                    out.not_compared.push(n);
                }
            }
        }
        self.changes.insert(k, out.clone());
        Ok(out)
    }

    /// The commits that brought `key` into `source`, newest first, each with
    /// the commit it came after.
    pub(crate) fn bringers(&mut self, key: &str, source: Id) -> Result<Vec<(Id, Id)>> {
        let Some(story) = self.stories.iter().find(|s| s.marks.key == key) else {
            return Ok(Vec::new());
        };
        if !self.histories.contains_key(&source) {
            let state_dir = self.ws.state_dir();
            let cache = self
                .cache
                .get_or_insert_with(|| LogCache::load(&state_dir.join("commit-cache")));
            let log = self.repo.log(&[source], cache)?;
            let marks: Vec<_> = self.stories.iter().map(|s| s.marks.clone()).collect();
            let contained = Containment::of(&log, &marks);
            self.histories.insert(source, (log, contained));
        }
        match self.histories.get(&source) {
            Some((log, contained)) => {
                super::rollback::bringers(self.repo, log, contained, story, source)
            }
            None => Ok(Vec::new()),
        }
    }

    /// Keeps the commits read for the next run.
    pub(crate) fn save(self) {
        if let Some(mut cache) = self.cache {
            cache.save();
        }
    }
}

impl Workspace {
    /// Every sign-off of every story (as last fetched), judged against what
    /// each environment holds now, by story key then environment.
    pub fn sign_offs(&self) -> Result<Vec<SignOff>> {
        let repo = self.repo()?;
        let stories = self.known_stories(&repo)?;
        let positions = self.positions(&repo)?;
        let now = |env: &str| positions.deployed_source(env);
        let mut judge = Judge::new(self, &repo, &stories);
        let out = self.judge_all(&repo, &mut judge, &now)?;
        judge.save();
        Ok(out)
    }

    /// Every story's newest sign-off per environment, judged against `now(env)`.
    pub(crate) fn judge_all(
        &self,
        repo: &Repo,
        judge: &mut Judge<'_>,
        now: &dyn Fn(&str) -> Option<Id>,
    ) -> Result<Vec<SignOff>> {
        let records = self.records_in(repo)?;
        let mut out = Vec::new();
        for r in latest(&records).into_values() {
            out.push(judge.judge(r, now(&r.environment))?);
        }
        Ok(out)
    }

    /// Every record of every story as last fetched, each chain oldest first.
    pub(crate) fn records_in(&self, repo: &Repo) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        for (_, tip) in repo.refs_under(&refs::fetched_acceptance(""))? {
            out.extend(chain(repo, Some(tip), None)?);
        }
        Ok(out)
    }

    /// Plans accepting the story `key` as `env` has it deployed now.
    pub fn plan_accept(&self, key: &str, env: &str, message: Option<&str>) -> Result<SignOffPlan> {
        self.plan_sign_off(key, env, Verdict::Accepted, message)
    }

    /// Plans rejecting the story `key` as `env` has it deployed now; a
    /// rejection says why.
    pub fn plan_reject(&self, key: &str, env: &str, message: &str) -> Result<SignOffPlan> {
        if normalise_message(message).is_none() {
            return Err(StoryError::refused(
                format!("a rejection of {key} needs a message"),
                "say what failed with --message TEXT: the tester after you and the story's author read it",
            ));
        }
        self.plan_sign_off(key, env, Verdict::Rejected, Some(message))
    }

    fn plan_sign_off(
        &self,
        key: &str,
        env: &str,
        verdict: Verdict,
        message: Option<&str>,
    ) -> Result<SignOffPlan> {
        let stage = self.sign_off_environment(env)?;
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let resumed = self.resume_sign_offs(&repo)?;
        self.fetch_main(&repo)?;
        let state = self.deployer(&repo).fetch(&stage)?;
        let deployed = state.last.clone().ok_or_else(|| {
            StoryError::refused(
                format!("`{}` holds no deployment to test", stage.name),
                format!("promote it first: `storyboard promote {}`", stage.name),
            )
        })?;
        let stories = self.known_stories(&repo)?;
        let story = find_story(&stories, key)?;
        let contained = self.containment(&repo, &stories, &[deployed.source])?;
        if !contained.contains(deployed.source, &story.marks.key) {
            return Err(StoryError::refused(
                format!(
                    "{} is not on `{}`: it holds {} ({}), without it",
                    story.marks.key,
                    stage.name,
                    deployed.source_ref.as_deref().unwrap_or("a commit"),
                    deployed.source.short()
                ),
                format!(
                    "a story is signed off where it is deployed; `storyboard status` shows where {} is",
                    story.marks.key
                ),
            ));
        }
        let message = message.and_then(normalise_message);
        let mut judge = Judge::new(self, &repo, &stories);
        let records = self.records_in(&repo)?;
        let previous = match latest(&records).get(&(story.marks.key.clone(), stage.name.clone())) {
            Some(r) => Some(judge.judge(r, Some(deployed.source))?),
            None => None,
        };
        judge.save();
        let already = resumed.iter().any(|r| {
            matches!(r, ResumedSignOff::Completed { key, environment, verdict: v }
                if *key == story.marks.key && *environment == stage.name && *v == verdict)
        }) && previous.as_ref().is_some_and(|p| {
            p.record.source == deployed.source
                && p.record.verdict == verdict
                && p.record.message == message
        });
        Ok(SignOffPlan {
            key: story.marks.key.clone(),
            environment: stage.name.clone(),
            verdict,
            source: deployed.source,
            source_ref: deployed.source_ref.clone(),
            deployed_by: deployed.by(),
            deployed_at: deployed.commit.committer.time,
            deployed_moment: deployed.at(),
            by: self.promoter(&repo)?,
            message,
            previous,
            resumed,
            already,
        })
    }

    /// The environment `name` for a sign-off: a pipeline stage.
    fn sign_off_environment(&self, name: &str) -> Result<crate::config::Environment> {
        self.stage(name).map_err(|e| match e {
            StoryError::Refused { message, help } => StoryError::Refused {
                message: format!("{message}; stories are signed off on pipeline stages"),
                help,
            },
            other => other,
        })
    }

    /// Records a planned sign-off on the team remote: pushed over the story's
    /// chain as last fetched, and put on top of any record that lands first.
    pub fn sign_off(&self, plan: &SignOffPlan) -> Result<SignOffReport> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let (team, _) = self.team(&repo);
        let done = |record: Option<String>, landed_first| SignOffReport {
            key: plan.key.clone(),
            environment: plan.environment.clone(),
            verdict: plan.verdict,
            source: plan.source,
            record,
            remote: team.spec.clone(),
            landed_first,
        };
        self.resume_sign_offs(&repo)?;
        if plan.already {
            return Ok(done(None, 0));
        }
        let statement = Statement {
            key: plan.key.clone(),
            environment: plan.environment.clone(),
            verdict: plan.verdict,
            source: plan.source,
            message: plan.message.clone(),
        };
        let me = repo.identity()?;
        let pending = refs::pending_acceptance(&plan.key);
        if repo.ref_target(&pending)?.is_some() {
            return Err(StoryError::refused(
                format!("another sign-off of {} is pending here", plan.key),
                "run the command again: it completes or drops that one first",
            ));
        }
        let message = statement.to_message();
        let (commit, landed_first) =
            self.push_sign_off(&repo, &plan.key, &pending, None, |parents| {
                repo.write_commit(&NewCommit {
                    tree: repo.empty_tree()?,
                    parents,
                    author: &me,
                    committer: &me,
                    message: &message,
                })
            })?;
        Ok(done(Some(commit.to_string()), landed_first))
    }

    /// Writes a record with `write` on the chain of `key` as last fetched,
    /// keeps it in `pending`, and pushes it over the chain's tip; when another
    /// record landed first, fetches, writes it again on top, and pushes again.
    /// `pending_at` is the pending ref's value already (a resumed record).
    /// Returns the record pushed and how many landed first.
    fn push_sign_off(
        &self,
        repo: &Repo,
        key: &str,
        pending: &str,
        mut pending_at: Option<Id>,
        write: impl Fn(&[Id]) -> std::result::Result<Id, crate::git::GitError>,
    ) -> Result<(Id, usize)> {
        let (team, _) = self.team(repo);
        let tracking = refs::fetched_acceptance(key);
        let start = repo.ref_target(&tracking)?;
        for _ in 0..TRIES {
            let tip = repo.ref_target(&tracking)?;
            let parents: Vec<Id> = tip.into_iter().collect();
            let commit = write(&parents)?;
            if pending_at != Some(commit) {
                repo.set_ref(pending, commit, pending_at, "storyboard: sign-off")?;
                pending_at = Some(commit);
            }
            git::crash_point("sign-off-after-pending");
            let expected = match tip {
                Some(t) => Expected::At(t),
                None => Expected::Absent,
            };
            match repo.push_expecting(&team, commit, &refs::acceptance(key), expected) {
                Ok(()) => {
                    git::crash_point("sign-off-after-push");
                    repo.set_ref(&tracking, commit, tip, "storyboard: sign-off")?;
                    repo.delete_ref(pending)?;
                    return Ok((commit, count_between(repo, tip, start)?));
                }
                // Another record landed first: fetch it and go on top.
                Err(RemoteError::Rejected { .. }) => self.fetch_chain(repo, key)?,
                Err(e) => {
                    repo.delete_ref(pending)?;
                    return Err(e.into());
                }
            }
        }
        repo.delete_ref(pending)?;
        Err(StoryError::refused(
            format!(
                "other sign-offs of {key} kept landing on {} first; nothing was written",
                team.spec
            ),
            "run the command again",
        ))
    }

    /// Fetches one story's chain of sign-offs from the team remote.
    fn fetch_chain(&self, repo: &Repo, key: &str) -> Result<()> {
        let (team, _) = self.team(repo);
        repo.fetch(
            &team,
            &[format!(
                "+{}:{}",
                refs::acceptance(key),
                refs::fetched_acceptance(key)
            )],
        )?;
        Ok(())
    }

    /// Completes or drops every sign-off a killed run left pending: one on the
    /// team remote already is done; one whose story and environment got a
    /// newer record meanwhile is dropped (the newer word stands); the rest are
    /// put on the chain's tip and pushed.
    pub(crate) fn resume_sign_offs(&self, repo: &Repo) -> Result<Vec<ResumedSignOff>> {
        let mut out = Vec::new();
        for (name, commit) in repo.refs_under(&refs::pending_acceptance(""))? {
            let key = name
                .strip_prefix(&refs::pending_acceptance(""))
                .unwrap_or(&name)
                .to_string();
            let c = repo.commit(commit)?;
            let Some(statement) = Statement::parse(&c.message) else {
                repo.delete_ref(&name)?;
                out.push(ResumedSignOff::Dropped {
                    key,
                    why: "it is no sign-off record".into(),
                });
                continue;
            };
            self.fetch_chain(repo, &key)?;
            let tip = repo.ref_target(&refs::fetched_acceptance(&key))?;
            let completed = ResumedSignOff::Completed {
                key: statement.key.clone(),
                environment: statement.environment.clone(),
                verdict: statement.verdict,
            };
            if let Some(t) = tip
                && repo.is_ancestor(commit, t)?
            {
                repo.delete_ref(&name)?;
                out.push(completed);
                continue;
            }
            let parent = c.parents.first().copied();
            let newer = chain(repo, tip, parent)?
                .into_iter()
                .rev()
                .find(|r| r.environment == statement.environment);
            if let Some(n) = newer {
                repo.delete_ref(&name)?;
                out.push(ResumedSignOff::Dropped {
                    key,
                    why: format!(
                        "{} {} it on {} since",
                        n.by,
                        n.verdict.word(),
                        n.environment
                    ),
                });
                continue;
            }
            let written = c.clone();
            self.push_sign_off(repo, &key, &name, Some(commit), |parents| {
                if parents.first() == written.parents.first() {
                    return Ok(written.id);
                }
                repo.write_commit(&NewCommit {
                    tree: written.tree,
                    parents,
                    author: &written.author,
                    committer: &written.committer,
                    message: &written.message,
                })
            })?;
            out.push(completed);
        }
        Ok(out)
    }
}

/// The records on a chain from `tip` back to (not including) `stop`, oldest
/// first; commits that are no record are skipped.
fn chain(repo: &Repo, tip: Option<Id>, stop: Option<Id>) -> Result<Vec<Record>> {
    let mut out = Vec::new();
    let mut next = tip;
    // A chain grows by one commit per sign-off; the bound only guards
    // against a history that is no chain of ours.
    for _ in 0..1_000_000 {
        let Some(id) = next.filter(|id| Some(*id) != stop) else {
            break;
        };
        let c = repo.commit(id)?;
        if let Some(s) = Statement::parse(&c.message) {
            out.push(Record {
                key: s.key,
                environment: s.environment,
                verdict: s.verdict,
                source: s.source,
                message: s.message,
                by: format!("{} <{}>", c.committer.name, c.committer.email),
                at: c.committer.time,
                offset_minutes: c.committer.offset_minutes,
                commit: id,
            });
        }
        next = c.parents.first().copied();
    }
    out.reverse();
    Ok(out)
}

/// How many commits `now` has that `before` does not.
fn count_between(repo: &Repo, now: Option<Id>, before: Option<Id>) -> Result<usize> {
    Ok(match (now, before) {
        (Some(n), Some(b)) => repo.ahead_behind(n, b)?.0,
        (Some(n), None) => chain(repo, Some(n), None)?.len(),
        (None, _) => 0,
    })
}

/// The story `key` among those known, or a refusal naming the nearest.
fn find_story<'s>(stories: &'s [KnownStory], key: &str) -> Result<&'s KnownStory> {
    if let Some(s) = stories
        .iter()
        .find(|s| s.marks.key.eq_ignore_ascii_case(key) || s.marks.branch == key)
    {
        return Ok(s);
    }
    let keys: Vec<&str> = stories.iter().map(|s| s.marks.key.as_str()).collect();
    let help = match crate::config::nearest(key, keys.iter().copied()) {
        Some(n) => format!("did you mean `{n}`? `storyboard status` lists the stories"),
        None => "`storyboard status` lists the stories; `storyboard story fetch` brings the team's"
            .to_string(),
    };
    Err(StoryError::refused(
        format!("no story `{key}` is known here"),
        help,
    ))
}
