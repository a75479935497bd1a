//! A tree of files in memory: path → bytes and mode. What render and unrender take
//! and give, whether the files came from a directory, a git tree or a test.
//!
//! A symbolic link is an entry too, as git keeps it: mode [`MODE_SYMLINK`], its
//! bytes the path it points at. It is never followed: the file it points at is an
//! entry of its own where it is.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Git's mode of a regular file.
pub const MODE_FILE: u32 = 0o100644;
/// Git's mode of an executable file.
pub const MODE_EXECUTABLE: u32 = 0o100755;
/// Git's mode of a symbolic link: the entry's bytes are the path it points at.
pub const MODE_SYMLINK: u32 = 0o120000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    pub bytes: Vec<u8>,
    pub mode: u32,
}

impl FileEntry {
    /// A symbolic link to `target` (a path, `/`-separated).
    pub fn symlink(target: impl Into<Vec<u8>>) -> FileEntry {
        FileEntry {
            bytes: target.into(),
            mode: MODE_SYMLINK,
        }
    }

    /// Whether this entry is a symbolic link: its bytes are a path, not content.
    pub fn is_symlink(&self) -> bool {
        self.mode == MODE_SYMLINK
    }
}

/// Where a symbolic link at `link` (relative to the tree's root) pointing at
/// `target` (git's form: `/`-separated) leads, relative to the root, without
/// looking at any file; or why it may lead outside the tree. A target must be
/// relative, stay out of `.git`, and go up (`..`) only before it names anything:
/// the directories a link climbs through are then its own parents, which are
/// directories, never links; and each link it descends through is checked on its
/// own. So every link of a tree passing this check leads inside the tree,
/// whatever the other files.
pub fn link_destination(link: &Path, target: &[u8]) -> Result<PathBuf, LinkOutside> {
    if target.is_empty() || target.starts_with(b"/") {
        return Err(LinkOutside::Absolute);
    }
    let mut at: Vec<&[u8]> = Vec::new();
    let parents: Vec<String> = link
        .parent()
        .into_iter()
        .flat_map(Path::iter)
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let mut depth = parents.len();
    for part in target.split(|b| *b == b'/') {
        match part {
            b"" | b"." => {}
            b".." if !at.is_empty() => return Err(LinkOutside::UpAfterName),
            b".." => depth = depth.checked_sub(1).ok_or(LinkOutside::AboveRoot)?,
            b".git" => return Err(LinkOutside::GitDir),
            name => at.push(name),
        }
    }
    let mut out: PathBuf = parents[..depth].iter().collect();
    for name in at {
        out.push(String::from_utf8_lossy(name).as_ref());
    }
    Ok(out)
}

/// Why a symbolic link may lead outside its tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkOutside {
    /// Its target is an absolute path (or empty).
    Absolute,
    /// It climbs (`..`) above the tree's root.
    AboveRoot,
    /// It goes up (`..`) after naming a directory, which may itself be a link.
    UpAfterName,
    /// It goes into `.git`, git's own directory: not the project's.
    GitDir,
}

impl std::fmt::Display for LinkOutside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LinkOutside::Absolute => "an absolute path, outside the project",
            LinkOutside::AboveRoot => "above the project's root",
            LinkOutside::UpAfterName => {
                "a path that goes back up (`..`) after naming a directory, which may lead outside the project"
            }
            LinkOutside::GitDir => "inside `.git`, git's own directory, outside the project",
        })
    }
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

    /// A symbolic link at `path` to `target`.
    pub fn insert_symlink(&mut self, path: impl Into<PathBuf>, target: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), FileEntry::symlink(target));
    }

    /// The bytes at `path`: a file's content, a symbolic link's target.
    pub fn get(&self, path: &Path) -> Option<&[u8]> {
        self.files.get(path).map(|e| e.bytes.as_slice())
    }

    /// Whether any entry is a symbolic link.
    pub fn has_symlinks(&self) -> bool {
        self.files.values().any(FileEntry::is_symlink)
    }

    /// Every file under `root`, dotfiles such as `.gitignore` included (a render must
    /// carry them); only git's own `.git` is skipped. Symbolic links are not followed:
    /// each is kept as a link (its target, [`MODE_SYMLINK`]), a link to a directory
    /// included.
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
                if kind.is_symlink() {
                    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                    let target = std::fs::read_link(&path)?;
                    set.files
                        .insert(rel, FileEntry::symlink(link_bytes(&target)));
                } else if kind.is_dir() {
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
    /// nothing already there is overwritten. A symbolic link is made as one (where
    /// the platform has none, as a file holding its target, as git does); nothing is
    /// written through a link.
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
        for path in self.files.keys() {
            if let Some(link) = path
                .ancestors()
                .skip(1)
                .find(|a| self.files.get(*a).is_some_and(FileEntry::is_symlink))
            {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "{} is inside {}, a symbolic link; nothing is written through a link",
                        path.display(),
                        link.display()
                    ),
                ));
            }
        }
        for (path, entry) in &self.files {
            let target = root.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            if entry.is_symlink() {
                make_symlink(&entry.bytes, &target)?;
                continue;
            }
            std::fs::write(&target, &entry.bytes)?;
            set_mode(&target, entry.mode)?;
        }
        Ok(())
    }

    /// The `(path, bytes)` pairs a [`crate::project::Project`] loads from: only the
    /// LookML files, and no symbolic link (the file a link points at is loaded where
    /// it is). What a diff reads.
    pub fn into_lookml(self) -> Vec<(PathBuf, Vec<u8>)> {
        self.files
            .into_iter()
            .filter(|(p, e)| !e.is_symlink() && crate::lookml::Dialect::of(p).is_some())
            .map(|(p, e)| (p, e.bytes))
            .collect()
    }

    /// Every file but the symbolic links, as `(path, bytes)`.
    pub fn to_pairs(&self) -> Vec<(PathBuf, Vec<u8>)> {
        self.files
            .iter()
            .filter(|(_, e)| !e.is_symlink())
            .map(|(p, e)| (p.clone(), e.bytes.clone()))
            .collect()
    }
}

/// A link's target as git stores it: its bytes, `/`-separated.
#[cfg(unix)]
pub fn link_bytes(target: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    target.as_os_str().as_bytes().to_vec()
}

/// A link's target as git stores it: its bytes, `/`-separated.
#[cfg(not(unix))]
pub fn link_bytes(target: &Path) -> Vec<u8> {
    target.to_string_lossy().replace('\\', "/").into_bytes()
}

/// Makes a symbolic link at `at` to `target` (a link's bytes).
#[cfg(unix)]
pub fn make_symlink(target: &[u8], at: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    std::os::unix::fs::symlink(std::ffi::OsStr::from_bytes(target), at)
}

/// Where there are no symbolic links to make, a file holding the target, as git
/// writes one with `core.symlinks` off.
#[cfg(not(unix))]
pub fn make_symlink(target: &[u8], at: &Path) -> io::Result<()> {
    std::fs::write(at, target)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_leads_inside_only_by_a_relative_path_that_stays_under_the_root() {
        let at = |link: &str, target: &str| link_destination(Path::new(link), target.as_bytes());
        assert_eq!(
            at("views/shared.view.lkml", "../common/shared.view.lkml"),
            Ok(PathBuf::from("common/shared.view.lkml"))
        );
        assert_eq!(
            at("views/common", "./../common/"),
            Ok(PathBuf::from("common"))
        );
        assert_eq!(at("a/b/c", "../../x"), Ok(PathBuf::from("x")));
        assert_eq!(at("top", "."), Ok(PathBuf::new()));
        assert_eq!(at("v/x", "/etc/passwd"), Err(LinkOutside::Absolute));
        assert_eq!(at("v/x", ""), Err(LinkOutside::Absolute));
        assert_eq!(at("v/x", "../../outside"), Err(LinkOutside::AboveRoot));
        assert_eq!(at("x", ".."), Err(LinkOutside::AboveRoot));
        // `shared` may itself be a link: where `..` after it lands is not known.
        assert_eq!(at("v/x", "shared/../y"), Err(LinkOutside::UpAfterName));
        assert_eq!(at("v/x", "../.git/config"), Err(LinkOutside::GitDir));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_read_and_written_as_links() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let src = tmp.path().join("src");
        std::fs::create_dir_all(src.join("common")).expect("mkdir");
        std::fs::create_dir_all(src.join("views")).expect("mkdir");
        std::fs::write(src.join("common/a.view.lkml"), "view: a {}\n").expect("write");
        std::os::unix::fs::symlink("../common/a.view.lkml", src.join("views/a.view.lkml"))
            .expect("link");
        std::os::unix::fs::symlink("../common", src.join("views/common")).expect("link");
        let set = FileSet::read_dir(&src).expect("reads");
        assert_eq!(set.files.len(), 3, "{set:?}");
        assert_eq!(
            set.files[Path::new("views/a.view.lkml")],
            FileEntry::symlink("../common/a.view.lkml")
        );
        assert_eq!(
            set.files[Path::new("views/common")],
            FileEntry::symlink("../common")
        );
        assert_eq!(set.clone().into_lookml().len(), 1, "links are not parsed");

        let out = tmp.path().join("out");
        set.write_new_dir(&out).expect("writes");
        assert_eq!(FileSet::read_dir(&out).expect("reads"), set);
        let meta = std::fs::symlink_metadata(out.join("views/common")).expect("there");
        assert!(meta.file_type().is_symlink());

        // Nothing is written through a link.
        let mut through = set.clone();
        through.insert("views/common/b.view.lkml", "view: b {}\n");
        let err = through
            .write_new_dir(&tmp.path().join("through"))
            .expect_err("refused");
        assert!(err.to_string().contains("views/common"), "{err}");
    }
}
