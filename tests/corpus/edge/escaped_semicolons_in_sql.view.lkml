# Looker's ;\; escape for a literal double semicolon inside a ;; block.
view: escaped_semicolons {
  derived_table: {
    sql: SELECT 'a;\;b' AS two_semis, ';' AS one_semi FROM analytics.orders ;;
  }
  dimension: joined {
    sql: ${TABLE}.two_semis || ';\;' ;;
  }
}
