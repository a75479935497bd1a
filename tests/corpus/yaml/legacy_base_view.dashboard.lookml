# constructs: YAML-era dashboard (base_view instead of model/explore, layout: tile,
#   top/left/width/height); !ruby/hash:ActiveSupport::HashWithIndifferentAccess on the
#   dashboard and on filters/listen mappings; `? ''` empty key; an anchor on a tagged
#   mapping in both orders (!ruby/hash... &listen and &labels !ruby/hash...); yes/no.
- !ruby/hash:ActiveSupport::HashWithIndifferentAccess
  dashboard: headlines
  title: Headlines
  layout: tile
  tile_size: 100

  filters:
  - name: date
    type: date_filter
    default_value: 7 days

  elements:
  - name: top_headlines
    title: Top Headlines
    type: table
    base_view: headlines
    dimensions: [headlines.title, headlines.source]
    measures: [comments.count]
    sorts: [comments.count desc]
    filters: !ruby/hash:ActiveSupport::HashWithIndifferentAccess
      headlines.is_published: yes
    listen: !ruby/hash:ActiveSupport::HashWithIndifferentAccess &listen
      date: headlines.published_date
    limit: 25
    width: 6
    height: 4
    top: 0
    left: 0

  - name: comments_per_day
    title: Comments per Day
    type: looker_line
    base_view: comments
    dimensions: [comments.created_date]
    measures: [comments.count]
    series_labels: &labels !ruby/hash:ActiveSupport::HashWithIndifferentAccess
      ? ''
      : (blank)
      comments.count: Comments
    listen: *listen
    show_null_points: no
    width: 6
    height: 4
    top: 0
    left: 6

  - name: comments_by_source
    title: Comments by Source
    type: looker_pie
    base_view: comments
    dimensions: [headlines.source]
    measures: [comments.count]
    series_labels: *labels
    listen: *listen
    width: 4
    height: 4
    top: 4
    left: 0
