connection: "warehouse"
include: "/views/*.view"

explore: events {}
explore: sessions {}
explore: orders {}
explore: daily_events {}
