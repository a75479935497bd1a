# constructs: leading comments, %YAML 1.1 directive, comment between directive and
#   ---, explicit document start with a comment after it, document end marker ...
#   followed by comments only; !!null '' in y_axes; flow sequence of flow mappings.
# Exported from Looker, then hand-edited.
%YAML 1.1
# the directive above must be followed by a document start marker
--- # LookML dashboard
- dashboard: directives_yaml11
  title: Inventory Aging
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Aging
    name: Aging
    model: inventory
    explore: inventory_items
    type: looker_column
    fields: [inventory_items.days_in_inventory_tier, inventory_items.count]
    sorts: [inventory_items.days_in_inventory_tier]
    limit: 500
    y_axes: [{label: Items, orientation: left, maxValue: !!null '', minValue: !!null '',
        unpinAxis: false, tickDensity: default, type: linear}]
    row: 0
    col: 0
    width: 24
    height: 6
...
# anything after the document end marker is outside the document
