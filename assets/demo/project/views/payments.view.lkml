view: payments {
  sql_table_name: analytics.payments ;;

  dimension: id { primary_key: yes type: string sql: ${TABLE}.payment_id ;; }
  dimension: order_id { type: number hidden: yes sql: ${TABLE}.order_id ;; }

  dimension: method {
    type: string
    sql: ${TABLE}.payment_method ;;
    suggestions: ["card", "paypal", "gift_card", "bank_transfer"]
  }

  dimension: status { type: string sql: ${TABLE}.status ;; }

  dimension: amount {
    type: number
    sql: ${TABLE}.amount_cents / 100.0 ;;
    value_format_name: usd
  }

  dimension: card_last_four {
    type: string
    sql: RIGHT(${TABLE}.card_number_masked, 4) ;;
    required_access_grants: [can_see_pii, finance_only]
  }

  dimension_group: captured {
    type: time
    timeframes: [raw, time, date, month]
    sql: ${TABLE}.captured_at ;;
  }

  measure: total_captured {
    type: sum
    sql: ${amount} ;;
    filters: [status: "captured"]
    value_format_name: usd
  }

  measure: total_refunded {
    type: sum
    sql: ${amount} ;;
    filters: {
      field: status
      value: "refunded"
    }
    value_format_name: usd
  }

  measure: count { type: count }
}
