//! Finding the tokens a render changes inside text: model names in Looker URLs, and
//! schema qualifiers in SQL.

use std::collections::BTreeMap;
use std::ops::Range;

/// URL path segments followed by a model name, and what ends the name.
const URL_FORMS: &[(&str, &str)] = &[
    ("/explore/", "/"),
    ("/dashboards/", "::"),
    ("/dashboards-next/", "::"),
];

/// Every model name in a Looker URL inside `text`: `/explore/<m>/`,
/// `/dashboards/<m>::`, `/dashboards-next/<m>::` (the `/embed/…` forms contain these).
/// Ranges are byte ranges of the name in `text`.
pub fn url_models(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut found = Vec::new();
    // Most strings hold no URL at all: one fast scan for the common prefix first.
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(n) = memchr::memchr(b'/', &bytes[at..]) {
        let slash = at + n;
        at = slash + 1;
        let rest = &text[slash..];
        let Some((marker, end)) = URL_FORMS.iter().find(|(m, _)| rest.starts_with(m)) else {
            continue;
        };
        let start = slash + marker.len();
        let tail = &text[start..];
        let Some(len) = tail.find(end) else { continue };
        let name = &tail[..len];
        let plausible = !name.is_empty() && !name.contains(ends_url_name);
        if plausible {
            found.push((start..start + len, name));
        }
    }
    found
}

/// Whether `c` cannot stand in a model name in a URL.
fn ends_url_name(c: char) -> bool {
    match c {
        '"' | '\'' | '<' | '>' | '?' | '&' | '#' | '/' | '{' | '}' => true,
        c => c.is_whitespace(),
    }
}

/// Every schema qualifier in SQL that `map` names: an identifier followed by `.`,
/// outside string literals, comments and LookML/Liquid substitutions. Backtick-quoted
/// dotted names (BigQuery) are looked into.
pub fn schema_qualifiers(sql: &str, map: &BTreeMap<String, String>) -> Vec<Range<usize>> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    // Every qualifier found below is a name of `map` followed by `.`: SQL holding no
    // such text has none, and most SQL a render, its inverse or the leak guard looks
    // at holds none of the names that one looks for.
    let named = memchr::memchr_iter(b'.', b).any(|dot| {
        let before = &b[..dot];
        map.keys().any(|k| before.ends_with(k.as_bytes()))
    });
    if !named {
        return out;
    }
    let mut i = 0;
    while i < b.len() {
        match BYTE_CLASS[b[i] as usize] {
            Class::Nothing => i += 1,
            Class::Word if i > 0 && is_ident(b[i - 1]) => i += 1,
            Class::Word => {
                let start = i;
                while i < b.len() && is_ident(b[i]) {
                    i += 1;
                }
                if b.get(i) == Some(&b'.') && map.contains_key(&sql[start..i]) {
                    out.push(start..i);
                }
            }
            Class::Mark => {
                let rest = &b[i..];
                if rest.starts_with(b"--") {
                    i = skip_to(b, i, b"\n");
                } else if rest.starts_with(b"/*") {
                    i = skip_to(b, i + 2, b"*/");
                } else if rest.starts_with(b"${")
                    || rest.starts_with(b"@{")
                    || rest.starts_with(b"{{")
                {
                    i = skip_to(b, i + 2, b"}");
                } else if rest.starts_with(b"{%") {
                    i = skip_to(b, i + 2, b"%}");
                } else if b[i] == b'\'' || b[i] == b'"' {
                    i = skip_quoted(b, i);
                } else if b[i] == b'`' {
                    let end = skip_quoted(b, i);
                    let closed = end > i + 1 && b.get(end - 1) == Some(&b'`');
                    if closed {
                        qualifiers_in_dotted(sql, i + 1..end - 1, map, &mut out);
                    }
                    i = end;
                } else {
                    i += 1;
                }
            }
        }
    }
    out
}

/// What a byte can begin in SQL, for [`schema_qualifiers`]: most bytes begin
/// nothing it looks at, and a table tells them apart in one step.
#[derive(Clone, Copy)]
enum Class {
    Nothing,
    /// An identifier, unless it continues one.
    Word,
    /// A comment, a substitution, a string or a quoted name, or nothing.
    Mark,
}

const fn byte_classes() -> [Class; 256] {
    let mut t = [Class::Nothing; 256];
    let mut c = 0;
    while c < 256 {
        if is_ident_start(c as u8) {
            t[c] = Class::Word;
        }
        c += 1;
    }
    let marks = b"-/$@{'\"`";
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = Class::Mark;
        i += 1;
    }
    t
}

static BYTE_CLASS: [Class; 256] = byte_classes();

fn qualifiers_in_dotted(
    sql: &str,
    range: Range<usize>,
    map: &BTreeMap<String, String>,
    out: &mut Vec<Range<usize>>,
) {
    let Some(inner) = sql.get(range.clone()) else {
        return;
    };
    let mut at = range.start;
    let parts: Vec<&str> = inner.split('.').collect();
    for (n, part) in parts.iter().enumerate() {
        if n + 1 < parts.len() && map.contains_key(*part) {
            out.push(at..at + part.len());
        }
        at += part.len() + 1;
    }
}

const fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

/// The offset after the next `end` at or after `from` (or the end of the text).
fn skip_to(b: &[u8], from: usize, end: &[u8]) -> usize {
    let rest = &b[from.min(b.len())..];
    // A one-byte end needs no substring searcher (building one costs more than
    // the short searches here).
    let found = match end {
        [byte] => memchr::memchr(*byte, rest),
        _ => memchr::memmem::find(rest, end),
    };
    found.map_or(b.len(), |n| from + n + end.len())
}

/// The offset after the quoted run starting at `open` (a doubled quote continues it).
fn skip_quoted(b: &[u8], open: usize) -> usize {
    let q = b[open];
    let mut i = open + 1;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if b.get(i + 1) == Some(&q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

/// How Liquid uses a LookML parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParameterUse {
    /// The value becomes text of the SQL: `{% parameter NAME %}`,
    /// `{{ NAME._parameter_value }}` (with or without filters), or a tag other than a
    /// condition that reads `NAME._parameter_value` (`{% assign t = … %}`).
    Pasted,
    /// The value is only compared: `NAME._parameter_value` in `{% if %}`,
    /// `{% elsif %}`, `{% unless %}`, `{% case %}` or `{% when %}`.
    Compared,
}

/// A LookML parameter named in Liquid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiquidParameter<'a> {
    /// The whole tag or output, `{%`/`{{` to `%}`/`}}`.
    pub tag: Range<usize>,
    /// Where the name (`NAME` or `VIEW.NAME`) starts.
    pub at: usize,
    /// `VIEW` in `VIEW.NAME`.
    pub view: Option<&'a str>,
    pub name: &'a str,
    pub how: ParameterUse,
}

/// Tags whose `_parameter_value` is compared, not pasted.
const CONDITION_TAGS: &[&str] = &["if", "elsif", "unless", "case", "when"];

/// Every LookML parameter that Liquid in `text` names, in order. Liquid runs before
/// the SQL is read, so tags inside SQL strings and comments count too; a
/// `{% comment %}` or `{% raw %}` block does not.
pub(crate) fn liquid_parameters(text: &str) -> Vec<LiquidParameter<'_>> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    if memchr::memmem::find(b, b"parameter").is_none() {
        return out;
    }
    let mut at = 0;
    while let Some(n) = memchr::memchr(b'{', &b[at..]) {
        let open = at + n;
        at = open + 1;
        let close = match b.get(open + 1) {
            Some(b'%') => b"%}",
            Some(b'{') => b"}}",
            _ => continue,
        };
        let end = skip_to(b, open + 2, close);
        at = end;
        let closed = end >= open + 4 && b[..end].ends_with(close);
        let inner = &text[open + 2..if closed { end - 2 } else { end }];
        let body = inner.trim_start_matches('-').trim_start();
        let body_at = open + 2 + (inner.len() - body.len());
        let word_len = body
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(body.len());
        let word = &body[..word_len];
        if close == b"%}" {
            if word == "comment" || word == "raw" {
                // Up to the end tag: `{% endcomment %}`, `{% endraw %}`.
                let end_tag = format!("end{word}");
                if let Some(k) = memchr::memmem::find(&b[at..], end_tag.as_bytes()) {
                    at = skip_to(b, at + k, b"%}");
                } else {
                    at = b.len();
                }
                continue;
            }
            if word == "parameter" {
                let rest = &body[word_len..];
                let name = rest.trim_start();
                let name_at = body_at + word_len + (rest.len() - name.len());
                let len = name.find(|c: char| !is_path_char(c)).unwrap_or(name.len());
                if len > 0 {
                    let (view, name) = split_path(&name[..len]);
                    out.push(LiquidParameter {
                        tag: open..end,
                        at: name_at,
                        view,
                        name,
                        how: ParameterUse::Pasted,
                    });
                }
                continue;
            }
        }
        let how = if close == b"%}" && CONDITION_TAGS.contains(&word) {
            ParameterUse::Compared
        } else {
            ParameterUse::Pasted
        };
        let base = open + 2;
        for k in memchr::memmem::find_iter(inner.as_bytes(), b"._parameter_value") {
            let after = inner[k + 17..].chars().next();
            if after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let ib = inner.as_bytes();
            let mut start = k;
            while start > 0 && is_path_char(char::from(ib[start - 1])) {
                start -= 1;
            }
            let path = &inner[start..k];
            if path.is_empty() || path.starts_with('.') {
                continue;
            }
            let (view, name) = split_path(path);
            out.push(LiquidParameter {
                tag: open..end,
                at: base + start,
                view,
                name,
                how,
            });
        }
    }
    out
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

/// `VIEW.NAME` or `NAME`.
fn split_path(path: &str) -> (Option<&str>, &str) {
    match path.rsplit_once('.') {
        Some((view, name)) => (Some(view), name),
        None => (None, path),
    }
}

/// Whether `value` is a table name whose schema [`schema_qualifiers`] finds when it
/// stands in SQL: parts joined by `.`, each a name (`a-z`, `0-9`, `_`, `$`, and `-`
/// for BigQuery's projects), a backtick-quoted name, or a `@{CONSTANT}`. A name in
/// double quotes is not: the scan reads it as a string.
pub(crate) fn is_table_name(value: &str) -> bool {
    let v = value.trim().as_bytes();
    if v.is_empty() {
        return false;
    }
    let mut i = 0;
    loop {
        let start = i;
        match v.get(i) {
            Some(b'`') => {
                let Some(n) = memchr::memchr(b'`', &v[i + 1..]) else {
                    return false;
                };
                i += n + 2;
                if n == 0 {
                    return false;
                }
            }
            Some(b'@') if v.get(i + 1) == Some(&b'{') => {
                let Some(n) = memchr::memchr(b'}', &v[i + 2..]) else {
                    return false;
                };
                if n == 0 {
                    return false;
                }
                i += n + 3;
            }
            Some(&c) if is_ident_start(c) => {
                while i < v.len() && (is_ident(v[i]) || v[i] == b'-') {
                    i += 1;
                }
            }
            _ => return false,
        }
        debug_assert!(i > start);
        match v.get(i) {
            None => return true,
            Some(b'.') => i += 1,
            Some(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_models_in_every_url_form() {
        let t = "<a href=\"/explore/ecommerce/orders?f=1\">x</a> /dashboards/ecommerce::sales /dashboards-next/marketing::c https://h/embed/explore/ecommerce/x /embed/dashboards/m2::d /explore/ /explore/{{ _model._name }}/x";
        let names: Vec<&str> = url_models(t).into_iter().map(|(_, n)| n).collect();
        assert_eq!(
            names,
            ["ecommerce", "ecommerce", "marketing", "ecommerce", "m2"]
        );
    }

    #[test]
    fn schemas_only_as_whole_qualifiers_outside_strings_and_comments() {
        let map: BTreeMap<String, String> = [("analytics".to_string(), "dev".to_string())].into();
        let sql = "SELECT * FROM analytics.orders o -- analytics.x\nJOIN analytics.users u ON 'analytics.orders' = my_analytics.a /* analytics.b */ WHERE ${analytics.c} AND `proj.analytics.t` AND analytics = 1";
        let found: Vec<&str> = schema_qualifiers(sql, &map)
            .into_iter()
            .map(|r| &sql[r])
            .collect();
        assert_eq!(found.len(), 3);
        let starts: Vec<usize> = schema_qualifiers(sql, &map)
            .into_iter()
            .map(|r| r.start)
            .collect();
        assert_eq!(&sql[starts[0]..starts[0] + 16], "analytics.orders");
        assert_eq!(&sql[starts[1]..starts[1] + 15], "analytics.users");
        assert_eq!(&sql[starts[2] - 5..starts[2] + 11], "proj.analytics.t");
    }

    /// The scan as it was before the prefilter and the byte table: every position
    /// tried in turn.
    fn reference(sql: &str, map: &BTreeMap<String, String>) -> Vec<Range<usize>> {
        let b = sql.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let rest = &b[i..];
            if rest.starts_with(b"--") {
                i = skip_to(b, i, b"\n");
            } else if rest.starts_with(b"/*") {
                i = skip_to(b, i + 2, b"*/");
            } else if rest.starts_with(b"${") || rest.starts_with(b"@{") || rest.starts_with(b"{{")
            {
                i = skip_to(b, i + 2, b"}");
            } else if rest.starts_with(b"{%") {
                i = skip_to(b, i + 2, b"%}");
            } else if b[i] == b'\'' || b[i] == b'"' {
                i = skip_quoted(b, i);
            } else if b[i] == b'`' {
                let end = skip_quoted(b, i);
                let closed = end > i + 1 && b.get(end - 1) == Some(&b'`');
                if closed {
                    qualifiers_in_dotted(sql, i + 1..end - 1, map, &mut out);
                }
                i = end;
            } else if is_ident_start(b[i]) && (i == 0 || !is_ident(b[i - 1])) {
                let start = i;
                while i < b.len() && is_ident(b[i]) {
                    i += 1;
                }
                if b.get(i) == Some(&b'.') && map.contains_key(&sql[start..i]) {
                    out.push(start..i);
                }
            } else {
                i += 1;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn same_qualifiers_as_trying_every_position(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "a.", "ab", "ab.", "1a.", "$a.", "_a.", " ", "\n", ".", "'", "\"", "`",
                    "\\", "--", "/*", "*/", "${", "@{", "{{", "{%", "%}", "}", "-", "/", "{", "é",
                ]),
                0..40,
            ),
            keys in proptest::collection::vec(
                proptest::sample::select(vec!["a", "ab", "_a", "1a", ""]),
                0..3,
            ),
        ) {
            let sql = parts.concat();
            let map: BTreeMap<String, String> =
                keys.iter().map(|k| (k.to_string(), "x".to_string())).collect();
            proptest::prop_assert_eq!(schema_qualifiers(&sql, &map), reference(&sql, &map));
        }
    }

    #[test]
    fn liquid_names_parameters_pasted_and_compared() {
        let sql = "{% parameter a %} {%- parameter v.b -%} {{ c._parameter_value | replace: \"'\", \"\" }} {{v.d._parameter_value}} {% if e._parameter_value == 'x' %}{% elsif v.f._parameter_value %}{% endif %} {% assign t = g._parameter_value %} {% comment %}{% parameter h %}{% endcomment %} {{ i._parameter_values }} {% raw %}{{ j._parameter_value }}{% endraw %} {% parameter k";
        let found: Vec<(Option<&str>, &str, ParameterUse, &str)> = liquid_parameters(sql)
            .into_iter()
            .map(|u| {
                (
                    u.view,
                    u.name,
                    u.how,
                    &sql[u.at..u.at + u.name.len() + u.view.map_or(0, |v| v.len() + 1)],
                )
            })
            .collect();
        use ParameterUse::{Compared, Pasted};
        assert_eq!(
            found,
            [
                (None, "a", Pasted, "a"),
                (Some("v"), "b", Pasted, "v.b"),
                (None, "c", Pasted, "c"),
                (Some("v"), "d", Pasted, "v.d"),
                (None, "e", Compared, "e"),
                (Some("v"), "f", Compared, "v.f"),
                (None, "g", Pasted, "g"),
                (None, "k", Pasted, "k"),
            ]
        );
        assert!(liquid_parameters("SELECT 1 {% if x %}").is_empty());
        // Tags are whole: `{%}` opens nothing.
        assert!(liquid_parameters("{%}parameter x %}").is_empty());
    }

    #[test]
    fn table_names_the_scan_understands() {
        for v in [
            "events",
            "analytics.events",
            "db.analytics.events",
            "`proj.analytics.events`",
            "`my-proj`.analytics.events",
            "my-proj.analytics.events",
            "@{SCHEMA}.events",
            " analytics.events ",
            "a$b.c",
        ] {
            assert!(is_table_name(v), "{v}");
        }
        for v in [
            "",
            "analytics.",
            ".events",
            "\\\"analytics\\\".events",
            "(SELECT 1)",
            "analytics.events WHERE 1",
            "analytics.events -- x",
            "``.x",
            "`a",
            "@{}.x",
            "{{ x }}.t",
            "1a.b",
        ] {
            assert!(!is_table_name(v), "{v}");
        }
    }

    #[test]
    fn unclosed_constructs_end_at_the_end() {
        let map: BTreeMap<String, String> = [("a".to_string(), "b".to_string())].into();
        for sql in ["'a.b", "/* a.b", "${a.b", "`a.b", "\"a.b"] {
            assert!(schema_qualifiers(sql, &map).is_empty(), "{sql}");
        }
    }
}
