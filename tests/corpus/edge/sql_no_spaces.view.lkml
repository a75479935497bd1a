# Expression blocks with no whitespace around the value.
view: tight{sql_table_name:analytics.orders;;
dimension: id{sql:${TABLE}.id;;}
dimension: two{sql:
${TABLE}.two
;;}}
