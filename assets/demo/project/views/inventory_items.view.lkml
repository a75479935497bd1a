view: inventory_items {
  sql_table_name: analytics.inventory_items ;;

  dimension: id { primary_key: yes type: number sql: ${TABLE}.id ;; }
  dimension: product_id { type: number hidden: yes sql: ${TABLE}.product_id ;; }
  dimension: distribution_center_id { type: number hidden: yes sql: ${TABLE}.product_distribution_center_id ;; }

  dimension: cost {
    type: number
    sql: ${TABLE}.cost ;;
    value_format_name: usd
    required_access_grants: [finance_only]
  }

  dimension_group: created {
    type: time
    timeframes: [raw, date, week, month]
    sql: ${TABLE}.created_at ;;
  }

  dimension_group: sold {
    type: time
    timeframes: [raw, date, week, month]
    sql: ${TABLE}.sold_at ;;
  }

  dimension: is_sold {
    type: yesno
    sql: ${sold_raw} IS NOT NULL ;;
  }

  dimension_group: days_in_inventory {
    type: duration
    intervals: [day, week]
    sql_start: ${created_raw} ;;
    sql_end: COALESCE(${sold_raw}, CURRENT_TIMESTAMP) ;;
  }

  measure: count { type: count }

  measure: sold_count {
    type: count
    filters: [is_sold: "Yes"]
  }

  measure: stock_on_hand {
    type: count
    filters: [is_sold: "No"]
    html:
      {% if value < 10 %}
      <p style="background-color: #ffebe9;"># {{ rendered_value }} (reorder)</p>
      {% else %}
      {{ rendered_value }}
      {% endif %} ;;
  }

  measure: total_cost {
    type: sum
    sql: ${cost} ;;
    value_format_name: usd
  }
}
