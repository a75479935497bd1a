//! The JSON that Python's `lkml.load` returns for a file, so that every tool built on
//! lkml can consume storyboard's output.
//!
//! lkml's rules: every scalar is a string; quoted strings lose their quotes but keep
//! their backslashes; expressions are trimmed; a block becomes an object with its name
//! under `"name"` (last); repeatable keys collect into a list under a plural key
//! (`dimension` → `dimensions`, `filters` → `filters__all`); a repeated key that is not
//! repeatable keeps the last value.

use serde_json::{Map, Value as Json};

use super::syntax::{NodeKind, TokenKind};
use super::tree::{NodeRef, SyntaxTree};

/// lkml's `PLURAL_KEYS`: keys that may repeat in one block.
const PLURAL_KEYS: &[&str] = &[
    "access_filter",
    "access_grant",
    "action",
    "aggregate_table",
    "allowed_value",
    "assert",
    "bind_filters",
    "column",
    "constant",
    "datagroup",
    "remote_dependency",
    "local_dependency",
    "derived_column",
    "dimension",
    "dimension_group",
    "explore",
    "extends",
    "filter",
    "filters",
    "form_param",
    "include",
    "join",
    "link",
    "map_layer",
    "measure",
    "named_value_format",
    "option",
    "override_constant",
    "param",
    "parameter",
    "query",
    "set",
    "sql_step",
    "test",
    "user_attribute_param",
    "view",
    "when",
];

/// The key under which lkml collects a repeatable key, or `None` if it does not repeat.
pub fn plural_key(key: &str) -> Option<String> {
    if !PLURAL_KEYS.contains(&key) {
        return None;
    }
    Some(match key {
        "filters" | "bind_filters" | "extends" => format!("{key}__all"),
        "query" => "queries".into(),
        "remote_dependency" => "remote_dependencies".into(),
        "local_dependency" => "local_dependencies".into(),
        _ => format!("{key}s"),
    })
}

pub fn to_lkml_json(tree: &SyntaxTree) -> Json {
    // lkml does not know the byte-order mark: it reads it as part of the first key,
    // which then is no repeatable key any more.
    let bom_key = tree.token_count() > 1
        && tree.token_kind(0) == TokenKind::ByteOrderMark
        && tree.token_kind(1) == TokenKind::Literal;
    Json::Object(container(tree.root(), bom_key))
}

fn container(node: NodeRef<'_>, bom_on_first_key: bool) -> Map<String, Json> {
    let mut map = Map::new();
    for (i, child) in node.children().enumerate() {
        let Some(key) = child.key() else { continue };
        let value = node_value(child);
        if bom_on_first_key && i == 0 {
            map.insert(format!("\u{feff}{key}"), value);
            continue;
        }
        match plural_key(key) {
            Some(plural) => match map.get_mut(&plural) {
                Some(Json::Array(items)) => items.push(value),
                _ => {
                    map.insert(plural, Json::Array(vec![value]));
                }
            },
            None => {
                map.insert(key.to_string(), value);
            }
        }
    }
    map
}

fn node_value(node: NodeRef<'_>) -> Json {
    match node.kind() {
        NodeKind::Block => {
            let mut map = container(node, false);
            if let Some(name) = node.name() {
                map.insert("name".into(), Json::String(name.to_string()));
            }
            Json::Object(map)
        }
        NodeKind::List => Json::Array(node.children().map(node_value).collect()),
        NodeKind::ListPair => {
            let mut map = Map::new();
            if let (Some(k), Some(v)) = (node.key(), node.value()) {
                map.insert(k.to_string(), Json::String(v.text().into_owned()));
            }
            Json::Object(map)
        }
        NodeKind::Pair | NodeKind::ListValue => Json::String(
            node.value()
                .map(|v| v.text().into_owned())
                .unwrap_or_default(),
        ),
        NodeKind::Document => Json::Object(container(node, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> String {
        let tree = SyntaxTree::parse(text).expect("parses");
        serde_json::to_string(&to_lkml_json(&tree)).expect("serialises")
    }

    #[test]
    fn matches_lkml_documented_examples() {
        assert_eq!(
            json(
                "view: orders { sql_table_name: public.orders ;; dimension: id { primary_key: yes type: number sql: ${TABLE}.id ;; } }"
            ),
            r#"{"views":[{"sql_table_name":"public.orders","dimensions":[{"primary_key":"yes","type":"number","sql":"${TABLE}.id","name":"id"}],"name":"orders"}]}"#
        );
        assert_eq!(
            json("measure: m { filters: [status: \"complete\"] }"),
            r#"{"measures":[{"filters__all":[[{"status":"complete"}]],"name":"m"}]}"#
        );
        assert_eq!(
            json("explore: e { extends: [b, c] }"),
            r#"{"explores":[{"extends__all":[["b","c"]],"name":"e"}]}"#
        );
    }

    #[test]
    fn last_duplicate_wins_in_place() {
        assert_eq!(json("a: 1\nb: 2\na: 3"), r#"{"a":"3","b":"2"}"#);
    }

    #[test]
    fn byte_order_mark_joins_the_first_key_as_in_lkml() {
        assert_eq!(
            json("\u{feff}connection: \"x\""),
            "{\"\u{feff}connection\":\"x\"}"
        );
        assert_eq!(
            json("\u{feff}view: v {}"),
            "{\"\u{feff}view\":{\"name\":\"v\"}}"
        );
    }
}
