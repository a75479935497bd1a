//! The lossless syntax tree of a modern LookML file, and typed views over it.
//!
//! The tree owns the text, the tokens (kinds and start offsets: five bytes a token)
//! and the nodes in pre-order, each covering a contiguous run of tokens; a node's
//! descendants follow it directly, so its next sibling is at `subtree_end`. Trivia
//! lives in the token stream like any other token, so printing the tree is the
//! concatenation of its tokens and gives back the file byte for byte.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use super::syntax::{NodeKind, TokenKind};
use super::{SyntaxError, lexer, parser};

#[derive(Debug, Clone, Copy)]
pub struct Node {
    pub kind: NodeKind,
    /// First token (inclusive).
    pub first: u32,
    /// Last token (exclusive).
    pub end: u32,
    /// One past the last descendant node.
    pub subtree_end: u32,
}

#[derive(Debug, Clone)]
pub struct SyntaxTree {
    text: Box<str>,
    /// Shared with trees derived by [`SyntaxTree::edited`], which keep the same tokens.
    kinds: Arc<Vec<TokenKind>>,
    /// Start offsets, with one more entry for the end of the text.
    starts: Vec<u32>,
    nodes: Arc<Vec<Node>>,
}

impl SyntaxTree {
    pub fn parse(text: impl Into<Box<str>>) -> Result<SyntaxTree, SyntaxError> {
        SyntaxTree::parse_keeping(text.into()).map_err(|(e, _)| e)
    }

    /// [`SyntaxTree::parse`] that hands the text back with an error, so the caller
    /// can point into it without having kept a copy.
    pub(crate) fn parse_keeping(text: Box<str>) -> Result<SyntaxTree, (SyntaxError, Box<str>)> {
        let mut tokens = match lexer::lex(&text) {
            Ok(t) => t,
            Err(e) => return Err((e, text)),
        };
        let mut nodes = match parser::parse(&text, &tokens) {
            Ok(n) => n,
            Err(e) => return Err((e, text)),
        };
        // The capacities were estimated from the text's size; give back a large
        // overshoot (dense files), keep a small one (copying costs more).
        shrink_if_loose(&mut tokens.kinds);
        shrink_if_loose(&mut tokens.starts);
        shrink_if_loose(&mut nodes);
        Ok(SyntaxTree {
            text,
            kinds: Arc::new(tokens.kinds),
            starts: tokens.starts,
            nodes: Arc::new(nodes),
        })
    }

    /// The text the tree was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Writes the tree back out, token by token.
    pub fn print_to(&self, out: &mut String) {
        out.reserve(self.text.len());
        for i in 0..self.kinds.len() {
            out.push_str(self.token_text(i));
        }
    }

    pub fn print(&self) -> String {
        let mut s = String::new();
        self.print_to(&mut s);
        s
    }

    pub fn root(&self) -> NodeRef<'_> {
        NodeRef {
            tree: self,
            index: 0,
        }
    }

    pub fn token_count(&self) -> usize {
        self.kinds.len()
    }

    pub fn token_kind(&self, i: usize) -> TokenKind {
        self.kinds[i]
    }

    pub fn token_span(&self, i: usize) -> Range<usize> {
        self.starts[i] as usize..self.starts[i + 1] as usize
    }

    pub fn token_text(&self, i: usize) -> &str {
        self.text.get(self.token_span(i)).unwrap_or("")
    }

    /// The token an edit starting at byte `offset` falls in, as [`Self::edited`]
    /// assigns edits: the first token ending after `offset` (so an empty edit where
    /// two tokens meet belongs to the second). `None` past the end of the text.
    pub fn token_at(&self, offset: usize) -> Option<usize> {
        let ends = self.starts.get(1..)?;
        let i = ends.partition_point(|&end| end as usize <= offset);
        (i < self.kinds.len()).then_some(i)
    }

    /// The text, giving up the tree.
    pub fn into_text(self) -> String {
        self.text.into_string()
    }

    /// Bytes of memory the tree holds, text included.
    pub fn heap_size(&self) -> usize {
        self.text.len()
            + self.kinds.capacity() * size_of::<TokenKind>()
            + self.starts.capacity() * size_of::<u32>()
            + self.nodes.capacity() * size_of::<Node>()
    }

    /// The tree of this text with `edits` applied (sorted, non-overlapping byte
    /// ranges with their new text), built without lexing again. Each edit must lie
    /// inside one string, expression or literal token and its new text must not be
    /// able to change how that token lexes; otherwise `None` (parse the text instead).
    pub fn edited(&self, edits: &[(Range<usize>, String)]) -> Option<SyntaxTree> {
        let mut text = String::with_capacity(self.text.len() + edits.len() * 8);
        let mut starts = Vec::with_capacity(self.starts.len());
        let mut last = 0;
        let mut edit = edits.iter().peekable();
        let mut delta: i64 = 0;
        for i in 0..self.kinds.len() {
            let span = self.token_span(i);
            starts.push(u32::try_from(span.start as i64 + delta).ok()?);
            while let Some((range, new)) = edit.peek() {
                if range.start >= span.end {
                    break;
                }
                let inside =
                    range.start >= span.start && range.end <= span.end && range.start >= last;
                if !inside || !self.kinds[i].can_hold(new) {
                    return None;
                }
                text.push_str(self.text.get(last..range.start)?);
                text.push_str(new);
                last = range.end;
                delta += new.len() as i64 - range.len() as i64;
                edit.next();
            }
        }
        if edit.next().is_some() {
            return None;
        }
        text.push_str(self.text.get(last..)?);
        starts.push(u32::try_from(text.len()).ok()?);
        Some(SyntaxTree {
            text: text.into_boxed_str(),
            kinds: Arc::clone(&self.kinds),
            starts,
            nodes: Arc::clone(&self.nodes),
        })
    }

    /// Releases the spare capacity the parser reserved.
    pub fn shrink_to_fit(&mut self) {
        if let Some(kinds) = Arc::get_mut(&mut self.kinds) {
            kinds.shrink_to_fit();
        }
        self.starts.shrink_to_fit();
        if let Some(nodes) = Arc::get_mut(&mut self.nodes) {
            nodes.shrink_to_fit();
        }
    }
}

fn shrink_if_loose<T>(v: &mut Vec<T>) {
    if v.capacity() > v.len() + v.len() / 4 + 16 {
        v.shrink_to_fit();
    }
}

/// A node of a [`SyntaxTree`].
#[derive(Clone, Copy)]
pub struct NodeRef<'t> {
    tree: &'t SyntaxTree,
    index: u32,
}

impl std::fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}@{:?}", self.kind(), self.span())
    }
}

impl<'t> NodeRef<'t> {
    fn node(&self) -> &'t Node {
        &self.tree.nodes[self.index as usize]
    }

    pub fn tree(&self) -> &'t SyntaxTree {
        self.tree
    }

    pub fn kind(&self) -> NodeKind {
        self.node().kind
    }

    /// The node's bytes, from its first token to its last.
    pub fn span(&self) -> Range<usize> {
        let n = self.node();
        let t = &self.tree.starts;
        t[n.first as usize] as usize..t[n.end as usize] as usize
    }

    /// The node's children, in order.
    pub fn children(&self) -> Children<'t> {
        let n = self.node();
        Children {
            tree: self.tree,
            next: self.index + 1,
            end: n.subtree_end,
        }
    }

    /// Significant tokens of this node that belong to no child, in order.
    fn own_tokens(&self) -> impl Iterator<Item = usize> + 't {
        let n = *self.node();
        let tree = self.tree;
        let mut children = self.children().map(|c| {
            let cn = c.node();
            cn.first as usize..cn.end as usize
        });
        let mut skip = children.next();
        (n.first as usize..n.end as usize)
            .filter(move |&i| {
                while let Some(r) = &skip {
                    if i >= r.end {
                        skip = children.next();
                    } else {
                        return i < r.start;
                    }
                }
                true
            })
            .filter(move |&i| !tree.kinds[i].is_trivia())
    }

    /// The key (`dimension` in `dimension: id {}`); `None` for the document and list values.
    pub fn key(&self) -> Option<&'t str> {
        match self.kind() {
            NodeKind::Document | NodeKind::ListValue => None,
            _ => Some(self.tree.token_text(self.node().first as usize)),
        }
    }

    pub fn key_span(&self) -> Option<Range<usize>> {
        self.key()
            .map(|_| self.tree.token_span(self.node().first as usize))
    }

    /// A block's name (`id` in `dimension: id {}`, `+orders` in a refinement).
    pub fn name(&self) -> Option<&'t str> {
        self.name_token().map(|t| self.tree.token_text(t))
    }

    pub fn name_span(&self) -> Option<Range<usize>> {
        self.name_token().map(|t| self.tree.token_span(t))
    }

    fn name_token(&self) -> Option<usize> {
        if self.kind() != NodeKind::Block {
            return None;
        }
        self.own_tokens()
            .skip(1)
            .find(|&i| self.tree.kinds[i] != TokenKind::Colon)
            .filter(|&i| self.tree.kinds[i] == TokenKind::Literal)
    }

    /// The value of a pair, a list pair or a list value.
    pub fn value(&self) -> Option<Value<'t>> {
        let tree = self.tree;
        let first = self.node().first as usize;
        match self.kind() {
            // A pair ends at its value token, or at the `;;` right after its
            // expression (the lexer emits the two together).
            NodeKind::Pair | NodeKind::ListPair => {
                let last = self.node().end as usize - 1;
                Some(match tree.kinds[last] {
                    TokenKind::ExpressionEnd => {
                        let body = last > first && tree.kinds[last - 1] == TokenKind::Expression;
                        Value {
                            tree,
                            kind: ValueKind::Expression,
                            tokens: if body { last - 1..last } else { last..last },
                        }
                    }
                    kind => Value {
                        tree,
                        kind: ValueKind::from(kind),
                        tokens: last..last + 1,
                    },
                })
            }
            NodeKind::ListValue => {
                let end = self.node().end as usize;
                Some(Value {
                    tree,
                    kind: ValueKind::from(tree.kinds[first]),
                    tokens: first..end,
                })
            }
            _ => None,
        }
    }

    /// The first child whose key is `key`.
    pub fn child(&self, key: &str) -> Option<NodeRef<'t>> {
        self.children().find(|c| c.key() == Some(key))
    }

    /// The text value of the child pair `key`, if any.
    pub fn value_of(&self, key: &str) -> Option<Cow<'t, str>> {
        self.child(key).and_then(|c| c.value()).map(|v| v.text())
    }
}

pub struct Children<'t> {
    tree: &'t SyntaxTree,
    next: u32,
    end: u32,
}

impl<'t> Iterator for Children<'t> {
    type Item = NodeRef<'t>;
    fn next(&mut self) -> Option<NodeRef<'t>> {
        if self.next >= self.end {
            return None;
        }
        let node = NodeRef {
            tree: self.tree,
            index: self.next,
        };
        self.next = self.tree.nodes[self.next as usize].subtree_end;
        Some(node)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Literal,
    Quoted,
    Expression,
}

impl From<TokenKind> for ValueKind {
    fn from(k: TokenKind) -> Self {
        match k {
            TokenKind::String => ValueKind::Quoted,
            TokenKind::Expression | TokenKind::ExpressionEnd => ValueKind::Expression,
            _ => ValueKind::Literal,
        }
    }
}

/// A value: a literal, a quoted string or an expression.
#[derive(Clone)]
pub struct Value<'t> {
    tree: &'t SyntaxTree,
    pub kind: ValueKind,
    /// The tokens holding the value (empty for an empty expression).
    tokens: Range<usize>,
}

impl<'t> Value<'t> {
    /// The value as lkml reports it: quotes removed (escapes kept), expressions trimmed,
    /// `- field` joined to `-field`.
    pub fn text(&self) -> Cow<'t, str> {
        let t = self.tree;
        if self.tokens.len() > 1 {
            return Cow::Owned(
                self.tokens
                    .clone()
                    .filter(|&i| !t.kinds[i].is_trivia())
                    .map(|i| t.token_text(i))
                    .collect(),
            );
        }
        Cow::Borrowed(t.text.get(self.content_span()).unwrap_or(""))
    }

    /// The bytes of the value's content: inside the quotes, or the trimmed expression.
    pub fn content_span(&self) -> Range<usize> {
        let t = self.tree;
        let Some(first) = self.tokens.clone().next() else {
            let at = self.tokens.start;
            let s = t.starts[at] as usize;
            return s..s;
        };
        let last = self.tokens.end - 1;
        let span = t.starts[first] as usize..t.starts[last + 1] as usize;
        match self.kind {
            ValueKind::Quoted => span.start + 1..span.end - 1,
            ValueKind::Expression => {
                let raw = &t.text[span.clone()];
                let lead = raw.len() - raw.trim_start().len();
                let trail = raw.len() - raw.trim_end().len();
                if lead == raw.len() {
                    span.start..span.start
                } else {
                    span.start + lead..span.end - trail
                }
            }
            ValueKind::Literal => span,
        }
    }

    /// The bytes of the whole value token(s), quotes included.
    pub fn span(&self) -> Range<usize> {
        let t = self.tree;
        if self.tokens.is_empty() {
            return self.content_span();
        }
        t.starts[self.tokens.start] as usize..t.starts[self.tokens.end] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> SyntaxTree {
        SyntaxTree::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"))
    }

    #[test]
    fn prints_back_exactly() {
        for text in [
            "",
            "# only a comment",
            "\u{feff}view: x {}\r\n",
            "view: +orders {\n  dimension: id { sql: ${TABLE}.id ;; }\n  fields: [ , a, -b, - c, d*, ]\n}",
            "derived_table: {:\n sql: select 1 ;;\n}",
            "explore: e { always_filter: { filters: [orders.status: \"complete\", x: \"-a,b\"] } }",
            "measure: m {filters:[state:,\"done\",]}",
        ] {
            assert_eq!(tree(text).print(), text);
        }
    }

    #[test]
    fn navigates_blocks_pairs_and_lists() {
        let t = tree(
            "view: orders {\n  sql_table_name: analytics.orders ;;\n  dimension: id { primary_key: yes }\n  drill_fields: [id, - users.name]\n  label: \"Or\\\"ders\"\n}\n",
        );
        let view = t.root().children().next().expect("a view");
        assert_eq!(view.kind(), NodeKind::Block);
        assert_eq!(view.key(), Some("view"));
        assert_eq!(view.name(), Some("orders"));
        let kids: Vec<_> = view.children().map(|c| c.key().unwrap_or("?")).collect();
        assert_eq!(
            kids,
            ["sql_table_name", "dimension", "drill_fields", "label"]
        );
        assert_eq!(
            view.value_of("sql_table_name").as_deref(),
            Some("analytics.orders")
        );
        assert_eq!(view.value_of("label").as_deref(), Some("Or\\\"ders"));
        let dim = view.child("dimension").expect("dimension");
        assert_eq!(dim.name(), Some("id"));
        assert_eq!(dim.value_of("primary_key").as_deref(), Some("yes"));
        let drill: Vec<_> = view
            .child("drill_fields")
            .expect("list")
            .children()
            .filter_map(|c| c.value().map(|v| v.text().into_owned()))
            .collect();
        assert_eq!(drill, ["id", "-users.name"]);
    }

    #[test]
    fn value_spans_point_at_the_content() {
        let text = "a: \"xy\"\nsql:  select 1  ;;\nb: lit\nhtml:;;";
        let t = tree(text);
        let spans: Vec<_> = t
            .root()
            .children()
            .map(|c| &text[c.value().expect("value").content_span()])
            .collect();
        assert_eq!(spans, ["xy", "select 1", "lit", ""]);
    }

    #[test]
    fn syntax_errors_name_the_place() {
        for (text, offset, needle) in [
            ("view: x {", 8, "never closed"),
            ("}", 0, "without a matching"),
            ("view: x { a: [b c] }", 16, "expected `,`"),
            ("a: b\nc", 5, "ends the file"),
            ("a: [x", 3, "`[` is never closed"),
            ("view: \"x\" {}", 6, "cannot be quoted"),
            ("a: ,", 3, "expected a value"),
            (", a: b", 0, "expected a key"),
        ] {
            let e = SyntaxTree::parse(text).map(|_| ()).expect_err(text);
            assert_eq!(e.offset, offset, "{text}: {e:?}");
            assert!(e.message.contains(needle), "{text}: {e:?}");
        }
    }

    #[test]
    fn edited_trees_equal_parsed_ones() {
        let text = "view: a {\n  sql_table_name: analytics.t ;;\n  link: { url: \"/explore/shop/x\" }\n  value: lit\n}\n";
        let t = tree(text);
        let at = |needle: &str| {
            let i = text.find(needle).expect("needle");
            i..i + needle.len()
        };
        let edits = vec![
            (at("analytics"), "dev_alice".to_string()),
            (at("shop"), "shop_alice".to_string()),
            (at("lit"), "other".to_string()),
        ];
        let edited = t.edited(&edits).expect("safe edits");
        let reparsed = tree(edited.text());
        assert_eq!(edited.print(), reparsed.print());
        assert_eq!(edited.starts, reparsed.starts);
        assert_eq!(edited.kinds, reparsed.kinds);
        assert!(t.edited(&[(at("shop"), "a\"b".to_string())]).is_none());
        assert!(
            t.edited(&[(0..9, "x".to_string())]).is_none(),
            "across tokens"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "a: {".repeat(100_000);
        assert!(SyntaxTree::parse(text).is_err());
    }
}
