view: returns {
  sql_table_name: analytics.returns ;;

  dimension: id { primary_key: yes type: number sql: ${TABLE}.id ;; }
  dimension: order_item_id { type: number hidden: yes sql: ${TABLE}.order_item_id ;; }

  dimension: reason {
    type: string
    sql: ${TABLE}.reason ;;
    case_sensitive: no
  }

  dimension: reason_group {
    type: string
    sql:
      CASE
        WHEN ${reason} ILIKE '%size%' OR ${reason} ILIKE '%fit%' THEN 'Fit'
        WHEN ${reason} ILIKE '%damag%' THEN 'Damaged'
        WHEN ${reason} = 'changed mind' THEN 'Changed mind'
        ELSE 'Other'
      END ;;
  }

  dimension: refund_amount {
    type: number
    sql: ${TABLE}.refund_amount ;;
    value_format_name: usd
  }

  dimension_group: requested {
    type: time
    timeframes: [raw, date, week, month]
    sql: ${TABLE}.requested_at ;;
  }

  measure: count { type: count drill_fields: [id, reason, refund_amount, requested_date] }

  measure: total_refund_amount {
    type: sum
    sql: ${refund_amount} ;;
    value_format_name: usd
    filters: [reason_group: "-Other"]
  }
}
