//! A LookML project as a set of files: found on disk or given as (path, bytes), parsed
//! in parallel, and read into a typed model of its objects, each pointing at its file
//! and byte span.

mod files;
mod include;
mod load;
mod modern;
mod object;
mod yaml_objects;

pub use files::{lookml_files, visit_lookml_files};
pub use include::includes;
pub use load::{Project, SourceFile};
pub use object::{FIELD_KINDS, Object, Property, PropertyValue, Text};

use crate::diagnostic::Diagnostic;
use crate::fileset::FileSet;
use crate::lookml;

/// What is worth a warning in the project's files ([`lookml::warnings`]), in
/// path order. Files that do not parse are left to whoever reads them next,
/// which reports them as errors.
pub fn warnings(files: &FileSet) -> Vec<Diagnostic> {
    files
        .files
        .iter()
        // Only YAML files have warnings: the modern ones need no second parse.
        .filter(|(p, _)| {
            matches!(
                lookml::Dialect::of(p),
                Some(lookml::Dialect::Dashboard | lookml::Dialect::LegacyYaml)
            )
        })
        .filter_map(|(p, e)| Some((p, lookml::parse_file(p, &e.bytes).ok()?)))
        .flat_map(|(p, f)| lookml::warnings(p, &f))
        .collect()
}
