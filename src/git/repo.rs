//! A repository handle with the operations stories need: objects, refs, commits with
//! trailers, tree diffs and merges. Everything is written to the object database
//! first; refs move last, one compare-and-swap at a time, so a ref never points at a
//! half-made state.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::{Context, GitError};
use crate::fileset::{FileEntry, FileSet, MODE_FILE};

/// The id of a git object (commit or tree).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub(crate) git2::Oid);

impl Id {
    /// The first seven hex digits, as git shows them.
    pub fn short(&self) -> String {
        let mut s = self.0.to_string();
        s.truncate(7);
        s
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Id {
    type Err = GitError;
    fn from_str(s: &str) -> Result<Id, GitError> {
        git2::Oid::from_str(s)
            .map(Id)
            .context(|| format!("`{s}` is not an object id"))
    }
}

/// Who made a commit and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
    /// Seconds since the Unix epoch.
    pub time: i64,
    /// The offset from UTC, in minutes.
    pub offset_minutes: i32,
}

impl Person {
    fn of(sig: &git2::Signature<'_>) -> Person {
        Person {
            name: String::from_utf8_lossy(sig.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(sig.email_bytes()).into_owned(),
            time: sig.when().seconds(),
            offset_minutes: sig.when().offset_minutes(),
        }
    }

    fn signature(&self) -> Result<git2::Signature<'static>, GitError> {
        git2::Signature::new(
            &self.name,
            &self.email,
            &git2::Time::new(self.time, self.offset_minutes),
        )
        .context(|| format!("`{} <{}>` is not a valid signature", self.name, self.email))
    }
}

/// A commit as stories read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: Id,
    pub tree: Id,
    pub parents: Vec<Id>,
    pub author: Person,
    pub committer: Person,
    pub message: String,
}

impl Commit {
    /// The first line of the message.
    pub fn summary(&self) -> &str {
        self.message.lines().next().unwrap_or_default()
    }

    /// The values of every trailer `key` in the message, in order.
    pub fn trailers(&self, key: &str) -> Vec<String> {
        let Ok(trailers) = git2::message_trailers_strs(&self.message) else {
            return Vec::new();
        };
        trailers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.to_string())
            .collect()
    }

    /// The value of the last trailer `key` in the message, if any.
    pub fn trailer(&self, key: &str) -> Option<String> {
        let trailers = git2::message_trailers_strs(&self.message).ok()?;
        let found: Vec<String> = trailers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.to_string())
            .collect();
        found.into_iter().next_back()
    }
}

/// A commit as a history walk reads it: enough to follow the graph and read
/// the message, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub id: Id,
    pub parents: Vec<Id>,
    pub message: String,
}

/// A commit to write: its tree, parents, people and message.
#[derive(Debug, Clone)]
pub struct NewCommit<'a> {
    pub tree: Id,
    pub parents: &'a [Id],
    pub author: &'a Person,
    pub committer: &'a Person,
    pub message: &'a str,
}

/// A path the merge could not decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub path: PathBuf,
    /// The merged text with conflict markers, when both sides are text.
    pub marked: Option<Vec<u8>>,
}

/// A three-way merge of trees: the merged tree, or the paths in conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    Clean(Id),
    /// `partial` is the merge with the `ours` version of each conflicted path.
    Conflicts {
        partial: Id,
        conflicts: Vec<Conflict>,
    },
}

/// An open repository. One per thread: git2 repositories are not shared.
pub struct Repo {
    pub(crate) inner: git2::Repository,
}

/// libgit2's process-wide settings, applied before the first repository opens.
pub(super) fn configure_libgit2() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // Re-hashing every object read (with collision-detecting SHA-1) dominates
    // reading trees; git itself does not verify on read either. Objects written
    // are still hashed and checked.
    ONCE.call_once(|| git2::opts::strict_hash_verification(false));
}

impl Repo {
    /// The repository whose working tree (main checkout or a linked worktree)
    /// contains `dir`.
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        configure_libgit2();
        let inner = git2::Repository::discover(dir)
            .context(|| format!("{} is not inside a git repository", dir.display()))?;
        Ok(Repo { inner })
    }

    /// Opens the repository at exactly `dir` (a working tree or a git directory).
    pub fn open(dir: &Path) -> Result<Repo, GitError> {
        configure_libgit2();
        let inner = git2::Repository::open(dir)
            .context(|| format!("cannot open the git repository at {}", dir.display()))?;
        Ok(Repo { inner })
    }

    /// A new bare repository at `dir`, its HEAD on `branch`.
    pub fn init_bare(dir: &Path, branch: &str) -> Result<Repo, GitError> {
        let mut options = git2::RepositoryInitOptions::new();
        options.bare(true).initial_head(branch);
        let inner = git2::Repository::init_opts(dir, &options)
            .context(|| format!("cannot create a repository at {}", dir.display()))?;
        Ok(Repo { inner })
    }

    /// A new repository with a working tree at `dir`, its HEAD on `branch`.
    pub fn init(dir: &Path, branch: &str) -> Result<Repo, GitError> {
        let mut options = git2::RepositoryInitOptions::new();
        options.initial_head(branch);
        let inner = git2::Repository::init_opts(dir, &options)
            .context(|| format!("cannot create a repository at {}", dir.display()))?;
        Ok(Repo { inner })
    }

    /// Adds a remote named `name` at `url`.
    pub fn add_remote(&self, name: &str, url: &str) -> Result<(), GitError> {
        self.inner
            .remote(name, url)
            .map(|_| ())
            .context(|| format!("cannot add the remote `{name}`"))
    }

    /// The working tree as a tree object, staged as `git add -A` would (new,
    /// changed and deleted files, symlinks and executable bits; ignored files
    /// left out), without changing the index on disk.
    pub fn worktree_tree(&self) -> Result<Id, GitError> {
        self.stage_all(false)
    }

    /// `git add -A` into the index, writing the index to disk only when asked, and
    /// the tree it gives.
    fn stage_all(&self, write_index: bool) -> Result<Id, GitError> {
        let what = || "cannot stage the working tree".to_string();
        let mut index = self.inner.index().context(what)?;
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .context(what)?;
        index.update_all(["*"], None).context(what)?;
        if write_index {
            index.write().context(what)?;
        }
        Ok(Id(index.write_tree().context(what)?))
    }

    /// Commits every change in the working tree (new, changed and deleted files) on
    /// the current branch, as `git add -A && git commit` would.
    pub fn commit_worktree(&self, message: &str, author: &Person) -> Result<Id, GitError> {
        let what = || "cannot commit the working tree".to_string();
        let tree = self.stage_all(true)?;
        let parent = self.resolve("HEAD").ok();
        let parents: Vec<Id> = parent.into_iter().collect();
        let id = self.write_commit(&NewCommit {
            tree,
            parents: &parents,
            author,
            committer: author,
            message,
        })?;
        let head = self.inner.find_reference("HEAD").context(what)?;
        let branch = head
            .symbolic_target()
            .ok()
            .flatten()
            .map(str::to_string)
            .ok_or_else(|| GitError::other("HEAD", "is not on a branch"))?;
        match parent {
            Some(p) => self.set_ref(&branch, id, Some(p), "commit")?,
            None => self.set_ref(&branch, id, None, "commit (initial)")?,
        }
        Ok(id)
    }

    /// The main repository behind a linked worktree (itself otherwise): the one that
    /// owns every branch and worktree.
    pub fn main(&self) -> Result<Repo, GitError> {
        if self.inner.is_worktree() {
            Repo::open(self.inner.commondir())
        } else {
            Repo::open(self.inner.path())
        }
    }

    /// The git directory shared by every worktree (`.git` of the main checkout).
    pub fn common_dir(&self) -> &Path {
        self.inner.commondir()
    }

    /// The working tree, if the repository has one.
    pub fn workdir(&self) -> Option<&Path> {
        self.inner.workdir()
    }

    /// The identity git would commit as (`user.name`, `user.email`).
    pub fn identity(&self) -> Result<Person, GitError> {
        let sig = self.inner.signature().context(|| {
            "git does not know who you are: set `git config user.name` and `git config user.email`"
                .to_string()
        })?;
        Ok(Person::of(&sig))
    }

    /// The commit a revision names.
    pub fn resolve(&self, rev: &str) -> Result<Id, GitError> {
        let object = self
            .inner
            .revparse_single(rev)
            .context(|| format!("cannot find revision `{rev}`"))?;
        let commit = object
            .peel_to_commit()
            .context(|| format!("`{rev}` does not name a commit"))?;
        Ok(Id(commit.id()))
    }

    /// The commit a ref points at, or `None` when the ref does not exist.
    pub fn ref_target(&self, name: &str) -> Result<Option<Id>, GitError> {
        match self.inner.find_reference(name) {
            Ok(r) => {
                let commit = r
                    .peel_to_commit()
                    .context(|| format!("`{name}` does not point at a commit"))?;
                Ok(Some(Id(commit.id())))
            }
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e).context(|| format!("cannot read `{name}`")),
        }
    }

    /// Moves `name` to `new` only if it still points at `expected` (`None`: it must
    /// not exist yet), so a concurrent change is never overwritten.
    pub fn set_ref(
        &self,
        name: &str,
        new: Id,
        expected: Option<Id>,
        why: &str,
    ) -> Result<(), GitError> {
        let result = match expected {
            Some(old) => self
                .inner
                .reference_matching(name, new.0, true, old.0, why)
                .map(|_| ()),
            None => self.inner.reference(name, new.0, false, why).map(|_| ()),
        };
        result.context(|| match expected {
            Some(old) => format!(
                "cannot move `{name}` from {} to {}",
                old.short(),
                new.short()
            ),
            None => format!("cannot create `{name}`"),
        })
    }

    /// Deletes `name` if it exists.
    pub fn delete_ref(&self, name: &str) -> Result<(), GitError> {
        match self.inner.find_reference(name) {
            Ok(mut r) => r.delete().context(|| format!("cannot delete `{name}`")),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(()),
            Err(e) => Err(e).context(|| format!("cannot read `{name}`")),
        }
    }

    /// Every ref under `prefix` (for example `refs/heads/`) with its commit.
    pub fn refs_under(&self, prefix: &str) -> Result<Vec<(String, Id)>, GitError> {
        let glob = format!("{prefix}*");
        let refs = self
            .inner
            .references_glob(&glob)
            .context(|| format!("cannot list `{glob}`"))?;
        let mut out = Vec::new();
        for r in refs {
            let r = r.context(|| format!("cannot list `{glob}`"))?;
            let Ok(name) = r.name() else {
                continue;
            };
            // Branches and storyboard's refs point straight at commits: their
            // targets are read without reading the commits (a board lists
            // hundreds). Anything else is peeled to the commit it names.
            let direct = match r.target() {
                Some(oid)
                    if name.starts_with("refs/heads/") || name.starts_with(crate::refs::ROOT) =>
                {
                    Some(oid)
                }
                _ => r.peel_to_commit().ok().map(|c| c.id()),
            };
            if let Some(oid) = direct {
                out.push((name.to_string(), Id(oid)));
            }
        }
        out.sort();
        Ok(out)
    }

    pub fn commit(&self, id: Id) -> Result<Commit, GitError> {
        let c = self
            .inner
            .find_commit(id.0)
            .context(|| format!("cannot read commit {}", id.short()))?;
        Ok(Commit {
            id,
            tree: Id(c.tree_id()),
            parents: c.parent_ids().map(Id).collect(),
            author: Person::of(&c.author()),
            committer: Person::of(&c.committer()),
            message: String::from_utf8_lossy(c.message_bytes()).into_owned(),
        })
    }

    /// The commits reachable from `tip` and from none of `hide`, newest first,
    /// at most `limit` of them (`git log tip ^hide...`).
    pub fn commits_between(
        &self,
        hide: &[Id],
        tip: Id,
        limit: usize,
    ) -> Result<Vec<Commit>, GitError> {
        let what = || format!("cannot walk the history of {}", tip.short());
        let mut walk = self.inner.revwalk().context(what)?;
        walk.push(tip.0).context(what)?;
        for h in hide {
            walk.hide(h.0).context(what)?;
        }
        let mut out = Vec::new();
        for oid in walk.take(limit) {
            out.push(self.commit(Id(oid.context(what)?))?);
        }
        Ok(out)
    }

    /// Writes a commit to the object database without moving any ref.
    pub fn write_commit(&self, new: &NewCommit<'_>) -> Result<Id, GitError> {
        let tree = self
            .inner
            .find_tree(new.tree.0)
            .context(|| format!("cannot read tree {}", new.tree.short()))?;
        let parents = new
            .parents
            .iter()
            .map(|p| self.inner.find_commit(p.0))
            .collect::<Result<Vec<_>, _>>()
            .context(|| "cannot read a parent commit".to_string())?;
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let id = self
            .inner
            .commit(
                None,
                &new.author.signature()?,
                &new.committer.signature()?,
                new.message,
                &tree,
                &parent_refs,
            )
            .context(|| "cannot write a commit".to_string())?;
        Ok(Id(id))
    }

    /// The tree of a commit, or of the directory `prefix` inside it (the empty tree
    /// when `prefix` does not exist there).
    pub fn subtree(&self, commit: Id, prefix: &Path) -> Result<Id, GitError> {
        let tree = self
            .inner
            .find_commit(commit.0)
            .and_then(|c| c.tree())
            .context(|| format!("cannot read the tree of {}", commit.short()))?;
        if prefix.as_os_str().is_empty() {
            return Ok(Id(tree.id()));
        }
        match tree.get_path(prefix) {
            Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => Ok(Id(entry.id())),
            Ok(_) => Err(GitError::other(
                format!("{} in {}", prefix.display(), commit.short()),
                "is not a directory",
            )),
            Err(e) if e.code() == git2::ErrorCode::NotFound => self.empty_tree(),
            Err(e) => Err(e).context(|| format!("cannot read {}", prefix.display())),
        }
    }

    /// `root` with the directory `prefix` replaced by `subtree`.
    pub fn graft(&self, root: Id, prefix: &Path, subtree: Id) -> Result<Id, GitError> {
        let parts: Vec<&std::ffi::OsStr> = prefix.iter().collect();
        self.graft_parts(Some(root), &parts, subtree)
    }

    fn graft_parts(
        &self,
        tree: Option<Id>,
        parts: &[&std::ffi::OsStr],
        subtree: Id,
    ) -> Result<Id, GitError> {
        let Some((first, rest)) = parts.split_first() else {
            return Ok(subtree);
        };
        let what = || "cannot rebuild a tree".to_string();
        let base = match tree {
            Some(t) => Some(self.inner.find_tree(t.0).context(what)?),
            None => None,
        };
        let child = base
            .as_ref()
            .and_then(|b| b.get_name(&first.to_string_lossy()))
            .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
            .map(|e| Id(e.id()));
        let new_child = self.graft_parts(child, rest, subtree)?;
        let mut builder = self.inner.treebuilder(base.as_ref()).context(what)?;
        builder
            .insert(first, new_child.0, i32::from(git2::FileMode::Tree))
            .context(what)?;
        Ok(Id(builder.write().context(what)?))
    }

    pub fn empty_tree(&self) -> Result<Id, GitError> {
        let builder = self
            .inner
            .treebuilder(None)
            .context(|| "cannot write the empty tree".to_string())?;
        Ok(Id(builder
            .write()
            .context(|| "cannot write the empty tree".to_string())?))
    }

    /// The paths of a tree's files whose name `keep` accepts. Only those are
    /// collected, and each subtree's are kept by its id for the process: the
    /// few files every plan and render looks for in a 5,000-file tree are found
    /// without a path for each of the others.
    pub fn paths_named(&self, tree: Id, keep: fn(&str) -> bool) -> Result<Vec<PathBuf>, GitError> {
        let mut memo = NAMED.lock().unwrap_or_else(|e| e.into_inner());
        if memo.len() > 200_000 {
            memo.clear();
        }
        let out = self.paths_named_memo(tree, keep, &mut memo)?;
        Ok(out.as_ref().clone())
    }

    fn paths_named_memo(
        &self,
        tree: Id,
        keep: fn(&str) -> bool,
        memo: &mut Named,
    ) -> Result<std::sync::Arc<Vec<PathBuf>>, GitError> {
        // The function's address tells one filter from another; two that share
        // an address share their code, and so their answers.
        let key = (tree, keep as usize);
        if let Some(known) = memo.get(&key) {
            return Ok(known.clone());
        }
        let t = self
            .inner
            .find_tree(tree.0)
            .context(|| format!("cannot read tree {}", tree.short()))?;
        let mut out = Vec::new();
        for entry in t.iter() {
            let name = String::from_utf8_lossy(entry.name_bytes());
            match entry.kind() {
                Some(git2::ObjectType::Blob) if keep(&name) => out.push(PathBuf::from(&*name)),
                Some(git2::ObjectType::Tree) => {
                    let below = self.paths_named_memo(Id(entry.id()), keep, memo)?;
                    out.extend(below.iter().map(|p| Path::new(&*name).join(p)));
                }
                _ => {}
            }
        }
        let out = std::sync::Arc::new(out);
        memo.insert(key, out.clone());
        Ok(out)
    }

    /// The files of a tree, or only those at `only` when given, each with its mode:
    /// a symbolic link is an entry of mode 120000 whose bytes are its target.
    pub fn files(&self, tree: Id, only: Option<&BTreeSet<PathBuf>>) -> Result<FileSet, GitError> {
        let t = self
            .inner
            .find_tree(tree.0)
            .context(|| format!("cannot read tree {}", tree.short()))?;
        let mut set = FileSet::default();
        match only {
            Some(paths) => {
                for path in paths {
                    let entry = match t.get_path(path) {
                        Ok(e) => e,
                        Err(e) if e.code() == git2::ErrorCode::NotFound => continue,
                        Err(e) => {
                            return Err(e).context(|| format!("cannot read {}", path.display()));
                        }
                    };
                    if entry.kind() != Some(git2::ObjectType::Blob) {
                        continue;
                    }
                    set.files.insert(
                        path.clone(),
                        self.blob_entry_kept(entry.id(), entry.filemode(), path)?,
                    );
                }
            }
            None => {
                let mut failure = None;
                t.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
                    if entry.kind() != Some(git2::ObjectType::Blob) {
                        return git2::TreeWalkResult::Ok;
                    }
                    let path = PathBuf::from(dir).join(entry.name().unwrap_or_default());
                    match self.blob_entry(entry.id(), entry.filemode(), &path) {
                        Ok(e) => {
                            set.files.insert(path, e);
                            git2::TreeWalkResult::Ok
                        }
                        Err(e) => {
                            failure = Some(e);
                            git2::TreeWalkResult::Abort
                        }
                    }
                })
                .context(|| format!("cannot walk tree {}", tree.short()))?;
                if let Some(e) = failure {
                    return Err(e);
                }
            }
        }
        Ok(set)
    }

    fn blob_entry(&self, id: git2::Oid, mode: i32, path: &Path) -> Result<FileEntry, GitError> {
        let blob = self
            .inner
            .find_blob(id)
            .context(|| format!("cannot read {}", path.display()))?;
        Ok(FileEntry {
            bytes: blob.content().to_vec(),
            mode: u32::try_from(mode).unwrap_or(MODE_FILE),
        })
    }

    /// [`Repo::blob_entry`] through a process-wide memo of the files read by
    /// path: the model files and the manifest, which a promotion's plan reads
    /// on both sides of its diff and its render reads again, are read once.
    fn blob_entry_kept(
        &self,
        id: git2::Oid,
        mode: i32,
        path: &Path,
    ) -> Result<FileEntry, GitError> {
        let known = KEPT
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .blobs
            .get(&Id(id))
            .cloned();
        if let Some(bytes) = known {
            return Ok(FileEntry {
                bytes: bytes.to_vec(),
                mode: u32::try_from(mode).unwrap_or(MODE_FILE),
            });
        }
        let entry = self.blob_entry(id, mode, path)?;
        KEPT.lock()
            .unwrap_or_else(|e| e.into_inner())
            .keep(Id(id), &entry.bytes);
        Ok(entry)
    }

    /// Writes a whole tree of files.
    pub fn write_files(&self, files: &FileSet) -> Result<Id, GitError> {
        let empty = self.empty_tree()?;
        self.patch_tree(empty, &[], files)
    }

    /// `base` with `remove` deleted and `upsert` written over it, each entry with
    /// its mode (a symbolic link as one: mode 120000, its target the blob).
    pub fn patch_tree(
        &self,
        base: Id,
        remove: &[PathBuf],
        upsert: &FileSet,
    ) -> Result<Id, GitError> {
        let base_tree = self
            .inner
            .find_tree(base.0)
            .context(|| format!("cannot read tree {}", base.short()))?;
        let mut update = git2::build::TreeUpdateBuilder::new();
        for path in remove.iter().filter(|p| !upsert.files.contains_key(*p)) {
            update.remove(slash_path(path));
        }
        for (path, entry) in &upsert.files {
            let blob = self
                .inner
                .blob(&entry.bytes)
                .context(|| format!("cannot write {}", path.display()))?;
            let mode = match entry.mode {
                crate::fileset::MODE_EXECUTABLE => git2::FileMode::BlobExecutable,
                crate::fileset::MODE_SYMLINK => git2::FileMode::Link,
                _ => git2::FileMode::Blob,
            };
            update.upsert(slash_path(path), blob, mode);
        }
        let id = update
            .create_updated(&self.inner, &base_tree)
            .context(|| "cannot write a tree".to_string())?;
        Ok(Id(id))
    }

    /// Every path that differs between two trees (added, removed or changed).
    pub fn changed_paths(&self, old: Id, new: Id) -> Result<BTreeSet<PathBuf>, GitError> {
        let what = || format!("cannot compare trees {} and {}", old.short(), new.short());
        let mut out = BTreeSet::new();
        self.compare_trees(Some(old.0), Some(new.0), Path::new(""), &mut out)
            .context(what)?;
        Ok(out)
    }

    /// Adds to `out` the paths under `at` that differ between two trees (`None`:
    /// no tree there). A subtree the same on both sides is not read: comparing
    /// two versions of a large project costs what changed, not its size.
    fn compare_trees(
        &self,
        old: Option<git2::Oid>,
        new: Option<git2::Oid>,
        at: &Path,
        out: &mut BTreeSet<PathBuf>,
    ) -> Result<(), git2::Error> {
        if old == new {
            return Ok(());
        }
        type Entries = std::collections::BTreeMap<String, (git2::Oid, i32)>;
        let entries = |tree: Option<git2::Oid>| -> Result<Entries, git2::Error> {
            let mut map = Entries::new();
            if let Some(id) = tree {
                for e in self.inner.find_tree(id)?.iter() {
                    let name = String::from_utf8_lossy(e.name_bytes()).into_owned();
                    map.insert(name, (e.id(), e.filemode()));
                }
            }
            Ok(map)
        };
        let (before, after) = (entries(old)?, entries(new)?);
        let mut names: BTreeSet<&String> = before.keys().collect();
        names.extend(after.keys());
        let is_tree = |e: &(git2::Oid, i32)| e.1 == i32::from(git2::FileMode::Tree);
        for name in names {
            let (b, a) = (before.get(name), after.get(name));
            if b == a {
                continue;
            }
            let path = at.join(name);
            let subtree = |e: Option<&(git2::Oid, i32)>| e.filter(|e| is_tree(e)).map(|e| e.0);
            if b.is_some_and(is_tree) || a.is_some_and(is_tree) {
                self.compare_trees(subtree(b), subtree(a), &path, out)?;
            }
            if b.is_some_and(|e| !is_tree(e)) || a.is_some_and(|e| !is_tree(e)) {
                out.insert(path);
            }
        }
        Ok(())
    }

    /// Three-way merge of trees: what changed from `base` to `theirs` applied on
    /// `ours`.
    pub fn merge_trees(&self, base: Id, ours: Id, theirs: Id) -> Result<Merged, GitError> {
        let what = || "cannot merge".to_string();
        let tree = |id: Id| self.inner.find_tree(id.0).context(what);
        let (b, o, t) = (tree(base)?, tree(ours)?, tree(theirs)?);
        let mut index = self.inner.merge_trees(&b, &o, &t, None).context(what)?;
        if !index.has_conflicts() {
            let id = index.write_tree_to(&self.inner).context(what)?;
            return Ok(Merged::Clean(Id(id)));
        }
        let mut conflicts = Vec::new();
        let mut found = Vec::new();
        for c in index.conflicts().context(what)? {
            found.push(c.context(what)?);
        }
        for c in found {
            let path = [&c.our, &c.their, &c.ancestor]
                .into_iter()
                .flatten()
                .map(|e| PathBuf::from(String::from_utf8_lossy(&e.path).into_owned()))
                .next()
                .unwrap_or_default();
            let marked = self.marked(&c, &path);
            index.conflict_remove(&path).context(what)?;
            if let Some(mut ours) = c.our {
                // Stage bits cleared: the entry becomes an ordinary (merged) one.
                ours.flags &= !0x3000;
                index.add(&ours).context(what)?;
            }
            conflicts.push(Conflict { path, marked });
        }
        let partial = Id(index.write_tree_to(&self.inner).context(what)?);
        Ok(Merged::Conflicts { partial, conflicts })
    }

    fn marked(&self, c: &git2::IndexConflict, path: &Path) -> Option<Vec<u8>> {
        let input = |e: &Option<git2::IndexEntry>| -> Option<Vec<u8>> {
            match e {
                Some(e) => self
                    .inner
                    .find_blob(e.id)
                    .ok()
                    .map(|b| b.content().to_vec()),
                None => Some(Vec::new()),
            }
        };
        let ancestor = input(&c.ancestor)?;
        let ours = input(&c.our)?;
        let theirs = input(&c.their)?;
        let name = path.to_string_lossy();
        let mut a = git2::MergeFileInput::new();
        a.content(&ancestor).path(&*name);
        let mut o = git2::MergeFileInput::new();
        o.content(&ours).path(&*name);
        let mut t = git2::MergeFileInput::new();
        t.content(&theirs).path(&*name);
        let mut opts = git2::MergeFileOptions::new();
        opts.our_label("story")
            .their_label("environment")
            .ancestor_label("base");
        let result = git2::merge_file(&a, &o, &t, Some(&mut opts)).ok()?;
        Some(result.content().to_vec())
    }

    /// Every commit reachable from `tips`, each after its parents (the oldest
    /// first): one walk however many tips share history, each commit read once
    /// (and not at all when `cache` has it; the commits read are added to it).
    pub fn log(&self, tips: &[Id], cache: &mut super::LogCache) -> Result<Vec<LogEntry>, GitError> {
        let mut out = Vec::new();
        let mut seen: rustc_hash::FxHashSet<git2::Oid> = Default::default();
        // Depth first; a commit is emitted once all its parents have been.
        let mut stack: Vec<(git2::Oid, Option<LogEntry>)> =
            tips.iter().rev().map(|t| (t.0, None)).collect();
        while let Some((oid, done)) = stack.pop() {
            if let Some(entry) = done {
                out.push(entry);
                continue;
            }
            if !seen.insert(oid) {
                continue;
            }
            let entry = match cache.get(&Id(oid)) {
                Some((parents, message)) => LogEntry {
                    id: Id(oid),
                    parents: parents.clone(),
                    message: message.clone(),
                },
                None => {
                    let c = self
                        .inner
                        .find_commit(oid)
                        .context(|| format!("cannot read commit {oid}"))?;
                    let entry = LogEntry {
                        id: Id(oid),
                        message: String::from_utf8_lossy(c.message_bytes()).into_owned(),
                        parents: c.parent_ids().map(Id).collect(),
                    };
                    cache.insert(&entry);
                    entry
                }
            };
            let parents = entry.parents.clone();
            stack.push((oid, Some(entry)));
            for p in parents.iter().rev() {
                if !seen.contains(&p.0) {
                    stack.push((p.0, None));
                }
            }
        }
        Ok(out)
    }

    /// Whether `ancestor` is `descendant` or one of its ancestors.
    pub fn is_ancestor(&self, ancestor: Id, descendant: Id) -> Result<bool, GitError> {
        if ancestor == descendant {
            return Ok(true);
        }
        self.inner
            .graph_descendant_of(descendant.0, ancestor.0)
            .context(|| {
                format!(
                    "cannot compare {} and {}",
                    ancestor.short(),
                    descendant.short()
                )
            })
    }

    /// Commits on `a` not on `b`, and on `b` not on `a`.
    pub fn ahead_behind(&self, a: Id, b: Id) -> Result<(usize, usize), GitError> {
        self.inner.graph_ahead_behind(a.0, b.0).context(|| {
            format!(
                "cannot count commits between {} and {}",
                a.short(),
                b.short()
            )
        })
    }

    /// The merge base of two commits, if they share history.
    pub fn merge_base_of(&self, a: Id, b: Id) -> Result<Option<Id>, GitError> {
        match self.inner.merge_base(a.0, b.0) {
            Ok(id) => Ok(Some(Id(id))),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => {
                Err(e).context(|| format!("cannot find where {} and {} meet", a.short(), b.short()))
            }
        }
    }

    /// The commit a local branch's configured upstream is at, if it has one.
    pub fn upstream_of(&self, branch: &str) -> Result<Option<Id>, GitError> {
        let Ok(local) = self.inner.find_branch(branch, git2::BranchType::Local) else {
            return Ok(None);
        };
        match local.upstream() {
            Ok(up) => Ok(up.get().target().map(Id)),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e).context(|| format!("cannot read the upstream of `{branch}`")),
        }
    }

    /// The URL of a configured remote.
    pub fn remote_url(&self, name: &str) -> Option<String> {
        self.inner
            .find_remote(name)
            .ok()
            .and_then(|r| r.url().ok().map(str::to_string))
    }

    /// Every `git config` entry of this repository whose name matches `regex`
    /// (libgit2's glob), read in one pass: `(name, value)`.
    pub fn config_entries(&self, regex: &str) -> Vec<(String, String)> {
        let Ok(config) = self.inner.config().and_then(|mut c| c.snapshot()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Ok(mut entries) = config.entries(Some(regex)) {
            while let Some(Ok(entry)) = entries.next() {
                if let (Ok(name), Ok(value)) = (entry.name(), entry.value()) {
                    out.push((name.to_string(), value.to_string()));
                }
            }
        }
        out
    }

    /// A `git config` value of this repository.
    pub fn config_value(&self, key: &str) -> Option<String> {
        self.inner.config().ok()?.get_string(key).ok()
    }

    pub fn set_config_value(&self, key: &str, value: &str) -> Result<(), GitError> {
        self.inner
            .config()
            .and_then(|mut c| c.set_str(key, value))
            .context(|| format!("cannot set `{key}` in git config"))
    }

    pub fn remove_config_section(&self, key_prefix: &str) {
        let Ok(mut config) = self.inner.config() else {
            return;
        };
        let mut names = Vec::new();
        if let Ok(entries) = config.entries(Some(&format!("{}\\..*", regex_escape(key_prefix)))) {
            let _ = entries.for_each(|e| {
                if let Ok(n) = e.name() {
                    names.push(n.to_string());
                }
            });
        }
        for n in names {
            let _ = config.remove(&n);
        }
    }
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if !c.is_ascii_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Files read by path through [`Repo::files`], by blob id (a blob's id is its
/// content), up to [`KEPT_BYTES`] in all.
#[derive(Default)]
struct Kept {
    blobs: rustc_hash::FxHashMap<Id, std::sync::Arc<[u8]>>,
    bytes: usize,
}

impl Kept {
    /// Keeps `bytes` under `id`, first forgetting everything kept when they
    /// would not fit; bytes larger than the whole budget are not kept.
    fn keep(&mut self, id: Id, bytes: &[u8]) {
        if bytes.len() > KEPT_BYTES {
            return;
        }
        if self.bytes + bytes.len() > KEPT_BYTES {
            self.blobs.clear();
            self.bytes = 0;
        }
        self.bytes += bytes.len();
        self.blobs.insert(id, std::sync::Arc::from(bytes));
    }
}

static KEPT: std::sync::LazyLock<std::sync::Mutex<Kept>> =
    std::sync::LazyLock::new(Default::default);

const KEPT_BYTES: usize = 32 << 20;

/// Subtrees walked by [`Repo::paths_named`], by id and filter.
type Named = rustc_hash::FxHashMap<(Id, usize), std::sync::Arc<Vec<PathBuf>>>;

static NAMED: std::sync::LazyLock<std::sync::Mutex<Named>> =
    std::sync::LazyLock::new(Default::default);

/// Git paths are `/`-separated whatever the platform.
pub(crate) fn slash_path(path: &Path) -> String {
    path.iter()
        .map(|c| c.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fileset::{FileEntry, MODE_EXECUTABLE};
    use proptest::prelude::*;

    /// libgit2's own comparison: the paths of every delta, both sides.
    fn libgit2_changed(repo: &Repo, old: Id, new: Id) -> BTreeSet<PathBuf> {
        let a = repo.inner.find_tree(old.0).expect("tree");
        let b = repo.inner.find_tree(new.0).expect("tree");
        let diff = repo
            .inner
            .diff_tree_to_tree(Some(&a), Some(&b), None)
            .expect("diff");
        let mut out = BTreeSet::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(p) = file.path() {
                    out.insert(p.to_path_buf());
                }
            }
        }
        out
    }

    /// A small project: paths from a few names two levels deep (so a name is
    /// a file on one side and a directory on the other), each a file, an
    /// executable or a link.
    fn project() -> impl Strategy<Value = FileSet> {
        let name = prop::sample::select(vec!["a", "b", "views", "m.model.lkml"]);
        let path = prop::collection::vec(name, 1..=3).prop_map(|parts| parts.join("/"));
        let entry = (0u8..3, prop::sample::select(vec!["x", "y"]));
        prop::collection::vec((path, entry), 0..12).prop_map(|files| {
            let mut set = FileSet::default();
            for (path, (kind, text)) in files {
                // A path under a file already taken (or a file over a taken
                // directory) cannot be in one tree: the first one stays.
                let clash = set.files.keys().any(|p| {
                    let (p, q) = (p.to_string_lossy(), path.as_str());
                    p.starts_with(&format!("{q}/")) || q.starts_with(&format!("{p}/")) || p == q
                });
                if clash {
                    continue;
                }
                match kind {
                    0 => set.insert(&path, text),
                    1 => {
                        set.files.insert(
                            path.into(),
                            FileEntry {
                                bytes: text.as_bytes().to_vec(),
                                mode: MODE_EXECUTABLE,
                            },
                        );
                    }
                    _ => set.insert_symlink(&path, text),
                }
            }
            set
        })
    }

    fn named_m(name: &str) -> bool {
        name.starts_with('m')
    }

    proptest! {
        #[test]
        fn paths_named_are_the_files_whose_name_is_kept(files in project(), other in project()) {
            let tmp = tempfile::tempdir().expect("temp dir");
            let repo = Repo::init_bare(tmp.path(), "main").expect("a repository");
            // Two trees sharing subtrees: the second walk reuses the first's.
            for set in [&files, &other] {
                let tree = repo.write_files(set).expect("written");
                let expected: Vec<PathBuf> = set
                    .files
                    .keys()
                    .filter(|p| p.file_name().is_some_and(|n| named_m(&n.to_string_lossy())))
                    .cloned()
                    .collect();
                let mut found = repo.paths_named(tree, named_m).expect("walked");
                found.sort();
                prop_assert_eq!(found, expected);
            }
        }

        #[test]
        fn changed_paths_are_what_libgit2_finds(old in project(), new in project()) {
            let tmp = tempfile::tempdir().expect("temp dir");
            let repo = Repo::init_bare(tmp.path(), "main").expect("a repository");
            let (a, b) = (repo.write_files(&old).expect("old"), repo.write_files(&new).expect("new"));
            prop_assert_eq!(repo.changed_paths(a, b).expect("compared"), libgit2_changed(&repo, a, b));
            prop_assert_eq!(repo.changed_paths(b, a).expect("compared"), libgit2_changed(&repo, b, a));
        }
    }

    #[test]
    fn a_tree_keeps_each_entry_mode_links_included() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let repo = Repo::init_bare(tmp.path(), "main").expect("a repository");
        let mut files = FileSet::default();
        files.insert("views/a.view.lkml", "view: a {}\n");
        files.insert_symlink("views/b.view.lkml", "a.view.lkml");
        files.insert_symlink("shared", "views");
        files.files.insert(
            "run.sh".into(),
            FileEntry {
                bytes: b"#!/bin/sh\n".to_vec(),
                mode: MODE_EXECUTABLE,
            },
        );
        let tree = repo.write_files(&files).expect("written");
        assert_eq!(repo.files(tree, None).expect("read"), files);
        let only: BTreeSet<PathBuf> = [PathBuf::from("shared")].into();
        assert_eq!(
            repo.files(tree, Some(&only)).expect("read").files[Path::new("shared")],
            FileEntry::symlink("views")
        );

        // Patched in: a file becomes a link, a link a file.
        let mut patch = FileSet::default();
        patch.insert_symlink("views/a.view.lkml", "../common/a.view.lkml");
        patch.insert("shared", "not a link any more\n");
        let patched = repo.patch_tree(tree, &[], &patch).expect("patched");
        let back = repo.files(patched, None).expect("read");
        assert!(back.files[Path::new("views/a.view.lkml")].is_symlink());
        assert_eq!(back.files[Path::new("shared")].mode, MODE_FILE);
        assert!(back.files[Path::new("views/b.view.lkml")].is_symlink());
    }
}
