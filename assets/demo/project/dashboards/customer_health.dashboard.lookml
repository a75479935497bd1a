- dashboard: customer_health
  title: "Customer Health"
  layout: newspaper
  preferred_viewer: dashboards-next
  description: 'Retention, lifetime value and churn risk.'

  filters:
  - name: User ID
    title: User ID
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config:
      type: advanced
      display: popover
    model: ecommerce
    explore: users
    field: users.id
  - name: Segment
    title: "Segment"
    type: field_filter
    default_value: ""
    model: ecommerce
    explore: users
    field: customer_lifetime.segment
  - name: Signup Date
    title: Signup Date
    type: date_filter
    default_value: 12 months

  elements:
  - name: header
    type: text
    title_text: '<a href="/dashboards/ecommerce::sales_overview">&larr; Back to Sales Overview</a>'
    body_text: ''
    row: 0
    col: 0
    width: 24
    height: 2

  - title: Customers
    name: customers
    model: ecommerce
    explore: users
    type: single_value
    fields: [users.count]
    listen:
      User ID: users.id
      Segment: customer_lifetime.segment
      Signup Date: users.created_date
    row: 2
    col: 0
    width: 8
    height: 4

  - title: Repeat Customers
    name: repeat_customers
    model: 'ecommerce'
    explore: users
    type: single_value
    fields: [user_order_facts.repeat_customers, users.count]
    dynamic_fields: [{category: table_calculation, expression: "${user_order_facts.repeat_customers}\
          \ / ${users.count}", label: Repeat Rate, value_format_name: percent_1,
        _kind_hint: measure, table_calculation: repeat_rate, _type_hint: number}]
    hidden_fields: [user_order_facts.repeat_customers, users.count]
    listen:
      Segment: customer_lifetime.segment
      Signup Date: users.created_date
    row: 2
    col: 8
    width: 8
    height: 4

  - title: Average Lifetime Value
    name: average_ltv
    model: "ecommerce"
    explore: users
    type: single_value
    fields: [customer_lifetime.average_lifetime_value]
    listen:
      Segment: customer_lifetime.segment
    row: 2
    col: 16
    width: 8
    height: 4

  - title: LTV by Signup Cohort
    name: ltv_by_cohort
    model: ecommerce
    explore: users
    type: looker_area
    fields: [users.created_month, customer_lifetime.lifetime_value_tier, users.count]
    pivots: [customer_lifetime.lifetime_value_tier]
    fill_fields: [users.created_month]
    sorts: [users.created_month desc, customer_lifetime.lifetime_value_tier 0]
    limit: 500
    column_limit: 50
    stacking: percent
    listen:
      Signup Date: users.created_date
    row: 6
    col: 0
    width: 12
    height: 8

  - title: At-Risk Customers
    name: at_risk_customers
    model: ecommerce
    explore: users
    type: looker_grid
    fields: [users.id, users.name, customer_lifetime.segment, customer_lifetime.churn_score,
      customer_lifetime.last_order_date]
    filters:
      customer_lifetime.segment: at_risk
      customer_lifetime.churn_score: ">=0.7"
    sorts: [customer_lifetime.churn_score desc]
    limit: 100
    listen:
      User ID: users.id
    row: 6
    col: 12
    width: 12
    height: 8

  - title: Returns by Reason
    name: returns_by_reason
    model: ecommerce
    explore: returns
    type: looker_pie
    fields: [returns.reason_group, returns.count]
    sorts: [returns.count desc]
    limit: 10
    value_labels: legend
    row: 14
    col: 0
    width: 12
    height: 6

  - title: Sessions before first purchase
    name: sessions_before_purchase
    model: ecommerce
    explore: users
    type: looker_bar
    fields: [sessions.number_of_events, sessions.count]
    sorts: [sessions.number_of_events]
    limit: 20
    row: 14
    col: 12
    width: 12
    height: 6
