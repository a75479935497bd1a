//! Which stories a source commit contains: pure, over a history already read.
//!
//! A story is in a commit's history when
//! - one of its heads (its branch, its record, what `story pr` pushed) is
//!   reachable from it: a merge commit brought it;
//! - or a reachable commit names it: its key in the subject (a squash merge
//!   keeps the pull request's title, which `story pr` starts with the key; a
//!   merge commit's subject names the story's branch) or a `Storyboard-Story:`
//!   trailer holding its key or branch;
//!
//! and it stays in until a later commit takes it out: a `Storyboard-Rollback:`
//! trailer naming it, or a `Revert "…"` whose subject names it. A revert of
//! that revert (or any later commit naming it) brings it back.
//!
//! One pass over the history, parents before children, carries a bit set of
//! stories from each commit to its children, so asking about many sources (every
//! environment, main, the releases, a history of deployments) costs one walk.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;

use crate::git::{Id, LogEntry};

/// The trailer a squash merge or a replayed commit may carry to say which
/// story it belongs to.
pub const STORY_TRAILER: &str = "Storyboard-Story";
/// The trailer of a commit that takes a story out.
pub const ROLLBACK_TRAILER: &str = "Storyboard-Rollback";
/// How a rollback commit's subject starts (`Roll back ABC-1 from acceptance`).
pub const ROLLBACK_SUBJECT: &str = "Roll back ";

/// What identifies one story in a history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryMarks {
    pub key: String,
    pub branch: String,
    /// Commits that are the story's own (heads it had): reaching one brings it.
    pub heads: Vec<Id>,
}

/// Which stories each commit of a history contains.
#[derive(Debug, Default)]
pub struct Containment {
    keys: Vec<String>,
    sets: FxHashMap<Id, Bits>,
}

type Bits = Box<[u64]>;

impl Containment {
    /// Reads `log` (parents before children, as [`crate::git::Repo::log`] gives
    /// it) against `stories`.
    pub fn of(log: &[LogEntry], stories: &[StoryMarks]) -> Containment {
        let words = stories.len().div_ceil(64);
        let names = Names::new(stories);
        let mut heads: FxHashMap<Id, Vec<usize>> = FxHashMap::default();
        for (i, s) in stories.iter().enumerate() {
            for h in &s.heads {
                heads.entry(*h).or_default().push(i);
            }
        }
        let mut sets: FxHashMap<Id, Bits> = FxHashMap::default();
        sets.reserve(log.len());
        for entry in log {
            let mut bits: Bits = vec![0u64; words].into_boxed_slice();
            for parent in &entry.parents {
                if let Some(p) = sets.get(parent) {
                    for (b, w) in bits.iter_mut().zip(p.iter()) {
                        *b |= *w;
                    }
                }
            }
            if let Some(own) = heads.get(&entry.id) {
                for &i in own {
                    set(&mut bits, i, true);
                }
            }
            names.apply(&entry.message, &mut bits);
            sets.insert(entry.id, bits);
        }
        Containment {
            keys: stories.iter().map(|s| s.key.clone()).collect(),
            sets,
        }
    }

    /// The keys of the stories `commit` contains, in the order the stories were
    /// given; empty for a commit the history did not hold.
    pub fn keys(&self, commit: Id) -> Vec<String> {
        let Some(bits) = self.sets.get(&commit) else {
            return Vec::new();
        };
        self.keys
            .iter()
            .enumerate()
            .filter(|(i, _)| get(bits, *i))
            .map(|(_, k)| k.clone())
            .collect()
    }

    /// Whether `commit` contains the story `key`.
    pub fn contains(&self, commit: Id, key: &str) -> bool {
        let Some(i) = self.keys.iter().position(|k| k == key) else {
            return false;
        };
        self.sets.get(&commit).is_some_and(|bits| get(bits, i))
    }
}

/// What `message` says of one story: `Some(true)` when it brings it (names it),
/// `Some(false)` when it takes it out (a rollback, a revert), `None` when it
/// does not name it.
pub fn mention(message: &str, story: &StoryMarks) -> Option<bool> {
    let probe = StoryMarks {
        heads: Vec::new(),
        ..story.clone()
    };
    let names = Names::new(std::slice::from_ref(&probe));
    let mut on = [0u64];
    names.apply(message, &mut on);
    let mut off = [1u64];
    names.apply(message, &mut off);
    match (on[0] & 1 != 0, off[0] & 1 != 0) {
        (true, true) => Some(true),
        (false, false) => Some(false),
        _ => None,
    }
}

fn set(bits: &mut [u64], i: usize, on: bool) {
    let (w, b) = (i / 64, i % 64);
    if on {
        bits[w] |= 1 << b;
    } else {
        bits[w] &= !(1 << b);
    }
}

fn get(bits: &[u64], i: usize) -> bool {
    bits[i / 64] & (1 << (i % 64)) != 0
}

/// Finding stories named in a commit message.
struct Names {
    /// Keys that can be told from other words (they hold a letter), any case.
    subjects: Option<AhoCorasick>,
    subject_story: Vec<usize>,
    /// Trailer values (keys and branches), lower-cased, to the story.
    trailer_values: FxHashMap<String, usize>,
}

impl Names {
    fn new(stories: &[StoryMarks]) -> Names {
        let mut patterns = Vec::new();
        let mut subject_story = Vec::new();
        let mut trailer_values = FxHashMap::default();
        for (i, s) in stories.iter().enumerate() {
            // A key of digits alone (`123`) would match pull request numbers
            // and dates; only trailers and heads find those stories.
            if s.key.chars().any(|c| c.is_ascii_alphabetic()) {
                patterns.push(s.key.clone());
                subject_story.push(i);
            }
            trailer_values.insert(s.key.to_ascii_lowercase(), i);
            trailer_values.insert(s.branch.to_ascii_lowercase(), i);
        }
        let subjects = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok()
            .filter(|_| !patterns.is_empty());
        Names {
            subjects,
            subject_story,
            trailer_values,
        }
    }

    /// Applies what `message` says of stories to `bits`.
    fn apply(&self, message: &str, bits: &mut [u64]) {
        let subject = message.lines().next().unwrap_or_default();
        if let Some(ac) = &self.subjects {
            // `Revert "…"` takes out what it names; a revert of a revert brings
            // it back.
            let mut reverts = 0;
            let mut rest = subject.trim_start();
            while let Some(r) = rest.strip_prefix("Revert \"") {
                reverts += 1;
                rest = r;
            }
            // A rollback's own subject names the story it takes out.
            if rest.starts_with(ROLLBACK_SUBJECT) {
                reverts += 1;
            }
            let bytes = subject.as_bytes();
            for m in ac.find_overlapping_iter(subject) {
                let before = m.start().checked_sub(1).map(|i| bytes[i]);
                let after = bytes.get(m.end()).copied();
                if before.is_some_and(is_word) || after.is_some_and(is_word) {
                    continue;
                }
                let story = self.subject_story[m.pattern().as_usize()];
                set(bits, story, reverts % 2 == 0);
            }
        }
        if !message.contains("Storyboard-") {
            return;
        }
        for line in message.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let on = if key.trim().eq_ignore_ascii_case(STORY_TRAILER) {
                true
            } else if key.trim().eq_ignore_ascii_case(ROLLBACK_TRAILER) {
                false
            } else {
                continue;
            };
            if let Some(&story) = self.trailer_values.get(&value.trim().to_ascii_lowercase()) {
                set(bits, story, on);
            }
        }
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> Id {
        let hex = format!("{n:02x}").repeat(20);
        hex.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn entry(n: u8, parents: &[u8], message: &str) -> LogEntry {
        LogEntry {
            id: id(n),
            parents: parents.iter().map(|p| id(*p)).collect(),
            message: message.to_string(),
        }
    }

    fn story(key: &str, heads: &[u8]) -> StoryMarks {
        StoryMarks {
            key: key.to_string(),
            branch: format!("story/{key}-x"),
            heads: heads.iter().map(|h| id(*h)).collect(),
        }
    }

    #[test]
    fn merged_squashed_named_and_absent_stories() {
        let log = [
            entry(1, &[], "Initial project"),
            entry(2, &[1], "Add a flag"),
            entry(
                3,
                &[1, 2],
                "Merge pull request #7 from acme/story/ABC-1-flag",
            ),
            entry(4, &[3], "abc-2: count customers (#8)"),
            entry(5, &[4], "Fix totals\n\nStoryboard-Story: ABC-3\n"),
            entry(6, &[5], "ABC-10 is not ABC-1 nor ABC-100"),
        ];
        let stories = [
            story("ABC-1", &[2]),
            story("ABC-2", &[40]),
            story("ABC-3", &[]),
            story("ABC-4", &[41]),
            story("ABC-100", &[]),
        ];
        let c = Containment::of(&log, &stories);
        assert_eq!(c.keys(id(1)), Vec::<String>::new());
        assert_eq!(c.keys(id(2)), ["ABC-1"]);
        assert_eq!(c.keys(id(4)), ["ABC-1", "ABC-2"]);
        assert_eq!(c.keys(id(5)), ["ABC-1", "ABC-2", "ABC-3"]);
        assert_eq!(c.keys(id(6)), ["ABC-1", "ABC-2", "ABC-3", "ABC-100"]);
        assert!(c.contains(id(6), "ABC-1"));
        assert!(!c.contains(id(6), "ABC-4"));
        assert!(c.keys(id(99)).is_empty());
    }

    #[test]
    fn rollbacks_and_reverts_take_a_story_out_until_it_comes_back() {
        let log = [
            entry(1, &[], "ABC-1 add a flag"),
            entry(2, &[1], "ABC-2 count"),
            entry(3, &[2], "Roll back ABC-1\n\nStoryboard-Rollback: ABC-1\n"),
            entry(4, &[3], "Revert \"ABC-2 count\""),
            entry(5, &[4], "Revert \"Revert \"ABC-2 count\"\""),
            entry(6, &[5], "ABC-1 again, fixed"),
            entry(7, &[6], "Roll back ABC-1 from acceptance"),
            entry(8, &[7], "Revert \"Roll back ABC-1 from acceptance\""),
        ];
        let stories = [story("ABC-1", &[]), story("ABC-2", &[])];
        let c = Containment::of(&log, &stories);
        assert_eq!(c.keys(id(2)), ["ABC-1", "ABC-2"]);
        assert_eq!(c.keys(id(3)), ["ABC-2"]);
        assert!(c.keys(id(4)).is_empty());
        assert_eq!(c.keys(id(5)), ["ABC-2"]);
        assert_eq!(c.keys(id(6)), ["ABC-1", "ABC-2"]);
        assert_eq!(c.keys(id(7)), ["ABC-2"]);
        assert_eq!(c.keys(id(8)), ["ABC-1", "ABC-2"]);
    }

    #[test]
    fn a_message_brings_takes_out_or_does_not_name_a_story() {
        let s = story("ABC-1", &[]);
        assert_eq!(mention("ABC-1 add a flag (#3)", &s), Some(true));
        assert_eq!(
            mention("Merge pull request #3 from acme/story/ABC-1-x", &s),
            Some(true)
        );
        assert_eq!(
            mention(
                "Roll back ABC-1 from acceptance\n\nStoryboard-Rollback: ABC-1\n",
                &s
            ),
            Some(false)
        );
        assert_eq!(mention("Revert \"ABC-1 add a flag\"", &s), Some(false));
        assert_eq!(mention("ABC-12 something else", &s), None);
    }

    #[test]
    fn numeric_keys_are_found_by_heads_and_trailers_only() {
        let log = [
            entry(1, &[], "Merge pull request #123"),
            entry(2, &[1], "x\n\nStoryboard-Story: 124\n"),
        ];
        let stories = [story("123", &[]), story("124", &[])];
        let c = Containment::of(&log, &stories);
        assert_eq!(c.keys(id(2)), ["124"]);
    }

    #[test]
    fn many_stories_use_more_than_one_word() {
        let stories: Vec<StoryMarks> = (0..130).map(|i| story(&format!("K-{i}"), &[])).collect();
        let log = [entry(1, &[], "K-129 last"), entry(2, &[1], "K-64 middle")];
        let c = Containment::of(&log, &stories);
        assert_eq!(c.keys(id(2)), ["K-64", "K-129"]);
    }

    proptest::proptest! {
        #[test]
        fn any_message_is_read_without_panic(message in "\\PC{0,120}", key in "[A-Za-z0-9._-]{1,12}") {
            let log = [entry(1, &[], &message)];
            let c = Containment::of(&log, &[story(&key, &[1])]);
            proptest::prop_assert!(c.keys(id(1)).len() <= 1);
        }
    }
}
