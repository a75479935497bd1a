//! Which kind of change a property change is, after dbt's `state:modified`
//! sub-selectors, so a reviewer can ask "what changes the SQL?" or "what do users
//! see differently?".

use super::ChangeClass;

/// The class of a change to property `key` of an object of kind `object_kind`;
/// `in_derived_table` is true anywhere under a `derived_table` block.
pub fn property_class(object_kind: &str, key: &str, in_derived_table: bool) -> ChangeClass {
    if in_derived_table || key == "sql_table_name" || key == "derived_table" {
        return ChangeClass::Relation;
    }
    if key.starts_with("html") || is_presentation(object_kind, key) {
        return ChangeClass::Presentation;
    }
    if key.starts_with("sql") || key.starts_with("expression") {
        return ChangeClass::Sql;
    }
    ChangeClass::Config
}

fn is_presentation(object_kind: &str, key: &str) -> bool {
    match object_kind {
        // A link is a label and a URL shown next to a value.
        "link" => true,
        // A dashboard tile: what it queries is behaviour, everything else is how it looks.
        "element" => !ELEMENT_QUERY_KEYS.contains(&key),
        "dashboard" => {
            DASHBOARD_PRESENTATION_KEYS.contains(&key) || PRESENTATION_KEYS.contains(&key)
        }
        "filter" if key == "ui_config" => true,
        _ => PRESENTATION_KEYS.contains(&key) || key.starts_with("label_"),
    }
}

/// Keys that only change what users read or how values look.
const PRESENTATION_KEYS: &[&str] = &[
    "label",
    "view_label",
    "group_label",
    "group_item_label",
    "description",
    "value_format",
    "value_format_name",
    "title",
    "note",
    "note_text",
    "note_display",
    "note_state",
    "title_text",
    "subtitle_text",
    "body_text",
    "icon_url",
    "drill_fields",
    "suggestions",
    "tags",
    "links",
];

const DASHBOARD_PRESENTATION_KEYS: &[&str] = &[
    "layout",
    "preferred_viewer",
    "tile_size",
    "width",
    "embed_style",
    "preferred_slug",
    "enable_viz_full_screen",
];

/// What a dashboard element's query is made of.
const ELEMENT_QUERY_KEYS: &[&str] = &[
    "model",
    "explore",
    "fields",
    "filters",
    "sorts",
    "limit",
    "column_limit",
    "pivots",
    "dynamic_fields",
    "listen",
    "total",
    "row_total",
    "subtotals",
    "fill_fields",
    "query_timezone",
    "look_id",
    "merged_queries",
    "join_fields",
    "source_field",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_what_the_key_does() {
        use ChangeClass::*;
        assert_eq!(property_class("dimension", "sql", false), Sql);
        assert_eq!(property_class("join", "sql_on", false), Sql);
        assert_eq!(property_class("view", "sql_table_name", false), Relation);
        assert_eq!(property_class("derived_table", "sql", true), Relation);
        assert_eq!(property_class("dimension", "type", false), Config);
        assert_eq!(property_class("dimension", "primary_key", false), Config);
        assert_eq!(property_class("dimension", "label", false), Presentation);
        assert_eq!(property_class("dimension", "html", false), Presentation);
        assert_eq!(property_class("link", "url", false), Presentation);
        assert_eq!(
            property_class("element", "series_colors", false),
            Presentation
        );
        assert_eq!(property_class("element", "model", false), Config);
        assert_eq!(property_class("dashboard", "title", false), Presentation);
        assert_eq!(property_class("dashboard", "refresh", false), Config);
    }
}
