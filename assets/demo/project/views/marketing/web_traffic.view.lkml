view: web_traffic {
  sql_table_name: analytics.web_traffic_daily ;;

  dimension: pk {
    primary_key: yes
    hidden: yes
    sql: ${TABLE}.session_id || '-' || ${TABLE}.page_path ;;
  }

  dimension: session_id { type: string hidden: yes sql: ${TABLE}.session_id ;; }
  dimension: page_path { type: string sql: ${TABLE}.page_path ;; }
  dimension: utm_source { type: string sql: LOWER(${TABLE}.utm_source) ;; }
  dimension: utm_medium { type: string sql: LOWER(${TABLE}.utm_medium) ;; }
  dimension: utm_campaign { type: string sql: LOWER(${TABLE}.utm_campaign) ;; }

  dimension: channel_grouping {
    type: string
    sql:
      CASE
        WHEN ${utm_medium} IN ('cpc', 'ppc', 'paid') THEN 'Paid Search'
        WHEN ${utm_medium} = 'email' THEN 'Email'
        WHEN ${utm_source} IN ('facebook', 'instagram', 'tiktok') THEN 'Social'
        WHEN ${utm_source} IS NULL THEN 'Direct'
        ELSE 'Referral'
      END ;;
  }

  dimension: device_category {
    type: string
    sql: ${TABLE}.device_category ;;
  }

  dimension_group: visit {
    type: time
    timeframes: [raw, date, week, month]
    datatype: date
    sql: ${TABLE}.visit_date ;;
  }

  measure: pageviews { type: sum sql: ${TABLE}.pageviews ;; }
  measure: sessions { type: count_distinct sql: ${session_id} ;; }

  measure: bounce_rate {
    type: number
    sql: 1.0 * SUM(CASE WHEN ${TABLE}.pageviews = 1 THEN 1 ELSE 0 END) / NULLIF(COUNT(DISTINCT ${session_id}), 0) ;;
    value_format_name: percent_1
  }
}
