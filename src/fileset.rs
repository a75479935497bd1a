//! A tree of files in memory: path → bytes and mode. What render and unrender take
//! and give, whether the files came from a directory, a git tree or a test.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Git's mode of a regular file.
pub const MODE_FILE: u32 = 0o100644;
/// Git's mode of an executable file.
pub const MODE_EXECUTABLE: u32 = 0o100755;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    pub bytes: Vec<u8>,
    pub mode: u32,
}

/// Files keyed by their path relative to the tree's root, `/`-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSet {
    pub files: BTreeMap<PathBuf, FileEntry>,
}

impl FileSet {
    pub fn insert(&mut self, path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(
            path.into(),
            FileEntry {
                bytes: bytes.into(),
                mode: MODE_FILE,
            },
        );
    }

    pub fn get(&self, path: &Path) -> Option<&[u8]> {
        self.files.get(path).map(|e| e.bytes.as_slice())
    }

    /// Every file under `root`, dotfiles such as `.gitignore` included (a render must
    /// carry them); only git's own `.git` is skipped. Symbolic links are not followed.
    pub fn read_dir(root: &Path) -> io::Result<FileSet> {
        let mut set = FileSet::default();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir)? {
                let entry = entry?;
                let kind = entry.file_type()?;
                let path = entry.path();
                if entry.file_name() == ".git" {
                    continue;
                }
                if kind.is_dir() {
                    stack.push(path);
                } else if kind.is_file() {
                    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                    let mode = mode_of(&entry.metadata()?);
                    set.files.insert(
                        rel,
                        FileEntry {
                            bytes: std::fs::read(&path)?,
                            mode,
                        },
                    );
                }
            }
        }
        Ok(set)
    }

    /// Writes every file under `root`, which must not exist or be empty, so that
    /// nothing already there is overwritten.
    pub fn write_new_dir(&self, root: &Path) -> io::Result<()> {
        if root.exists() && std::fs::read_dir(root)?.next().is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists and is not empty; choose a new directory",
                    root.display()
                ),
            ));
        }
        for (path, entry) in &self.files {
            let target = root.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, &entry.bytes)?;
            set_mode(&target, entry.mode)?;
        }
        Ok(())
    }

    /// The `(path, bytes)` pairs a [`crate::project::Project`] loads from.
    /// Only the LookML files, as `(path, bytes)`: what a diff reads.
    pub fn into_lookml(self) -> Vec<(PathBuf, Vec<u8>)> {
        self.files
            .into_iter()
            .filter(|(p, _)| crate::lookml::Dialect::of(p).is_some())
            .map(|(p, e)| (p, e.bytes))
            .collect()
    }

    pub fn to_pairs(&self) -> Vec<(PathBuf, Vec<u8>)> {
        self.files
            .iter()
            .map(|(p, e)| (p.clone(), e.bytes.clone()))
            .collect()
    }
}

#[cfg(unix)]
fn mode_of(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o111 != 0 {
        MODE_EXECUTABLE
    } else {
        MODE_FILE
    }
}

#[cfg(not(unix))]
fn mode_of(_meta: &std::fs::Metadata) -> u32 {
    MODE_FILE
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if mode == MODE_EXECUTABLE {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}
