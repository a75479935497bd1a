# constructs: looker_pie / looker_map / looker_geo_choropleth / looker_scatter elements
#   with float and negative-float settings (map_latitude: 37.77, map_longitude: -122.42),
#   a quoted number, !!null '' for map ranges, a listen anchor reused across element
#   types, an anchored color_application reused, map_value_colors flow list, !!float on
#   an int-looking value, !!int on a quoted hex and on sexagesimal text.
- dashboard: geo_pie_map
  title: Where Customers Are
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Share by Country
    name: Share by Country
    model: ecommerce
    explore: users
    type: looker_pie
    fields: [users.country, users.count]
    sorts: [users.count desc]
    limit: 10
    value_labels: legend
    label_type: labPer
    inner_radius: 40
    start_angle: !!float 90
    end_angle: !!int "0x168"
    color_application: &pie_colors
      collection_id: a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d
      palette_id: d5c4b3a2-f1e0-4d9c-8b7a-6f5e4d3c2b1a
      options:
        steps: 5
        reverse: true
    series_colors: {}
    listen: &geo_listen
      Country: users.country
      Signup Date: users.created_date
    row: 0
    col: 0
    width: 8
    height: 8
  - title: Customers on a Map
    name: Customers on a Map
    model: ecommerce
    explore: users
    type: looker_map
    fields: [users.approx_location, users.count]
    limit: 5000
    map_plot_mode: points
    heatmap_gridlines: false
    heatmap_gridlines_empty: false
    heatmap_opacity: 0.5
    show_region_field: true
    draw_map_labels_above_data: true
    map_tile_provider: light
    map_position: custom
    map_latitude: 37.77
    map_longitude: -122.42
    map_zoom: 4
    map_scale_indicator: 'off'
    map_pannable: true
    map_zoomable: true
    map_marker_type: circle
    map_marker_icon_name: default
    map_marker_radius_mode: proportional_value
    map_marker_units: meters
    map_marker_proportional_scale_type: linear
    map_marker_color_mode: fixed
    show_view_names: false
    show_legend: true
    quantize_map_value_colors: false
    reverse_map_value_colors: false
    map_value_colors: ["#E8F0FE", "#1A73E8"]
    map_value_scale_clamp_min: !!null ''
    map_value_scale_clamp_max: !!null ''
    refresh_every: !!int "1:00:00"
    listen: *geo_listen
    row: 0
    col: 8
    width: 16
    height: 8
  - title: Revenue by State
    name: Revenue by State
    model: ecommerce
    explore: order_items
    type: looker_geo_choropleth
    fields: [users.state, order_items.total_sale_price]
    map: usa
    map_projection: ''
    quantize_colors: false
    colors: ["#FFFFFF", "#1A73E8"]
    color_application: *pie_colors
    listen: *geo_listen
    row: 8
    col: 0
    width: 12
    height: 8
  - title: Age vs Spend
    name: Age vs Spend
    model: ecommerce
    explore: order_items
    type: looker_scatter
    fields: [users.age, order_items.average_sale_price]
    sorts: [users.age]
    limit: 500
    point_style: circle
    x_axis_label: Age
    x_axis_zoom: true
    y_axis_zoom: true
    reference_lines: [{reference_type: line, line_value: mean, range_start: max, range_end: min,
        margin_top: deviation, margin_value: mean, margin_bottom: deviation, label_position: right,
        color: "#000000", value_format: !!null '', label: Mean}]
    trend_lines: [{color: "#000000", label_position: right, period: 7, regression_type: linear,
        series_index: 1, show_label: false, order: "3"}]
    listen: *geo_listen
    row: 8
    col: 12
    width: 12
    height: 8
