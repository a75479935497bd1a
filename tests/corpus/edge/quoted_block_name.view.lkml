# A quoted block name.
view: "quoted_name" {
  dimension: id { sql: ${TABLE}.id ;; }
}
