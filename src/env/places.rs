//! The places in a parsed LookML file that can hold something environment-specific:
//! `connection:` values, manifest constant values, SQL that may qualify schemas
//! (`sql_table_name`, derived-table SQL), dashboard `model:` values, and model names
//! inside Looker URLs. Render, unrender and the leak guard all work from this one list.

use std::ops::Range;
use std::path::Path;

use super::scan;
use crate::lookml::yaml::{Node, Scalar};
use crate::lookml::{LookmlFile, NodeKind, NodeRef, SyntaxTree, TokenKind, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The token (modern LookML) or YAML scalar the place lies in, whole: what an
    /// edit of the place must leave lexing as it did. Places sharing a holder are
    /// listed together.
    pub holder: Range<usize>,
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
                    let span = tree.token_span(i);
                    url_places(tree.token_text(i), span, &mut out);
                }
            }
            let walk = Walk {
                tree,
                is_model: model_of(path).is_some(),
                is_manifest: is_manifest(path),
            };
            walk.block(tree.root(), &mut Vec::new(), &mut out);
        }
        LookmlFile::Yaml(y) => {
            let mut keys = Vec::new();
            let mut aliased = false;
            yaml_values(
                y.text(),
                y.root(),
                model_of(path).is_some(),
                &mut keys,
                &mut out,
                &mut aliased,
            );
            if aliased {
                // An alias's places are its anchor's bytes, already listed where the
                // anchor is written unless the alias stands under another key: list
                // each once, and keep the places of one holder together.
                let mut seen = std::collections::HashSet::new();
                out.retain(|p| seen.insert((p.range.clone(), p.kind)));
                out.sort_by_key(|p| p.holder.start);
            }
        }
    }
    out
}

/// The model names in Looker URLs inside `holder`, whose bytes are `text`.
pub(crate) fn url_places<'t>(text: &'t str, holder: Range<usize>, out: &mut Vec<Place<'t>>) {
    let base = holder.start;
    for (range, name) in scan::url_models(text) {
        out.push(Place {
            kind: PlaceKind::UrlModel,
            range: base + range.start..base + range.end,
            text: name,
            key: "",
            literal: false,
            escaped: None,
            holder: holder.clone(),
        });
    }
}

/// The walk over a modern file's blocks for the pairs that are places.
struct Walk<'t> {
    tree: &'t SyntaxTree,
    is_model: bool,
    is_manifest: bool,
}

impl<'t> Walk<'t> {
    /// `ancestors` holds the enclosing blocks, outermost first. Most pairs are not
    /// places, so a pair's key is matched before anything else of it is looked at,
    /// and a block's name is read only where a place needs it (a manifest constant).
    fn block(&self, node: NodeRef<'t>, ancestors: &mut Vec<NodeRef<'t>>, out: &mut Vec<Place<'t>>) {
        for child in node.children() {
            match child.kind() {
                NodeKind::Block => {
                    ancestors.push(child);
                    self.block(child, ancestors, out);
                    ancestors.pop();
                }
                NodeKind::Pair => {
                    let Some(key) = child.key() else { continue };
                    let parent = || ancestors.last().and_then(|a| a.key());
                    let (kind, key) = match key {
                        "connection" if self.is_model && ancestors.is_empty() => {
                            (PlaceKind::Connection, key)
                        }
                        "sql_table_name" => (PlaceKind::Sql, key),
                        "sql" | "sql_create" if parent() == Some("derived_table") => {
                            (PlaceKind::Sql, key)
                        }
                        "value"
                            if self.is_manifest
                                && parent() == Some("constant")
                                && ancestors.len() == 1 =>
                        {
                            let name = ancestors[0].name().unwrap_or_default();
                            (PlaceKind::Constant, name)
                        }
                        _ => continue,
                    };
                    let Some(value) = child.value() else { continue };
                    let range = value.content_span();
                    out.push(Place {
                        kind,
                        text: self.tree.text().get(range.clone()).unwrap_or_default(),
                        range,
                        key,
                        literal: value.kind == ValueKind::Literal,
                        escaped: None,
                        holder: value.span(),
                    });
                }
                _ => {}
            }
        }
    }
}

/// The places among the values under `node`, in source order. `keys` holds the
/// path to `node`: the key of each mapping entry on it, `None` for a sequence item.
/// An alias's places are those of its anchored node, which lie at the anchor, as
/// seen from the alias's own keys; `aliased` says that one was met.
fn yaml_values<'t>(
    text: &'t str,
    node: &'t Node,
    legacy_model: bool,
    keys: &mut Vec<Option<&'t str>>,
    out: &mut Vec<Place<'t>>,
    aliased: &mut bool,
) {
    match node {
        Node::Scalar(s) => yaml_place(text, s, legacy_model, keys, out),
        Node::Mapping(m) => {
            for (k, v) in &m.entries {
                keys.push(Some(k.as_str().unwrap_or_default()));
                yaml_values(text, v, legacy_model, keys, out, aliased);
                keys.pop();
            }
        }
        Node::Sequence(s) => {
            for v in &s.items {
                keys.push(None);
                yaml_values(text, v, legacy_model, keys, out, aliased);
                keys.pop();
            }
        }
        Node::Alias(a) => {
            *aliased = true;
            yaml_values(text, &a.target, legacy_model, keys, out, aliased);
        }
        Node::Null { .. } => {}
    }
}

fn yaml_place<'t>(
    text: &'t str,
    scalar: &'t Scalar,
    legacy_model: bool,
    keys: &[Option<&'t str>],
    out: &mut Vec<Place<'t>>,
) {
    let raw = text.get(scalar.span.clone()).unwrap_or_default();
    url_places(raw, scalar.span.clone(), out);
    let key = keys.last().copied().flatten().unwrap_or_default();
    let parent = match keys.len().checked_sub(2).and_then(|i| keys.get(i)) {
        Some(Some(k)) => k,
        _ => "",
    };
    let (kind, key) = match key {
        "model" => (PlaceKind::Model, "model"),
        "connection" if legacy_model && keys.len() == 2 => (PlaceKind::Connection, "connection"),
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
            None => (scalar.span.clone(), Some(scalar.value.to_string())),
        },
    };
    out.push(Place {
        kind,
        text: text.get(range.clone()).unwrap_or_default(),
        range,
        key,
        literal: false,
        escaped,
        holder: scalar.span.clone(),
    });
}
