# Field exclusion written with a space after the dash.
connection: "warehouse"
explore: orders {
  fields: [ALL_FIELDS*, - users.email, -users.phone, -  users.ssn]
}
