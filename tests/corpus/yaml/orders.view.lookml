# constructs: legacy YAML view with sql_table_name: analytics.orders; a dimension_group
#   and measures whose filters use anchored mappings (&complete) reused; a multi-line
#   literal sql (|) with a SQL comment (--) and # inside; !!str on a quoted number and
#   on 0777 (text kept); !!int on an octal-looking quoted string; YAML 1.1 yes/off;
#   an anchored mapping with an explicit `? ''` key (&status_html) aliased by a later
#   field; a plain scalar that spans lines; sets: as a flow list.
- view: orders
  sql_table_name: analytics.orders
  fields:

  - dimension: id
    primary_key: yes
    type: int
    sql: ${TABLE}.id

  - dimension: status
    sql: ${TABLE}.status
    html: &status_html
      ? ''
      : <span>unknown</span>
      complete: <span style="color:#34A853">complete</span>

  - dimension: status_code
    type: int
    sql: !!str 0777
    value_format_name: !!str "0"
    order_by_field: !!int '0755'
    html: *status_html

  - dimension: is_large
    type: yesno
    sql: |
      CASE
        WHEN ${TABLE}.amount > 1000 THEN TRUE  -- large order
        ELSE FALSE                             # not a YAML comment
      END

  - dimension_group: created
    type: time
    timeframes: [time, date, week, month]
    sql: ${TABLE}.created_at
    convert_tz: off

  - measure: count
    type: count
    drill_fields: [id, status, created_date]

  - measure: completed_count
    type: count
    filters: &complete
      status: complete

  - measure: total_amount
    type: sum
    sql: ${TABLE}.amount
    value_format: '$#,##0.00'

  - measure: completed_amount
    type: sum
    sql: ${TABLE}.amount
    filters: *complete
    description: Sum of amounts of orders that reached the complete
      status, net of refunds and
      cancellations.

  sets:
    detail: [id, status, created_date]
