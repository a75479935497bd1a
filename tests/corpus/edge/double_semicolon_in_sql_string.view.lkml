# An unescaped ;; inside a SQL string literal ends the block early.
view: early_end {
  dimension: d {
    sql: CASE WHEN ${TABLE}.note = 'a;;b' THEN 1 END ;;
  }
}
