# constructs: everything together in one hand-edited export: %YAML and two %TAG
#   directives (one expanding to a local tag prefix: !ah!HashWithIndifferentAccess),
#   comments before directives, --- with a tag and an anchor on the top sequence, an anchor on a
#   tagged mapping holding model: aliased twice in a later merged_queries, tagged anchored
#   listen (&listen !e!listen), alias as key, complex key, `? ''`, !!null '', !!binary,
#   !!set, !!omap, !!str block, *approximate* text, 1e3 string, 0x1F, sexagesimal, .NaN,
#   ..., and a comment after the document end marker.
%YAML 1.1
%TAG !e! tag:example.com,2000:lookml/
%TAG !ah! !ruby/hash:ActiveSupport::
--- !!seq &dashboards
- !ah!HashWithIndifferentAccess
  dashboard: kitchen_sink
  title: !!str Kitchen & Sink
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Everything
    name: Everything
    merged_queries:
    - &primary !e!query
      model: ecommerce
      explore: order_items
      type: table
      fields: [&week order_items.created_week, &orders order_items.order_count]
      limit: !!int '500'
    - model: returns
      explore: return_items
      type: table
      fields: [return_items.returned_week, return_items.count]
      join_fields: [{field_name: return_items.returned_week, source_field_name: *week}]
    type: looker_column
    listen: &listen !e!listen
      Week: *week
    series_labels:
      *orders : Orders
      ? [*week, *orders]
      : Orders per week
      ? ''
      : (none)
    y_axes: [{maxValue: !!null '', minValue: !!null '', scale: 1e3, ticks: 0x1F, cache: 1:00,
        empty: .NaN}]
    hidden_fields: !!set {return_items.count}
    series_order: !!omap [*orders : 1, return_items.count: 2]
    icon: !!binary "R0lGODlhAQABAAAAACw="
    note_text: !!str |
      Counts are *approximate*;
      joins are on the week.
    row: 0
    col: 0
    width: 12
    height: 8
  - title: Everything again
    name: Everything again
    merged_queries: [*primary, *primary]
    type: looker_grid
    listen: *listen
    row: 0
    col: 12
    width: 12
    height: 8
... # end of the only document
