view: bom_orders {
  sql_table_name: analytics.orders ;;
  dimension: id { type: number sql: ${TABLE}.id ;; }
}
