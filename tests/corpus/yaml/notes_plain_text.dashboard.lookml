# constructs: note_text / note_display / note_state; multi-line plain scalars (folded
#   into one line, a blank line giving \n); plain text containing *approximate* and
#   R&D / & / &nbsp; (not aliases or anchors), a # preceded by no space, colons
#   not followed by a space (http://, 10:30), ' #' ending the value as a comment; multi-line
#   single- and double-quoted scalars with escapes ('' and \" and \u00e9 and \t).
- dashboard: notes_plain_text
  title: R&D Usage
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - title: Events
    name: Events
    model: product_analytics
    explore: events
    type: looker_line
    fields: [events.event_date, events.count]
    sorts: [events.event_date desc]
    limit: 500
    note_state: collapsed
    note_display: hover
    note_text: Event counts are *approximate* until the nightly
      backfill runs; see http://wiki.example.com/events#counts
      for details & caveats.

      Owned by R&D analytics, updated 10:30 UTC
    row: 0
    col: 0
    width: 12
    height: 6
  - title: Feature adoption
    name: Feature adoption
    model: product_analytics
    explore: events
    type: looker_bar
    fields: [events.feature, events.unique_users]
    sorts: [events.unique_users desc]
    limit: 25
    note_state: expanded
    note_display: above
    note_text: &adoption_note Users who opened a feature *at least once*; A&B tests excluded #a comment: space then #
    subtitle_text: Ranked by unique users   # this is a comment
    series_labels:
      events.unique_users: Users &nbsp;(unique)
      events.feature: '*feature*'
    title_text: 'Adoption: it''s
      weekly'
    body_text: "Caf\u00e9 \"beta\" users\texcluded,
      \ see notes"
    row: 0
    col: 12
    width: 12
    height: 6
  - title: Same note
    name: Same note
    model: product_analytics
    explore: events
    type: single_value
    fields: [events.unique_users]
    note_text: *adoption_note
    note_display: hover
    row: 6
    col: 0
    width: 6
    height: 3
