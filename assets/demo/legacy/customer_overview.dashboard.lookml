- dashboard: customer_overview
  title: Customer Overview
  layout: grid
  rows:
    - elements: [new_users, repeat_rate]
      height: 220

  elements:
  - name: new_users
    title: New Users by Week
    type: looker_line
    base_view: users
    dimensions: [users.created_week]
    measures: [users.count]
    filters:
      users.created_date: 12 weeks

  - name: repeat_rate
    title: Lifetime Orders
    type: looker_bar
    model: shop
    explore: users
    dimensions: [user_facts.lifetime_orders]
    measures: [users.count]
    sorts: [user_facts.lifetime_orders]
