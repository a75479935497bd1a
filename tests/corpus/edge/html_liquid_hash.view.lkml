# html: with Liquid and # characters inside the ;; block.
view: html_liquid {
  dimension: status {
    sql: ${TABLE}.status ;;
    html:
      {% if value == 'complete' %}
        <p style="color: #1a7f37">#{{ value }} {{ rendered_value | upcase }}</p>
      {% else %}
        <a href="/explore/ecommerce/orders?f[orders.status]={{ value | url_encode }}#top">{{ value }}</a>
      {% endif %} ;;
  }
}
