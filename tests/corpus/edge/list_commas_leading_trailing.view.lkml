# Leading and trailing commas in lists.
view: list_commas {
  set: trailing { fields: [a, b, c,] }
  set: leading { fields: [, a, b] }
  set: both { fields: [, a,] }
  set: multiline_trailing {
    fields: [
      a,
      b,
    ]
  }
  dimension: d { tags: ["x", "y",] }
  measure: m { type: count filters: [a: "1", b: "2",] }
}
