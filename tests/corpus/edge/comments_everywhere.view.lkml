# Comments in every position where trivia is allowed.
# A second leading comment line.
view: commented # after the block name
{ # after the opening brace
  # before a pair
  sql_table_name: analytics.orders ;; # after ;;
  dimension # between key and colon
  : id {
    type: # between colon and value
      number
    sql: ${TABLE}.id # a hash inside an expression block is SQL text, not a comment
      ;;
  } # after a closing brace
  set: s {
    fields: [ # after [
      id, # after a comma
      # on its own line inside a list
      other
      # before ]
    ] # after ]
  }
  #no space after hash
}
# trailing comment at end of file