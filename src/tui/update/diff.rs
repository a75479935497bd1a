//! Reading a diff: the full-screen view's keys, wrapping or scrolling long
//! lines sideways, jumping between changed objects, and opening a change in
//! the editor.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Effect, quit, scroll_diff};
use crate::tui::keys::Action;
use crate::tui::layout::{areas, inner_height};
use crate::tui::state::{App, Overlay, Pane};

/// Columns one sideways step moves.
const SIDEWAYS: usize = 8;

/// The lines one page of the full-screen diff shows.
fn diff_page(app: &App) -> usize {
    inner_height(areas(app.size.0, app.size.1).main).max(1)
}

pub(super) fn full_diff_key(app: &mut App, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    let page = diff_page(app) as isize;
    match (action, key.code) {
        (Some(Action::Back | Action::Diff), _) | (_, KeyCode::Esc) => app.overlay = Overlay::None,
        (Some(Action::Quit), _) => return quit(app),
        (Some(Action::Down), _) => scroll_diff(app, 1),
        (Some(Action::Up), _) => scroll_diff(app, -1),
        (Some(Action::Left), _) => sideways(app, -1),
        (Some(Action::Right), _) => sideways(app, 1),
        (
            Some(
                action
                @ (Action::Wrap | Action::NextChange | Action::PreviousChange | Action::Edit),
            ),
            _,
        ) => return on_action(app, action),
        (Some(Action::PullRequest), _) => return on_action(app, Action::Edit),
        (_, KeyCode::PageDown | KeyCode::Char(' ')) => scroll_diff(app, page),
        (_, KeyCode::PageUp) => scroll_diff(app, -page),
        (_, KeyCode::Home | KeyCode::Char('g')) => app.diff.scroll = 0,
        (_, KeyCode::End | KeyCode::Char('G')) => {
            app.diff.scroll = app.diff.lines.len().saturating_sub(page as usize)
        }
        (Some(Action::Help), _) => app.overlay = Overlay::Help,
        _ => {}
    }
    Vec::new()
}

pub(super) fn sideways(app: &mut App, direction: isize) {
    if app.diff.wrap {
        app.say("lines are wrapped: w scrolls them sideways instead");
        return;
    }
    let widest = app.diff.lines.iter().map(|l| l.chars().count()).max();
    let last = widest.unwrap_or(0).saturating_sub(SIDEWAYS);
    app.diff.column = app
        .diff
        .column
        .saturating_add_signed(direction * SIDEWAYS as isize)
        .min(last);
}

/// `w`, `]`, `[` and `e` in the diff pane or the full-screen diff.
pub(super) fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let reading = app.focus == Pane::Diff || app.overlay == Overlay::FullDiff;
    if !reading && action != Action::Edit {
        app.say(format!(
            "{} works in the diff: {} focuses it, {} opens it full screen",
            app.keys.label(action),
            app.keys.label(Action::PaneDiff),
            app.keys.label(Action::Diff)
        ));
        return Vec::new();
    }
    match action {
        Action::Wrap => {
            app.diff.wrap = !app.diff.wrap;
            app.diff.column = 0;
            app.say(if app.diff.wrap {
                "long lines wrap (w: scroll them sideways with ←/→)"
            } else {
                "long lines scroll sideways with ←/→ (w: wrap them)"
            });
            Vec::new()
        }
        Action::NextChange => {
            let scroll = app.diff.scroll;
            match app.diff.anchors.iter().find(|a| a.line > scroll) {
                Some(a) => app.diff.scroll = a.line,
                None => app.say("no changed object after this one"),
            }
            Vec::new()
        }
        Action::PreviousChange => {
            let scroll = app.diff.scroll;
            match app.diff.anchors.iter().rev().find(|a| a.line < scroll) {
                Some(a) => app.diff.scroll = a.line,
                None => app.say("no changed object before this one"),
            }
            Vec::new()
        }
        Action::Edit => edit(app),
        _ => Vec::new(),
    }
}

/// The change at the top of the diff's view, in the story's worktree.
fn edit(app: &mut App) -> Vec<Effect> {
    let Some(story) = app.selected_story() else {
        app.say("no story selected");
        return Vec::new();
    };
    let Some(worktree) = story.worktree.clone() else {
        let message = format!(
            "{} has no worktree here: switch to it ({}) to edit its files",
            story.key,
            app.keys.label(Action::Enter)
        );
        app.say(message);
        return Vec::new();
    };
    let scroll = app.diff.scroll;
    let anchor = app
        .diff
        .anchors
        .iter()
        .rev()
        .find(|a| a.line <= scroll)
        .or_else(|| app.diff.anchors.first())
        .cloned();
    let Some(anchor) = anchor else {
        app.say("no change to open");
        return Vec::new();
    };
    if anchor.removed {
        app.say(format!(
            "the story removed that object; it was at {}:{} before",
            anchor.file.display(),
            anchor.file_line
        ));
        return Vec::new();
    }
    let path = worktree.join(&anchor.file);
    vec![Effect::Edit {
        path,
        line: anchor.file_line,
    }]
}
