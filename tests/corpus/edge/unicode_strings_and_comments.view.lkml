# Unicode in comments, strings and SQL: café, 東京, emoji 🧥, Ελληνικά.
view: unicode_labels {
  label: "Bestellungen – Übersicht"   # German label with an en dash
  dimension: city {
    label: "Ville / 都市"
    description: "Città di spedizione — «quoted» with ‘curly’ quotes"
    type: string
    sql: CASE WHEN ${TABLE}.city = 'Zürich' THEN 'Zurich' ELSE ${TABLE}.city END ;;
  }
  measure: total_eur {
    label: "Umsatz (€)"
    type: sum
    sql: ${TABLE}.amount ;;
    value_format: "€#,##0.00"
    html: <span title="Montant en euros">{{ rendered_value }} ✓</span> ;;
  }
}
