   # constructs: comments everywhere (indented oddly, after `-`, after keys with nested
# blocks, inside flow collections, after flow items, between sequence items, at end of
#   file without newline); odd spacing (several spaces after `:` and `-`, spaces inside
#   brackets, space before `,`, a literal tab inside a quoted title); blank lines inside mappings and sequences;
#   a sequence indented deeper than its key and one not indented at all; values with
#   trailing spaces; a key containing spaces and a dot.

-   dashboard:    comments_spacing   # name
    title:   "Spacing	and  test"
    layout:      newspaper
    preferred_viewer: dashboards-next

    # elements follow
    elements:   # a comment after a key whose value is a block
      -   # a comment after the dash
        title: Tickets
        name:     Tickets
        model:  support     # model comment
        explore: tickets
        type: looker_column
        fields: [ tickets.created_week ,tickets.count ,  # comment inside flow
                  tickets.avg_resolution_hours ]
        sorts:
          - tickets.created_week desc   # after an item

          - tickets.count
        limit:     500
        listen: {
          Team: tickets.team,   # comment inside a flow mapping
          Week : tickets.created_week
        }
        row: 0
        col: 0
        width: 12
        height: 6
  # a comment indented less than the items around it
      - title: Backlog
        name: Backlog
        model: support
        explore: tickets
        type: single_value
        fields:
        - tickets.open_count
        filters:
            tickets.status: open, pending
        note_text:    plain text with   inner   spaces    # and a comment
        row: 0
        col: 12
        width: 12
        height: 6
    filters:
    - name: Team
      title:   Team
      type: field_filter   
      model: support
      explore: tickets
      field: tickets.team
      listens_to_filters: [  ]
      default_value: ''
    - name: Week
      title: Week
      type: field_filter   
      model:    support
      explore:   tickets
      field:  tickets.created_week
      listens_to_filters: [Team  ,  ]
      ui_config: {  type: advanced , display: popover  }
      allow multiple.values: true
# last comment, no newline at end of file