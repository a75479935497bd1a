//! What is drawn over the panes: help, the fuzzy finder, the new-story form, the
//! full-screen diff and error popups.
//!
//! Kept apart from the panes because each overlay owns the keyboard while it is
//! open, and its drawing mirrors the keys [`update`](super::update) gives it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::keys::Action;
use super::layout::inner_height;
use super::state::{App, ErrorPopup, Finder, FormField, NewStoryForm};
use super::widgets::{centered, diff_body, diff_title, fit, pane_block, placeholder_line, popup};

fn overlay_block<'a>(app: &App, title: String) -> Block<'a> {
    let theme = &app.theme;
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.fg(theme.border_focused))
        .title(Span::styled(
            title,
            theme.fg(theme.title_focused).add_modifier(Modifier::BOLD),
        ))
}

/// Every key in force, from the key map itself.
pub fn help(frame: &mut Frame, app: &App, screen: Rect) {
    let theme = &app.theme;
    // The four pane keys share a row, so the whole map fits 80x24.
    const PANES: [Action; 4] = [
        Action::PaneStories,
        Action::PaneBranches,
        Action::PaneEnvironments,
        Action::PaneDiff,
    ];
    let mut rows: Vec<(String, String)> = Vec::new();
    for &action in &Action::ALL {
        if action == Action::PaneStories {
            let keys: Vec<String> = PANES.iter().map(|&a| app.keys.label(a)).collect();
            rows.push((
                keys.join(" "),
                "panes: stories, branches, environments, diff".to_string(),
            ));
        } else if !PANES.contains(&action) {
            rows.push((app.keys.label(action), action.description().to_string()));
        }
    }
    rows.push(("ctrl-c".to_string(), "quit, always".to_string()));
    rows.push((
        "mouse".to_string(),
        "click: focus, select; wheel: scroll".to_string(),
    ));
    let key_width = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let line = |(key, what): &(String, String)| {
        vec![
            Span::styled(
                format!("{key:>key_width$}"),
                theme.fg(theme.key).add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!("  {what}")),
        ]
    };
    let row_width = key_width + 2 + rows.iter().map(|(_, w)| w.width()).max().unwrap_or(0);
    // Two columns when they fit, so the whole map shows on a short terminal too.
    let two_columns = usize::from(screen.width) >= 2 * row_width + 8;
    let lines: Vec<Line> = if two_columns {
        let half = rows.len().div_ceil(2);
        (0..half)
            .map(|i| {
                let mut spans = line(&rows[i]);
                if let Some(right) = rows.get(i + half) {
                    let used: usize = spans.iter().map(Span::width).sum();
                    spans.push(Span::raw(" ".repeat(row_width + 4 - used)));
                    spans.extend(line(right));
                }
                Line::from(spans)
            })
            .collect()
    } else {
        rows.iter().map(|row| Line::from(line(row))).collect()
    };
    let mut lines = lines;
    lines.push(Line::from(Span::styled(
        "● current ↑↓ vs main ~ uncommitted ⇣ from Looker P published P! stale ✓ merged",
        theme.fg(theme.muted),
    )));
    let legend_width = lines.last().map(Line::width).unwrap_or(0);
    let columns_width = if two_columns {
        2 * row_width + 6
    } else {
        row_width + 2
    };
    let width = columns_width.max(legend_width + 2);
    let area = centered(screen, width as u16, lines.len() as u16 + 2);
    let block = overlay_block(app, " Keys ".to_string());
    let inner = popup(frame, block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The fuzzy finder: the query, then the stories it matches, best first, with
/// the matched letters marked.
pub fn finder(frame: &mut Frame, app: &App, finder: &Finder, screen: Rect) {
    let theme = &app.theme;
    let matches = app.finder_matches(&finder.query);
    let total = app.stories.all().len();
    let height =
        (matches.len().max(1) + 4).min(usize::from(screen.height.saturating_sub(2))) as u16;
    let area = centered(screen, 64.min(screen.width.saturating_sub(4)), height);
    let block = overlay_block(app, format!(" Switch story {}/{total} ", matches.len()));
    let inner = popup(frame, block, area);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("> ", theme.fg(theme.key).add_modifier(Modifier::BOLD)),
            Span::raw(finder.query.clone()),
            Span::styled("▏", theme.fg(theme.key)),
        ]),
        Line::from(Span::styled(
            "─".repeat(usize::from(inner.width)),
            theme.fg(theme.border),
        )),
    ];
    let rows = usize::from(inner.height).saturating_sub(2);
    let offset = super::layout::list_offset(finder.selected, rows);
    if matches.is_empty() {
        lines.push(placeholder_line(app, "no story matches".to_string()));
    }
    for (index, found) in matches.iter().enumerate().skip(offset).take(rows) {
        let Some(story) = app.stories.all().get(found.story) else {
            continue;
        };
        let mut spans = vec![Span::raw(if story.current { "● " } else { "  " })];
        for (position, c) in story.branch.chars().enumerate() {
            let style = if found.indices.contains(&position) {
                theme
                    .fg(theme.key)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            } else {
                theme.fg(theme.text)
            };
            spans.push(Span::styled(c.to_string(), style));
        }
        let mut line = Line::from(spans);
        if index == finder.selected {
            let used: usize = line.spans.iter().map(Span::width).sum();
            line.spans.push(Span::raw(
                " ".repeat(usize::from(inner.width).saturating_sub(used)),
            ));
            line = line.style(theme.selected(true));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn new_story(frame: &mut Frame, app: &App, form: &NewStoryForm, screen: Rect) {
    let theme = &app.theme;
    let area = centered(screen, 56.min(screen.width.saturating_sub(4)), 8);
    let block = overlay_block(app, " New story ".to_string());
    let inner = popup(frame, block, area);
    let field = |label: &str, value: &str, which: FormField| {
        let focused = form.field == which;
        let label_style = if focused {
            theme.fg(theme.key).add_modifier(Modifier::BOLD)
        } else {
            theme.fg(theme.muted)
        };
        let room = usize::from(inner.width).saturating_sub(8);
        let mut spans = vec![
            Span::styled(format!("{label:<6}"), label_style),
            Span::raw(if focused { "› " } else { "  " }),
            Span::raw(fit(value, room.saturating_sub(1)).trim_end().to_string()),
        ];
        if focused {
            spans.push(Span::styled("▏", theme.fg(theme.key)));
        }
        Line::from(spans)
    };
    let mut lines = vec![
        field("key", &form.key, FormField::Key),
        field("slug", &form.slug, FormField::Slug),
        Line::raw(""),
    ];
    match &form.problem {
        Some(problem) => lines.push(Line::from(Span::styled(
            problem.clone(),
            theme.fg(theme.error),
        ))),
        None => lines.push(placeholder_line(
            app,
            "the branch is named by the team's story template".to_string(),
        )),
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

pub fn full_diff(frame: &mut Frame, app: &App, area: Rect) {
    let height = inner_height(area);
    let total = app.diff.lines.len();
    let mut title = diff_title(app, false);
    if total > 0 {
        let first = app.diff.scroll + 1;
        let last = (app.diff.scroll + height).min(total);
        title.push(Span::raw(format!(" · lines {first}–{last} of {total}")));
    }
    let block = pane_block(app, true, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match diff_body(app, height) {
        Ok(lines) => frame.render_widget(Paragraph::new(lines), inner),
        Err(message) => frame.render_widget(Paragraph::new(placeholder_line(app, message)), inner),
    }
}

/// The newest error, whole: the message is what the user needs to fix it.
pub fn error(frame: &mut Frame, app: &App, error: &ErrorPopup, count: usize, screen: Rect) {
    let theme = &app.theme;
    let width = 72.min(screen.width.saturating_sub(4));
    let text_width = usize::from(width.saturating_sub(2)).max(1);
    let wrapped: usize = error
        .message
        .lines()
        .map(|line| line.width().div_ceil(text_width).max(1))
        .sum();
    let height = (wrapped + 4).min(usize::from(screen.height.saturating_sub(2))) as u16;
    let area = centered(screen, width, height);
    let more = if count > 1 {
        format!(" (1 of {count})")
    } else {
        String::new()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.fg(theme.error))
        .title(Span::styled(
            format!(" {}{more} ", error.title),
            theme.fg(theme.error).add_modifier(Modifier::BOLD),
        ));
    let inner = popup(frame, block, area);
    let mut lines: Vec<Line> = error
        .message
        .lines()
        .map(|l| Line::raw(l.to_string()))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(
            "enter/esc",
            theme.fg(theme.key).add_modifier(Modifier::BOLD),
        ),
        Span::styled(" dismiss", theme.fg(theme.muted)),
    ]));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
