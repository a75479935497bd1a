//! Parsed files shared between revisions, keyed by path and content.
//!
//! Two revisions of a large project differ in a handful of files. A [`ParseCache`]
//! parses a file once per distinct content and hands out the same `Arc` for every
//! revision that holds those bytes; the diff then recognises an unchanged file by
//! pointer and never looks inside it. So diffing a story costs what the story
//! changed, plus hashing the bytes of the rest.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::lookml::Dialect;
use crate::project::{Project, SourceFile};

/// One revision of a project, ready to diff: its parsed files, sorted by path, and
/// the files that did not parse.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    files: Vec<Arc<SourceFile>>,
    errors: Vec<Diagnostic>,
}

impl Snapshot {
    pub fn files(&self) -> &[Arc<SourceFile>] {
        &self.files
    }

    /// Files that failed to parse; a diff of a snapshot with errors leaves them out.
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    fn new(mut files: Vec<Arc<SourceFile>>, mut errors: Vec<Diagnostic>) -> Snapshot {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        errors.sort_by(|a, b| a.file.cmp(&b.file));
        Snapshot { files, errors }
    }
}

impl From<Project> for Snapshot {
    fn from(project: Project) -> Snapshot {
        Snapshot::new(
            project.files.into_iter().map(Arc::new).collect(),
            project.errors,
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    path: PathBuf,
    hash: u128,
}

#[derive(Debug)]
struct Entry {
    parsed: Result<Arc<SourceFile>, Diagnostic>,
    /// The load that last used this entry.
    used: u64,
}

/// Parsed files by (path, hash of their bytes). The path is part of the key because
/// a file's name decides what it is (`x.model.lkml` is the model `x`).
#[derive(Debug)]
pub struct ParseCache {
    entries: HashMap<Key, Entry>,
    loads: u64,
    retain_loads: u64,
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
            entries: HashMap::new(),
            loads: 0,
            retain_loads: loads.max(1),
        }
    }

    /// How many parsed files the cache holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A snapshot of `files` (paths relative to the project root; files that are not
    /// LookML are skipped). Only contents the cache has not seen are parsed, in
    /// parallel.
    pub fn load(&mut self, files: &[(PathBuf, Vec<u8>)]) -> Snapshot {
        self.loads += 1;
        let keyed: Vec<(Key, &[u8])> = files
            .par_iter()
            .filter(|(path, _)| Dialect::of(path).is_some())
            .map(|(path, bytes)| {
                let key = Key {
                    path: path.clone(),
                    hash: content_hash(bytes),
                };
                (key, bytes.as_slice())
            })
            .collect();
        self.parse_missing(&keyed);
        let mut parsed = Vec::with_capacity(keyed.len());
        let mut errors = Vec::new();
        for (key, _) in &keyed {
            if let Some(entry) = self.entries.get_mut(key) {
                entry.used = self.loads;
                match &entry.parsed {
                    Ok(file) => parsed.push(file.clone()),
                    Err(d) => errors.push(d.clone()),
                }
            }
        }
        self.evict();
        Snapshot::new(parsed, errors)
    }

    fn parse_missing(&mut self, keyed: &[(Key, &[u8])]) {
        let missing: Vec<&(Key, &[u8])> = keyed
            .iter()
            .filter(|(key, _)| !self.entries.contains_key(key))
            .collect();
        let parsed: Vec<(Key, Result<Arc<SourceFile>, Diagnostic>)> = missing
            .into_par_iter()
            .map(|(key, bytes)| {
                let file = SourceFile::parse(Path::new(&key.path), bytes).map(Arc::new);
                (key.clone(), file)
            })
            .collect();
        for (key, file) in parsed {
            self.entries.insert(
                key,
                Entry {
                    parsed: file,
                    used: self.loads,
                },
            );
        }
    }

    /// Drops files no recent load used, so a long-running session does not keep
    /// every version of every file it ever saw.
    fn evict(&mut self) {
        let oldest = self.loads.saturating_sub(self.retain_loads - 1);
        self.entries.retain(|_, e| e.used >= oldest);
    }
}

/// A 128-bit hash of `bytes`: two independent multiply-rotate lanes over 8-byte
/// words, seeded with the length. Each step is a bijection of the lane's state, so
/// no input word can erase what came before; an accidental collision between two
/// versions of a file is as likely as between two random 64-bit numbers.
pub fn content_hash(bytes: &[u8]) -> u128 {
    const K1: u64 = 0x9E37_79B9_7F4A_7C15;
    const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    let len = bytes.len() as u64;
    let mut a = 0x243F_6A88_85A3_08D3 ^ len;
    let mut b = 0x1319_8A2E_0370_7344 ^ len.rotate_left(32);
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        let (x, y) = chunk.split_at(8);
        a = (a ^ word(x)).wrapping_mul(K1).rotate_left(29);
        b = (b ^ word(y)).wrapping_mul(K2).rotate_left(31);
    }
    let rest = chunks.remainder();
    let (x, y) = rest.split_at(rest.len().min(8));
    a = (a ^ word(x)).wrapping_mul(K1).rotate_left(29);
    b = (b ^ word(y)).wrapping_mul(K2).rotate_left(31);
    // Mix the lanes into each other so every input bit reaches both halves.
    let a2 = mix(a ^ b.rotate_left(17));
    let b2 = mix(b ^ a2);
    (u128::from(a2) << 64) | u128::from(b2)
}

/// Up to 8 bytes as a little-endian word, zero-padded.
fn word(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(w)
}

/// A final avalanche (the SplitMix64 finaliser).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
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
