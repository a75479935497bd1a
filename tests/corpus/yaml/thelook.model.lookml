# constructs: legacy YAML LookML model (pre-"new LookML"): top-level sequence of one-key
#   mappings (- connection:, - scoping:, - include:, - persist_for:, - explore:), joins
#   with sql_on using ${view.field}; an anchor on a join list (&user_joins) reused by a
#   second explore; an anchor on a join mapping reused in a list; anchored scalar options
#   (&m2o many_to_one) aliased; always_filter mapping; !!null '' for an empty option;
#   a tagged include (!!str); sql_on as a folded block.
- connection: thelook
- scoping: true
- include: "*.view.lookml"
- include: !!str "*.dashboard.lookml"
- persist_for: 1 hour

- explore: order_items
  label: Orders
  always_filter:
    order_items.created_date: 30 days
  joins: &user_joins
    - join: users
      type: left_outer
      relationship: &m2o many_to_one
      sql_on: ${order_items.user_id} = ${users.id}
    - &user_facts_join
      join: user_facts
      foreign_key: users.id
      relationship: one_to_one
      view_label: !!null ''
  fields: [ALL_FIELDS*, -users.email]

- explore: orders
  joins: *user_joins

- explore: inventory_items
  joins:
    - join: products
      relationship: *m2o
      sql_on: >
        ${inventory_items.product_id}
        = ${products.id}
    - *user_facts_join
  hidden: yes
