//! Reading a YAML document into a span-annotated [`Node`] tree.

use super::*;

mod props;
pub use props::{MAX_ALIAS_EXPANSION, MAX_EXPANDED_DEPTH};
mod scan;
#[cfg(test)]
mod tests;

/// Parses one YAML document. An empty or comment-only document is [`Node::Null`].
pub fn parse(src: &str) -> Result<Node, YamlError> {
    let mut p = Parser::new(src, false)?;
    p.parse_document()
}

/// Where a scalar sat, as needed to write a replacement in the same style.
#[derive(Debug, Clone, Copy)]
pub(super) struct ScalarInfo {
    pub(super) start: usize,
    /// Indentation of the enclosing block collection (-1 at the top level).
    pub(super) parent: isize,
    /// Inside a flow collection.
    pub(super) flow: bool,
    /// Content indentation of a block scalar.
    pub(super) indent: usize,
    /// A mapping key.
    pub(super) key: bool,
}

pub(super) fn parse_with_info(src: &str) -> Result<(Node, Vec<ScalarInfo>), YamlError> {
    let mut p = Parser::new(src, true)?;
    let node = p.parse_document()?;
    Ok((node, p.infos))
}

type PResult<T> = Result<T, YamlError>;

/// Deepest nesting of collections used as keys inside collections used as keys.
pub const MAX_KEY_NESTING: usize = 4;

/// Runs one level of nesting with room for it on the stack. A document may nest
/// [`MAX_DEPTH`] collections, several calls each; without this a deep document
/// could overflow a small thread stack (a worker's, or a debug build's).
fn with_stack<T>(f: impl FnOnce() -> T) -> T {
    const RED_ZONE: usize = 64 * 1024;
    const GROWTH: usize = 1024 * 1024;
    stacker::maybe_grow(RED_ZONE, GROWTH, f)
}

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
pub(super) fn break_len(b: &[u8], i: usize) -> usize {
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
pub(super) fn is_printable(c: char) -> bool {
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
    handles: props::TagHandles,
    anchors: props::Anchors,
    /// Nodes the aliases read so far stand for.
    expanded: u64,
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
            handles: props::TagHandles::default(),
            anchors: props::Anchors::default(),
            expanded: 0,
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

    // The bytes first: asked at every line and value, and rarely `---` or
    // `...`, which spares the search for a line start.
    fn at_doc_start(&self, p: usize) -> bool {
        self.b.get(p..p + 3) == Some(b"---") && self.is_blankz(p + 3) && self.is_line_start(p)
    }

    fn at_doc_end(&self, p: usize) -> bool {
        self.b.get(p..p + 3) == Some(b"...") && self.is_blankz(p + 3) && self.is_line_start(p)
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
            self.directive(self.pos)?;
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
                        props: None,
                    }
                } else {
                    self.parse_block_node_at_line(-1)?
                }
            } else {
                self.parse_value(-1, p, Ctx::DocStart)?
            }
        } else {
            if let Some(d) = directive {
                return Err(self.err(d, "a directive must be followed by a '---' line"));
            }
            if self.at_end(self.pos) || self.at_doc_end(self.pos) {
                Node::Null {
                    span: self.pos..self.pos,
                    props: None,
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
        self.parse_value(parent, p, Ctx::Line)
    }

    /// Whether a block mapping starts at `p`: an implicit `key:` (perhaps with
    /// properties, or an alias), an explicit `? ` key, or a `: ` with no key.
    fn starts_block_map(&self, p: usize) -> PResult<bool> {
        if matches!(self.byte(p), b'?' | b':') && self.is_blankz(p + 1) {
            return Ok(true);
        }
        if self.flow_key_colon(p).is_some() {
            return Ok(true);
        }
        Ok(self.scan_implicit_key(p)?.is_some())
    }

    /// When a flow collection at `p` is a one-line implicit key (`[a, b]: c`),
    /// the position of its colon. Reads brackets and quotes only, so it can be
    /// asked before the collection is parsed.
    fn flow_key_colon(&self, p: usize) -> Option<usize> {
        if !matches!(self.byte(p), b'[' | b'{') {
            return None;
        }
        let mut depth = 0usize;
        let mut q = p;
        // A quote opens a quoted scalar only where a node can start; inside a
        // plain scalar (`[e", x]`) it is just a character.
        let mut node_start = false;
        // A node's properties (`!tag`, `&anchor`) come before it: after the
        // blank that ends them, the node may start, quoted or not.
        let mut properties = false;
        while !self.is_breakz(q) {
            let starts = node_start;
            if starts && matches!(self.byte(q), b'!' | b'&') {
                properties = true;
            }
            let after_properties = properties && self.is_blank(q);
            if after_properties {
                properties = false;
            }
            node_start = matches!(self.byte(q), b'[' | b'{' | b',' | b':' | b'?')
                || (starts && self.is_blank(q))
                || after_properties;
            match self.byte(q) {
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        let r = self.skip_blanks(q + 1);
                        return (self.byte(r) == b':' && self.is_blankz(r + 1)).then_some(r);
                    }
                }
                quote @ (b'\'' | b'"') if starts => {
                    q += 1;
                    while self.byte(q) != quote {
                        if self.is_breakz(q) {
                            return None;
                        }
                        if quote == b'"' && self.byte(q) == b'\\' {
                            q += 1;
                        }
                        q += self.char_len(q);
                    }
                }
                b'#' if self.is_blank(q.wrapping_sub(1)) => return None,
                _ => {}
            }
            q += self.char_len(q);
        }
        None
    }

    /// The node at `p`, which follows an indicator on its line (`key:`, `- `,
    /// `? `, `---`) or starts the line (`Ctx::Line`); `p` is past the blanks.
    /// Properties that end their line belong to the node on the lines below.
    fn parse_value(&mut self, parent: isize, p: usize, ctx: Ctx) -> PResult<Node> {
        if matches!(ctx, Ctx::Line | Ctx::SeqItem) {
            if self.is_seq_entry(p) {
                self.pos = p;
                return Ok(Node::Sequence(self.parse_block_seq(self.col(p), false)?));
            }
            if self.starts_block_map(p)? {
                self.pos = p;
                return Ok(Node::Mapping(self.parse_block_map(self.col(p))?));
            }
        }
        if self.byte(p) == b'*' {
            let alias = self.parse_alias(p)?;
            let q = self.skip_blanks(self.pos);
            if self.byte(q) == b':' && self.is_blankz(q + 1) {
                return Err(self.err(q, "an alias used as a key must start its line"));
            }
            return Ok(alias);
        }
        if !matches!(self.byte(p), b'!' | b'&') {
            self.pos = p;
            return self.parse_inline_node(parent, ctx);
        }
        let (props, end) = self.scan_props(p, false)?;
        let q = self.skip_blanks(end);
        self.pos = end;
        let node = if self.byte(q) == b'#' || self.is_breakz(q) {
            // The node is on the lines below: a level deeper, like a collection's
            // (a file of nothing but `!tag` lines nests one per line).
            self.enter(p)?;
            let below = with_stack(|| self.node_below(parent, end, ctx == Ctx::MapValue));
            self.leave();
            below?
        } else if self.byte(q) == b'*' {
            return Err(self.err(q, "an alias cannot have a tag or an anchor"));
        } else {
            self.pos = q;
            self.parse_inline_node(parent, ctx)?
        };
        self.with_props(node, props)
    }

    /// The node of an indicator (`key:`, `- `, `? `, `: `) whose line ends at
    /// `after`: on the lines below, more indented than `parent`, or empty. A
    /// mapping value may also be a sequence at its key's own indentation.
    fn node_below(&mut self, parent: isize, after: usize, indentless: bool) -> PResult<Node> {
        self.pos = after;
        self.next_line()?;
        let here = self.pos;
        if !(self.at_end(here) || self.at_doc_marker(here)) {
            let c = self.col(here);
            if c > parent {
                return self.parse_block_node_at_line(parent);
            }
            if c == parent && indentless && self.is_seq_entry(here) {
                return Ok(Node::Sequence(self.parse_block_seq(c, true)?));
            }
            if c == parent && matches!(self.byte(here), b'|' | b'>') {
                // libyaml takes a block scalar at its key's (or entry's) own column.
                return self.parse_inline_node(parent, Ctx::Line);
            }
        }
        self.pos = after;
        Ok(Node::Null {
            span: after..after,
            props: None,
        })
    }

    /// A `key:` at `p`, if there is one: the key (a scalar with any properties,
    /// or an alias) and the position of its colon.
    fn scan_implicit_key(&self, p: usize) -> PResult<Option<(Node, usize)>> {
        let (props, start) = match self.byte(p) {
            b'!' | b'&' => {
                let (props, end) = self.scan_props(p, false)?;
                (props, self.skip_blanks(end))
            }
            _ => (None, p),
        };
        let c = self.byte(start);
        let (key, next) = if c == b'*' && props.is_none() {
            let (alias, end) = self.scan_alias(start)?;
            (alias, self.skip_blanks(end))
        } else if c == b'"' || c == b'\'' {
            let (value, end) = self.scan_quoted(start, c == b'\'')?;
            if self.has_break(start, end) {
                return Ok(None);
            }
            let style = if c == b'\'' {
                ScalarStyle::SingleQuoted
            } else {
                ScalarStyle::DoubleQuoted
            };
            (
                Node::Scalar(Scalar {
                    value: value.into(),
                    style,
                    span: start..end,
                    props,
                }),
                self.skip_blanks(end),
            )
        } else if self.plain_start(start, false) {
            let (value, end, next) = self.scan_plain(start, -1, false, true)?;
            (
                Node::Scalar(Scalar {
                    value,
                    style: ScalarStyle::Plain,
                    span: start..end,
                    props,
                }),
                next,
            )
        } else {
            return Ok(None);
        };
        if self.byte(next) == b':' && self.is_blankz(next + 1) {
            Ok(Some((key, next)))
        } else {
            Ok(None)
        }
    }

    fn not_a_key(&self, p: usize) -> YamlError {
        let msg = match self.byte(p) {
            b'-' if self.is_blankz(p + 1) => {
                "expected a mapping key ('key: value') but found a sequence entry ('- ')"
            }
            b'&' | b'!' => "expected a mapping key ('key: value') after the tag or anchor",
            b'*' => "expected ': ' after an alias used as a key",
            b'[' | b'{' => {
                "expected a mapping key ('key: value'); write '? ' before a flow collection used as a key"
            }
            _ => "expected a mapping key ('key: value') at this indentation",
        };
        self.err(p, msg)
    }

    /// One entry of a block mapping whose keys are at column `indent`, starting
    /// at `p`: `key: value`, `? key` (then perhaps `: value` on a line of its
    /// own at the same column), or `: value` with an empty key.
    fn parse_block_entry(&mut self, indent: isize, p: usize) -> PResult<(Node, Node)> {
        if self.byte(p) == b'?' && self.is_blankz(p + 1) {
            let key = self.parse_indicated(indent, p + 1, Ctx::SeqItem)?;
            self.check_key(&key, p)?;
            let after = self.pos;
            self.next_line()?;
            let here = self.pos;
            if !(self.at_end(here) || self.at_doc_marker(here))
                && self.col(here) == indent
                && self.byte(here) == b':'
                && self.is_blankz(here + 1)
            {
                let value = self.parse_explicit_value(indent, here + 1)?;
                return Ok((key, value));
            }
            self.pos = after;
            let end = key.span().end.max(p + 1);
            return Ok((
                key,
                Node::Null {
                    span: end..end,
                    props: None,
                },
            ));
        }
        if self.byte(p) == b':' && self.is_blankz(p + 1) {
            let key = Node::Null {
                span: p..p,
                props: None,
            };
            let value = self.parse_explicit_value(indent, p + 1)?;
            return Ok((key, value));
        }
        if let Some(colon) = self.flow_key_colon(p) {
            self.pos = p;
            let saved = self.flow_indent;
            self.flow_indent = indent;
            let key = self.parse_flow_collection();
            self.flow_indent = saved;
            let key = key?;
            self.check_key(&key, p)?;
            let value = self.parse_indicated(indent, colon + 1, Ctx::MapValue)?;
            return Ok((key, value));
        }
        let Some((key, colon)) = self.scan_implicit_key(p)? else {
            return Err(self.not_a_key(p));
        };
        let key = match key {
            Node::Scalar(mut s) => {
                self.note(s.span.start, indent, false, 0);
                self.note_key(&s);
                match s.props.take() {
                    None => Node::Scalar(s),
                    // Recorded as the key's anchor, if it has one.
                    props => self.with_props(Node::Scalar(s), props)?,
                }
            }
            alias => {
                self.count_alias(&alias)?;
                self.check_key(&alias, p)?;
                alias
            }
        };
        let value = self.parse_indicated(indent, colon + 1, Ctx::MapValue)?;
        Ok((key, value))
    }

    /// The value after a `: ` of its own: like an entry's item (a compact
    /// collection may follow on the line), or below, where a sequence may sit
    /// at the indicator's own column, as after `key:`.
    fn parse_explicit_value(&mut self, indent: isize, after: usize) -> PResult<Node> {
        self.pos = after;
        let p = self.skip_blanks(after);
        if self.byte(p) == b'#' || self.is_breakz(p) {
            return self.node_below(indent, after, true);
        }
        self.parse_value(indent, p, Ctx::SeqItem)
    }

    /// The node after an indicator (`key:`, `- `, `? `, `: `) ending at
    /// `after`, in a collection at column `indent`: on the same line, or on the
    /// lines below (a mapping value may also be a sequence at its key's column).
    fn parse_indicated(&mut self, indent: isize, after: usize, ctx: Ctx) -> PResult<Node> {
        self.pos = after;
        let p = self.skip_blanks(after);
        if self.byte(p) == b'#' || self.is_breakz(p) {
            return self.node_below(indent, after, ctx == Ctx::MapValue);
        }
        self.parse_value(indent, p, ctx)
    }

    fn parse_block_map(&mut self, indent: isize) -> PResult<Mapping> {
        with_stack(|| self.block_map(indent))
    }

    fn block_map(&mut self, indent: isize) -> PResult<Mapping> {
        let start = self.pos;
        self.enter(start)?;
        let mut entries = Vec::new();
        let mut end;
        loop {
            let p = self.pos;
            let (key, value) = self.parse_block_entry(indent, p)?;
            end = value.span().end.max(key.span().end).max(p + 1);
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
            props: None,
        })
    }

    fn parse_block_seq(&mut self, indent: isize, indentless: bool) -> PResult<Sequence> {
        with_stack(|| self.block_seq(indent, indentless))
    }

    fn block_seq(&mut self, indent: isize, indentless: bool) -> PResult<Sequence> {
        let start = self.pos;
        self.enter(start)?;
        let mut items = Vec::new();
        let mut end;
        loop {
            let dash_end = self.pos + 1;
            let item = self.parse_indicated(indent, dash_end, Ctx::SeqItem)?;
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
            props: None,
        })
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
            b'?' if self.is_blankz(p + 1) => {
                "an explicit key ('? ') cannot start on the same line as a mapping key".into()
            }
            b':' if self.is_blankz(p + 1) => {
                "a ': ' with no key cannot follow a mapping key on its line".into()
            }
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
            b'&' | b'!' => "a node can have only one tag and one anchor".into(),
            b'*' => "an alias cannot have a tag or an anchor".into(),
            _ if !self.plain_start(p, flow) => format!("unexpected {}", self.describe(p)),
            _ => return None,
        };
        Some(self.err(p, msg))
    }

    /// Refuses collections used as keys inside collections used as keys past
    /// [`MAX_KEY_NESTING`]: each level's JSON key holds the level below it as
    /// escaped text, so the text doubles with every level.
    fn check_key(&self, key: &Node, at: usize) -> PResult<()> {
        fn nesting(node: &Node) -> usize {
            match node {
                Node::Mapping(m) => m
                    .entries
                    .iter()
                    .map(|(k, v)| {
                        let below = nesting(k);
                        let as_key = if matches!(k.resolved(), Node::Mapping(_) | Node::Sequence(_))
                        {
                            below + 1
                        } else {
                            below
                        };
                        as_key.max(nesting(v))
                    })
                    .max()
                    .unwrap_or(0),
                Node::Sequence(s) => s.items.iter().map(nesting).max().unwrap_or(0),
                Node::Alias(a) => nesting(&a.target),
                _ => 0,
            }
        }
        if matches!(key.resolved(), Node::Mapping(_) | Node::Sequence(_))
            && nesting(key) >= MAX_KEY_NESTING
        {
            return Err(self.err(
                at,
                format!(
                    "collections used as mapping keys are nested more than {MAX_KEY_NESTING} deep"
                ),
            ));
        }
        Ok(())
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
                    props: None,
                }))
            }
            b'[' | b'{' => {
                let saved = self.flow_indent;
                self.flow_indent = parent;
                let node = self.parse_flow_collection();
                self.flow_indent = saved;
                let node = node?;
                let q = self.skip_blanks(self.pos);
                if self.byte(q) == b':' && self.is_blankz(q + 1) {
                    return Err(self.err(q, "a flow collection used as a key needs '? ' before it"));
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
                Ok(quoted(value, q, p..end))
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
                    props: None,
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

    /// Whether `p` ends a node inside a flow collection: `,`, a closing bracket,
    /// or a `:` that starts a value.
    fn ends_flow_node(&self, p: usize) -> bool {
        match self.byte(p) {
            b',' | b']' | b'}' => true,
            b':' => self.is_blankz(p + 1) || is_flow_indicator(self.byte(p + 1)),
            _ => self.at_end(p),
        }
    }

    /// A node inside a flow collection, with its properties; an empty node
    /// (`[!!null , a]`, `{a: &x }`) when only properties are written.
    fn parse_flow_node(&mut self) -> PResult<Node> {
        let p = self.pos;
        if self.byte(p) == b'*' {
            return self.parse_alias(p);
        }
        if !matches!(self.byte(p), b'!' | b'&') {
            return self.parse_flow_content();
        }
        let (props, end) = self.scan_props(p, true)?;
        self.pos = end;
        self.skip_flow_ws()?;
        let node = if self.ends_flow_node(self.pos) {
            let at = self.pos;
            self.pos = end;
            Node::Null {
                span: at..at,
                props: None,
            }
        } else if self.byte(self.pos) == b'*' {
            return Err(self.err(self.pos, "an alias cannot have a tag or an anchor"));
        } else {
            self.parse_flow_content()?
        };
        self.with_props(node, props)
    }

    fn parse_flow_content(&mut self) -> PResult<Node> {
        let p = self.pos;
        match self.byte(p) {
            b'[' | b'{' => self.parse_flow_collection(),
            q @ (b'"' | b'\'') => {
                let (value, end) = self.scan_quoted(p, q == b'\'')?;
                self.note(p, self.flow_indent, true, 0);
                self.pos = end;
                Ok(quoted(value, q, p..end))
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
                    props: None,
                }))
            }
        }
    }

    fn parse_flow_collection(&mut self) -> PResult<Node> {
        if self.byte(self.pos) == b'[' {
            self.parse_flow_seq()
        } else {
            self.parse_flow_map()
        }
    }

    fn parse_flow_seq(&mut self) -> PResult<Node> {
        with_stack(|| self.flow_seq())
    }

    fn flow_seq(&mut self) -> PResult<Node> {
        let (items, span) = self.flow_items(b']', "sequence", Self::parse_flow_seq_item)?;
        Ok(Node::Sequence(Sequence {
            items,
            span,
            flow: true,
            props: None,
        }))
    }

    /// The items of the flow collection whose opening bracket is at `pos`, each
    /// read by `item`, up to the `close` bracket; and the collection's span.
    fn flow_items<T>(
        &mut self,
        close: u8,
        what: &str,
        mut item: impl FnMut(&mut Self) -> PResult<T>,
    ) -> PResult<(Vec<T>, Range<usize>)> {
        let start = self.pos;
        self.enter(start)?;
        self.pos = start + 1;
        let mut items = Vec::new();
        loop {
            self.skip_flow_ws()?;
            let q = self.pos;
            if self.at_end(q) {
                let close_char = char::from(close);
                return Err(self.err(
                    start,
                    format!("unterminated flow {what}: missing '{close_char}'"),
                ));
            }
            if self.byte(q) == close {
                self.pos = q + 1;
                break;
            }
            items.push(item(self)?);
            if self.flow_separator(start, close, what)? {
                break;
            }
        }
        self.leave();
        Ok((items, start..self.pos))
    }

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

    /// The key of a flow entry at `pos`: `? key` (explicit, may span lines),
    /// nothing before a `:` (an empty key), or a node. Says whether it was explicit.
    fn parse_flow_key(&mut self) -> PResult<(Node, bool)> {
        let q = self.pos;
        let (key, explicit) = self.parse_flow_key_node()?;
        self.check_key(&key, q)?;
        Ok((key, explicit))
    }

    fn parse_flow_key_node(&mut self) -> PResult<(Node, bool)> {
        let q = self.pos;
        if self.byte(q) == b'?' && (self.is_blankz(q + 1) || is_flow_indicator(self.byte(q + 1))) {
            self.pos = q + 1;
            self.skip_flow_ws()?;
            if self.ends_flow_node(self.pos) {
                let at = self.pos;
                return Ok((
                    Node::Null {
                        span: at..at,
                        props: None,
                    },
                    true,
                ));
            }
            return Ok((self.parse_flow_node()?, true));
        }
        if self.byte(q) == b':' && self.ends_flow_node(q) {
            return Ok((
                Node::Null {
                    span: q..q,
                    props: None,
                },
                true,
            ));
        }
        Ok((self.parse_flow_node()?, false))
    }

    /// Marks an implicit flow key's scalar as a key, which must fit on one line.
    fn check_flow_key(&mut self, key: &Node, at: usize) -> PResult<()> {
        if self.has_break(key.span().start, key.span().end) {
            return Err(self.err(
                at,
                "a mapping key must fit on one line; write '? ' before a longer one",
            ));
        }
        if let Node::Scalar(s) = key {
            self.note_key(s);
        }
        Ok(())
    }

    /// The value after a flow key: after `:`, a node or nothing before the
    /// `,` or the closing `close`.
    fn parse_flow_value(&mut self, colon_end: usize, close: u8) -> PResult<Node> {
        self.pos = colon_end;
        self.skip_flow_ws()?;
        if self.at_end(self.pos)
            || matches!(self.byte(self.pos), b',')
            || self.byte(self.pos) == close
        {
            return Ok(Node::Null {
                span: colon_end..colon_end,
                props: None,
            });
        }
        self.parse_flow_node()
    }

    /// An item of a flow sequence, which may be a single `key: value` pair.
    fn parse_flow_seq_item(&mut self) -> PResult<Node> {
        let kstart = self.pos;
        let (key, explicit) = self.parse_flow_key()?;
        if explicit {
            self.skip_flow_ws()?;
        }
        let q = if explicit {
            self.pos
        } else {
            self.skip_blanks(self.pos)
        };
        if self.byte(q) != b':' {
            if explicit {
                let end = key.span().end;
                return Ok(flow_pair(
                    kstart,
                    key,
                    Node::Null {
                        span: end..end,
                        props: None,
                    },
                ));
            }
            return Ok(key);
        }
        if !explicit {
            self.check_flow_key(&key, kstart)?;
        }
        self.enter(kstart)?;
        let value = self.parse_flow_value(q + 1, b']')?;
        self.leave();
        Ok(flow_pair(kstart, key, value))
    }

    fn parse_flow_map(&mut self) -> PResult<Node> {
        with_stack(|| self.flow_map())
    }

    fn flow_map(&mut self) -> PResult<Node> {
        let (entries, span) = self.flow_items(b'}', "mapping", Self::parse_flow_map_entry)?;
        Ok(Node::Mapping(Mapping {
            entries,
            span,
            flow: true,
            props: None,
        }))
    }

    /// An entry of a flow mapping: `key: value`, `? key : value`, or a key alone.
    fn parse_flow_map_entry(&mut self) -> PResult<(Node, Node)> {
        let q = self.pos;
        let (key, explicit) = self.parse_flow_key()?;
        let after_key = self.pos;
        let colon = self.skip_blanks(after_key);
        let value = if self.byte(colon) == b':' {
            if !explicit {
                self.check_flow_key(&key, q)?;
            }
            self.parse_flow_value(colon + 1, b'}')?
        } else {
            self.skip_flow_ws()?;
            if self.byte(self.pos) == b':' {
                if !explicit {
                    return Err(self.err(
                        self.pos,
                        "the ':' after a mapping key must be on the same line as the key",
                    ));
                }
                let colon = self.pos;
                self.parse_flow_value(colon + 1, b'}')?
            } else {
                self.pos = after_key;
                Node::Null {
                    span: after_key..after_key,
                    props: None,
                }
            }
        };
        Ok((key, value))
    }
}

/// A one-pair mapping written inside a flow sequence (`[a: b]`, `[? a : b]`).
fn flow_pair(start: usize, key: Node, value: Node) -> Node {
    let end = value.span().end.max(key.span().end).max(start + 1);
    Node::Mapping(Mapping {
        entries: vec![(key, value)],
        span: start..end,
        flow: true,
        props: None,
    })
}

/// A quoted scalar read at `span`, opened by the quote `q`.
fn quoted(value: String, q: u8, span: Range<usize>) -> Node {
    let style = if q == b'\'' {
        ScalarStyle::SingleQuoted
    } else {
        ScalarStyle::DoubleQuoted
    };
    Node::Scalar(Scalar {
        value: value.into(),
        style,
        span,
        props: None,
    })
}
