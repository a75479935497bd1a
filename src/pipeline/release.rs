//! Release branches: cut from what the first stage holds (by default), named by
//! the team's convention (`release/{date}`, a second cut the same day `-2`),
//! pushed to the team remote, and taken by the first stage that takes releases.
//!
//! A cut is recorded in a pending ref before the push and pushed only where no
//! branch of that name exists, so a run killed at any point leaves either
//! nothing or a cut the next run completes.

use std::fmt;

use serde::Serialize;

use crate::calendar::Moment;
use crate::git::{self, Expected, Id, Repo};
use crate::progress::{Progress, step};
use crate::refs;
use crate::story::{Result, StoryError, Workspace};

/// A release branch of the team remote, as last fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    pub name: String,
    #[serde(serialize_with = "crate::pipeline::board::id_string")]
    pub commit: Id,
}

/// The name of the release cut on `date` (`YYYY-MM-DD`) under `template`, given
/// the names that exist: the template's name, else the first free `-N`.
pub fn release_name(template: &str, date: &str, existing: &[String]) -> String {
    let base = template.replace("{date}", date);
    if !existing.contains(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|name| !existing.contains(name))
        .unwrap_or(base)
}

/// How releases sort, oldest first: by the date in the name and the `-N` after
/// it; a name that does not follow the convention sorts before them all.
pub fn release_order(template: &str, name: &str) -> (String, u32, String) {
    let (stem, n) = match name.rsplit_once('-') {
        Some((stem, n))
            if !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            // `release/2026-12-06` ends in `-06`, which is the date's, not a cut's.
            match date_in(template, stem) {
                Some(date) => return (date, n.parse().unwrap_or(1), name.to_string()),
                None => (name, 1),
            }
        }
        _ => (name, 1),
    };
    (
        date_in(template, stem).unwrap_or_default(),
        n,
        name.to_string(),
    )
}

/// The date `name` carries where `template` has `{date}`.
fn date_in(template: &str, name: &str) -> Option<String> {
    let (before, after) = template.split_once("{date}")?;
    let date = name.strip_prefix(before)?.strip_suffix(after)?;
    let ok = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    ok.then(|| date.to_string())
}

/// What a cut will do: the name, the commit, where it came from, and the
/// stories it holds.
#[derive(Debug, Clone, Serialize)]
pub struct ReleasePlan {
    pub name: String,
    #[serde(serialize_with = "crate::pipeline::board::id_string")]
    pub commit: Id,
    /// What the commit is (`what integration holds`, `--from main`).
    pub from: String,
    pub stories: Vec<String>,
    /// Stories not in the newest release before this one.
    pub new_stories: Vec<String>,
    pub previous: Option<String>,
    /// The newest release, when it is this very commit already: cutting
    /// another would change nothing (a re-run after a run killed once it was
    /// done, or a second cut with nothing new).
    pub already: Option<String>,
    /// Held stories the cut reverted on top of its source.
    pub held_out: Vec<String>,
    /// An interrupted cut this run completed or dropped first; when one was
    /// completed, there is nothing more to cut.
    pub resumed: Vec<ResumedCut>,
    /// The same release cut in each companion, in deploy order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub companions: Vec<CompanionCut>,
}

/// A release cut in a companion: its branch of the same name, at `commit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanionCut {
    pub name: String,
    #[serde(serialize_with = "crate::pipeline::board::id_string")]
    pub commit: Id,
    /// `what integration holds`, or its own main.
    pub from: String,
}

/// What became of a cut a killed run left pending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum ResumedCut {
    Completed { name: String },
    Dropped { name: String, why: String },
}

/// A release cut.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseCut {
    #[serde(flatten)]
    pub plan: ReleasePlan,
    pub remote: String,
}

impl fmt::Display for ResumedCut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResumedCut::Completed { name } => {
                write!(f, "completed the interrupted cut of {name}")
            }
            ResumedCut::Dropped { name, why } => {
                write!(f, "dropped the interrupted cut of {name}: {why}")
            }
        }
    }
}

impl fmt::Display for ReleasePlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(already) = &self.already {
            return writeln!(
                f,
                "{already} is at {} ({}) already: nothing new to cut\n  stories  {}",
                self.commit.short(),
                self.from,
                list(&self.stories)
            );
        }
        writeln!(f, "release {}", self.name)?;
        writeln!(f, "  from     {} ({})", self.commit.short(), self.from)?;
        writeln!(f, "  stories  {}", list(&self.stories))?;
        if !self.held_out.is_empty() {
            writeln!(
                f,
                "  held out {} (held: reverted on the release, `storyboard unhold` lets them in)",
                list(&self.held_out)
            )?;
        }
        for c in &self.companions {
            writeln!(
                f,
                "  companion {} at {} ({})",
                c.name,
                c.commit.short(),
                c.from
            )?;
        }
        match &self.previous {
            Some(p) => writeln!(f, "  new since {p}: {}", list(&self.new_stories)),
            None => Ok(()),
        }
    }
}

impl fmt::Display for ReleaseCut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.plan)?;
        writeln!(
            f,
            "cut {} at {} and pushed it to {}",
            self.plan.name,
            self.plan.commit.short(),
            self.remote
        )
    }
}

/// Story keys for people: comma-separated, wrapped under the first at about 80
/// columns (a plan must show every key it will deploy).
pub(crate) fn list(keys: &[String]) -> String {
    if keys.is_empty() {
        return "(none)".to_string();
    }
    const WIDTH: usize = 68;
    const INDENT: &str = "\n            ";
    let mut out = String::new();
    let mut line = 0;
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            out.push(',');
            line += 1;
            if line + key.len() + 1 > WIDTH {
                out.push_str(INDENT);
                line = 0;
            } else {
                out.push(' ');
                line += 1;
            }
        }
        out.push_str(key);
        line += key.len();
    }
    out
}

#[cfg(test)]
mod list_tests {
    #[test]
    fn long_lists_wrap_and_keep_every_key() {
        let keys: Vec<String> = (1..=40).map(|i| format!("K-{i}")).collect();
        let text = super::list(&keys);
        assert!(text.lines().count() > 1, "{text}");
        assert!(text.lines().all(|l| l.len() <= 80), "{text}");
        let back: Vec<&str> = text.split(',').map(str::trim).collect();
        assert_eq!(back.len(), 40);
        assert_eq!(super::list(&[]), "(none)");
    }
}

impl Workspace {
    /// The releases known here (as last fetched), oldest first.
    pub(crate) fn releases(&self, repo: &Repo) -> Result<Vec<Release>> {
        let template = &self.config.project.release_branch;
        let namespace = refs::release("");
        let prefix = self.config.project.release_prefix();
        let mut out: Vec<Release> = repo
            .refs_under(&refs::release(prefix))?
            .into_iter()
            .filter_map(|(r, commit)| {
                Some(Release {
                    name: r.strip_prefix(&namespace)?.to_string(),
                    commit,
                })
            })
            .collect();
        out.sort_by_cached_key(|r| release_order(template, &r.name));
        Ok(out)
    }

    /// Plans a release cut: fetches main, the releases and the first stage,
    /// completes a cut a killed run left, and names the release and its commit.
    pub fn plan_release(
        &self,
        name: Option<&str>,
        from: Option<&str>,
        progress: Progress<'_>,
    ) -> Result<ReleasePlan> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let first = self.config.stages.first().cloned().ok_or_else(|| {
            StoryError::refused(
                "there is no pipeline to cut a release for",
                format!(
                    "list the shared environments in [pipeline] stages of {}",
                    self.config.team_file.display()
                ),
            )
        })?;
        step(progress, "fetching main and the releases", 0, 3);
        self.fetch_main(&repo)?;
        let resumed = self.resume_cuts(&repo)?;
        if resumed
            .iter()
            .any(|r| matches!(r, ResumedCut::Completed { .. }))
        {
            // The interrupted cut was this run's to finish: cutting another
            // would make two releases of one intent.
            let releases = self.releases(&repo)?;
            let done = releases.last().cloned();
            return match done {
                Some(r) => self.describe_cut(
                    &repo,
                    r.name,
                    r.commit,
                    "an interrupted cut".into(),
                    resumed,
                ),
                None => Err(StoryError::refused(
                    "a completed cut is not among the releases",
                    "run `storyboard story fetch` and look again",
                )),
            };
        }
        step(progress, format!("fetching {first}"), 1, 3);
        let env = self.stage(&first)?;
        self.deployer(&repo).fetch(&env)?;
        let (commit, what) = match from {
            Some(rev) => (
                repo.resolve(rev).map_err(|e| {
                    StoryError::refused(e.to_string(), "give --from a branch, a tag or a commit")
                })?,
                format!("--from {rev}"),
            ),
            None => {
                let state = self.deployer(&repo).state(&env)?;
                let d = state.last.ok_or_else(|| {
                    StoryError::refused(
                        format!("`{first}` holds no deployment to cut a release from"),
                        format!(
                            "promote `{first}` first (`storyboard promote {first}`), or name the commit with --from"
                        ),
                    )
                })?;
                (d.source, format!("what {first} holds"))
            }
        };
        let releases = self.releases(&repo)?;
        let existing: Vec<String> = releases.iter().map(|r| r.name.clone()).collect();
        let name_given = name;
        let name = match name {
            Some(n) => {
                let n = n.strip_prefix("refs/heads/").unwrap_or(n);
                if !git::is_valid_branch_name(n) {
                    return Err(StoryError::refused(
                        format!("`{n}` is not a valid branch name"),
                        "name the release like the convention does, for example release/2026-12-06",
                    ));
                }
                let prefix = self.config.project.release_prefix();
                if !n.starts_with(prefix) {
                    return Err(StoryError::refused(
                        format!(
                            "`{n}` does not start with `{prefix}`, as every release branch does here"
                        ),
                        format!(
                            "name it `{prefix}…`, or leave the name out to follow `release_branch` ({})",
                            self.config.project.release_branch
                        ),
                    ));
                }
                if existing.iter().any(|e| e == n) {
                    return Err(StoryError::refused(
                        format!("the release `{n}` exists already"),
                        "choose another name, or leave it out for the next free one",
                    ));
                }
                n.to_string()
            }
            None => {
                let me = repo.identity()?;
                let today = Moment {
                    seconds: me.time,
                    offset_minutes: me.offset_minutes,
                }
                .date();
                release_name(&self.config.project.release_branch, &today, &existing)
            }
        };
        // Stories held out of the stages that take releases stay out of the
        // release: the cut reverts them on top of what it is cut from.
        let release_stage = self.config.release_from.clone().unwrap_or_default();
        let stories = self.known_stories(&repo)?;
        let held: Vec<super::KnownStory> = self
            .holds_in(&repo)?
            .iter()
            .filter(|h| self.held_from(h).contains(&release_stage))
            .filter_map(|h| stories.iter().find(|s| s.marks.key == h.key).cloned())
            .collect();
        let source = commit;
        let (commit, held_out) = match self.revert_out(&repo, source, &held, &name)? {
            Some((c, keys)) => (c, keys),
            None => (source, Vec::new()),
        };
        let mut plan = self.describe_cut(&repo, name.clone(), commit, what, resumed)?;
        plan.held_out = held_out;
        let first_holds = match from {
            None => self.deployer(&repo).state(&env)?.last,
            Some(_) => None,
        };
        plan.companions = self.plan_companion_cuts(&repo, &first, first_holds.as_ref())?;
        if name_given.is_none() {
            // A cut from the same source: the same release, whether or not
            // held stories were reverted on it.
            let tree = repo.commit(commit)?.tree;
            plan.already = releases
                .last()
                .filter(|r| {
                    repo.commit(r.commit).is_ok_and(|c| {
                        c.tree == tree && (r.commit == source || c.parents.first() == Some(&source))
                    })
                })
                .map(|r| r.name.clone());
        }
        Ok(plan)
    }

    fn describe_cut(
        &self,
        repo: &Repo,
        name: String,
        commit: Id,
        from: String,
        resumed: Vec<ResumedCut>,
    ) -> Result<ReleasePlan> {
        let releases = self.releases(repo)?;
        let previous = releases.iter().rev().find(|r| r.name != name).cloned();
        let stories = self.known_stories(repo)?;
        let mut tips = vec![commit];
        tips.extend(previous.as_ref().map(|p| p.commit));
        let c = self.containment(repo, &stories, &tips)?;
        let held = c.keys(commit);
        let before = previous
            .as_ref()
            .map(|p| c.keys(p.commit))
            .unwrap_or_default();
        Ok(ReleasePlan {
            companions: Vec::new(),
            new_stories: super::minus(&held, &before),
            stories: held,
            previous: previous.map(|p| p.name),
            already: None,
            held_out: Vec::new(),
            name,
            commit,
            from,
            resumed,
        })
    }

    /// Cuts the release `plan` describes: pushed where no branch of its name
    /// exists on the team remote, never over one.
    pub fn cut_release(&self, plan: ReleasePlan, progress: Progress<'_>) -> Result<ReleaseCut> {
        let _lock = self.lock()?;
        let repo = self.repo()?;
        let (team, _) = self.team(&repo);
        if plan
            .resumed
            .iter()
            .any(|r| matches!(r, ResumedCut::Completed { .. }))
        {
            return Ok(ReleaseCut {
                plan,
                remote: team.spec,
            });
        }
        if let Some(already) = &plan.already {
            return Err(StoryError::refused(
                format!(
                    "{already} is at {} already: nothing new to cut",
                    plan.commit.short()
                ),
                "name the release to cut another at the same commit",
            ));
        }
        // Companions first: a cut killed after them is cut again under the
        // same name, and their branches, already there at the same commits,
        // are no obstacle; the LookML release, which the stages read, comes
        // last.
        if !plan.companions.is_empty() {
            let clones = self.companion_clones(&repo)?;
            for c in &plan.companions {
                if let Some(clone) = clones.iter().find(|k| k.companion.name == c.name) {
                    step(
                        progress,
                        format!("pushing {} of {}", plan.name, c.name),
                        1,
                        3,
                    );
                    clone.push_new_branch(&plan.name, c.commit)?;
                    git::crash_point("release-companion-pushed");
                }
            }
        }
        let pending = refs::pending_release(&plan.name);
        repo.set_ref(&pending, plan.commit, None, "storyboard: release cut")
            .map_err(|_| {
                StoryError::refused(
                    format!("another cut of `{}` is in progress here", plan.name),
                    "run the command again: it completes or drops the other cut first",
                )
            })?;
        git::crash_point("release-after-pending");
        step(progress, format!("pushing {}", plan.name), 2, 3);
        let pushed = repo.push_expecting(
            &team,
            plan.commit,
            &format!("refs/heads/{}", plan.name),
            Expected::Absent,
        );
        if let Err(e) = pushed {
            repo.delete_ref(&pending)?;
            return Err(match e {
                crate::git::RemoteError::Rejected { .. } => StoryError::refused(
                    format!(
                        "someone cut `{}` on {} meanwhile; nothing was pushed",
                        plan.name, team.spec
                    ),
                    "run `storyboard release cut` again: it picks the next name",
                ),
                other => other.into(),
            });
        }
        git::crash_point("release-after-push");
        let tracking = refs::release(&plan.name);
        let was = repo.ref_target(&tracking)?;
        repo.set_ref(&tracking, plan.commit, was, "storyboard: release cut")?;
        repo.delete_ref(&pending)?;
        step(progress, format!("cut {}", plan.name), 3, 3);
        Ok(ReleaseCut {
            plan,
            remote: team.spec,
        })
    }

    /// Where each companion's release is cut: at what the first stage
    /// recorded for it when the LookML is cut from what that stage holds
    /// (`first_holds`), else at the companion's own main.
    fn plan_companion_cuts(
        &self,
        repo: &Repo,
        first: &str,
        first_holds: Option<&crate::deploy::Deployment>,
    ) -> Result<Vec<CompanionCut>> {
        if self.config.companions.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for clone in self.companion_clones(repo)? {
            clone.fetch(self.config.project.release_prefix())?;
            let name = clone.companion.name.clone();
            let recorded = first_holds.and_then(|d| {
                d.companions
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, id)| *id)
            });
            let (commit, from) = match recorded {
                Some(id) => (id, format!("what {first} holds")),
                None => (clone.main_rev()?, clone.companion.main.clone()),
            };
            out.push(CompanionCut { name, commit, from });
        }
        Ok(out)
    }

    /// Completes or drops the cuts a killed run left pending: pushed when the
    /// team remote has no branch of that name, kept when it has this very
    /// commit, dropped when it has another.
    fn resume_cuts(&self, repo: &Repo) -> Result<Vec<ResumedCut>> {
        let namespace = refs::pending_release("");
        let mut out = Vec::new();
        for (r, commit) in repo.refs_under(&namespace)? {
            let Some(name) = r.strip_prefix(&namespace).map(str::to_string) else {
                continue;
            };
            let tracking = refs::release(&name);
            let there = repo.ref_target(&tracking)?;
            let outcome = match there {
                Some(at) if at == commit => ResumedCut::Completed { name },
                Some(at) => ResumedCut::Dropped {
                    why: format!("the team remote has `{name}` at {} already", at.short()),
                    name,
                },
                None => {
                    let (team, _) = self.team(repo);
                    match repo.push_expecting(
                        &team,
                        commit,
                        &format!("refs/heads/{name}"),
                        Expected::Absent,
                    ) {
                        Ok(()) => {
                            repo.set_ref(
                                &tracking,
                                commit,
                                None,
                                "storyboard: release cut (resumed)",
                            )?;
                            ResumedCut::Completed { name }
                        }
                        // Refused as not a fast-forward: the name was taken
                        // meanwhile. Anything else (unreachable, a lock in the
                        // way) keeps the cut pending for the next run.
                        Err(crate::git::RemoteError::Rejected { detail, .. }) => {
                            ResumedCut::Dropped { name, why: detail }
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
            };
            repo.delete_ref(&r)?;
            out.push(outcome);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_convention_and_count_cuts_of_a_day() {
        let t = "release/{date}";
        assert_eq!(release_name(t, "2026-12-06", &[]), "release/2026-12-06");
        let existing = vec!["release/2026-12-06".to_string()];
        assert_eq!(
            release_name(t, "2026-12-06", &existing),
            "release/2026-12-06-2"
        );
        let existing = vec![
            "release/2026-12-06".to_string(),
            "release/2026-12-06-2".to_string(),
        ];
        assert_eq!(
            release_name(t, "2026-12-06", &existing),
            "release/2026-12-06-3"
        );
    }

    #[test]
    fn releases_sort_by_date_then_cut() {
        let t = "release/{date}";
        let mut names = vec![
            "release/2026-12-06-2",
            "release/2026-12-06",
            "release/2026-11-29",
            "release/2026-12-06-10",
            "release/hotfix",
        ];
        names.sort_by_key(|n| release_order(t, n));
        assert_eq!(
            names,
            [
                "release/hotfix",
                "release/2026-11-29",
                "release/2026-12-06",
                "release/2026-12-06-2",
                "release/2026-12-06-10",
            ]
        );
        let t = "lookml-{date}-rc";
        assert_eq!(
            release_order(t, "lookml-2026-01-02-rc-3"),
            (
                "2026-01-02".to_string(),
                3,
                "lookml-2026-01-02-rc-3".to_string()
            )
        );
    }

    proptest::proptest! {
        #[test]
        fn any_name_orders_without_panic(name in "\\PC{0,40}", template in "\\PC{0,10}(\\{date\\})?\\PC{0,10}") {
            let _ = release_order(&template, &name);
        }
    }
}
