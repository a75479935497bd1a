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
