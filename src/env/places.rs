//! The places in a parsed LookML file that can hold something environment-specific:
//! `connection:` values, manifest constant values, SQL that may qualify schemas
//! (`sql_table_name`, derived-table SQL), dashboard `model:` values, and model names
//! inside Looker URLs. Render, unrender and the leak guard all work from this one list.

use std::ops::Range;
use std::path::Path;

use super::scan;
use crate::lookml::yaml::{self, Node, PathSeg, Scalar};
use crate::lookml::{LookmlFile, NodeKind, NodeRef, SyntaxTree, TokenKind, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlaceKind {
    /// A model file's `connection:` value.
    Connection,
    /// The `value:` of `constant: NAME {}` in the manifest; `key` is NAME.
    Constant,
    /// SQL in `sql_table_name` or a derived table; `key` is the property.
    Sql,
    /// A dashboard's (or legacy) `model:` value.
    Model,
    /// A model name inside a Looker URL.
    UrlModel,
}

#[derive(Debug, Clone)]
pub(crate) struct Place<'t> {
    pub kind: PlaceKind,
    /// The bytes of the value (inside quotes).
    pub range: Range<usize>,
    pub text: &'t str,
    pub key: &'t str,
    /// An unquoted LookML literal, which cannot take every value.
    pub literal: bool,
    /// A YAML value whose decoded text does not stand in its bytes as it is (written
    /// with escapes): it cannot be edited in place, so it must not need to be.
    pub escaped: Option<String>,
}

/// The project manifest: `manifest.lkml` at the project root (there is exactly one).
pub(crate) fn is_manifest(path: &Path) -> bool {
    path == Path::new("manifest.lkml")
}

/// The model a file defines, if it is a model file.
pub(crate) fn model_of(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?;
    name.strip_suffix(".model.lkml")
        .or_else(|| name.strip_suffix(".model.lookml"))
}

pub(crate) fn places<'t>(path: &Path, file: &'t LookmlFile) -> Vec<Place<'t>> {
    let mut out = Vec::new();
    match file {
        LookmlFile::Modern(tree) => {
            for i in 0..tree.token_count() {
                if matches!(
                    tree.token_kind(i),
                    TokenKind::String | TokenKind::Expression
                ) {
                    let start = tree.token_span(i).start;
                    url_places(tree.token_text(i), start, &mut out);
                }
            }
            let is_model = model_of(path).is_some();
            let is_manifest = is_manifest(path);
            modern(
                tree,
                tree.root(),
                is_model,
                is_manifest,
                &mut Vec::new(),
                &mut out,
            );
        }
        LookmlFile::Yaml(y) => yaml_places(y.text(), y.root(), model_of(path).is_some(), &mut out),
    }
    out
}

fn url_places<'t>(text: &'t str, base: usize, out: &mut Vec<Place<'t>>) {
    for (range, name) in scan::url_models(text) {
        out.push(Place {
            kind: PlaceKind::UrlModel,
            range: base + range.start..base + range.end,
            text: name,
            key: "",
            literal: false,
            escaped: None,
        });
    }
}

fn modern<'t>(
    tree: &'t SyntaxTree,
    node: NodeRef<'t>,
    is_model: bool,
    is_manifest: bool,
    ancestors: &mut Vec<(&'t str, &'t str)>,
    out: &mut Vec<Place<'t>>,
) {
    for child in node.children() {
        let Some(key) = child.key() else { continue };
        match child.kind() {
            NodeKind::Block => {
                ancestors.push((key, child.name().unwrap_or_default()));
                modern(tree, child, is_model, is_manifest, ancestors, out);
                ancestors.pop();
            }
            NodeKind::Pair => {
                let Some(value) = child.value() else { continue };
                let range = value.content_span();
                let text = tree.text().get(range.clone()).unwrap_or_default();
                let parent = ancestors.last().map(|(k, _)| *k);
                let (kind, key) = match key {
                    "connection" if is_model && ancestors.is_empty() => {
                        (PlaceKind::Connection, key)
                    }
                    "sql_table_name" => (PlaceKind::Sql, key),
                    "sql" | "sql_create" if parent == Some("derived_table") => {
                        (PlaceKind::Sql, key)
                    }
                    "value"
                        if is_manifest && parent == Some("constant") && ancestors.len() == 1 =>
                    {
                        (PlaceKind::Constant, ancestors[0].1)
                    }
                    _ => continue,
                };
                out.push(Place {
                    kind,
                    range,
                    text,
                    key,
                    literal: value.kind == ValueKind::Literal,
                    escaped: None,
                });
            }
            _ => {}
        }
    }
}

fn yaml_places<'t>(text: &'t str, root: &'t Node, legacy_model: bool, out: &mut Vec<Place<'t>>) {
    yaml::visit_scalars(
        root,
        &mut |at: &[PathSeg], scalar: &Scalar, is_key: bool| {
            if is_key {
                return;
            }
            let raw = text.get(scalar.span.clone()).unwrap_or_default();
            url_places(raw, scalar.span.start, out);
            let key = match at.last() {
                Some(PathSeg::Key(k)) => k.as_str(),
                _ => "",
            };
            let parent = match at.len().checked_sub(2).and_then(|i| at.get(i)) {
                Some(PathSeg::Key(k)) => k.as_str(),
                _ => "",
            };
            let (kind, key) = match key {
                "model" => (PlaceKind::Model, "model"),
                "connection" if legacy_model && at.len() == 2 => {
                    (PlaceKind::Connection, "connection")
                }
                "sql_table_name" => (PlaceKind::Sql, "sql_table_name"),
                "sql" if parent == "derived_table" => (PlaceKind::Sql, "sql"),
                _ => return,
            };
            // A whole-value place is the value's bytes inside the token (inside quotes).
            let (range, escaped) = match kind {
                PlaceKind::Sql => (scalar.span.clone(), None),
                _ if scalar.value.is_empty() => return,
                _ => match raw.find(scalar.value.as_str()) {
                    Some(i) => (
                        scalar.span.start + i..scalar.span.start + i + scalar.value.len(),
                        None,
                    ),
                    None => (scalar.span.clone(), Some(scalar.value.clone())),
                },
            };
            out.push(Place {
                kind,
                text: text.get(range.clone()).unwrap_or_default(),
                range,
                key,
                literal: false,
                escaped,
            });
        },
    );
}
