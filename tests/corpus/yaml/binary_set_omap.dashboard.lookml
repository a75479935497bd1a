# constructs: !!binary on a literal block (logo for a text tile) and on a plain one-line
#   scalar; !!set in block form (? item) and flow form ({a, b}); !!omap and !!pairs in
#   block and flow forms (ordered series, duplicate key kept in !!pairs); !!timestamp
#   explicit tag (text kept); an implicit date that stays a string.
- dashboard: binary_set_omap
  title: Brand Kit
  layout: newspaper
  preferred_viewer: dashboards-next
  created_at: !!timestamp 2023-11-02T09:15:00Z
  reviewed_on: 2024-02-29
  elements:
  - name: logo
    type: text
    title_text: Brand
    logo_png: !!binary |
      iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4
      2mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==
    favicon: !!binary R0lGODlhAQABAAAAACw=
    row: 0
    col: 0
    width: 6
    height: 2
  - title: Ordered series
    name: Ordered series
    model: ecommerce
    explore: order_items
    type: looker_column
    fields: [order_items.created_month, order_items.order_count, order_items.return_count]
    hidden_fields: !!set
      ? order_items.return_count
      ? order_items.cancelled_count
    required_filters: !!set {order_items.created_month, users.country}
    series_order: !!omap
    - order_items.order_count: 1
    - order_items.return_count: 2
    series_colors: !!omap [order_items.order_count: "#4285F4", order_items.return_count: "#EA4335"]
    axis_pairs: !!pairs
    - left: order_items.order_count
    - right: order_items.return_count
    - left: order_items.cancelled_count
    row: 0
    col: 6
    width: 18
    height: 8
