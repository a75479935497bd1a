//! Values reduced to what they mean, so that layout never shows as a change.
//!
//! - Quoting is already gone from the model (`label: Foo` and `label: "Foo"` both
//!   hold `Foo`); what is left is whitespace inside long values.
//! - SQL (`sql*` keys) and Looker expressions (`expression*`): runs of whitespace
//!   outside string literals and quoted identifiers collapse to one space, and go
//!   away next to brackets and commas, or between a word and an operator, where
//!   no SQL lexer can see them. Comments are part of the SQL and stay, but their
//!   whitespace is normalised too, and the line break that ends a `--` comment is
//!   kept (it ends the comment).
//! - HTML (`html*` keys): runs of whitespace collapse to one space, as a browser
//!   renders them.
//! - Lists whose order Looker never shows (tags, access grants, an explore's
//!   `fields`, a measure's `filters`) are compared as sorted; every other list keeps
//!   its order, because `timeframes`, `drill_fields`, a set's `fields` or
//!   `suggestions` are shown to users in the order written.

use std::borrow::Cow;

use serde_json::Value;

use crate::project::{PropertyValue, Text};

/// How a key's text is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Sql,
    Html,
    Plain,
}

impl TextKind {
    pub fn of(key: &str) -> TextKind {
        if key.starts_with("sql") || key.starts_with("expression") {
            TextKind::Sql
        } else if key.starts_with("html") {
            TextKind::Html
        } else {
            TextKind::Plain
        }
    }
}

/// A property's value reduced for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Canonical {
    Text(String),
    List(Vec<String>),
    Pairs(Vec<(Text, Text)>),
    Json(Value),
}

/// The canonical form of `value`, the value of `key` in an object of `object_kind`.
pub fn canonical(object_kind: &str, key: &str, value: &PropertyValue) -> Canonical {
    let kind = TextKind::of(key);
    match value {
        PropertyValue::Scalar { text, .. } | PropertyValue::Expression(text) => {
            Canonical::Text(text_of(kind, text).into_owned())
        }
        PropertyValue::List(items) => {
            let mut items: Vec<String> = items.iter().map(|i| i.trim().to_string()).collect();
            if is_unordered(object_kind, key) {
                items.sort();
            }
            Canonical::List(items)
        }
        PropertyValue::Pairs(pairs) => {
            let mut pairs = pairs.clone();
            if is_unordered(object_kind, key) {
                pairs.sort();
            }
            Canonical::Pairs(pairs)
        }
        PropertyValue::Structured(json) => Canonical::Json(json_of(key, json)),
    }
}

/// Whether two values of `key` mean the same, without building canonical forms when
/// the raw values already agree (the common case).
pub fn same_value(object_kind: &str, key: &str, old: &PropertyValue, new: &PropertyValue) -> bool {
    if raw_equal(old, new) {
        return true;
    }
    canonical(object_kind, key, old) == canonical(object_kind, key, new)
}

/// Equal up to quoting and to a literal-versus-expression form of the same text.
fn raw_equal(old: &PropertyValue, new: &PropertyValue) -> bool {
    match (old.as_str(), new.as_str()) {
        (Some(a), Some(b)) => a == b,
        _ => old == new,
    }
}

fn text_of(kind: TextKind, text: &str) -> Cow<'_, str> {
    match kind {
        TextKind::Sql => Cow::Owned(sql(text)),
        TextKind::Html => Cow::Owned(collapse_whitespace(text)),
        TextKind::Plain => Cow::Borrowed(text),
    }
}

/// A YAML structure with its SQL and HTML strings normalised by the key they sit
/// under. Mapping order is already irrelevant to `serde_json`'s map equality.
fn json_of(key: &str, value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(text_of(TextKind::of(key), s).into_owned()),
        Value::Array(items) => Value::Array(items.iter().map(|i| json_of(key, i)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), json_of(k, v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Lists whose order has no effect: they are sets of names or conditions.
fn is_unordered(object_kind: &str, key: &str) -> bool {
    match key {
        "tags" | "required_access_grants" | "allowed_values" | "unless" | "listens_to_filters" => {
            true
        }
        "fields" => matches!(object_kind, "explore" | "join"),
        "filters" => matches!(object_kind, "measure" | "dimension" | "element" | "query"),
        "dimensions" | "measures" => object_kind == "query",
        _ => false,
    }
}

/// Whitespace runs to one space, ends trimmed.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// SQL with its insignificant whitespace removed (see the module comment).
pub fn sql(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A whitespace run seen but not yet written, and whether it must stay a line break.
    let mut pending = false;
    let mut pending_newline = false;
    let mut rest = text.trim();
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            pending = true;
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (token, is_line_comment) = next_token(rest);
        if pending || pending_newline {
            write_separator(&mut out, token, pending_newline);
        }
        pending = false;
        pending_newline = false;
        match token.as_bytes()[0] {
            b'-' | b'/' if token.len() > 1 => out.push_str(&collapse_whitespace(token)),
            _ => out.push_str(token),
        }
        if is_line_comment {
            pending_newline = true;
        }
        rest = &rest[token.len()..];
    }
    out
}

/// The next token of `rest` (which starts with a non-space): a quoted literal or
/// identifier, a comment, or one character. The flag says it is a `--` comment.
fn next_token(rest: &str) -> (&str, bool) {
    let bytes = rest.as_bytes();
    match bytes[0] {
        q @ (b'\'' | b'"' | b'`') => (&rest[..end_of_quoted(bytes, q)], false),
        b'-' if bytes.get(1) == Some(&b'-') => {
            let end = rest.find('\n').unwrap_or(rest.len());
            (rest[..end].trim_end(), true)
        }
        b'/' if bytes.get(1) == Some(&b'*') => {
            let end = rest[2..].find("*/").map_or(rest.len(), |n| n + 4);
            (&rest[..end], false)
        }
        _ => {
            let len = rest.chars().next().map_or(1, char::len_utf8);
            (&rest[..len], false)
        }
    }
}

/// The end of the literal opening with quote `q` at 0: a doubled quote or a
/// backslash escapes; an unclosed literal runs to the end.
fn end_of_quoted(bytes: &[u8], q: u8) -> usize {
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == q && bytes.get(i + 1) == Some(&q) => i += 2,
            b if b == q => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Writes what a whitespace run before `next` is worth after the text in `out`.
fn write_separator(out: &mut String, next: &str, newline: bool) {
    if newline {
        out.push('\n');
        return;
    }
    let (Some(before), Some(after)) = (out.chars().last(), next.chars().next()) else {
        return;
    };
    let comment = next.starts_with("--") || next.starts_with("/*") || out.ends_with("*/");
    if comment || needs_space(before, after) {
        out.push(' ');
    }
}

/// Whether a space between `a` and `b` can change how SQL (or a template around it)
/// reads: between two word characters always, between two operator characters
/// (`< =` is not `<=`, `- -` is not a comment) always; never next to a bracket or a
/// comma, nor between a word and an operator.
fn needs_space(a: char, b: char) -> bool {
    let free = |c: char| matches!(c, '(' | ')' | ',' | ';');
    if free(a) || free(b) {
        return false;
    }
    is_operator(a) == is_operator(b)
}

fn is_operator(c: char) -> bool {
    matches!(
        c,
        '=' | '<' | '>' | '!' | '+' | '-' | '*' | '/' | '|' | '&' | '^' | '~' | ':' | '%'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_whitespace_and_layout_do_not_matter() {
        let a = "CASE\n    WHEN ${status} IN ('a', 'b') THEN 1\n    ELSE 0\n  END";
        let b = "CASE WHEN ${status} IN ('a','b') THEN 1 ELSE 0 END";
        assert_eq!(sql(a), sql(b));
        assert_eq!(sql("COALESCE( x , y )"), sql("COALESCE(x, y)"));
        assert_eq!(sql("a = b"), sql("a=b"));
    }

    #[test]
    fn sql_whitespace_that_matters_stays() {
        assert_ne!(sql("a b"), sql("ab"));
        assert_ne!(sql("a < = b"), sql("a <= b"));
        assert_ne!(sql("a - -b"), sql("a --b"));
        assert_ne!(sql("x = 'a  b'"), sql("x = 'a b'"));
        assert_ne!(sql("\"My  Col\""), sql("\"My Col\""));
        assert_ne!(sql("${a} AND"), sql("${a}AND"));
    }

    #[test]
    fn a_line_comment_keeps_its_line_end() {
        assert_eq!(sql("a -- note\n   AND b"), "a -- note\nAND b");
        assert_ne!(sql("a -- note\nAND b"), sql("a -- note AND b"));
        assert_eq!(sql("a /* x\n   y */ b"), "a /* x y */ b");
        assert_ne!(sql("a -- one"), sql("a -- two"));
    }

    #[test]
    fn quotes_escape_and_unclosed_literals_end() {
        assert_eq!(sql("'it''s  x'  ,  y"), "'it''s  x',y");
        assert_eq!(sql("'a\\'  b'"), "'a\\'  b'");
        assert_eq!(sql("x = 'open  b"), "x='open  b");
        assert_eq!(sql(""), "");
        assert_eq!(sql("  é  ü "), "é ü");
    }

    #[test]
    fn lists_are_ordered_unless_their_order_is_never_shown() {
        let l = |v: &[&str]| PropertyValue::List(v.iter().map(|s| Text::from(*s)).collect());
        assert!(same_value(
            "dimension",
            "tags",
            &l(&["a", "b"]),
            &l(&["b", "a"])
        ));
        assert!(same_value(
            "explore",
            "fields",
            &l(&["a", "b"]),
            &l(&["b", "a"])
        ));
        assert!(!same_value(
            "set",
            "fields",
            &l(&["a", "b"]),
            &l(&["b", "a"])
        ));
        assert!(!same_value(
            "dimension_group",
            "timeframes",
            &l(&["date", "week"]),
            &l(&["week", "date"])
        ));
    }

    #[test]
    fn quoting_and_expression_form_are_not_values() {
        let lit = PropertyValue::Scalar {
            text: "Foo".into(),
            quoted: false,
        };
        let quoted = PropertyValue::Scalar {
            text: "Foo".into(),
            quoted: true,
        };
        assert!(same_value("view", "label", &lit, &quoted));
        let yaml = PropertyValue::Scalar {
            text: "${TABLE}.id".into(),
            quoted: false,
        };
        let modern = PropertyValue::Expression("${TABLE}.id".into());
        assert!(same_value("dimension", "sql", &yaml, &modern));
    }

    #[test]
    fn structured_values_normalise_by_key() {
        let a = serde_json::json!({"sql": "select 1\n  from x", "label": "A"});
        let b = serde_json::json!({"label": "A", "sql": "select 1 from x"});
        assert!(same_value(
            "view",
            "derived_table",
            &PropertyValue::Structured(Box::new(a)),
            &PropertyValue::Structured(Box::new(b))
        ));
    }
}
