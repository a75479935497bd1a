# Constants and model names inside strings and ;; blocks.
view: constants_urls {
  sql_table_name: @{SCHEMA}.orders ;;
  dimension: id {
    sql: ${TABLE}.id ;;
    link: { label: "A" url: "/explore/ecommerce/orders?f[orders.id]={{ value }}" }
    link: { label: "B" url: "@{LOOKER_HOST}/dashboards/ecommerce::sales_overview" }
    link: { label: "C" url: "/dashboards-next/marketing::campaign_performance" }
    link: { label: "D" url: "/embed/dashboards/ecommerce::customer_health" }
    html: <a href="/explore/ecommerce/orders">{{ value }}</a> ;;
  }
}
