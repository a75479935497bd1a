//! storyboard: stories, per-environment renders and semantic diffs for LookML projects.
//!
//! See ARCHITECTURE.md at the project root for the map of modules and how data flows
//! between them.

pub mod calendar;
pub mod check;
pub mod companion;
pub mod config;
pub mod demo;
pub mod deploy;
pub mod diagnostic;
pub mod env;
pub mod fileset;
pub mod git;
pub mod init;
pub mod looker;
pub mod lookml;
pub mod pause;
pub mod pipeline;
pub mod progress;
pub mod project;
pub mod refs;
pub mod semdiff;
pub mod source;
pub mod story;
pub mod tui;
