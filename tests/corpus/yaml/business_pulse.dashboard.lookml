# constructs: modern "Get LookML" export (newspaper, dashboards-next); !!null '' in
#   y_axes maxValue/minValue; anchors &listen / &color_application on mappings reused by
#   *listen / *color_application in later elements; filters with model/explore/field/
#   listens_to_filters; flow sequences and mappings; empty {} and [] values; quoted '#hex'.
- dashboard: business_pulse
  title: Business Pulse
  layout: newspaper
  preferred_viewer: dashboards-next
  description: 'Weekly health of the shop: orders, revenue, new customers.'
  preferred_slug: 4kQm7Tz2VwYb0sLr9Nc3Ue
  elements:
  - title: Orders
    name: Orders
    model: ecommerce
    explore: order_items
    type: single_value
    fields: [order_items.order_count]
    limit: 500
    column_limit: 50
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    comparison_type: value
    comparison_reverse_colors: false
    show_comparison_label: true
    enable_conditional_formatting: false
    conditional_formatting_include_totals: false
    conditional_formatting_include_nulls: false
    defaults_version: 1
    listen: &listen
      Created Date: order_items.created_date
      State: users.state
      Traffic Source: users.traffic_source
    row: 0
    col: 0
    width: 6
    height: 4
  - title: Revenue
    name: Revenue
    model: ecommerce
    explore: order_items
    type: single_value
    fields: [order_items.total_sale_price]
    limit: 500
    value_format: $#,##0
    custom_color: "#1A73E8"
    show_single_value_title: true
    show_comparison: false
    defaults_version: 1
    listen: *listen
    row: 0
    col: 6
    width: 6
    height: 4
  - title: Orders by Week
    name: Orders by Week
    model: ecommerce
    explore: order_items
    type: looker_column
    fields: [order_items.created_week, order_items.order_count, order_items.total_sale_price]
    fill_fields: [order_items.created_week]
    sorts: [order_items.created_week desc]
    limit: 500
    column_limit: 50
    x_axis_gridlines: false
    y_axis_gridlines: true
    show_view_names: false
    show_y_axis_labels: true
    show_y_axis_ticks: true
    y_axis_tick_density: default
    y_axis_tick_density_custom: 5
    show_x_axis_label: true
    show_x_axis_ticks: true
    y_axis_scale_mode: linear
    x_axis_reversed: false
    y_axis_reversed: false
    plot_size_by_field: false
    trellis: ''
    stacking: ''
    limit_displayed_rows: false
    legend_position: center
    point_style: none
    show_value_labels: false
    label_density: 25
    x_axis_scale: auto
    y_axis_combined: true
    ordering: none
    show_null_labels: false
    show_totals_labels: false
    show_silhouette: false
    totals_color: "#808080"
    color_application: &color_application
      collection_id: 5f3c1a2e-8d4b-4c6a-9e7f-0b1d2c3e4f5a
      palette_id: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
      options:
        steps: 5
    y_axes: [{label: '', orientation: left, series: [{axisId: order_items.order_count,
            id: order_items.order_count, name: Orders}], showLabels: true, showValues: true,
        maxValue: !!null '', minValue: !!null '', unpinAxis: false, tickDensity: default,
        tickDensityCustom: 5, type: linear}, {label: !!null '', orientation: right, series: [
          {axisId: order_items.total_sale_price, id: order_items.total_sale_price, name: Revenue}],
        showLabels: true, showValues: true, maxValue: !!null '', minValue: 0, unpinAxis: false,
        tickDensity: default, type: linear}]
    series_types:
      order_items.total_sale_price: line
    series_colors:
      order_items.order_count: "#1A73E8"
      order_items.total_sale_price: "#E8710A"
    hidden_fields: []
    hidden_pivots: {}
    defaults_version: 1
    listen: *listen
    row: 4
    col: 0
    width: 24
    height: 8
  - title: Top Categories
    name: Top Categories
    model: ecommerce
    explore: order_items
    type: looker_bar
    fields: [products.category, order_items.total_sale_price]
    sorts: [order_items.total_sale_price desc 0]
    limit: 10
    color_application: *color_application
    y_axes: [{label: '', orientation: bottom, series: [{axisId: order_items.total_sale_price,
            id: order_items.total_sale_price, name: Revenue}], showLabels: false, showValues: true,
        maxValue: !!null '', minValue: !!null '', unpinAxis: false, type: linear}]
    show_value_labels: true
    label_density: 25
    defaults_version: 1
    listen: *listen
    row: 12
    col: 0
    width: 12
    height: 8
  filters:
  - name: Created Date
    title: Created Date
    type: field_filter
    default_value: 28 days
    allow_multiple_values: true
    required: false
    ui_config:
      type: relative_timeframes
      display: inline
      options: []
    model: ecommerce
    explore: order_items
    listens_to_filters: []
    field: order_items.created_date
  - name: State
    title: State
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config:
      type: tag_list
      display: popover
    model: ecommerce
    explore: order_items
    listens_to_filters: [Traffic Source]
    field: users.state
  - name: Traffic Source
    title: Traffic Source
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config:
      type: checkboxes
      display: popover
    model: ecommerce
    explore: order_items
    listens_to_filters: []
    field: users.traffic_source
