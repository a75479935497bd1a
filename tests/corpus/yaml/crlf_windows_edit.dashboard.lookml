# constructs: CRLF line endings throughout; anchors/aliases; !!null ''; a block
#   literal (|) and a folded (>-) scalar whose line breaks are CRLF in the file;
#   a double-quoted scalar broken over two CRLF lines; comments with CRLF.
- dashboard: crlf_windows_edit
  title: Saved on Windows
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Sessions
    name: Sessions
    model: web_analytics   # trailing comment
    explore: sessions
    type: looker_area
    fields: [sessions.start_date, sessions.count]
    sorts: [sessions.start_date desc]
    limit: 500
    y_axes: [{label: '', maxValue: !!null '', minValue: !!null ''}]
    listen: &l
      Date: sessions.start_date
    note_state: expanded
    note_display: below
    note_text: |
      Sessions are counted per device.
      Bots are excluded.
    row: 0
    col: 0
    width: 12
    height: 6
  - title: About
    name: About
    type: text
    title_text: "Traffic\
      \ overview"
    body_text: >-
      Data refreshes
      every hour.

      Owner: web team.
    listen: *l
    row: 0
    col: 12
    width: 12
    height: 6
