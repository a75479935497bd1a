# Pair lists (filters, sorts) spread over lines with comments inside.
view: pair_lists {
  measure: complete_recent {
    type: count
    filters: [
      status: "complete",        # only finished orders
      # the date filter uses Looker filter expressions
      created_date: "30 days",
      users.country: "-NULL"    # dotted key
    ]
  }
}
explore: pair_lists {
  aggregate_table: rollup {
    query: {
      dimensions: [pair_lists.created_date]
      sorts: [
        pair_lists.created_date: desc, # newest first
        pair_lists.status: asc
      ]
    }
    materialization: { sql_trigger_value: SELECT CURRENT_DATE ;; }
  }
}
