//! Drawing the screen from the state: the panes, the command bar, the status line,
//! and whatever overlay is open.
//!
//! Drawing reads the [`App`] and nothing else (not the clock, not the terminal), so
//! the same state always gives the same screen; [`render_to_text`] is how tests and
//! benchmarks look at it.

use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::backend::{Published, Pushed};
use super::keys::Action;
use super::layout::{areas, inner_height, list_offset};
use super::overlays;
use super::state::{App, Overlay, Pane, age};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let size = frame.area();
    let screen = areas(size.width, size.height);
    if app.overlay == Overlay::FullDiff {
        overlays::full_diff(frame, app, screen.main);
    } else {
        draw_stories(frame, app, screen.stories);
        draw_branches(frame, app, screen.branches);
        draw_environments(frame, app, screen.environments);
        draw_diff(frame, app, screen.diff);
        draw_pending(frame, app, screen.pending);
    }
    draw_command_bar(frame, app, screen.command_bar);
    draw_status_line(frame, app, screen.status_line);
    match &app.overlay {
        Overlay::Help => overlays::help(frame, app, size),
        Overlay::Finder(finder) => overlays::finder(frame, app, finder, size),
        Overlay::NewStory(form) => overlays::new_story(frame, app, form, size),
        Overlay::None | Overlay::FullDiff => {}
    }
    if let Some(error) = app.errors.last() {
        overlays::error(frame, app, error, app.errors.len(), size);
    }
}

/// The screen as text, one line per row with trailing spaces removed: what
/// snapshot tests compare.
pub fn render_to_text(app: &App, width: u16, height: u16) -> String {
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(terminal) => terminal,
        Err(e) => return format!("cannot draw: {e}"),
    };
    if let Err(e) = terminal.draw(|frame| draw(frame, app)) {
        return format!("cannot draw: {e}");
    }
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                // The cell after a wide character is covered by it.
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub(super) fn spinner(app: &App) -> &'static str {
    SPINNER[app.spinner_frame % SPINNER.len()]
}

/// A pane's frame: numbered title, thick and coloured when focused.
pub(super) fn pane_block<'a>(app: &App, focused: bool, title: Vec<Span<'a>>) -> Block<'a> {
    let theme = &app.theme;
    let (border, title_style, kind) = if focused {
        (
            theme.fg(theme.border_focused),
            theme.fg(theme.title_focused).add_modifier(Modifier::BOLD),
            BorderType::Thick,
        )
    } else {
        (
            theme.fg(theme.border),
            theme.fg(theme.title),
            BorderType::Rounded,
        )
    };
    let title: Vec<Span<'a>> = title
        .into_iter()
        .map(|span| {
            let style = title_style.patch(span.style);
            span.style(style)
        })
        .collect();
    Block::default()
        .borders(Borders::ALL)
        .border_type(kind)
        .border_style(border)
        .title(Line::from(title))
}

fn list_title<'a>(app: &App, pane: Pane, count: Option<usize>, loading: bool) -> Vec<Span<'a>> {
    let mut title = vec![Span::raw(format!("[{}] {}", pane.number(), pane.title()))];
    if let Some(count) = count {
        title.push(Span::raw(format!(" ({count})")));
    }
    if let Some(view) = app.list(pane)
        && (view.editing_filter || !view.filter.is_empty())
    {
        let cursor = if view.editing_filter { "▏" } else { "" };
        title.push(Span::styled(
            format!(" /{}{cursor}", view.filter),
            app.theme
                .fg(app.theme.key)
                .remove_modifier(Modifier::BOLD)
                .add_modifier(Modifier::ITALIC),
        ));
    }
    if loading {
        title.push(Span::styled(
            format!(" {}", spinner(app)),
            app.theme.fg(app.theme.spinner),
        ));
    }
    title
}

/// Cuts `text` to `width` columns (ending with `…` when cut) and pads it to exactly that.
pub(super) fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    if text.width() <= width {
        out.push_str(text);
        used = text.width();
    } else if width > 0 {
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            out.push(c);
            used += w;
        }
        // A string can be wider than its characters summed (an emoji with a
        // variation selector), and the pane measures strings.
        while !out.is_empty() && out.width() + 1 > width {
            out.pop();
        }
        out.push('…');
        used = out.width();
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(Span::width).sum()
}

/// Draws list rows: each row is a name part (cut to fit) and a detail part
/// (kept whole when it fits, dropped when the pane is too narrow for it).
fn draw_list<'a>(
    frame: &mut Frame,
    app: &App,
    pane: Pane,
    area: Rect,
    block: Block<'a>,
    rows: Vec<(Vec<Span<'a>>, Vec<Span<'a>>)>,
) {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let focused = app.focus == pane;
    let selected = app.list(pane).map(|v| v.selected).unwrap_or(0);
    let offset = list_offset(selected, height);
    let lines: Vec<Line> = rows
        .into_iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(index, (name, details))| {
            let details_width = spans_width(&details);
            let (name_width, details) = if details_width + 8 <= width {
                (width - details_width - 1, details)
            } else {
                (width, Vec::new())
            };
            let mut spans = Vec::new();
            let mut left = name_width;
            for span in name {
                let text = fit(&span.content, left.min(span.width()));
                left = left.saturating_sub(span.width());
                spans.push(Span::styled(text, span.style));
            }
            let mut line_text_width = spans_width(&spans);
            if !details.is_empty() {
                let gap = width.saturating_sub(details_width + line_text_width);
                spans.push(Span::raw(" ".repeat(gap)));
                spans.extend(details);
                line_text_width = width;
            }
            let mut line = Line::from(spans);
            if index == selected {
                line = line.style(app.theme.selected(focused));
                if line_text_width < width {
                    line.spans
                        .push(Span::raw(" ".repeat(width - line_text_width)));
                }
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn placeholder_line<'a>(app: &App, text: String) -> Line<'a> {
    Line::from(Span::styled(
        text,
        app.theme.fg(app.theme.muted).add_modifier(Modifier::ITALIC),
    ))
}

fn placeholder<'a>(app: &App, text: String) -> Paragraph<'a> {
    Paragraph::new(placeholder_line(app, text)).wrap(Wrap { trim: true })
}

/// Rows not in yet, an error, or nothing: the message to show instead of rows.
fn empty_state<T>(
    app: &App,
    rows: &super::state::Rows<T>,
    loading: &str,
    none: &str,
    filtered_out: bool,
) -> Option<String> {
    if rows.items.is_none() {
        return Some(match &rows.error {
            Some(e) => format!("cannot load: {e}"),
            None => format!("{} {loading}", spinner(app)),
        });
    }
    if rows.all().is_empty() {
        return Some(none.to_string());
    }
    if filtered_out {
        return Some("nothing matches the filter (esc clears it)".to_string());
    }
    None
}

fn draw_stories(frame: &mut Frame, app: &App, area: Rect) {
    let pane = Pane::Stories;
    let visible = app.visible(pane);
    let theme = &app.theme;
    let block = pane_block(
        app,
        app.focus == pane,
        list_title(
            app,
            pane,
            app.stories.items.as_ref().map(Vec::len),
            app.stories.loading && app.stories.items.is_some(),
        ),
    );
    if let Some(message) = empty_state(
        app,
        &app.stories,
        "scanning stories…",
        "no stories yet: n starts one",
        visible.is_empty(),
    ) {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(placeholder(app, message), inner);
        return;
    }
    let wide = area.width >= 70;
    let rows = visible
        .iter()
        .filter_map(|&i| app.stories.all().get(i))
        .map(|s| {
            let marker = if s.current {
                Span::styled("● ", theme.fg(theme.current).add_modifier(Modifier::BOLD))
            } else {
                Span::raw("  ")
            };
            let key = Span::styled(
                format!("{} ", s.key),
                theme.fg(theme.text).add_modifier(Modifier::BOLD),
            );
            let slug = Span::styled(s.slug.clone(), theme.fg(theme.text));
            let mut details: Vec<Span> = Vec::new();
            let mut push = |text: String, style: Style| {
                if !details.is_empty() {
                    details.push(Span::raw(" "));
                }
                details.push(Span::styled(text, style));
            };
            if s.merged {
                push(
                    if wide { "merged".into() } else { "✓".into() },
                    theme.fg(theme.merged),
                );
            }
            if s.ahead > 0 || s.behind > 0 {
                let mut text = String::new();
                if s.ahead > 0 {
                    text.push_str(&format!("↑{}", s.ahead));
                }
                if s.behind > 0 {
                    text.push_str(&format!("↓{}", s.behind));
                }
                let style = if s.behind > 0 {
                    theme.fg(theme.behind)
                } else {
                    theme.fg(theme.ahead)
                };
                push(text, style);
            }
            if s.uncommitted > 0 {
                let text = if wide {
                    format!("~{} uncommitted", s.uncommitted)
                } else {
                    format!("~{}", s.uncommitted)
                };
                push(text, theme.fg(theme.uncommitted));
            }
            if s.unsynced > 0 {
                let text = if wide {
                    format!("⇣{} from Looker", s.unsynced)
                } else {
                    format!("⇣{}", s.unsynced)
                };
                push(text, theme.fg(theme.unsynced).add_modifier(Modifier::BOLD));
            }
            match s.published {
                Published::Yes => push(
                    if wide { "published".into() } else { "P".into() },
                    theme.fg(theme.published),
                ),
                Published::Stale => push(
                    if wide {
                        "published, stale".into()
                    } else {
                        "P!".into()
                    },
                    theme.fg(theme.stale),
                ),
                Published::No => {}
            }
            if wide {
                match s.pushed {
                    Pushed::Yes => push("pushed".into(), theme.fg(theme.muted)),
                    Pushed::Ahead(n) => push(format!("{n} to push"), theme.fg(theme.muted)),
                    Pushed::No => {}
                }
                if let Some(commit) = &s.last_commit {
                    push(
                        fit(&age(app.now, commit.time), 8).trim_end().to_string(),
                        theme.fg(theme.muted),
                    );
                }
            }
            (vec![marker, key, slug], details)
        })
        .collect();
    draw_list(frame, app, pane, area, block, rows);
}

fn draw_branches(frame: &mut Frame, app: &App, area: Rect) {
    let pane = Pane::Branches;
    let visible = app.visible(pane);
    let theme = &app.theme;
    let block = pane_block(
        app,
        app.focus == pane,
        list_title(
            app,
            pane,
            app.branches.items.as_ref().map(Vec::len),
            app.branches.loading && app.branches.items.is_some(),
        ),
    );
    if let Some(message) = empty_state(
        app,
        &app.branches,
        "reading branches…",
        "no branches",
        visible.is_empty(),
    ) {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(placeholder(app, message), inner);
        return;
    }
    let wide = area.width >= 70;
    let current = app.current_story().map(|s| s.name.as_str());
    let rows = visible
        .iter()
        .filter_map(|&i| app.branches.all().get(i))
        .map(|b| {
            let marker = if Some(b.name.as_str()) == current {
                Span::styled("● ", theme.fg(theme.current).add_modifier(Modifier::BOLD))
            } else {
                Span::raw("  ")
            };
            let name_style = if b.is_story {
                theme.fg(theme.text)
            } else {
                theme.fg(theme.muted)
            };
            let name = Span::styled(b.name.clone(), name_style);
            let mut details = Vec::new();
            if let Some((ahead, behind)) = b.upstream {
                let mut text = String::new();
                if ahead > 0 {
                    text.push_str(&format!("↑{ahead}"));
                }
                if behind > 0 {
                    text.push_str(&format!("↓{behind}"));
                }
                if !text.is_empty() {
                    details.push(Span::styled(format!("{text} "), theme.fg(theme.behind)));
                }
            }
            if wide {
                details.push(Span::styled(
                    format!("{} ", b.head.short_id),
                    theme.fg(theme.key),
                ));
                details.push(Span::raw(format!("{} ", fit(&b.head.summary, 34))));
            }
            details.push(Span::styled(
                format!("{:>7}", age(app.now, b.head.time)),
                theme.fg(theme.muted),
            ));
            (vec![marker, name], details)
        })
        .collect();
    draw_list(frame, app, pane, area, block, rows);
}

fn draw_environments(frame: &mut Frame, app: &App, area: Rect) {
    let pane = Pane::Environments;
    let visible = app.visible(pane);
    let theme = &app.theme;
    let block = pane_block(
        app,
        app.focus == pane,
        list_title(
            app,
            pane,
            app.environments.items.as_ref().map(Vec::len),
            app.environments.loading && app.environments.items.is_some(),
        ),
    );
    if let Some(message) = empty_state(
        app,
        &app.environments,
        "reading environments…",
        "no environments in storyboard.toml",
        visible.is_empty(),
    ) {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(placeholder(app, message), inner);
        return;
    }
    let wide = area.width >= 70;
    let rows = visible
        .iter()
        .filter_map(|&i| app.environments.all().get(i))
        .map(|e| {
            let name_style = if e.protected {
                theme.fg(theme.protected)
            } else {
                theme.fg(theme.text)
            };
            let mut name = vec![Span::styled(
                e.name.clone(),
                name_style.add_modifier(Modifier::BOLD),
            )];
            if e.protected && wide {
                name.push(Span::styled(" protected", theme.fg(theme.protected)));
            }
            let mut details = Vec::new();
            if wide {
                details.push(Span::styled(
                    format!("{} ", e.branch),
                    theme.fg(theme.muted),
                ));
            }
            if e.edits_since > 0 {
                details.push(Span::styled(
                    format!("✎{} ", e.edits_since),
                    theme.fg(theme.unsynced),
                ));
            }
            match (&e.source, &e.story) {
                (Some(source), story) => {
                    details.push(Span::styled(source.clone(), theme.fg(theme.key)));
                    if let Some(story) = story {
                        let story = if wide {
                            story.clone()
                        } else {
                            fit(story_key(app, story), 8).trim_end().to_string()
                        };
                        details.push(Span::raw(format!(" {story}")));
                    }
                }
                (None, _) => {
                    let note = e.note.as_deref().unwrap_or("nothing deployed");
                    let note = if wide {
                        note.to_string()
                    } else {
                        fit(note, 24).trim_end().to_string()
                    };
                    details.push(Span::styled(note, theme.fg(theme.muted)));
                }
            }
            if let Some(at) = e.deployed_at {
                details.push(Span::styled(
                    format!(" {:>7}", age(app.now, at)),
                    theme.fg(theme.muted),
                ));
            }
            (name, details)
        })
        .collect();
    draw_list(frame, app, pane, area, block, rows);
}

/// A story's key when it is a local story, for narrow rows.
fn story_key<'a>(app: &'a App, name: &'a str) -> &'a str {
    app.stories
        .all()
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.key.as_str())
        .unwrap_or(name)
}

/// The style of one line of `storyboard diff`'s text, by its marker.
pub(super) fn diff_line<'a>(app: &App, text: &'a str) -> Line<'a> {
    let theme = &app.theme;
    let trimmed = text.trim_start();
    let style = match trimmed.chars().next() {
        Some('+') => theme.fg(theme.added),
        Some('-') => theme.fg(theme.removed),
        Some('~') => theme.fg(theme.modified),
        Some('>') => theme.fg(theme.moved),
        _ if trimmed.starts_with("Summary:") => Style::default().add_modifier(Modifier::BOLD),
        _ => theme.fg(theme.text),
    };
    // Object headers (not indented) stand out from their properties.
    let style = if !text.starts_with(' ') && !trimmed.is_empty() {
        style.add_modifier(Modifier::BOLD)
    } else {
        style
    };
    Line::from(Span::styled(text, style))
}

pub(super) fn diff_title<'a>(app: &App, pane_number: bool) -> Vec<Span<'a>> {
    let mut title = vec![Span::raw(if pane_number {
        format!("[{}] {}", Pane::Diff.number(), Pane::Diff.title())
    } else {
        Pane::Diff.title().to_string()
    })];
    if let Some(story) = &app.diff.story {
        title.push(Span::raw(format!(" · {story}")));
    }
    if app.diff.loading {
        title.push(Span::styled(
            format!(" {}", spinner(app)),
            app.theme.fg(app.theme.spinner),
        ));
    }
    title
}

/// The diff's lines from its scroll offset, or what stands in for them.
pub(super) fn diff_body<'a>(app: &'a App, height: usize) -> Result<Vec<Line<'a>>, String> {
    let diff = &app.diff;
    if diff.story.is_none() {
        if app.stories.items.is_none() {
            return Err("waiting for the stories…".to_string());
        }
        return Err("select a story to see its semantic diff".to_string());
    }
    if let Some(e) = &diff.error {
        return Err(format!("cannot diff: {e}"));
    }
    match &diff.diff {
        None => Err(format!("{} computing the semantic diff…", spinner(app))),
        Some(d) if d.changes.is_empty() => Err("no semantic changes against main".to_string()),
        Some(_) => Ok(diff
            .lines
            .iter()
            .skip(diff.scroll)
            .take(height)
            .map(|line| diff_line(app, line))
            .collect()),
    }
}

fn draw_diff(frame: &mut Frame, app: &App, area: Rect) {
    let block = pane_block(app, app.focus == Pane::Diff, diff_title(app, true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match diff_body(app, inner_height(area)) {
        Ok(lines) => frame.render_widget(Paragraph::new(lines), inner),
        Err(message) => frame.render_widget(placeholder(app, message), inner),
    }
}

fn draw_pending(frame: &mut Frame, app: &App, area: Rect) {
    let block = pane_block(app, false, vec![Span::raw("Pending promotions")]);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(
        placeholder(
            app,
            "promote and rollback arrive with the pipeline".to_string(),
        ),
        inner,
    );
}

/// The keys that mean something right now, as (key, what it does).
pub fn context_keys(app: &App) -> Vec<(String, &'static str)> {
    let keys = &app.keys;
    let k = |action: Action| keys.label(action);
    if !app.errors.is_empty() {
        return vec![("enter/esc".to_string(), "dismiss")];
    }
    match &app.overlay {
        Overlay::Help => return vec![(k(Action::Back), "close"), (k(Action::Quit), "quit")],
        Overlay::Finder(_) => {
            return vec![
                ("type".to_string(), "search"),
                ("↑/↓".to_string(), "choose"),
                ("enter".to_string(), "switch"),
                ("esc".to_string(), "close"),
            ];
        }
        Overlay::NewStory(_) => {
            return vec![
                ("tab".to_string(), "next field"),
                ("enter".to_string(), "create"),
                ("esc".to_string(), "cancel"),
            ];
        }
        Overlay::FullDiff => {
            return vec![
                (k(Action::Down), "down"),
                (k(Action::Up), "up"),
                ("pgdn/pgup".to_string(), "page"),
                ("g/G".to_string(), "top/bottom"),
                (k(Action::Back), "close"),
                (k(Action::Quit), "quit"),
            ];
        }
        Overlay::None => {}
    }
    if app.list(app.focus).is_some_and(|v| v.editing_filter) {
        return vec![
            ("type".to_string(), "filter"),
            ("enter".to_string(), "keep"),
            ("esc".to_string(), "clear"),
        ];
    }
    let mut hints: Vec<(String, &'static str)> = match app.focus {
        Pane::Stories => vec![
            (k(Action::Enter), "switch"),
            (k(Action::Switch), "find"),
            (k(Action::NewStory), "new"),
            (k(Action::Publish), "publish"),
            (k(Action::Sync), "sync"),
            (k(Action::Diff), "diff"),
            (k(Action::Filter), "filter"),
        ],
        Pane::Branches => vec![
            (k(Action::Enter), "switch"),
            (k(Action::Filter), "filter"),
            (k(Action::Fetch), "fetch"),
        ],
        Pane::Environments => vec![
            (k(Action::Enter), "show story"),
            (k(Action::Filter), "filter"),
            (k(Action::Fetch), "fetch"),
        ],
        Pane::Diff => vec![
            (k(Action::Down), "scroll"),
            (k(Action::Up), "up"),
            (k(Action::Diff), "full screen"),
        ],
    };
    hints.extend([
        (k(Action::NextPane), "pane"),
        (k(Action::Help), "help"),
        (k(Action::Quit), "quit"),
    ]);
    hints
}

fn draw_command_bar(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, label) in context_keys(app) {
        let needed = key.width() + label.width() + 3;
        if used + needed > width {
            break;
        }
        spans.push(Span::styled(
            key,
            theme.fg(theme.key).add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::styled(format!(" {label}   "), theme.fg(theme.muted)));
        used += needed;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status_line(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let mut left: Vec<Span> = Vec::new();
    if app.jobs.is_empty() {
        let text = app.status.clone().unwrap_or_else(|| "ready".to_string());
        left.push(Span::styled(text, theme.fg(theme.muted)));
    } else {
        for (i, job) in app.jobs.iter().enumerate() {
            if i > 0 {
                left.push(Span::styled(" · ", theme.fg(theme.muted)));
            }
            left.push(Span::styled(
                format!("{} ", spinner(app)),
                theme.fg(theme.spinner),
            ));
            left.push(Span::raw(job.label.clone()));
            let progress = match job.progress.total {
                Some(total) if total > 0 => format!(" {}/{}", job.progress.done, total),
                _ if job.progress.done > 0 => format!(" {}", job.progress.done),
                _ => String::new(),
            };
            left.push(Span::styled(progress, theme.fg(theme.muted)));
        }
    }
    let right = match app.current_story() {
        Some(story) => format!("on {}", story.name),
        None => String::new(),
    };
    let width = usize::from(area.width);
    let right_width = right.width();
    let left_width = width.saturating_sub(right_width + 1);
    let mut spans = Vec::new();
    let mut used = 0;
    for span in left {
        let room = left_width.saturating_sub(used);
        if room == 0 {
            break;
        }
        let w = span.width();
        if w <= room {
            used += w;
            spans.push(span);
        } else {
            spans.push(Span::styled(fit(&span.content, room), span.style));
            used += room;
        }
    }
    if right_width + used < width {
        spans.push(Span::raw(" ".repeat(width - right_width - used)));
        spans.push(Span::styled(right, theme.fg(theme.current)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A rectangle of at most `width` × `height` in the middle of `area`.
pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Clears the popup's place and draws its frame.
pub(super) fn popup<'a>(frame: &mut Frame, block: Block<'a>, area: Rect) -> Rect {
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_is_exactly_the_width_asked_even_with_emoji() {
        for width in 0..12 {
            for text in [
                "story/ABC-1-❤️❤️❤️-fix",
                "plain-name",
                "日本語のブランチ",
                "",
            ] {
                let out = fit(text, width);
                assert_eq!(out.width(), width, "{text:?} at {width}: {out:?}");
            }
        }
    }
}
