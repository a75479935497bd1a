# Refinement names with a leading plus.
view: +orders {
  dimension: status { label: "Status (refined)" }
  dimension: extra { sql: 1 ;; }
}
view: +orders {
  label: "Refined twice"
}
explore: +orders {
  label: "Refined explore"
}
