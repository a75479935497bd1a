# CRLF line endings throughout (Windows checkout without autocrlf).
view: crlf_orders {
  sql_table_name: analytics.orders ;;

  dimension: id {
    primary_key: yes
    type: number
    sql: ${TABLE}.id ;;
  }
}
