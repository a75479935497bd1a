view: events {
  parameter: source {
    type: unquoted
    allowed_value: { label: "Live" value: "analytics.events" }
    allowed_value: { label: "Archive" value: "analytics.events_archive" }
  }
  sql_table_name: {% parameter source %} ;;

  dimension: id {
    # analytics.events in a comment, and in a dimension's SQL: not places.
    sql: ${TABLE}.id || 'analytics.events' ;;
  }
}
