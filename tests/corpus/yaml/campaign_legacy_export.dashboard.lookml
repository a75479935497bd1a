# constructs: older export (layout: tile, tile_size) with local tag
#   !ruby/hash:ActiveSupport::HashWithIndifferentAccess on block and flow mappings and on
#   an empty value; `? ''` explicit empty key on its own line then `: value` in
#   series_labels / series_colors; empty-string values; yes/no booleans; !!null ''.
- dashboard: campaign_performance
  title: Campaign Performance
  layout: tile
  tile_size: 100

  filters:
  - name: date
    title: Date
    type: date_filter
    default_value: 2 weeks

  elements:
  - name: spend_by_channel
    title: Spend by Channel
    type: looker_column
    model: marketing
    explore: ad_spend
    dimensions: [ad_spend.channel]
    measures: [ad_spend.total_spend, ad_spend.total_clicks]
    sorts: [ad_spend.total_spend desc]
    limit: 50
    stacking: ''
    show_value_labels: no
    label_density: 25
    legend_position: center
    x_axis_gridlines: no
    y_axis_gridlines: yes
    show_view_names: yes
    series_labels: !ruby/hash:ActiveSupport::HashWithIndifferentAccess
      ad_spend.total_spend: Spend
      ? ''
      : Unknown channel
      ad_spend.total_clicks: Clicks
    series_colors: !ruby/hash:ActiveSupport::HashWithIndifferentAccess
      ? ''
      : '#9E9E9E'
      Paid Search: '#4285F4'
    y_axis_combined: yes
    show_y_axis_labels: yes
    show_y_axis_ticks: yes
    y_axis_tick_density: default
    y_axis_tick_density_custom: 5
    show_x_axis_label: yes
    show_x_axis_ticks: yes
    x_axis_scale: auto
    y_axis_scale_mode: linear
    ordering: none
    show_null_labels: no
    y_axis_min: !!null ''
    y_axis_max: !!null ''
    listen:
      date: ad_spend.spend_date
    height: 4
    width: 6
    top: 0
    left: 0

  - name: clicks_table
    title: Clicks
    type: table
    model: marketing
    explore: ad_spend
    dimensions: [ad_spend.campaign_name]
    measures: [ad_spend.total_clicks]
    sorts: [ad_spend.total_clicks desc]
    limit: 500
    show_view_names: yes
    show_row_numbers: yes
    truncate_column_names: no
    table_theme: gray
    limit_displayed_rows: no
    hidden_fields: []
    series_labels: !ruby/hash:ActiveSupport::HashWithIndifferentAccess {}
    column_order: !ruby/array:Hamster::Vector [ad_spend.campaign_name, ad_spend.total_clicks]
    query_timezone: !ruby/object:ActiveSupport::TimeZone
      name: UTC
    dynamic_fields: !ruby/hash:ActiveSupport::HashWithIndifferentAccess
    listen:
      date: ad_spend.spend_date
    height: 4
    width: 6
    top: 0
    left: 6
