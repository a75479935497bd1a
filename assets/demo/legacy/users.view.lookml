- view: users
  sql_table_name: analytics.users
  fields:

  - dimension: id
    primary_key: true
    type: int
    sql: ${TABLE}.id

  - dimension: name
    sql: ${TABLE}.first_name || ' ' || ${TABLE}.last_name

  - dimension: email
    sql: ${TABLE}.email
    html: |
      <a href="mailto:{{ value }}">{{ value }}</a>

  - dimension: state
    sql: ${TABLE}.state

  - dimension_group: created
    type: time
    timeframes: [date, week, month, year]
    sql: ${TABLE}.created_at

  - measure: count
    type: count
    drill_fields: basic*

  sets:
    basic: [id, name, state, created_date]
