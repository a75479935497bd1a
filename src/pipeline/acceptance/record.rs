//! A sign-off as a commit message, and what a set of them means: pure, so the
//! format and the rules are tested on their own.
//!
//! A record's message is a subject for people, the tester's message as its
//! body, and the facts as trailers in the last paragraph — which the body can
//! never be, since the trailers always follow it:
//!
//! ```text
//! Accept ABC-1 on acceptance
//!
//! Totals match the warehouse.
//!
//! Storyboard-Acceptance: ABC-1
//! Storyboard-Verdict: accepted
//! Storyboard-On: acceptance
//! Storyboard-Tested-Source: 3f2a…
//! ```
//!
//! Who and when are the commit's committer, as for every other record.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::calendar::Moment;
use crate::git::Id;
use crate::semdiff::Change;

const KEY: &str = "Storyboard-Acceptance";
const VERDICT: &str = "Storyboard-Verdict";
const ON: &str = "Storyboard-On";
const SOURCE: &str = "Storyboard-Tested-Source";

/// What a tester said of a story on an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accepted,
    Rejected,
}

impl Verdict {
    /// As a state: `accepted`, `rejected`.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
        }
    }

    /// The imperative, for subjects and questions: `accept`, `reject`.
    pub fn verb(self) -> &'static str {
        match self {
            Verdict::Accepted => "accept",
            Verdict::Rejected => "reject",
        }
    }
}

/// What one record states, apart from who and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub key: String,
    pub environment: String,
    pub verdict: Verdict,
    /// The canonical commit the environment had deployed when it was tested.
    pub source: Id,
    /// The tester's words, as [`normalise_message`] leaves them.
    pub message: Option<String>,
}

impl Statement {
    /// The commit message that records it.
    pub fn to_message(&self) -> String {
        let verb = match self.verdict {
            Verdict::Accepted => "Accept",
            Verdict::Rejected => "Reject",
        };
        let body = self
            .message
            .as_deref()
            .map(|m| format!("{m}\n\n"))
            .unwrap_or_default();
        format!(
            "{verb} {key} on {env}\n\n{body}{KEY}: {key}\n{VERDICT}: {verdict}\n{ON}: {env}\n{SOURCE}: {source}\n",
            key = self.key,
            env = self.environment,
            verdict = self.verdict.word(),
            source = self.source,
        )
    }

    /// The statement a record's message makes, or `None` when it is not one.
    pub fn parse(text: &str) -> Option<Statement> {
        let text = text.strip_suffix('\n').unwrap_or(text);
        let (_subject, rest) = text.split_once("\n\n")?;
        let (body, trailers) = match rest.rsplit_once("\n\n") {
            Some((body, trailers)) => (Some(body), trailers),
            None => (None, rest),
        };
        let mut fields: BTreeMap<&str, &str> = BTreeMap::new();
        for line in trailers.lines() {
            let (k, v) = line.split_once(": ")?;
            fields.insert(k, v);
        }
        let verdict = match *fields.get(VERDICT)? {
            "accepted" => Verdict::Accepted,
            "rejected" => Verdict::Rejected,
            _ => return None,
        };
        let source = fields.get(SOURCE)?;
        if source.len() != 40 || !source.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        Some(Statement {
            key: fields.get(KEY)?.to_string(),
            environment: fields.get(ON)?.to_string(),
            verdict,
            source: source.parse().ok()?,
            message: body.map(str::to_string),
        })
    }
}

/// A tester's message as it is recorded: without carriage returns or other
/// control characters (tabs and line breaks stay), trimmed; `None` when
/// nothing is left.
pub fn normalise_message(raw: &str) -> Option<String> {
    let kept: String = raw
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let trimmed = kept.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// One record on a story's chain: the statement, who made it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    pub key: String,
    pub environment: String,
    pub verdict: Verdict,
    #[serde(serialize_with = "crate::pipeline::board::id_string")]
    pub source: Id,
    pub message: Option<String>,
    /// `Name <email>`, the record's committer.
    pub by: String,
    /// Seconds since the Unix epoch.
    pub at: i64,
    #[serde(skip)]
    pub offset_minutes: i32,
    /// The record's commit.
    #[serde(serialize_with = "crate::pipeline::board::id_string")]
    pub commit: Id,
}

impl Record {
    /// When it was made, with the tester's offset from UTC.
    pub fn moment(&self) -> Moment {
        Moment {
            seconds: self.at,
            offset_minutes: self.offset_minutes,
        }
    }
}

/// The newest record of each (story, environment), from records listed oldest
/// first (a chain from its root to its tip): the later word stands.
pub fn latest(records: &[Record]) -> BTreeMap<(String, String), &Record> {
    let mut out = BTreeMap::new();
    for r in records {
        out.insert((r.key.clone(), r.environment.clone()), r);
    }
    out
}

/// The changes among `changes` that touch one of `objects` (the paths of the
/// objects a story changed): the same object, one inside it, or one it is
/// inside. An enclosing object's change (a view's table) changes what the
/// story's field does, so it counts: a sign-off errs on the side of testing
/// again. Moves change no behaviour and do not count.
pub fn touching(objects: &[Vec<String>], changes: &[Change]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in changes.iter().filter(|c| c.counts()) {
        let hit = objects.iter().any(|o| {
            let n = o.len().min(c.path.len());
            n > 0 && o[..n] == c.path[..n]
        });
        let text = c.path.join(" / ");
        if hit && !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// Where a story stands on an environment, as its newest record and what the
/// environment holds now say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SignOffState {
    Accepted,
    Rejected,
    /// Signed off (either way) on a deployment whose changes to the story's
    /// objects a later deployment changed again: it needs testing again.
    Stale,
}

/// A story's sign-off on one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOff {
    pub key: String,
    pub environment: String,
    pub state: SignOffState,
    /// The newest record; for a stale sign-off, what it said then.
    pub record: Record,
    /// For a stale sign-off: the story's objects changed since (paths as
    /// `view:orders / dimension:total`).
    pub changed: Vec<String>,
}

impl fmt::Display for SignOff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.record;
        let when = r.moment().date_time_zone();
        match self.state {
            SignOffState::Stale => write!(
                f,
                "stale on {}: {} by {} {when} on {}, and {} changed since",
                self.environment,
                r.verdict.word(),
                r.by,
                r.source.short(),
                short_list(&self.changed)
            ),
            _ => {
                write!(
                    f,
                    "{} on {} by {} {when} ({})",
                    r.verdict.word(),
                    self.environment,
                    r.by,
                    r.source.short()
                )?;
                match &r.message {
                    Some(m) => write!(f, ": {}", first_line(m)),
                    None => Ok(()),
                }
            }
        }
    }
}

/// The first line of a message, for one-line listings.
pub(crate) fn first_line(m: &str) -> &str {
    m.lines().next().unwrap_or_default()
}

/// At most three items, and how many more.
fn short_list(items: &[String]) -> String {
    match items.len() {
        0 => "nothing".to_string(),
        1..=3 => items.join(", "),
        n => format!("{} and {} more", items[..3].join(", "), n - 3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semdiff::{ChangeClass, ChangeOp};
    use proptest::prelude::*;

    fn id(hex: char) -> Id {
        std::iter::repeat_n(hex, 40)
            .collect::<String>()
            .parse()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let s = Statement {
            key: "ABC-1".into(),
            environment: "acceptance".into(),
            verdict: Verdict::Rejected,
            source: id('a'),
            message: Some("Totals are off.\n\nStoryboard-Verdict: accepted".into()),
        };
        let text = s.to_message();
        assert!(text.starts_with("Reject ABC-1 on acceptance\n\n"), "{text}");
        assert_eq!(Statement::parse(&text), Some(s.clone()));
        let bare = Statement { message: None, ..s };
        assert_eq!(Statement::parse(&bare.to_message()), Some(bare));
    }

    #[test]
    fn other_messages_are_no_records() {
        for text in [
            "",
            "Hold A-1 out of acceptance\n\nStoryboard-Hold: A-1\n",
            "Accept A-1 on x\n\nStoryboard-Acceptance: A-1\nStoryboard-Verdict: maybe\nStoryboard-On: x\nStoryboard-Tested-Source: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
            "Accept A-1 on x\n\nStoryboard-Acceptance: A-1\nStoryboard-Verdict: accepted\nStoryboard-On: x\nStoryboard-Tested-Source: abc\n",
        ] {
            assert_eq!(Statement::parse(text), None, "{text}");
        }
    }

    #[test]
    fn messages_lose_control_characters_and_outer_space() {
        assert_eq!(
            normalise_message("  ok\r\n\tfine\u{7}\n "),
            Some("ok\n\tfine".into())
        );
        assert_eq!(normalise_message(" \r\n "), None);
    }

    fn change(path: &[&str], op: ChangeOp) -> Change {
        Change {
            op,
            kind: "dimension".into(),
            path: path.iter().map(|s| s.to_string()).collect(),
            property: None,
            old: None,
            new: None,
            class: ChangeClass::Structure,
            file: "views/x.view.lkml".into(),
            line: 1,
        }
    }

    #[test]
    fn a_change_touches_the_object_what_is_inside_it_and_what_holds_it() {
        let objects = vec![vec![
            "view:orders".to_string(),
            "dimension:flag".to_string(),
        ]];
        let changes = [
            change(&["view:orders", "dimension:flag"], ChangeOp::Modified),
            change(&["view:orders", "dimension:flag", "link"], ChangeOp::Added),
            change(&["view:orders"], ChangeOp::Modified),
            change(&["view:orders", "dimension:other"], ChangeOp::Added),
            change(&["view:users", "dimension:flag"], ChangeOp::Added),
            change(&["view:orders", "dimension:flag"], ChangeOp::Moved),
        ];
        assert_eq!(
            touching(&objects, &changes),
            [
                "view:orders / dimension:flag",
                "view:orders / dimension:flag / link",
                "view:orders"
            ]
        );
        assert!(touching(&[], &changes).is_empty());
    }

    #[test]
    fn the_newest_record_of_each_story_and_environment_stands() {
        let record = |key: &str, env: &str, verdict, commit| Record {
            key: key.into(),
            environment: env.into(),
            verdict,
            source: id('b'),
            message: None,
            by: "a <a@x>".into(),
            at: 0,
            offset_minutes: 0,
            commit: id(commit),
        };
        let rs = [
            record("A-1", "acceptance", Verdict::Accepted, '1'),
            record("A-1", "integration", Verdict::Accepted, '2'),
            record("A-1", "acceptance", Verdict::Rejected, '3'),
        ];
        let l = latest(&rs);
        assert_eq!(l.len(), 2);
        assert_eq!(
            l[&("A-1".to_string(), "acceptance".to_string())].verdict,
            Verdict::Rejected
        );
    }

    proptest! {
        #[test]
        fn any_statement_round_trips(
            key in "[A-Z]{1,6}-[0-9]{1,5}",
            env in "[a-z][a-z0-9_-]{0,15}",
            rejected in any::<bool>(),
            source in "[0-9a-f]{40}",
            raw in proptest::option::of("\\PC{0,80}|(.|\n){0,80}"),
        ) {
            let s = Statement {
                key,
                environment: env,
                verdict: if rejected { Verdict::Rejected } else { Verdict::Accepted },
                source: source.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?,
                message: raw.as_deref().and_then(normalise_message),
            };
            prop_assert_eq!(Statement::parse(&s.to_message()), Some(s));
        }

        #[test]
        fn any_text_parses_without_panic(text in "(.|\n){0,200}") {
            let _ = Statement::parse(&text);
            let _ = normalise_message(&text);
        }
    }
}
