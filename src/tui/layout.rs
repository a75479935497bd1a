//! Where each pane sits on the screen, for the view that draws it and for the
//! update that turns a mouse click into a pane and a row.
//!
//! Both must agree to the cell, so the geometry lives here once, as pure functions
//! of the terminal size and the selection.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

use super::state::Pane;

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub stories: Rect,
    pub branches: Rect,
    pub environments: Rect,
    pub diff: Rect,
    /// The pipeline board: stories × stages.
    pub pipeline: Rect,
    /// Everything above the command bar: the full-screen diff's place.
    pub main: Rect,
    pub command_bar: Rect,
    pub status_line: Rect,
}

impl Areas {
    pub fn pane(&self, pane: Pane) -> Rect {
        match pane {
            Pane::Stories => self.stories,
            Pane::Branches => self.branches,
            Pane::Environments => self.environments,
            Pane::Diff => self.diff,
            Pane::Pipeline => self.pipeline,
        }
    }

    /// The pane under a screen cell.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        Pane::ALL
            .into_iter()
            .find(|&pane| contains(self.pane(pane), column, row))
    }
}

pub fn contains(area: Rect, column: u16, row: u16) -> bool {
    column >= area.x
        && column < area.x.saturating_add(area.width)
        && row >= area.y
        && row < area.y.saturating_add(area.height)
}

/// Lists on the left, the diff on the right; the list column is wider on narrow
/// terminals, where its rows would otherwise be cut.
pub fn areas(width: u16, height: u16) -> Areas {
    let screen = Rect::new(0, 0, width, height);
    let [main, command_bar, status_line] = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(screen);
    let left_share = if width < 120 { 48 } else { 42 };
    let [left, right] = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([
            Constraint::Percentage(left_share),
            Constraint::Percentage(100 - left_share),
        ])
        .areas(main);
    let [stories, branches, environments] = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Percentage(42),
            Constraint::Percentage(30),
            Constraint::Percentage(28),
        ])
        .areas(left);
    // The board gets what a lead needs to see the stories of a week (its
    // rows scroll past that); the diff keeps the rest.
    let [diff, pipeline] = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Percentage(55), Constraint::Percentage(45)])
        .areas(right);
    Areas {
        stories,
        branches,
        environments,
        diff,
        pipeline,
        main,
        command_bar,
        status_line,
    }
}

/// Rows a bordered pane shows.
pub fn inner_height(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2))
}

/// The first row shown so that the selected one is visible: lists scroll only
/// once the selection would leave the pane.
pub fn list_offset(selected: usize, visible_rows: usize) -> usize {
    if visible_rows == 0 {
        return selected;
    }
    (selected + 1).saturating_sub(visible_rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_the_screen() {
        for (w, h) in [(80, 24), (200, 50), (20, 6)] {
            let a = areas(w, h);
            assert_eq!(a.status_line.y, h - 1);
            assert_eq!(a.command_bar.y, h - 2);
            assert_eq!(a.stories.x, 0);
            assert_eq!(a.diff.x, a.stories.width);
            assert_eq!(a.pane_at(1, 1), Some(Pane::Stories));
            assert_eq!(a.pane_at(a.diff.x + 1, 1), Some(Pane::Diff));
            assert_eq!(
                a.pane_at(a.pipeline.x + 1, a.pipeline.y + 1),
                Some(Pane::Pipeline)
            );
            assert_eq!(a.pane_at(0, h - 1), None);
        }
    }

    #[test]
    fn offsets_keep_the_selection_in_view() {
        assert_eq!(list_offset(0, 5), 0);
        assert_eq!(list_offset(4, 5), 0);
        assert_eq!(list_offset(5, 5), 1);
        assert_eq!(list_offset(3, 0), 3);
    }
}
