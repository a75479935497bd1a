//! The Pipeline pane: stories as rows, environments as columns in pipeline
//! order, each cell deployed, pending, leaving, held or absent; and what the
//! selected cell says for the command bar. It draws `storyboard status`'s
//! board, the same value the command line prints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::list_offset;
use super::state::{App, Pane, age};
use super::theme::Theme;
use super::widgets::{fit, pane_block, placeholder, spinner};
use crate::pipeline::{Board, Cell, EnvironmentColumn, SignOffState, StoryRow};

/// A cell's symbol, the word the legend gives it, and its colour.
pub(super) fn cell_look(theme: &Theme, cell: Cell) -> (&'static str, &'static str, Style) {
    match cell {
        Cell::Deployed => ("●", "deployed", theme.fg(theme.deployed)),
        Cell::Pending => ("◌", "pending", theme.fg(theme.pending)),
        Cell::Leaving => ("↩", "leaving", theme.fg(theme.leaving)),
        Cell::Held => ("⊘", "held", theme.fg(theme.held)),
        Cell::Absent => ("·", "absent", theme.fg(theme.muted)),
    }
}

/// A sign-off's mark beside a cell's symbol, its word, and its colour.
pub(super) fn sign_off_look(
    theme: &Theme,
    state: SignOffState,
) -> (&'static str, &'static str, Style) {
    match state {
        SignOffState::Accepted => ("✓", "accepted", theme.fg(theme.deployed)),
        SignOffState::Rejected => ("✗", "rejected", theme.fg(theme.held)),
        SignOffState::Stale => ("?", "stale: changed since tested", theme.fg(theme.pending)),
    }
}

/// The sign-offs in the order the legend lists them.
pub(super) const SIGN_OFFS: [SignOffState; 3] = [
    SignOffState::Accepted,
    SignOffState::Rejected,
    SignOffState::Stale,
];

/// The cells in the order the legend lists them.
pub(super) const CELLS: [Cell; 5] = [
    Cell::Deployed,
    Cell::Pending,
    Cell::Leaving,
    Cell::Held,
    Cell::Absent,
];

pub(super) fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let pane = &app.pipeline;
    let mut title = vec![Span::raw(format!(
        "[{}] {}",
        Pane::Pipeline.number(),
        Pane::Pipeline.title()
    ))];
    if let Some(board) = &pane.board {
        let shown = app.visible(Pane::Pipeline).len();
        title.push(Span::raw(count(shown, board.stories.len())));
    }
    if !app.pipeline_list.filter.is_empty() || app.pipeline_list.editing_filter {
        let cursor = if app.pipeline_list.editing_filter {
            "▏"
        } else {
            ""
        };
        title.push(Span::styled(
            format!(" /{}{cursor}", app.pipeline_list.filter),
            app.theme.fg(app.theme.key).add_modifier(Modifier::ITALIC),
        ));
    }
    if pane.loading && pane.board.is_some() {
        title.push(Span::styled(
            format!(" {}", spinner(app)),
            app.theme.fg(app.theme.spinner),
        ));
    }
    let block = pane_block(app, app.focus == Pane::Pipeline, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let board = match (&pane.board, &pane.error) {
        (Some(board), _) => board,
        (None, Some(e)) => {
            frame.render_widget(placeholder(app, format!("cannot read: {e}")), inner);
            return;
        }
        (None, None) => {
            let text = format!("{} reading the pipeline…", spinner(app));
            frame.render_widget(placeholder(app, text), inner);
            return;
        }
    };
    if board.environments.is_empty() {
        let text = "no environments: add [pipeline] stages to storyboard.toml".to_string();
        frame.render_widget(placeholder(app, text), inner);
        return;
    }
    frame.render_widget(Paragraph::new(lines(app, board, inner)), inner);
}

/// `(3)`, or `(2/3)` while a filter hides some.
pub(super) fn count(shown: usize, all: usize) -> String {
    if shown == all {
        format!(" ({all})")
    } else {
        format!(" ({shown}/{all})")
    }
}

/// Rows above the stories: the stages' names, and what each holds.
pub(crate) const HEADER_ROWS: usize = 2;

/// The environment whose column holds the `x`th cell of a board `width` wide.
pub(crate) fn column_at(board: &Board, width: usize, x: usize) -> Option<usize> {
    let (key, cell) = widths(board, width);
    let column = x.checked_sub(key)? / (cell + 1);
    (column < board.environments.len()).then_some(column)
}

/// Column widths: the key column, then one per environment, sharing what is left.
fn widths(board: &Board, width: usize) -> (usize, usize) {
    let key = board
        .stories
        .iter()
        .map(|s| s.key.chars().count())
        .max()
        .unwrap_or(5)
        .max(5)
        + 2;
    let columns = board.environments.len().max(1);
    let widest = board
        .environments
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(0);
    let room = width.saturating_sub(key) / columns;
    let cell = room.saturating_sub(1).clamp(3, widest.max(10));
    (key, cell)
}

fn lines<'a>(app: &'a App, board: &'a Board, area: Rect) -> Vec<Line<'a>> {
    let theme = &app.theme;
    let (key_width, cell_width) = widths(board, usize::from(area.width));
    let focused = app.focus == Pane::Pipeline;
    let column = app.pipeline.column;
    let header_style = |i: usize| {
        let style = theme.fg(theme.title).add_modifier(Modifier::BOLD);
        if i == column && focused {
            style.add_modifier(Modifier::UNDERLINED)
        } else {
            style
        }
    };
    let mut names = vec![Span::styled(fit("story", key_width), theme.fg(theme.muted))];
    let mut sources = vec![Span::raw(" ".repeat(key_width))];
    for (i, env) in board.environments.iter().enumerate() {
        let name = fit(&env.name, cell_width);
        let style = if env.protected {
            header_style(i).patch(theme.fg(theme.protected))
        } else {
            header_style(i)
        };
        names.push(Span::styled(name, style));
        names.push(Span::raw(" "));
        sources.push(Span::styled(
            fit(&short_source(env), cell_width),
            theme.fg(theme.key),
        ));
        sources.push(Span::raw(" "));
    }
    let mut out = vec![Line::from(names), Line::from(sources)];
    let rows = usize::from(area.height).saturating_sub(HEADER_ROWS);
    let visible = app.visible(Pane::Pipeline);
    if visible.is_empty() {
        let text = if board.stories.is_empty() {
            "no stories yet: n starts one"
        } else {
            "nothing matches the filter (esc clears it)"
        };
        out.push(Line::from(Span::styled(text, theme.fg(theme.muted))));
        return out;
    }
    let selected = app.pipeline_list.selected;
    let offset = list_offset(selected, rows);
    for (index, &i) in visible.iter().enumerate().skip(offset).take(rows) {
        let Some(story) = board.stories.get(i) else {
            continue;
        };
        let marker = if story.current { "● " } else { "  " };
        let mut spans = vec![Span::styled(
            fit(&format!("{marker}{}", story.key), key_width),
            theme.fg(theme.text).add_modifier(Modifier::BOLD),
        )];
        for (c, env) in board.environments.iter().enumerate() {
            let (symbol, _, style) = cell_look(theme, board.cell(story, &env.name));
            let chosen = index == selected && c == column && focused;
            let emphasis = |style: Style| {
                if chosen {
                    style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
                } else {
                    style
                }
            };
            spans.push(Span::styled(format!(" {symbol}"), emphasis(style)));
            // The sign-off, if any, right of the symbol: `●✓`, `●✗`, `●?`.
            let (mark, mark_style) = match board.sign_off(story, &env.name) {
                Some(state) => {
                    let (mark, _, mark_style) = sign_off_look(theme, state);
                    (mark, mark_style)
                }
                None => (" ", style),
            };
            spans.push(Span::styled(mark, emphasis(mark_style)));
            spans.push(Span::raw(" ".repeat(cell_width.saturating_sub(3) + 1)));
        }
        let mut line = Line::from(spans);
        if index == selected {
            line = line.style(theme.selected(focused));
        }
        out.push(line);
    }
    out
}

/// What a column's environment holds, whole: `main`, a release branch, a
/// story's branch.
fn source_label(env: &EnvironmentColumn) -> String {
    match (&env.source_ref, &env.story) {
        (Some(r), _) => r.strip_prefix("refs/heads/").unwrap_or(r).to_string(),
        (None, Some(story)) => story.clone(),
        (None, None) if env.source.is_some() => "a commit".to_string(),
        (None, None) => "—".to_string(),
    }
}

/// The same, short enough for a column: the last part of a branch name, and
/// of a dated release its month and day (`release/2026-12-01-2` → `12-01-2`).
fn short_source(env: &EnvironmentColumn) -> String {
    let whole = source_label(env);
    let last = whole.rsplit('/').next().unwrap_or(&whole);
    let dated = last.len() >= 10
        && last.as_bytes().get(4) == Some(&b'-')
        && last.as_bytes().get(7) == Some(&b'-')
        && last
            .get(..4)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()));
    match last.get(5..) {
        Some(month_day) if dated => month_day.to_string(),
        _ => last.to_string(),
    }
}

/// Who, without the e-mail address: `Alice Analyst <alice@…>` → `Alice Analyst`.
fn who(by: &str) -> &str {
    by.split(" <").next().unwrap_or(by).trim()
}

/// The selected cell, for the command bar: the stage's deployment (source,
/// who, when) and the story's place there.
pub fn describe_selection(app: &App) -> Option<String> {
    let board = app.pipeline.board.as_ref()?;
    let env = board.environments.get(app.pipeline.column)?;
    let mut text = format!("{}: ", env.name);
    match (env.source, env.deployed_at) {
        (Some(source), Some(at)) => {
            text.push_str(&format!("{} ({})", source_label(env), source.short()));
            if let Some(by) = &env.deployed_by {
                text.push_str(&format!(" by {}", who(by)));
            }
            text.push_str(&format!(" {}", age(app.now, at)));
        }
        _ => text.push_str(env.note.as_deref().unwrap_or("nothing deployed")),
    }
    if let Some(story) = app.selected_board_story() {
        text.push_str(&format!(
            " · {} {}",
            story.key,
            cell_words(board, story, env)
        ));
        if let Some(sign_off) = story.sign_offs.iter().find(|s| s.environment == env.name) {
            text.push_str(&format!(", {sign_off}"));
        }
    }
    Some(text)
}

fn cell_words(board: &Board, story: &StoryRow, env: &EnvironmentColumn) -> String {
    match board.cell(story, &env.name) {
        Cell::Deployed => "deployed".to_string(),
        Cell::Leaving => "deployed, leaving with the next promotion".to_string(),
        Cell::Held => "held out (rolled back)".to_string(),
        Cell::Pending => format!(
            "pending: arrives with {}",
            env.next_ref.as_deref().unwrap_or("the next promotion")
        ),
        Cell::Absent => "absent".to_string(),
    }
}
