view: users {
  sql_table_name: @{SCHEMA}.users ;;

  dimension: id {
    primary_key: yes
    type: number
    sql: ${TABLE}.id ;;
    link: {
      label: "Customer 360"
      url: "@{LOOKER_HOST}/dashboards/ecommerce::customer_health?User+ID={{ value }}"
    }
    link: {
      label: "Embedded customer view"
      url: "/embed/dashboards/ecommerce::customer_health?User+ID={{ value }}"
    }
  }

  dimension: first_name { type: string sql: ${TABLE}.first_name ;; hidden: yes }
  dimension: last_name  { type: string sql: ${TABLE}.last_name ;;  hidden: yes }

  dimension: name {
    type: string
    sql: ${first_name} || ' ' || ${last_name} ;;
  }

  dimension: email {
    type: string
    sql: LOWER(${TABLE}.email) ;;
    required_access_grants: [can_see_pii]
    html: <a href="mailto:{{ value }}">{{ value }}</a> ;;
    tags: ["email", "pii"]
  }

  dimension: phone_number {
    type: string
    sql: ${TABLE}.phone ;;
    required_access_grants: [can_see_pii]
  }

  dimension: age { type: number sql: ${TABLE}.age ;; }

  dimension: age_tier {
    type: tier
    tiers: [18, 25, 35, 45, 55, 65]
    style: integer
    sql: ${age} ;;
  }

  dimension: gender   { type: string sql: ${TABLE}.gender ;; }
  dimension: city     { type: string sql: ${TABLE}.city ;; }
  dimension: state    { type: string sql: ${TABLE}.state ;; map_layer_name: us_states }
  dimension: country  {
    type: string
    map_layer_name: countries
    sql: CASE WHEN ${TABLE}.country = 'UK' THEN 'United Kingdom' ELSE ${TABLE}.country END ;;
  }
  dimension: zip { type: zipcode sql: ${TABLE}.zip ;; }

  dimension: location {
    type: location
    sql_latitude: ${TABLE}.latitude ;;
    sql_longitude: ${TABLE}.longitude ;;
  }

  dimension: traffic_source { type: string sql: ${TABLE}.traffic_source ;; }

  dimension_group: created {
    type: time
    timeframes: [raw, date, week, month, year]
    sql: ${TABLE}.created_at ;;
  }

  measure: count {
    type: count
    drill_fields: [basic*]
  }

  measure: count_with_orders {
    type: count_distinct
    sql: ${id} ;;
    filters: [user_order_facts.lifetime_orders: ">0"]
  }

  set: basic {
    fields: [id, name, city, state, created_date]
  }
}
