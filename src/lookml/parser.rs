//! Modern LookML parser: tokens to a pre-order arena of nodes.
//!
//! The grammar is lkml's (blocks, pairs, lists of values or of pairs, `;;`
//! expressions), with the leniencies real projects need: CRLF, a `:` right after `{`
//! (Looker ignores it), a space before an expression's colon, repeated colons after a
//! key. Nesting is capped so hostile input cannot overflow the stack.

use super::SyntaxError;
use super::lexer::Tokens;
use super::syntax::{NodeKind, TokenKind};
use super::tree::Node;

/// Deeper than any real project (Looker nests blocks four or five levels).
const MAX_DEPTH: usize = 200;

pub fn parse(text: &str, tokens: &Tokens) -> Result<Vec<Node>, SyntaxError> {
    let mut p = Parser {
        text,
        kinds: &tokens.kinds,
        starts: &tokens.starts,
        pos: 0,
        nodes: Vec::with_capacity(tokens.kinds.len() / 4 + 1),
        depth: 0,
    };
    p.nodes.push(Node {
        kind: NodeKind::Document,
        first: 0,
        end: tokens.kinds.len() as u32,
        subtree_end: 0,
    });
    p.items(None)?;
    let n = p.nodes.len() as u32;
    p.nodes[0].subtree_end = n;
    Ok(p.nodes)
}

struct Parser<'a> {
    text: &'a str,
    kinds: &'a [TokenKind],
    starts: &'a [u32],
    pos: usize,
    nodes: Vec<Node>,
    depth: usize,
}

impl Parser<'_> {
    /// The next significant token at or after `pos`, moving `pos` to it.
    fn next(&mut self) -> Option<(usize, TokenKind)> {
        while let Some(&k) = self.kinds.get(self.pos) {
            if !k.is_trivia() {
                return Some((self.pos, k));
            }
            self.pos += 1;
        }
        None
    }

    /// The significant token after token `i`, without moving.
    fn after(&self, i: usize) -> Option<(usize, TokenKind)> {
        (i + 1..self.kinds.len())
            .find(|&j| !self.kinds[j].is_trivia())
            .map(|j| (j, self.kinds[j]))
    }

    /// Whether the significant token before `token` ends an expression: a `;;` inside
    /// SQL ends it early and leaves the rest of the SQL where a key should be.
    fn follows_expression(&self, token: usize) -> bool {
        (0..token)
            .rev()
            .find(|&j| !self.kinds[j].is_trivia())
            .is_some_and(|j| self.kinds[j] == TokenKind::ExpressionEnd)
    }

    /// Like [`Self::after`], also passing commas: `[state:, "done"]` is accepted by
    /// Looker's own parser.
    fn after_commas(&self, i: usize) -> Option<(usize, TokenKind)> {
        let mut next = self.after(i);
        while let Some((j, TokenKind::Comma)) = next {
            next = self.after(j);
        }
        next
    }

    fn offset(&self, token: usize) -> usize {
        self.starts
            .get(token)
            .map_or(self.text.len(), |&s| s as usize)
    }

    fn token_text(&self, token: usize) -> &str {
        let end = self
            .starts
            .get(token + 1)
            .map_or(self.text.len(), |&s| s as usize);
        self.text.get(self.offset(token)..end).unwrap_or("")
    }

    fn describe(&self, token: usize) -> String {
        match self.kinds[token] {
            TokenKind::String => "a string".to_string(),
            TokenKind::Expression => "an expression".to_string(),
            _ => {
                let t = self.token_text(token);
                let short: String = t.chars().take(40).collect();
                format!("`{short}`")
            }
        }
    }

    fn error(&self, token: usize, message: String, help: &str) -> SyntaxError {
        SyntaxError::new(self.offset(token), message, Some(help))
    }

    fn open(&mut self, kind: NodeKind, first: usize) -> usize {
        self.nodes.push(Node {
            kind,
            first: first as u32,
            end: 0,
            subtree_end: 0,
        });
        self.nodes.len() - 1
    }

    fn close(&mut self, node: usize, kind: NodeKind, last_token: usize) {
        let n = self.nodes.len() as u32;
        let node = &mut self.nodes[node];
        node.kind = kind;
        node.end = last_token as u32 + 1;
        node.subtree_end = n;
    }

    /// Items until the `}` closing the brace at `open` (or the end of the file when
    /// `open` is `None`). Returns the closing brace's token.
    fn items(&mut self, open: Option<usize>) -> Result<Option<usize>, SyntaxError> {
        let mut just_opened = open.is_some();
        loop {
            let Some((i, kind)) = self.next() else {
                return match open {
                    Some(o) => Err(self.error(
                        o,
                        "this `{` is never closed".into(),
                        "add the matching `}`",
                    )),
                    None => Ok(None),
                };
            };
            match kind {
                TokenKind::RBrace if open.is_some() => {
                    self.pos = i + 1;
                    return Ok(Some(i));
                }
                TokenKind::RBrace => {
                    return Err(self.error(
                        i,
                        "`}` without a matching `{`".into(),
                        "remove it, or add the `{` it should close",
                    ));
                }
                // Looker accepts `derived_table: {:`; so do we.
                TokenKind::Colon if just_opened => self.pos = i + 1,
                TokenKind::Literal => self.item(i)?,
                _ => {
                    return Err(self.error(
                        i,
                        format!(
                            "expected a key such as `dimension:`, found {}",
                            self.describe(i)
                        ),
                        "every entry is `key: value`, `key: name { … }` or `key: [ … ]`",
                    ));
                }
            }
            just_opened = false;
        }
    }

    fn item(&mut self, key: usize) -> Result<(), SyntaxError> {
        let node = self.open(NodeKind::Pair, key);
        self.pos = key + 1;
        match self.next() {
            Some((c, TokenKind::Colon)) => self.pos = c + 1,
            Some((t, _)) => {
                let help = if self.follows_expression(key) {
                    "the expression before this ended early: write `;;` inside SQL or HTML as `;\\;`"
                } else {
                    "write `key: value`"
                };
                return Err(self.error(
                    t,
                    format!("expected `:` after `{}`", self.token_text(key)),
                    help,
                ));
            }
            None => {
                return Err(self.error(
                    key,
                    format!("`{}` ends the file without a value", self.token_text(key)),
                    "write `key: value`",
                ));
            }
        }
        while let Some((c, TokenKind::Colon)) = self.next() {
            self.pos = c + 1;
        }
        let Some((v, kind)) = self.next() else {
            return Err(self.error(
                key,
                format!("`{}:` has no value", self.token_text(key)),
                "give it a value, a `{ … }` block or a `[ … ]` list",
            ));
        };
        match kind {
            TokenKind::Expression => {
                // The lexer emits the body and its `;;` together.
                self.pos = v + 2;
                self.close(node, NodeKind::Pair, v + 1);
            }
            TokenKind::ExpressionEnd => {
                self.pos = v + 1;
                self.close(node, NodeKind::Pair, v);
            }
            TokenKind::LBracket => {
                let end = self.list(v)?;
                self.close(node, NodeKind::List, end);
            }
            TokenKind::LBrace => {
                let end = self.block_body(v)?;
                self.close(node, NodeKind::Block, end);
            }
            TokenKind::Literal | TokenKind::String => match self.after(v) {
                Some((b, TokenKind::LBrace)) if kind == TokenKind::Literal => {
                    let end = self.block_body(b)?;
                    self.close(node, NodeKind::Block, end);
                }
                Some((_, TokenKind::LBrace)) => {
                    return Err(self.error(
                        v,
                        "a block's name cannot be quoted".into(),
                        "remove the quotes around the name",
                    ));
                }
                _ => {
                    self.pos = v + 1;
                    self.close(node, NodeKind::Pair, v);
                }
            },
            _ => {
                return Err(self.error(
                    v,
                    format!(
                        "expected a value after `{}:`, found {}",
                        self.token_text(key),
                        self.describe(v)
                    ),
                    "give it a value, a `{ … }` block or a `[ … ]` list",
                ));
            }
        }
        Ok(())
    }

    fn block_body(&mut self, brace: usize) -> Result<usize, SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(
                brace,
                format!("blocks nested more than {MAX_DEPTH} deep"),
                "this is not a LookML file Looker could read",
            ));
        }
        self.depth += 1;
        self.pos = brace + 1;
        let close = self.items(Some(brace))?;
        self.depth -= 1;
        Ok(close.unwrap_or(brace))
    }

    /// The list opening at `open`; returns its `]`.
    fn list(&mut self, open: usize) -> Result<usize, SyntaxError> {
        self.pos = open + 1;
        let mut need_comma = false;
        loop {
            let Some((i, kind)) = self.next() else {
                return Err(self.error(
                    open,
                    "this `[` is never closed".into(),
                    "add the matching `]`",
                ));
            };
            match kind {
                TokenKind::RBracket => {
                    self.pos = i + 1;
                    return Ok(i);
                }
                TokenKind::Comma => {
                    self.pos = i + 1;
                    need_comma = false;
                }
                TokenKind::Literal | TokenKind::String if need_comma => {
                    return Err(self.error(
                        i,
                        format!("expected `,` before {}", self.describe(i)),
                        "separate list items with commas",
                    ));
                }
                TokenKind::Literal | TokenKind::String => {
                    self.list_item(i, kind)?;
                    need_comma = true;
                }
                _ => {
                    return Err(self.error(
                        i,
                        format!(
                            "lists hold values and `key: value` pairs, not {}",
                            self.describe(i)
                        ),
                        "close the list with `]` first",
                    ));
                }
            }
        }
    }

    fn list_item(&mut self, i: usize, kind: TokenKind) -> Result<(), SyntaxError> {
        let node = self.open(NodeKind::ListValue, i);
        match self.after(i) {
            // `- view.field`: an exclusion written with a space after the dash.
            Some((v, TokenKind::Literal))
                if kind == TokenKind::Literal && self.token_text(i) == "-" =>
            {
                self.pos = v + 1;
                self.close(node, NodeKind::ListValue, v);
            }
            Some((c, TokenKind::Colon)) => match self.after_commas(c) {
                Some((v, TokenKind::Literal | TokenKind::String)) => {
                    self.pos = v + 1;
                    self.close(node, NodeKind::ListPair, v);
                }
                _ => {
                    return Err(self.error(
                        c,
                        format!("`{}:` in a list needs a value", self.token_text(i)),
                        "write `field: \"value\"`",
                    ));
                }
            },
            _ => {
                self.pos = i + 1;
                self.close(node, NodeKind::ListValue, i);
            }
        }
        Ok(())
    }
}
