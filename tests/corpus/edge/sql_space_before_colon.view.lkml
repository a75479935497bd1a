# Whitespace between a ;; key and its colon.
view: spaced_colon {
  dimension: id {
    sql : ${TABLE}.id ;;
  }
}
