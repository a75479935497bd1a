view: order_items {
  sql_table_name: analytics.order_items ;;

  dimension: id {
    primary_key: yes
    type: number
    sql: ${TABLE}.id ;;
  }
  dimension: order_id { type: number hidden: yes sql: ${TABLE}.order_id ;; }
  dimension: inventory_item_id { type: number hidden: yes sql: ${TABLE}.inventory_item_id ;; }
  dimension: product_id { type: number hidden: yes sql: ${TABLE}.product_id ;; }
  dimension: promotion_code { type: string sql: UPPER(TRIM(${TABLE}.promo_code)) ;; }

  dimension: sale_price {
    type: number
    sql: ${TABLE}.sale_price ;;
    value_format_name: usd
  }

  dimension: margin {
    type: number
    sql: ${sale_price} - ${inventory_items.cost} ;;
    value_format_name: usd
    required_access_grants: [finance_only]
  }

  dimension: item_status {
    type: string
    sql: ${TABLE}.status ;;
  }

  dimension: is_returned {
    type: yesno
    sql: ${TABLE}.returned_at IS NOT NULL ;;
  }

  dimension_group: returned {
    type: time
    timeframes: [raw, date, week, month]
    sql: ${TABLE}.returned_at ;;
  }

  measure: count {
    type: count_distinct
    sql: ${id} ;;
    drill_fields: [detail*]
  }

  measure: total_sale_price {
    label: "Gross Revenue"
    type: sum
    sql: ${sale_price} ;;
    value_format_name: usd
    drill_fields: [products.category, products.brand, total_sale_price]
    link: {
      label: "Sales overview"
      url: "/dashboards/ecommerce::sales_overview?Order+Date={{ _filters['orders.created_date'] | url_encode }}"
    }
    link: {
      label: "Open in the new dashboard viewer"
      url: "/dashboards-next/ecommerce::sales_overview"
    }
  }

  measure: average_sale_price {
    type: average
    sql: ${sale_price} ;;
    value_format_name: usd
  }

  measure: total_returned_value {
    type: sum
    sql: ${sale_price} ;;
    filters: [is_returned: "yes"]
    value_format_name: usd
  }

  measure: return_rate {
    type: number
    sql: 1.0 * ${total_returned_value} / NULLIF(${total_sale_price}, 0) ;;
    value_format_name: pct_1
  }

  measure: total_margin {
    type: sum
    sql: ${margin} ;;
    value_format_name: usd
    required_access_grants: [finance_only]
  }

  set: detail {
    fields: [id, orders.id, products.name, sale_price, item_status]
  }

  set: margin_fields {
    fields: [margin, total_margin]
  }
}
