# The file ends right after the closing brace, with no newline.
view: no_newline {
  dimension: id { sql: ${TABLE}.id ;; }
}