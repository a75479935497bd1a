- view: products
  sql_table_name: analytics.products
  fields:

  - dimension: id
    primary_key: true
    type: int
    sql: ${TABLE}.id

  - dimension: name
    sql: ${TABLE}.name

  - dimension: brand
    sql: ${TABLE}.brand
    links:
    - label: Brand sales
      url: /explore/shop/orders?fields=products.brand,order_items.total_sale_price&f[products.brand]={{ value }}

  - dimension: category
    sql: ${TABLE}.category

  - dimension: retail_price
    type: number
    decimals: 2
    sql: ${TABLE}.retail_price

  - measure: count
    type: count
