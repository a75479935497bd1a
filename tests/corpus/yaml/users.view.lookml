# constructs: legacy YAML LookML view: - view:, sql_table_name: analytics.users, fields:
#   list of - dimension: / - dimension_group: / - measure: with sql: ${TABLE}.col; anchors
#   on repeated field options (&tf timeframes list, &detail drill list, &yes_pk true)
#   aliased in later fields; an anchored mapping of html/link options reused; !!null ''
#   for an empty value_format; yes/no booleans; sets:; a literal html block; a plain
#   sql with *; ${TABLE} inside a folded block.
- view: users
  sql_table_name: analytics.users
  fields:

  - dimension: id
    primary_key: &yes_pk true
    type: int
    sql: ${TABLE}.id

  - dimension: email
    sql: ${TABLE}.email
    links: &profile_links
    - label: Customer profile
      url: /dashboards/thelook::customer_lookup?Email={{ value | url_encode }}
      icon_url: http://www.looker.com/favicon.ico

  - dimension: name
    sql: ${TABLE}.first_name || ' ' || ${TABLE}.last_name
    links: *profile_links
    html: |
      <a href="/dashboards/thelook::customer_lookup?Name={{ value }}">{{ value }}</a>

  - dimension: age
    type: int
    sql: ${TABLE}.age
    value_format: !!null ''
    hidden: *yes_pk

  - dimension: is_returning
    type: yesno
    sql: ${TABLE}.order_count > 1

  - dimension_group: created
    type: time
    timeframes: &tf [time, date, week, month, year]
    sql: ${TABLE}.created_at

  - dimension_group: last_seen
    type: time
    timeframes: *tf
    sql: >
      COALESCE(${TABLE}.last_seen_at,
      ${TABLE}.created_at)

  - measure: count
    type: count
    drill_fields: &detail [id, name, email, created_date]

  - measure: average_age
    type: avg
    sql: ${age} * 1.0
    value_format_name: !!str decimal_1
    drill_fields: *detail

  - measure: returning_count
    type: count
    filters:
      is_returning: yes
    drill_fields: *detail

  sets:
    detail: *detail
    keys: [id, email]
