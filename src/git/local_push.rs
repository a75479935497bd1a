//! A push to a repository on this machine (a `file://` URL or a path).
//!
//! git's local transport moves the remote's ref without checking its old value,
//! so of two pushes at once both could land, the second over the first. Here the
//! objects the remote lacks are written into it directly, children before the
//! objects that name them, and its ref is then moved only from the value
//! expected, in one compare-and-swap, as a git server does.
//!
//! Writing the objects directly also spares what libgit2's push does first: it
//! reads the whole tree of every ref the remote has to find what not to send.
//! Here the remote's object database is asked about each object instead, and a
//! tree it has is not entered.

use std::collections::HashSet;
use std::path::Path;

use git2::{ObjectType, OdbLookupFlags, Oid};

use super::remote::{Expected, Remote, RemoteError};

/// Above this many objects they travel as one pack rather than loose files
/// (git's `receive.unpackLimit` makes the same choice, at the same number).
const LOOSE_LIMIT: usize = 100;

/// Pushes `id` to `refname` in the repository at `dir`, only over `expected`.
pub(super) fn push(
    here: &git2::Repository,
    remote: &Remote,
    dir: &Path,
    id: Oid,
    refname: &str,
    expected: Expected,
) -> Result<(), RemoteError> {
    let unreachable = |detail: String| RemoteError::Unreachable {
        remote: remote.spec.clone(),
        url: remote.url.clone(),
        detail,
    };
    let there = git2::Repository::open(dir).map_err(|e| unreachable(e.message().to_string()))?;
    let have = match expected {
        Expected::At(old) => Some(old.0),
        Expected::Absent | Expected::Any => None,
    };
    copy_missing(here, &there, id, have)
        .map_err(|e| unreachable(format!("cannot send the objects: {}", e.message())))?;
    super::crash_point("push-after-objects");
    let why = "storyboard: push";
    let locked =
        |e: &git2::Error| e.code() == git2::ErrorCode::Locked || e.message().contains("lock");
    // Another push holding the ref's lock this very moment is over within
    // milliseconds; a lock that stays was left by a killed process.
    let mut result = Ok(());
    for wait in [0, 20, 50, 100, 200, 400] {
        std::thread::sleep(std::time::Duration::from_millis(wait));
        result = match expected {
            Expected::At(old) => there
                .reference_matching(refname, id, true, old.0, why)
                .map(|_| ()),
            Expected::Absent | Expected::Any => {
                there.reference(refname, id, false, why).map(|_| ())
            }
        };
        if !result.as_ref().is_err_and(locked) {
            break;
        }
    }
    let Err(e) = result else {
        return Ok(());
    };
    if locked(&e) {
        return Err(RemoteError::Locked {
            remote: remote.spec.clone(),
            url: remote.url.clone(),
            detail: e.message().to_string(),
        });
    }
    let now = there.refname_to_id(refname).ok();
    let agreed = match expected {
        Expected::At(want) => now == Some(want.0),
        Expected::Absent | Expected::Any => now.is_none(),
    };
    if agreed {
        return Err(unreachable(e.message().to_string()));
    }
    Err(RemoteError::Rejected {
        remote: remote.spec.clone(),
        url: remote.url.clone(),
        refname: refname.to_string(),
        detail: match now {
            Some(at) => format!("it is at {} now", super::Id(at).short()),
            None => "it does not exist there now".to_string(),
        },
    })
}

/// Writes into `there` every object reachable from `tip` that it lacks; returns
/// how many. `have` is a commit `there` holds under a ref (the value a push
/// expects): what it reaches is there, so an entry of `tip`'s trees that is the
/// same as at its path in `have`'s is not looked at further. Another object
/// `there` has is taken to have all it names (what git assumes of a repository
/// too), which holds for what this writes: children are always written before
/// the objects that name them, so a copy killed halfway leaves only complete
/// objects behind.
pub(super) fn copy_missing(
    here: &git2::Repository,
    there: &git2::Repository,
    tip: Oid,
    have: Option<Oid>,
) -> Result<usize, git2::Error> {
    let into = there.odb()?;
    let missing = missing_objects(here, &into, tip, have)?;
    if missing.is_empty() {
        return Ok(0);
    }
    if missing.len() > LOOSE_LIMIT {
        // One pack: it becomes visible whole, when its index is written.
        let mut pack = here.packbuilder()?;
        for id in &missing {
            pack.insert_object(*id, None)?;
        }
        let mut writer = into.packwriter()?;
        let mut failed = None;
        pack.foreach(
            |chunk| match std::io::Write::write_all(&mut writer, chunk) {
                Ok(()) => true,
                Err(e) => {
                    failed = Some(e);
                    false
                }
            },
        )?;
        if let Some(e) = failed {
            return Err(git2::Error::from_str(&e.to_string()));
        }
        writer.commit()?;
    } else {
        let from = here.odb()?;
        for (n, id) in missing.iter().enumerate() {
            if n == missing.len() / 2 {
                super::crash_point("push-objects-half");
            }
            let object = from.read(*id)?;
            into.write(object.kind(), object.data())?;
        }
    }
    Ok(missing.len())
}

/// The objects reachable from `tip` that `odb` lacks, each after every object
/// it names (a depth-first walk, emitting an object once its children are).
/// Each tree is walked beside the tree at its path in `have`, whose entries
/// `odb` holds.
fn missing_objects(
    here: &git2::Repository,
    odb: &git2::Odb<'_>,
    tip: Oid,
    have: Option<Oid>,
) -> Result<Vec<Oid>, git2::Error> {
    enum Visit {
        /// An object, its kind, and for a tree the one at its path in `have`.
        Enter(Oid, ObjectType, Option<Oid>),
        Leave(Oid),
    }
    let have_tree = have
        .and_then(|h| here.find_commit(h).ok())
        .map(|c| c.tree_id());
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut stack = vec![Visit::Enter(tip, ObjectType::Commit, None)];
    while let Some(visit) = stack.pop() {
        let (id, kind, beside) = match visit {
            Visit::Leave(id) => {
                out.push(id);
                continue;
            }
            Visit::Enter(id, kind, beside) => (id, kind, beside),
        };
        // Opened just now, the remote's list of packs is current: a miss need
        // not rescan its pack directory.
        if Some(id) == have || !seen.insert(id) || odb.exists_ext(id, OdbLookupFlags::NO_REFRESH) {
            continue;
        }
        stack.push(Visit::Leave(id));
        match kind {
            ObjectType::Commit => {
                let commit = here.find_commit(id)?;
                stack.push(Visit::Enter(commit.tree_id(), ObjectType::Tree, have_tree));
                for parent in commit.parent_ids() {
                    stack.push(Visit::Enter(parent, ObjectType::Commit, None));
                }
            }
            ObjectType::Tree => {
                let tree = here.find_tree(id)?;
                let beside = beside.and_then(|b| here.find_tree(b).ok());
                for entry in tree.iter() {
                    let old = beside
                        .as_ref()
                        .and_then(|b| b.get_name_bytes(entry.name_bytes()));
                    if old.as_ref().is_some_and(|o| o.id() == entry.id()) {
                        continue;
                    }
                    match entry.kind() {
                        Some(ObjectType::Tree) => {
                            let under = old
                                .filter(|o| o.kind() == Some(ObjectType::Tree))
                                .map(|o| o.id());
                            stack.push(Visit::Enter(entry.id(), ObjectType::Tree, under));
                        }
                        Some(ObjectType::Blob) => {
                            stack.push(Visit::Enter(entry.id(), ObjectType::Blob, None));
                        }
                        // A submodule's commit lives in another repository.
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(repo: &git2::Repository, files: &[(&str, &str)], parent: Option<Oid>) -> Oid {
        let mut index = git2::Index::new().unwrap();
        for (path, text) in files {
            let blob = repo.blob(text.as_bytes()).unwrap();
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: text.len() as u32,
                id: blob,
                flags: 0,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            index.add(&entry).unwrap();
        }
        let tree = index.write_tree_to(repo).unwrap();
        let tree = repo.find_tree(tree).unwrap();
        let who = git2::Signature::new("t", "t@example.com", &git2::Time::new(0, 0)).unwrap();
        let parents: Vec<git2::Commit<'_>> = parent
            .into_iter()
            .map(|p| repo.find_commit(p).unwrap())
            .collect();
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        repo.commit(None, &who, &who, "c", &tree, &parents).unwrap()
    }

    /// Every object reachable from `tip` is in `repo`.
    fn complete(repo: &git2::Repository, tip: Oid) -> bool {
        let mut walk = repo.revwalk().unwrap();
        walk.push(tip).unwrap();
        walk.all(|c| {
            let Ok(c) = c.and_then(|c| repo.find_commit(c)) else {
                return false;
            };
            let Ok(tree) = c.tree() else { return false };
            let mut ok = true;
            tree.walk(git2::TreeWalkMode::PreOrder, |_, e| {
                ok &= repo.find_object(e.id(), None).is_ok();
                git2::TreeWalkResult::Ok
            })
            .unwrap();
            ok
        })
    }

    #[test]
    fn copies_only_what_is_missing_children_first() {
        let dir = tempfile::tempdir().unwrap();
        let here = git2::Repository::init(dir.path().join("here")).unwrap();
        let there = git2::Repository::init_bare(dir.path().join("there.git")).unwrap();
        let first = commit(&here, &[("a/x.lkml", "x"), ("b/y.lkml", "y")], None);
        assert_eq!(copy_missing(&here, &there, first, None).unwrap(), 6);
        assert!(complete(&there, first));
        // One file changed: the commit, the root tree, `b/` and the new blob.
        let second = commit(&here, &[("a/x.lkml", "x"), ("b/y.lkml", "y2")], Some(first));
        let order = missing_objects(&here, &there.odb().unwrap(), second, None).unwrap();
        assert_eq!(order.len(), 4);
        assert_eq!(order.last(), Some(&second), "the commit comes last");
        let position = |id: Oid| order.iter().position(|o| *o == id).unwrap();
        let tree = here.find_commit(second).unwrap().tree().unwrap();
        let b = tree.get_name("b").unwrap().id();
        let blob = here.find_tree(b).unwrap().get_name("y.lkml").unwrap().id();
        assert!(position(blob) < position(b) && position(b) < position(tree.id()));
        // Walked beside `first`, which the remote holds: the same four, and
        // the unchanged `a/` is not asked about.
        let beside = missing_objects(&here, &there.odb().unwrap(), second, Some(first)).unwrap();
        assert_eq!(beside, order);
        // What `have` reaches is taken as there without asking: into an empty
        // repository, the same four (and not `a/` or its file).
        let empty = git2::Repository::init_bare(dir.path().join("empty.git")).unwrap();
        let trusted = missing_objects(&here, &empty.odb().unwrap(), second, Some(first)).unwrap();
        assert_eq!(trusted.len(), 4, "{trusted:?}");
        assert_eq!(copy_missing(&here, &there, second, Some(first)).unwrap(), 4);
        assert!(complete(&there, second));
        assert_eq!(copy_missing(&here, &there, second, None).unwrap(), 0);
    }

    #[test]
    fn many_objects_travel_as_one_pack() {
        let dir = tempfile::tempdir().unwrap();
        let here = git2::Repository::init(dir.path().join("here")).unwrap();
        let there = git2::Repository::init_bare(dir.path().join("there.git")).unwrap();
        let names: Vec<(String, String)> = (0..150)
            .map(|i| (format!("views/v{i}.view.lkml"), format!("view: v{i} {{}}")))
            .collect();
        let files: Vec<(&str, &str)> = names
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let tip = commit(&here, &files, None);
        assert_eq!(copy_missing(&here, &there, tip, None).unwrap(), 153);
        assert!(complete(&there, tip));
        let packs = std::fs::read_dir(dir.path().join("there.git/objects/pack"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "pack"))
            })
            .count();
        assert_eq!(packs, 1);
    }
}
