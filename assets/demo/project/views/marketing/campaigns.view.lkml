# Campaign master data, synced from the ad platforms.
view: campaigns {
  sql_table_name: @{SCHEMA}.campaigns ;;

  dimension: id {
    primary_key: yes
    type: number
    sql: ${TABLE}.id ;;
  }

  dimension: name {
    type: string
    sql: ${TABLE}.name ;;
    link: {
      label: "Campaign dashboard"
      url: "/dashboards-next/marketing::campaign_performance?Campaign={{ value | url_encode }}"
    }
    link: {
      label: "Drill into ad events"
      url: "/explore/marketing/ad_events?fields=ad_events.detail*&f[campaigns.name]={{ value | url_encode }}"
    }
  }

  dimension: utm_campaign { type: string sql: LOWER(${TABLE}.utm_campaign) ;; }

  dimension: platform {
    type: string
    sql: ${TABLE}.platform ;;
    html: <img src="https://assets.acme-outfitters.example/icons/{{ value | downcase }}.png" height="14"> {{ value }} ;;
  }

  dimension: objective {
    type: string
    sql: ${TABLE}.objective ;;
  }

  dimension: is_internal {
    type: yesno
    hidden: yes
    sql: ${TABLE}.name ILIKE 'test%' OR ${TABLE}.name ILIKE '%[internal]%' ;;
  }

  dimension: budget {
    type: number
    sql: ${TABLE}.budget ;;
    value_format_name: usd_0
  }

  dimension_group: launched {
    type: time
    timeframes: [raw, date, week, month, quarter]
    sql: ${TABLE}.launched_at ;;
  }

  parameter: attribution_window {
    type: number
    default_value: "7"
    allowed_value: { label: "1 day"  value: "1" }
    allowed_value: { label: "7 days" value: "7" }
    allowed_value: { label: "28 days" value: "28" }
  }

  measure: count {
    type: count
    drill_fields: [id, name, platform, launched_date]
  }

  measure: total_budget {
    type: sum
    sql: ${budget} ;;
    value_format_name: usd_0
  }
}
