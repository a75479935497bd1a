//! The typed model of a LookML project: objects (models, explores, joins, views,
//! fields, sets, dashboards, elements, constants, …) with their properties, each
//! pointing at the file and byte span it came from.
//!
//! One shape serves both dialects: a modern block and a YAML mapping both become an
//! [`Object`] with a kind, a name, properties and children. The semantic diff compares
//! objects by path; render and the leak guard edit the spans they point at.

use std::ops::Range;
use std::sync::Arc;

pub use crate::lookml::Text;

use std::path::Path;

/// A LookML object: a block (`view: orders {}`), a YAML mapping (`- dashboard: x`), or
/// a whole model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// `model`, `view`, `explore`, `join`, `dimension`, `dashboard`, `element`, …
    pub kind: Text,
    /// The object's name; empty for anonymous blocks (`derived_table: {}`).
    pub name: Text,
    /// The file, relative to the project root.
    pub file: Arc<Path>,
    pub span: Range<usize>,
    pub properties: Vec<Property>,
    pub children: Vec<Object>,
}

/// `key: value` of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub key: Text,
    pub value: PropertyValue,
    /// The bytes of the value.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PropertyValue {
    /// An unquoted literal or a quoted string (quotes removed, escapes kept).
    Scalar { text: Text, quoted: bool },
    /// The trimmed text of a `;;` expression (SQL, HTML, a Looker expression).
    Expression(Text),
    /// `[a, b]`.
    List(Vec<Text>),
    /// `[a: "x", b: "y"]`.
    Pairs(Vec<(Text, Text)>),
    /// A YAML value that is neither a scalar nor a list of scalars, as JSON. Boxed:
    /// rare, and three times the size of the other variants.
    Structured(Box<serde_json::Value>),
}

impl PropertyValue {
    /// The value as one string, when it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PropertyValue::Scalar { text, .. } | PropertyValue::Expression(text) => Some(text),
            _ => None,
        }
    }
}

/// The kinds of field a view holds.
pub const FIELD_KINDS: &[&str] = &[
    "dimension",
    "dimension_group",
    "measure",
    "filter",
    "parameter",
];

impl Object {
    /// The first property named `key`.
    pub fn property(&self, key: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.key == key)
    }

    /// The string value of property `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.property(key).and_then(|p| p.value.as_str())
    }

    /// Every property named `key` (repeatable keys like `include`).
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.key == key)
    }

    /// Children of one kind.
    pub fn children_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Object> + 'a {
        self.children.iter().filter(move |c| c.kind == kind)
    }

    /// A view's fields: dimensions, dimension groups, measures, filters, parameters.
    pub fn fields(&self) -> impl Iterator<Item = &Object> {
        self.children
            .iter()
            .filter(|c| FIELD_KINDS.contains(&c.kind.as_str()))
    }

    /// `view: +orders` refines `orders`.
    pub fn is_refinement(&self) -> bool {
        self.name.starts_with('+')
    }

    /// Depth-first walk over this object and its descendants.
    pub fn walk(&self, visit: &mut impl FnMut(&Object)) {
        visit(self);
        for c in &self.children {
            c.walk(visit);
        }
    }
}
