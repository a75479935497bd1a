//! Commits read once, kept: each commit's parents and message in one file, so a
//! history walked again (every `status` walks main, the releases and every
//! environment's source) reads only the commits made since. Commits never
//! change, so an entry never goes stale; the file is a cache, and any doubt
//! about it (a foreign or damaged file) means starting it afresh.
//!
//! The file: `MAGIC`, then per commit: id length (1 byte), id, parent count
//! (1 byte), parents, message length (4 bytes, little endian), message.
//! Written whole to a temporary file and renamed over the old one, so a reader
//! (or a killed writer) never sees half of it.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::repo::{Id, LogEntry};

const MAGIC: &[u8] = b"storyboard commit cache 1\n";
/// Larger than any history a team keeps: a file beyond it is not ours.
const MAX_FILE: u64 = 512 * 1024 * 1024;

/// Commits' parents and messages, by id.
#[derive(Debug, Default)]
pub struct LogCache {
    path: Option<PathBuf>,
    entries: FxHashMap<Id, (Vec<Id>, String)>,
    /// Entries added since the file was read.
    added: usize,
}

impl LogCache {
    /// The cache kept at `path`; empty when there is none or it cannot be read.
    pub fn load(path: &Path) -> LogCache {
        let entries = std::fs::metadata(path)
            .ok()
            .filter(|m| m.len() <= MAX_FILE)
            .and_then(|_| std::fs::read(path).ok())
            .and_then(|bytes| parse(&bytes))
            .unwrap_or_default();
        LogCache {
            path: Some(path.to_path_buf()),
            entries,
            added: 0,
        }
    }

    /// A cache kept in memory only.
    pub fn in_memory() -> LogCache {
        LogCache::default()
    }

    pub fn get(&self, id: &Id) -> Option<&(Vec<Id>, String)> {
        self.entries.get(id)
    }

    pub fn insert(&mut self, entry: &LogEntry) {
        if self
            .entries
            .insert(entry.id, (entry.parents.clone(), entry.message.clone()))
            .is_none()
        {
            self.added += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes the cache back when it learned something. A cache that cannot be
    /// written is no error: the next walk reads the commits again.
    pub fn save(&mut self) {
        let Some(path) = &self.path else {
            return;
        };
        if self.added == 0 {
            return;
        }
        let mut out = Vec::with_capacity(MAGIC.len() + self.entries.len() * 128);
        out.extend_from_slice(MAGIC);
        for (id, (parents, message)) in &self.entries {
            let Ok(count) = u8::try_from(parents.len()) else {
                continue;
            };
            let Ok(len) = u32::try_from(message.len()) else {
                continue;
            };
            push_id(&mut out, id);
            out.push(count);
            for p in parents {
                push_id(&mut out, p);
            }
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(message.as_bytes());
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&tmp, &out))
            .and_then(|()| std::fs::rename(&tmp, path));
        if let Err(e) = written {
            tracing::debug!("cannot keep the commit cache {}: {e}", path.display());
            let _ = std::fs::remove_file(&tmp);
        } else {
            self.added = 0;
        }
    }
}

fn push_id(out: &mut Vec<u8>, id: &Id) {
    let bytes = id.0.as_bytes();
    out.push(bytes.len() as u8);
    out.extend_from_slice(bytes);
}

/// The entries of a cache file, or `None` when it is not one, whole.
fn parse(bytes: &[u8]) -> Option<FxHashMap<Id, (Vec<Id>, String)>> {
    let mut rest = bytes.strip_prefix(MAGIC)?;
    let mut out = FxHashMap::default();
    while !rest.is_empty() {
        let id = take_id(&mut rest)?;
        let (&count, after) = rest.split_first()?;
        rest = after;
        let mut parents = Vec::with_capacity(usize::from(count));
        for _ in 0..count {
            parents.push(take_id(&mut rest)?);
        }
        let len = u32::from_le_bytes(take(&mut rest, 4)?.try_into().ok()?);
        let message = std::str::from_utf8(take(&mut rest, usize::try_from(len).ok()?)?).ok()?;
        out.insert(id, (parents, message.to_string()));
    }
    Some(out)
}

fn take<'a>(rest: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if rest.len() < n {
        return None;
    }
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    Some(head)
}

fn take_id(rest: &mut &[u8]) -> Option<Id> {
    let (&len, after) = rest.split_first()?;
    *rest = after;
    let bytes = take(rest, usize::from(len))?;
    git2::Oid::from_bytes(bytes).ok().map(Id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> Id {
        Id(git2::Oid::from_bytes(&[n; 20]).unwrap_or_else(|e| panic!("{e}")))
    }

    #[test]
    fn entries_survive_a_save_and_a_load() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("sub").join("cache");
        let mut cache = LogCache::load(&path);
        assert!(cache.is_empty());
        cache.insert(&LogEntry {
            id: id(1),
            parents: vec![],
            message: "Initial\n".into(),
        });
        cache.insert(&LogEntry {
            id: id(2),
            parents: vec![id(1), id(3)],
            message: "Merge pull request #1 — ünïcode\n\nStoryboard-Story: A-1\n".into(),
        });
        cache.save();
        let again = LogCache::load(&path);
        assert_eq!(again.len(), 2);
        assert_eq!(
            again.get(&id(2)).map(|e| e.0.clone()),
            Some(vec![id(1), id(3)])
        );
        assert!(again.get(&id(2)).is_some_and(|e| e.1.contains("ünïcode")));
        // A damaged file is not half-read: it is no cache at all.
        let bytes = std::fs::read(&path).unwrap_or_default();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap_or_else(|e| panic!("{e}"));
        assert!(LogCache::load(&path).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_read_without_panic(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let mut bytes = MAGIC.to_vec();
            bytes.extend_from_slice(&tail);
            let _ = parse(&bytes);
            let _ = parse(&tail);
        }
    }
}
