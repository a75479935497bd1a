# constructs: anchor then tag (&fmt !!str '0.0') and tag then anchor (!!str &cur $#,##0);
#   aliases of tagged nodes; anchors on flow sequences (&fields [...]) and block sequences
#   (&sorts) reused; an anchor on a scalar inside a flow sequence used as a mapping key
#   later (*count_field : Orders, with the space before the colon); an anchor on an
#   empty value (&nothing) and on a tagged empty value (&blank !!str); an anchor on a
#   mapping key (&k_state State:) whose alias is a key elsewhere; alias inside flow.
- dashboard: anchors_and_tags
  title: Anchors and tags
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Orders by State
    name: Orders by State
    model: ecommerce
    explore: order_items
    type: looker_grid
    fields: &fields [users.state, &count_field order_items.order_count, &sale_field order_items.total_sale_price]
    sorts: &sorts
    - order_items.order_count desc
    - users.state
    limit: 500
    value_format: &fmt !!str '0.0'
    value_format_name: !!str &cur $#,##0
    series_labels:
      *count_field : Orders
      *sale_field  : Revenue
    series_text_format: {*count_field : {bold: true}, *sale_field : {italic: !!null ''}}
    hidden_fields: &nothing
    hidden_pivots: &blank !!str
    listen:
      &k_state State: users.state
      Date: order_items.created_date
    row: 0
    col: 0
    width: 12
    height: 8
  - title: Orders by State (copy)
    name: Orders by State (copy)
    model: ecommerce
    explore: order_items
    type: looker_column
    fields: *fields
    sorts: *sorts
    limit: 500
    y_axis_value_format: *fmt
    value_format_name: *cur
    hidden_fields: *nothing
    hidden_pivots: *blank
    listen:
      *k_state : users.state
    pivots: [*count_field, *k_state]
    row: 0
    col: 12
    width: 12
    height: 8
