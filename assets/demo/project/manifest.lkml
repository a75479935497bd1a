# Acme Outfitters LookML project manifest.
# Environment-specific values live in constants so that the warehouse
# connection and schema can be swapped without touching the models.

project_name: "acme_outfitters"

new_lookml_runtime: yes

constant: CONNECTION {
  value: "warehouse"
  export: override_optional
}

constant: SCHEMA {
  value: "analytics"
  export: override_optional
}

constant: STAGING_SCHEMA {
  value: "staging"
}

# Fully qualified name of the order header table, built from SCHEMA.
constant: ORDERS_TABLE {
  value: "@{SCHEMA}.orders"
}

constant: LOOKER_HOST {
  value: "https://acme.cloud.looker.com"
}

constant: DATE_FORMAT {
  value: "%Y-%m-%d"   # strftime pattern used in html and labels
}

constant: SUPPORT_EMAIL { value: "data-team@acme-outfitters.example" }
