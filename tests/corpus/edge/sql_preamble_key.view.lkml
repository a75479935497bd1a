# sql_preamble is in lkml's list of ;; keys.
view: with_preamble {
  derived_table: {
    sql_preamble: CREATE TEMP FUNCTION clean(s STRING) AS (TRIM(LOWER(s))) ;;
    sql: SELECT clean(name) AS name FROM analytics.users ;;
  }
}
