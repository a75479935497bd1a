# A single stray semicolon outside any ;; block.
view: stray_semicolon {
  dimension: id { type: number };
}
