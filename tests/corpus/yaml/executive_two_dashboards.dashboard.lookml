# constructs: two dashboards in one file; an anchor on a block sequence (&shared_filters,
#   whose items hold model:/explore:) aliased as the second dashboard's whole filters:;
#   an anchor on a block mapping of element defaults reused as a value; anchors on
#   scalars (&model_name) aliased where a model is expected; an alias as a mapping key.
- dashboard: executive_summary
  title: Executive Summary
  layout: newspaper
  preferred_viewer: dashboards-next
  crossfilter_enabled: true
  elements:
  - name: headline
    title: Headline
    model: &model_name ecommerce
    explore: &explore_name order_items
    type: single_value
    fields: [order_items.total_gross_margin]
    listen: &exec_listen
      Period: order_items.created_date
      Region: &region_field users.region
    row: 0
    col: 0
    width: 8
    height: 4
  - name: by_region
    title: By Region
    model: *model_name
    explore: *explore_name
    type: looker_pie
    fields: [*region_field, order_items.total_gross_margin]
    sorts: [order_items.total_gross_margin desc]
    value_labels: legend
    label_type: labPer
    inner_radius: 50
    series_labels:
      *region_field : Region
    listen: *exec_listen
    row: 0
    col: 8
    width: 8
    height: 6
  filters: &shared_filters
  - name: Period
    title: Period
    type: date_filter
    default_value: 90 days
    allow_multiple_values: true
    required: false
  - name: Region
    title: Region
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: &dropdown
      type: dropdown_menu
      display: inline
    model: ecommerce
    explore: order_items
    listens_to_filters: []
    field: users.region

- dashboard: executive_summary_emea
  title: Executive Summary (EMEA)
  extends: executive_summary
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - name: headline
    title: Headline (EMEA)
    model: *model_name
    explore: *explore_name
    type: single_value
    fields: [order_items.total_gross_margin]
    listen: *exec_listen
    row: 0
    col: 0
    width: 8
    height: 4
  filters: *shared_filters
  default_ui: *dropdown
