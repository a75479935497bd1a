- view: orders
  sql_table_name: analytics.orders
  fields:

  - dimension: id
    primary_key: true
    type: int
    sql: ${TABLE}.id
    links:
    - label: Order items
      url: /explore/shop/order_items?fields=order_items.detail*&f[orders.id]={{ value }}

  - dimension: user_id
    type: int
    hidden: true
    sql: ${TABLE}.user_id

  - dimension: status
    sql: ${TABLE}.status
    html: |
      {% if value == 'complete' %}<b>{{ rendered_value }}</b>{% else %}{{ rendered_value }}{% endif %}

  - dimension_group: created
    type: time
    timeframes: [time, date, week, month, year]
    sql: ${TABLE}.created_at

  - dimension: order_total
    type: number
    decimals: 2
    sql: ${TABLE}.order_total

  - measure: count
    type: count
    drill_fields: detail*

  - measure: count_complete
    type: count
    filters:
      status: complete

  - measure: total_revenue
    type: sum
    sql: ${order_total}
    value_format: '$#,##0.00'
    html: |
      <a href="/dashboards/shop::shop_overview">{{ rendered_value }}</a>

  sets:
    detail: [id, created_time, status, users.name, order_total]
