view: sessions {
  derived_table: {
    sql:
      -- One row per web session, built from raw events.
      SELECT
        session_id                         AS id,
        MAX(user_id)                       AS user_id,
        MIN(created_at)                    AS session_start,
        MAX(created_at)                    AS session_end,
        COUNT(*)                           AS number_of_events,
        MAX(CASE WHEN event_type = 'purchase' THEN 1 ELSE 0 END) AS converted,
        MIN(traffic_source)                AS traffic_source
      FROM analytics.events
      WHERE {% condition session_start_date %} created_at {% endcondition %}
      GROUP BY session_id
      ;;
  }

  filter: session_start_date {
    type: date
  }

  dimension: id { primary_key: yes type: string sql: ${TABLE}.id ;; }
  dimension: user_id { type: number hidden: yes sql: ${TABLE}.user_id ;; }
  dimension: number_of_events { type: number sql: ${TABLE}.number_of_events ;; }
  dimension: converted { type: yesno sql: ${TABLE}.converted = 1 ;; }
  dimension: traffic_source { type: string sql: ${TABLE}.traffic_source ;; }

  dimension_group: session_start {
    type: time
    timeframes: [raw, time, date, week, month]
    sql: ${TABLE}.session_start ;;
  }

  dimension_group: session {
    type: duration
    intervals: [second, minute]
    sql_start: ${TABLE}.session_start ;;
    sql_end: ${TABLE}.session_end ;;
  }

  measure: count { type: count }

  measure: conversion_rate {
    type: number
    sql: 1.0 * ${converted_count} / NULLIF(${count}, 0) ;;
    value_format_name: percent_2
  }

  measure: converted_count {
    type: count
    filters: [converted: "yes"]
  }

  measure: average_session_minutes {
    type: average
    sql: ${minutes_session} ;;
    value_format_name: decimal_1
  }
}
