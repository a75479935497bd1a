//! The only module that talks to git (through git2). It knows nothing about LookML:
//! it reads and writes trees of files and refs.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::fileset::{FileEntry, FileSet};

/// A git failure, with what was being done.
#[derive(Debug)]
pub struct GitError {
    pub context: String,
    pub source: git2::Error,
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.context, self.source.message())
    }
}

impl std::error::Error for GitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T, GitError>;
}

impl<T> Context<T> for Result<T, git2::Error> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T, GitError> {
        self.map_err(|source| GitError {
            context: what(),
            source,
        })
    }
}

/// The repository containing `dir`, and the subdirectory `dir` is at inside its
/// working tree (empty at the root).
pub fn open(dir: &Path) -> Result<(git2::Repository, PathBuf), GitError> {
    let repo = git2::Repository::discover(dir)
        .context(|| format!("{} is not inside a git repository", dir.display()))?;
    let prefix = match repo.workdir() {
        Some(work) => {
            let work = work.canonicalize().unwrap_or_else(|_| work.to_path_buf());
            let here = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            here.strip_prefix(&work)
                .map(Path::to_path_buf)
                .unwrap_or_default()
        }
        None => PathBuf::new(),
    };
    Ok((repo, prefix))
}

/// The files of `rev`'s tree under `prefix`, read from the object database without
/// touching the working tree. Paths are relative to `prefix`.
pub fn read_tree(repo: &git2::Repository, rev: &str, prefix: &Path) -> Result<FileSet, GitError> {
    let object = repo
        .revparse_single(rev)
        .context(|| format!("cannot find revision `{rev}` (try a branch, a tag or a commit id)"))?;
    let tree = object
        .peel_to_tree()
        .context(|| format!("`{rev}` does not name a commit or a tree"))?;
    let tree = if prefix.as_os_str().is_empty() {
        tree
    } else {
        let entry = tree
            .get_path(prefix)
            .context(|| format!("`{rev}` has no directory {}", prefix.display()))?;
        entry
            .to_object(repo)
            .and_then(|o| o.peel_to_tree())
            .context(|| format!("{} in `{rev}` is not a directory", prefix.display()))?
    };
    let mut set = FileSet::default();
    let mut failure: Option<GitError> = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() != Some(git2::ObjectType::Blob) {
            return git2::TreeWalkResult::Ok;
        }
        let name = entry.name().unwrap_or_default();
        let path = PathBuf::from(dir).join(name);
        match repo.find_blob(entry.id()) {
            Ok(blob) => {
                set.files.insert(
                    path,
                    FileEntry {
                        bytes: blob.content().to_vec(),
                        mode: u32::try_from(entry.filemode()).unwrap_or(crate::fileset::MODE_FILE),
                    },
                );
                git2::TreeWalkResult::Ok
            }
            Err(source) => {
                failure = Some(GitError {
                    context: format!("cannot read {}", path.display()),
                    source,
                });
                git2::TreeWalkResult::Abort
            }
        }
    })
    .context(|| format!("cannot walk the tree of `{rev}`"))?;
    match failure {
        Some(e) => Err(e),
        None => Ok(set),
    }
}

/// The commit id of the merge base of two revisions.
pub fn merge_base(repo: &git2::Repository, a: &str, b: &str) -> Result<String, GitError> {
    let commit = |rev: &str| {
        repo.revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .context(|| format!("cannot find the commit `{rev}`"))
    };
    let (ca, cb) = (commit(a)?, commit(b)?);
    let base = repo
        .merge_base(ca.id(), cb.id())
        .context(|| format!("`{a}` and `{b}` have no common history"))?;
    Ok(base.to_string())
}
