# Blocks without a name.
view: anonymous {
  derived_table: {}
  dimension: d {
    link: {}
    link: { label: "x" url: "https://example.com" }
  }
}
explore: anonymous {
  always_filter: { filters: [anonymous.d: "1"] }
}
