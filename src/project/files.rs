//! Finding a project's LookML files on disk.

use std::io;
use std::path::{Path, PathBuf};

use crate::lookml::Dialect;

/// Every LookML file at or under `path`, sorted. Hidden directories (`.git`) are skipped.
/// A file named directly is returned even when its name is not a LookML one, so that
/// the parser can say what is wrong with it.
pub fn lookml_files(path: &Path) -> io::Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let p = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let kind = entry.file_type()?;
            if kind.is_dir() && !hidden {
                stack.push(p);
            } else if kind.is_file() && Dialect::of(&p).is_some() {
                found.push(p);
            }
        }
    }
    found.sort();
    Ok(found)
}
