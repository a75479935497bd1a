# Customer lifetime metrics maintained by the CRM sync.
view: customer_lifetime {
  sql_table_name: @{SCHEMA}.customer_lifetime ;;

  dimension: user_id {
    primary_key: yes
    hidden: yes
    type: number
    sql: ${TABLE}.user_id ;;
  }

  dimension: lifetime_value {
    type: number
    sql: ${TABLE}.lifetime_value ;;
    value_format_name: usd
  }

  dimension: lifetime_value_tier {
    type: tier
    tiers: [0, 100, 500, 1000, 5000]
    style: relational
    sql: ${lifetime_value} ;;
    value_format_name: usd_0
  }

  dimension: segment {
    type: string
    sql: ${TABLE}.segment ;;
    html:
      {% case value %}
        {% when 'vip' %}<b>VIP</b>
        {% when 'at_risk' %}<span style="color:#bf8700">At risk</span>
        {% else %}{{ value | capitalize }}
      {% endcase %} ;;
  }

  dimension: churn_score {
    type: number
    sql: ${TABLE}.churn_score ;;
    value_format_name: decimal_2
  }

  dimension: crm_record_id {
    type: string
    sql: ${TABLE}.crm_id ;;
  }

  dimension_group: last_order {
    type: time
    timeframes: [raw, date, month]
    sql: ${TABLE}.last_order_at ;;
  }

  measure: average_lifetime_value {
    type: average
    sql: ${lifetime_value} ;;
    value_format_name: usd
  }

  measure: at_risk_customers {
    type: count
    filters: [segment: "at_risk", churn_score: ">=0.7"]
    link: { label: "Customer health" url: "/dashboards/ecommerce::customer_health?Segment=at_risk" }
  }

  set: internal_fields {
    fields: [crm_record_id, churn_score]
  }
}
