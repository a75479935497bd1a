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

use super::board_view::{CELLS, SIGN_OFFS, cell_look, sign_off_look};
use super::keys::Action;
use super::layout::inner_height;
use super::state::{App, Confirm, ErrorPopup, Finder, FormField, NewStoryForm, RejectForm};
use super::widgets::{
    centered, diff_body, diff_line, diff_paragraph, diff_title, fit, pane_block, placeholder,
    placeholder_line, popup,
};

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
    // The pane keys share a row.
    const PANES: [Action; 5] = [
        Action::PaneStories,
        Action::PaneBranches,
        Action::PaneEnvironments,
        Action::PaneDiff,
        Action::PanePipeline,
    ];
    let mut rows: Vec<(String, String)> = Vec::new();
    for &action in &Action::ALL {
        if action == Action::PaneStories {
            let keys: Vec<String> = PANES.iter().map(|&a| app.keys.label(a)).collect();
            rows.push((keys.join(" "), "panes: stories … pipeline".to_string()));
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
        "P, R, X, a and r show what they will write, and ask first",
        theme.fg(theme.muted),
    )));
    // The marks the panes print, in their words (narrow panes use the symbol).
    let muted = theme.fg(theme.muted);
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        "stories: ● current  ↑↓ commits vs main  ~ uncommitted  ⇣ edits from Looker",
        muted,
    )));
    lines.push(Line::from(Span::styled(
        "  P published  P! published, stale  ✓ merged  ⚠ sync stopped  new: no commit yet",
        muted,
    )));
    lines.push(Line::from(Span::styled(
        "  a companion's name: the story's branch there, with its ↑ ~ ✓",
        muted,
    )));
    lines.push(Line::from(Span::styled(
        "environments: ✎ edits made there since the deployment",
        muted,
    )));
    let mut cells = vec![Span::styled("pipeline:", muted)];
    for cell in CELLS {
        let (symbol, word, style) = cell_look(theme, cell);
        cells.push(Span::styled(format!(" {symbol}"), style));
        cells.push(Span::styled(format!(" {word}"), muted));
    }
    lines.push(Line::from(cells));
    let mut marks = vec![Span::styled("  signed off:", muted)];
    for state in SIGN_OFFS {
        let (mark, word, style) = sign_off_look(theme, state);
        marks.push(Span::styled(format!(" {mark}"), style));
        marks.push(Span::styled(format!(" {word}"), muted));
    }
    lines.push(Line::from(marks));
    let legend_width = lines.iter().map(Line::width).max().unwrap_or(0);
    let columns_width = if two_columns {
        2 * row_width + 6
    } else {
        row_width + 2
    };
    let width = columns_width.max(legend_width + 2);
    let area = centered(screen, width as u16, lines.len() as u16 + 2);
    // Taller than the screen: it scrolls (j/k), and the title says so.
    let shown = usize::from(area.height.saturating_sub(2));
    let scroll = app.help_scroll.min(lines.len().saturating_sub(shown));
    let title = if shown < lines.len() {
        format!(
            " Keys {}–{} of {} (j/k scroll) ",
            scroll + 1,
            (scroll + shown).min(lines.len()),
            lines.len()
        )
    } else {
        " Keys ".to_string()
    };
    let block = overlay_block(app, title);
    let inner = popup(frame, block, area);
    let lines: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The keys that take a preview's first choice: `y`, `enter`, and its own.
pub fn first_choice_keys(key: char) -> String {
    if key == 'y' {
        "y/enter".to_string()
    } else {
        format!("y/enter/{key}")
    }
}

/// A write's plan, or a read shown whole: its text scrolls, its choices are
/// the last line.
/// The confirmation's width on a screen this wide, and its plan's lines
/// wrapped to it: long lines wrap under themselves, and the scroll counts
/// the rows drawn.
fn confirm_rows(confirm: &Confirm, screen_width: u16) -> (usize, Vec<String>) {
    let widest = confirm.lines.iter().map(|l| l.width()).max().unwrap_or(0);
    let width = (widest + 4)
        .clamp(48, 160)
        .min(usize::from(screen_width.saturating_sub(2)));
    let rows = confirm
        .lines
        .iter()
        .flat_map(|l| wrap(l, width.saturating_sub(2).max(1)))
        .collect();
    (width, rows)
}

/// How far the plan scrolls before its last row shows: the update stops there.
pub fn confirm_scroll_limit(confirm: &Confirm, (width, height): (u16, u16)) -> usize {
    let (_, rows) = confirm_rows(confirm, width);
    // The frame, the blank line and at least one row of choices.
    let shown = usize::from(height.saturating_sub(2))
        .saturating_sub(4)
        .max(1);
    rows.len().saturating_sub(shown)
}

pub fn confirm(frame: &mut Frame, app: &App, confirm: &Confirm, screen: Rect) {
    let theme = &app.theme;
    let (width, rows) = confirm_rows(confirm, screen.width);
    let key = theme.fg(theme.key).add_modifier(Modifier::BOLD);
    let mut answer = Vec::new();
    for (i, choice) in confirm.choices.iter().enumerate() {
        let keys = if i == 0 {
            first_choice_keys(choice.key)
        } else {
            choice.key.to_string()
        };
        answer.push(Span::styled(keys, key));
        answer.push(Span::raw(format!(" {}   ", choice.label)));
    }
    if confirm.choices.is_empty() {
        answer.push(Span::styled("esc", key));
        answer.push(Span::raw(" close"));
    } else {
        answer.push(Span::styled("esc/n", key));
        answer.push(Span::raw(" cancel: nothing is written"));
    }
    let answer = Line::from(answer);
    let answer_rows = answer
        .width()
        .div_ceil(width.saturating_sub(2).max(1))
        .max(1);
    let height = (rows.len() + 3 + answer_rows).min(usize::from(screen.height.saturating_sub(2)));
    let area = centered(screen, width as u16, height as u16);
    let text_rows = height.saturating_sub(3 + answer_rows).max(1);
    let scroll = confirm.scroll.min(rows.len().saturating_sub(text_rows));
    let more = if rows.len() > text_rows {
        format!(
            " · {}–{} of {}",
            scroll + 1,
            (scroll + text_rows).min(rows.len()),
            rows.len()
        )
    } else {
        String::new()
    };
    let block = overlay_block(app, format!(" {}{more} ", confirm.title));
    let inner = popup(frame, block, area);
    let mut lines: Vec<Line> = rows
        .iter()
        .skip(scroll)
        .take(text_rows)
        .map(|l| diff_line(app, l))
        .collect();
    while lines.len() < text_rows {
        lines.push(Line::raw(""));
    }
    lines.push(Line::raw(""));
    frame.render_widget(Paragraph::new(lines), inner);
    let answer_area = Rect {
        y: inner.y + (text_rows + 1) as u16,
        height: inner.height.saturating_sub((text_rows + 1) as u16),
        ..inner
    };
    frame.render_widget(
        Paragraph::new(answer).wrap(Wrap { trim: false }),
        answer_area,
    );
}

/// `line` cut into rows of at most `width` columns, each continuation
/// indented like the line itself, so a wrapped property reads as one.
fn wrap(line: &str, width: usize) -> Vec<String> {
    if line.width() <= width {
        return vec![line.to_string()];
    }
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let indent = if indent.len() + 8 < width {
        format!("{indent}  ")
    } else {
        String::new()
    };
    let mut rows = Vec::new();
    let mut row = String::new();
    for c in line.chars() {
        if row.width() + c.to_string().width() > width {
            rows.push(std::mem::replace(&mut row, indent.clone()));
        }
        row.push(c);
    }
    if row.trim() != "" {
        rows.push(row);
    }
    rows
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
    lines.push(form_note(
        app,
        form.problem.as_deref(),
        "the branch is named by the team's story template",
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

/// Under a form's fields: why it was not accepted, or else what it does.
fn form_note<'a>(app: &App, problem: Option<&str>, hint: &str) -> Line<'a> {
    match problem {
        Some(problem) => Line::from(Span::styled(
            problem.to_string(),
            app.theme.fg(app.theme.error),
        )),
        None => placeholder_line(app, hint.to_string()),
    }
}

/// Why a story is rejected: one line of text, then the rejection is planned.
pub fn reject(frame: &mut Frame, app: &App, form: &RejectForm, screen: Rect) {
    let theme = &app.theme;
    let area = centered(screen, 64.min(screen.width.saturating_sub(4)), 8);
    let block = overlay_block(
        app,
        format!(" Reject {} on {} ", form.key, form.environment),
    );
    let inner = popup(frame, block, area);
    let room = usize::from(inner.width).saturating_sub(6);
    // The end of a long message stays in view as it is typed.
    let chars: Vec<char> = form.message.chars().collect();
    let shown: String = chars[chars.len().saturating_sub(room)..].iter().collect();
    let mut lines = vec![
        Line::from(vec![
            Span::styled("why ", theme.fg(theme.key).add_modifier(Modifier::BOLD)),
            Span::raw("› "),
            Span::raw(shown),
            Span::styled("▏", theme.fg(theme.key)),
        ]),
        Line::raw(""),
    ];
    lines.push(form_note(
        app,
        form.problem.as_deref(),
        "recorded with your git identity and the deployment tested; enter shows it first",
    ));
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
        Ok(lines) => frame.render_widget(diff_paragraph(app, lines), inner),
        Err(message) => frame.render_widget(placeholder(app, message), inner),
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
