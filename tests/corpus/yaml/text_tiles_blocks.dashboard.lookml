# constructs: block scalars | > |- >+ |+ >- with and without tags (!!str |, !!str >-),
#   an indentation indicator (|2) with a more-indented first line, keep chomping with
#   trailing blank lines, a block scalar holding # and : and *text* and &amp; (not
#   comments, aliases or anchors), HTML with /dashboards/<model>::<name> links, an anchor
#   on a block scalar (&footer |) aliased later, a tagged+anchored block (!!str &disc >).
- dashboard: text_tiles_blocks
  title: Team Handbook
  layout: newspaper
  preferred_viewer: dashboards-next
  elements:
  - name: header
    type: text
    title_text: |
      <h1 style="color: #1A73E8">Team Handbook</h1>
    subtitle_text: >
      Everything the support team needs,
      in one place.
    body_text: |-
      <p>Start with the <a href="/dashboards/support::queue_health">queue health</a>
      dashboard, then open the <a href="/dashboards/support::csat">CSAT</a> one.</p>
      <p>Targets: first reply < 2h; resolution < 24h &amp; *always* polite.</p>
      # this line is text, not a comment
    row: 0
    col: 0
    width: 24
    height: 4
  - name: definitions
    type: text
    title_text: !!str |
      Definitions
    body_text: !!str >-
      **Backlog**: open tickets older
      than one day.

      **CSAT**: share of ratings 4 or 5.
    row: 4
    col: 0
    width: 12
    height: 6
  - name: code_sample
    type: text
    title_text: Query
    body_text: |2
         SELECT id
      FROM tickets  -- indented by the indicator, not by the first line
    row: 4
    col: 12
    width: 12
    height: 6
  - name: footer
    type: text
    title_text: ''
    body_text: &footer |+
      Questions? Ask in #support-analytics.


    subtitle_text: >+
      kept

    row: 10
    col: 0
    width: 24
    height: 2
  - name: disclaimer
    type: text
    title_text: !!str &disc >
      Numbers are
      preliminary.
    body_text: *footer
    subtitle_text: *disc
    row: 12
    col: 0
    width: 24
    height: 2
