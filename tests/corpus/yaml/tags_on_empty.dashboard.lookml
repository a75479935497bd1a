# constructs: tags on empty nodes (a: !!str -> "", a: !!null -> null, a local tag on an
#   empty node -> null), !!null on non-empty text (!!null ~, !!null null, !!null "x"),
#   !!str on plain, quoted and block scalars, tags on block collections (!!map then a
#   nested block, !!seq then a block sequence), an anchor on an empty node reused, an
#   anchor + tag on an empty node, tags on the top-level sequence and on a dashboard.
!!seq
- !!map
  dashboard: tags_on_empty
  title: !!str Tags on empty values
  layout: !!str newspaper
  preferred_viewer: dashboards-next
  description: !!str
  preferred_slug: !!null
  extends: !looker/dashboard
  elements: !!seq
  - !!map
    title: !!str 2024
    name: !!str "2024"
    model: !!str ecommerce
    explore: order_items
    type: looker_column
    fields: !!seq
    - order_items.created_year
    - order_items.order_count
    y_axes: !!seq
    - !!map
      maxValue: !!null ''
      minValue: !!null ~
      label: !!null null
      orientation: !!null "left"
      tickDensity: !!str
      type: !!str linear
    series_labels: !!map
      order_items.order_count: !!str yes
    note_text: !!str |
      Year is a !!str above, so it stays "2024".
    subtitle_text: &empty_sub
    body_text: &empty_tagged !!str
    title_text: *empty_sub
    hidden_fields: *empty_tagged
    row: !!int 0
    col: !!int '0'
    width: 12
    height: 6
