# constructs: merged_queries, each source with its own model:; an anchor on a whole
#   source-query mapping (&shipped_base, containing model: and explore:) aliased in two
#   later elements' merged_queries, so one model: token serves three queries; an anchor
#   on a sequence (&join_on) reused; join_fields; anchored flow mapping as a listen:.
- dashboard: fulfillment_merged
  title: Fulfillment (merged results)
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Shipped vs Returned
    name: Shipped vs Returned
    merged_queries:
    - &shipped_base
      model: ecommerce
      explore: order_items
      type: table
      fields: [order_items.shipped_month, order_items.order_count]
      fill_fields: [order_items.shipped_month]
      sorts: [order_items.shipped_month desc]
      limit: 500
      query_timezone: America/Los_Angeles
    - model: returns
      explore: return_items
      type: table
      fields: [return_items.returned_month, return_items.count]
      sorts: [return_items.returned_month desc]
      limit: 500
      join_fields: &join_on
      - field_name: return_items.returned_month
        source_field_name: order_items.shipped_month
    type: looker_line
    series_types: {}
    y_axes: [{label: '', orientation: left, maxValue: !!null '', minValue: !!null '',
        unpinAxis: false, type: linear}]
    listen:
    - &date_listen {Shipped Month: order_items.shipped_month}
    - *date_listen
    row: 0
    col: 0
    width: 16
    height: 8
  - title: Return Rate
    name: Return Rate
    merged_queries:
    - *shipped_base
    - model: returns
      explore: return_items
      type: table
      fields: [return_items.returned_month, return_items.return_rate]
      limit: 500
      join_fields: *join_on
    type: looker_area
    dynamic_fields: [{category: table_calculation, expression: "${return_items.count}\
          \ / ${order_items.order_count}", label: Return rate, value_format: !!null '',
        value_format_name: percent_1, _kind_hint: measure, table_calculation: return_rate,
        _type_hint: number}]
    listen:
    - *date_listen
    - {}
    row: 0
    col: 16
    width: 8
    height: 8
  - title: Shipped (same query)
    name: Shipped (same query)
    merged_queries:
    - *shipped_base
    - *shipped_base
    type: looker_grid
    row: 8
    col: 0
    width: 24
    height: 6
