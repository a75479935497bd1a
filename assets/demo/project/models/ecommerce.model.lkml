# Ecommerce model: orders, customers, products and fulfilment.
# Owner: data-team@acme-outfitters.example

connection: "warehouse"
label: "Acme Ecommerce"

include: "/views/*.view"
include: "/views/derived/*.view"
include: "/views/marketing/promotions.view.lkml"
include: "/views/refinements/*.view.lkml"
include: "/explores/*.explore"
include: "/dashboards/sales_*.dashboard"
include: "/dashboards/customer_health.dashboard"

week_start_day: monday
case_sensitive: no

datagroup: nightly_etl {
  sql_trigger: SELECT MAX(finished_at) FROM analytics.etl_runs WHERE job_name = 'nightly' ;;
  max_cache_age: "24 hours"
  description: "Fires when the nightly load into analytics finishes."
}

datagroup: hourly {
  interval_trigger: "1 hour"
  max_cache_age: "2 hours"
}

persist_with: nightly_etl

access_grant: can_see_pii {
  user_attribute: pii_access
  allowed_values: ["yes", "admin"]
}

access_grant: finance_only {
  user_attribute: department
  allowed_values: ["finance"]
}

named_value_format: compact_usd {
  value_format: "[>=1000000]$0.0,,\"M\";[>=1000]$0.0,\"K\";$0"
}

named_value_format: pct_1 {
  value_format: "0.0%"
  strict_value_format: yes
}

explore: orders {
  label: "Orders"
  description: "One row per order. Start here for revenue and fulfilment questions."
  group_label: "Acme Ecommerce"
  view_label: "Orders"
  sql_always_where: ${orders.is_test_order} = FALSE ;;
  always_filter: {
    filters: [orders.created_date: "last 90 days"]
  }
  fields: [ALL_FIELDS*, -users.email, -users.phone_number, -customer_lifetime.internal_fields*]

  join: order_items {
    type: left_outer
    sql_on: ${orders.id} = ${order_items.order_id} ;;
    relationship: one_to_many
  }

  join: users {
    type: left_outer
    sql_on: ${orders.user_id} = ${users.id} ;;
    relationship: many_to_one
    fields: [users.basic*, users.state, users.country]
  }

  join: products {
    view_label: "Order Items"
    type: left_outer
    sql_on: ${order_items.product_id} = ${products.id} ;;
    relationship: many_to_one
  }

  join: payments {
    sql_on: ${payments.order_id} = ${orders.id} AND ${payments.status} <> 'voided' ;;
    relationship: one_to_many
    required_access_grants: [finance_only]
  }

  join: shipments {
    type: left_outer
    sql_on: ${shipments.order_id} = ${orders.id} ;;
    relationship: one_to_many
  }

  join: returns {
    type: left_outer
    sql_on: ${returns.order_item_id} = ${order_items.id} ;;
    relationship: one_to_one
  }

  join: customer_lifetime {
    type: left_outer
    sql_on: ${customer_lifetime.user_id} = ${users.id} ;;
    relationship: one_to_one
  }

  join: user_order_facts {
    view_label: "Users"
    sql_on: ${user_order_facts.user_id} = ${orders.user_id} ;;
    relationship: many_to_one
  }

  aggregate_table: daily_revenue_by_status {
    query: {
      dimensions: [orders.created_date, orders.status]
      measures: [order_items.total_sale_price, orders.count]
      filters: [orders.created_date: "2 years"]
      sorts: [orders.created_date: desc]
      timezone: "America/New_York"
    }
    materialization: {
      datagroup_trigger: nightly_etl
      increment_key: "orders.created_date"
      increment_offset: 3
    }
  }
}

explore: order_items {
  label: "Order Items"
  conditionally_filter: {
    filters: [orders.created_date: "30 days"]
    unless: [orders.id, users.id]
  }

  join: orders {
    type: inner
    sql_on: ${order_items.order_id} = ${orders.id} ;;
    relationship: many_to_one
  }
  join: users {
    sql_on: ${orders.user_id} = ${users.id} ;;
    relationship: many_to_one
  }
  join: inventory_items {
    sql_on: ${order_items.inventory_item_id} = ${inventory_items.id} ;;
    relationship: one_to_one
  }
  join: products {
    sql_on: ${inventory_items.product_id} = ${products.id} ;;
    relationship: many_to_one
  }
  join: distribution_centers {
    sql_on: ${products.distribution_center_id} = ${distribution_centers.id} ;;
    relationship: many_to_one
  }
  join: promotions {
    type: left_outer
    sql_on: ${order_items.promotion_code} = ${promotions.code}
      AND ${orders.created_raw} BETWEEN ${promotions.starts_raw} AND ${promotions.ends_raw} ;;
    relationship: many_to_one
  }
}

explore: users {
  label: "Customers"
  required_access_grants: [can_see_pii]
  join: customer_lifetime {
    sql_on: ${users.id} = ${customer_lifetime.user_id} ;;
    relationship: one_to_one
    type: left_outer
  }
  join: user_order_facts {
    sql_on: ${users.id} = ${user_order_facts.user_id} ;;
    relationship: one_to_one
  }
  join: sessions {
    sql_on: ${sessions.user_id} = ${users.id} ;;
    relationship: one_to_many
  }
}

explore: inventory_items {
  label: "Inventory"
  join: products {
    sql_on: ${inventory_items.product_id} = ${products.id} ;;
    relationship: many_to_one
  }
  join: distribution_centers {
    from: distribution_centers
    sql_on: ${inventory_items.distribution_center_id} = ${distribution_centers.id} ;;
    relationship: many_to_one
  }
}

explore: events {
  hidden: yes
  join: sessions {
    sql_on: ${events.session_id} = ${sessions.id} ;;
    relationship: many_to_one
  }
  join: users {
    sql_on: ${events.user_id} = ${users.id} ;;
    relationship: many_to_one
    fields: [users.basic*]
  }
}

explore: returns {
  join: order_items {
    sql_on: ${returns.order_item_id} = ${order_items.id} ;;
    relationship: one_to_one
  }
  join: orders {
    sql_on: ${order_items.order_id} = ${orders.id} ;;
    relationship: many_to_one
  }
}
