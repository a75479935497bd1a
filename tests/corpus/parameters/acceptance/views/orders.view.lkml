view: orders {
  parameter: period {
    type: unquoted
    allowed_value: { label: "Current" value: "current" }
    allowed_value: { label: "History" value: "history" }
  }
  sql_table_name:
    {% if period._parameter_value == 'history' %}
      analytics_acceptance.orders_history
    {% else %}
      analytics_acceptance.orders
    {% endif %} ;;

  dimension: id { sql: ${TABLE}.id ;; }
}
