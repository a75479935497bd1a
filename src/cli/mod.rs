//! Subcommands of the binary that live outside `main.rs`, one file each.

pub mod init;
pub mod pipeline;
pub mod project;
pub mod story;
