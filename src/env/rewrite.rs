//! One pass of name maps over a tree of files: the engine under both render and
//! unrender, which differ only in the maps they give it.
//!
//! Every change is a byte-range edit inside one token (a quoted string, an
//! expression, a literal, a YAML scalar); files are never re-serialised. Model files
//! named in the model map are renamed in place (same directory).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::scan;
use crate::diagnostic::Diagnostic;
use crate::fileset::{FileEntry, FileSet};
use crate::lookml::yaml::{self, Node, PathSeg, Scalar};
use crate::lookml::{self, LookmlFile, NodeKind, NodeRef, SyntaxTree, TokenKind};

/// What to rename, by kind of name.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameMaps {
    /// Model name → model name (file names and every reference).
    pub models: BTreeMap<String, String>,
    /// Connection name → connection name, in `connection:` and in manifest constants
    /// that a `connection: "@{…}"` refers to.
    pub connections: BTreeMap<String, String>,
    /// Schema → schema, as a qualifier in `sql_table_name` and derived-table SQL.
    pub schemas: BTreeMap<String, String>,
    /// Manifest constant → (the raw value it must have now, if only then; its new raw
    /// value).
    pub constants: BTreeMap<String, (Option<String>, String)>,
    /// Constants used as `connection: "@{NAME}"`.
    pub connection_constants: BTreeSet<String>,
}

/// One changed token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The file's path before the rewrite.
    pub file: PathBuf,
    pub range: Range<usize>,
    pub old: String,
    pub new: String,
}

pub(crate) struct Rewritten {
    pub files: FileSet,
    pub edits: Vec<Edit>,
    /// Old path → new path, for renamed model files.
    pub renamed: BTreeMap<PathBuf, PathBuf>,
}

pub(crate) fn apply(files: &FileSet, maps: &NameMaps) -> Result<Rewritten, Vec<Diagnostic>> {
    let mut out = Rewritten {
        files: FileSet::default(),
        edits: Vec::new(),
        renamed: BTreeMap::new(),
    };
    let mut problems = Vec::new();
    for (path, entry) in &files.files {
        let new_path = renamed_path(path, &maps.models);
        let bytes = if lookml::Dialect::of(path).is_some() {
            match rewrite_file(path, &entry.bytes, maps) {
                Ok((bytes, mut edits)) => {
                    out.edits.append(&mut edits);
                    bytes
                }
                Err(d) => {
                    problems.push(d);
                    continue;
                }
            }
        } else {
            entry.bytes.clone()
        };
        if new_path != *path {
            if files.files.contains_key(&new_path) {
                problems.push(Diagnostic::in_file(
                    path,
                    format!(
                        "renaming the model would overwrite {}, which already exists",
                        new_path.display()
                    ),
                ));
                continue;
            }
            out.renamed.insert(path.clone(), new_path.clone());
        }
        out.files.files.insert(
            new_path,
            FileEntry {
                bytes,
                mode: entry.mode,
            },
        );
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The model name a file defines: `<m>.model.lkml` or legacy `<m>.model.lookml`.
pub(crate) fn model_of(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?;
    name.strip_suffix(".model.lkml")
        .or_else(|| name.strip_suffix(".model.lookml"))
}

fn renamed_path(path: &Path, models: &BTreeMap<String, String>) -> PathBuf {
    let Some(model) = model_of(path) else {
        return path.to_path_buf();
    };
    let Some(to) = models.get(model) else {
        return path.to_path_buf();
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let ending = &name[model.len()..];
    path.with_file_name(format!("{to}{ending}"))
}

fn rewrite_file(
    path: &Path,
    bytes: &[u8],
    maps: &NameMaps,
) -> Result<(Vec<u8>, Vec<Edit>), Diagnostic> {
    let parsed = lookml::parse_file(path, bytes)?;
    let text = parsed.text();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    match &parsed {
        LookmlFile::Modern(tree) => modern_edits(path, tree, maps, &mut edits)?,
        LookmlFile::Yaml(y) => yaml_edits(path, text, y.root(), maps, &mut edits)?,
    }
    edits.sort_by_key(|(r, _)| r.start);
    edits.dedup();
    for pair in edits.windows(2) {
        if pair[0].0.end > pair[1].0.start {
            return Err(Diagnostic::at_offset(
                path,
                text,
                pair[1].0.start,
                "two rewrites overlap here",
            )
            .with_help("this is a bug in storyboard; please report it with the file"));
        }
    }
    let mut out = String::with_capacity(text.len() + edits.len() * 16);
    let mut last = 0;
    let mut records = Vec::with_capacity(edits.len());
    for (range, new) in edits {
        out.push_str(&text[last..range.start]);
        out.push_str(&new);
        records.push(Edit {
            file: path.to_path_buf(),
            old: text[range.clone()].to_string(),
            range: range.clone(),
            new,
        });
        last = range.end;
    }
    out.push_str(&text[last..]);
    Ok((out.into_bytes(), records))
}

/// Model names inside every Looker URL of `text`, which starts at `base` in the file.
fn url_edits(
    text: &str,
    base: usize,
    models: &BTreeMap<String, String>,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    for (range, name) in scan::url_models(text) {
        if let Some(to) = models.get(name) {
            edits.push((base + range.start..base + range.end, to.clone()));
        }
    }
}

fn schema_edits(
    text: &str,
    base: usize,
    schemas: &BTreeMap<String, String>,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    for range in scan::schema_qualifiers(text, schemas) {
        if let Some(to) = schemas.get(&text[range.clone()]) {
            edits.push((base + range.start..base + range.end, to.clone()));
        }
    }
}

fn modern_edits(
    path: &Path,
    tree: &SyntaxTree,
    maps: &NameMaps,
    edits: &mut Vec<(Range<usize>, String)>,
) -> Result<(), Diagnostic> {
    if !maps.models.is_empty() {
        for i in 0..tree.token_count() {
            if matches!(
                tree.token_kind(i),
                TokenKind::String | TokenKind::Expression
            ) {
                url_edits(
                    tree.token_text(i),
                    tree.token_span(i).start,
                    &maps.models,
                    edits,
                );
            }
        }
    }
    let mut ancestors: Vec<(&str, &str)> = Vec::new();
    modern_node(path, tree, tree.root(), maps, &mut ancestors, edits)
}

fn modern_node<'t>(
    path: &Path,
    tree: &'t SyntaxTree,
    node: NodeRef<'t>,
    maps: &NameMaps,
    ancestors: &mut Vec<(&'t str, &'t str)>,
    edits: &mut Vec<(Range<usize>, String)>,
) -> Result<(), Diagnostic> {
    for child in node.children() {
        let Some(key) = child.key() else { continue };
        match child.kind() {
            NodeKind::Block => {
                ancestors.push((key, child.name().unwrap_or_default()));
                modern_node(path, tree, child, maps, ancestors, edits)?;
                ancestors.pop();
            }
            NodeKind::Pair => {
                let Some(value) = child.value() else { continue };
                let span = value.content_span();
                let text = &tree.text()[span.clone()];
                let parent = ancestors.last().map(|(k, _)| *k);
                match key {
                    "connection" if ancestors.is_empty() => {
                        if let Some(to) = maps.connections.get(text) {
                            edits.push((span, to.clone()));
                        }
                    }
                    "sql_table_name" => schema_edits(text, span.start, &maps.schemas, edits),
                    "sql" | "sql_create" if parent == Some("derived_table") => {
                        schema_edits(text, span.start, &maps.schemas, edits)
                    }
                    "value" if parent == Some("constant") && ancestors.len() == 1 => {
                        let name = ancestors[0].1;
                        if let Some(new) = constant_value(name, text, maps) {
                            if value.kind == lookml::ValueKind::Literal && !is_literal(&new) {
                                return Err(Diagnostic::at_offset(
                                    path,
                                    tree.text(),
                                    span.start,
                                    format!("constant `{name}` is unquoted, and its new value `{new}` needs quotes"),
                                )
                                .with_help("write the constant's value in quotes in manifest.lkml"));
                            }
                            edits.push((span, new));
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The new raw value of constant `name`, whose raw value now is `current`.
fn constant_value(name: &str, current: &str, maps: &NameMaps) -> Option<String> {
    if let Some((only_if, new)) = maps.constants.get(name) {
        return match only_if {
            Some(expected) if expected != current => None,
            _ => (new != current).then(|| new.clone()),
        };
    }
    if maps.connection_constants.contains(name) {
        return maps.connections.get(current).cloned();
    }
    None
}

fn is_literal(s: &str) -> bool {
    !s.is_empty() && !s.contains(|c: char| c.is_whitespace() || ":{}[],\"#;".contains(c))
}

fn yaml_edits(
    path: &Path,
    text: &str,
    root: &Node,
    maps: &NameMaps,
    edits: &mut Vec<(Range<usize>, String)>,
) -> Result<(), Diagnostic> {
    let legacy_model = model_of(path).is_some();
    let mut failure: Option<Diagnostic> = None;
    yaml::visit_scalars(
        root,
        &mut |at: &[PathSeg], scalar: &Scalar, is_key: bool| {
            if is_key || failure.is_some() {
                return;
            }
            let raw = &text[scalar.span.clone()];
            url_edits(raw, scalar.span.start, &maps.models, edits);
            let key = match at.last() {
                Some(PathSeg::Key(k)) => k.as_str(),
                _ => "",
            };
            let parent = match at.len().checked_sub(2).and_then(|i| at.get(i)) {
                Some(PathSeg::Key(k)) => k.as_str(),
                _ => "",
            };
            let whole = match key {
                "model" => maps.models.get(&scalar.value),
                // Legacy models: `- connection: name` at the top level.
                "connection" if legacy_model && at.len() == 2 => {
                    maps.connections.get(&scalar.value)
                }
                "sql_table_name" => {
                    schema_edits(raw, scalar.span.start, &maps.schemas, edits);
                    None
                }
                "sql" if parent == "derived_table" => {
                    schema_edits(raw, scalar.span.start, &maps.schemas, edits);
                    None
                }
                _ => None,
            };
            if let Some(to) = whole {
                match raw.find(scalar.value.as_str()) {
                    Some(i) if !scalar.value.is_empty() => {
                        let start = scalar.span.start + i;
                        edits.push((start..start + scalar.value.len(), to.clone()));
                    }
                    _ => {
                        failure = Some(
                            Diagnostic::at_offset(
                                path,
                                text,
                                scalar.span.start,
                                format!("cannot rewrite `{}` in place", scalar.value),
                            )
                            .with_help("write the value plainly or in simple quotes"),
                        );
                    }
                }
            }
        },
    );
    match failure {
        Some(d) => Err(d),
        None => Ok(()),
    }
}
