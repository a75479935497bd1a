# A stray colon right after an opening brace.
view: stray_colon {
  derived_table: {:
    sql: SELECT 1 AS x ;;
  }
}
