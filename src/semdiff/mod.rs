//! The semantic diff: two revisions of a project compared as objects and properties,
//! not lines.
//!
//! Objects are matched by their path, a chain of `kind:name` segments: models by
//! name, explores under the model that includes them, views (and `+name`
//! refinements) by name wherever they are defined, fields and other named blocks by
//! kind and name, anonymous blocks (`link: {}`) by kind and position among their
//! namesakes (`link`, `link[1]`, ...). Within an object, properties are matched by
//! key and compared by meaning (see [`normalize`]): layout, comments, quoting, the
//! order of objects and the whitespace of SQL are not changes; the order of lists
//! Looker shows to users is.
//!
//! An object found under the same path in another file, with nothing else changed,
//! is `moved`: listed, but not a change in behaviour, so it does not count for
//! `--exit-code`. Comments are compared only when asked for.
//!
//! Everything here is pure: a [`Snapshot`] comes from a [`Project`](crate::project::Project)
//! or from `(path, bytes)` pairs through a [`ParseCache`], whichever source they
//! were read from (a directory today; a git revision or an environment's render
//! tomorrow).

mod cache;
mod classify;
mod comments;
mod compare;
pub mod inline;
pub mod normalize;
pub mod render;
mod scope;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;

pub use cache::{ParseCache, Snapshot, content_hash};
pub use render::Format;

/// What happened to an object or to one of its properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeOp {
    Added,
    Removed,
    Modified,
    /// The same object, unchanged, in another file.
    Moved,
}

impl ChangeOp {
    /// The `terraform plan` marker.
    pub fn marker(self) -> char {
        match self {
            ChangeOp::Added => '+',
            ChangeOp::Removed => '-',
            ChangeOp::Modified => '~',
            ChangeOp::Moved => '>',
        }
    }
}

/// What kind of change it is, after dbt's `state:modified` sub-selectors, plus
/// `location` for moves and `comment` for comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeClass {
    /// The SQL or Looker expression a field, join or explore runs.
    Sql,
    /// Which table a view reads: `sql_table_name`, a derived table's source.
    Relation,
    /// Behaviour that is not SQL: `type`, `hidden`, `primary_key`, `relationship`, ...
    Config,
    /// What users read: labels, descriptions, formats, HTML, links.
    Presentation,
    /// An object added or removed.
    Structure,
    /// An object moved to another file.
    Location,
    /// A LookML comment (only with comments turned on).
    Comment,
}

impl ChangeClass {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeClass::Sql => "sql",
            ChangeClass::Relation => "relation",
            ChangeClass::Config => "config",
            ChangeClass::Presentation => "presentation",
            ChangeClass::Structure => "structure",
            ChangeClass::Location => "location",
            ChangeClass::Comment => "comment",
        }
    }
}

/// One change. `property` is `None` when the change is to the object as a whole
/// (added, removed, moved); `old` and `new` then hold the whole object (added,
/// removed) or its file (moved). `file` and `line` point into the new revision,
/// or into the old one for what was removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub op: ChangeOp,
    /// The kind of the object the change is in (`view`, `dimension`, ...).
    pub kind: String,
    /// The object's path, e.g. `["view:orders", "dimension:total"]`.
    pub path: Vec<String>,
    pub property: Option<String>,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub class: ChangeClass,
    pub file: PathBuf,
    pub line: u32,
}

impl Change {
    /// Whether the change alters behaviour or what users see (a move does not).
    pub fn counts(&self) -> bool {
        self.op != ChangeOp::Moved
    }
}

/// Counts for a summary line. `added`, `removed` and `moved` count objects;
/// `modified` counts objects with changed properties; `changes` counts every change
/// that is not a move, and `by_class` splits them by class.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub added: usize,
    pub modified: usize,
    pub removed: usize,
    pub moved: usize,
    pub changes: usize,
    pub by_class: BTreeMap<ChangeClass, usize>,
}

/// The result of a diff: changes in path order, and the files left out because
/// they do not parse.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    pub changes: Vec<Change>,
    pub not_compared: Vec<NotCompared>,
}

/// Which side of a diff a file could not be read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Old,
    New,
    /// Broken on both sides, and not the same way.
    Both,
}

/// A file the diff could not compare: it does not parse on one side (or parses
/// differently broken on both), so none of its objects are compared on either.
/// A file broken the same way on both sides is not listed: nothing changed there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotCompared {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
    pub reason: String,
    pub side: Side,
}

impl Diff {
    /// Whether anything changed other than objects moving between files. A file
    /// not compared differs between the sides, so it counts.
    pub fn has_changes(&self) -> bool {
        self.changes.iter().any(Change::counts) || !self.not_compared.is_empty()
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        let mut modified: Vec<&[String]> = Vec::new();
        for c in &self.changes {
            match (c.op, &c.property) {
                (ChangeOp::Moved, _) => s.moved += 1,
                (ChangeOp::Added, None) => s.added += 1,
                (ChangeOp::Removed, None) => s.removed += 1,
                _ => {
                    if modified.last() != Some(&c.path.as_slice()) {
                        modified.push(&c.path);
                    }
                }
            }
            if c.counts() {
                s.changes += 1;
                *s.by_class.entry(c.class).or_default() += 1;
            }
        }
        modified.sort();
        modified.dedup();
        s.modified = modified.len();
        s
    }
}

/// What to compare besides behaviour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Compare LookML `#` comments too (each object's own and those just above it).
    pub comments: bool,
}

/// The changes that turn `old` into `new`. A file that does not parse on a side
/// is left out of both, and listed in [`Diff::not_compared`] unless it is
/// broken the same way on both sides.
pub fn diff(old: &Snapshot, new: &Snapshot, options: &Options) -> Diff {
    let not_compared = cache::not_compared(old, new);
    if old.errors().is_empty() && new.errors().is_empty() {
        return Diff {
            changes: compare::changes(old, new, options),
            not_compared,
        };
    }
    let (old, new) = (old.without_broken(new), new.without_broken(old));
    Diff {
        changes: compare::changes(&old, &new, options),
        not_compared,
    }
}
