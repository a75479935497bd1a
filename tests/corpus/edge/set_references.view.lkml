# set* references and exclusions in fields and drill_fields.
view: set_refs {
  set: basic { fields: [id, name] }
  set: extended { fields: [basic*, email, -name, other_view.detail*] }
  measure: count { type: count drill_fields: [extended*] }
}
explore: set_refs {
  fields: [ALL_FIELDS*, -set_refs.extended*]
  join: other_view { fields: [other_view.detail*] sql_on: 1 = 1 ;; relationship: one_to_one }
}
