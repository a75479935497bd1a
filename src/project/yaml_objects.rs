//! YAML LookML (dashboards and legacy models and views) to [`Object`]s.
//!
//! A top-level `- dashboard: name`, `- view: name` or `- explore: name` mapping is an
//! object of that kind. Lists of sub-objects (`elements`, dashboard `filters`,
//! `merged_queries`, legacy `fields`, `joins` and `sets`) become children; every other
//! key is a property. A legacy model file is one `model` object named after the file.

use std::path::Path;
use std::sync::Arc;

use super::object::{Object, Property, PropertyValue, Text};
use crate::lookml::yaml::{self, Mapping, Node, ScalarStyle};

/// Keys whose first entry names an object of that kind.
const OBJECT_KINDS: &[&str] = &[
    "dashboard",
    "view",
    "explore",
    "join",
    "dimension",
    "dimension_group",
    "measure",
    "filter",
    "parameter",
];

pub fn objects(file: &Arc<Path>, root: &Node) -> Vec<Object> {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let items: &[Node] = match root.as_sequence() {
        Some(s) => &s.items,
        None => &[],
    };
    let mut found = Vec::new();
    let mut loose = Object {
        kind: "file".into(),
        name: Text::default(),
        file: file.clone(),
        span: root.span(),
        properties: Vec::new(),
        children: Vec::new(),
    };
    for item in items {
        let Some(m) = item.as_mapping() else { continue };
        match named_object(file, m) {
            Some(obj) => found.push(obj),
            None => add_entries(file, &mut loose, &m.entries),
        }
    }
    if let Some(model) = name.strip_suffix(".model.lookml") {
        loose.kind = "model".into();
        loose.name = model.into();
        loose.children = found;
        return vec![loose];
    }
    if !loose.properties.is_empty() {
        found.insert(0, loose);
    }
    found
}

/// `- view: orders` (and the keys after it) as an object of kind `view`.
fn named_object(file: &Arc<Path>, m: &Mapping) -> Option<Object> {
    let (key, value) = m.entries.first()?;
    let kind = key.as_str()?;
    if !OBJECT_KINDS.contains(&kind) {
        return None;
    }
    let name = value.as_str()?;
    let mut obj = new_object(file, kind, name, m);
    add_entries(file, &mut obj, &m.entries[1..]);
    Some(obj)
}

fn new_object(file: &Arc<Path>, kind: &str, name: &str, m: &Mapping) -> Object {
    Object {
        kind: kind.into(),
        name: name.into(),
        file: file.clone(),
        span: m.span.clone(),
        properties: Vec::new(),
        children: Vec::new(),
    }
}

fn add_entries(file: &Arc<Path>, obj: &mut Object, entries: &[(Node, Node)]) {
    for (key, value) in entries {
        // A scalar key is read in place; only a collection key makes its text.
        let made;
        let k = match key.as_str() {
            Some(k) => k,
            None => {
                made = yaml::key_text(key);
                made.as_str()
            }
        };
        let children = match (k, value.resolved()) {
            ("elements", Node::Sequence(s)) => Some(named_items(file, "element", &s.items)),
            ("filters", Node::Sequence(s)) if obj.kind == "dashboard" => {
                Some(named_items(file, "filter", &s.items))
            }
            ("merged_queries", Node::Sequence(s)) => Some(named_items(file, "query", &s.items)),
            // Legacy LookML's lists of fields and joins; a dashboard element's
            // `fields: [a, b]` is a list of names, a property.
            ("fields" | "joins", Node::Sequence(s))
                if s.items.iter().any(|i| matches!(i, Node::Mapping(_))) =>
            {
                Some(
                    s.items
                        .iter()
                        .filter_map(|i| named_object(file, i.as_mapping()?))
                        .collect(),
                )
            }
            ("sets", Node::Mapping(m)) => Some(
                m.entries
                    .iter()
                    .map(|(name, fields)| {
                        let mut set = new_object(file, "set", &yaml::key_text(name), m);
                        set.span = name.span().start..fields.span().end;
                        set.properties.push(property("fields", fields));
                        set
                    })
                    .collect(),
            ),
            _ => None,
        };
        match children {
            Some(mut c) => obj.children.append(&mut c),
            None => obj.properties.push(property(k, value)),
        }
    }
}

/// Items of a list like `elements:`, each named by its `name:` key.
fn named_items(file: &Arc<Path>, kind: &str, items: &[Node]) -> Vec<Object> {
    items
        .iter()
        .filter_map(|i| {
            let m = i.as_mapping()?;
            let name = m.get("name").and_then(Node::as_str).unwrap_or_default();
            let mut obj = new_object(file, kind, name, m);
            add_entries(file, &mut obj, &m.entries);
            Some(obj)
        })
        .collect()
}

/// A property by what its value means: `!!null ''`, `~` and an empty value are
/// the same null, and an alias is its anchor's value.
fn property(key: &str, value: &Node) -> Property {
    let meaning = value.resolved();
    let v = match meaning {
        _ if meaning.is_null() => PropertyValue::Scalar {
            text: Text::default(),
            quoted: false,
        },
        Node::Scalar(s) => PropertyValue::Scalar {
            text: s.value.clone(),
            quoted: s.style != ScalarStyle::Plain || meaning.tag() == Some(yaml::STR_TAG),
        },
        Node::Sequence(s) if s.items.iter().all(|i| i.as_scalar().is_some()) => {
            PropertyValue::List(
                s.items
                    .iter()
                    .filter_map(|i| i.as_str().map(Text::from))
                    .collect(),
            )
        }
        other => PropertyValue::Structured(Box::new(yaml::to_json(other))),
    };
    Property {
        key: key.into(),
        value: v,
        span: value.span(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objs(path: &str, text: &str) -> Vec<Object> {
        let root = yaml::parse(text).expect("parses");
        objects(&Arc::from(Path::new(path)), &root)
    }

    #[test]
    fn a_dashboard_with_elements_and_filters() {
        let text = "- dashboard: sales\n  title: 'Sales'\n  filters:\n  - name: date\n    model: ecommerce\n  elements:\n  - name: revenue\n    model:   ecommerce\n    fields: [a, b]\n    merged_queries:\n    - model: ecommerce\n";
        let o = objs("dashboards/sales.dashboard.lookml", text);
        assert_eq!(o.len(), 1);
        let d = &o[0];
        assert_eq!((d.kind.as_str(), d.name.as_str()), ("dashboard", "sales"));
        assert_eq!(d.get("title"), Some("Sales"));
        let filter = d.children_of("filter").next().expect("filter");
        assert_eq!(filter.get("model"), Some("ecommerce"));
        let element = d.children_of("element").next().expect("element");
        let model = element.property("model").expect("model");
        assert_eq!(&text[model.span.clone()], "ecommerce");
        assert_eq!(element.children_of("query").count(), 1);
        assert_eq!(
            element.property("fields").map(|p| &p.value),
            Some(&PropertyValue::List(vec!["a".into(), "b".into()]))
        );
    }

    #[test]
    fn a_legacy_model_and_view() {
        let o = objs(
            "shop.model.lookml",
            "- connection: warehouse\n- include: '*.view.lookml'\n- explore: orders\n  joins:\n  - join: users\n    foreign_key: user_id\n",
        );
        let m = &o[0];
        assert_eq!((m.kind.as_str(), m.name.as_str()), ("model", "shop"));
        assert_eq!(m.get("connection"), Some("warehouse"));
        let e = m.children_of("explore").next().expect("explore");
        assert_eq!(
            e.children_of("join").next().map(|j| j.name.as_str()),
            Some("users")
        );

        let o = objs(
            "users.view.lookml",
            "- view: users\n  sql_table_name: analytics.users\n  fields:\n  - dimension: id\n    primary_key: true\n  sets:\n    detail: [id]\n",
        );
        let v = &o[0];
        assert_eq!(
            v.fields().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["id"]
        );
        assert_eq!(
            v.children_of("set").next().map(|s| s.name.as_str()),
            Some("detail")
        );
    }
}
