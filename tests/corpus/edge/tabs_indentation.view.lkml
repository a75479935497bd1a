# Tab indentation and tabs between tokens.
view:	tabbed {
	sql_table_name:	analytics.orders	;;

	dimension:	id	{
		primary_key:	yes
		type:	number
		sql:	${TABLE}.id	;;
	}
	measure: count {	type: count	drill_fields:	[	id	]	}
}
