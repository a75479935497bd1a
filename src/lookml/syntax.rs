//! The kinds of tokens and nodes of a modern LookML syntax tree.

/// A token's kind. Every byte of a file belongs to exactly one token, trivia included,
/// which is what makes the tree lossless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum TokenKind {
    /// Spaces, tabs, `\r` and `\n`.
    Whitespace,
    /// `#` up to the end of the line (the line ending is whitespace).
    Comment,
    /// A UTF-8 byte-order mark at the very start of the file.
    ByteOrderMark,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Comma,
    Colon,
    /// `;;`, the end of an expression.
    ExpressionEnd,
    /// `"…"`, quotes included; backslash escapes the next character.
    String,
    /// An unquoted word: a key, a block name, a value (`yes`, `+orders`, `view.field*`).
    Literal,
    /// The raw text between `sql…:`/`html…:`/`expression…:` and `;;`, whitespace included.
    Expression,
}

impl TokenKind {
    /// Whether `new` can stand inside a token of this kind without changing how the
    /// text lexes: the test an in-place edit of a parsed file must pass for the
    /// file's tokens and nodes to stay valid.
    pub fn can_hold(self, new: &str) -> bool {
        match self {
            TokenKind::String => !new.contains(['"', '\\']),
            TokenKind::Expression => !new.contains(';'),
            TokenKind::Literal => {
                !new.is_empty()
                    && !new.contains(|c: char| c.is_whitespace() || ":{},]\"#;".contains(c))
            }
            _ => false,
        }
    }

    /// Whitespace, comments and the byte-order mark: kept for printing, ignored by the grammar.
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            TokenKind::Whitespace | TokenKind::Comment | TokenKind::ByteOrderMark
        )
    }
}

/// A node's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum NodeKind {
    /// The whole file.
    Document,
    /// `key: name { … }` or `key: { … }`.
    Block,
    /// `key: value`, where the value is a literal, a string or an expression ending in `;;`.
    Pair,
    /// `key: [ … ]`.
    List,
    /// A value inside a list (`a`, `"b"`, `- view.field`).
    ListValue,
    /// `key: value` inside a list (`status: "complete"`).
    ListPair,
}
