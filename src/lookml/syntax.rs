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
