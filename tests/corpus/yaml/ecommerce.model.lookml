# constructs: legacy YAML model with %YAML 1.1, ---, ...; the explore mappings tagged with
#   !ruby/hash:ActiveSupport::HashWithIndifferentAccess (older serialiser); an anchored
#   connection name (&conn) reused by an alias in a later option; an alias of a join
#   mapping (anchor then tag: &users_join !ruby/hash:...) across explores; !!null '';
#   sexagesimal-looking text quoted vs plain (persist_for); !!set of access filters.
%YAML 1.1
---
- connection: &conn ecommerce_warehouse
- include: "orders.view.lookml"
- include: "users.view.lookml"
- include: "*.dashboard.lookml"
- label: Ecommerce
- explore: orders
  label: Orders
  joins:
  - &users_join !ruby/hash:ActiveSupport::HashWithIndifferentAccess
    join: users
    sql_on: ${orders.user_id} = ${users.id}
    relationship: many_to_one
    required_access_grants: !!null ''
  access_filter_fields: !!set
    ? users.country
    ? users.region
  persist_for: "12:00:00"
  sql_always_where: ${orders.status} <> 'test'
- !ruby/hash:ActiveSupport::HashWithIndifferentAccess
  explore: users
  from: users
  persist_for: 12:00:00
  joins:
  - *users_join
  connection_override: *conn
...
