//! The terminal UI: stories, branches, environments and the live semantic diff,
//! side by side, with every git operation in the background.
//!
//! Built as gitui and television are: a state ([`state`]), a pure update from
//! events to effects ([`update`]), a view that draws the state ([`view`]), and a
//! runner that owns the terminal and runs effects on tokio through a [`Backend`]
//! ([`runner`]). Everything but the runner is tested without a terminal.

pub mod backend;
mod board_view;
#[cfg(test)]
mod fixture;
pub mod keys;
pub mod layout;
mod overlays;
pub mod runner;
#[cfg(test)]
mod screen_tests;
pub mod state;
pub mod story_backend;
pub mod theme;
pub mod update;
pub mod view;
mod widgets;

pub use backend::{
    Backend, BackendError, Board, BranchRow, Choice, CommitLine, Done, EnvironmentRow, Preview,
    Progress, Published, Pushed, StoryRow,
};
pub use keys::{Action, KeyError, KeyMap};
pub use runner::run;
pub use state::App;
pub use theme::{Theme, ThemeError};
pub use update::{Effect, Event, start, update};
pub use view::{draw, render_to_text};
