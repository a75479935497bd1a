//! Release notes: the stories a release brings (those new since the release
//! before it), each with its title, authors, pull request, the objects it
//! changes and its semantic diff, and where it was signed off. Text for the
//! terminal, Markdown to paste into a ticket, JSON for tools.
//!
//! Everything comes from git: the commits that brought each story into the
//! release (a merge, a squash, its own commits, follow-ups naming it) give its
//! title, authors, pull request number and diff; the sign-offs are the team's
//! records as last fetched.

use std::fmt::{self, Write as _};

use serde::Serialize;

use super::acceptance::{Judge, SignOff};
use super::minus;
use crate::git::{Id, Repo};
use crate::semdiff::{ChangeOp, Diff, Summary, render};
use crate::story::{Result, StoryError, Workspace};

/// A release's notes.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseNotes {
    pub release: String,
    #[serde(serialize_with = "crate::pipeline::board::id_string")]
    pub commit: Id,
    /// The release the stories are new since, when there is one before it.
    pub since: Option<String>,
    /// The stage whose sign-off later stages need, when the team names one.
    pub require_acceptance: Option<String>,
    pub stories: Vec<NoteStory>,
    /// Why the notes may be older than the team remote (it did not answer).
    pub warning: Option<String>,
}

/// One story of a release.
#[derive(Debug, Clone, Serialize)]
pub struct NoteStory {
    pub key: String,
    /// What the story does: the pull request's title or its first commit's
    /// subject, without the key.
    pub title: String,
    pub branch: String,
    /// `Name <email>`, in the order they first committed.
    pub authors: Vec<String>,
    pub pull_request: Option<u32>,
    /// The pull request's page, or where to compare the branch, when the
    /// team remote's host is known.
    pub link: Option<String>,
    pub summary: Summary,
    /// The objects it changes, `+ view:orders / dimension:flag`.
    pub objects: Vec<String>,
    #[serde(serialize_with = "diff_json")]
    pub diff: Diff,
    /// Its sign-offs, by environment, against what each holds now.
    pub sign_offs: Vec<SignOff>,
}

fn diff_json<S: serde::Serializer>(diff: &Diff, s: S) -> std::result::Result<S::Ok, S::Error> {
    let value: serde_json::Value =
        serde_json::from_str(&render::json(diff)).unwrap_or(serde_json::Value::Null);
    value.serialize(s)
}

impl NoteStory {
    /// Its sign-offs for people, one per environment; the required stage is
    /// named even without one.
    fn sign_off_lines(&self, required: Option<&str>) -> Vec<String> {
        let mut out: Vec<String> = self.sign_offs.iter().map(|s| s.to_string()).collect();
        if let Some(r) = required
            && !self.sign_offs.iter().any(|s| s.environment == r)
        {
            out.push(format!("not signed off on {r}"));
        }
        if out.is_empty() {
            out.push("not signed off".to_string());
        }
        out
    }

    fn names(&self) -> String {
        let names: Vec<&str> = self
            .authors
            .iter()
            .map(|a| a.split(" <").next().unwrap_or(a))
            .collect();
        if names.is_empty() {
            "(unknown)".to_string()
        } else {
            names.join(", ")
        }
    }
}

impl ReleaseNotes {
    /// The notes as Markdown, fit to paste into a ticket.
    pub fn markdown(&self) -> String {
        let mut out = format!("# Release `{}`\n\n", self.release);
        let _ = writeln!(out, "{}\n", self.lead());
        if let Some(w) = &self.warning {
            let _ = writeln!(out, "> **Note:** {w}\n");
        }
        if self.stories.is_empty() {
            return out;
        }
        out.push_str("| Story | Title | Authors | Sign-off |\n|---|---|---|---|\n");
        for s in &self.stories {
            let link = match &s.link {
                Some(l) => format!("[{}]({l})", s.key),
                None => s.key.clone(),
            };
            let sign = s
                .sign_off_lines(self.require_acceptance.as_deref())
                .into_iter()
                .map(|l| cell(&short_sign(&l)))
                .collect::<Vec<_>>()
                .join("<br>");
            let _ = writeln!(
                out,
                "| {link} | {} | {} | {sign} |",
                cell(&s.title),
                cell(&s.names())
            );
        }
        for s in &self.stories {
            let _ = writeln!(out, "\n## {} {}\n", s.key, s.title);
            let _ = writeln!(out, "- **Authors:** {}", s.names());
            match (&s.pull_request, &s.link) {
                (Some(n), Some(l)) => {
                    let _ = writeln!(out, "- **Pull request:** [#{n}]({l})");
                }
                (Some(n), None) => {
                    let _ = writeln!(out, "- **Pull request:** #{n}");
                }
                (None, Some(l)) => {
                    let _ = writeln!(out, "- **Branch:** [`{}`]({l})", s.branch);
                }
                (None, None) => {
                    let _ = writeln!(out, "- **Branch:** `{}`", s.branch);
                }
            }
            for l in s.sign_off_lines(self.require_acceptance.as_deref()) {
                let _ = writeln!(out, "- **Sign-off:** {l}");
            }
            let _ = writeln!(out, "- **Changes:** {}", summary(&s.summary));
            if !s.objects.is_empty() {
                out.push('\n');
                for o in &s.objects {
                    let _ = writeln!(out, "  - `{o}`");
                }
            }
            if s.summary.changes > 0 || !s.diff.not_compared.is_empty() {
                let _ = write!(
                    out,
                    "\n<details><summary>Semantic diff of {}</summary>\n\n{}\n</details>\n",
                    s.key,
                    render::markdown(&s.diff).trim_end()
                );
            }
        }
        out
    }

    /// The notes as text for the terminal.
    pub fn text(&self, color: bool) -> String {
        let mut out = format!("release {}\n{}\n", self.release, self.lead());
        if let Some(w) = &self.warning {
            let _ = writeln!(out, "warning: {w}");
        }
        for s in &self.stories {
            let _ = writeln!(out, "\n{} {}", s.key, s.title);
            let _ = writeln!(out, "  authors   {}", s.names());
            if let Some(n) = s.pull_request {
                let _ = writeln!(out, "  pull      #{n}");
            }
            if let Some(l) = &s.link {
                let _ = writeln!(out, "  link      {l}");
            }
            for l in s.sign_off_lines(self.require_acceptance.as_deref()) {
                let _ = writeln!(out, "  sign-off  {l}");
            }
            let _ = writeln!(out, "  changes   {}", summary(&s.summary));
            for o in &s.objects {
                let _ = writeln!(out, "            {o}");
            }
            if s.summary.changes > 0 {
                out.push('\n');
                for line in render::text(&s.diff, color).lines() {
                    if line.is_empty() {
                        out.push('\n');
                    } else {
                        let _ = writeln!(out, "    {line}");
                    }
                }
            }
        }
        out
    }

    fn lead(&self) -> String {
        let n = self.stories.len();
        let what = match n {
            0 => "no stories".to_string(),
            1 => "1 story".to_string(),
            n => format!("{n} stories"),
        };
        match &self.since {
            Some(p) => format!("{what} new since {p}, at {}", self.commit.short()),
            None => format!("{what}, at {}", self.commit.short()),
        }
    }
}

impl fmt::Display for ReleaseNotes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(false))
    }
}

/// The diff's summary sentence, without its `Summary:` label.
fn summary(s: &Summary) -> String {
    let line = render::summary_line(s);
    line.strip_prefix("Summary: ").unwrap_or(&line).to_string()
}

/// A table cell: no pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A sign-off line for the table: its verdict, where, by whom (the words up
/// to the email).
fn short_sign(line: &str) -> String {
    match line.split_once(" <") {
        Some((head, _)) => head.to_string(),
        None => line.to_string(),
    }
}

impl Workspace {
    /// The notes of the release `name` (default: the newest), after fetching
    /// the team remote's releases and sign-offs (without it, as last fetched,
    /// with a warning).
    pub fn release_notes(&self, name: Option<&str>) -> Result<ReleaseNotes> {
        let repo = self.repo()?;
        let warning = {
            let _lock = self.lock()?;
            self.fetch_main(&repo).err().map(|e| {
                format!("the team remote did not answer ({e}); these notes are as last fetched")
            })
        };
        let releases = self.releases(&repo)?;
        let index = match name {
            None => releases.len().checked_sub(1).ok_or_else(|| {
                StoryError::refused(
                    "no release branch exists yet",
                    "`storyboard release cut` cuts one",
                )
            })?,
            Some(n) => releases
                .iter()
                .position(|r| r.name == n || r.name.ends_with(&format!("/{n}")))
                .ok_or_else(|| {
                    let names: Vec<&str> = releases.iter().map(|r| r.name.as_str()).collect();
                    let help = match crate::config::nearest(n, names.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None if names.is_empty() => "`storyboard release cut` cuts one".to_string(),
                        None => format!("releases: {}", names.join(", ")),
                    };
                    StoryError::refused(format!("no release is called `{n}`"), help)
                })?,
        };
        let release = &releases[index];
        let previous = index.checked_sub(1).and_then(|i| releases.get(i));
        let stories = self.known_stories(&repo)?;
        let mut tips = vec![release.commit];
        tips.extend(previous.map(|p| p.commit));
        let contained = self.containment(&repo, &stories, &tips)?;
        let keys = minus(
            &contained.keys(release.commit),
            &previous
                .map(|p| contained.keys(p.commit))
                .unwrap_or_default(),
        );
        let positions = self.positions(&repo)?;
        let now = |env: &str| positions.deployed_source(env);
        let mut judge = Judge::new(self, &repo, &stories);
        let sign_offs = self.judge_all(&repo, &mut judge, &now)?;
        let team_url = repo.remote(&self.config.project.remote).url;
        let mut out = Vec::new();
        for key in keys {
            let branch = stories
                .iter()
                .find(|s| s.marks.key == key)
                .map(|s| s.marks.branch.clone())
                .unwrap_or_default();
            let bringers = judge.bringers(&key, release.commit)?;
            let diff = judge.story_changes(&key, release.commit)?;
            let about = self.about(&repo, &key, &branch, &bringers)?;
            let link = match about.pull_request {
                Some(n) => crate::story::pull_request_url(&team_url, n),
                None => {
                    crate::story::compare_url(&team_url, None, &self.config.project.main, &branch)
                }
            };
            let objects = objects(&diff);
            out.push(NoteStory {
                title: about.title,
                authors: about.authors,
                pull_request: about.pull_request,
                link,
                summary: diff.summary(),
                objects,
                diff,
                sign_offs: sign_offs.iter().filter(|s| s.key == key).cloned().collect(),
                key,
                branch,
            });
        }
        judge.save();
        Ok(ReleaseNotes {
            release: release.name.clone(),
            commit: release.commit,
            since: previous.map(|p| p.name.clone()),
            require_acceptance: self.config.require_acceptance.clone(),
            stories: out,
            warning,
        })
    }

    /// A story's title, authors and pull request, from the commits that
    /// brought it (newest first, each with the commit before it).
    fn about(&self, repo: &Repo, key: &str, branch: &str, bringers: &[(Id, Id)]) -> Result<About> {
        let mut authors: Vec<String> = Vec::new();
        let mut subject = None;
        let mut pull_request = None;
        for &(commit, before) in bringers.iter().rev() {
            let c = repo.commit(commit)?;
            pull_request = pull_request.or_else(|| pull_number(c.summary()));
            // The story's own commits: a merge's second side, or a run of
            // commits fast-forwarded from where the story began.
            let own = match c.parents.as_slice() {
                [_, theirs, ..] => repo.commits_between(&[before], *theirs, 10_000)?,
                [parent] if *parent != before => repo.commits_between(&[before], commit, 10_000)?,
                _ => vec![c.clone()],
            };
            for o in own.iter().rev() {
                let who = format!("{} <{}>", o.author.name, o.author.email);
                if !authors.contains(&who) {
                    authors.push(who);
                }
            }
            if subject.is_none() {
                let first = if c.parents.len() > 1 {
                    own.last().map(|o| o.summary().to_string())
                } else {
                    Some(c.summary().to_string())
                };
                subject = first;
            }
        }
        let slug = slug_of(branch, key);
        let subject = subject.map(|s| strip_pull_number(&s));
        let title = crate::story::pr_title(key, &slug, subject.as_deref());
        let title = title
            .strip_prefix(key)
            .map(str::trim)
            .unwrap_or(&title)
            .to_string();
        Ok(About {
            title,
            authors,
            pull_request,
        })
    }
}

struct About {
    title: String,
    authors: Vec<String>,
    pull_request: Option<u32>,
}

/// The objects a diff changes, each once, with its marker.
fn objects(diff: &Diff) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: Vec<&[String]> = Vec::new();
    for c in diff.changes.iter().filter(|c| c.counts()) {
        if seen.contains(&c.path.as_slice()) {
            continue;
        }
        seen.push(&c.path);
        let op = if c.property.is_some() {
            ChangeOp::Modified
        } else {
            c.op
        };
        out.push(format!("{} {}", op.marker(), render::path_text(&c.path)));
    }
    out
}

/// The pull request number a merge's subject names: `Merge pull request #12
/// from …` or a squash's `Title (#12)`.
pub(crate) fn pull_number(subject: &str) -> Option<u32> {
    if let Some(rest) = subject.strip_prefix("Merge pull request #") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        return digits.parse().ok();
    }
    let inner = subject.trim_end().strip_suffix(')')?;
    let (_, n) = inner.rsplit_once("(#")?;
    n.parse().ok()
}

/// A squash's subject without its `(#12)`.
fn strip_pull_number(subject: &str) -> String {
    let trimmed = subject.trim_end();
    match trimmed.strip_suffix(')').and_then(|s| s.rsplit_once(" (#")) {
        Some((title, n)) if n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty() => {
            title.to_string()
        }
        _ => trimmed.to_string(),
    }
}

/// The slug in a story's branch: what follows its key.
fn slug_of(branch: &str, key: &str) -> String {
    let lower = branch.to_ascii_lowercase();
    match lower.rfind(&key.to_ascii_lowercase()) {
        Some(i) => branch[i + key.len()..]
            .trim_start_matches(['-', '_', '/'])
            .to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_request_numbers_from_merge_and_squash_subjects() {
        assert_eq!(
            pull_number("Merge pull request #12 from acme/story/A-1-x"),
            Some(12)
        );
        assert_eq!(pull_number("A-2 Add a flag (#7)"), Some(7));
        assert_eq!(pull_number("A-2 Add a flag (see #7)"), None);
        assert_eq!(pull_number("Add (#x)"), None);
        assert_eq!(strip_pull_number("A-2 Add a flag (#7)"), "A-2 Add a flag");
        assert_eq!(strip_pull_number("Add (#x)"), "Add (#x)");
    }

    #[test]
    fn slugs_follow_the_key() {
        assert_eq!(slug_of("story/R-1-one-two", "R-1"), "one-two");
        assert_eq!(slug_of("other", "R-1"), "");
    }

    proptest::proptest! {
        #[test]
        fn any_subject_is_read_without_panic(s in "\\PC{0,60}") {
            let _ = pull_number(&s);
            let _ = strip_pull_number(&s);
            let _ = slug_of(&s, "A-1");
        }
    }
}
