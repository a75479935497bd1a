# constructs: explicit keys `? `: `? ''` then `: value`; `? plain` with no value (null);
#   complex keys: a flow sequence, a flow mapping, a block sequence, a block mapping,
#   and a block literal as keys; explicit keys inside a flow mapping ({? a : b}); a
#   single-pair mapping inside a flow sequence ([? k : v]); comments between ? and :.
- dashboard: explicit_keys
  title: Explicit keys
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Channel mix
    name: Channel mix
    model: marketing
    explore: sessions
    type: looker_donut_multiples
    fields: [sessions.channel, sessions.device, sessions.count]
    pivots: [sessions.device]
    series_labels:
      ? ''
      : No channel
      ? sessions.count
      : Sessions
      ? organic
    series_colors:
      # a pivoted series is addressed by [pivot value, measure]
      ? [mobile, sessions.count]
      : "#4285F4"
      ? {device: desktop, measure: sessions.count}
      : "#EA4335"
      ? - tablet
        - sessions.count
      # comment between the key and its value
      : "#FBBC04"
      ? device: tv
        measure: sessions.count
      : "#34A853"
    series_types: {? sessions.count : column, ? '' : line}
    column_order: [? sessions.channel : asc, sessions.device]
    hidden_series_labels:
      ? |
        multi-line
        key
      : hidden
    row: 0
    col: 0
    width: 24
    height: 8
