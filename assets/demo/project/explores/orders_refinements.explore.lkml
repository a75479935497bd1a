# Refinements to the ecommerce orders explore.
# Kept apart from the model so the finance team can own them.

explore: +orders {
  label: "Orders & Revenue"
  query: revenue_by_month {
    label: "Revenue by month"
    description: "Monthly gross revenue, last 12 months"
    dimensions: [orders.created_month]
    measures: [order_items.total_sale_price]
    filters: [orders.created_date: "12 months"]
    sorts: [orders.created_month: desc]
  }
  join: inventory_items {
    sql_on: ${order_items.inventory_item_id} = ${inventory_items.id} ;;
    relationship: one_to_one
    fields: [inventory_items.cost, inventory_items.total_cost]
  }
}

explore: +order_items {
  fields: [ALL_FIELDS*, -order_items.margin_fields*]
}
