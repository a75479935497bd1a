view: products {
  sql_table_name: analytics.products ;;

  dimension: id { primary_key: yes type: number sql: ${TABLE}.id ;; }
  dimension: distribution_center_id { type: number hidden: yes sql: ${TABLE}.distribution_center_id ;; }

  dimension: name {
    label: Product
    type: string
    sql: ${TABLE}.name ;;
  }

  dimension: sku { type: string sql: ${TABLE}.sku ;; }

  dimension: brand {
    type: string
    sql: TRIM(${TABLE}.brand) ;;
    link: {
      label: "Brand performance"
      url: "/explore/ecommerce/order_items?fields=products.brand,order_items.total_sale_price&f[products.brand]={{ value | url_encode }}&vis=%7B%22type%22%3A%22looker_bar%22%7D"
    }
    link: {
      label: "Search the web"
      url: "https://www.google.com/search?q={{ value | url_encode }}"
      icon_url: "https://www.google.com/favicon.ico"
    }
  }

  dimension: category {
    type: string
    sql: ${TABLE}.category ;;
    order_by_field: category_sort
  }

  dimension: category_sort {
    hidden: yes
    type: number
    sql:
      CASE ${TABLE}.category
        WHEN 'Outerwear & Coats' THEN 1
        WHEN 'Jeans' THEN 2
        WHEN 'Sweaters' THEN 3
        ELSE 99
      END ;;
  }

  dimension: department { type: string sql: ${TABLE}.department ;; }

  dimension: retail_price {
    type: number
    sql: ${TABLE}.retail_price ;;
    value_format_name: usd
  }

  dimension: cost { type: number sql: ${TABLE}.cost ;; value_format_name: usd }

  measure: count { type: count drill_fields: [id, name, brand, category, retail_price] }

  measure: average_retail_price {
    type: average
    sql: ${retail_price} ;;
    value_format: "$#,##0.00"
  }

  measure: brand_list {
    type: list
    list_field: brand
  }
}
