# Derived table: lifetime facts per user.
- view: user_facts
  derived_table:
    sql: |
      SELECT
        o.user_id AS id,
        COUNT(*) AS lifetime_orders,
        SUM(o.order_total) AS lifetime_revenue,
        MIN(o.created_at) AS first_order_at
      FROM analytics.orders o
      WHERE o.status <> 'cancelled' -- 'analytics.orders' in a string stays as is
      GROUP BY 1
    persist_for: 24 hours
    indexes: [id]

  fields:
  - dimension: id
    primary_key: true
    hidden: true
    type: int
    sql: ${TABLE}.id

  - dimension: lifetime_orders
    type: int
    sql: ${TABLE}.lifetime_orders

  - dimension: lifetime_revenue
    type: number
    decimals: 2
    sql: ${TABLE}.lifetime_revenue

  - dimension_group: first_order
    type: time
    timeframes: [date, month]
    sql: ${TABLE}.first_order_at

  - measure: average_lifetime_orders
    type: avg
    sql: ${lifetime_orders}
    decimals: 1
