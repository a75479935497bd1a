# Paid media performance. Owned by the growth team.
- dashboard: campaign_performance
  title: Campaign Performance
  layout: newspaper
  preferred_viewer: dashboards-next
  description: >
    Spend, clicks, conversions and return on ad spend
    across every paid channel.
  load_configuration: wait

  filters:
  - name: Campaign
    title: Campaign
    type: field_filter
    default_value: ""
    allow_multiple_values: true
    required: false
    ui_config: {type: tag_list, display: popover}
    model: marketing
    explore: campaigns
    listens_to_filters: [Platform]
    field: campaigns.name
  - name: Platform
    title: Platform
    type: field_filter
    default_value: google_ads,meta
    model: marketing
    explore: campaigns
    field: campaigns.platform
  - name: Event Date
    title: Event Date
    type: field_filter
    default_value: 28 days
    model: marketing
    explore: ad_events
    field: ad_events.event_date

  elements:
  - title: Spend
    name: spend
    model: marketing
    explore: ad_events
    type: single_value
    fields: [ad_events.spend]
    listen: {Campaign: campaigns.name, Platform: campaigns.platform, Event Date: ad_events.event_date}
    row: 0
    col: 0
    width: 6
    height: 4

  - title: ROAS
    name: roas
    model: marketing
    explore: campaigns
    type: single_value
    fields: [campaign_daily_summary.overall_roas]
    note_text: "Attributed revenue / spend. See <a href='/explore/marketing/campaigns?fields=campaign_daily_summary.overall_roas'>the explore</a>."
    listen:
      Campaign: campaigns.name
      Platform: campaigns.platform
      Event Date: campaign_daily_summary.event_date
    row: 0
    col: 6
    width: 6
    height: 4

  - title: Daily Spend by Platform
    name: daily_spend_by_platform
    model: marketing
    explore: ad_events
    type: looker_line
    fields: [ad_events.event_date, ad_events.platform, ad_events.spend]
    pivots: [ad_events.platform]
    fill_fields: [ad_events.event_date]
    sorts: [ad_events.event_date desc, ad_events.platform]
    limit: 500
    listen:
      Campaign: campaigns.name
      Platform: campaigns.platform
      Event Date: ad_events.event_date
    row: 4
    col: 0
    width: 24
    height: 8

  - title: Campaign Leaderboard
    name: campaign_leaderboard
    model: marketing
    explore: campaigns
    type: looker_grid
    fields: [campaigns.name, campaigns.platform, ad_events.impressions, ad_events.clicks,
      ad_events.click_through_rate, ad_events.conversions, ad_events.cost_per_acquisition]
    filters:
      ad_events.impressions: ">1000"
      campaigns.objective: "-brand_awareness"
    sorts: [ad_events.conversions desc]
    limit: 50
    listen:
      Campaign: campaigns.name
      Platform: campaigns.platform
      Event Date: ad_events.event_date
    row: 12
    col: 0
    width: 16
    height: 9

  - title: Campaign Revenue vs Site Orders
    name: campaign_revenue_vs_orders
    merged_queries:
    - model: marketing
      explore: campaigns
      type: table
      fields: [campaign_daily_summary.event_date, campaign_daily_summary.total_attributed_revenue]
      sorts: [campaign_daily_summary.event_date desc]
      limit: 500
    - model: ecommerce
      explore: orders
      type: table
      fields: [orders.created_date, orders.total_order_value]
      limit: 500
      join_fields:
      - field_name: orders.created_date
        source_field_name: campaign_daily_summary.event_date
    type: looker_area
    listen:
    - Event Date: campaign_daily_summary.event_date
    - Event Date: orders.created_date
    row: 12
    col: 16
    width: 8
    height: 9

  - name: footer
    type: text
    title_text: ''
    body_text: |-
      Revenue is attributed with the window chosen in the explore (default 7 days).
      Drill into orders on <a href="/dashboards/ecommerce::sales_overview">Sales Overview</a>
      or open <a href="https://acme.cloud.looker.com/embed/dashboards/marketing::campaign_performance">the embedded copy</a>.
    row: 21
    col: 0
    width: 24
    height: 3
