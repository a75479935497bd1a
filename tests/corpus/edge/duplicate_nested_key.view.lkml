# The same non-repeatable key twice inside one block.
view: dup {
  dimension: id {
    type: number
    type: string
  }
}
