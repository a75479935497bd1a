# expression: (Looker expression) blocks and expression_custom_filter.
view: expressions {
  dimension: bucket {
    type: string
    expression: if(${expressions.amount} > 100, "large", "small") ;;
  }
}
explore: expressions {
  query: q {
    dimensions: [expressions.bucket]
    expression_custom_filter: ${expressions.amount} > 0 AND NOT is_null(${expressions.bucket}) ;;
  }
}
