//! The LookML language: lossless syntax trees for modern LookML (`.lkml`), YAML
//! dashboards and legacy YAML LookML (`.lookml`), and lkml-compatible JSON.
//!
//! Everything here is pure: text in, trees and values out. Nothing is ever
//! re-serialised; edits are byte ranges replaced in the original text, so a file
//! changes only where it was asked to.

mod lexer;
pub mod lkml_json;
mod parser;
pub mod syntax;
pub mod tree;
pub mod yaml;
mod yaml_file;

use std::fmt;
use std::path::Path;

pub use syntax::{NodeKind, TokenKind};
pub use tree::{NodeRef, SyntaxTree, Value, ValueKind};

use crate::diagnostic::Diagnostic;
pub use yaml_file::YamlFile;

/// Text read from a file: keys, names and values. Most are a few bytes long; a
/// compact string keeps up to 24 bytes inline, so a 50 MB project does not make
/// millions of small allocations (which cost more than parsing, and crowd the
/// cores' shared memory bandwidth when loading in parallel).
pub type Text = compact_str::CompactString;

/// A syntax error at a byte offset of a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
}

impl SyntaxError {
    pub fn new(offset: usize, message: impl Into<String>, help: Option<&str>) -> SyntaxError {
        SyntaxError {
            offset,
            message: message.into(),
            help: help.map(str::to_string),
        }
    }

    /// The error located in `file`, whose text is `text`.
    pub fn to_diagnostic(&self, file: &Path, text: &str) -> Diagnostic {
        let mut d = Diagnostic::at_offset(file, text, self.offset, self.message.clone());
        d.help = self.help.clone();
        d
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// The three kinds of LookML file, told apart by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `*.lkml`: modern LookML.
    Modern,
    /// `*.dashboard.lookml`: a LookML dashboard, YAML.
    Dashboard,
    /// Any other `*.lookml`: legacy YAML LookML from before 2017.
    LegacyYaml,
}

impl Dialect {
    pub fn of(path: &Path) -> Option<Dialect> {
        let name = path.file_name()?.to_str()?;
        if name.ends_with(".lkml") {
            Some(Dialect::Modern)
        } else if name.ends_with(".dashboard.lookml") {
            Some(Dialect::Dashboard)
        } else if name.ends_with(".lookml") {
            Some(Dialect::LegacyYaml)
        } else {
            None
        }
    }
}

/// A parsed LookML file of any dialect.
#[derive(Debug, Clone)]
pub enum LookmlFile {
    Modern(SyntaxTree),
    Yaml(YamlFile),
}

impl LookmlFile {
    pub fn text(&self) -> &str {
        match self {
            LookmlFile::Modern(t) => t.text(),
            LookmlFile::Yaml(y) => y.text(),
        }
    }

    /// The text, giving up the parsed form.
    pub fn into_text(self) -> String {
        match self {
            LookmlFile::Modern(t) => t.into_text(),
            LookmlFile::Yaml(y) => y.into_text(),
        }
    }

    /// The file written back from its parsed form.
    pub fn print(&self) -> String {
        match self {
            LookmlFile::Modern(t) => t.print(),
            LookmlFile::Yaml(y) => y.print(),
        }
    }
}

/// Decodes and parses one file. Errors name the file, line and column.
pub fn parse_file(path: &Path, bytes: &[u8]) -> Result<LookmlFile, Diagnostic> {
    let dialect = dialect_of(path)?;
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(path, bytes, e))?;
    parse_text(path, dialect, text.to_owned())
}

/// [`parse_file`] for bytes the caller gives up: the text is kept without a copy,
/// which spares a project load one pass over every byte it reads.
pub fn parse_owned(path: &Path, bytes: Vec<u8>) -> Result<LookmlFile, Diagnostic> {
    let dialect = dialect_of(path)?;
    let text =
        String::from_utf8(bytes).map_err(|e| not_utf8(path, e.as_bytes(), e.utf8_error()))?;
    parse_text(path, dialect, text)
}

fn dialect_of(path: &Path) -> Result<Dialect, Diagnostic> {
    Dialect::of(path)
        .ok_or_else(|| Diagnostic::in_file(path, "not a LookML file (expected .lkml or .lookml)"))
}

fn not_utf8(path: &Path, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let lossy = String::from_utf8_lossy(bytes);
    Diagnostic::at_offset(path, &lossy, e.valid_up_to(), "the file is not valid UTF-8")
        .with_help("LookML files are UTF-8; re-save it as UTF-8, or remove the binary content")
}

fn parse_text(path: &Path, dialect: Dialect, text: String) -> Result<LookmlFile, Diagnostic> {
    match dialect {
        Dialect::Modern => SyntaxTree::parse_keeping(text.into())
            .map(LookmlFile::Modern)
            .map_err(|(e, text)| e.to_diagnostic(path, &text)),
        Dialect::Dashboard | Dialect::LegacyYaml => YamlFile::parse_keeping(text.into())
            .map(LookmlFile::Yaml)
            .map_err(|(e, text)| e.to_diagnostic(path, &text)),
    }
}

/// Parses and prints back `bytes`, and checks the printed text is the input.
pub fn check_round_trip(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let file = parse_file(path, bytes)?;
    let printed = file.print();
    if printed.as_bytes() == bytes {
        return Ok(());
    }
    let at = printed
        .bytes()
        .zip(bytes.iter())
        .position(|(a, &b)| a != b)
        .unwrap_or(printed.len().min(bytes.len()));
    Err(Diagnostic::at_offset(
        path,
        file.text(),
        at,
        "printing the parsed file does not give back its bytes",
    )
    .with_help("this is a bug in storyboard; please report it with the file"))
}

/// What is worth a warning in a file that parses: in YAML, a key written twice
/// in one mapping (Looker keeps the last value, so the first is dead text).
pub fn warnings(path: &Path, file: &LookmlFile) -> Vec<Diagnostic> {
    let LookmlFile::Yaml(y) = file else {
        return Vec::new();
    };
    yaml::duplicate_keys(y.root())
        .into_iter()
        .map(|d| {
            let first = crate::diagnostic::Position::of_offset(y.text(), d.first.start);
            Diagnostic::at_offset(
                path,
                y.text(),
                d.again.start,
                format!(
                    "duplicate key `{}` (first at line {}); Looker keeps this later value",
                    d.key, first.line
                ),
            )
            .with_help("remove one of the two, so the file says what Looker reads")
        })
        .collect()
}

/// A file as JSON: lkml's for modern LookML, the YAML's own for YAML files.
pub fn to_json(file: &LookmlFile) -> serde_json::Value {
    match file {
        LookmlFile::Modern(t) => lkml_json::to_lkml_json(t),
        LookmlFile::Yaml(y) => y.to_json(),
    }
}

/// The tokens of a modern LookML text, each with its byte range; they cover the
/// text without gaps (what a highlighter needs).
pub fn tokenize(text: &str) -> Result<Vec<(TokenKind, std::ops::Range<usize>)>, SyntaxError> {
    let tokens = lexer::lex(text)?;
    Ok(tokens
        .kinds
        .iter()
        .zip(tokens.starts.windows(2))
        .map(|(k, w)| (*k, w[0] as usize..w[1] as usize))
        .collect())
}
