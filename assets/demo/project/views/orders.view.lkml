# Order header: one row per checkout.
# Source: analytics.orders (loaded nightly by the ETL)

view: orders {
  sql_table_name: analytics.orders ;;
  drill_fields: [detail*]

  dimension: id {
    primary_key: yes
    type: number
    sql: ${TABLE}.id ;;
    link: {
      label: "Order items for this order"
      url: "/explore/ecommerce/order_items?fields=order_items.detail*&f[orders.id]={{ value }}"
      icon_url: "https://acme.cloud.looker.com/favicon.ico"
    }
    link: {
      label: "Customer health"
      url: "/dashboards/ecommerce::customer_health?User+ID={{ orders.user_id._value | url_encode }}"
    }
  }

  dimension: user_id {
    type: number
    hidden: yes
    sql: ${TABLE}.user_id ;;
  }

  dimension: status {
    label: "Order Status"
    description: "Lifecycle state as reported by the storefront (see analytics.orders docs)."
    type: string
    sql: ${TABLE}.status ;;
    html:
      {% if value == 'complete' %}
        <span style="color: #1a7f37;">{{ rendered_value }}</span>
      {% elsif value == 'cancelled' or value == 'returned' %}
        <span style="color: #cf222e;">{{ rendered_value }}</span>
      {% else %}
        {{ rendered_value }}
      {% endif %} ;;
    suggestions: ["pending", "processing", "shipped", "complete", "cancelled", "returned"]
  }

  dimension: status_group {
    group_label: "Status"
    type: string
    sql:
      CASE
        WHEN ${status} IN ('complete', 'shipped') THEN 'Fulfilled'
        WHEN ${status} IN ('pending', 'processing') THEN 'Open'   -- still in the warehouse
        WHEN ${status} = 'cancelled' THEN 'Cancelled'
        ELSE 'Other'
      END ;;
  }

  dimension: channel {
    type: string
    sql: COALESCE(${TABLE}.channel, 'web') ;;
    tags: ["attribution", "marketing"]
  }

  dimension: is_test_order {
    type: yesno
    hidden: yes
    sql: ${TABLE}.email LIKE '%@acme-outfitters.example' OR ${TABLE}.is_test ;;
  }

  dimension_group: created {
    type: time
    timeframes: [raw, time, date, week, month, quarter, year, day_of_week, hour_of_day]
    sql: ${TABLE}.created_at ;;
    convert_tz: yes
  }

  dimension_group: shipped {
    type: time
    timeframes: [raw, date, week, month]
    sql: ${TABLE}.shipped_at ;;
  }

  dimension_group: fulfilment {
    type: duration
    intervals: [hour, day]
    sql_start: ${created_raw} ;;
    sql_end: ${shipped_raw} ;;
  }

  dimension: order_total {
    type: number
    sql: ${TABLE}.order_total ;;
    value_format_name: usd
  }

  dimension: order_total_tier {
    type: tier
    tiers: [0, 25, 50, 100, 250, 500]
    style: integer
    sql: ${order_total} ;;
  }

  dimension: days_to_ship {
    type: number
    sql: DATEDIFF('day', ${created_raw}, ${shipped_raw}) ;;
  }

  filter: created_between {
    type: date
    description: "Use with the period-over-period measures."
  }

  parameter: revenue_metric {
    type: unquoted
    default_value: "gross"
    allowed_value: {
      label: "Gross revenue"
      value: "gross"
    }
    allowed_value: {
      label: "Net revenue (after returns)"
      value: "net"
    }
    allowed_value: { label: "Margin" value: "margin" }
  }

  measure: count {
    type: count
    drill_fields: [detail*]
  }

  measure: count_complete {
    label: "Completed Orders"
    type: count
    filters: [status: "complete"]
  }

  measure: count_open {
    type: count
    filters: [status: "pending,processing", is_test_order: "no"]
  }

  measure: count_in_period {
    type: count
    filters: {
      field: created_date
      value: "30 days"
    }
    filters: {
      field: status
      value: "-cancelled"
    }
  }

  measure: total_order_value {
    type: sum
    sql: ${order_total} ;;
    value_format_name: compact_usd
    html: <a href="/explore/ecommerce/orders?fields=orders.created_month,orders.total_order_value&sorts=orders.created_month+desc">{{ rendered_value }}</a> ;;
  }

  measure: selected_revenue {
    label_from_parameter: revenue_metric
    type: number
    sql:
      {% if revenue_metric._parameter_value == 'net' %}
        SUM(${order_total}) - COALESCE(SUM(${returns.refund_amount}), 0)
      {% elsif revenue_metric._parameter_value == 'margin' %}
        SUM(${order_items.margin})
      {% else %}
        SUM(${order_total})
      {% endif %} ;;
    value_format_name: usd_0
  }

  measure: average_days_to_ship {
    type: average
    sql: ${days_to_ship} ;;
    value_format_name: decimal_1
  }

  set: detail {
    fields: [id, created_time, status, users.name, users.email, order_items.count, total_order_value]
  }
}
