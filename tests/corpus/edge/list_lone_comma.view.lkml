# A list holding only a comma.
view: lone_comma {
  dimension: d { tags: [,] }
}
