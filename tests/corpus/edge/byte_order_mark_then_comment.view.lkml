# UTF-8 byte-order mark immediately followed by a comment.
view: bom_comment {
  dimension: id { type: number sql: ${TABLE}.id ;; }
}
