//! The schemas a project reads from: the qualifier just before a relation's name
//! (`analytics` in `analytics.orders`, `sales` in `db.sales.orders` or
//! `` `proj.sales.orders` ``), found where a render maps schemas.
//!
//! The scan that tells SQL from strings, comments and substitutions is the
//! render's own ([`crate::env::schema_qualifiers`]); this module only chooses,
//! among the qualifiers it finds, those that qualify a relation rather than a
//! column (`o.id`).

use std::collections::BTreeMap;

use crate::env::schema_qualifiers;

/// Keywords after which SQL names a relation.
const RELATION_KEYWORDS: &[&str] = &["FROM", "JOIN", "INTO", "UPDATE", "TABLE"];

/// The schemas qualifying relation names in `sql`, in order, repeats kept.
/// `anywhere`: every qualified name is a relation (`sql_table_name`); otherwise
/// only names after `FROM`, `JOIN`, `INTO`, `UPDATE` or `TABLE` are
/// (derived-table SQL, where `o.id` is a column).
pub fn relation_schemas(sql: &str, anywhere: bool) -> Vec<&str> {
    let candidates = dotted_words(sql);
    if candidates.is_empty() {
        return Vec::new();
    }
    let b = sql.as_bytes();
    schema_qualifiers(sql, &candidates)
        .into_iter()
        .filter(|r| qualifies_last_part(b, r.end))
        .filter(|r| anywhere || after_relation_keyword(b, chain_start(b, r.start)))
        .map(|r| &sql[r])
        .collect()
}

/// Every word followed by `.`, wherever it stands: the candidates the render's
/// scan then keeps only outside strings, comments and substitutions.
fn dotted_words(sql: &str) -> BTreeMap<String, String> {
    let b = sql.as_bytes();
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < b.len() {
        if is_ident_start(b[i]) && (i == 0 || !is_ident(b[i - 1])) {
            let start = i;
            while i < b.len() && is_ident(b[i]) {
                i += 1;
            }
            if b.get(i) == Some(&b'.') {
                out.insert(sql[start..i].to_string(), String::new());
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Whether the qualifier ending at `end` (before a `.`) is followed by the last
/// part of its dotted name: `schema` in `schema.table`, not `db` in `db.schema.table`.
fn qualifies_last_part(b: &[u8], end: usize) -> bool {
    if b.get(end) != Some(&b'.') {
        return false;
    }
    let mut i = end + 1;
    match b.get(i) {
        Some(&q @ (b'"' | b'`' | b'[')) => {
            let close = if q == b'[' { b']' } else { q };
            match b[i + 1..].iter().position(|&c| c == close) {
                Some(n) => i += n + 2,
                None => return false,
            }
        }
        _ => {
            let start = i;
            while i < b.len() && is_ident(b[i]) {
                i += 1;
            }
            if i == start {
                return false;
            }
        }
    }
    b.get(i) != Some(&b'.')
}

/// Where the dotted name holding the part at `start` begins (its opening
/// backtick, when it is quoted whole).
fn chain_start(b: &[u8], start: usize) -> usize {
    let mut i = start;
    while i > 0 && b[i - 1] == b'.' {
        let mut j = i - 1;
        while j > 0 && is_ident(b[j - 1]) {
            j -= 1;
        }
        if j == i - 1 {
            break;
        }
        i = j;
    }
    if i > 0 && b[i - 1] == b'`' {
        i -= 1;
    }
    i
}

/// Whether the word before `at` (spaces skipped) is a keyword after which a
/// relation is named.
fn after_relation_keyword(b: &[u8], at: usize) -> bool {
    let mut end = at;
    while end > 0 && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end == at {
        return false;
    }
    let mut start = end;
    while start > 0 && b[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    if start > 0 && is_ident(b[start - 1]) {
        return false;
    }
    let word = String::from_utf8_lossy(&b[start..end]).to_ascii_uppercase();
    RELATION_KEYWORDS.contains(&word.as_str())
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_qualifiers_not_columns_strings_or_comments() {
        let sql = "SELECT o.id, 'x.y' FROM analytics.orders AS o\n  LEFT JOIN db.sales.users u ON u.id = o.user_id -- raw.t\n  JOIN `proj.mart.t` ON 1=1 JOIN ${other.SQL_TABLE_NAME} /* c.d */ JOIN @{S}.x";
        assert_eq!(relation_schemas(sql, false), ["analytics", "sales", "mart"]);
    }

    #[test]
    fn sql_table_name_is_a_relation_wherever_it_stands() {
        assert_eq!(relation_schemas(" analytics.orders ", true), ["analytics"]);
        assert_eq!(relation_schemas("db.sales.\"Orders\"", true), ["sales"]);
        assert_eq!(
            relation_schemas("\n -- if prod -- analytics.events\n", true),
            Vec::<&str>::new()
        );
        assert_eq!(
            relation_schemas("@{SCHEMA}.users", true),
            Vec::<&str>::new()
        );
        assert_eq!(relation_schemas("orders", true), Vec::<&str>::new());
    }
}
