# The same non-repeatable key twice at top level: the last one wins.
connection: "warehouse"
connection: "warehouse_backup"
explore: orders {}
