# constructs: %TAG !e! tag:example.com,2000: with !e!thing on a mapping, a scalar and a
#   sequence (global tags outside yaml.org, ignored); verbatim tags
#   !<tag:yaml.org,2002:str> and !<tag:yaml.org,2002:int>, verbatim local !<!widget>;
#   %TAG ! redefining the primary handle; %YAML 1.1 with two %TAG lines; --- and ... .
%YAML 1.1
%TAG !e! tag:example.com,2000:looker/
%TAG ! tag:example.com,2000:local/
---
- dashboard: tag_directive
  title: !e!title Tag directives
  layout: newspaper
  preferred_viewer: dashboards-next
  elements: !e!elements
  - !e!element
    title: Returns
    name: Returns
    model: !e!model returns
    explore: !<tag:yaml.org,2002:str> return_items
    type: looker_line
    fields: !e!fields [return_items.returned_date, return_items.count]
    limit: !<tag:yaml.org,2002:int> "500"
    row: !<!widget> 0
    col: !e!col '0'
    width: !custom 12
    height: !<!widget> "6"
    show_points: !flag yes
    interpolation: !e!enum linear
  - !<!widget> {title: Note, name: Note, type: text, body_text: !e!html '<b>hi</b>'}
...
