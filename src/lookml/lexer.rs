//! Modern LookML lexer: bytes to a gap-free sequence of tokens.
//!
//! The one context the lexer keeps is what makes LookML's expressions lexable: after a
//! key starting with `sql`, `html` or `expression` and its `:`, everything up to the
//! next `;;` is raw text (SQL and HTML hold `{`, `"`, `#` freely). Keys are decided by
//! prefix, not by a fixed list, so a key Looker adds tomorrow still lexes. Inside `[ ]`
//! nothing is an expression, so a list pair like `[sql_x: "1"]` stays a pair.

use super::SyntaxError;
use super::syntax::TokenKind;

/// Tokens as two parallel vectors: kinds, and start offsets with one extra entry for
/// the end of the text. Five bytes a token keeps the tree small.
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    pub kinds: Vec<TokenKind>,
    pub starts: Vec<u32>,
}

impl Tokens {
    fn push(&mut self, kind: TokenKind, start: usize) {
        self.kinds.push(kind);
        // The caller checked that the text fits in u32.
        self.starts.push(start as u32);
    }
}

/// Bytes that end an unquoted literal, as lkml does, plus `\r` so CRLF files lex.
const fn literal_stops() -> [bool; 256] {
    let mut t = [false; 256];
    let stops = b" \t\r\n:{},]";
    let mut i = 0;
    while i < stops.len() {
        t[stops[i] as usize] = true;
        i += 1;
    }
    t
}
static LITERAL_STOP: [bool; 256] = literal_stops();

const EXPRESSION_PREFIXES: [&[u8]; 3] = [b"sql", b"html", b"expression"];

pub fn lex(text: &str) -> Result<Tokens, SyntaxError> {
    let bytes = text.as_bytes();
    if u32::try_from(bytes.len()).is_err() {
        return Err(SyntaxError::new(0, "the file is larger than 4 GiB", None));
    }
    let mut tokens = Tokens {
        kinds: Vec::with_capacity(bytes.len() / 7 + 16),
        starts: Vec::with_capacity(bytes.len() / 7 + 16),
    };
    let mut i = 0;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        tokens.push(TokenKind::ByteOrderMark, 0);
        i = 3;
    }
    let mut bracket_depth = 0usize;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        let kind = match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
                TokenKind::Whitespace
            }
            b'#' => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                if i > start + 1 && bytes[i - 1] == b'\r' {
                    i -= 1;
                }
                TokenKind::Comment
            }
            b'{' => {
                i += 1;
                TokenKind::LBrace
            }
            b'}' => {
                i += 1;
                TokenKind::RBrace
            }
            b'[' => {
                i += 1;
                bracket_depth += 1;
                TokenKind::LBracket
            }
            b']' => {
                i += 1;
                bracket_depth = bracket_depth.saturating_sub(1);
                TokenKind::RBracket
            }
            b',' => {
                i += 1;
                TokenKind::Comma
            }
            b':' => {
                i += 1;
                TokenKind::Colon
            }
            b';' => {
                if bytes.get(i + 1) == Some(&b';') {
                    i += 2;
                    TokenKind::ExpressionEnd
                } else {
                    return Err(SyntaxError::new(
                        i,
                        "stray `;`",
                        Some("expressions end with `;;`; a `;` on its own is not LookML"),
                    ));
                }
            }
            b'"' => {
                i = end_of_string(bytes, i)?;
                TokenKind::String
            }
            _ => {
                i += 1;
                while i < bytes.len() && !LITERAL_STOP[bytes[i] as usize] {
                    i += 1;
                }
                let word = &bytes[start..i];
                if bracket_depth == 0
                    && EXPRESSION_PREFIXES.iter().any(|p| word.starts_with(p))
                    && let Some(after) = expression_colon(bytes, i)
                {
                    tokens.push(TokenKind::Literal, start);
                    if after - 1 > i {
                        tokens.push(TokenKind::Whitespace, i);
                    }
                    tokens.push(TokenKind::Colon, after - 1);
                    i = lex_expression_body(bytes, after, start, &mut tokens)?;
                    continue;
                }
                TokenKind::Literal
            }
        };
        tokens.push(kind, start);
    }
    tokens.starts.push(bytes.len() as u32);
    Ok(tokens)
}

/// For a key ending at `i`: if only spaces or tabs stand between it and a `:`, the
/// offset just past that colon.
fn expression_colon(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    (bytes.get(i) == Some(&b':')).then_some(i + 1)
}

/// The searcher for `;;`, built once: `memmem::find` builds one per call, which
/// showed in the profile of every expression lexed.
static END_OF_EXPRESSION: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b";;"));

/// Lexes an expression's body from `from` up to and including its `;;`; returns the
/// offset after it.
fn lex_expression_body(
    bytes: &[u8],
    from: usize,
    key_start: usize,
    tokens: &mut Tokens,
) -> Result<usize, SyntaxError> {
    let Some(n) = END_OF_EXPRESSION.find(&bytes[from..]) else {
        return Err(SyntaxError::new(
            key_start,
            "this expression is not ended by `;;`",
            Some("add `;;` after the expression; write `;\\;` for a literal `;;` inside it"),
        ));
    };
    if n > 0 {
        tokens.push(TokenKind::Expression, from);
    }
    tokens.push(TokenKind::ExpressionEnd, from + n);
    Ok(from + n + 2)
}

/// The offset after the closing quote of the string opening at `open`.
fn end_of_string(bytes: &[u8], open: usize) -> Result<usize, SyntaxError> {
    let mut i = open + 1;
    while let Some(n) = memchr::memchr2(b'"', b'\\', &bytes[i..]) {
        i += n;
        if bytes[i] == b'\\' {
            i += 2;
            if i > bytes.len() {
                break;
            }
        } else {
            return Ok(i + 1);
        }
    }
    Err(SyntaxError::new(
        open,
        "this string is not closed",
        Some("add the closing `\"`; write `\\\"` for a quote inside the string"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        let t = lex(text).expect("lexes");
        t.kinds
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, &text[t.starts[i] as usize..t.starts[i + 1] as usize]))
            .collect()
    }

    #[test]
    fn tokens_cover_every_byte() {
        let text =
            "\u{feff}view: +orders { # c\r\n  sql_table_name: a.b ;;\n label: \"x \\\" y\"\n}";
        let t = kinds(text);
        assert_eq!(
            t.iter().map(|(_, s)| *s).collect::<std::string::String>(),
            text
        );
        assert_eq!(t[0], (ByteOrderMark, "\u{feff}"));
        assert!(t.contains(&(Comment, "# c")));
        assert!(t.contains(&(Expression, " a.b ")));
        assert!(t.contains(&(String, "\"x \\\" y\"")));
    }

    #[test]
    fn expressions_by_prefix_with_space_before_colon() {
        let t = kinds("sql_new_thing : select 1;\\; ;;");
        assert_eq!(
            t,
            vec![
                (Literal, "sql_new_thing"),
                (Whitespace, " "),
                (Colon, ":"),
                (Expression, " select 1;\\; "),
                (ExpressionEnd, ";;")
            ]
        );
    }

    #[test]
    fn empty_expression_has_no_body_token() {
        assert_eq!(
            kinds("sql:;;"),
            vec![(Literal, "sql"), (Colon, ":"), (ExpressionEnd, ";;")]
        );
    }

    #[test]
    fn no_expressions_inside_lists() {
        let t = kinds("filters: [sql_x: \"1\"]");
        assert!(t.contains(&(Literal, "sql_x")));
        assert!(!t.iter().any(|(k, _)| *k == Expression));
    }

    #[test]
    fn block_named_like_an_expression_key() {
        let t = kinds("dimension: sql { }");
        assert!(t.contains(&(Literal, "sql")));
        assert!(!t.iter().any(|(k, _)| *k == Expression));
    }

    #[test]
    fn errors_point_at_the_cause() {
        assert_eq!(lex("a: ;").map(|_| ()).unwrap_err().offset, 3);
        assert_eq!(lex("x: \"abc").map(|_| ()).unwrap_err().offset, 3);
        assert_eq!(lex("x: \"abc\\").map(|_| ()).unwrap_err().offset, 3);
        assert_eq!(lex("  sql: select").map(|_| ()).unwrap_err().offset, 2);
    }
}
