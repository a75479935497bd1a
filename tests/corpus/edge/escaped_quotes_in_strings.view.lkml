# Backslash escapes inside quoted strings.
view: escaped_quotes {
  label: "Orders \"live\""
  dimension: path {
    description: "Windows path C:\\exports\\orders, then a quote: \" and a tab \t"
    sql: ${TABLE}.path ;;
  }
  measure: m {
    type: count
    filters: [name: "O\"Brien"]
    value_format: "0.0\"x\""
  }
}
