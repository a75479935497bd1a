# constructs: duplicate keys left by hand edits (last value wins, the key keeps its first
#   position): a repeated element key (title:), a repeated listen entry, keys that collide
#   only after conversion to JSON key text (1, '1' and 0x1 -> "1"; yes and 'true' ->
#   "true"; ~ and 'null' -> "null"; 1.0 and 1.00 -> "1.0"); duplicates in a flow mapping.
- dashboard: duplicate_keys
  title: Draft
  layout: newspaper
  preferred_viewer: dashboards-next
  title: Weekly Ops
  elements:
  - title: Old title
    name: Throughput
    model: operations
    explore: shipments
    type: looker_line
    fields: [shipments.ship_week, shipments.count]
    limit: 500
    listen:
      Warehouse: shipments.warehouse
      Week: shipments.ship_week
      Warehouse: warehouses.name
    series_labels:
      1: one (int)
      '1': one (string)
      0x1: one (hex)
      yes: yes (bool)
      'true': true (string)
      ~: nothing
      'null': null (string)
      1.0: float one
      1.00: float one again
    series_colors: {shipments.count: "#000", shipments.count: "#4285F4", other: "#999"}
    title: Throughput
    row: 0
    col: 0
    width: 24
    height: 6
