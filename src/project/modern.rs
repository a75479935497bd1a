//! Modern LookML syntax trees to [`Object`]s.

use std::path::Path;
use std::sync::Arc;

use super::object::{Object, Property, PropertyValue, Text};
use crate::lookml::{NodeKind, NodeRef, SyntaxTree, ValueKind};

/// The objects of one `.lkml` file. A model file is one `model` object named after the
/// file; a manifest is one `manifest` object; in other files each top-level block is an
/// object, and top-level pairs (`include:`) gather in a `file` object.
pub fn objects(file: &Arc<Path>, tree: &SyntaxTree) -> Vec<Object> {
    let root = tree.root();
    let whole = root.span();
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if let Some(model) = name.strip_suffix(".model.lkml") {
        return vec![object(file, "model", model, whole, root)];
    }
    if name == "manifest.lkml" {
        return vec![object(file, "manifest", "", whole, root)];
    }
    let mut out = Vec::new();
    let mut loose = object(file, "file", "", whole, root);
    out.append(&mut loose.children);
    if !loose.properties.is_empty() {
        out.insert(0, loose);
    }
    out
}

fn object(
    file: &Arc<Path>,
    kind: &str,
    name: &str,
    span: std::ops::Range<usize>,
    node: NodeRef<'_>,
) -> Object {
    // Sized up front: grown by doubling, the vectors of a large project's quarter
    // of a million objects would leave a third of their memory unused.
    let (mut properties, mut children) = (0, 0);
    for child in node.children() {
        match child.kind() {
            NodeKind::Block => children += 1,
            NodeKind::Pair | NodeKind::List => properties += 1,
            NodeKind::Document | NodeKind::ListValue | NodeKind::ListPair => {}
        }
    }
    let mut obj = Object {
        kind: Text::from(kind),
        name: Text::from(name),
        file: file.clone(),
        span,
        properties: Vec::with_capacity(properties),
        children: Vec::with_capacity(children),
    };
    for child in node.children() {
        let Some(key) = child.key() else { continue };
        match child.kind() {
            NodeKind::Block => {
                let name = child.name().unwrap_or_default();
                obj.children
                    .push(object(file, key, name, child.span(), child));
            }
            NodeKind::Pair => {
                if let Some(v) = child.value() {
                    let value = match v.kind {
                        ValueKind::Expression => PropertyValue::Expression(Text::from(v.text())),
                        kind => PropertyValue::Scalar {
                            text: Text::from(v.text()),
                            quoted: kind == ValueKind::Quoted,
                        },
                    };
                    obj.properties.push(Property {
                        key: Text::from(key),
                        value,
                        span: v.span(),
                    });
                }
            }
            NodeKind::List => obj.properties.push(Property {
                key: Text::from(key),
                value: list_value(child),
                span: child.span(),
            }),
            NodeKind::Document | NodeKind::ListValue | NodeKind::ListPair => {}
        }
    }
    obj
}

fn list_value(list: NodeRef<'_>) -> PropertyValue {
    let items: Vec<NodeRef<'_>> = list.children().collect();
    if items.iter().any(|i| i.kind() == NodeKind::ListPair) {
        PropertyValue::Pairs(
            items
                .iter()
                .filter_map(|i| Some((Text::from(i.key()?), Text::from(i.value()?.text()))))
                .collect(),
        )
    } else {
        PropertyValue::List(
            items
                .iter()
                .filter_map(|i| Some(Text::from(i.value()?.text())))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objs(path: &str, text: &str) -> Vec<Object> {
        let tree = SyntaxTree::parse(text).expect("parses");
        objects(&Arc::from(Path::new(path)), &tree)
    }

    #[test]
    fn a_model_file_is_one_model_named_after_the_file() {
        let o = objs(
            "models/ecommerce.model.lkml",
            "connection: \"warehouse\"\ninclude: \"/views/*.view\"\nexplore: orders { join: users { sql_on: ${orders.user_id} = ${users.id} ;; } }\n",
        );
        assert_eq!(o.len(), 1);
        let m = &o[0];
        assert_eq!((m.kind.as_str(), m.name.as_str()), ("model", "ecommerce"));
        assert_eq!(m.get("connection"), Some("warehouse"));
        let explore = m.children_of("explore").next().expect("explore");
        let join = explore.children_of("join").next().expect("join");
        assert_eq!(join.get("sql_on"), Some("${orders.user_id} = ${users.id}"));
    }

    #[test]
    fn views_fields_and_lists() {
        let text = "include: \"x\"\nview: +orders {\n  dimension: id { primary_key: yes }\n  measure: n { type: count filters: [status: \"done\"] }\n  set: s { fields: [id, n] }\n}\n";
        let o = objs("views/orders.view.lkml", text);
        assert_eq!(
            o.iter().map(|o| o.kind.as_str()).collect::<Vec<_>>(),
            ["file", "view"]
        );
        let view = &o[1];
        assert!(view.is_refinement());
        assert_eq!(
            view.fields().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["id", "n"]
        );
        let n = view.fields().nth(1).expect("measure");
        assert_eq!(
            n.property("filters").map(|p| &p.value),
            Some(&PropertyValue::Pairs(vec![(
                "status".into(),
                "done".into()
            )]))
        );
        let span = &view.children[0].span;
        assert!(text[span.clone()].starts_with("dimension: id"));
    }
}
