# Executive sales dashboard. Linked from order_items.total_sale_price.
- dashboard: sales_overview
  title: Sales Overview
  layout: newspaper
  preferred_viewer: dashboards-next
  description: "Daily revenue, orders and top products for Acme Outfitters."
  refresh: 1 hour
  crossfilter_enabled: true
  preferred_slug: acme-sales-overview

  filters:
  - name: Order Date
    title: Order Date
    type: field_filter
    default_value: 30 days
    allow_multiple_values: true
    required: false
    ui_config:
      type: relative_timeframes
      display: inline
    model: ecommerce
    explore: orders
    listens_to_filters: []
    field: orders.created_date
  - name: Category
    title: Category
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config:
      type: tag_list
      display: popover
    model: ecommerce
    explore: order_items
    listens_to_filters: [Order Date]
    field: products.category

  elements:
  - title: Gross Revenue
    name: gross_revenue
    model: ecommerce
    explore: orders
    type: single_value
    fields: [order_items.total_sale_price]
    limit: 500
    custom_color_enabled: true
    custom_color: "#1a7f37"
    comparison_type: change
    listen:
      Order Date: orders.created_date
      Category: products.category
    row: 0
    col: 0
    width: 6
    height: 4

  - title: Orders
    name: orders_count
    model: ecommerce
    explore: orders
    type: single_value
    fields: [orders.count, orders.count_complete]
    filters:
      orders.status: "-cancelled"
    limit: 1
    listen:
      Order Date: orders.created_date
    row: 0
    col: 6
    width: 6
    height: 4

  - title: Revenue by Week and Status
    name: revenue_by_week
    model:   ecommerce
    explore:  orders
    type: looker_column
    fields: [orders.created_week, orders.status_group, order_items.total_sale_price]
    pivots: [orders.status_group]
    fill_fields: [orders.created_week]
    sorts: [orders.created_week desc, orders.status_group]
    limit: 500
    stacking: normal
    x_axis_gridlines: false
    y_axes: [{label: Revenue, orientation: left, showLabels: true, showValues: true,
        valueFormat: '$#,##0', unpinAxis: false, tickDensity: default, type: linear}]
    series_colors:
      Fulfilled - order_items.total_sale_price: "#1a7f37"
      Open - order_items.total_sale_price: '#bf8700'
    listen:
      Order Date: orders.created_date
      Category: products.category
    row: 4
    col: 0
    width: 24
    height: 8

  - title: Top Products
    name: top_products
    model: ecommerce
    explore: order_items
    type: looker_grid
    fields: [products.name, products.brand, order_items.count, order_items.total_sale_price]
    sorts: [order_items.total_sale_price desc]
    limit: 25
    show_row_numbers: true
    note_state: collapsed
    note_display: hover
    note_text: 'Excludes test orders. Click a brand for <a href="/explore/ecommerce/order_items?fields=products.brand,order_items.total_sale_price">brand drill-down</a>.'
    listen:
      Order Date: orders.created_date
      Category: products.category
    row: 12
    col: 0
    width: 12
    height: 10

  - title: Revenue vs Ad Spend
    name: revenue_vs_ad_spend
    merged_queries:
    - model: ecommerce
      explore: orders
      type: table
      fields: [orders.created_date, order_items.total_sale_price]
      filters:
        orders.created_date: 90 days
      sorts: [orders.created_date desc]
      limit: 500
      join_fields: []
    - model: marketing
      explore: ad_events
      type: table
      fields: [ad_events.event_date, ad_events.spend]
      filters:
        ad_events.event_date: 90 days
      limit: 500
      join_fields:
      - field_name: ad_events.event_date
        source_field_name: orders.created_date
    type: looker_line
    hidden_fields: []
    row: 12
    col: 12
    width: 12
    height: 10

  - name: more_dashboards
    type: text
    title_text: Related
    subtitle_text: "<i>Other views of the business</i>"
    body_text: |
      <p>See <a href="/dashboards/ecommerce::customer_health">Customer Health</a> for retention, and
      <a href="/dashboards-next/marketing::campaign_performance">Campaign Performance</a> for paid media.</p>
      <p>Questions? Explore <a href="/explore/ecommerce/orders?fields=orders.count">orders</a> yourself.</p>
    row: 22
    col: 0
    width: 24
    height: 3
