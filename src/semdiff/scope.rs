//! Which files and objects a diff has to look at.
//!
//! A file both revisions share (the same parsed `Arc`, handed out by a
//! [`ParseCache`](super::ParseCache)) holds the same objects on both sides, so its
//! objects need looking at only when a changed file defines an object of the same
//! name (they are then namesakes, matched together), or when they are models or
//! explores (what a model includes can change without the model). Everything else
//! is never touched: a story's diff costs what the story changed, not what the
//! project holds, as long as the base revision's [`NameIndex`] is kept.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rustc_hash::FxBuildHasher;

use super::Snapshot;
use crate::project::{Object, SourceFile};

/// What names a sibling: its kind and name; a file's loose properties
/// (`include:` in a view file) are named by the file. Borrowed, so matching
/// thousands of objects allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name<'a> {
    pub kind: &'a str,
    pub name: &'a str,
}

impl<'a> Name<'a> {
    pub fn of(o: &'a Object) -> Name<'a> {
        let name = if o.kind == "file" {
            o.file.to_str().unwrap_or_default()
        } else {
            &o.name
        };
        Name {
            kind: &o.kind,
            name,
        }
    }

    /// FNV-1a of the kind and the name: equal names have equal fingerprints.
    pub fn fingerprint(&self) -> u64 {
        let bytes = self.kind.bytes().chain([0xff]).chain(self.name.bytes());
        bytes.fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }
}

/// The names at the top of a snapshot's files (the files' top-level objects, and
/// the views written in model files), and the files every diff looks at.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    /// Name fingerprint to the indices of the files defining it.
    by_name: HashMap<u64, Vec<u32>>,
    /// Files holding a model or an explore.
    always: Vec<u32>,
}

impl NameIndex {
    pub fn build(files: &[Arc<SourceFile>]) -> NameIndex {
        let mut index = NameIndex::default();
        for (i, file) in files.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            if file.objects.iter().any(is_always_looked_at) {
                index.always.push(i);
            }
            for name in top_names(file) {
                let entry = index.by_name.entry(name.fingerprint()).or_default();
                if entry.last() != Some(&i) {
                    entry.push(i);
                }
            }
        }
        index
    }
}

fn is_always_looked_at(o: &Object) -> bool {
    o.kind == "model" || o.kind == "explore"
}

fn top_names(file: &SourceFile) -> impl Iterator<Item = Name<'_>> {
    file.objects
        .iter()
        .flat_map(|o| std::iter::once(o).chain(o.children_of("view")))
        .map(Name::of)
}

fn address(file: &SourceFile) -> usize {
    file as *const SourceFile as usize
}

/// The files a diff visits on each side, and which of their objects it wants.
pub struct Scope<'a> {
    pub old_files: Vec<&'a SourceFile>,
    pub new_files: Vec<&'a SourceFile>,
    /// Files on one side only, by address: all their objects are wanted.
    changed: HashSet<usize>,
    /// Names of the top-level objects in those files.
    names: HashSet<Name<'a>>,
}

impl<'a> Scope<'a> {
    pub fn between(old: &'a Snapshot, new: &'a Snapshot) -> Scope<'a> {
        let (changed_old, changed_new) = changed_files(old.files(), new.files());
        let changed: HashSet<usize> = changed_old
            .iter()
            .chain(&changed_new)
            .map(|f| address(f))
            .collect();
        let names: HashSet<Name<'a>> = changed_old
            .iter()
            .chain(&changed_new)
            .flat_map(|f| top_names(f))
            .collect();
        let shared = shared_files_wanted(old, &changed, &names);
        let side = |changed: Vec<&'a SourceFile>| {
            let mut files = changed;
            files.extend(shared.iter().copied());
            files.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
            files
        };
        Scope {
            old_files: side(changed_old),
            new_files: side(changed_new),
            changed,
            names,
        }
    }

    /// Whether `object`, at the top of `file` (or a view in a model file), may
    /// differ between the revisions or be matched with one that does.
    pub fn wants(&self, file: &SourceFile, object: &Object) -> bool {
        is_always_looked_at(object)
            || self.changed.contains(&address(file))
            || self.names.contains(&Name::of(object))
    }
}

/// Files of both revisions that share a name with a changed file, or hold models
/// or explores, found through the old revision's index.
fn shared_files_wanted<'a>(
    old: &'a Snapshot,
    changed: &HashSet<usize>,
    names: &HashSet<Name<'_>>,
) -> Vec<&'a SourceFile> {
    let index = old.name_index();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let hits = names
        .iter()
        .filter_map(|n| index.by_name.get(&n.fingerprint()))
        .flatten();
    for &i in index.always.iter().chain(hits) {
        let Some(file) = old.files().get(i as usize) else {
            continue;
        };
        let at = address(file);
        if !changed.contains(&at) && seen.insert(at) {
            out.push(&**file);
        }
    }
    out
}

/// Files on one side only. A file both sides share is the same `Arc`, so the files
/// are told apart by address, without reading them.
fn changed_files<'a>(
    old: &'a [Arc<SourceFile>],
    new: &'a [Arc<SourceFile>],
) -> (Vec<&'a SourceFile>, Vec<&'a SourceFile>) {
    let addresses = |files: &[Arc<SourceFile>]| -> HashSet<usize, FxBuildHasher> {
        files.iter().map(|f| address(f)).collect()
    };
    let (in_old, in_new) = (addresses(old), addresses(new));
    let only = |files: &'a [Arc<SourceFile>], other: &HashSet<usize, FxBuildHasher>| {
        files
            .iter()
            .filter(|f| !other.contains(&address(f)))
            .map(|f| &**f)
            .collect::<Vec<_>>()
    };
    (only(old, &in_new), only(new, &in_old))
}
