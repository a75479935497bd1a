view: daily_events {
  derived_table: {
    sql:
      SELECT day, count(*) AS n
      FROM {% parameter source %}
      JOIN analytics_acceptance.calendar USING (day)
      WHERE kind = {% parameter kind %}
      GROUP BY 1 ;;
  }
  parameter: source {
    type: unquoted
    allowed_value: { label: "Live" value: "analytics_acceptance.events" }
    allowed_value: { label: "Staging" value: "staging.events" }
    default_value: "analytics_acceptance.events"
  }
  parameter: kind {
    type: string
    allowed_value: { value: "click" }
  }
  dimension: n { type: number }
}
