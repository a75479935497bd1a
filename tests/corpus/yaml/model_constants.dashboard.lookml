# constructs: model: "@{model_name}" and explore: '@{...}' constants (quoted: @ cannot
#   start a plain scalar); an anchored flow mapping holding model/explore
#   (&source {model: ..., explore: ...}) as a merged_queries item, reused as a
#   filter's explore_source; an anchored model scalar (&m) in a merged query reused by
#   aliases in both filters; dashboard links with <model>::<name> in title_text.
- dashboard: model_constants
  title: Constants
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Pipeline
    name: Pipeline
    model: "@{model_name}"
    explore: '@{opportunity_explore}'
    type: looker_funnel
    fields: [opportunities.stage, opportunities.count]
    sorts: [opportunities.stage]
    limit: 500
    leftAxisLabelVisible: false
    smoothedBars: true
    orientation: automatic
    labelPosition: left
    percentType: total
    percentPosition: inline
    valuePosition: right
    labelColorEnabled: false
    labelColor: "#FFF"
    row: 0
    col: 0
    width: 12
    height: 8
  - title: Bookings vs Quota
    name: Bookings vs Quota
    merged_queries:
    - &source {model: "@{model_name}", explore: bookings, type: table, fields: [bookings.close_month,
          bookings.total_amount], limit: 500}
    - model: &m sales
      explore: quotas
      type: table
      fields: [quotas.month, quotas.amount]
      join_fields:
      - {field_name: quotas.month, source_field_name: bookings.close_month}
    type: looker_line
    row: 0
    col: 12
    width: 12
    height: 8
  - title: Go to Pipeline
    name: Go to Pipeline
    type: text
    title_text: <a href="/dashboards/sales::pipeline_detail">Pipeline detail</a>
    body_text: '<a href="/dashboards/@{model_name}::forecast">Forecast</a>'
    row: 8
    col: 0
    width: 24
    height: 2
  filters:
  - name: Region
    title: Region
    type: field_filter
    model: *m
    explore: opportunities
    field: accounts.region
    listens_to_filters: []
  - name: Close Month
    title: Close Month
    type: field_filter
    explore_source: *source
    model: *m
    explore: bookings
    field: bookings.close_month
    listens_to_filters: [Region]
