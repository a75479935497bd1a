//! Parsed files shared between revisions, keyed by path and content.
//!
//! Two revisions of a large project differ in a handful of files. A [`ParseCache`]
//! parses a file once per distinct content and hands out the same `Arc` for every
//! revision that holds those bytes; the diff then recognises an unchanged file by
//! pointer and never looks inside it. So diffing a story costs what the story
//! changed, plus hashing the bytes of the rest.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::scope::NameIndex;
use crate::diagnostic::Diagnostic;
use crate::lookml::Dialect;
use crate::project::{Project, SourceFile};

/// One revision of a project, ready to diff: its parsed files, in the order they
/// were given, and the files that did not parse, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    files: Vec<Arc<SourceFile>>,
    /// Shared by every snapshot a cache gives the same broken bytes to.
    errors: Vec<Arc<Diagnostic>>,
    /// Built by the first diff that needs it; kept, so diffing many revisions
    /// against one base pays for it once.
    index: OnceLock<NameIndex>,
}

impl Snapshot {
    pub fn files(&self) -> &[Arc<SourceFile>] {
        &self.files
    }

    /// Files that failed to parse; a diff leaves them out on both sides.
    pub fn errors(&self) -> &[Arc<Diagnostic>] {
        &self.errors
    }

    /// This snapshot less the files that do not parse here or in `other`: what
    /// a diff with `other` compares. Built only when there are any.
    pub(super) fn without_broken(&self, other: &Snapshot) -> Snapshot {
        let broken: std::collections::HashSet<&Path> = self
            .errors
            .iter()
            .chain(&other.errors)
            .map(|d| d.file.as_path())
            .collect();
        if !self.files.iter().any(|f| broken.contains(&*f.path)) {
            return self.clone();
        }
        Snapshot::new(
            self.files
                .iter()
                .filter(|f| !broken.contains(&*f.path))
                .cloned()
                .collect(),
            self.errors.clone(),
        )
    }

    /// The names at the top of each file.
    pub(super) fn name_index(&self) -> &NameIndex {
        self.index.get_or_init(|| NameIndex::build(&self.files))
    }

    /// The files stay in the order given: the diff orders what it looks at itself,
    /// and sorting thousands of paths of a revision it mostly skips would cost
    /// more than the rest of a story's diff.
    fn new(files: Vec<Arc<SourceFile>>, mut errors: Vec<Arc<Diagnostic>>) -> Snapshot {
        errors.sort_by(|a, b| a.file.cmp(&b.file));
        Snapshot {
            files,
            errors,
            index: OnceLock::new(),
        }
    }
}

impl From<Project> for Snapshot {
    fn from(project: Project) -> Snapshot {
        Snapshot::new(
            project.files.into_iter().map(Arc::new).collect(),
            project.errors.into_iter().map(Arc::new).collect(),
        )
    }
}

/// The files a diff of `old` and `new` cannot compare: broken on one side, or
/// broken differently on both. The same broken bytes give the same shared
/// diagnostic through a cache; without one, an equal diagnostic counts as the same.
pub(super) fn not_compared(old: &Snapshot, new: &Snapshot) -> Vec<super::NotCompared> {
    use super::{NotCompared, Side};
    let same = |a: &Arc<Diagnostic>, b: &Arc<Diagnostic>| Arc::ptr_eq(a, b) || a == b;
    let find = |errors: &[Arc<Diagnostic>], file: &Path| {
        errors.iter().find(|d| d.file.as_path() == file).cloned()
    };
    let mut out = Vec::new();
    for d in &old.errors {
        match find(&new.errors, &d.file) {
            Some(n) if same(d, &n) => {}
            Some(n) => out.push((n, Side::Both)),
            None => out.push((d.clone(), Side::Old)),
        }
    }
    for d in &new.errors {
        if find(&old.errors, &d.file).is_none() {
            out.push((d.clone(), Side::New));
        }
    }
    out.sort_by(|a, b| a.0.file.cmp(&b.0.file));
    out.into_iter()
        .map(|(d, side)| {
            let (line, column) = d.position.map_or((0, 0), |p| (p.line, p.column));
            NotCompared {
                file: d.file.clone(),
                line,
                column,
                reason: d.message.clone(),
                side,
            }
        })
        .collect()
}

/// Parsed files by (path, hash of their bytes). The path is part of the key because
/// a file's name decides what it is (`x.model.lkml` is the model `x`). Cloning a
/// cache shares its parsed files.
///
/// The map is keyed by the content hash alone (already random, so it is used as
/// the map's hash as it is) and holds the few paths with that content: a lookup
/// borrows the caller's path and allocates nothing.
#[derive(Debug, Clone)]
pub struct ParseCache {
    entries: HashMap<u128, Vec<Entry>, rustc_hash::FxBuildHasher>,
    loads: u64,
    retain_loads: u64,
}

/// A parsed file, or why it did not parse.
type Parsed = Result<Arc<SourceFile>, Arc<Diagnostic>>;

#[derive(Debug)]
struct Entry {
    path: PathBuf,
    parsed: Parsed,
    /// The load that last used this entry; atomic so lookups can run in parallel.
    used: AtomicU64,
}

impl Clone for Entry {
    fn clone(&self) -> Entry {
        Entry {
            path: self.path.clone(),
            parsed: self.parsed.clone(),
            used: AtomicU64::new(self.used.load(Ordering::Relaxed)),
        }
    }
}

enum Lookup<'b> {
    Hit(Parsed),
    Miss(&'b Path, u128, &'b [u8]),
}

impl Default for ParseCache {
    fn default() -> Self {
        ParseCache::new()
    }
}

impl ParseCache {
    /// A cache that keeps what the last two loads used: the two sides of a diff.
    pub fn new() -> ParseCache {
        ParseCache::retaining(2)
    }

    /// A cache that keeps the files used by the last `loads` loads (at least one).
    pub fn retaining(loads: u64) -> ParseCache {
        ParseCache {
            entries: HashMap::default(),
            loads: 0,
            retain_loads: loads.max(1),
        }
    }

    /// How many parsed files the cache holds.
    pub fn len(&self) -> usize {
        self.entries.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A snapshot of `files` (paths relative to the project root; files that are not
    /// LookML are skipped). Only contents the cache has not seen are parsed, in
    /// parallel.
    pub fn load(&mut self, files: &[(PathBuf, Vec<u8>)]) -> Snapshot {
        self.loads += 1;
        // One parallel pass hashes every file and takes what the cache has.
        let looked_up: Vec<Lookup<'_>> = files
            .par_iter()
            .filter(|(path, _)| Dialect::of(path).is_some())
            .map(|(path, bytes)| self.look_up(path, bytes))
            .collect();
        let mut found = Vec::with_capacity(looked_up.len());
        let mut missing = Vec::new();
        for l in looked_up {
            match l {
                Lookup::Hit(parsed) => found.push(parsed),
                Lookup::Miss(path, hash, bytes) => missing.push((path, hash, bytes)),
            }
        }
        found.extend(self.parse(missing));
        self.evict();
        let mut parsed = Vec::with_capacity(found.len());
        let mut errors = Vec::new();
        for f in found {
            match f {
                Ok(file) => parsed.push(file),
                Err(d) => errors.push(d),
            }
        }
        Snapshot::new(parsed, errors)
    }

    fn look_up<'b>(&self, path: &'b Path, bytes: &'b [u8]) -> Lookup<'b> {
        let hash = content_hash(bytes);
        let entry = self.entries.get(&hash).and_then(|bucket| {
            bucket
                .iter()
                .find(|e| e.path.as_os_str() == path.as_os_str())
        });
        match entry {
            Some(e) => {
                e.used.store(self.loads, Ordering::Relaxed);
                Lookup::Hit(e.parsed.clone())
            }
            None => Lookup::Miss(path, hash, bytes),
        }
    }

    /// Parses files the cache has not seen, in parallel, and keeps them.
    fn parse(&mut self, missing: Vec<(&Path, u128, &[u8])>) -> Vec<Parsed> {
        let parsed: Vec<(&Path, u128, Parsed)> = missing
            .into_par_iter()
            .map(|(path, hash, bytes)| {
                let file = SourceFile::parse(path, bytes)
                    .map(Arc::new)
                    .map_err(Arc::new);
                (path, hash, file)
            })
            .collect();
        let mut out = Vec::with_capacity(parsed.len());
        for (path, hash, file) in parsed {
            out.push(file.clone());
            let bucket = self.entries.entry(hash).or_default();
            // The same bytes given twice under one path are parsed twice, kept once.
            if !bucket
                .iter()
                .any(|e| e.path.as_os_str() == path.as_os_str())
            {
                bucket.push(Entry {
                    path: path.to_path_buf(),
                    parsed: file,
                    used: AtomicU64::new(self.loads),
                });
            }
        }
        out
    }

    /// Drops files no recent load used, so a terminal UI left running does not keep
    /// every version of every file it ever saw.
    fn evict(&mut self) {
        let oldest = self.loads.saturating_sub(self.retain_loads - 1);
        self.entries.retain(|_, bucket| {
            bucket.retain(|e| e.used.load(Ordering::Relaxed) >= oldest);
            !bucket.is_empty()
        });
    }
}

/// A 128-bit hash of `bytes` (xxh3-128): the parse cache's key, so a collision
/// would reuse the wrong parse; at 128 bits one is as likely between two
/// versions of a file as between two random 128-bit numbers.
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(PathBuf, Vec<u8>)> {
        list.iter()
            .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn unchanged_files_are_shared_between_loads() {
        let mut cache = ParseCache::new();
        let a = cache.load(&files(&[
            ("a.view.lkml", "view: a {}"),
            ("b.view.lkml", "view: b {}"),
        ]));
        let b = cache.load(&files(&[
            ("a.view.lkml", "view: a {}"),
            ("b.view.lkml", "view: b { dimension: x {} }"),
        ]));
        assert!(Arc::ptr_eq(&a.files()[0], &b.files()[0]));
        assert!(!Arc::ptr_eq(&a.files()[1], &b.files()[1]));
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn errors_are_kept_and_old_entries_evicted() {
        let mut cache = ParseCache::new();
        let s = cache.load(&files(&[("a.view.lkml", "view: a {"), ("x.txt", "")]));
        assert_eq!(s.errors().len(), 1);
        assert!(s.files().is_empty());
        cache.load(&files(&[("a.view.lkml", "view: a {}")]));
        cache.load(&files(&[("a.view.lkml", "view: a {}")]));
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn the_hash_sees_every_byte_and_the_length() {
        let base = b"view: orders { dimension: id { sql: ${TABLE}.id ;; } }".to_vec();
        let h = content_hash(&base);
        for i in 0..base.len() {
            let mut v = base.clone();
            v[i] ^= 1;
            assert_ne!(content_hash(&v), h, "byte {i}");
        }
        assert_ne!(content_hash(b""), content_hash(b"\0"));
        assert_ne!(content_hash(&[0u8; 16]), content_hash(&[0u8; 17]));
    }
}
