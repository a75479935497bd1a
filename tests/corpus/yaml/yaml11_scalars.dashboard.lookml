# constructs: YAML 1.1 implicit scalars in vis settings: yes/no/on/off/True/NO (bools),
#   y and n (strings), 0777 octal, 0x1F hex, 0b101 binary, 1_000 separators, 1:30:00 and
#   -1:30 sexagesimal ints, 1:30.5 sexagesimal float, .inf, -.Inf, .NaN, 1.5e+3 float,
#   1e3 / 1.5e3 / 2E-2 strings, 08 string, ~, Null, NULL, empty value, a date that stays
#   a string, +12, -0, 0.; the same texts quoted (strings) next to them.
- dashboard: yaml11_scalars
  title: Refresh & Retention
  layout: newspaper
  preferred_viewer: dashboards-next
  refresh: 1 hour
  auto_run: yes
  crossfilter_enabled: off
  filters_bar_collapsed: On
  enable_viz_full_screen: True
  embed_style: ~
  background_color: Null
  tile_background_color: NULL
  text_tile_text_color:
  elements:
  - title: Retention cohorts
    name: Retention cohorts
    model: ecommerce
    explore: cohorts
    type: looker_grid
    fields: [cohorts.signup_month, cohorts.months_since_signup, cohorts.retained_users]
    pivots: [cohorts.months_since_signup]
    limit: 1_000
    column_limit: 0x1F
    file_permissions: 0777
    flags: 0b101
    cache_ttl: 1:30:00
    offset_minutes: -1:30
    avg_session: 1:30.5
    y_axis_max: .inf
    y_axis_min: -.Inf
    placeholder: .NaN
    scale: 1.5e+3
    exponent_text: 1e3
    exponent_text_2: 1.5e3
    exponent_text_3: 2E-2
    leading_zero: 08
    explicit_plus: +12
    negative_zero: -0
    trailing_dot: 0.
    first_cohort: 2021-01-01
    first_cohort_time: 2021-01-01 00:00:00
    single_letters: [y, n, Y, N, yes, No, ON, oFF, tRUE]
    quoted: ['yes', "0777", '1e3', "1:30:00", '.inf', "~", 'null', '']
    show_null_points: NO
    show_totals_labels: off
    row: 0
    col: 0
    width: 24
    height: 10
  - title: Yes/No pivot
    name: Yes/No pivot
    model: ecommerce
    explore: users
    type: looker_pie
    fields: [users.is_returning, users.count]
    sorts: [users.is_returning]
    series_colors:
      Yes: "#34A853"
      No: "#EA4335"
      'Yes': "#000000"
      1: "#111111"
      '1': "#222222"
      1.50: "#333333"
      0x10: "#444444"
      ~: "#555555"
      .inf: "#666666"
    series_labels:
      on: Turned on
      'off': Turned off
      2024-03-01: March
    row: 10
    col: 0
    width: 8
    height: 6
