//! A YAML LookML file (a dashboard, or legacy LookML): its text and the span-annotated
//! YAML tree over it.
//!
//! The tree is an index into the text, never a re-serialisation: printing the file is
//! its text, and every change is a byte-range edit made with [`super::yaml`]'s span
//! tools, so quoting, comments and spacing survive.

use std::path::Path;

use super::yaml::{self, Node, YamlError};
use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone)]
pub struct YamlFile {
    text: Box<str>,
    root: Node,
}

impl YamlFile {
    pub fn parse(text: &str) -> Result<YamlFile, YamlError> {
        YamlFile::parse_keeping(text.into()).map_err(|(e, _)| e)
    }

    /// [`YamlFile::parse`] that keeps the text it is given, and hands it back with
    /// an error so the caller can point into it.
    pub(crate) fn parse_keeping(text: Box<str>) -> Result<YamlFile, (YamlError, Box<str>)> {
        match yaml::parse(&text) {
            Ok(root) => Ok(YamlFile { text, root }),
            Err(e) => Err((e, text)),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text.into_string()
    }

    pub fn root(&self) -> &Node {
        &self.root
    }

    /// The file's bytes: a YAML file is never re-serialised.
    pub fn print(&self) -> String {
        self.text.to_string()
    }

    pub fn to_json(&self) -> serde_json::Value {
        yaml::to_json(&self.root)
    }
}

impl YamlError {
    pub fn to_diagnostic(&self, file: &Path, text: &str) -> Diagnostic {
        Diagnostic::at_offset(file, text, self.offset, self.message.clone())
            .with_help("fix the YAML at this place; LookML dashboards and legacy LookML are YAML")
    }
}
