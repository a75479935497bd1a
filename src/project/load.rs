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
        let results: Vec<Result<SourceFile, Diagnostic>> = files
            .into_par_iter()
            .filter(|(p, _)| lookml::Dialect::of(p).is_some())
            .map(|(path, bytes)| SourceFile::parse(&path, &bytes))
            .collect();
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

    /// Every LookML file under `root`.
    pub fn from_dir(root: &Path) -> io::Result<Project> {
        let paths = files::lookml_files(root)?;
        let loaded: io::Result<Vec<(PathBuf, Vec<u8>)>> = paths
            .par_iter()
            .map(|p| {
                let rel = p.strip_prefix(root).unwrap_or(p).to_path_buf();
                std::fs::read(p).map(|b| (rel, b))
            })
            .collect();
        Ok(Project::from_files(loaded?))
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
        let parsed = lookml::parse_file(path, bytes)?;
        let shared: Arc<Path> = Arc::from(path);
        let objects = match &parsed {
            LookmlFile::Modern(tree) => modern::objects(&shared, tree),
            LookmlFile::Yaml(y) => yaml_objects::objects(&shared, y.root()),
        };
        Ok(SourceFile {
            path: shared,
            parsed,
            objects,
        })
    }
}
