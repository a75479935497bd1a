# Empty blocks and blocks with only whitespace.
view: empty_blocks {}
view: spaced { }
view: multiline {

}
explore: empty_blocks { join: spaced {} }
