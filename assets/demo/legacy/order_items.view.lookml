- view: order_items
  sql_table_name: analytics.order_items
  fields:

  - dimension: id
    primary_key: true
    type: int
    sql: ${TABLE}.id

  - dimension: order_id
    type: int
    hidden: true
    sql: ${TABLE}.order_id

  - dimension: product_id
    type: int
    hidden: true
    sql: ${TABLE}.product_id

  - dimension: sale_price
    type: number
    decimals: 2
    sql: ${TABLE}.sale_price

  - measure: count
    type: count_distinct
    sql: ${id}

  - measure: total_sale_price
    type: sum
    sql: ${sale_price}
    decimals: 2

  - measure: average_sale_price
    type: avg
    sql: ${sale_price}
    decimals: 2

  sets:
    detail: [id, order_id, products.name, sale_price]
