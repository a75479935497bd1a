# Native derived table built on the campaign_attribution explore.
include: "/views/marketing/ad_events.view"
include: "/views/orders.view"

view: campaign_daily_summary {
  derived_table: {
    explore_source: campaign_attribution {
      column: campaign_id { field: ad_events.campaign_id }
      column: event_date { field: ad_events.event_date }
      column: spend { field: ad_events.spend }
      column: conversions { field: ad_events.conversions }
      column: attributed_revenue { field: orders.total_order_value }
      derived_column: roas {
        sql: attributed_revenue / NULLIF(spend, 0) ;;
      }
      bind_filters: {
        from_field: campaign_daily_summary.event_date
        to_field: ad_events.event_date
      }
      filters: [ad_events.event_date: "365 days"]
    }
    datagroup_trigger: ad_platform_sync
    increment_key: "event_date"
    increment_offset: 1
  }

  dimension: pk {
    primary_key: yes
    hidden: yes
    sql: ${campaign_id} || '-' || CAST(${event_date} AS VARCHAR) ;;
  }
  dimension: campaign_id { type: number hidden: yes }
  dimension: event_date { type: date }
  dimension: spend { type: number value_format_name: usd }
  dimension: conversions { type: number }
  dimension: attributed_revenue { type: number value_format_name: usd }
  dimension: roas { label: "ROAS" type: number value_format_name: decimal_2 }

  measure: total_spend { type: sum sql: ${spend} ;; value_format_name: usd }
  measure: total_attributed_revenue { type: sum sql: ${attributed_revenue} ;; value_format_name: usd }
  measure: overall_roas {
    label: "Overall ROAS"
    type: number
    sql: ${total_attributed_revenue} / NULLIF(${total_spend}, 0) ;;
    value_format_name: decimal_2
  }
}
