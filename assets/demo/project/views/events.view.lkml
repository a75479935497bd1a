# Clickstream events from the storefront tracker.
view: events {
  sql_table_name:
    -- if prod -- analytics.events
    -- if dev -- analytics.events_sample
    ;;

  dimension: id { primary_key: yes type: number sql: ${TABLE}.id ;; }
  dimension: session_id { type: string hidden: yes sql: ${TABLE}.session_id ;; }
  dimension: user_id { type: number hidden: yes sql: ${TABLE}.user_id ;; }
  dimension: sequence_number { type: number sql: ${TABLE}.sequence_number ;; }

  dimension: event_type {
    type: string
    sql: ${TABLE}.event_type ;;
    suggestions: ["home", "department", "product", "cart", "purchase", "cancel"]
  }

  dimension: uri {
    label: "URI"
    type: string
    sql: ${TABLE}.uri ;;
    link: {
      label: "Open page"
      url: "https://www.acme-outfitters.example{{ value }}"
    }
  }

  dimension: browser   { type: string sql: ${TABLE}.browser ;; }
  dimension: ip_address {
    type: string
    sql: ${TABLE}.ip_address ;;
    required_access_grants: [can_see_pii]
  }

  dimension: funnel_step {
    type: number
    sql:
      CASE ${event_type}
        WHEN 'home' THEN 1
        WHEN 'department' THEN 2
        WHEN 'product' THEN 3
        WHEN 'cart' THEN 4
        WHEN 'purchase' THEN 5
      END ;;
  }

  dimension_group: event {
    type: time
    timeframes: [raw, time, date, hour, week, month]
    sql: ${TABLE}.created_at ;;
  }

  measure: count { type: count }

  measure: purchase_events {
    type: count
    filters: [event_type: "purchase"]
  }

  measure: unique_visitors {
    type: count_distinct
    sql: COALESCE(CAST(${user_id} AS VARCHAR), ${ip_address}) ;;
  }
}
