//! Subcommands of the binary that live outside `main.rs`, one file each.

pub mod project;
pub mod story;
