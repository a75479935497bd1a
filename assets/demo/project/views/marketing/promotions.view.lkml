view: promotions {
  sql_table_name: analytics.promotions ;;

  dimension: code {
    primary_key: yes
    type: string
    sql: UPPER(${TABLE}.code) ;;
  }

  dimension: campaign_id { type: number hidden: yes sql: ${TABLE}.campaign_id ;; }

  dimension: discount_pct {
    label: "Discount %"
    type: number
    sql: ${TABLE}.discount_pct / 100.0 ;;
    value_format_name: percent_0
  }

  dimension: promotion_type {
    type: string
    sql: ${TABLE}.promotion_type ;;
    suggestions: ["percent_off", "free_shipping", "bogo"]
  }

  dimension_group: starts {
    type: time
    timeframes: [raw, date]
    sql: ${TABLE}.starts_at ;;
  }

  dimension_group: ends {
    type: time
    timeframes: [raw, date]
    sql: ${TABLE}.ends_at ;;
  }

  dimension: is_active {
    type: yesno
    sql: CURRENT_TIMESTAMP BETWEEN ${starts_raw} AND ${ends_raw} ;;
  }

  measure: count { type: count }

  measure: active_count {
    type: count
    filters: [is_active: "yes"]
  }
}
