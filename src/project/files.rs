//! Finding a project's LookML files on disk.
//!
//! The walk runs on all cores and hands each file to its visitor as soon as it is
//! found, so reading and parsing start while other directories are still being
//! listed: a walk that ran first, on one core, would be the part of a load that
//! does not get faster with more cores.

use std::ffi::OsString;
use std::fs::FileType;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::lookml::Dialect;

/// Every LookML file at or under `path`, sorted. Hidden directories (`.git`) are skipped.
/// A file named directly is returned even when its name is not a LookML one, so that
/// the parser can say what is wrong with it.
pub fn lookml_files(path: &Path) -> io::Result<Vec<PathBuf>> {
    visit_lookml_files(path, Path::to_path_buf)
}

/// `visit` applied, in parallel, to each file [`lookml_files`] would list; the results
/// come back in the same (sorted) order.
pub fn visit_lookml_files<T: Send>(
    path: &Path,
    visit: impl Fn(&Path) -> T + Sync,
) -> io::Result<Vec<T>> {
    if !std::fs::metadata(path)?.is_dir() {
        return Ok(vec![visit(path)]);
    }
    walk(path, &visit)
}

enum Entry {
    Dir(PathBuf),
    File(PathBuf),
}

fn walk<T: Send>(dir: &Path, visit: &(impl Fn(&Path) -> T + Sync)) -> io::Result<Vec<T>> {
    let mut entries: Vec<(OsString, FileType)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        entries.push((entry.file_name(), entry.file_type()?));
    }
    // Sorting each directory by name and visiting depth first gives the order of
    // sorting the full paths, without comparing whole paths component by component.
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let entries: Vec<Entry> = entries
        .into_iter()
        .filter_map(|(name, kind)| {
            let hidden = name.as_encoded_bytes().starts_with(b".");
            let path = dir.join(name);
            if kind.is_dir() && !hidden {
                Some(Entry::Dir(path))
            } else if kind.is_file() && Dialect::of(&path).is_some() {
                Some(Entry::File(path))
            } else {
                None
            }
        })
        .collect();
    let found: Vec<Vec<T>> = entries
        .par_iter()
        // One entry a task: a directory can hold a thousand times the work of a file.
        .with_max_len(1)
        .map(|entry| match entry {
            Entry::Dir(d) => walk(d, visit),
            Entry::File(f) => Ok(vec![visit(f)]),
        })
        .collect::<io::Result<_>>()?;
    Ok(found.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_sorted_as_whole_paths_and_hidden_directories_are_skipped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for name in [
            "a.b/x.view.lkml",
            "a/z.view.lkml",
            "a/b/y.view.lkml",
            "a.view.lkml",
            ".git/hidden.view.lkml",
            "notes.md",
            "dash/sales.dashboard.lookml",
            "legacy/old.view.lookml",
        ] {
            let at = root.join(name);
            std::fs::create_dir_all(at.parent().expect("a parent")).expect("mkdir");
            std::fs::write(at, "").expect("write");
        }
        let found = lookml_files(root).expect("walks");
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found, sorted);
        let relative: Vec<&Path> = found
            .iter()
            .map(|p| p.strip_prefix(root).expect("under the root"))
            .collect();
        assert_eq!(
            relative,
            [
                "a/b/y.view.lkml",
                "a/z.view.lkml",
                "a.b/x.view.lkml",
                "a.view.lkml",
                "dash/sales.dashboard.lookml",
                "legacy/old.view.lookml",
            ]
            .map(Path::new)
        );
        let lengths = visit_lookml_files(root, |p| p.as_os_str().len()).expect("walks");
        assert_eq!(
            lengths,
            found
                .iter()
                .map(|p| p.as_os_str().len())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_missing_path_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(lookml_files(&dir.path().join("nope")).is_err());
    }
}
