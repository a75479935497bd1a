view: distribution_centers {
  sql_table_name: analytics.distribution_centers ;;

  dimension: id {
    primary_key: yes
    type: number
    sql: ${TABLE}.id ;;
  }

  dimension: name {
    type: string
    sql: ${TABLE}.name ;;
  }

  dimension: location {
    type: location
    sql_latitude: ${TABLE}.latitude ;;
    sql_longitude: ${TABLE}.longitude ;;
  }

  dimension: region {
    type: string
    case: {
      when: {
        sql: ${TABLE}.state IN ('CA', 'OR', 'WA') ;;
        label: "West"
      }
      when: {
        sql: ${TABLE}.state IN ('NY', 'NJ', 'PA', 'MA') ;;
        label: "Northeast"
      }
      else: "Central"
    }
  }

  measure: count { type: count }
}
