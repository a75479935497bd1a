view: sessions {
  parameter: sessions_table {
    type: unquoted
    default_value: "warehouse_db.analytics_acceptance.sessions"
    allowed_value: {
      label: "All"
      value: "warehouse_db.analytics_acceptance.sessions"
    }
    allowed_value: {
      label: "Sampled"
      value: "`analytics_acceptance.sessions_sample`"
    }
    allowed_value: {
      label: "Public"
      value: "public.sessions"
    }
  }
  sql_table_name: {{- sessions.sessions_table._parameter_value -}} ;;
}
