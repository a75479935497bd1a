//! Loading a project: every LookML file parsed in parallel into a [`Project`].

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::object::Object;
use super::{files, includes, modern, yaml_objects};
use crate::diagnostic::Diagnostic;
use crate::lookml::{self, LookmlFile};

/// One parsed file and the objects it defines.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the project root, `/`-separated.
    pub path: Arc<Path>,
    pub parsed: LookmlFile,
    pub objects: Vec<Object>,
}

/// A LookML project: its parsed files, sorted by path, and the files that failed to
/// parse (which do not stop the others from loading).
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub files: Vec<SourceFile>,
    pub errors: Vec<Diagnostic>,
}

impl Project {
    /// Parses `(path, bytes)` pairs in parallel; paths are relative to the project
    /// root. Files that are not LookML are skipped.
    pub fn from_files(files: Vec<(PathBuf, Vec<u8>)>) -> Project {
        Project::gather(
            files
                .into_par_iter()
                // One file a task: file sizes vary by a thousand times, and with
                // only a few cores the default splitting leaves one core idle at
                // the end while the other finishes a run of large files.
                .with_max_len(1)
                .filter(|(p, _)| lookml::Dialect::of(p).is_some())
                .map(|(path, bytes)| SourceFile::parse_owned(&path, bytes))
                .collect(),
        )
    }

    /// Every LookML file under `root`. Each file is read and parsed by the same
    /// task, while its bytes are still in the cache, as the walk finds it.
    pub fn from_dir(root: &Path) -> io::Result<Project> {
        let results = files::visit_lookml_files(root, |p| {
            if lookml::Dialect::of(p).is_none() {
                return Ok(None);
            }
            // Relative to the root; a root that is the file itself keeps its name.
            let rel = match p.strip_prefix(root) {
                Ok(rel) if !rel.as_os_str().is_empty() => rel,
                _ => p.file_name().map_or(p, Path::new),
            };
            std::fs::read(p).map(|bytes| Some(SourceFile::parse_owned(rel, bytes)))
        })?;
        Ok(Project::gather(
            results
                .into_iter()
                .filter_map(Result::transpose)
                .collect::<io::Result<_>>()?,
        ))
    }

    fn gather(results: Vec<Result<SourceFile, Diagnostic>>) -> Project {
        let mut project = Project::default();
        for r in results {
            match r {
                Ok(f) => project.files.push(f),
                Err(d) => project.errors.push(d),
            }
        }
        project.files.sort_by(|a, b| a.path.cmp(&b.path));
        project.errors.sort_by(|a, b| a.file.cmp(&b.file));
        project
    }

    /// Every top-level object of every file.
    pub fn objects(&self) -> impl Iterator<Item = &Object> {
        self.files.iter().flat_map(|f| f.objects.iter())
    }

    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects().filter(move |o| o.kind == kind)
    }

    /// Models, named after their files.
    pub fn models(&self) -> impl Iterator<Item = &Object> {
        self.of_kind("model")
    }

    /// Views and view refinements, wherever they are defined.
    pub fn views(&self) -> impl Iterator<Item = &Object> {
        self.objects()
            .flat_map(|o| {
                if o.kind == "model" {
                    o.children.iter().collect()
                } else {
                    vec![o]
                }
            })
            .filter(|o| o.kind == "view")
    }

    pub fn dashboards(&self) -> impl Iterator<Item = &Object> {
        self.of_kind("dashboard")
    }

    /// The manifest (`manifest.lkml`), if the project has one.
    pub fn manifest(&self) -> Option<&Object> {
        self.of_kind("manifest").next()
    }

    /// Each explore with the model it belongs to: those written in the model file and
    /// those in files the model includes.
    pub fn explores(&self) -> Vec<(&str, &Object)> {
        let mut out = Vec::new();
        for model in self.models() {
            out.extend(
                model
                    .children_of("explore")
                    .map(|e| (model.name.as_str(), e)),
            );
            let patterns: Vec<&str> = model
                .all("include")
                .filter_map(|p| p.value.as_str())
                .collect();
            for file in &self.files {
                if file.path == model.file {
                    continue;
                }
                if patterns
                    .iter()
                    .any(|p| includes(p, &model.file, &file.path))
                {
                    out.extend(
                        file.objects
                            .iter()
                            .filter(|o| o.kind == "explore")
                            .map(|e| (model.name.as_str(), e)),
                    );
                }
            }
        }
        out
    }
}

impl SourceFile {
    /// Parses one file (relative to the project root) and reads its objects.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
        Ok(SourceFile::of(path, lookml::parse_file(path, bytes)?))
    }

    /// [`SourceFile::parse`] keeping `bytes` as the file's text without a copy.
    pub fn parse_owned(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
        Ok(SourceFile::of(path, lookml::parse_owned(path, bytes)?))
    }

    fn of(path: &Path, parsed: LookmlFile) -> SourceFile {
        let shared: Arc<Path> = Arc::from(path);
        let objects = match &parsed {
            LookmlFile::Modern(tree) => modern::objects(&shared, tree),
            LookmlFile::Yaml(y) => yaml_objects::objects(&shared, y.root()),
        };
        SourceFile {
            path: shared,
            parsed,
            objects,
        }
    }
}
