# constructs: a 2017-style newspaper export: !ruby/hash:ActiveSupport::HashWithIndifferentAccess
#   on series_colors, series_labels, series_types, hidden_series and filters mappings
#   (block and flow `!ruby/hash:... {}`), anchored together with the tag
#   (&colors !ruby/hash:...) and aliased; `? ''` explicit empty key with an empty and a
#   null value; on/off booleans; ruby tag on a scalar (!ruby/symbol) and a sequence.
- dashboard: support_queue
  title: Support Queue
  layout: newspaper
  elements:
  - title: Tickets by Priority
    name: Tickets by Priority
    model: support
    explore: tickets
    type: looker_column
    fields: [tickets.priority, tickets.status, tickets.count]
    pivots: [tickets.status]
    sorts: [tickets.priority, tickets.status 0]
    limit: 500
    column_limit: 50
    stacking: normal
    show_value_labels: false
    label_density: 25
    legend_position: center
    x_axis_gridlines: false
    y_axis_gridlines: true
    show_view_names: true
    limit_displayed_rows: false
    y_axis_combined: true
    show_y_axis_labels: true
    show_y_axis_ticks: true
    y_axis_tick_density: default
    y_axis_tick_density_custom: 5
    show_x_axis_label: true
    show_x_axis_ticks: true
    x_axis_scale: auto
    y_axis_scale_mode: linear
    ordering: none
    show_null_labels: false
    show_totals_labels: false
    show_silhouette: false
    totals_color: "#808080"
    series_types: !ruby/hash:ActiveSupport::HashWithIndifferentAccess {}
    series_colors: &colors !ruby/hash:ActiveSupport::HashWithIndifferentAccess
      open - tickets.count: "#EA4335"
      pending - tickets.count: "#FBBC04"
      solved - tickets.count: "#34A853"
      ? ''
      :
    series_labels: !ruby/hash:ActiveSupport::HashWithIndifferentAccess
      ? ''
      : ''
      tickets.count: Tickets
    hidden_series: !ruby/array:Array [closed - tickets.count]
    sort_mode: !ruby/symbol ascending
    listen:
      Team: tickets.team
    row: 0
    col: 0
    width: 12
    height: 8
  - title: Tickets by Channel
    name: Tickets by Channel
    model: support
    explore: tickets
    type: looker_bar
    fields: [tickets.channel, tickets.status, tickets.count]
    pivots: [tickets.status]
    filters: !ruby/hash:ActiveSupport::HashWithIndifferentAccess
      tickets.created_date: 30 days
    sorts: [tickets.count desc 0]
    limit: 500
    stacking: percent
    series_colors: *colors
    show_value_labels: on
    show_null_labels: off
    listen:
      Team: tickets.team
    row: 0
    col: 12
    width: 12
    height: 8
  filters:
  - name: Team
    title: Team
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    model: support
    explore: tickets
    listens_to_filters: []
    field: tickets.team
