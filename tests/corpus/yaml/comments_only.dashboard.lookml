# constructs: a file with comments, a document start marker and a document end marker
#   but no content: the document is empty, which loads as null.
#
# - dashboard: placeholder
#   title: Not written yet
---
# nothing here yet
...
