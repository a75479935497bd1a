view: shipments {
  sql_table_name: @{SCHEMA}.shipments ;;

  dimension: id { primary_key: yes type: number sql: ${TABLE}.id ;; }
  dimension: order_id { type: number hidden: yes sql: ${TABLE}.order_id ;; }

  dimension: carrier { type: string sql: ${TABLE}.carrier ;; }

  dimension: tracking_number {
    type: string
    sql: ${TABLE}.tracking_number ;;
    link: {
      label: "Track with carrier"
      url: "{% if shipments.carrier._value == 'UPS' %}https://www.ups.com/track?tracknum={{ value }}{% else %}https://tools.usps.com/go/TrackConfirmAction?tLabels={{ value }}{% endif %}"
    }
  }

  dimension: distribution_center_id { type: number hidden: yes sql: ${TABLE}.distribution_center_id ;; }

  dimension_group: shipped {
    type: time
    timeframes: [raw, date, week, month]
    sql: ${TABLE}.shipped_at ;;
  }

  dimension_group: delivered {
    type: time
    timeframes: [raw, date, week, month]
    sql: ${TABLE}.delivered_at ;;
  }

  dimension_group: transit {
    type: duration
    intervals: [day]
    sql_start: ${shipped_raw} ;;
    sql_end: ${delivered_raw} ;;
  }

  dimension: is_late {
    type: yesno
    sql: ${days_transit} > 5 ;;
  }

  measure: count { type: count }
  measure: late_count { type: count filters: [is_late: "yes"] }
  measure: average_transit_days { type: average sql: ${days_transit} ;; value_format_name: decimal_1 }
}
