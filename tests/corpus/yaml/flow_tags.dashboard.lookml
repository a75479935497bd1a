# constructs: tags inside flow collections ([!!str 1, !!int "2"], {a: !!null ''}),
#   tags on flow collections (!!seq [...], !!map {...}), tagged empty values followed
#   by a space before the comma, quoted and plain scalars side by side, nested flow,
#   flow mapping with an implicit null value ({a, b}), trailing comma in flow.
- dashboard: flow_tags
  title: Flow tags
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Size buckets
    name: Size buckets
    model: ecommerce
    explore: order_items
    type: looker_grid
    fields: !!seq [order_items.size_bucket, order_items.order_count]
    pivots: []
    sorts: [order_items.size_bucket 0, order_items.order_count desc 1]
    filters: !!map {order_items.status: "-Cancelled", order_items.size_bucket: !!str 1,
      order_items.order_count: !!str ">0"}
    limit: !!int "500"
    column_limit: !!int 50
    bucket_labels: [!!str 1, !!int "2", !!float "3", !!str 4.50, !!bool "true", !!null '', 5]
    series_cell_visualizations: {order_items.order_count: {is_active: !!bool yes, palette: {
          palette_id: !!null '', collection_id: !!null ''}}}
    series_text_format: {order_items.size_bucket: {align: left, bold: !!null , italic: !!str }}
    header_font_size: !!str 12
    rows_font_size: '12'
    minimum_column_width: !!float 75
    hidden_pivots: !!map {}
    quick_filters: {region, channel, }
    show_totals: !!bool on
    show_row_totals: !!bool "off"
    table_theme: !!str white
    defaults_version: 1
    row: 0
    col: 0
    width: 12
    height: 6
