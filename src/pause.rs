//! A three-way replay paused at a conflict, and continued or aborted later.
//!
//! Replaying commits onto a branch in the object database (a sync replays
//! Looker's edits onto a story; a rollback will replay a story's changes
//! reversed onto a release) can stop at a file both sides changed. Then the
//! conflicted files get merge markers in a working directory, where that is
//! safe, and the replay's state is kept in a file, so that `--continue` takes
//! the resolved files from there and `--abort` puts back what the markers
//! replaced. This module is that mechanism; each operation keeps its own state
//! beside it (`op`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::fileset::FileSet;
use crate::git::{Conflict, GitError, Id, Repo};

/// A replay stopped at a conflict.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Paused<Op> {
    /// What the operation needs to go on (which commit stopped, what it was
    /// replaying onto, ...), written beside the pause's fields in one object.
    #[serde(flatten)]
    pub op: Op,
    /// The merge with the branch's version of each conflicted file.
    pub partial: String,
    /// The conflicted files, relative to the working directory.
    pub conflicts: Vec<PathBuf>,
    /// The bytes written with markers, to restore only what is still ours.
    pub marked: Vec<(PathBuf, Vec<u8>)>,
}

/// Where paused replays of one kind (`sync`, `rollback`) are kept, one file each.
pub struct PauseStore {
    dir: PathBuf,
}

impl PauseStore {
    pub fn new(dir: PathBuf) -> PauseStore {
        PauseStore { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        let file: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        self.dir.join(format!("{file}.json"))
    }

    /// The paused replay called `name`, if there is one (an unreadable file
    /// counts as none: it was never completely written).
    pub fn read<Op: DeserializeOwned>(&self, name: &str) -> Option<Paused<Op>> {
        let text = std::fs::read_to_string(self.path(name)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Keeps `paused` as `name`, written whole or not at all.
    pub fn write<Op: Serialize>(&self, name: &str, paused: &Paused<Op>) -> Result<(), GitError> {
        let path = self.path(name);
        let io = |e: std::io::Error| {
            GitError::other(
                format!("cannot record the paused replay in {}", path.display()),
                e.to_string(),
            )
        };
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        let text = serde_json::to_string_pretty(paused).map_err(|e| {
            GitError::other(format!("cannot record {}", path.display()), e.to_string())
        })?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)
    }

    pub fn remove(&self, name: &str) {
        let _ = std::fs::remove_file(self.path(name));
    }
}

/// Writes each conflict's markers into `dir` where `safe` says the file holds
/// nothing of the user's; records what was written in `paused.marked`. Returns
/// the conflicted files left alone (they hold edits of the user's).
pub fn mark<Op>(
    dir: &Path,
    conflicts: &[Conflict],
    safe: impl Fn(&Path) -> bool,
    paused: &mut Paused<Op>,
) -> Result<Vec<PathBuf>, GitError> {
    let mut untouched = Vec::new();
    for c in conflicts {
        // Markers never go through a link into the file it points at.
        let is_link =
            std::fs::symlink_metadata(dir.join(&c.path)).is_ok_and(|m| m.file_type().is_symlink());
        match &c.marked {
            Some(bytes) if safe(&c.path) && !is_link => {
                let path = dir.join(&c.path);
                if let Some(parent) = path.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                std::fs::write(&path, bytes).map_err(|e| {
                    GitError::other(format!("cannot write {}", path.display()), e.to_string())
                })?;
                paused.marked.push((c.path.clone(), bytes.clone()));
            }
            _ => untouched.push(c.path.clone()),
        }
    }
    Ok(untouched)
}

/// Why a resolution cannot be taken yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// These files (in the working directory) still hold conflict markers.
    Markers(Vec<PathBuf>),
    Git(String),
}

/// The resolved conflicted files, read from `dir`, patched into the paused
/// merge: the tree to go on with and the resolved files. A file deleted on
/// purpose resolves as deleted.
pub fn resolution<Op>(
    repo: &Repo,
    dir: &Path,
    paused: &Paused<Op>,
) -> Result<(Id, FileSet), Unresolved> {
    let git = |e: GitError| Unresolved::Git(e.to_string());
    let mut files = FileSet::default();
    let mut unresolved = Vec::new();
    for path in &paused.conflicts {
        match std::fs::read(dir.join(path)) {
            Ok(bytes) => {
                if has_markers(&bytes) {
                    unresolved.push(dir.join(path));
                }
                files.insert(path.clone(), bytes);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Unresolved::Git(format!(
                    "cannot read {}: {e}",
                    dir.join(path).display()
                )));
            }
        }
    }
    if !unresolved.is_empty() {
        return Err(Unresolved::Markers(unresolved));
    }
    let partial: Id = paused
        .partial
        .parse()
        .map_err(|_| Unresolved::Git(format!("`{}` is not a tree id", paused.partial)))?;
    let deleted: Vec<PathBuf> = paused
        .conflicts
        .iter()
        .filter(|c| !files.files.contains_key(*c))
        .cloned()
        .collect();
    let tree = repo
        .patch_tree(partial, &deleted, &FileSet::default())
        .map_err(git)?;
    Ok((tree, files))
}

/// Puts back, in `dir`, the files of `original` that still hold the markers a
/// pause wrote; anything else is the user's work now and stays.
pub fn restore<Op>(dir: &Path, paused: &Paused<Op>, original: &FileSet) {
    for (path, marked) in &paused.marked {
        let on_disk = std::fs::read(dir.join(path)).ok();
        if on_disk.as_deref() == Some(marked.as_slice())
            && let Some(bytes) = original.get(path)
        {
            let _ = std::fs::write(dir.join(path), bytes);
        }
    }
}

/// The files whose markers a pause wrote.
pub fn marked_paths<Op>(paused: &Paused<Op>) -> BTreeSet<PathBuf> {
    paused.marked.iter().map(|(p, _)| p.clone()).collect()
}

fn has_markers(bytes: &[u8]) -> bool {
    bytes
        .split(|b| *b == b'\n')
        .any(|line| line.starts_with(b"<<<<<<< ") || line.starts_with(b">>>>>>> "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paused_replay_is_kept_whole_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let store = PauseStore::new(dir.path().join("sync"));
        assert!(store.read::<String>("story/A-1-x").is_none());
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Op {
            step: usize,
        }
        let paused = Paused {
            op: Op { step: 3 },
            partial: "0".repeat(40),
            conflicts: vec![PathBuf::from("views/a.view.lkml")],
            marked: vec![(
                PathBuf::from("views/a.view.lkml"),
                b"<<<<<<< ours\n".to_vec(),
            )],
        };
        store.write("story/A-1-x", &paused).expect("write");
        let back: Paused<Op> = store.read("story/A-1-x").expect("read");
        assert_eq!(back.op, Op { step: 3 });
        assert_eq!(back.conflicts, paused.conflicts);
        assert_eq!(marked_paths(&back).len(), 1);
        let text = std::fs::read_to_string(dir.path().join("sync/story-A-1-x.json")).expect("file");
        assert!(text.contains("\"step\": 3"), "one flat object: {text}");
        store.remove("story/A-1-x");
        assert!(store.read::<Op>("story/A-1-x").is_none());
    }

    #[test]
    fn markers_are_found_at_line_starts_only() {
        assert!(has_markers(b"a\n<<<<<<< ours\nb\n"));
        assert!(has_markers(b">>>>>>> theirs\n"));
        assert!(!has_markers(b"x <<<<<<< not at the start\n"));
    }
}
