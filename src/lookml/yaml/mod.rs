//! Lossless reading and byte-exact editing of the YAML that LookML is written in.
//!
//! LookML dashboards (`*.dashboard.lookml`) and legacy LookML models and views
//! (`*.model.lookml`, `*.view.lookml`) are YAML documents. Giving a developer their
//! own copy of a project means changing a handful of scalars in them (`model:`,
//! `connection:`, links inside `body_text`) and nothing else. General YAML
//! libraries load a value tree and write a whole new document: comments, quoting
//! styles, blank lines and the irregular spacing that Looker accepts are lost, and
//! a one-word change becomes a diff of the whole file.
//!
//! This module reads one YAML document into a small tree in which every scalar
//! keeps its decoded value, its style and the exact byte range of its token in
//! the source. An edit replaces only that byte range ([`apply_edits`]) with text
//! made by [`rewrite_scalar`] or [`replace_in_scalar`] in the scalar's own style,
//! so every byte outside the edited scalars stays identical. Each rewrite is
//! checked by reading the edited document again; when the style cannot carry
//! the new value faithfully (a plain scalar that would need quotes, a
//! single-quoted one that would lose a space next to a line break, ...) the edit
//! is refused with the reason instead of silently changing the document. The
//! batch forms [`rewrite_scalars`] and [`replace_in_scalars`] check a whole set
//! of edits to one file with a single extra parse.
//!
//! Supported: all of YAML 1.1 as Looker and teams write it. Block mappings and
//! sequences (compact `- key: v`, sequences at their key's indentation), plain
//! scalars over several lines, single- and double-quoted scalars with every
//! YAML escape, `|` and `>` block scalars with chomping and indentation
//! indicators, nested multi-line flow collections, tags (`!!null ''`,
//! `!ruby/hash:...`, `!e!x` through `%TAG`, verbatim `!<...>`) and anchors on
//! any node, aliases (also as keys), explicit `? ` keys (also collections),
//! comments, `%YAML` and `%TAG` directives, `---` and `...`, CRLF, CR, NEL, LS
//! and PS line breaks (as libyaml has them), a byte-order mark, and any UTF-8.
//!
//! The parts: `reader` (text to [`Node`]s; `props` reads tags, anchors and
//! aliases, `scan` the scalars), `resolve` (what the nodes mean, and
//! [`to_json`]), `edit` (byte-exact scalar edits, each checked by reading the
//! edited document again).
//!
//! Scalars are decoded the way libyaml decodes them; [`to_json`] resolves them
//! as YAML 1.1 does (PyYAML's `SafeLoader`, which `tests/yaml_oracle.py` runs
//! against every fixture). Differences from libyaml, all deliberate:
//!
//! * duplicate keys are kept, in order, in [`Mapping::entries`]; [`to_json`] keeps
//!   the first key's position and the last value; [`duplicate_keys`] lists them;
//! * a mapping key written as a flow collection needs `? ` before it in block
//!   context (`[a, b]: c` is refused with that advice);
//! * tabs are accepted as separating white space after `-` and in blank or
//!   comment lines, where libyaml refuses some of them; tabs still never indent;
//! * implicit keys may be longer than libyaml's 1024 characters;
//! * a byte-order mark is dropped before the first line; a document that is
//!   only `...` reads as null;
//! * one document per file (Looker reads one);
//! * nesting deeper than [`MAX_DEPTH`] collections, collections used as keys
//!   inside keys deeper than [`MAX_KEY_NESTING`], and aliases standing for
//!   more than [`MAX_ALIAS_EXPANSION`] nodes in all, are errors (each bounds
//!   what a small file can make the reader do).

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use super::Text;

mod edit;
mod reader;
mod resolve;
#[cfg(test)]
mod testing;

pub use edit::{
    apply_edits, replace_in_scalar, replace_in_scalars, rewrite_scalar, rewrite_scalars,
};
pub use reader::{MAX_ALIAS_EXPANSION, MAX_EXPANDED_DEPTH, MAX_KEY_NESTING, parse};
pub use resolve::to_json;

/// The tag `!!str` names once expanded.
pub const STR_TAG: &str = "tag:yaml.org,2002:str";

/// Deepest nesting of collections accepted by [`parse`].
pub const MAX_DEPTH: usize = 256;

/// A YAML node with the byte range it occupies in the source.
///
/// The tree is the document as written: an anchored node stands once, where it
/// is written, and each alias of it is an [`Node::Alias`] that also holds the
/// anchored node for readers of the document's meaning. Spans never include a
/// node's properties (tag and anchor), which have spans of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Scalar(Scalar),
    Sequence(Sequence),
    Mapping(Mapping),
    /// An empty value, as in `key:` followed by nothing, `- ` with no item, or an
    /// empty document. The span is empty and sits where the value would start.
    Null {
        span: Range<usize>,
        /// A tag or anchor written on the empty value (`key: !!str`, `key: &a`).
        props: Option<Box<Props>>,
    },
    /// `*name`: the node last anchored as `&name` before it.
    Alias(Alias),
}

/// A scalar token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    /// The decoded value: quotes removed, escapes resolved, lines folded.
    pub value: Text,
    pub style: ScalarStyle,
    /// Byte range of the whole token in the source, including quotes, or a block
    /// scalar's header and body (up to, not including, its last line break).
    pub span: Range<usize>,
    /// Its tag and anchor, when it has either (most scalars have neither).
    pub props: Option<Box<Props>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|` block scalar.
    Literal,
    /// `>` block scalar.
    Folded,
}

/// A mapping. Keys are nodes: mostly scalars, but an alias (`*k : v`) or, after
/// `? `, a collection can be a key too. Duplicate keys are kept in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub entries: Vec<(Node, Node)>,
    pub span: Range<usize>,
    /// Written inside a flow collection (`{a: b}`, or the `a: b` pair in `[a: b]`).
    pub flow: bool,
    pub props: Option<Box<Props>>,
}

/// A sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    pub items: Vec<Node>,
    pub span: Range<usize>,
    /// Written as `[a, b]` rather than as `- ` entries.
    pub flow: bool,
    pub props: Option<Box<Props>>,
}

/// A node's properties: `!tag` and `&anchor`, in either order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Props {
    pub tag: Option<Tag>,
    pub anchor: Option<Anchor>,
}

/// A tag as written (`!!null`, `!ruby/hash:X`, `!e!thing`, `!<tag:...>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The full tag once its handle is expanded: `tag:yaml.org,2002:null` for
    /// `!!null`, `!ruby/hash:X` for a local tag, `!` for the non-specific tag.
    pub name: Text,
    pub span: Range<usize>,
}

/// `&name` on a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub name: Text,
    pub span: Range<usize>,
}

/// `*name`, with the node it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub name: Text,
    pub span: Range<usize>,
    /// The anchored node as written at its anchor (never itself an alias).
    pub target: Arc<Node>,
}

/// Why a document could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Byte offset in the source.
    pub offset: usize,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// One lower-case line saying what is wrong.
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for YamlError {}

/// Why an edit was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError {
    /// The byte range that was to be replaced.
    pub span: Range<usize>,
    /// One lower-case line saying why.
    pub message: String,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot edit bytes {}..{}: {}",
            self.span.start, self.span.end, self.message
        )
    }
}

impl std::error::Error for EditError {}

/// One step of a path from the root to a node.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

impl fmt::Display for PathSeg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathSeg::Key(k) => write!(f, ".{k}"),
            PathSeg::Index(i) => write!(f, "[{i}]"),
        }
    }
}

impl Node {
    /// Byte range of the node in the source (for an alias, the `*name` itself).
    pub fn span(&self) -> Range<usize> {
        match self {
            Node::Scalar(s) => s.span.clone(),
            Node::Sequence(s) => s.span.clone(),
            Node::Mapping(m) => m.span.clone(),
            Node::Null { span, .. } => span.clone(),
            Node::Alias(a) => a.span.clone(),
        }
    }

    /// The node's tag and anchor, if it has any (an alias has none).
    pub fn props(&self) -> Option<&Props> {
        match self {
            Node::Scalar(Scalar { props, .. })
            | Node::Sequence(Sequence { props, .. })
            | Node::Mapping(Mapping { props, .. })
            | Node::Null { props, .. } => props.as_deref(),
            Node::Alias(_) => None,
        }
    }

    /// The node's tag, expanded (`tag:yaml.org,2002:null` for `!!null`).
    pub fn tag(&self) -> Option<&str> {
        self.props()
            .and_then(|p| p.tag.as_ref())
            .map(|t| t.name.as_str())
    }

    /// The node this one means: an alias's anchored node, or the node itself.
    pub fn resolved(&self) -> &Node {
        match self {
            Node::Alias(a) => &a.target,
            other => other,
        }
    }

    /// The value of `key` when this is a mapping (the last one, if the key repeats).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping().and_then(|m| m.get(key))
    }

    /// Item `index` when this is a sequence.
    pub fn item(&self, index: usize) -> Option<&Node> {
        self.as_sequence().and_then(|s| s.items.get(index))
    }

    /// The node at `path` below this one, through aliases.
    pub fn at(&self, path: &[PathSeg]) -> Option<&Node> {
        let mut node = self;
        for seg in path {
            node = match seg {
                PathSeg::Key(k) => node.get(k)?,
                PathSeg::Index(i) => node.item(*i)?,
            };
        }
        Some(node)
    }

    /// The scalar this node is or stands for.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match self.resolved() {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The decoded value when this is (or stands for) a scalar.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.value.as_str())
    }

    /// The mapping this node is or stands for.
    pub fn as_mapping(&self) -> Option<&Mapping> {
        match self.resolved() {
            Node::Mapping(m) => Some(m),
            _ => None,
        }
    }

    /// The sequence this node is or stands for.
    pub fn as_sequence(&self) -> Option<&Sequence> {
        match self.resolved() {
            Node::Sequence(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the node means null: an empty value, `~`, `null`, or `!!null`
    /// on anything (`!!null ''`), directly or through an alias.
    pub fn is_null(&self) -> bool {
        resolve::is_null(self.resolved())
    }
}

impl Mapping {
    /// The value of `key` (the last one, if the key repeats, as in [`to_json`]).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key's scalar and value of `key` (the last one, if the key repeats).
    /// An alias key is matched by its anchored scalar, which is what it returns.
    pub fn entry(&self, key: &str) -> Option<(&Scalar, &Node)> {
        self.entries
            .iter()
            .rev()
            .find_map(|(k, v)| match k.as_scalar() {
                Some(s) if s.value == key => Some((s, v)),
                _ => None,
            })
    }
}

/// The text that names a mapping key in a [`PathSeg::Key`]: a scalar key's
/// value, or for a collection key the JSON object key [`to_json`] gives it.
pub fn key_text(key: &Node) -> Text {
    match key.as_scalar() {
        Some(s) => s.value.clone(),
        None => resolve::key_string(key).into(),
    }
}

/// A key written twice in one mapping: the first and the later key's spans.
/// Looker, like PyYAML, keeps the last value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: Text,
    pub first: Range<usize>,
    pub again: Range<usize>,
}

/// Every key written again in the same mapping, in source order, as the keys
/// read (`1` and `'1'` are different keys; `yes` and `true` the same).
pub fn duplicate_keys(root: &Node) -> Vec<DuplicateKey> {
    let mut found = Vec::new();
    walk(root, &mut |_, node| {
        let Node::Mapping(m) = node else { return };
        if m.entries.len() < 2 {
            return;
        }
        let mut seen: std::collections::HashMap<String, Range<usize>> =
            std::collections::HashMap::with_capacity(m.entries.len());
        for (k, _) in &m.entries {
            let name = resolve::key_string(k);
            match seen.get(&name) {
                Some(first) => found.push(DuplicateKey {
                    key: key_text(k),
                    first: first.clone(),
                    again: k.span(),
                }),
                None => {
                    seen.insert(name, k.span());
                }
            }
        }
    });
    found
}

/// Visits every node, parents before children, with its path from `node`.
pub fn walk<F: FnMut(&[PathSeg], &Node)>(node: &Node, f: &mut F) {
    fn go<F: FnMut(&[PathSeg], &Node)>(node: &Node, path: &mut Vec<PathSeg>, f: &mut F) {
        f(path, node);
        match node {
            Node::Mapping(m) => {
                for (k, v) in &m.entries {
                    path.push(PathSeg::Key(key_text(k).to_string()));
                    go(v, path, f);
                    path.pop();
                }
            }
            Node::Sequence(s) => {
                for (i, v) in s.items.iter().enumerate() {
                    path.push(PathSeg::Index(i));
                    go(v, path, f);
                    path.pop();
                }
            }
            Node::Scalar(_) | Node::Null { .. } | Node::Alias(_) => {}
        }
    }
    go(node, &mut Vec::new(), f);
}

/// Visits every scalar, mapping keys included, in source order. The path of a
/// key is the path of its mapping; `is_key` tells keys from values.
pub fn visit_scalars<F: FnMut(&[PathSeg], &Scalar, bool)>(node: &Node, f: &mut F) {
    fn go<F: FnMut(&[PathSeg], &Scalar, bool)>(node: &Node, path: &mut Vec<PathSeg>, f: &mut F) {
        match node {
            Node::Scalar(s) => f(path, s, false),
            Node::Mapping(m) => {
                for (k, v) in &m.entries {
                    match k {
                        Node::Scalar(s) => f(path, s, true),
                        // A collection key's scalars are written once, like any node's.
                        other => go(other, path, f),
                    }
                    path.push(PathSeg::Key(key_text(k).to_string()));
                    go(v, path, f);
                    path.pop();
                }
            }
            Node::Sequence(s) => {
                for (i, v) in s.items.iter().enumerate() {
                    path.push(PathSeg::Index(i));
                    go(v, path, f);
                    path.pop();
                }
            }
            // An alias's scalars are visited where they are written, at the anchor.
            Node::Null { .. } | Node::Alias(_) => {}
        }
    }
    go(node, &mut Vec::new(), f);
}
