# Older PDT that still uses sql_trigger_value instead of a datagroup.
view: product_rankings {
  derived_table: {
    sql: SELECT
           oi.product_id,
           SUM(oi.sale_price) AS revenue,
           RANK() OVER (ORDER BY SUM(oi.sale_price) DESC) AS revenue_rank
         FROM @{SCHEMA}.order_items oi
         JOIN @{SCHEMA}.orders o ON o.id = oi.order_id
         WHERE o.created_at >= DATEADD('day', -90, CURRENT_DATE)
         GROUP BY 1 ;;
    sql_trigger_value: SELECT CURRENT_DATE ;;
    sortkeys: ["revenue_rank"]
  }

  dimension: product_id { primary_key: yes type: number sql: ${TABLE}.product_id ;; }
  dimension: revenue { type: number sql: ${TABLE}.revenue ;; value_format_name: usd }
  dimension: revenue_rank { type: number sql: ${TABLE}.revenue_rank ;; }

  dimension: is_top_50 {
    type: yesno
    sql: ${revenue_rank} <= 50 ;;
  }
}
