# constructs: a full-size modern export: single_value with comparison, looker_line,
#   looker_area with stacking, looker_grid, text tile with note; one &listen anchor
#   reused by six elements; &color_application reused by four; y_axes flow lists with
#   maxValue/minValue !!null ''; filters with ui_config options lists; dynamic_fields
#   flow list with a quoted expression; comments between elements.
- dashboard: subscription_kpis
  title: Subscription KPIs
  layout: newspaper
  preferred_viewer: dashboards-next
  description: Recurring revenue, churn and trials.
  preferred_slug: 8XcVbN1mQw2Er3Ty4Ui5Op
  crossfilter_enabled: true
  elements:
  - title: MRR
    name: MRR
    model: billing
    explore: subscriptions
    type: single_value
    fields: [subscriptions.mrr, subscriptions.mrr_last_month]
    limit: 500
    dynamic_fields: [{category: table_calculation, expression: "(${subscriptions.mrr} - ${subscriptions.mrr_last_month})\
          \ / ${subscriptions.mrr_last_month}", label: Change, value_format: !!null '',
        value_format_name: percent_1, _kind_hint: measure, table_calculation: change,
        _type_hint: number}]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: true
    comparison_type: change
    comparison_reverse_colors: false
    show_comparison_label: true
    comparison_label: vs last month
    single_value_title: Monthly recurring revenue
    value_format: '[>=1000000]$0.0,,"M";[>=1000]$0.0,"K";$0'
    hidden_fields: [subscriptions.mrr_last_month]
    listen: &listen
      Plan: plans.name
      Region: accounts.region
      Signup Date: subscriptions.started_date
    row: 0
    col: 0
    width: 6
    height: 4
  - title: Active Subscriptions
    name: Active Subscriptions
    model: billing
    explore: subscriptions
    type: single_value
    fields: [subscriptions.active_count]
    filters:
      subscriptions.status: active
    limit: 500
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    listen: *listen
    row: 0
    col: 6
    width: 6
    height: 4
  # churn tiles
  - title: Churn Rate
    name: Churn Rate
    model: billing
    explore: subscriptions
    type: looker_line
    fields: [subscriptions.cancelled_month, subscriptions.churn_rate]
    fill_fields: [subscriptions.cancelled_month]
    sorts: [subscriptions.cancelled_month desc]
    limit: 24
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
    point_style: circle_outline
    show_value_labels: false
    label_density: 25
    x_axis_scale: auto
    y_axis_combined: true
    show_null_points: true
    interpolation: monotone
    color_application: &color_application
      collection_id: 2b3c4d5e-6f70-4812-93a4-b5c6d7e8f901
      palette_id: 7f8e9d0c-1b2a-4394-a5b6-c7d8e9f0a1b2
      options:
        steps: 5
    y_axes: [{label: Churn, orientation: left, series: [{axisId: subscriptions.churn_rate,
            id: subscriptions.churn_rate, name: Churn Rate}], showLabels: true, showValues: true,
        valueFormat: 0.0%, maxValue: !!null '', minValue: !!null '', unpinAxis: false,
        tickDensity: default, tickDensityCustom: 5, type: linear}]
    x_axis_zoom: true
    y_axis_zoom: true
    defaults_version: 1
    listen: *listen
    row: 4
    col: 0
    width: 12
    height: 8
  - title: MRR by Plan
    name: MRR by Plan
    model: billing
    explore: subscriptions
    type: looker_area
    fields: [subscriptions.started_month, plans.name, subscriptions.mrr]
    pivots: [plans.name]
    fill_fields: [subscriptions.started_month]
    sorts: [plans.name, subscriptions.started_month desc]
    limit: 500
    stacking: normal
    color_application: *color_application
    series_colors:
      Basic - subscriptions.mrr: "#A8DAB5"
      Pro - subscriptions.mrr: "#34A853"
      Enterprise - subscriptions.mrr: "#137333"
    y_axes: [{label: '', orientation: left, maxValue: !!null '', minValue: !!null '',
        unpinAxis: false, type: linear}]
    defaults_version: 1
    listen: *listen
    row: 4
    col: 12
    width: 12
    height: 8
  - title: Trials Converting
    name: Trials Converting
    model: billing
    explore: trials
    type: looker_grid
    fields: [trials.started_week, trials.count, trials.converted_count, trials.conversion_rate]
    sorts: [trials.started_week desc]
    limit: 12
    show_view_names: false
    show_row_numbers: false
    table_theme: white
    enable_conditional_formatting: true
    conditional_formatting: [{type: along a scale..., value: !!null '', background_color: !!null '',
        font_color: !!null '', color_application: *color_application, bold: false, italic: false,
        strikethrough: false, fields: [trials.conversion_rate]}]
    listen:
      Plan: plans.name
      Signup Date: trials.started_date
    row: 12
    col: 0
    width: 16
    height: 6
  - title: Plan Mix
    name: Plan Mix
    model: billing
    explore: subscriptions
    type: looker_pie
    fields: [plans.name, subscriptions.active_count]
    sorts: [subscriptions.active_count desc]
    limit: 10
    value_labels: legend
    label_type: labPer
    color_application: *color_application
    listen: *listen
    row: 12
    col: 16
    width: 8
    height: 6
  - name: How to read
    type: text
    title_text: How to read this dashboard
    subtitle_text: ''
    body_text: MRR counts active subscriptions at month end; churn is cancellations divided
      by subscriptions active at the start of the month.
    note_state: collapsed
    note_display: hover
    note_text: Figures are *approximate* for the current month.
    listen: *listen
    row: 18
    col: 0
    width: 24
    height: 3
  filters:
  - name: Plan
    title: Plan
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config:
      type: checkboxes
      display: popover
      options: [Basic, Pro, Enterprise]
    model: billing
    explore: subscriptions
    listens_to_filters: []
    field: plans.name
  - name: Region
    title: Region
    type: field_filter
    default_value: EMEA,AMER
    allow_multiple_values: true
    required: false
    ui_config:
      type: tag_list
      display: popover
      options:
      - EMEA
      - AMER
      - APAC
    model: billing
    explore: subscriptions
    listens_to_filters: [Plan]
    field: accounts.region
  - name: Signup Date
    title: Signup Date
    type: field_filter
    default_value: 12 month
    allow_multiple_values: true
    required: false
    ui_config:
      type: advanced
      display: popover
      options: []
    model: billing
    explore: subscriptions
    listens_to_filters: []
    field: subscriptions.started_date
