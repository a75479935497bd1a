# Marketing model: campaigns, paid media and site traffic.
connection: "@{CONNECTION}"
label: "Acme Marketing"

include: "/views/marketing/*.view"
include: "/views/users.view"
include: "/views/sessions.view"
include: "/views/events.view"
include: "/views/orders.view"
include: "/views/derived/campaign_daily_summary.view.lkml"
include: "/dashboards/campaign_*.dashboard"

datagroup: ad_platform_sync {
  sql_trigger: SELECT MAX(synced_at) FROM @{SCHEMA}.ad_platform_syncs ;;
  max_cache_age: "6 hours"
}

persist_with: ad_platform_sync

explore: campaigns {
  label: "Campaign Performance"
  description: "Spend, clicks and attributed revenue by campaign."
  sql_always_where: ${campaigns.is_internal} = FALSE ;;

  join: ad_events {
    type: left_outer
    sql_on: ${ad_events.campaign_id} = ${campaigns.id} ;;
    relationship: one_to_many
  }

  join: campaign_daily_summary {
    sql_on: ${campaign_daily_summary.campaign_id} = ${campaigns.id} ;;
    relationship: one_to_many
  }

  join: promotions {
    sql_on: ${promotions.campaign_id} = ${campaigns.id} ;;
    relationship: one_to_many
    fields: [promotions.code, promotions.discount_pct, promotions.count]
  }
}

explore: ad_events {
  label: "Ad Events"
  always_filter: {
    filters: [ad_events.event_date: "14 days", ad_events.platform: "-NULL"]
  }
  join: campaigns {
    sql_on: ${ad_events.campaign_id} = ${campaigns.id} ;;
    relationship: many_to_one
  }
  join: users {
    sql_on: ${ad_events.user_id} = ${users.id} ;;
    relationship: many_to_one
    fields: [users.basic*]
  }
}

explore: web_traffic {
  label: "Web Traffic"
  join: sessions {
    sql_on: ${web_traffic.session_id} = ${sessions.id} ;;
    relationship: many_to_one
  }
  join: campaigns {
    sql_on: ${web_traffic.utm_campaign} = ${campaigns.utm_campaign} ;;
    relationship: many_to_one
  }
}

# Used only by the campaign_daily_summary native derived table.
explore: campaign_attribution {
  hidden: yes
  from: ad_events
  view_name: ad_events
  join: campaigns {
    sql_on: ${ad_events.campaign_id} = ${campaigns.id} ;;
    relationship: many_to_one
  }
  join: orders {
    sql_on: ${ad_events.attributed_order_id} = ${orders.id} ;;
    relationship: many_to_one
    fields: [orders.id, orders.created_date, orders.order_total, orders.total_order_value]
  }
}
