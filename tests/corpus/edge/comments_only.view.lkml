# This view was removed in favour of orders.view.lkml.
#
#   view: old_orders {
#     sql_table_name: analytics.old_orders ;;
#   }
