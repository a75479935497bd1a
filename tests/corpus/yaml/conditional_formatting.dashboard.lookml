# constructs: looker_grid conditional_formatting list with value: !!null '',
#   font_color: !!null '', fields: !!null ''; an anchored color_application mapping
#   (collection_id/palette_id/options with nested constraints) reused by *alias inside
#   another rule and another element; an anchored rule mapping reused as a list item;
#   series_cell_visualizations; header_font_size quoted numbers; negative and float values.
- dashboard: conditional_formatting
  title: Margin Watch
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Margin by Brand
    name: Margin by Brand
    model: ecommerce
    explore: order_items
    type: looker_grid
    fields: [products.brand, order_items.total_gross_margin, order_items.gross_margin_pct]
    sorts: [order_items.total_gross_margin desc]
    limit: 50
    show_view_names: false
    show_row_numbers: true
    transpose: false
    truncate_text: true
    hide_totals: false
    hide_row_totals: false
    size_to_fit: true
    table_theme: white
    limit_displayed_rows: false
    enable_conditional_formatting: true
    header_text_alignment: left
    header_font_size: '12'
    rows_font_size: '12'
    conditional_formatting_include_totals: false
    conditional_formatting_include_nulls: false
    conditional_formatting:
    - type: along a scale...
      value: !!null ''
      background_color: "#1A73E8"
      font_color: !!null ''
      color_application: &scale_colors
        collection_id: 0c7e1d2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a
        palette_id: 6e5d4c3b-2a19-4807-b6c5-d4e3f2a1b0c9
        options:
          steps: 5
          constraints:
            min: {type: minimum}
            mid: {type: number, value: 0}
            max: {type: maximum}
          mirror: true
          reverse: false
          stepped: false
      bold: false
      italic: false
      strikethrough: false
      fields: [order_items.total_gross_margin]
    - &negative_rule
      type: less than
      value: -0.05
      background_color: "#EA4335"
      font_color: "#FFFFFF"
      color_application:
        collection_id: 0c7e1d2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a
        palette_id: 1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b
      bold: true
      italic: false
      strikethrough: false
      fields: !!null ''
    - type: between
      value: [-0.05, 0.1e+1]
      background_color: !!null ''
      font_color: '#202124'
      color_application: *scale_colors
      bold: false
      italic: true
      strikethrough: false
      fields: [order_items.gross_margin_pct]
    series_cell_visualizations:
      order_items.total_gross_margin:
        is_active: true
        palette:
          palette_id: 3a4b5c6d-7e8f-4901-a2b3-c4d5e6f7a8b9
          collection_id: 0c7e1d2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a
    defaults_version: 1
    row: 0
    col: 0
    width: 16
    height: 10
  - title: Negative Margin Items
    name: Negative Margin Items
    model: ecommerce
    explore: order_items
    type: looker_grid
    fields: [products.item_name, order_items.gross_margin_pct]
    filters:
      order_items.gross_margin_pct: "<0"
    sorts: [order_items.gross_margin_pct]
    limit: 100
    enable_conditional_formatting: true
    conditional_formatting: [*negative_rule, {type: equal to, value: !!null '', background_color: !!null '',
        font_color: !!null '', color_application: *scale_colors, bold: false, italic: false,
        strikethrough: false, fields: !!null ''}]
    color_application: *scale_colors
    row: 0
    col: 16
    width: 8
    height: 10
