# constructs: legacy YAML view on a derived table: derived_table with a literal sql block
#   (|-) containing *, &, #, : and quotes; sql_trigger_value and persist_for; a tagged
#   block (!!str |); anchored SQL snippet (&event_type_sql) reused; a local tag on a
#   field mapping (!looker/dimension) and on the view mapping; !!null '' values; a
#   flow mapping of filters with an explicit key; ~ and empty values; CRLF-free LF file.
- !looker/view
  view: events
  derived_table:
    sql: |-
      SELECT e.id, e.user_id, e.type, e.created_at, COUNT(*) AS n
      FROM analytics.events AS e   -- events & page views
      WHERE e.type <> 'heartbeat'  # "internal": skip
      GROUP BY 1, 2, 3, 4
    sql_trigger_value: SELECT CURRENT_DATE
    persist_for: 24 hours
    indexes: [user_id, created_at]
  fields:
  - !looker/dimension
    dimension: id
    primary_key: true
    sql: ${TABLE}.id
  - dimension: event_type
    sql: &event_type_sql ${TABLE}.type
    suggestions: ~
    label:
  - dimension: event_type_copy
    sql: *event_type_sql
    hidden: true
    description: !!null ''
  - dimension_group: event
    type: time
    timeframes: [time, date, hour_of_day]
    sql: !!str |
      ${TABLE}.created_at
  - measure: count
    type: count
    filters: {? event_type : page_view, id: "-NULL"}
  - measure: total_n
    type: sum
    sql: ${TABLE}.n
