# Refinements layered on top of the base orders view.
include: "/views/orders.view.lkml"

view: +orders {
  # Finance asked for a fiscal calendar that starts in February.
  dimension_group: created {
    timeframes: [raw, time, date, week, month, quarter, year, fiscal_quarter, fiscal_year]
  }

  dimension: is_first_purchase {
    type: yesno
    sql: ${created_raw} = ${user_order_facts.first_order_raw} ;;
  }

  dimension: order_link {
    label: "Open order"
    type: string
    sql: ${id} ;;
    html: <a href="/explore/ecommerce/orders?fields=orders.detail*&f[orders.id]={{ value }}" target="_blank">#{{ value }}</a> ;;
  }

  measure: count {
    label: "Orders"
    description: "Distinct orders (excludes test orders via sql_always_where)."
  }

  measure: average_order_value {
    label: "AOV"
    type: average
    sql: ${order_total} ;;
    value_format_name: usd
    tags: ["kpi"]
  }

  set: detail {
    fields: [id, created_time, status, users.name, order_items.count, total_order_value, average_order_value]
  }
}
