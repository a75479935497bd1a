# Empty lists, with and without inner whitespace.
view: empty_lists {
  dimension: d { tags: [] suggestions: [ ] }
  set: nothing { fields: [
  ] }
}
