//! Linked worktrees (one per story, so switching never needs a stash), their
//! uncommitted changes, and bringing a worktree to a new commit without touching
//! anything the user has not committed.

use std::path::{Path, PathBuf};

use super::repo::{Id, Repo};
use super::{Context, GitError};
use crate::fileset::FileEntry;

/// A linked worktree of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worktree {
    /// git's name for it (under `.git/worktrees/`).
    pub name: String,
    pub path: PathBuf,
    /// The branch checked out there (`refs/heads/...`), if any.
    pub branch: Option<String>,
}

/// Why a worktree could not be brought to a new commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateRefused {
    /// Uncommitted edits to these files would be overwritten.
    Dirty(Vec<PathBuf>),
}

impl Repo {
    /// Every linked worktree that still exists on disk.
    pub fn worktrees(&self) -> Result<Vec<Worktree>, GitError> {
        let names = self
            .inner
            .worktrees()
            .context(|| "cannot list worktrees".to_string())?;
        let mut out = Vec::new();
        for name in names.iter().flatten().flatten() {
            let Ok(wt) = self.inner.find_worktree(name) else {
                continue;
            };
            let path = wt.path().to_path_buf();
            let branch = git2::Repository::open_from_worktree(&wt)
                .ok()
                .and_then(|r| {
                    r.head()
                        .ok()
                        .and_then(|h| h.name().ok().map(str::to_string))
                        .or_else(|| {
                            r.find_reference("HEAD").ok().and_then(|h| {
                                h.symbolic_target().ok().flatten().map(str::to_string)
                            })
                        })
                });
            out.push(Worktree {
                name: name.to_string(),
                path,
                branch,
            });
        }
        Ok(out)
    }

    /// Creates a branch at `at` (it must not exist) and checks it out in a new
    /// worktree at `path` (which must not exist or be empty).
    pub fn add_worktree(
        &self,
        name: &str,
        path: &Path,
        branch: &str,
        at: Id,
    ) -> Result<(), GitError> {
        let short = branch.strip_prefix("refs/heads/").unwrap_or(branch);
        let commit = self
            .inner
            .find_commit(at.0)
            .context(|| format!("cannot read commit {}", at.short()))?;
        let created = self
            .inner
            .branch(short, &commit, false)
            .context(|| format!("cannot create the branch `{short}`"))?;
        let reference = created.into_reference();
        let mut options = git2::WorktreeAddOptions::new();
        options.reference(Some(&reference));
        create_parent(path)?;
        if let Err(e) = self.inner.worktree(name, path, Some(&options)) {
            // Leave nothing half-made: the branch goes with the failed worktree.
            if let Ok(mut b) = self.inner.find_branch(short, git2::BranchType::Local) {
                let _ = b.delete();
            }
            return Err(e).context(|| format!("cannot create the worktree {}", path.display()));
        }
        Ok(())
    }

    /// Checks out an existing branch in a new worktree at `path`.
    pub fn attach_worktree(&self, name: &str, path: &Path, branch: &str) -> Result<(), GitError> {
        let reference = self
            .inner
            .find_reference(branch)
            .context(|| format!("cannot find `{branch}`"))?;
        let mut options = git2::WorktreeAddOptions::new();
        options.reference(Some(&reference));
        create_parent(path)?;
        self.inner
            .worktree(name, path, Some(&options))
            .map(|_| ())
            .context(|| format!("cannot create the worktree {}", path.display()))
    }

    /// Removes a worktree's directory and git's record of it.
    pub fn remove_worktree(&self, name: &str) -> Result<(), GitError> {
        let wt = self
            .inner
            .find_worktree(name)
            .context(|| format!("cannot find the worktree `{name}`"))?;
        let path = wt.path().to_path_buf();
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(|e| {
                GitError::other(format!("cannot remove {}", path.display()), e.to_string())
            })?;
        }
        let mut options = git2::WorktreePruneOptions::new();
        options.valid(true).working_tree(true);
        wt.prune(Some(&mut options))
            .context(|| format!("cannot forget the worktree `{name}`"))
    }

    /// Deletes a local branch.
    pub fn delete_branch(&self, branch: &str) -> Result<(), GitError> {
        let short = branch.strip_prefix("refs/heads/").unwrap_or(branch);
        let mut b = self
            .inner
            .find_branch(short, git2::BranchType::Local)
            .context(|| format!("cannot find the branch `{short}`"))?;
        b.delete()
            .context(|| format!("cannot delete the branch `{short}`"))
    }

    /// Files with uncommitted changes (staged, unstaged or untracked) in this
    /// repository's working tree.
    pub fn uncommitted(&self) -> Result<Vec<PathBuf>, GitError> {
        let mut options = git2::StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false);
        self.status_paths(&mut options, |_| true)
    }

    /// The paths `git status` reports with `options` whose status passes `keep`.
    /// Taken from git's bytes: a name that is not UTF-8 is still a file that holds
    /// work, and dropping it would let the worktree be removed with it.
    fn status_paths(
        &self,
        options: &mut git2::StatusOptions,
        keep: impl Fn(git2::Status) -> bool,
    ) -> Result<Vec<PathBuf>, GitError> {
        let statuses = self
            .inner
            .statuses(Some(options))
            .context(|| "cannot read the status of the worktree".to_string())?;
        Ok(statuses
            .iter()
            .filter(|s| keep(s.status()))
            .map(|s| path_of_bytes(s.path_bytes()))
            .collect())
    }

    /// Moves what git ignores in this working tree (a local `.env`, notes, editor
    /// files) under `dest`, keeping each path, and returns those paths: a whole
    /// ignored directory moves as one. Removing a worktree would otherwise delete
    /// them, as `git worktree remove` does, and nothing else keeps them. `dest` is
    /// made only when there is something to move; a failure leaves every file
    /// either where it was or under `dest`.
    pub fn set_aside_ignored(&self, dest: &Path) -> Result<Vec<PathBuf>, GitError> {
        let Some(workdir) = self.workdir().map(Path::to_path_buf) else {
            return Ok(Vec::new());
        };
        let mut options = git2::StatusOptions::new();
        options
            .include_untracked(false)
            .include_ignored(true)
            .recurse_ignored_dirs(false);
        let ignored = self.status_paths(&mut options, |s| s.is_ignored())?;
        for rel in &ignored {
            let (from, to) = (workdir.join(rel), dest.join(rel));
            move_path(&from, &to).map_err(|e| {
                GitError::other(
                    format!(
                        "cannot keep the ignored {} (moving it to {})",
                        from.display(),
                        to.display()
                    ),
                    e.to_string(),
                )
            })?;
        }
        Ok(ignored)
    }

    /// Brings this worktree from its HEAD commit to `new`, a descendant: every file
    /// that differs between them must hold, on disk, HEAD's version or `new`'s (so an
    /// uncommitted edit is never overwritten: the update is refused, changing
    /// nothing); those files are then checked out and the branch moved, only if it is
    /// still at HEAD. A symbolic link is compared and written as a link (its target),
    /// never followed. A run killed half-way leaves files holding one version or the
    /// other, so running it again completes it.
    pub fn advance_worktree(&self, new: Id) -> Result<Result<(), UpdateRefused>, GitError> {
        let head = self.resolve("HEAD")?;
        let (old_tree, new_tree) = (self.commit(head)?.tree, self.commit(new)?.tree);
        let changed = self.changed_paths(old_tree, new_tree)?;
        let Some(workdir) = self.workdir().map(Path::to_path_buf) else {
            return Ok(Ok(()));
        };
        let old_files = self.files(old_tree, Some(&changed))?;
        let new_files = self.files(new_tree, Some(&changed))?;
        // libgit2 writes a file in place: a run killed while writing one leaves
        // the start of the new version. The journal says this very update was
        // under way, so such a file is ours to finish, not an edit.
        let journal = self.inner.path().join("storyboard-advance");
        let interrupted =
            std::fs::read_to_string(&journal).is_ok_and(|t| t.trim() == new_tree.to_string());
        let mut foreign = Vec::new();
        for path in &changed {
            let on_disk = on_disk(&workdir.join(path));
            let matches = |v: Option<&FileEntry>| on_disk == v.map(OnDisk::of);
            let half_written = interrupted
                && match (&on_disk, new_files.files.get(path).map(OnDisk::of)) {
                    (Some(OnDisk::File(partial)), Some(OnDisk::File(whole))) => {
                        whole.starts_with(partial)
                    }
                    _ => false,
                };
            if !matches(old_files.files.get(path))
                && !matches(new_files.files.get(path))
                && !half_written
            {
                foreign.push(path.clone());
            }
        }
        if !foreign.is_empty() {
            return Ok(Err(UpdateRefused::Dirty(foreign)));
        }
        let target = self
            .inner
            .find_commit(new.0)
            .and_then(|c| c.tree())
            .context(|| format!("cannot read commit {}", new.short()))?;
        let mut checkout = git2::build::CheckoutBuilder::new();
        checkout.force();
        for path in &changed {
            checkout.path(super::repo::slash_path(path));
        }
        if !changed.is_empty() {
            std::fs::write(&journal, format!("{new_tree}\n")).map_err(|e| {
                GitError::other(format!("cannot write {}", journal.display()), e.to_string())
            })?;
            // A locked index names no file in libgit2's words: name it.
            let index_lock = self.inner.path().join("index.lock");
            self.inner
                .checkout_tree(target.as_object(), Some(&mut checkout))
                .context(|| {
                    format!(
                        "cannot check out {} (the index lock is '{}')",
                        new.short(),
                        index_lock.display()
                    )
                })?;
        }
        // A symbolic link is written as one, whatever git's `core.symlinks` made of it.
        let links = new_files.files.iter().filter(|(_, e)| e.is_symlink());
        for (path, entry) in links.filter(|_| cfg!(unix)) {
            let at = workdir.join(path);
            if on_disk(&at).as_ref() != Some(&OnDisk::of(entry)) {
                write_symlink(&at, &entry.bytes).map_err(|e| {
                    GitError::other(format!("cannot write {}", at.display()), e.to_string())
                })?;
            }
        }
        super::crash_point("worktree-after-checkout");
        let branch = self
            .inner
            .head()
            .ok()
            .and_then(|h| h.name().ok().map(str::to_string))
            .ok_or_else(|| GitError::other("the worktree's HEAD", "has no name"))?;
        self.set_ref(&branch, new, Some(head), "storyboard: sync")?;
        // Done: a journal left behind only widens what a later run accepts for
        // this same tree, so failing to remove it is harmless.
        let _ = std::fs::remove_file(&journal);
        Ok(Ok(()))
    }
}

/// What a path holds on disk, a symbolic link read as a link.
#[derive(Debug, PartialEq, Eq)]
enum OnDisk {
    File(Vec<u8>),
    Link(Vec<u8>),
}

impl OnDisk {
    /// What `entry` is on disk once checked out: a link where the platform has
    /// links, else a file holding its target, as git writes it there.
    fn of(entry: &FileEntry) -> OnDisk {
        if entry.is_symlink() && cfg!(unix) {
            OnDisk::Link(entry.bytes.clone())
        } else {
            OnDisk::File(entry.bytes.clone())
        }
    }
}

/// What is at `path`, `None` when nothing (or nothing readable) is.
fn on_disk(path: &Path) -> Option<OnDisk> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(path).ok()?;
        return Some(OnDisk::Link(crate::fileset::link_bytes(&target)));
    }
    std::fs::read(path).ok().map(OnDisk::File)
}

/// Replaces whatever is at `at` (a file, a link, a file git wrote for a link)
/// with a symbolic link to `target`: made beside it, then renamed over it.
fn write_symlink(at: &Path, target: &[u8]) -> std::io::Result<()> {
    let Some(name) = at.file_name() else {
        return Err(std::io::Error::other("no file name"));
    };
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(".storyboard-link");
    let temp = at.with_file_name(temp_name);
    let _ = std::fs::remove_file(&temp);
    if let Some(parent) = at.parent() {
        std::fs::create_dir_all(parent)?;
    }
    crate::fileset::make_symlink(target, &temp)?;
    std::fs::rename(&temp, at).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// The directory a new worktree goes into.
fn create_parent(path: &Path) -> Result<(), GitError> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|e| {
            GitError::other(format!("cannot create {}", parent.display()), e.to_string())
        }),
        None => Ok(()),
    }
}

/// A path git reports as bytes (`/`-separated, relative to the working tree).
fn path_of_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Renames `from` to `to`, making `to`'s parent; across file systems, where a
/// rename cannot go, a file is copied and only then removed.
fn move_path(from: &Path, to: &Path) -> std::io::Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::rename(from, to) {
        Ok(()) => Ok(()),
        Err(e)
            if e.kind() == std::io::ErrorKind::CrossesDevices
                && std::fs::symlink_metadata(from).is_ok_and(|m| m.is_file()) =>
        {
            std::fs::copy(from, to)?;
            std::fs::remove_file(from)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fileset::FileSet;
    use crate::git::repo::{NewCommit, Person};

    /// A repository with a working directory on `old`, and `new` (a child of
    /// `old` changing one file) written but not checked out.
    fn on_old_with_new(dir: &Path) -> (Repo, Id, String) {
        let repo = Repo::init(dir, "main").expect("a repository");
        let who = Person {
            name: "T".into(),
            email: "t@example.com".into(),
            time: 1_700_000_000,
            offset_minutes: 0,
        };
        let commit = |files: &FileSet, parents: &[Id], message: &str| {
            let tree = repo.write_files(files).expect("tree");
            repo.write_commit(&NewCommit {
                tree,
                parents,
                author: &who,
                committer: &who,
                message,
            })
            .expect("commit")
        };
        let mut files = FileSet::default();
        files.insert("views/a.view.lkml", "view: a {}\n");
        let old = commit(&files, &[], "old");
        let whole = "view: a {\n  dimension: id {}\n  measure: count {}\n}\n".to_string();
        files.insert("views/a.view.lkml", whole.clone());
        let new = commit(&files, &[old], "new");
        repo.set_ref("refs/heads/main", old, None, "test")
            .expect("branch");
        std::fs::create_dir_all(dir.join("views")).expect("dir");
        std::fs::write(dir.join("views/a.view.lkml"), "view: a {}\n").expect("file");
        (repo, new, whole)
    }

    #[test]
    fn a_file_left_half_written_by_a_killed_update_is_finished_by_the_next() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let (repo, new, whole) = on_old_with_new(tmp.path());
        let file = tmp.path().join("views/a.view.lkml");
        // Killed while writing: the start of the new version, and the journal.
        std::fs::write(&file, &whole[..15]).expect("partial");
        let new_tree = repo.commit(new).expect("commit").tree;
        std::fs::write(
            repo.inner.path().join("storyboard-advance"),
            format!("{new_tree}\n"),
        )
        .expect("journal");
        assert_eq!(repo.advance_worktree(new).expect("no git error"), Ok(()));
        assert_eq!(std::fs::read_to_string(&file).expect("read"), whole);
        assert_eq!(repo.resolve("refs/heads/main").expect("branch"), new);
        assert!(!repo.inner.path().join("storyboard-advance").exists());
    }

    #[test]
    fn the_same_start_without_the_journal_is_an_edit_and_refused() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let (repo, new, whole) = on_old_with_new(tmp.path());
        let file = tmp.path().join("views/a.view.lkml");
        std::fs::write(&file, &whole[..15]).expect("an edit");
        assert_eq!(
            repo.advance_worktree(new).expect("no git error"),
            Err(UpdateRefused::Dirty(vec![PathBuf::from(
                "views/a.view.lkml"
            )]))
        );
        assert_eq!(std::fs::read_to_string(&file).expect("read"), &whole[..15]);
    }
}
