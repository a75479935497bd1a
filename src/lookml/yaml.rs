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
//! Supported: block mappings and sequences (compact `- key: v`, sequences at
//! their key's indentation), plain scalars over several lines, single- and
//! double-quoted scalars with every YAML escape, `|` and `>` block scalars with
//! chomping and indentation indicators, nested multi-line flow collections,
//! comments, `%YAML` directives, `---` and `...`, CRLF, CR, NEL, LS and PS line
//! breaks (as libyaml has them), a byte-order mark, and any UTF-8.
//!
//! Scalars are decoded the way libyaml (and so `serde_yaml` 0.9) decodes them,
//! and [`to_json`] resolves plain scalars the way `serde_yaml` does, so the two
//! agree on every document both accept. Differences, all deliberate:
//!
//! * anchors, aliases, tags, explicit `?` keys and non-scalar mapping keys are
//!   rejected with an error (LookML never uses them);
//! * duplicate keys are kept, in order, in [`Mapping::entries`]; [`to_json`] keeps
//!   the first key's position and the last value (`serde_yaml` rejects them);
//! * tabs are accepted as separating white space after `-` and in blank or
//!   comment lines, where libyaml refuses some of them; tabs still never indent;
//! * implicit keys may be longer than libyaml's 1024 characters;
//! * a byte-order mark is dropped before the first line, where libyaml counts it
//!   as a column (so `serde_yaml` fails on a BOM followed by a mapping); a
//!   document that is only `...` reads as null;
//! * integers too large for 64 bits become JSON floats (`serde_yaml` fails) and
//!   plain keys that `serde_json` cannot stringify (`~`, `.nan`) keep their text;
//! * nesting deeper than [`MAX_DEPTH`] collections is an error.

use std::fmt;
use std::ops::Range;

use super::Text;

/// Deepest nesting of collections accepted by [`parse`].
pub const MAX_DEPTH: usize = 256;

/// A YAML node with the byte range it occupies in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Scalar(Scalar),
    Sequence(Sequence),
    Mapping(Mapping),
    /// An empty value, as in `key:` followed by nothing, `- ` with no item, or an
    /// empty document. The span is empty and sits where the value would start.
    Null {
        span: Range<usize>,
    },
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

/// A mapping; keys are always scalars. Duplicate keys are kept in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub entries: Vec<(Scalar, Node)>,
    pub span: Range<usize>,
    /// Written inside a flow collection (`{a: b}`, or the `a: b` pair in `[a: b]`).
    pub flow: bool,
}

/// A sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    pub items: Vec<Node>,
    pub span: Range<usize>,
    /// Written as `[a, b]` rather than as `- ` entries.
    pub flow: bool,
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
    /// Byte range of the node in the source.
    pub fn span(&self) -> Range<usize> {
        match self {
            Node::Scalar(s) => s.span.clone(),
            Node::Sequence(s) => s.span.clone(),
            Node::Mapping(m) => m.span.clone(),
            Node::Null { span } => span.clone(),
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

    /// The node at `path` below this one.
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

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match self {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The decoded value when this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.value.as_str())
    }

    pub fn as_mapping(&self) -> Option<&Mapping> {
        match self {
            Node::Mapping(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&Sequence> {
        match self {
            Node::Sequence(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null { .. })
    }
}

impl Mapping {
    /// The value of `key` (the last one, if the key repeats, as in [`to_json`]).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key token and value of `key` (the last one, if the key repeats).
    pub fn entry(&self, key: &str) -> Option<(&Scalar, &Node)> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k.value == key)
            .map(|(k, v)| (k, v))
    }
}

/// Visits every node, parents before children, with its path from `node`.
pub fn walk<F: FnMut(&[PathSeg], &Node)>(node: &Node, f: &mut F) {
    fn go<F: FnMut(&[PathSeg], &Node)>(node: &Node, path: &mut Vec<PathSeg>, f: &mut F) {
        f(path, node);
        match node {
            Node::Mapping(m) => {
                for (k, v) in &m.entries {
                    path.push(PathSeg::Key(k.value.to_string()));
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
            Node::Scalar(_) | Node::Null { .. } => {}
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
                    f(path, k, true);
                    path.push(PathSeg::Key(k.value.to_string()));
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
            Node::Null { .. } => {}
        }
    }
    go(node, &mut Vec::new(), f);
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/// Parses one YAML document. An empty or comment-only document is [`Node::Null`].
pub fn parse(src: &str) -> Result<Node, YamlError> {
    let mut p = Parser::new(src, false)?;
    p.parse_document()
}

/// Where a scalar sat, as needed to write a replacement in the same style.
#[derive(Debug, Clone, Copy)]
struct ScalarInfo {
    start: usize,
    /// Indentation of the enclosing block collection (-1 at the top level).
    parent: isize,
    /// Inside a flow collection.
    flow: bool,
    /// Content indentation of a block scalar.
    indent: usize,
    /// A mapping key.
    key: bool,
}

fn parse_with_info(src: &str) -> Result<(Node, Vec<ScalarInfo>), YamlError> {
    let mut p = Parser::new(src, true)?;
    let node = p.parse_document()?;
    Ok((node, p.infos))
}

type PResult<T> = Result<T, YamlError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// First token on its line, where a key or `- ` could have been.
    Line,
    /// After `key:` on the same line.
    MapValue,
    /// After `- ` on the same line.
    SeqItem,
    /// After `---` on the same line.
    DocStart,
}

/// Length of the line break at `i` (CRLF, CR, LF, NEL, LS, PS), 0 if none.
fn break_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'\r') => {
            if b.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            }
        }
        Some(b'\n') => 1,
        Some(0xC2) if b.get(i + 1) == Some(&0x85) => 2,
        Some(0xE2) if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => 3,
        _ => 0,
    }
}

/// Characters libyaml accepts in a stream.
fn is_printable(c: char) -> bool {
    matches!(c as u32,
        0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

fn is_flow_indicator(c: u8) -> bool {
    matches!(c, b',' | b'[' | b']' | b'{' | b'}')
}

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Byte offset of the start of every line (after the byte-order mark for the first).
    lines: Vec<usize>,
    depth: usize,
    /// Block indentation around the flow collection being read.
    flow_indent: isize,
    record: bool,
    infos: Vec<ScalarInfo>,
    skip_memo: Option<(usize, usize)>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, record: bool) -> PResult<Parser<'a>> {
        let b = src.as_bytes();
        let start = if src.starts_with('\u{feff}') { 3 } else { 0 };
        let mut lines = vec![start];
        let mut i = start;
        while i < b.len() {
            let l = break_len(b, i);
            if l > 0 {
                i += l;
                lines.push(i);
            } else {
                i += 1;
            }
        }
        let p = Parser {
            src,
            b,
            pos: start,
            lines,
            depth: 0,
            flow_indent: -1,
            record,
            infos: Vec::new(),
            skip_memo: None,
        };
        if let Some((i, c)) = src.char_indices().find(|&(_, c)| !is_printable(c)) {
            return Err(p.err(
                i,
                format!(
                    "control character U+{:04X} is not allowed in YAML",
                    c as u32
                ),
            ));
        }
        Ok(p)
    }

    // --- characters ----------------------------------------------------------

    fn byte(&self, i: usize) -> u8 {
        // NUL is rejected up front, so 0 only ever means the end of the input.
        self.b.get(i).copied().unwrap_or(0)
    }

    fn at_end(&self, i: usize) -> bool {
        i >= self.b.len()
    }

    fn brk(&self, i: usize) -> usize {
        break_len(self.b, i)
    }

    fn is_blank(&self, i: usize) -> bool {
        matches!(self.byte(i), b' ' | b'\t')
    }

    fn is_breakz(&self, i: usize) -> bool {
        self.at_end(i) || self.brk(i) > 0
    }

    fn is_blankz(&self, i: usize) -> bool {
        self.is_blank(i) || self.is_breakz(i)
    }

    fn char_len(&self, i: usize) -> usize {
        let n = match self.byte(i) {
            0xF0..=0xFF => 4,
            0xE0..=0xEF => 3,
            0xC0..=0xDF => 2,
            _ => 1,
        };
        n.min(self.b.len().saturating_sub(i)).max(1)
    }

    fn slice(&self, a: usize, b: usize) -> &'a str {
        self.src.get(a..b).unwrap_or("")
    }

    /// The line break at `i` as it appears in a decoded value.
    fn break_text(&self, i: usize) -> &'static str {
        match (self.byte(i), self.byte(i + 2)) {
            (0xE2, 0xA8) => "\u{2028}",
            (0xE2, 0xA9) => "\u{2029}",
            _ => "\n",
        }
    }

    fn line_start_of(&self, p: usize) -> usize {
        let idx = self.lines.partition_point(|&s| s <= p);
        match idx.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some(&s) => s,
            None => 0,
        }
    }

    /// Column of `p` in characters, 0-based.
    fn col(&self, p: usize) -> isize {
        let ls = self.line_start_of(p);
        let n = match self.src.get(ls..p) {
            Some(s) => s.chars().count(),
            None => p.saturating_sub(ls),
        };
        n as isize
    }

    fn is_line_start(&self, p: usize) -> bool {
        self.lines.binary_search(&p).is_ok()
    }

    fn at_doc_start(&self, p: usize) -> bool {
        self.is_line_start(p) && self.b.get(p..p + 3) == Some(b"---") && self.is_blankz(p + 3)
    }

    fn at_doc_end(&self, p: usize) -> bool {
        self.is_line_start(p) && self.b.get(p..p + 3) == Some(b"...") && self.is_blankz(p + 3)
    }

    fn at_doc_marker(&self, p: usize) -> bool {
        self.at_doc_start(p) || self.at_doc_end(p)
    }

    fn is_seq_entry(&self, p: usize) -> bool {
        self.byte(p) == b'-' && self.is_blankz(p + 1)
    }

    fn has_break(&self, a: usize, b: usize) -> bool {
        (a..b.min(self.b.len())).any(|i| self.brk(i) > 0)
    }

    fn skip_blanks(&self, mut p: usize) -> usize {
        while self.is_blank(p) {
            p += 1;
        }
        p
    }

    fn skip_to_breakz(&self, mut p: usize) -> usize {
        while !self.is_breakz(p) {
            p += self.char_len(p);
        }
        p
    }

    fn err(&self, at: usize, msg: impl Into<String>) -> YamlError {
        let at = at.min(self.b.len());
        let idx = self.lines.partition_point(|&s| s <= at).max(1);
        let ls = self.line_start_of(at);
        let column = match self.src.get(ls..at) {
            Some(s) => s.chars().count(),
            None => at.saturating_sub(ls),
        } + 1;
        YamlError {
            offset: at,
            line: u32::try_from(idx).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            message: msg.into(),
        }
    }

    fn describe(&self, p: usize) -> String {
        if self.at_end(p) {
            return "the end of the input".to_string();
        }
        match self.slice(p, p + self.char_len(p)).chars().next() {
            Some(c) if c.is_control() || c == ' ' => format!("U+{:04X}", c as u32),
            Some(c) => format!("'{c}'"),
            None => "an unexpected byte".to_string(),
        }
    }

    fn enter(&mut self, at: usize) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(
                at,
                format!("collections are nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn note(&mut self, start: usize, parent: isize, flow: bool, indent: usize) {
        if self.record {
            self.infos.push(ScalarInfo {
                start,
                parent,
                flow,
                indent,
                key: false,
            });
        }
    }

    fn note_key(&mut self, key: &Scalar) {
        if let Some(info) = self
            .infos
            .iter_mut()
            .rev()
            .find(|i| i.start == key.span.start)
        {
            info.key = true;
        }
    }

    // --- lines -------------------------------------------------------------

    /// After a token: skips blanks and a comment; the line must end there.
    fn finish_line(&mut self) -> PResult<()> {
        let mut p = self.skip_blanks(self.pos);
        if self.byte(p) == b'#' {
            p = self.skip_to_breakz(p);
        }
        if !self.is_breakz(p) {
            let msg = if self.byte(p) == b':' {
                "mapping values are not allowed here (a key that spans lines, or ': ' inside an unquoted value?)"
                    .to_string()
            } else {
                format!("unexpected {} after a value", self.describe(p))
            };
            return Err(self.err(p, msg));
        }
        self.pos = p;
        Ok(())
    }

    /// At the start of a line: skips indentation and a comment. Returns true when
    /// stopped at content or at the end of the input, false at a line break.
    fn skip_line_indent(&mut self) -> PResult<bool> {
        let mut p = self.pos;
        while self.byte(p) == b' ' {
            p += 1;
        }
        if self.byte(p) == b'\t' {
            let q = self.skip_blanks(p);
            if !(self.byte(q) == b'#' || self.is_breakz(q)) {
                return Err(self.err(p, "tab character used for indentation; indent with spaces"));
            }
            p = q;
        }
        if self.byte(p) == b'#' {
            p = self.skip_to_breakz(p);
        }
        self.pos = p;
        Ok(!self.is_breakz(p) || self.at_end(p))
    }

    /// From a line break (or the end): skips blank and comment lines, stopping at
    /// the first character of the next content line or at the end of the input.
    fn skip_to_content(&mut self) -> PResult<()> {
        loop {
            let l = self.brk(self.pos);
            if l == 0 {
                return Ok(());
            }
            self.pos += l;
            if self.skip_line_indent()? {
                return Ok(());
            }
        }
    }

    /// `finish_line` then `skip_to_content`. A collection that ends has looked
    /// ahead and stepped back, so each enclosing collection asks for the same
    /// skip again: remember the last one.
    fn next_line(&mut self) -> PResult<()> {
        if let Some((from, to)) = self.skip_memo
            && from == self.pos
        {
            self.pos = to;
            return Ok(());
        }
        let from = self.pos;
        self.finish_line()?;
        self.skip_to_content()?;
        self.skip_memo = Some((from, self.pos));
        Ok(())
    }

    // --- documents ---------------------------------------------------------

    fn parse_document(&mut self) -> PResult<Node> {
        if !self.skip_line_indent()? {
            self.skip_to_content()?;
        }
        let mut directive = None;
        while self.byte(self.pos) == b'%' && self.is_line_start(self.pos) {
            directive.get_or_insert(self.pos);
            self.pos = self.skip_to_breakz(self.pos);
            self.skip_to_content()?;
        }
        let root = if self.at_doc_start(self.pos) {
            let marker_end = self.pos + 3;
            self.pos = marker_end;
            let p = self.skip_blanks(marker_end);
            if self.byte(p) == b'#' || self.is_breakz(p) {
                self.next_line()?;
                if self.at_end(self.pos) || self.at_doc_marker(self.pos) {
                    self.pos = marker_end;
                    Node::Null {
                        span: marker_end..marker_end,
                    }
                } else {
                    self.parse_block_node_at_line(-1)?
                }
            } else {
                self.pos = p;
                self.parse_inline_node(-1, Ctx::DocStart)?
            }
        } else {
            if let Some(d) = directive {
                return Err(self.err(d, "a directive must be followed by a '---' line"));
            }
            if self.at_end(self.pos) || self.at_doc_end(self.pos) {
                Node::Null {
                    span: self.pos..self.pos,
                }
            } else {
                self.parse_block_node_at_line(-1)?
            }
        };
        if !self.at_doc_marker(self.pos) {
            self.next_line()?;
        }
        while self.at_doc_end(self.pos) {
            self.pos += 3;
            self.next_line()?;
        }
        if !self.at_end(self.pos) {
            let msg = if self.at_doc_marker(self.pos) || self.byte(self.pos) == b'%' {
                "multiple documents in one file are not supported"
            } else {
                "unexpected content after the end of the document (check the indentation)"
            };
            return Err(self.err(self.pos, msg));
        }
        Ok(root)
    }

    // --- block collections -------------------------------------------------

    /// A node whose first token is the first thing on its line.
    fn parse_block_node_at_line(&mut self, parent: isize) -> PResult<Node> {
        let p = self.pos;
        let c = self.col(p);
        if self.is_seq_entry(p) {
            return Ok(Node::Sequence(self.parse_block_seq(c, false)?));
        }
        if self.scan_implicit_key(p)?.is_some() {
            return Ok(Node::Mapping(self.parse_block_map(c)?));
        }
        self.parse_inline_node(parent, Ctx::Line)
    }

    /// A `key:` at `p`, if there is one: the key and the position of its colon.
    fn scan_implicit_key(&self, p: usize) -> PResult<Option<(Scalar, usize)>> {
        let c = self.byte(p);
        let (scalar, next) = if c == b'"' || c == b'\'' {
            let (value, end) = self.scan_quoted(p, c == b'\'')?;
            if self.has_break(p, end) {
                return Ok(None);
            }
            let style = if c == b'\'' {
                ScalarStyle::SingleQuoted
            } else {
                ScalarStyle::DoubleQuoted
            };
            (
                Scalar {
                    value: value.into(),
                    style,
                    span: p..end,
                },
                self.skip_blanks(end),
            )
        } else if self.plain_start(p, false) {
            let (value, end, next) = self.scan_plain(p, -1, false, true)?;
            (
                Scalar {
                    value,
                    style: ScalarStyle::Plain,
                    span: p..end,
                },
                next,
            )
        } else {
            return Ok(None);
        };
        if self.byte(next) == b':' && self.is_blankz(next + 1) {
            Ok(Some((scalar, next)))
        } else {
            Ok(None)
        }
    }

    fn not_a_key(&self, p: usize) -> YamlError {
        let msg = match self.byte(p) {
            b'-' if self.is_blankz(p + 1) => {
                "expected a mapping key ('key: value') but found a sequence entry ('- ')"
            }
            b'?' if self.is_blankz(p + 1) => "explicit mapping keys ('?') are not supported",
            b'&' => "anchors (&name) are not supported",
            b'*' => "aliases (*name) are not supported",
            b'!' => "tags (!tag) are not supported",
            b'[' | b'{' => {
                "expected a mapping key ('key: value'); flow collections cannot be mapping keys"
            }
            _ => "expected a mapping key ('key: value') at this indentation",
        };
        self.err(p, msg)
    }

    fn parse_block_map(&mut self, indent: isize) -> PResult<Mapping> {
        let start = self.pos;
        self.enter(start)?;
        let mut entries = Vec::new();
        let mut end;
        loop {
            let p = self.pos;
            let Some((key, colon)) = self.scan_implicit_key(p)? else {
                return Err(self.not_a_key(p));
            };
            self.note(key.span.start, indent, false, 0);
            self.note_key(&key);
            let colon_end = colon + 1;
            let value = self.parse_map_value(indent, colon_end)?;
            end = value.span().end.max(colon_end);
            entries.push((key, value));
            let after = self.pos;
            self.next_line()?;
            let here = self.pos;
            if self.at_end(here) || self.at_doc_marker(here) {
                self.pos = after;
                break;
            }
            let c = self.col(here);
            if c == indent {
                continue;
            }
            self.pos = after;
            if c < indent {
                break;
            }
            return Err(self.err(
                here,
                "bad indentation: this line is indented more than the mapping keys above it",
            ));
        }
        self.leave();
        Ok(Mapping {
            entries,
            span: start..end,
            flow: false,
        })
    }

    fn parse_map_value(&mut self, indent: isize, colon_end: usize) -> PResult<Node> {
        self.pos = colon_end;
        let p = self.skip_blanks(colon_end);
        if self.byte(p) == b'#' || self.is_breakz(p) {
            self.next_line()?;
            let here = self.pos;
            if !(self.at_end(here) || self.at_doc_marker(here)) {
                let c = self.col(here);
                if c > indent {
                    return self.parse_block_node_at_line(indent);
                }
                if c == indent && self.is_seq_entry(here) {
                    return Ok(Node::Sequence(self.parse_block_seq(c, true)?));
                }
                if c == indent && matches!(self.byte(here), b'|' | b'>') {
                    // libyaml takes a block scalar at its key's own column.
                    return self.parse_inline_node(indent, Ctx::Line);
                }
            }
            self.pos = colon_end;
            return Ok(Node::Null {
                span: colon_end..colon_end,
            });
        }
        self.pos = p;
        self.parse_inline_node(indent, Ctx::MapValue)
    }

    fn parse_block_seq(&mut self, indent: isize, indentless: bool) -> PResult<Sequence> {
        let start = self.pos;
        self.enter(start)?;
        let mut items = Vec::new();
        let mut end;
        loop {
            let dash_end = self.pos + 1;
            let item = self.parse_seq_item(indent, dash_end)?;
            end = item.span().end.max(dash_end);
            items.push(item);
            let after = self.pos;
            self.next_line()?;
            let here = self.pos;
            if self.at_end(here) || self.at_doc_marker(here) {
                self.pos = after;
                break;
            }
            let c = self.col(here);
            if c == indent && self.is_seq_entry(here) {
                continue;
            }
            self.pos = after;
            if c < indent || (c == indent && indentless) {
                break;
            }
            if c == indent {
                return Err(self.err(here, "expected a sequence entry ('- ') at this indentation"));
            }
            return Err(self.err(
                here,
                "bad indentation: this line is indented more than the sequence entries above it",
            ));
        }
        self.leave();
        Ok(Sequence {
            items,
            span: start..end,
            flow: false,
        })
    }

    fn parse_seq_item(&mut self, indent: isize, dash_end: usize) -> PResult<Node> {
        self.pos = dash_end;
        let p = self.skip_blanks(dash_end);
        if self.byte(p) == b'#' || self.is_breakz(p) {
            self.next_line()?;
            let here = self.pos;
            if !(self.at_end(here) || self.at_doc_marker(here)) {
                let c = self.col(here);
                if c > indent {
                    return self.parse_block_node_at_line(indent);
                }
                if c == indent && matches!(self.byte(here), b'|' | b'>') {
                    // libyaml takes a block scalar at its entry's own column.
                    return self.parse_inline_node(indent, Ctx::Line);
                }
            }
            self.pos = dash_end;
            return Ok(Node::Null {
                span: dash_end..dash_end,
            });
        }
        self.pos = p;
        let c = self.col(p);
        if self.is_seq_entry(p) {
            return Ok(Node::Sequence(self.parse_block_seq(c, false)?));
        }
        if self.scan_implicit_key(p)?.is_some() {
            return Ok(Node::Mapping(self.parse_block_map(c)?));
        }
        self.parse_inline_node(indent, Ctx::SeqItem)
    }

    /// An error for a character that cannot start a node here, if it cannot.
    fn bad_node_start(&self, p: usize, flow: bool, ctx: Ctx) -> Option<YamlError> {
        let c = self.byte(p);
        let msg: String = match c {
            _ if self.at_end(p) => "expected a value, found the end of the input".into(),
            b'-' if self.is_blankz(p + 1) => {
                if flow {
                    "block sequence entries ('- ') are not allowed inside a flow collection".into()
                } else if ctx == Ctx::DocStart {
                    "a block collection cannot start on the '---' line".into()
                } else {
                    "a block sequence cannot start on the same line as its mapping key".into()
                }
            }
            b'?' if self.is_blankz(p + 1) || flow => {
                "explicit mapping keys ('?') are not supported".into()
            }
            b':' if self.is_blankz(p + 1) || flow => "empty mapping keys are not supported".into(),
            b'&' => "anchors (&name) are not supported".into(),
            b'*' => "aliases (*name) are not supported".into(),
            b'!' => "tags (!tag) are not supported".into(),
            b'|' | b'>' if flow => {
                "block scalars ('|', '>') are not allowed inside a flow collection".into()
            }
            b'%' | b'@' | b'`' => format!(
                "a plain scalar cannot start with '{}'; quote the value",
                c as char
            ),
            b',' | b']' | b'}' => {
                if flow {
                    format!("unexpected '{}'", c as char)
                } else {
                    format!("unexpected '{}' outside a flow collection", c as char)
                }
            }
            b'#' => "expected a value, found a comment".into(),
            _ if !self.plain_start(p, flow) => format!("unexpected {}", self.describe(p)),
            _ => return None,
        };
        Some(self.err(p, msg))
    }

    /// A node starting at `pos` that is not a block collection.
    fn parse_inline_node(&mut self, parent: isize, ctx: Ctx) -> PResult<Node> {
        let p = self.pos;
        match self.byte(p) {
            b'|' | b'>' => {
                let (value, end, style, indent) = self.scan_block_scalar(p, parent)?;
                self.note(p, parent, false, indent);
                self.pos = end;
                Ok(Node::Scalar(Scalar {
                    value: value.into(),
                    style,
                    span: p..end,
                }))
            }
            b'[' | b'{' => {
                let saved = self.flow_indent;
                self.flow_indent = parent;
                let node = self.parse_flow_node();
                self.flow_indent = saved;
                let node = node?;
                let q = self.skip_blanks(self.pos);
                if self.byte(q) == b':' && self.is_blankz(q + 1) {
                    return Err(self.err(q, "flow collections cannot be mapping keys"));
                }
                Ok(node)
            }
            q @ (b'"' | b'\'') => {
                let (value, end) = self.scan_quoted(p, q == b'\'')?;
                let r = self.skip_blanks(end);
                if self.byte(r) == b':' && self.is_blankz(r + 1) {
                    let msg = if matches!(ctx, Ctx::Line | Ctx::SeqItem) {
                        "a mapping key must fit on one line"
                    } else {
                        "mapping values are not allowed here (is the key on the line above missing a value?)"
                    };
                    return Err(self.err(r, msg));
                }
                self.note(p, parent, false, 0);
                self.pos = end;
                let style = if q == b'\'' {
                    ScalarStyle::SingleQuoted
                } else {
                    ScalarStyle::DoubleQuoted
                };
                Ok(Node::Scalar(Scalar {
                    value: value.into(),
                    style,
                    span: p..end,
                }))
            }
            _ => {
                if let Some(e) = self.bad_node_start(p, false, ctx) {
                    return Err(e);
                }
                let (value, end, _) = self.scan_plain(p, parent + 1, false, false)?;
                self.note(p, parent, false, 0);
                self.pos = end;
                Ok(Node::Scalar(Scalar {
                    value,
                    style: ScalarStyle::Plain,
                    span: p..end,
                }))
            }
        }
    }

    // --- flow collections --------------------------------------------------

    fn skip_flow_ws(&mut self) -> PResult<()> {
        loop {
            let p = self.pos;
            match self.byte(p) {
                b' ' | b'\t' => self.pos += 1,
                b'#' => self.pos = self.skip_to_breakz(p),
                _ => {
                    let l = self.brk(p);
                    if l == 0 {
                        return Ok(());
                    }
                    self.pos += l;
                    if self.at_doc_marker(self.pos) {
                        return Err(self.err(
                            self.pos,
                            "a document marker cannot appear inside a flow collection",
                        ));
                    }
                }
            }
        }
    }

    fn parse_flow_node(&mut self) -> PResult<Node> {
        let p = self.pos;
        match self.byte(p) {
            b'[' => self.parse_flow_seq(),
            b'{' => self.parse_flow_map(),
            q @ (b'"' | b'\'') => {
                let (value, end) = self.scan_quoted(p, q == b'\'')?;
                self.note(p, self.flow_indent, true, 0);
                self.pos = end;
                let style = if q == b'\'' {
                    ScalarStyle::SingleQuoted
                } else {
                    ScalarStyle::DoubleQuoted
                };
                Ok(Node::Scalar(Scalar {
                    value: value.into(),
                    style,
                    span: p..end,
                }))
            }
            _ => {
                if let Some(e) = self.bad_node_start(p, true, Ctx::MapValue) {
                    return Err(e);
                }
                let (value, end, _) = self.scan_plain(p, self.flow_indent + 1, true, false)?;
                self.note(p, self.flow_indent, true, 0);
                self.pos = end;
                Ok(Node::Scalar(Scalar {
                    value,
                    style: ScalarStyle::Plain,
                    span: p..end,
                }))
            }
        }
    }

    fn parse_flow_seq(&mut self) -> PResult<Node> {
        let start = self.pos;
        self.enter(start)?;
        self.pos = start + 1;
        let mut items = Vec::new();
        loop {
            self.skip_flow_ws()?;
            let q = self.pos;
            if self.at_end(q) {
                return Err(self.err(start, "unterminated flow sequence: missing ']'"));
            }
            if self.byte(q) == b']' {
                self.pos = q + 1;
                break;
            }
            items.push(self.parse_flow_seq_item()?);
            if self.flow_separator(start, b']', "sequence")? {
                break;
            }
        }
        self.leave();
        Ok(Node::Sequence(Sequence {
            items,
            span: start..self.pos,
            flow: true,
        }))
    }

    /// An item of a flow sequence, which may be a single `key: value` pair.
    /// After an item of a flow collection opened at `start`: a `,` (more items
    /// follow: `false`) or the `close` bracket (the collection ends: `true`).
    fn flow_separator(&mut self, start: usize, close: u8, what: &str) -> Result<bool, YamlError> {
        self.skip_flow_ws()?;
        let q = self.pos;
        let close_char = char::from(close);
        match self.byte(q) {
            b',' => {
                self.pos = q + 1;
                Ok(false)
            }
            b if b == close => {
                self.pos = q + 1;
                Ok(true)
            }
            _ if self.at_end(q) => Err(self.err(
                start,
                format!("unterminated flow {what}: missing '{close_char}'"),
            )),
            _ => Err(self.err(
                q,
                format!(
                    "expected ',' or '{close_char}' in a flow {what}, found {}",
                    self.describe(q)
                ),
            )),
        }
    }

    fn parse_flow_seq_item(&mut self) -> PResult<Node> {
        let kstart = self.pos;
        let node = self.parse_flow_node()?;
        let q = self.skip_blanks(self.pos);
        if self.byte(q) != b':' {
            return Ok(node);
        }
        let key = match node {
            Node::Scalar(s) => s,
            _ => return Err(self.err(kstart, "flow collections cannot be mapping keys")),
        };
        if self.has_break(key.span.start, key.span.end) {
            return Err(self.err(kstart, "a mapping key must fit on one line"));
        }
        self.note_key(&key);
        self.enter(kstart)?;
        let colon_end = q + 1;
        self.pos = colon_end;
        self.skip_flow_ws()?;
        let value = if self.at_end(self.pos) || matches!(self.byte(self.pos), b',' | b']') {
            Node::Null {
                span: colon_end..colon_end,
            }
        } else {
            self.parse_flow_node()?
        };
        self.leave();
        let end = value.span().end.max(colon_end);
        Ok(Node::Mapping(Mapping {
            entries: vec![(key, value)],
            span: kstart..end,
            flow: true,
        }))
    }

    fn parse_flow_map(&mut self) -> PResult<Node> {
        let start = self.pos;
        self.enter(start)?;
        self.pos = start + 1;
        let mut entries = Vec::new();
        loop {
            self.skip_flow_ws()?;
            let q = self.pos;
            if self.at_end(q) {
                return Err(self.err(start, "unterminated flow mapping: missing '}'"));
            }
            if self.byte(q) == b'}' {
                self.pos = q + 1;
                break;
            }
            let key = match self.parse_flow_node()? {
                Node::Scalar(s) => s,
                _ => return Err(self.err(q, "flow collections cannot be mapping keys")),
            };
            self.note_key(&key);
            let after_key = self.pos;
            let colon = self.skip_blanks(after_key);
            let value = if self.byte(colon) == b':' {
                if self.has_break(key.span.start, key.span.end) {
                    return Err(self.err(q, "a mapping key must fit on one line"));
                }
                let colon_end = colon + 1;
                self.pos = colon_end;
                self.skip_flow_ws()?;
                if self.at_end(self.pos) || matches!(self.byte(self.pos), b',' | b'}') {
                    Node::Null {
                        span: colon_end..colon_end,
                    }
                } else {
                    self.parse_flow_node()?
                }
            } else {
                self.skip_flow_ws()?;
                if self.byte(self.pos) == b':' {
                    return Err(self.err(
                        self.pos,
                        "the ':' after a mapping key must be on the same line as the key",
                    ));
                }
                self.pos = after_key;
                Node::Null {
                    span: after_key..after_key,
                }
            };
            entries.push((key, value));
            if self.flow_separator(start, b'}', "mapping")? {
                break;
            }
        }
        self.leave();
        Ok(Node::Mapping(Mapping {
            entries,
            span: start..self.pos,
            flow: true,
        }))
    }

    // --- scalars -----------------------------------------------------------

    /// Whether a plain scalar may start at `p`.
    fn plain_start(&self, p: usize, flow: bool) -> bool {
        if self.is_blankz(p) {
            return false;
        }
        match self.byte(p) {
            b'-' => !self.is_blankz(p + 1),
            b'?' | b':' => !flow && !self.is_blankz(p + 1),
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
            | b'"' | b'%' | b'@' | b'`' => false,
            _ => true,
        }
    }

    /// Scans a plain scalar at `start`. Returns the value, the end of its last
    /// character, and where scanning stopped. Continuation lines must reach
    /// `min_col` (block context only); `single_line` stops at the first break.
    fn scan_plain(
        &self,
        start: usize,
        min_col: isize,
        flow: bool,
        single_line: bool,
    ) -> PResult<(Text, usize, usize)> {
        // Most plain scalars are one line and their value is their text: `s` stays
        // `None` (no copy, no allocation) until a line is folded.
        let mut s: Option<String> = None;
        let mut leading_break: &str = "";
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        let mut leading_blanks = false;
        let mut p = start;
        let mut end = start;
        'outer: loop {
            if self.at_doc_marker(p) || self.byte(p) == b'#' {
                break;
            }
            while !self.is_blankz(p) {
                let c = self.byte(p);
                if flow
                    && c == b':'
                    && matches!(self.byte(p + 1), b',' | b'?' | b'[' | b']' | b'{' | b'}')
                {
                    return Err(self.err(p, "a ':' inside a flow collection must be followed by a space; quote the value"));
                }
                if (c == b':' && self.is_blankz(p + 1)) || (flow && is_flow_indicator(c)) {
                    break;
                }
                if leading_blanks {
                    let s = s.get_or_insert_with(|| self.slice(start, end).to_string());
                    if leading_break == "\n" {
                        if trailing_breaks.is_empty() {
                            s.push(' ');
                        } else {
                            s.push_str(&trailing_breaks);
                            trailing_breaks.clear();
                        }
                    } else {
                        s.push_str(leading_break);
                        s.push_str(&trailing_breaks);
                        trailing_breaks.clear();
                    }
                    leading_break = "";
                    leading_blanks = false;
                } else if let Some(s) = &mut s {
                    s.push_str(&whitespaces);
                    whitespaces.clear();
                }
                let l = self.char_len(p);
                if let Some(s) = &mut s {
                    s.push_str(self.slice(p, p + l));
                }
                p += l;
                end = p;
            }
            if !(self.is_blank(p) || self.brk(p) > 0) {
                break;
            }
            // Column of `p` once a line break has been taken in this run; the
            // columns of a line that has content are never below `min_col`.
            let mut col: Option<isize> = None;
            while self.is_blank(p) || self.brk(p) > 0 {
                if self.is_blank(p) {
                    if leading_blanks
                        && self.byte(p) == b'\t'
                        && col.unwrap_or_else(|| self.col(p)) < min_col
                    {
                        return Err(
                            self.err(p, "tab character used for indentation; indent with spaces")
                        );
                    }
                    // Until a fold, blanks are kept as text, not copied.
                    if !leading_blanks && s.is_some() {
                        whitespaces.push(self.byte(p) as char);
                    }
                    p += 1;
                    col = col.map(|c| c + 1);
                } else {
                    if single_line {
                        break 'outer;
                    }
                    let text = self.break_text(p);
                    if leading_blanks {
                        trailing_breaks.push_str(text);
                    } else {
                        whitespaces.clear();
                        leading_break = text;
                        leading_blanks = true;
                    }
                    p += self.brk(p);
                    col = Some(0);
                }
            }
            if !flow && col.is_some_and(|c| c < min_col) {
                break;
            }
        }
        if end == start {
            return Err(self.err(start, "expected a value"));
        }
        let value = match s {
            Some(folded) => Text::from(folded),
            None => Text::from(self.slice(start, end)),
        };
        Ok((value, end, p))
    }

    /// Scans a quoted scalar whose opening quote is at `start`. Returns the value
    /// and the position after the closing quote.
    fn scan_quoted(&self, start: usize, single: bool) -> PResult<(String, usize)> {
        let quote = if single { b'\'' } else { b'"' };
        let mut s = String::new();
        let mut leading_break: &str = "";
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        let mut p = start + 1;
        loop {
            if self.at_doc_marker(p) {
                return Err(self.err(p, "a document marker cannot appear inside a quoted scalar"));
            }
            if self.at_end(p) {
                let what = if single { "single" } else { "double" };
                return Err(self.err(start, format!("unterminated {what}-quoted scalar")));
            }
            let mut leading_blanks = false;
            while !self.is_blankz(p) {
                let c = self.byte(p);
                if single && c == b'\'' && self.byte(p + 1) == b'\'' {
                    s.push('\'');
                    p += 2;
                } else if c == quote {
                    break;
                } else if !single && c == b'\\' && self.brk(p + 1) > 0 {
                    p += 1 + self.brk(p + 1);
                    leading_blanks = true;
                    break;
                } else if !single && c == b'\\' {
                    p = self.scan_escape(p, &mut s)?;
                } else {
                    let l = self.char_len(p);
                    s.push_str(self.slice(p, p + l));
                    p += l;
                }
            }
            if self.byte(p) == quote {
                break;
            }
            while self.is_blank(p) || self.brk(p) > 0 {
                if self.is_blank(p) {
                    if !leading_blanks {
                        whitespaces.push(self.byte(p) as char);
                    }
                    p += 1;
                } else {
                    let text = self.break_text(p);
                    if leading_blanks {
                        trailing_breaks.push_str(text);
                    } else {
                        whitespaces.clear();
                        leading_break = text;
                        leading_blanks = true;
                    }
                    p += self.brk(p);
                }
            }
            if leading_blanks {
                if leading_break == "\n" {
                    if trailing_breaks.is_empty() {
                        s.push(' ');
                    } else {
                        s.push_str(&trailing_breaks);
                        trailing_breaks.clear();
                    }
                } else {
                    s.push_str(leading_break);
                    s.push_str(&trailing_breaks);
                    trailing_breaks.clear();
                }
                leading_break = "";
            } else {
                s.push_str(&whitespaces);
                whitespaces.clear();
            }
        }
        Ok((s, p + 1))
    }

    /// Decodes the escape sequence whose backslash is at `p`; returns the position after it.
    fn scan_escape(&self, p: usize, s: &mut String) -> PResult<usize> {
        let simple = match self.byte(p + 1) {
            b'0' => Some('\0'),
            b'a' => Some('\u{7}'),
            b'b' => Some('\u{8}'),
            b't' | b'\t' => Some('\t'),
            b'n' => Some('\n'),
            b'v' => Some('\u{b}'),
            b'f' => Some('\u{c}'),
            b'r' => Some('\r'),
            b'e' => Some('\u{1b}'),
            b' ' => Some(' '),
            b'"' => Some('"'),
            b'/' => Some('/'),
            b'\\' => Some('\\'),
            b'N' => Some('\u{85}'),
            b'_' => Some('\u{a0}'),
            b'L' => Some('\u{2028}'),
            b'P' => Some('\u{2029}'),
            _ => None,
        };
        if let Some(c) = simple {
            s.push(c);
            return Ok(p + 2);
        }
        let digits = match self.byte(p + 1) {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            _ => {
                let shown = self.slice(p, p + 1 + self.char_len(p + 1));
                return Err(self.err(
                    p,
                    format!("unknown escape sequence '{shown}' in a double-quoted scalar"),
                ));
            }
        };
        let mut value: u32 = 0;
        for k in 0..digits {
            let d = match (self.byte(p + 2 + k) as char).to_digit(16) {
                Some(d) => d,
                None => {
                    return Err(self.err(
                        p + 2 + k,
                        format!(
                            "expected {digits} hexadecimal digits after '\\{}'",
                            self.byte(p + 1) as char
                        ),
                    ));
                }
            };
            value = (value << 4) | d;
        }
        match char::from_u32(value) {
            Some(c) => s.push(c),
            None => {
                return Err(self.err(
                    p,
                    format!(
                        "escape '\\{}' is not a valid unicode character",
                        self.slice(p + 1, p + 2 + digits)
                    ),
                ));
            }
        }
        Ok(p + 2 + digits)
    }

    /// Scans a `|` or `>` block scalar at `start`. Returns the value, the span end
    /// (before the last line break taken), the style and the content indentation.
    fn scan_block_scalar(
        &self,
        start: usize,
        parent: isize,
    ) -> PResult<(String, usize, ScalarStyle, usize)> {
        let literal = self.byte(start) == b'|';
        let mut p = start + 1;
        let mut chomp = 0i8;
        let mut increment: isize = 0;
        for _ in 0..2 {
            match self.byte(p) {
                b'+' | b'-' if chomp == 0 => {
                    chomp = if self.byte(p) == b'+' { 1 } else { -1 };
                    p += 1;
                }
                b'0' if increment == 0 => {
                    return Err(self.err(p, "a block scalar indentation indicator cannot be 0"));
                }
                d @ b'1'..=b'9' if increment == 0 => {
                    increment = isize::from(d - b'0');
                    p += 1;
                }
                _ => break,
            }
        }
        p = self.skip_blanks(p);
        if self.byte(p) == b'#' {
            p = self.skip_to_breakz(p);
        }
        if !self.is_breakz(p) {
            return Err(self.err(
                p,
                "expected a comment or a line break after a block scalar header",
            ));
        }
        let mut end = p;
        p += self.brk(p);
        let mut indent: isize = if increment > 0 {
            if parent >= 0 {
                parent + increment
            } else {
                increment
            }
        } else {
            0
        };
        let mut s = String::new();
        let mut leading_break: &str = "";
        let mut trailing_breaks = String::new();
        let mut col =
            self.block_breaks(&mut p, &mut indent, &mut trailing_breaks, &mut end, parent)?;
        let mut leading_blank = false;
        while col == indent && !self.at_end(p) {
            let trailing_blank = self.is_blank(p);
            if !literal && leading_break == "\n" && !leading_blank && !trailing_blank {
                if trailing_breaks.is_empty() {
                    s.push(' ');
                }
            } else {
                s.push_str(leading_break);
            }
            leading_break = "";
            s.push_str(&trailing_breaks);
            trailing_breaks.clear();
            leading_blank = self.is_blank(p);
            let line_end = self.skip_to_breakz(p);
            s.push_str(self.slice(p, line_end));
            p = line_end;
            end = p;
            if self.at_end(p) {
                break;
            }
            leading_break = self.break_text(p);
            p += self.brk(p);
            col = self.block_breaks(&mut p, &mut indent, &mut trailing_breaks, &mut end, parent)?;
        }
        if chomp != -1 {
            s.push_str(leading_break);
        }
        if chomp == 1 {
            s.push_str(&trailing_breaks);
        }
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        Ok((s, end, style, usize::try_from(indent).unwrap_or(0)))
    }

    /// From a line start inside a block scalar: takes empty lines (fixing the
    /// indentation if it is still unknown) and returns the column reached.
    fn block_breaks(
        &self,
        p: &mut usize,
        indent: &mut isize,
        breaks: &mut String,
        end: &mut usize,
        parent: isize,
    ) -> PResult<isize> {
        let mut max_indent: isize = 0;
        let mut col: isize;
        loop {
            col = 0;
            while (*indent == 0 || col < *indent) && self.byte(*p) == b' ' {
                *p += 1;
                col += 1;
            }
            max_indent = max_indent.max(col);
            if (*indent == 0 || col < *indent) && self.byte(*p) == b'\t' {
                return Err(self.err(
                    *p,
                    "tab character used as block scalar indentation; indent with spaces",
                ));
            }
            let l = self.brk(*p);
            if l == 0 {
                break;
            }
            breaks.push_str(self.break_text(*p));
            *end = *p;
            *p += l;
        }
        if *indent == 0 {
            *indent = max_indent.max(parent + 1).max(1);
        }
        Ok(col)
    }
}

// ---------------------------------------------------------------------------
// JSON, resolving plain scalars as serde_yaml does
// ---------------------------------------------------------------------------

/// What a plain scalar means.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Resolved {
    Null,
    Bool(bool),
    UInt(u64),
    Int(i64),
    /// An integer beyond 64 bits, kept as a float.
    BigInt(f64),
    Float(f64),
    Str,
}

impl Resolved {
    fn kind(self) -> &'static str {
        match self {
            Resolved::Null => "null",
            Resolved::Bool(_) => "a boolean",
            Resolved::UInt(_) | Resolved::Int(_) | Resolved::BigInt(_) => "an integer",
            Resolved::Float(_) => "a float",
            Resolved::Str => "string",
        }
    }
}

/// Leading zeros followed by digits: a string in YAML 1.2.
fn digits_but_not_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    t.len() > 1 && t.starts_with('0') && t.bytes().skip(1).all(|b| b.is_ascii_digit())
}

fn parse_radix_unsigned<T>(
    s: &str,
    parse: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let unsigned = s.strip_prefix('+').unwrap_or(s);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(v) = parse(rest, radix) {
                return Some(v);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || digits_but_not_number(s) {
        return None;
    }
    parse(unsigned, 10).ok()
}

fn parse_radix_negative<T>(
    s: &str,
    parse: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = s.strip_prefix(prefix)
            && let Ok(v) = parse(&format!("-{rest}"), radix)
        {
            return Some(v);
        }
    }
    if digits_but_not_number(s) {
        return None;
    }
    parse(s, 10).ok()
}

fn parse_float(s: &str) -> Option<f64> {
    let unsigned = match s.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => s,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(s, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn resolve_plain(v: &str) -> Resolved {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        _ => {}
    }
    if let Some(u) = parse_radix_unsigned(v, u64::from_str_radix) {
        return Resolved::UInt(u);
    }
    if let Some(i) = parse_radix_negative(v, i64::from_str_radix) {
        return Resolved::Int(i);
    }
    if let Some(u) = parse_radix_unsigned(v, u128::from_str_radix) {
        return Resolved::BigInt(u as f64);
    }
    if let Some(i) = parse_radix_negative(v, i128::from_str_radix) {
        return Resolved::BigInt(i as f64);
    }
    if !digits_but_not_number(v)
        && let Some(f) = parse_float(v)
    {
        return Resolved::Float(f);
    }
    Resolved::Str
}

fn float_json(f: f64) -> serde_json::Value {
    serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

fn scalar_json(s: &Scalar) -> serde_json::Value {
    use serde_json::Value;
    if s.style != ScalarStyle::Plain {
        return Value::String(s.value.to_string());
    }
    match resolve_plain(&s.value) {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::UInt(u) => Value::from(u),
        Resolved::Int(i) => Value::from(i),
        Resolved::BigInt(f) | Resolved::Float(f) => float_json(f),
        Resolved::Str => Value::String(s.value.to_string()),
    }
}

/// The JSON object key for a mapping key, as `serde_json` stringifies what
/// `serde_yaml` reads; keys it cannot stringify keep their text.
fn key_string(k: &Scalar) -> String {
    if k.style != ScalarStyle::Plain {
        return k.value.to_string();
    }
    match resolve_plain(&k.value) {
        Resolved::Bool(b) => b.to_string(),
        Resolved::UInt(u) => u.to_string(),
        Resolved::Int(i) => i.to_string(),
        Resolved::Float(f) => match serde_json::Number::from_f64(f) {
            Some(n) => n.to_string(),
            None => k.value.to_string(),
        },
        Resolved::Null | Resolved::BigInt(_) | Resolved::Str => k.value.to_string(),
    }
}

/// The document as JSON, as `serde_yaml` reads it: mappings become objects (keys
/// in source order; a repeated key keeps its first position and takes the last
/// value), sequences arrays, quoted and block scalars strings, and plain scalars
/// are resolved to null, booleans, integers and floats by YAML 1.2 core rules
/// (`~`, `null`, `true`, `0x1F`, `1e3`, `.inf`, ...). NaN and infinities, which
/// JSON cannot hold, become null, as `serde_json::to_value` makes them.
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match node {
        Node::Null { .. } => Value::Null,
        Node::Scalar(s) => scalar_json(s),
        Node::Sequence(s) => Value::Array(s.items.iter().map(to_json).collect()),
        Node::Mapping(m) => {
            let mut map = serde_json::Map::new();
            for (k, v) in &m.entries {
                map.insert(key_string(k), to_json(v));
            }
            Value::Object(map)
        }
    }
}

// ---------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------

/// Applies non-overlapping `(range, replacement)` edits, given in any order, to
/// `src`. Bytes outside the ranges are copied unchanged.
pub fn apply_edits(src: &str, edits: &[(Range<usize>, String)]) -> Result<String, EditError> {
    let mut order: Vec<&(Range<usize>, String)> = edits.iter().collect();
    order.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(src.len());
    let mut at = 0usize;
    let mut prev: Option<&Range<usize>> = None;
    for (range, text) in order {
        if range.start > range.end || range.end > src.len() {
            return Err(EditError {
                span: range.clone(),
                message: "the range lies outside the source".into(),
            });
        }
        if !src.is_char_boundary(range.start) || !src.is_char_boundary(range.end) {
            return Err(EditError {
                span: range.clone(),
                message: "the range splits a character".into(),
            });
        }
        if let Some(p) = prev
            && (range.start < p.end || range.start == p.start)
        {
            return Err(EditError {
                span: range.clone(),
                message: format!("the edit overlaps another edit at {}..{}", p.start, p.end),
            });
        }
        out.push_str(src.get(at..range.start).unwrap_or(""));
        out.push_str(text);
        at = range.end;
        prev = Some(range);
    }
    out.push_str(src.get(at..).unwrap_or(""));
    Ok(out)
}

fn style_name(style: ScalarStyle) -> &'static str {
    match style {
        ScalarStyle::Plain => "plain",
        ScalarStyle::SingleQuoted => "single-quoted",
        ScalarStyle::DoubleQuoted => "double-quoted",
        ScalarStyle::Literal => "literal block",
        ScalarStyle::Folded => "folded block",
    }
}

fn is_line_break_char(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Returns the text to put at `scalar.span` so that the scalar reads `new_value`,
/// written in the scalar's style (quotes, block header and comment, indentation).
/// Only the bytes of the span change; apply the result with [`apply_edits`].
///
/// Fails, saying why, when that style cannot carry the value faithfully here: a
/// plain scalar that would need quotes (or would stop reading as a string), a
/// single-quoted scalar with spaces next to a line break, a control character
/// outside double quotes, a key over several lines, and so on. Every result is
/// checked by parsing the edited document, which must read exactly as before
/// except for this scalar. To edit many scalars of one file, [`rewrite_scalars`]
/// does the same with one check for the whole batch.
///
/// The text is written afresh: plain and double-quoted scalars on one line (a
/// double-quoted one escaping what it must), single-quoted ones over several
/// lines only where the value has line breaks. A block scalar keeps its
/// indicator, header comment and content indentation, and the blank lines that
/// followed its content; its chomping indicator changes when the new value ends
/// differently, and an indentation indicator is added when the value starts with
/// white space. [`replace_in_scalar`] keeps more of the old text.
pub fn rewrite_scalar(src: &str, scalar: &Scalar, new_value: &str) -> Result<String, EditError> {
    let mut edits = rewrite_scalars(src, &[(scalar, new_value)])?;
    match edits.pop() {
        Some((_, text)) => Ok(text),
        None => Err(EditError {
            span: scalar.span.clone(),
            message: "no edit was produced".into(),
        }),
    }
}

/// [`rewrite_scalar`] for several scalars of the same source at once: returns
/// one `(span, text)` edit per change, in the order given, ready for
/// [`apply_edits`]. The source is parsed once and the edited document once.
pub fn rewrite_scalars(
    src: &str,
    changes: &[(&Scalar, &str)],
) -> Result<Vec<(Range<usize>, String)>, EditError> {
    let editor = Editor::new(src, changes.first().map(|(s, _)| s.span.clone()))?;
    let mut planned = Vec::with_capacity(changes.len());
    for (scalar, value) in changes {
        let text = editor.emit(scalar, value)?;
        planned.push(Planned {
            target: (*scalar).clone(),
            text,
            value: (*value).to_string(),
        });
    }
    editor.verify(&planned)?;
    Ok(planned
        .into_iter()
        .map(|p| (p.target.span, p.text))
        .collect())
}

/// Like [`rewrite_scalar`] with the value `scalar.value.replace(from, to)`, but
/// first tries replacing `from` inside the token's source text, which keeps the
/// token's own line breaks, escapes and indentation when that reads back right
/// (a URL inside a long multi-line `body_text`, say).
pub fn replace_in_scalar(
    src: &str,
    scalar: &Scalar,
    from: &str,
    to: &str,
) -> Result<String, EditError> {
    let mut edits = replace_in_scalars(src, &[scalar], from, to)?;
    match edits.pop() {
        Some((_, text)) => Ok(text),
        None => Err(EditError {
            span: scalar.span.clone(),
            message: "no edit was produced".into(),
        }),
    }
}

/// [`replace_in_scalar`] for several scalars of the same source at once; returns
/// one `(span, text)` edit per scalar, in the order given.
pub fn replace_in_scalars(
    src: &str,
    scalars: &[&Scalar],
    from: &str,
    to: &str,
) -> Result<Vec<(Range<usize>, String)>, EditError> {
    let editor = Editor::new(src, scalars.first().map(|s| s.span.clone()))?;
    let mut plan = Vec::with_capacity(scalars.len());
    for scalar in scalars {
        let fail = |message: &str| EditError {
            span: scalar.span.clone(),
            message: message.to_string(),
        };
        if from.is_empty() {
            return Err(fail("the text to replace is empty"));
        }
        let raw = src
            .get(scalar.span.clone())
            .ok_or_else(|| fail("the scalar's span lies outside the source"))?;
        plan.push(Planned {
            target: (*scalar).clone(),
            text: raw.replace(from, to),
            value: scalar.value.replace(from, to),
        });
    }
    if editor.verify(&plan).is_err() {
        // Some tokens cannot take the replacement as text: write those anew.
        for one in &mut plan {
            if editor.verify(std::slice::from_ref(one)).is_err() {
                one.text = editor.emit(&one.target, &one.value)?;
            }
        }
        editor.verify(&plan)?;
    }
    Ok(plan.into_iter().map(|p| (p.target.span, p.text)).collect())
}

/// A scalar edit waiting to be checked.
struct Planned {
    target: Scalar,
    text: String,
    value: String,
}

/// A parsed source that edits are written for and checked against.
struct Editor<'a> {
    src: &'a str,
    root: Node,
    infos: Vec<ScalarInfo>,
}

impl<'a> Editor<'a> {
    fn new(src: &'a str, span: Option<Range<usize>>) -> Result<Editor<'a>, EditError> {
        let (root, infos) = parse_with_info(src).map_err(|e| EditError {
            span: span.unwrap_or(0..0),
            message: format!("the source does not parse: {e}"),
        })?;
        Ok(Editor { src, root, infos })
    }

    /// The replacement text for one scalar, not yet checked.
    fn emit(&self, scalar: &Scalar, new_value: &str) -> Result<String, EditError> {
        let fail = |message: String| EditError {
            span: scalar.span.clone(),
            message,
        };
        let src = self.src;
        let info = self
            .infos
            .binary_search_by_key(&scalar.span.start, |i| i.start)
            .ok()
            .and_then(|i| self.infos.get(i))
            .copied()
            .ok_or_else(|| fail("no scalar of this source starts at this offset".into()))?;
        if info.key
            && scalar.style != ScalarStyle::DoubleQuoted
            && new_value.chars().any(is_line_break_char)
        {
            return Err(fail(
                "a mapping key must fit on one line; only a double-quoted key can hold a line break"
                    .into(),
            ));
        }
        if scalar.style == ScalarStyle::Plain {
            let old = resolve_plain(&scalar.value);
            let new = resolve_plain(new_value);
            if old == Resolved::Str && new != Resolved::Str {
                return Err(fail(format!(
                    "the plain value '{new_value}' would read as {}, not a string; use a quoted style",
                    new.kind()
                )));
            }
        }
        let line_start = src.get(..scalar.span.start).is_some_and(|before| {
            before.is_empty() || before == "\u{feff}" || before.ends_with(is_line_break_char)
        });
        match scalar.style {
            ScalarStyle::Plain => emit_plain(new_value, info.flow, line_start),
            ScalarStyle::SingleQuoted => emit_single(new_value, info),
            ScalarStyle::DoubleQuoted => Ok(emit_double(new_value)),
            ScalarStyle::Literal | ScalarStyle::Folded => emit_block(src, scalar, info, new_value),
        }
        .map_err(fail)
    }

    /// Checks that the edits make a document that reads like the source except
    /// that each target now reads its new value, in the same style.
    fn verify(&self, planned: &[Planned]) -> Result<(), EditError> {
        let Some(first) = planned.first() else {
            return Ok(());
        };
        let edits: Vec<(Range<usize>, String)> = planned
            .iter()
            .map(|p| (p.target.span.clone(), p.text.clone()))
            .collect();
        let edited = apply_edits(self.src, &edits)?;
        let mut check = Check {
            planned,
            by_start: planned
                .iter()
                .enumerate()
                .map(|(i, p)| (p.target.span.start, i))
                .collect(),
            found: 0,
            failed: None,
        };
        let outcome = match parse(&edited) {
            Ok(new_root) => match check.nodes(&self.root, &new_root) {
                Ok(()) if check.found == planned.len() => return Ok(()),
                Ok(()) => "the scalar is not part of this source".to_string(),
                Err(message) => message,
            },
            Err(e) => format!("the edited document would not parse: {}", e.message),
        };
        if planned.len() > 1 {
            // Report the edit that fails on its own.
            for one in planned {
                self.verify(std::slice::from_ref(one))?;
            }
        }
        let culprit = check.failed.and_then(|i| planned.get(i)).unwrap_or(first);
        Err(EditError {
            span: culprit.target.span.clone(),
            message: outcome,
        })
    }
}

/// Walks the old and the edited tree side by side.
struct Check<'p> {
    planned: &'p [Planned],
    by_start: std::collections::HashMap<usize, usize>,
    found: usize,
    failed: Option<usize>,
}

impl Check<'_> {
    fn scalars(&mut self, a: &Scalar, b: &Scalar) -> Result<(), String> {
        let hit = self
            .by_start
            .get(&a.span.start)
            .copied()
            .and_then(|i| self.planned.get(i).map(|p| (i, p)));
        let Some((index, plan)) = hit else {
            if a.value != b.value || a.style != b.style {
                return Err("the new value would change how the rest of the document reads".into());
            }
            return Ok(());
        };
        self.failed = Some(index);
        if a.span != plan.target.span
            || a.value != plan.target.value
            || a.style != plan.target.style
        {
            return Err("the scalar does not match the source at its span".into());
        }
        self.found += 1;
        if b.style != a.style {
            return Err(format!(
                "the new value would read back as a {} scalar, not {}",
                style_name(b.style),
                style_name(a.style)
            ));
        }
        if b.value != plan.value {
            return Err(format!(
                "in {} style the new value would read back as {:?}",
                style_name(a.style),
                b.value
            ));
        }
        if a.style == ScalarStyle::Plain {
            let new = resolve_plain(&b.value);
            if resolve_plain(&a.value) == Resolved::Str && new != Resolved::Str {
                return Err(format!(
                    "the plain value '{}' would read as {}, not a string; use a quoted style",
                    b.value,
                    new.kind()
                ));
            }
        }
        self.failed = None;
        Ok(())
    }

    fn nodes(&mut self, a: &Node, b: &Node) -> Result<(), String> {
        const CHANGED: &str = "the new value would change the structure of the document";
        match (a, b) {
            (Node::Null { .. }, Node::Null { .. }) => Ok(()),
            (Node::Scalar(x), Node::Scalar(y)) => self.scalars(x, y),
            (Node::Sequence(x), Node::Sequence(y)) => {
                if x.flow != y.flow || x.items.len() != y.items.len() {
                    return Err(CHANGED.into());
                }
                for (i, j) in x.items.iter().zip(&y.items) {
                    self.nodes(i, j)?;
                }
                Ok(())
            }
            (Node::Mapping(x), Node::Mapping(y)) => {
                if x.flow != y.flow || x.entries.len() != y.entries.len() {
                    return Err(CHANGED.into());
                }
                for ((k1, v1), (k2, v2)) in x.entries.iter().zip(&y.entries) {
                    self.scalars(k1, k2)?;
                    self.nodes(v1, v2)?;
                }
                Ok(())
            }
            _ => Err(CHANGED.into()),
        }
    }
}

fn emit_plain(v: &str, flow: bool, line_start: bool) -> Result<String, String> {
    let Some(first) = v.chars().next() else {
        return Err("a plain scalar cannot be empty; use a quoted style".into());
    };
    if let Some(c) = v.chars().find(|&c| !is_printable(c) || c == '\u{feff}') {
        return Err(format!(
            "a plain scalar cannot hold U+{:04X}; use double quotes",
            c as u32
        ));
    }
    if v.chars().any(is_line_break_char) {
        return Err("a plain scalar cannot hold a line break".into());
    }
    if v.starts_with([' ', '\t']) || v.ends_with([' ', '\t']) {
        return Err("a plain scalar cannot start or end with white space".into());
    }
    let second = v.chars().nth(1);
    let blank_next = second.is_none_or(|c| c == ' ' || c == '\t');
    let bad_start = match first {
        '-' => blank_next,
        '?' | ':' => blank_next || flow,
        ',' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%'
        | '@' | '`' => true,
        _ => false,
    };
    if bad_start {
        return Err(format!("a plain scalar cannot start with '{first}'"));
    }
    if v.contains(": ") || v.contains(":\t") || v.ends_with(':') {
        return Err("a plain scalar cannot contain ': ' or end with ':'".into());
    }
    if v.contains(" #") || v.contains("\t#") {
        return Err("a plain scalar cannot contain ' #', which starts a comment".into());
    }
    if line_start
        && (v.starts_with("---") || v.starts_with("..."))
        && v.chars().nth(3).is_none_or(|c| c == ' ' || c == '\t')
    {
        return Err("at the start of a line a plain scalar cannot be '---' or '...'".into());
    }
    if flow && v.chars().any(|c| matches!(c, ',' | '[' | ']' | '{' | '}')) {
        return Err(
            "inside a flow collection a plain scalar cannot contain ',', '[', ']', '{' or '}'"
                .into(),
        );
    }
    Ok(v.to_string())
}

fn emit_double(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\t' => out.push('\t'),
            c if !is_printable(c) || c == '\u{feff}' => {
                let n = c as u32;
                if n <= 0xFF {
                    out.push_str(&format!("\\x{n:02X}"));
                } else if n <= 0xFFFF {
                    out.push_str(&format!("\\u{n:04X}"));
                } else {
                    out.push_str(&format!("\\U{n:08X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn emit_single(v: &str, info: ScalarInfo) -> Result<String, String> {
    if let Some(c) = v
        .chars()
        .find(|&c| !is_printable(c) || c == '\u{feff}' || (is_line_break_char(c) && c != '\n'))
    {
        return Err(format!(
            "a single-quoted scalar cannot hold U+{:04X}; use double quotes",
            c as u32
        ));
    }
    let pieces: Vec<&str> = v.split('\n').collect();
    let last = pieces.len().saturating_sub(1);
    for (i, piece) in pieces.iter().enumerate() {
        if (i > 0 && piece.starts_with([' ', '\t'])) || (i < last && piece.ends_with([' ', '\t'])) {
            return Err("a single-quoted scalar cannot keep spaces or tabs next to a line break; use double quotes".into());
        }
    }
    let indent = " ".repeat(usize::try_from(info.parent.max(0)).unwrap_or(0) + 2);
    let mut out = String::from("'");
    let mut rest = v;
    loop {
        match rest.find('\n') {
            None => {
                out.push_str(&rest.replace('\'', "''"));
                break;
            }
            Some(i) => {
                out.push_str(&rest.get(..i).unwrap_or("").replace('\'', "''"));
                let after = rest.get(i..).unwrap_or("");
                let run = after.len() - after.trim_start_matches('\n').len();
                out.push_str(&"\n".repeat(run + 1));
                out.push_str(&indent);
                rest = after.get(run..).unwrap_or("");
            }
        }
    }
    out.push('\'');
    Ok(out)
}

fn emit_block(src: &str, scalar: &Scalar, info: ScalarInfo, v: &str) -> Result<String, String> {
    let b = src.as_bytes();
    let start = scalar.span.start;
    let end = scalar.span.end.min(b.len());
    let indicator = match b.get(start) {
        Some(&c @ (b'|' | b'>')) => c as char,
        _ => return Err("the span does not start with a block scalar header".into()),
    };
    let literal = indicator == '|';
    // Header: indicator, up to two indicator characters, then the rest of the line.
    let mut p = start + 1;
    let mut orig_chomp = None;
    let mut orig_inc = None;
    let mut order_inc_first = false;
    while p < start + 3 {
        match b.get(p) {
            Some(&c @ (b'+' | b'-')) if orig_chomp.is_none() => orig_chomp = Some(c as char),
            Some(&c @ b'1'..=b'9') if orig_inc.is_none() => {
                orig_inc = Some(c - b'0');
                order_inc_first = orig_chomp.is_none();
            }
            _ => break,
        }
        p += 1;
    }
    let mut header_end = p;
    while header_end < end && break_len(b, header_end) == 0 {
        header_end += 1;
    }
    let header_rest = src.get(p..header_end).unwrap_or("");

    if let Some(c) = v
        .chars()
        .find(|&c| !is_printable(c) || c == '\u{feff}' || (is_line_break_char(c) && c != '\n'))
    {
        return Err(format!(
            "a {} scalar cannot hold U+{:04X}; use double quotes",
            style_name(scalar.style),
            c as u32
        ));
    }
    let body = v.trim_end_matches('\n');
    let trailing = v.len() - body.len();
    let pieces: Vec<&str> = if body.is_empty() {
        Vec::new()
    } else {
        body.split('\n').collect()
    };
    let ci = info.indent.max(1);

    let needs_indicator = pieces
        .iter()
        .find(|piece| !piece.is_empty())
        .is_some_and(|piece| piece.starts_with([' ', '\t']));
    let inc = match orig_inc {
        Some(d) => Some(d),
        None if needs_indicator => {
            let base = if info.parent >= 0 { info.parent } else { 0 };
            let d = isize::try_from(ci)
                .unwrap_or(isize::MAX)
                .saturating_sub(base);
            match u8::try_from(d) {
                Ok(d @ 1..=9) => Some(d),
                _ => return Err("the value starts with white space, which needs an indentation indicator this block cannot have".into()),
            }
        }
        None => None,
    };
    let chomp = if trailing == 0 {
        if body.is_empty() && orig_chomp != Some('+') {
            orig_chomp
        } else {
            Some('-')
        }
    } else if trailing == 1 && !body.is_empty() && orig_chomp != Some('+') {
        None
    } else {
        Some('+')
    };

    let mut out = String::new();
    out.push(indicator);
    let inc_text = inc.map(|d| char::from(b'0' + d));
    if order_inc_first || orig_chomp.is_none() {
        out.extend(inc_text);
        out.extend(chomp);
    } else {
        out.extend(chomp);
        out.extend(inc_text);
    }
    out.push_str(header_rest);

    let pad = " ".repeat(ci);
    let mut lines: Vec<String> = Vec::new();
    if literal {
        for piece in &pieces {
            lines.push(if piece.is_empty() {
                String::new()
            } else {
                format!("{pad}{piece}")
            });
        }
    } else {
        let normal = |s: &str| !s.starts_with([' ', '\t']);
        let mut prev: Option<(usize, &str)> = None;
        for (i, piece) in pieces.iter().enumerate() {
            if piece.is_empty() {
                continue;
            }
            let empties = match prev {
                None => i,
                Some((j, before)) => {
                    let gap = i - j;
                    if normal(before) && normal(piece) {
                        gap
                    } else {
                        gap - 1
                    }
                }
            };
            lines.extend(std::iter::repeat_n(String::new(), empties));
            lines.push(format!("{pad}{piece}"));
            prev = Some((i, piece));
        }
    }
    for line in &lines {
        out.push('\n');
        out.push_str(line);
    }
    let keep = chomp == Some('+');
    if keep {
        let extra = if body.is_empty() {
            trailing
        } else {
            trailing.saturating_sub(1)
        };
        out.push_str(&"\n".repeat(extra));
    } else if orig_chomp != Some('+') {
        // Keep the blank lines that followed the old content.
        let mut tail_start = header_end;
        let mut q = header_end;
        while q < end {
            let line_start = q + break_len(b, q).max(1);
            let mut line_end = line_start;
            while line_end < end && break_len(b, line_end) == 0 {
                line_end += 1;
            }
            let line = src.get(line_start..line_end).unwrap_or("");
            let spaces = line.len() - line.trim_start_matches(' ').len();
            if !(spaces == line.len() && spaces <= ci) {
                tail_start = line_end;
            }
            q = line_end;
        }
        out.push_str(src.get(tail_start..end).unwrap_or(""));
    }
    let final_break = break_len(b, end) > 0;
    if !final_break && (trailing > 0 || keep) {
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(src: &str) -> Node {
        parse(src).unwrap_or_else(|e| panic!("{e}\n--- source ---\n{src}"))
    }

    fn j(src: &str) -> serde_json::Value {
        to_json(&p(src))
    }

    fn serde_json_of(src: &str) -> Result<serde_json::Value, String> {
        let v: serde_yaml::Value = serde_yaml::from_str(src).map_err(|e| e.to_string())?;
        serde_json::to_value(v).map_err(|e| e.to_string())
    }

    /// Our JSON equals serde_yaml's, and every scalar span is right.
    fn agree(src: &str) {
        let theirs = serde_json_of(src).unwrap_or_else(|e| panic!("serde_yaml: {e}\n{src}"));
        let node = p(src);
        assert_eq!(to_json(&node), theirs, "source:\n{src}");
        check_spans(src, &node);
    }

    #[test]
    fn plain_scalars_read_whole_or_folded() {
        for src in [
            "a: one two  three\n",
            "a: one\tTab # comment\n",
            "a:   é ü  x\n",
            "a: one  two\n   three   four\n",
            "a: one\n\n   two\n\n\n   three\n",
            "- x y\n  z\n- [a b, c  d]\n",
            "k: first line \n  second\n",
        ] {
            agree(src);
        }
        assert_eq!(
            j("a: one  two\n   three   four\n"),
            serde_json::json!({"a": "one  two three   four"})
        );
    }

    fn err(src: &str) -> YamlError {
        match parse(src) {
            Ok(n) => panic!("expected an error, got {n:?}\n{src}"),
            Err(e) => e,
        }
    }

    fn sc<'a>(node: &'a Node, path: &[PathSeg]) -> &'a Scalar {
        node.at(path)
            .and_then(Node::as_scalar)
            .unwrap_or_else(|| panic!("no scalar at {path:?}"))
    }

    fn k(s: &str) -> PathSeg {
        PathSeg::Key(s.to_string())
    }

    fn i(n: usize) -> PathSeg {
        PathSeg::Index(n)
    }

    /// Every scalar's span, sliced out of the source and read on its own, gives
    /// back the scalar's value and style.
    pub(super) fn check_spans(src: &str, node: &Node) {
        visit_scalars(node, &mut |_, s, _| {
            let slice = src
                .get(s.span.clone())
                .unwrap_or_else(|| panic!("bad span {:?}", s.span));
            match s.style {
                ScalarStyle::Plain => {
                    assert!(
                        !slice.starts_with([' ', '\t']) && !slice.ends_with([' ', '\t', '\n']),
                        "{slice:?}"
                    );
                }
                ScalarStyle::SingleQuoted => {
                    assert!(slice.starts_with('\'') && slice.ends_with('\'') && slice.len() >= 2)
                }
                ScalarStyle::DoubleQuoted => {
                    assert!(slice.starts_with('"') && slice.ends_with('"') && slice.len() >= 2)
                }
                ScalarStyle::Literal => assert!(slice.starts_with('|')),
                ScalarStyle::Folded => assert!(slice.starts_with('>')),
            }
            if slice.starts_with('\u{feff}') || slice.starts_with("---") || slice.starts_with("...")
            {
                return; // a byte-order mark or document marker at the start of a document
            }
            if s.style == ScalarStyle::Plain && slice.ends_with(':') {
                return; // `a:` is a key only where a space or a line end follows it
            }
            if s.style == ScalarStyle::Plain && matches!(slice, "?" | "-") {
                return; // `?:` starts with a scalar, but a lone `?` or `-` is an indicator
            }
            let mut alone = slice.to_string();
            if matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded) {
                let header: String = slice
                    .chars()
                    .take_while(|c| !matches!(c, '\n' | '\r'))
                    .collect();
                if header.chars().any(|c| c.is_ascii_digit()) {
                    return; // an indentation indicator is relative to the parent
                }
                let rest = src.get(s.span.end..).unwrap_or("");
                // The span stops before the line break that ends the block, and a
                // block read alone needs that break (any of YAML 1.1's five) back.
                if rest.starts_with("\r\n") {
                    alone.push_str("\r\n");
                } else if let Some(c) = rest.chars().next().filter(|&c| is_line_break_char(c)) {
                    alone.push(c);
                }
            }
            match parse(&alone) {
                Ok(Node::Scalar(t)) => {
                    assert_eq!(t.value, s.value, "span {:?} of\n{src}", s.span);
                    assert_eq!(t.style, s.style);
                    assert_eq!(t.span, 0..slice.len(), "span {:?} of\n{src}", s.span);
                }
                other => panic!(
                    "span {:?} = {slice:?} reads alone as {other:?}\n{src}",
                    s.span
                ),
            }
        });
    }

    /// Rewrites the scalar at `path` (the key itself when `key` is set), checks the
    /// round trip and returns the edited source.
    fn edit_at(
        src: &str,
        path: &[PathSeg],
        key: Option<&str>,
        new_value: &str,
    ) -> Result<String, EditError> {
        let root = p(src);
        let target = match key {
            Some(name) => root
                .at(path)
                .and_then(Node::as_mapping)
                .and_then(|m| m.entry(name))
                .map(|(k, _)| k.clone())
                .expect("key"),
            None => sc(&root, path).clone(),
        };
        let text = rewrite_scalar(src, &target, new_value)?;
        let out = apply_edits(src, &[(target.span.clone(), text.clone())]).expect("apply");
        assert_round_trip(src, &out, &target, &text, path, key, new_value);
        Ok(out)
    }

    fn assert_round_trip(
        src: &str,
        out: &str,
        target: &Scalar,
        text: &str,
        path: &[PathSeg],
        key: Option<&str>,
        new_value: &str,
    ) {
        let span = target.span.clone();
        assert_eq!(out.get(..span.start), src.get(..span.start));
        assert_eq!(out.get(span.start + text.len()..), src.get(span.end..));
        let again = parse(out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        let got = match key {
            Some(_) => {
                let m = again.at(path).and_then(Node::as_mapping).expect("mapping");
                m.entries
                    .iter()
                    .find(|(k, _)| k.span.start == span.start)
                    .map(|(k, _)| k.clone())
                    .expect("edited key")
            }
            None => sc(&again, path).clone(),
        };
        assert_eq!(got.value, new_value, "edited:\n{out}");
        assert_eq!(got.style, target.style);
        assert_eq!(got.span.start, span.start);
        // A block scalar rewritten at the end of the input may bring its own final line break.
        let own = text.get(got.span.end - span.start..).unwrap_or("x");
        assert!(
            own.is_empty()
                || (own == "\n" && matches!(got.style, ScalarStyle::Literal | ScalarStyle::Folded)),
            "{text:?} vs {:?}",
            got.span
        );
        check_spans(out, &again);
        if let Ok(theirs) = serde_json_of(out) {
            assert_eq!(to_json(&again), theirs, "edited:\n{out}");
        }
    }

    // --- block structure ---------------------------------------------------

    #[test]
    fn block_mappings_and_sequences() {
        let src = "a: 1\nb:\n  c: x\n  d:\n    - 1\n    - two\ne: end\n";
        agree(src);
        let n = p(src);
        assert_eq!(
            n.get("b").and_then(|b| b.get("c")).and_then(Node::as_str),
            Some("x")
        );
        assert_eq!(sc(&n, &[k("b"), k("d"), i(1)]).span, 34..37);
        assert_eq!(n.span(), 0..src.len() - 1);
    }

    #[test]
    fn compact_and_indentless_sequences() {
        agree(
            "- explore: comments\n  joins:\n    - join: headlines\n      foreign_key: headline_id\n",
        );
        agree("a:\n- 1\n- 2\nb:\n  - 3\n");
        agree("- a:\n  - x\n  b: c\n- d\n");
        agree("- - a\n  - b\n- - c\n");
        agree("-   a: 1\n    b: 2\n");
        agree("- a\n-\n- # c\n- b\n");
        agree("key:\n      - deep\n      - er\nnext: 1\n");
        agree("  a: 1\n  b: 2\n");
        let n = p("a:\n- x\n- y\n");
        let seq = n.get("a").and_then(Node::as_sequence).expect("seq");
        assert!(!seq.flow);
        assert_eq!(seq.span, 3..10);
    }

    #[test]
    fn legacy_lookml_model_and_view() {
        let model = "# x.model.lookml\n- connection: headline_smasher\n- scoping: true\n- include: \"*.view.lookml\"\n- include: \"*.dashboard.lookml\"\n\n- explore: comments\n  joins:\n    - join: headlines\n      foreign_key: headline_id\n";
        agree(model);
        let n = p(model);
        let conn = sc(&n, &[i(0), k("connection")]);
        assert_eq!(conn.value, "headline_smasher");
        assert_eq!(model.get(conn.span.clone()), Some("headline_smasher"));
        let view = "- view: users\n  fields:\n  - dimension: id\n    primary_key: true\n    type: int\n    sql: ${TABLE}.id\n  - dimension_group: created\n    type: time\n    timeframes: [time, date, week, month]\n    sql: ${TABLE}.created_at\n  - measure: count\n    type: count\n    detail: detail*\n  sets:\n    detail: [id, comments.count]\n";
        agree(view);
        let n = p(view);
        assert_eq!(
            sc(&n, &[i(0), k("fields"), i(1), k("timeframes"), i(3)]).value,
            "month"
        );
        assert_eq!(
            sc(&n, &[i(0), k("fields"), i(0), k("sql")]).value,
            "${TABLE}.id"
        );
    }

    const DASHBOARD: &str = "- dashboard: sales_overview   # the main one\n  title: \"Sales Overview\"\n  layout: newspaper\n  preferred_viewer: dashboards-next\n\n  filters:\n  - name: date\n    type: field_filter\n    model:   ecommerce\n    explore: order_items\n    field: order_items.created_date\n    listens_to_filters: []\n\n  elements:\n  - name: total\n    type: single_value\n    model: 'ecommerce'\n    explore: order_items\n    fields: [order_items.total_revenue]\n    limit: 500\n    listen:\n      date: order_items.created_date\n  - name: note\n    type: text\n    title_text: Links\n    body_text: |\n      <a href=\"/dashboards/ecommerce::sales_overview\">Sales</a>\n      <a href=\"/explore/ecommerce/order_items\">Explore</a>\n  - name: merged\n    merged_queries:\n    - model: \"ecommerce\"\n      explore: orders\n    - {model: ecommerce, explore: users}\n";

    #[test]
    fn lookml_dashboard() {
        agree(DASHBOARD);
        let n = p(DASHBOARD);
        let d = n.item(0).expect("dashboard");
        assert_eq!(
            d.get("dashboard").and_then(Node::as_str),
            Some("sales_overview")
        );
        assert_eq!(
            sc(d, &[k("filters"), i(0), k("model")]).style,
            ScalarStyle::Plain
        );
        assert_eq!(
            sc(d, &[k("elements"), i(0), k("model")]).style,
            ScalarStyle::SingleQuoted
        );
        assert_eq!(sc(d, &[k("elements"), i(0), k("limit")]).value, "500");
        assert_eq!(to_json(d)["elements"][0]["limit"], serde_json::json!(500));
        let body = sc(d, &[k("elements"), i(1), k("body_text")]);
        assert_eq!(body.style, ScalarStyle::Literal);
        assert!(
            body.value
                .starts_with("<a href=\"/dashboards/ecommerce::sales_overview\">")
        );
        assert!(body.value.ends_with("Explore</a>\n"));
        let mut models = Vec::new();
        walk(&n, &mut |path, node| {
            if let (Some(PathSeg::Key(key)), Node::Scalar(s)) = (path.last(), node)
                && key == "model"
            {
                models.push((s.value.clone(), s.style));
            }
        });
        assert_eq!(models.len(), 4);
        assert!(models.iter().all(|(v, _)| v == "ecommerce"));
    }

    #[test]
    fn rename_model_everywhere_in_a_dashboard() {
        let root = p(DASHBOARD);
        let mut edits = Vec::new();
        visit_scalars(&root, &mut |path, s, is_key| {
            let last = path.last();
            if !is_key && last == Some(&PathSeg::Key("model".into())) {
                edits.push((
                    s.span.clone(),
                    rewrite_scalar(DASHBOARD, s, "ecommerce_alice").expect("model"),
                ));
            }
            if !is_key && last == Some(&PathSeg::Key("body_text".into())) {
                let t =
                    replace_in_scalar(DASHBOARD, s, "ecommerce", "ecommerce_alice").expect("body");
                edits.push((s.span.clone(), t));
            }
        });
        assert_eq!(edits.len(), 5);
        let out = apply_edits(DASHBOARD, &edits).expect("apply");
        let expected = DASHBOARD
            .replace("model:   ecommerce", "model:   ecommerce_alice")
            .replace("model: 'ecommerce'", "model: 'ecommerce_alice'")
            .replace("model: \"ecommerce\"", "model: \"ecommerce_alice\"")
            .replace("{model: ecommerce,", "{model: ecommerce_alice,")
            .replace("/dashboards/ecommerce::", "/dashboards/ecommerce_alice::")
            .replace("/explore/ecommerce/", "/explore/ecommerce_alice/");
        assert_eq!(out, expected);
        assert_eq!(serde_json_of(&out).expect("serde"), j(&out));
    }

    // --- scalars -----------------------------------------------------------

    #[test]
    fn plain_scalars() {
        agree("a: b #c\nd: b# c\ne: http://x:y\nf: -b\ng: :b\nh: ?b\ni: a:b\nj: x, y]\n");
        agree("a: plain\n  multi\n line\n\n  end\nb: 1\n");
        agree("- a\n - b\n");
        agree("--- a\n  b\n");
        agree("a\n");
        agree("a: b\tc\t\nd: x\t# t\n");
        agree("key  : v\n\"q\" : w\n");
        agree("a: é ☃ 𝄞\n");
        let n = p("a: some  spaced   words   # trailing\n");
        let s = sc(&n, &[k("a")]);
        assert_eq!(s.value, "some  spaced   words");
        assert_eq!(s.span, 3..23);
    }

    #[test]
    fn quoted_scalars() {
        agree("a: 'it''s'\nb: \"say \\\"hi\\\"\"\n");
        agree("a: \"\\x41\\u263A\\U0001F600\\0\\a\\b\\e\\f\\v\\N\\_\\L\\P\\ \\/\\t\t|\"\n");
        agree("a: \"one  \n  two\n\n   three \\\n     four\\\n five\"\n");
        agree("a: 'one  \n  two\n\n   three'\n");
        agree("'a''b': 'multi\n  line'\n");
        agree("a: \"x\"  \nb: 'y'\t\nc: \"z\"# comment\n");
        agree("a: 'x\n  ---\n  y'\n");
        agree("a: \"\"\nb: ''\n");
        agree("a: \"\\\\server\\\\share\"\n");
    }

    #[test]
    fn block_scalars() {
        agree("a: | # c\n  x\nb: |+\n  y\n\n\nc: |-\n  z\n\nd: |\n\ne: >+\n\nf: x\n");
        agree("a: >\n  one\n  two\n\n  three\n   more\n  back\n");
        agree("a: |2\n   x\n  y\n");
        agree("- |1\n  x\n");
        agree("|2\n  x\n");
        agree("--- >-\n x\n y\n");
        agree("a: |\n  x\n  # not a comment\n # a comment\nb: 1\n");
        agree("a: >\n  x\n  \n  y\n");
        agree("a: |\n  x\n     \n  y\n");
        agree("a: |\n  trailing spaces   \n  \ttab inside\n");
        agree("a: >-\n\n  leading blank\n  folded\n\n\n  kept\n   indented\n  tail\n");
        agree("- a: |\n    in a seq map\n  b: >2\n     more\n    x\n");
        agree("a: |\n  no final newline");
        agree("a: |+\n  keep at eof\n\n");
        agree("a: |\n");
        agree("a: >\n");
        // libyaml accepts a block scalar at its key's or entry's own column.
        agree("a:\n|\n x\nb: 1\n");
        agree("-\n>\n  y\n- z\n");
        agree("  k:\n  >-\n   v\n  m: 1\n");
        let src = "a: |\n  x\n\n\nb: 1\n";
        let n = p(src);
        let s = sc(&n, &[k("a")]);
        assert_eq!(s.value, "x\n");
        assert_eq!(src.get(s.span.clone()), Some("|\n  x\n\n"));
    }

    #[test]
    fn flow_collections() {
        agree("[http://x, a:b, c: d]\n");
        agree("{a: b, c, \"d\":e, f: [1, 2], }\n");
        agree("[a, b, ]\n");
        agree("[a: b, c]\n");
        agree("a: [b,\nc]\n");
        agree("a: [b\n  c, d # comment\n  ]\n");
        agree(
            "a: [b, {c: d, e: [f]}]\n- x\n"
                .split("- x")
                .next()
                .unwrap_or(""),
        );
        agree("- [a, b]\n- {c: d}\n");
        agree("a: [\n  b,\n  c\n]\n");
        agree("[a\n# c\n, b]\n");
        agree("a: { }\nb: [ ]\nc: {b: }\nd: {b}\ne: [b: ]\n");
        agree("[a, b: [c]]\n");
        agree("{a:b}\n");
        agree("{\"a\" : b, c : d}\n");
        agree("a: {x: 1,\n  y: 2}\nb: c\n");
        agree("[ 'q', \"r\", 'multi\n  line' ]\n");
        let n = p("a: [x, {y: z}]\n");
        let seq = n.get("a").and_then(Node::as_sequence).expect("seq");
        assert!(seq.flow);
        assert_eq!(seq.span, 3..14);
        assert_eq!(n.at(&[k("a"), i(1)]).map(Node::span), Some(7..13));
    }

    #[test]
    fn comments_everywhere() {
        agree(
            "# head\n\na: 1 # one\n  # indented comment\n# flush comment\nb:   # nothing yet\n  # between\n  c: 2\n\n\n# tail\n",
        );
        agree("- a # c\n# c\n-   # c\n  b\n");
        agree("a:\n  # c\n  b: 1\n");
    }

    #[test]
    fn document_markers_bom_and_line_breaks() {
        agree("---\na: 1\n...\n");
        agree("--- # c\na: 1\n... # c\n");
        agree("{}\n...\n...\n");
        agree("%YAML 1.2\n---\na: 1\n");
        agree("--- |\n  x\n");
        agree("--- {a: b}\n");
        agree("--- \"x\"\n");
        agree("\u{feff}a: 1\n");
        agree("a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  l1\r\n  l2\r\nd: \"q\r\n  r\"\r\n");
        agree("a: 'x\u{2028}  y'\nb: |\n  x\u{2028}  y\n");
        agree("a: >\n  one\u{85}  two\n");
        // A block ended by a YAML 1.1 line break other than `\n` at the end of input.
        agree("|\n\u{2028}");
        agree("a: >\n  x\n\u{85}");
        check_spans("?: #", &p("?: #"));
        check_spans("-: x", &p("-: x"));
        assert!(p("").is_null());
        assert!(p("# only a comment\n").is_null());
        assert!(p("---\n...\n").is_null());
        assert_eq!(p("\u{feff}a: 1").span(), 3..7);
        let crlf = p("a: 1\r\nb: two\r\n");
        assert_eq!(sc(&crlf, &[k("b")]).span, 9..12);
    }

    #[test]
    fn to_json_resolves_plain_scalars_like_serde_yaml() {
        agree(
            "a: [1_000, 1e3, .5, +1, 1., -0, inf, nan, NaN, .NaN, -.inf, 0o17, 0b11, 012, -012, 0.1e-1, +.inf, 1e400, 0x, -0x10, +0x10]\n",
        );
        agree(
            "a: [true, True, TRUE, tRue, false, yes, no, on, off, y, n, ~, null, Null, NULL, nULL]\n",
        );
        agree(
            "a: [18446744073709551615, -9223372036854775808, 1.7976931348623157e308, -0.0, 0.0, 007, 0x_1, 1__0]\n",
        );
        agree("0x10: a\n1.5: b\ntrue: c\n12: d\n'13': e\n1e2: f\n");
        agree("a: \"true\"\nb: '1'\nc: |\n  1\n");
        assert_eq!(j("a: 99999999999999999999\n")["a"], serde_json::json!(1e20));
        assert_eq!(j("~: a\n"), serde_json::json!({"~": "a"}));
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let n = p("a: 1\nb: 2\na: 3\n");
        let m = n.as_mapping().expect("map");
        assert_eq!(m.entries.len(), 3);
        assert_eq!(n.get("a").and_then(Node::as_str), Some("3"));
        assert_eq!(to_json(&n), serde_json::json!({"a": 3, "b": 2}));
        assert_eq!(
            serde_json::to_string(&to_json(&n)).ok().as_deref(),
            Some("{\"a\":3,\"b\":2}")
        );
    }

    #[test]
    fn walk_visits_paths() {
        let n = p("a:\n  - x\n  - {b: y}\n");
        let mut seen = Vec::new();
        walk(&n, &mut |path, node| {
            let name: String = path.iter().map(ToString::to_string).collect();
            seen.push((name, node.as_str().map(str::to_string)));
        });
        let want: Vec<(String, Option<String>)> = vec![
            (String::new(), None),
            (".a".into(), None),
            (".a[0]".into(), Some("x".into())),
            (".a[1]".into(), None),
            (".a[1].b".into(), Some("y".into())),
        ];
        assert_eq!(seen, want);
        let mut keys = Vec::new();
        visit_scalars(&n, &mut |_, s, is_key| keys.push((s.value.clone(), is_key)));
        assert_eq!(
            keys,
            vec![
                ("a".into(), true),
                ("x".into(), false),
                ("b".into(), true),
                ("y".into(), false)
            ]
        );
    }

    #[test]
    fn null_values_have_empty_spans() {
        let n = p("a:\nb: # c\n");
        assert_eq!(n.get("a"), Some(&Node::Null { span: 2..2 }));
        assert_eq!(n.get("b"), Some(&Node::Null { span: 5..5 }));
        let n = p("- \n-\n");
        assert_eq!(n.item(0), Some(&Node::Null { span: 1..1 }));
        assert_eq!(n.item(1), Some(&Node::Null { span: 4..4 }));
        let n = p("c:\n- \n-\n");
        assert_eq!(
            n.get("c").and_then(|c| c.item(1)),
            Some(&Node::Null { span: 7..7 })
        );
    }

    // --- errors ------------------------------------------------------------

    #[test]
    fn errors_have_positions_and_messages() {
        let e = err("a: 1\nb: &x 2\n");
        assert_eq!((e.line, e.column, e.offset), (2, 4, 8));
        assert!(e.message.contains("anchors"), "{e}");
        assert!(err("a: *x\n").message.contains("aliases"));
        assert!(err("a: !!str 1\n").message.contains("tags"));
        assert!(err("? a\n: b\n").message.contains("explicit"));
        assert!(err("a: \"open\n").message.contains("unterminated"));
        assert!(err("a: 'open\n").message.contains("unterminated"));
        assert!(err("a: [1, 2\n").message.contains("missing ']'"));
        assert!(err("a: {b: 1\n").message.contains("missing '}'"));
        assert!(err("a: b: c\n").message.contains("mapping values"));
        assert!(err("a: - b\n").message.contains("block sequence"));
        assert!(err("a:\n    b: 1\n  c: 2\n").message.contains("indent"));
        let e = err("a:\n\tb: 1\n");
        assert!(e.message.contains("tab"), "{e}");
        assert_eq!((e.line, e.column), (2, 1));
        assert!(
            err("a: 1\n---\nb: 2\n")
                .message
                .contains("multiple documents")
        );
        assert!(err("a: \"\\q\"\n").message.contains("escape"));
        assert!(err("a: \"\\uD800\"\n").message.contains("unicode"));
        let e = err("a: b\u{1}c\n");
        assert_eq!((e.line, e.column), (1, 5));
        assert!(e.message.contains("U+0001"), "{e}");
        assert!(
            err("a: |0\n  x\n")
                .message
                .contains("indentation indicator")
        );
        assert!(err("[a]: b\n").message.contains("flow collections"));
        assert!(err("- a\nb: c\n").message.contains("sequence entry"));
        let e = err("a: 1\n  b: 2\n");
        assert_eq!(e.line, 2);
        for e in [
            err("a: |\n\tx\n"),
            err("a: 'x' y\n"),
            err("a: %x\n"),
            err("a: ,x\n"),
            err("a: [b, : c]\n"),
        ] {
            assert!(!e.message.is_empty() && !e.message.contains('\n'));
            assert!(e.message.starts_with(|c: char| c.is_lowercase()), "{e}");
        }
        assert_eq!(
            err("a: &x 1").to_string(),
            "line 1, column 4: anchors (&name) are not supported"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let flow = "[".repeat(100_000);
        assert!(err(&flow).message.contains("nested deeper"));
        let flow_ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&flow_ok).is_ok());
        let mut block = String::new();
        for d in 0..MAX_DEPTH + 5 {
            block.push_str(&" ".repeat(d));
            block.push_str("k:\n");
        }
        assert!(err(&block).message.contains("nested deeper"));
        let mut seqs = String::new();
        for d in 0..MAX_DEPTH + 5 {
            seqs.push_str(&" ".repeat(d * 2));
            seqs.push_str("- \n");
        }
        seqs.push_str(&" ".repeat((MAX_DEPTH + 5) * 2));
        seqs.push_str("x\n");
        assert!(err(&seqs).message.contains("nested deeper"));
        let compact = format!("{}x\n", "- ".repeat(MAX_DEPTH + 1));
        assert!(err(&compact).message.contains("nested deeper"));
        let fine = format!("{}x\n", "- ".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }

    // --- edits -------------------------------------------------------------

    #[test]
    fn rewrite_plain() {
        let src = "connection: warehouse   # prod\nmodel: ecommerce\n";
        let out = edit_at(src, &[k("connection")], None, "warehouse_alice").expect("edit");
        assert_eq!(
            out,
            "connection: warehouse_alice   # prod\nmodel: ecommerce\n"
        );
        let out = edit_at(src, &[k("model")], None, "ecommerce_alice").expect("edit");
        assert_eq!(
            out,
            "connection: warehouse   # prod\nmodel: ecommerce_alice\n"
        );
        let out = edit_at(src, &[], Some("model"), "explore").expect("key");
        assert_eq!(out, "connection: warehouse   # prod\nexplore: ecommerce\n");
        for bad in [
            "", " lead", "a: b", "x #y", "- x", "true", "12", "~", "'q", "a\nb", "\u{1}",
        ] {
            let e = edit_at(src, &[k("model")], None, bad).expect_err(bad);
            assert!(!e.message.is_empty());
            assert_eq!(e.span, 38..47);
        }
        let typed = "limit: 500\n";
        assert_eq!(
            edit_at(typed, &[k("limit")], None, "1000").expect("edit"),
            "limit: 1000\n"
        );
        let flow = "fields: [a, b]\n";
        assert!(edit_at(flow, &[k("fields"), i(0)], None, "x,y").is_err());
        assert_eq!(
            edit_at(flow, &[k("fields"), i(1)], None, "c.d").expect("edit"),
            "fields: [a, c.d]\n"
        );
        let multi = "a: one\n  two\nb: 1\n";
        assert_eq!(
            edit_at(multi, &[k("a")], None, "three").expect("edit"),
            "a: three\nb: 1\n"
        );
    }

    #[test]
    fn rewrite_quoted() {
        let src = "a: 'ecommerce' # c\nb: \"x\\ty\"\n";
        assert_eq!(
            edit_at(src, &[k("a")], None, "it's").expect("e"),
            "a: 'it''s' # c\nb: \"x\\ty\"\n"
        );
        assert_eq!(
            edit_at(src, &[k("a")], None, "").expect("e"),
            "a: '' # c\nb: \"x\\ty\"\n"
        );
        edit_at(src, &[k("a")], None, "two\nlines").expect("e");
        edit_at(src, &[k("a")], None, "\n\nblank\n\nlines\n").expect("e");
        assert!(edit_at(src, &[k("a")], None, "space \nbefore").is_err());
        assert!(edit_at(src, &[k("a")], None, "tab\u{7}").is_err());
        assert!(edit_at(src, &[k("a")], None, "cr\r").is_err());
        let out = edit_at(
            src,
            &[k("b")],
            None,
            "say \"hi\"\\ \u{1}\u{85}\u{2028}\u{feff}\n\t\r\0é",
        )
        .expect("e");
        assert!(out.starts_with(
            "a: 'ecommerce' # c\nb: \"say \\\"hi\\\"\\\\ \\x01\\N\\L\\uFEFF\\n\t\\r\\0é\""
        ));
        edit_at("k: [\"a\", 'b']\n", &[k("k"), i(1)], None, "x, ]").expect("flow");
        edit_at("'key': v\n", &[], Some("key"), "new key").expect("quoted key");
        assert!(edit_at("'key': v\n", &[], Some("key"), "two\nlines").is_err());
    }

    #[test]
    fn rewrite_block_scalars() {
        let src = "a: |\n  <a href=\"/dashboards/m::d\">x</a>\n\nb: 1\n";
        let out = edit_at(src, &[k("a")], None, "new\n").expect("e");
        assert_eq!(out, "a: |\n  new\n\nb: 1\n");
        let out = edit_at(src, &[k("a")], None, "no newline").expect("e");
        assert_eq!(out, "a: |-\n  no newline\n\nb: 1\n");
        edit_at(src, &[k("a")], None, "two\n\n").expect("keep");
        edit_at(src, &[k("a")], None, "").expect("empty");
        edit_at(src, &[k("a")], None, "\n").expect("newline only");
        edit_at(src, &[k("a")], None, "\n\nx\n  more\n\n").expect("mixed");
        edit_at(src, &[k("a")], None, "  leading space\n").expect("indicator added");
        edit_at(src, &[k("a")], None, "\tleading tab\n").expect("indicator added");
        assert!(edit_at(src, &[k("a")], None, "cr\r\n").is_err());
        let folded = "- name: t\n  body_text: >-\n    one two\n    three\n\n    four\n  x: 1\n";
        let path = [i(0), k("body_text")];
        for v in [
            "a b c",
            "a\nb",
            "a\n\nb",
            "a\n b\nc",
            " x\ny",
            "x\n\n\n",
            "",
            "p\n  q\n\n r\n",
        ] {
            edit_at(folded, &path, None, v).unwrap_or_else(|e| panic!("{v:?}: {e}"));
        }
        let keep = "a: |+\n  x\n\n";
        edit_at(keep, &[k("a")], None, "y\n").expect("keep");
        edit_at(keep, &[k("a")], None, "y").expect("keep");
        edit_at(keep, &[k("a")], None, "y\n\n\n").expect("keep");
        let ind = "- |2\n   x\n  y\nz: 1\n".replace("z: 1\n", "");
        edit_at(&ind, &[i(0)], None, " a\nb\n").expect("indicator kept");
        let eof = "a: >\n  x";
        assert_eq!(edit_at(eof, &[k("a")], None, "y").expect("e"), "a: >-\n  y");
        assert_eq!(
            edit_at(eof, &[k("a")], None, "y\n").expect("e"),
            "a: >\n  y\n"
        );
        let comment = "a: | # keep me\n  x\n";
        assert_eq!(
            edit_at(comment, &[k("a")], None, "y").expect("e"),
            "a: |- # keep me\n  y\n"
        );
    }

    #[test]
    fn replace_keeps_the_token_layout() {
        let src = "body_text: \"<a href=\\\"/dashboards/ecommerce::d\\\">\n  see</a> and\n  /explore/ecommerce/x\"\n";
        let root = p(src);
        let s = sc(&root, &[k("body_text")]);
        let t = replace_in_scalar(src, s, "ecommerce", "shop_dev").expect("replace");
        let out = apply_edits(src, &[(s.span.clone(), t)]).expect("apply");
        assert_eq!(out, src.replace("ecommerce", "shop_dev"));
        assert_eq!(
            p(&out).get("body_text").and_then(Node::as_str),
            Some(s.value.replace("ecommerce", "shop_dev").as_str())
        );
        let t = replace_in_scalar(src, s, "see</a> and /explore", "x").expect("across a fold");
        let out = apply_edits(src, &[(s.span.clone(), t)]).expect("apply");
        assert_eq!(
            p(&out).get("body_text").and_then(Node::as_str),
            Some(s.value.replace("see</a> and /explore", "x").as_str())
        );
        assert!(replace_in_scalar(src, s, "", "x").is_err());
        let plain = "model: ecommerce\n";
        let s = sc(&p(plain), &[k("model")]).clone();
        assert!(replace_in_scalar(plain, &s, "ecommerce", "1").is_err());
    }

    #[test]
    fn apply_edits_checks_ranges() {
        let src = "abcdef";
        let out = apply_edits(
            src,
            &[(4..5, "E".into()), (0..1, "A".into()), (2..2, "+".into())],
        )
        .expect("ok");
        assert_eq!(out, "Ab+cdEf");
        assert!(apply_edits(src, &[(1..3, String::new()), (2..4, String::new())]).is_err());
        assert!(apply_edits(src, &[(2..2, "x".into()), (2..3, "y".into())]).is_err());
        assert!(apply_edits(src, &[(5..9, String::new())]).is_err());
        assert!(apply_edits("é", &[(1..2, String::new())]).is_err());
        assert_eq!(apply_edits(src, &[]).expect("none"), src);
        assert_eq!(
            apply_edits(src, &[(0..3, "x".into()), (3..6, "y".into())]).expect("adjacent"),
            "xy"
        );
    }

    #[test]
    fn rewrite_refuses_foreign_scalars() {
        let src = "a: b\n";
        let stranger = Scalar {
            value: "zz".into(),
            style: ScalarStyle::Plain,
            span: 3..4,
        };
        assert!(rewrite_scalar(src, &stranger, "c").is_err());
        let nowhere = Scalar {
            value: "b".into(),
            style: ScalarStyle::Plain,
            span: 1..2,
        };
        assert!(rewrite_scalar(src, &nowhere, "c").is_err());
        assert!(rewrite_scalar("a: [\n", &stranger, "c").is_err());
    }

    // --- generated documents -----------------------------------------------

    /// Small deterministic generator of valid YAML in the shapes LookML uses.
    struct Gen {
        state: u64,
    }

    impl Gen {
        fn new(seed: u64) -> Gen {
            Gen {
                state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            }
        }

        fn next(&mut self) -> u64 {
            let mut x = self.state;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.state = x;
            x
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % (n.max(1) as u64)) as usize
        }

        fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }

        fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
            xs.get(self.below(xs.len())).copied().unwrap_or("x")
        }

        fn spaces(&mut self, lo: usize, hi: usize) -> String {
            " ".repeat(lo + self.below(hi - lo + 1))
        }

        fn word(&mut self) -> String {
            let mut w = self
                .pick(&["a", "model", "x", "é", "☃", "Z", "7", "b_c", "http", "𝄞"])
                .to_string();
            for _ in 0..self.below(4) {
                w.push_str(self.pick(&[
                    "a", "b", "_", "-", ".", "/", "1", "é", ":z", "#q", "(", ")", "=", "'", "\"",
                ]));
            }
            w
        }

        fn plain_line(&mut self) -> String {
            if self.chance(15) {
                return self
                    .pick(&[
                        "true", "False", "~", "null", "123", "-7", "1.5", "-2.5e3", "0x1F", "0o17",
                        "012", ".inf", "-.inf", ".NaN", "1_000", "yes", "no", "1e400", "+12",
                        "0b101", "-0",
                    ])
                    .to_string();
            }
            let mut s = self.word();
            for _ in 0..self.below(3) {
                s.push_str(&self.spaces(1, 2));
                s.push_str(&self.word());
            }
            s
        }

        fn comment(&mut self) -> String {
            if self.chance(20) {
                format!("{}# {}", self.spaces(1, 3), self.word())
            } else {
                String::new()
            }
        }

        fn key(&mut self, n: usize) -> String {
            match self.below(10) {
                0 => format!("'k{n} {}'", self.word().replace('\'', "''")),
                1 => format!(
                    "\"k{n}\\t{}\"",
                    self.word().replace('\\', "").replace('"', "\\\"")
                ),
                2 => ["1", "2.5", "true", "0x10", "-3"]
                    .get(n)
                    .unwrap_or(&"9")
                    .to_string(),
                3 => format!("key {n}{}", self.spaces(0, 1)),
                _ => format!(
                    "{}_{n}",
                    self.pick(&["model", "explore", "name", "type", "title", "é"])
                ),
            }
        }

        /// A single-quoted scalar; continuation lines indented past `ind`.
        fn single(&mut self, ind: usize) -> String {
            let mut s = String::from("'");
            for _ in 0..1 + self.below(4) {
                s.push_str(self.pick(&[
                    "a", "b c", "''", "\"", "\\", "#", ": ", "é", "\t", ",", "[x]", "{y}", "- z",
                    "  ",
                ]));
                if self.chance(25) {
                    s.push_str(&"\n".repeat(1 + self.below(2)));
                    s.push_str(&self.spaces(ind + 1, ind + 3));
                }
            }
            s.push('\'');
            s
        }

        fn double(&mut self, ind: usize) -> String {
            let mut s = String::from("\"");
            for _ in 0..1 + self.below(5) {
                s.push_str(self.pick(&[
                    "a",
                    "b c",
                    "\\\"",
                    "\\\\",
                    "\\n",
                    "\\t",
                    "\\x41",
                    "\\u00e9",
                    "\\U0001F600",
                    "é",
                    "'",
                    "#",
                    ": ",
                    "\\/",
                    "\\ ",
                    "\t",
                    "\\0",
                    "\\_",
                    "[",
                    "}",
                ]));
                match self.below(8) {
                    0 => {
                        s.push_str(&"\n".repeat(1 + self.below(2)));
                        s.push_str(&self.spaces(ind + 1, ind + 3));
                    }
                    1 => {
                        s.push_str("\\\n");
                        s.push_str(&self.spaces(ind + 1, ind + 3));
                    }
                    _ => {}
                }
            }
            s.push('"');
            s
        }

        /// A plain scalar, perhaps over several lines indented past `ind`.
        fn plain(&mut self, ind: usize, flow: bool) -> String {
            let mut s = self.plain_line();
            if !flow || self.chance(50) {
                for _ in 0..self.below(3) {
                    if !self.chance(30) {
                        break;
                    }
                    s.push_str(&"\n".repeat(1 + self.below(2)));
                    s.push_str(&self.spaces(ind + 1, ind + 3));
                    s.push_str(&self.plain_line());
                }
            }
            s
        }

        fn flow_scalar(&mut self, ind: usize) -> String {
            match self.below(4) {
                0 => self.single(ind),
                1 => self.double(ind),
                _ => self.plain(ind, true),
            }
        }

        fn flow_sep(&mut self, ind: usize) -> String {
            match self.below(6) {
                0 => format!("\n{}", self.spaces(ind + 1, ind + 4)),
                1 => format!(" # c\n{}", self.spaces(ind + 1, ind + 2)),
                2 => String::new(),
                _ => self.spaces(1, 2),
            }
        }

        fn flow(&mut self, ind: usize, depth: usize) -> String {
            let map = self.chance(40);
            let mut s = String::from(if map { "{" } else { "[" });
            s.push_str(&self.flow_sep(ind));
            let n = self.below(4);
            for idx in 0..n {
                if idx > 0 {
                    s.push(',');
                    s.push_str(&self.flow_sep(ind));
                }
                if map || self.chance(15) {
                    let key = if self.chance(20) {
                        format!("\"fk{idx}\"")
                    } else {
                        format!("fk{idx}")
                    };
                    s.push_str(&key);
                    match self.below(5) {
                        0 if map => {}
                        1 if key.starts_with('"') => {
                            s.push(':');
                            s.push_str(&self.flow_value(ind, depth));
                        }
                        _ => {
                            s.push_str(&self.spaces(0, 1));
                            s.push(':');
                            s.push_str(&self.spaces(1, 2));
                            if self.chance(85) {
                                s.push_str(&self.flow_value(ind, depth));
                            }
                        }
                    }
                } else {
                    s.push_str(&self.flow_value(ind, depth));
                }
            }
            if n > 0 && self.chance(15) {
                s.push(',');
            }
            s.push_str(&self.flow_sep(ind));
            s.push(if map { '}' } else { ']' });
            s
        }

        fn flow_value(&mut self, ind: usize, depth: usize) -> String {
            if depth < 4 && self.chance(20) {
                self.flow(ind, depth + 1)
            } else {
                self.flow_scalar(ind)
            }
        }

        /// A block scalar whose header goes after `key: ` or `- `; `ind` is the
        /// indentation of the enclosing collection.
        fn block_scalar(&mut self, ind: usize) -> String {
            let mut s = self.pick(&["|", ">"]).to_string();
            s.push_str(self.pick(&["", "", "-", "+"]));
            s.push_str(&self.comment());
            let ci = ind + 1 + self.below(3);
            for idx in 0..1 + self.below(5) {
                s.push('\n');
                match if idx == 0 { 0 } else { self.below(5) } {
                    1 => {}
                    2 => {
                        s.push_str(&self.spaces(ci + 1, ci + 3));
                        s.push_str(&self.plain_line());
                    }
                    3 => s.push_str(&self.spaces(0, ci)),
                    _ => {
                        s.push_str(&" ".repeat(ci));
                        s.push_str(&self.plain_line());
                        if self.chance(10) {
                            s.push_str(" # not a comment\t");
                        }
                    }
                }
            }
            for _ in 0..self.below(3) {
                s.push('\n');
            }
            s
        }

        /// A node after `key:` or `-` (text starts right after the indicator).
        fn value(&mut self, ind: usize, depth: usize, in_seq: bool) -> String {
            let choice = if depth > 4 {
                self.below(4)
            } else {
                self.below(9)
            };
            match choice {
                0 => self.comment(),
                1 => format!(
                    "{}{}{}",
                    self.spaces(1, 3),
                    self.plain(ind, false),
                    self.comment()
                ),
                2 => format!(
                    "{}{}{}",
                    self.spaces(1, 2),
                    self.pick_quoted(ind),
                    self.comment()
                ),
                3 => format!(
                    "{}{}{}",
                    self.spaces(1, 2),
                    self.flow(ind, depth),
                    self.comment()
                ),
                4 => format!(" {}", self.block_scalar(ind)),
                5 if !in_seq && self.chance(50) => {
                    format!("{}\n{}", self.comment(), self.seq(ind, depth + 1, None))
                }
                6 if in_seq => {
                    let pad = 1 + self.below(2);
                    let first = " ".repeat(pad);
                    if self.chance(50) {
                        self.map(ind + 1 + pad, depth + 1, Some(first))
                    } else {
                        self.seq(ind + 1 + pad, depth + 1, Some(first))
                    }
                }
                _ => {
                    let step = 1 + self.below(4);
                    let blank = if self.chance(20) {
                        format!("\n{}# between", self.spaces(0, ind))
                    } else {
                        String::new()
                    };
                    let body = if self.chance(50) {
                        self.map(ind + step, depth + 1, None)
                    } else {
                        self.seq(ind + step, depth + 1, None)
                    };
                    format!("{}{blank}\n{body}", self.comment())
                }
            }
        }

        fn pick_quoted(&mut self, ind: usize) -> String {
            if self.chance(50) {
                self.single(ind)
            } else {
                self.double(ind)
            }
        }

        fn between(&mut self, ind: usize) -> String {
            match self.below(10) {
                0 => "\n".to_string(),
                1 => format!("\n{}", self.spaces(0, ind + 2)),
                2 => format!("\n{}# comment {}", self.spaces(0, ind), self.word()),
                _ => String::new(),
            }
        }

        /// A block mapping at column `ind`; the first line starts with `first`
        /// instead of the indentation when given (compact `- key:`).
        fn map(&mut self, ind: usize, depth: usize, first: Option<String>) -> String {
            let mut s = String::new();
            let mut first = first;
            for n in 0..1 + self.below(4) {
                if n > 0 {
                    s.push_str(&self.between(ind));
                    s.push('\n');
                }
                match first.take() {
                    Some(f) => s.push_str(&f),
                    None => s.push_str(&" ".repeat(ind)),
                }
                s.push_str(&self.key(n));
                s.push(':');
                s.push_str(&self.value(ind, depth, false));
            }
            s
        }

        fn seq(&mut self, ind: usize, depth: usize, first: Option<String>) -> String {
            let mut s = String::new();
            let mut first = first;
            for n in 0..1 + self.below(4) {
                if n > 0 {
                    s.push_str(&self.between(ind));
                    s.push('\n');
                }
                match first.take() {
                    Some(f) => s.push_str(&f),
                    None => s.push_str(&" ".repeat(ind)),
                }
                s.push('-');
                s.push_str(&self.value(ind, depth, true));
            }
            s
        }

        fn document(&mut self) -> String {
            let mut s = String::new();
            if self.chance(5) {
                // serde_yaml counts a byte-order mark as a column of the first
                // line, so keep content off that line.
                s.push_str("\u{feff}# bom\n");
            }
            if self.chance(10) {
                s.push_str("# leading comment\n\n");
            }
            let marker = self.chance(20);
            if marker {
                s.push_str("---");
            }
            match self.below(10) {
                0 if marker => {
                    s.push(' ');
                    s.push_str(&self.block_scalar(0));
                }
                1 => {
                    if marker {
                        s.push(' ');
                    }
                    s.push_str(&self.flow(0, 0));
                }
                2 => {
                    if marker {
                        s.push('\n');
                    }
                    let ind = self.below(3);
                    s.push_str(&self.seq(ind, 0, None));
                }
                _ => {
                    if marker {
                        s.push('\n');
                    }
                    let ind = if self.chance(15) { 2 } else { 0 };
                    s.push_str(&self.map(ind, 0, None));
                }
            }
            s.push('\n');
            if self.chance(10) {
                s.push_str("...\n");
            }
            if self.chance(10) {
                s.push_str("# trailing\n");
            }
            if self.chance(10) {
                s = s.trim_end_matches('\n').to_string();
            }
            if self.chance(15) {
                s = s.replace('\n', "\r\n");
            }
            s
        }

        fn new_value(&mut self) -> String {
            match self.below(12) {
                0 => String::new(),
                1 => self.plain_line(),
                2 => format!("{}\n{}", self.word(), self.word()),
                3 => format!(" {} ", self.word()),
                4 => format!("{}\n\n", self.word()),
                5 => format!("\n{}\n  {}\n", self.word(), self.word()),
                6 => format!("{}: {}", self.word(), self.word()),
                7 => format!("it's \"{}\" \\ {}", self.word(), self.word()),
                8 => "tab\there\u{1}\r\n".to_string(),
                9 => format!("{} #x", self.word()),
                10 => self
                    .pick(&[
                        "true",
                        "123",
                        "~",
                        "-",
                        "- x",
                        "[a]",
                        "{b}",
                        "a, b",
                        "#",
                        "@x",
                        "---",
                        "...",
                        "a\u{2028}b",
                        "x\u{85}",
                    ])
                    .to_string(),
                _ => self.word().replace(['\'', '"'], "q"),
            }
        }
    }

    fn check_generated(seed: u64) {
        let mut g = Gen::new(seed);
        let doc = g.document();
        let theirs = serde_json_of(&doc)
            .unwrap_or_else(|e| panic!("generator made invalid YAML ({e}):\n{doc}"));
        let node = parse(&doc).unwrap_or_else(|e| panic!("{e}\n{doc}"));
        assert_eq!(to_json(&node), theirs, "seed {seed}:\n{doc}");
        check_spans(&doc, &node);
    }

    fn check_generated_edit(seed: u64) {
        let mut g = Gen::new(seed);
        let doc = g.document();
        let root = p(&doc);
        let mut all: Vec<(Vec<PathSeg>, Scalar, bool)> = Vec::new();
        visit_scalars(&root, &mut |path, s, is_key| {
            all.push((path.to_vec(), s.clone(), is_key))
        });
        if all.is_empty() {
            return;
        }
        let (path, target, is_key) = all.swap_remove(g.below(all.len()));
        let new_value = g.new_value();
        match rewrite_scalar(&doc, &target, &new_value) {
            Ok(text) => {
                let out = apply_edits(&doc, &[(target.span.clone(), text.clone())]).expect("apply");
                let key = if is_key {
                    Some(target.value.as_str())
                } else {
                    None
                };
                assert_round_trip(&doc, &out, &target, &text, &path, key, &new_value);
            }
            Err(e) => {
                assert_eq!(e.span, target.span);
                assert!(!e.message.is_empty() && !e.message.contains('\n'));
                if target.style == ScalarStyle::DoubleQuoted {
                    panic!("double quotes carry anything, yet {new_value:?} failed: {e}\n{doc}");
                }
            }
        }
    }

    #[test]
    fn generated_documents_agree_with_serde_yaml() {
        for seed in 0..1500 {
            check_generated(seed);
        }
    }

    #[test]
    fn generated_edits_round_trip() {
        for seed in 0..1500 {
            check_generated_edit(seed);
        }
    }

    /// A longer run of the generated checks: `YAML_SEEDS=200000 cargo test
    /// --release generated_long_run -- --ignored`.
    #[test]
    #[ignore]
    fn generated_long_run() {
        let n: u64 = std::env::var("YAML_SEEDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100_000);
        for seed in 0..n {
            check_generated(seed);
            check_generated_edit(seed);
        }
    }

    #[test]
    fn batch_rewrites() {
        let src = "- model: a\n  explore: 'b'\n- model: \"c\"\n  note: |\n    see /explore/a/b\n";
        let root = p(src);
        let m0 = sc(&root, &[i(0), k("model")]);
        let m1 = sc(&root, &[i(1), k("model")]);
        let ex = sc(&root, &[i(0), k("explore")]);
        let edits =
            rewrite_scalars(src, &[(m1, "c_dev"), (m0, "a_dev"), (ex, "b b")]).expect("batch");
        assert_eq!(edits.len(), 3);
        assert_eq!(edits[0].0, m1.span);
        let out = apply_edits(src, &edits).expect("apply");
        assert_eq!(
            out,
            "- model: a_dev\n  explore: 'b b'\n- model: \"c_dev\"\n  note: |\n    see /explore/a/b\n"
        );
        let e =
            rewrite_scalars(src, &[(m0, "fine"), (m1, "ok"), (ex, "x\n y")]).expect_err("bad one");
        assert_eq!(e.span, ex.span);
        let e = rewrite_scalars(src, &[(m0, "x"), (m0, "y")]).expect_err("same scalar twice");
        assert_eq!(e.span, m0.span);
        assert_eq!(rewrite_scalars(src, &[]).expect("nothing"), Vec::new());
        let note = sc(&root, &[i(1), k("note")]);
        let edits = replace_in_scalars(src, &[note, m0, ex], "a", "shop").expect("replace");
        let out = apply_edits(src, &edits).expect("apply");
        assert_eq!(
            out,
            "- model: shop\n  explore: 'b'\n- model: \"c\"\n  note: |\n    see /explore/shop/b\n"
        );
        let e = replace_in_scalars(src, &[m0], "a", "true").expect_err("typed");
        assert!(e.message.contains("boolean"), "{e}");
    }

    #[test]
    fn key_edits() {
        let src = "model: a\n'quoted': b\n\"dq\": c\n[x, y: z]\n"
            .replace("[x, y: z]\n", "f: [x, y: z]\n");
        assert!(edit_at(&src, &[], Some("model"), "two\nlines").is_err());
        assert!(edit_at(&src, &[], Some("quoted"), "two\nlines").is_err());
        let out = edit_at(&src, &[], Some("dq"), "two\nlines").expect("double-quoted key");
        assert!(out.contains("\"two\\nlines\": c"));
        edit_at(&src, &[k("f"), i(1)], Some("y"), "w").expect("flow pair key");
        assert!(edit_at(&src, &[k("f"), i(1)], Some("y"), "w,v").is_err());
        assert!(edit_at(&src, &[], Some("model"), "a: b").is_err());
        let root = "---\n";
        assert!(parse(root).is_ok());
        let top = "x\n";
        assert!(edit_at(top, &[], None, "---").is_err());
        assert!(edit_at(top, &[], None, "...").is_err());
        assert_eq!(
            edit_at(top, &[], None, "--x").expect("not a marker"),
            "--x\n"
        );
    }

    fn soup() -> impl Strategy<Value = String> {
        let pieces = vec![
            "- ", ": ", ":", "\n", "  ", " ", "a", "b1", "'", "\"", "[", "]", "{", "}", ",", "#",
            "|", ">", "\t", "\\", "---\n", "...", "?", "&", "*", "!", "%", "\r\n", "\r", "é",
            "\u{2028}", "\u{85}", "-", "|+", "|2", ">-", "\\n", "''", "\\u00", "@", "0x1", "~",
            "\u{feff}", "\u{1}", "\n  ", "\n    ",
        ];
        prop::collection::vec(prop::sample::select(pieces), 0..80).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn prop_generated_documents_agree(seed in any::<u64>()) {
            check_generated(seed);
        }

        #[test]
        fn prop_generated_edits_round_trip(seed in any::<u64>()) {
            check_generated_edit(seed);
        }

        #[test]
        fn prop_parse_never_panics(src in any::<String>()) {
            let _ = parse(&src).map(|n| to_json(&n));
        }

        #[test]
        fn prop_token_soup_never_panics(src in soup()) {
            if let Ok(node) = parse(&src) {
                let _ = to_json(&node);
                check_spans(&src, &node);
                let mut first = None;
                visit_scalars(&node, &mut |_, s, _| { first.get_or_insert_with(|| s.clone()); });
                if let Some(s) = first {
                    for v in ["x", "", "a b\n", " q'\"\n\n"] {
                        if let Ok(t) = rewrite_scalar(&src, &s, v) {
                            let out = apply_edits(&src, &[(s.span.clone(), t)]).expect("apply");
                            prop_assert!(parse(&out).is_ok());
                        }
                    }
                }
            }
        }

        #[test]
        fn prop_edit_random_value(seed in any::<u64>(), value in "[ -~\t\né'\"\\\\]{0,12}") {
            let mut g = Gen::new(seed);
            let doc = g.document();
            let root = p(&doc);
            let mut all = Vec::new();
            visit_scalars(&root, &mut |path, s, is_key| all.push((path.to_vec(), s.clone(), is_key)));
            if let Some((path, target, is_key)) = all.get(g.below(all.len())).cloned() {
                if let Ok(text) = rewrite_scalar(&doc, &target, &value) {
                    let out = apply_edits(&doc, &[(target.span.clone(), text.clone())]).expect("apply");
                    let key = if is_key { Some(target.value.as_str()) } else { None };
                    assert_round_trip(&doc, &out, &target, &text, &path, key, &value);
                } else {
                    prop_assert!(target.style != ScalarStyle::DoubleQuoted);
                }
            }
        }
    }
}

#[cfg(test)]
mod regressions {
    use super::*;

    #[test]
    fn backslash_colons_soup() {
        let src = "\\:: \n";
        if let Ok(node) = parse(src) {
            let _ = to_json(&node);
            super::tests::check_spans(src, &node);
            let mut first = None;
            visit_scalars(&node, &mut |_, s, _| {
                first.get_or_insert_with(|| s.clone());
            });
            if let Some(s) = first {
                for v in ["x", "", "a b\n", " q'\"\n\n"] {
                    if let Ok(t) = rewrite_scalar(src, &s, v) {
                        let out = apply_edits(src, &[(s.span.clone(), t)]).expect("apply");
                        assert!(parse(&out).is_ok(), "{v:?} -> {out:?}");
                    }
                }
            }
        }
    }
}
