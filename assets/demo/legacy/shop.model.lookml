# Legacy Acme shop model (YAML LookML, pre-4.0 syntax).
- connection: warehouse

- scoping: true
- include: "*.view.lookml"
- include: "*.dashboard.lookml"

- persist_for: 12 hours

- explore: orders
  label: Orders
  always_filter:
    orders.created_date: 90 days
  joins:
  - join: users
    sql_on: ${orders.user_id} = ${users.id}
    relationship: many_to_one
    fields: [users.basic*]
  - join: order_items
    type: left_outer
    sql_on: ${order_items.order_id} = ${orders.id}
    relationship: one_to_many
  - join: products
    foreign_key: order_items.product_id

- explore: users
  conditionally_filter:
    users.created_date: 1 year
    unless: [users.id]
  joins:
  - join: user_facts
    foreign_key: id
    relationship: one_to_one

- explore: products
  hidden: true
