# Persistent derived table: per-customer order facts.
view: user_order_facts {
  derived_table: {
    sql:
      WITH completed AS (
        -- only orders that were paid for; test orders live in analytics.orders too
        SELECT o.user_id, o.id AS order_id, o.created_at, o.order_total
        FROM analytics.orders AS o
        WHERE o.status NOT IN ('cancelled', 'returned')
          AND o.is_test = FALSE
      ),
      ranked AS (
        SELECT
          user_id,
          order_id,
          created_at,
          order_total,
          ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY created_at) AS order_sequence
        FROM completed
      )
      SELECT
        user_id,
        COUNT(*)                                              AS lifetime_orders,
        SUM(order_total)                                      AS lifetime_revenue,
        MIN(created_at)                                       AS first_order_at,
        MAX(created_at)                                       AS latest_order_at,
        MAX(CASE WHEN order_sequence = 2 THEN created_at END) AS second_order_at,
        'analytics.orders'                                    AS source_table -- literal, not a table reference
      FROM ranked
      GROUP BY user_id
      ;;
    datagroup_trigger: nightly_etl
    distribution_style: all
    indexes: ["user_id"]
  }

  dimension: user_id { primary_key: yes hidden: yes type: number sql: ${TABLE}.user_id ;; }

  dimension: lifetime_orders { type: number sql: ${TABLE}.lifetime_orders ;; }

  dimension: lifetime_orders_tier {
    type: tier
    tiers: [1, 2, 3, 5, 10]
    style: integer
    sql: ${lifetime_orders} ;;
  }

  dimension: lifetime_revenue {
    type: number
    sql: ${TABLE}.lifetime_revenue ;;
    value_format_name: usd
  }

  dimension: is_repeat_customer {
    type: yesno
    sql: ${lifetime_orders} > 1 ;;
  }

  dimension_group: first_order {
    type: time
    timeframes: [raw, date, week, month, year]
    sql: ${TABLE}.first_order_at ;;
  }

  dimension_group: latest_order {
    type: time
    timeframes: [raw, date, week, month, year]
    sql: ${TABLE}.latest_order_at ;;
  }

  dimension_group: until_second_order {
    type: duration
    intervals: [day]
    sql_start: ${first_order_raw} ;;
    sql_end: ${TABLE}.second_order_at ;;
  }

  measure: average_lifetime_orders {
    type: average
    sql: ${lifetime_orders} ;;
    value_format_name: decimal_2
  }

  measure: repeat_customers {
    type: count
    filters: [is_repeat_customer: "yes"]
  }
}
