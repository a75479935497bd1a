# A ;; key that lkml does not know (a newer Looker parameter).
view: unknown_sql_key {
  dimension: d {
    sql_whatever_new: ${TABLE}.d ;;
  }
}
