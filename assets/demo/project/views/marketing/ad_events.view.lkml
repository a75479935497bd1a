view: ad_events {
  sql_table_name: @{SCHEMA}.ad_events ;;

  dimension: id { primary_key: yes type: number sql: ${TABLE}.id ;; }
  dimension: campaign_id { type: number hidden: yes sql: ${TABLE}.campaign_id ;; }
  dimension: user_id { type: number hidden: yes sql: ${TABLE}.user_id ;; }
  dimension: attributed_order_id { type: number hidden: yes sql: ${TABLE}.attributed_order_id ;; }

  dimension: event_type {
    type: string
    sql: ${TABLE}.event_type ;;   # impression | click | conversion
  }

  dimension: platform {
    type: string
    sql: ${TABLE}.platform ;;
  }

  dimension: cost {
    type: number
    sql: ${TABLE}.cost_micros / 1000000.0 ;;
    value_format_name: usd
  }

  dimension_group: event {
    type: time
    timeframes: [raw, time, date, week, month]
    sql: ${TABLE}.event_at ;;
  }

  measure: impressions {
    type: count
    filters: [event_type: "impression"]
  }

  measure: clicks {
    type: count
    filters: [event_type: "click"]
  }

  measure: conversions {
    type: count
    filters: [event_type: "conversion", attributed_order_id: "NOT NULL"]
  }

  measure: spend {
    type: sum
    sql: ${cost} ;;
    value_format_name: usd
  }

  measure: click_through_rate {
    label: "CTR"
    type: number
    sql: 1.0 * ${clicks} / NULLIF(${impressions}, 0) ;;
    value_format_name: percent_2
  }

  measure: cost_per_acquisition {
    label: "CPA"
    type: number
    sql: ${spend} / NULLIF(${conversions}, 0) ;;
    value_format_name: usd
    html: {{ rendered_value }} <a href="/explore/marketing/ad_events?fields=campaigns.name,ad_events.cost_per_acquisition&sorts=ad_events.cost_per_acquisition+desc">by campaign</a> ;;
  }

  set: detail {
    fields: [id, event_time, event_type, platform, cost, campaigns.name]
  }

  set: attribution {
    fields: [campaign_id, attributed_order_id, event_date, conversions, spend]
  }
}
