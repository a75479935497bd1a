# constructs: a UTF-8 byte order mark before the first comment; non-ASCII text in plain,
#   single- and double-quoted scalars, keys and comments (é, ü, ß, 日本語, emoji); \u and
#   \x and \U escapes in double quotes; a non-ASCII anchor target reused.  Größe ✓
- dashboard: umsatz_übersicht
  title: Umsatz – Übersicht 📈
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Straße & Größe
    name: Straße & Größe
    model: ecommerce
    explore: order_items
    type: looker_column
    fields: [products.größe, order_items.order_count]
    series_labels:
      products.größe: &label_size Größe (EU)
      order_items.order_count: '注文数'
      "Ümlaut \u00fc \x41 \U0001F600": escaped key
    note_text: Zahlen sind *ungefähr*; café, naïve, 日本語 ok
    subtitle_text: *label_size
    row: 0
    col: 0
    width: 24
    height: 6
