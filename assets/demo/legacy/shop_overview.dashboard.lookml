- dashboard: shop_overview
  title: Shop Overview
  layout: tile
  tile_size: 100

  filters:
  - name: date
    title: Date
    type: date_filter
    default_value: last 30 days

  elements:
  - name: total_orders
    title: Total Orders
    type: single_value
    base_view: orders
    measures: [orders.count]
    listen:
      date: orders.created_date
    width: 3
    height: 2

  - name: revenue_by_month
    title: Revenue by Month
    type: looker_column
    base_view: orders
    dimensions: [orders.created_month]
    measures: [orders.total_revenue]
    sorts: [orders.created_month desc]
    listen:
      date: orders.created_date
    limit: 24
    width: 6
    height: 4

  - name: top_brands
    title: Top Brands
    type: table
    model: shop
    explore: orders
    dimensions: [products.brand]
    measures: [order_items.total_sale_price]
    sorts: [order_items.total_sale_price desc]
    limit: 10
    width: 3
    height: 4

  - name: links
    type: text
    title_text: Also see
    body_text: <a href="/dashboards/shop::customer_overview">Customers</a> | <a href="/explore/shop/users">Users explore</a>
