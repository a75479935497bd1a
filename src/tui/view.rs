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
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::backend::{Published, Pushed};
use super::board_view;
use super::keys::Action;
use super::layout::{areas, inner_height};
use super::overlays;
use super::state::{App, JobKind, Overlay, Pane, age};
use super::widgets::{
    ListTexts, diff_body, diff_paragraph, diff_title, fit, list_pane, pane_block, placeholder,
    spans_width, spinner,
};

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
        board_view::draw(frame, app, screen.pipeline);
    }
    draw_command_bar(frame, app, screen.command_bar);
    draw_status_line(frame, app, screen.status_line);
    match &app.overlay {
        Overlay::Help => overlays::help(frame, app, size),
        Overlay::Finder(finder) => overlays::finder(frame, app, finder, size),
        Overlay::NewStory(form) => overlays::new_story(frame, app, form, size),
        Overlay::Confirm(confirm) => overlays::confirm(frame, app, confirm, size),
        Overlay::Reject(form) => overlays::reject(frame, app, form, size),
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

fn draw_stories(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let texts = ListTexts {
        loading: "scanning stories…",
        none: "no stories yet: n starts one",
        name_first: false,
    };
    let wide = area.width >= 70;
    list_pane(
        frame,
        app,
        Pane::Stories,
        area,
        (&app.stories, texts),
        |s| {
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
            if !s.sync_conflicts.is_empty() {
                push(
                    if wide {
                        format!("⚠ sync stopped: {} conflict(s)", s.sync_conflicts.len())
                    } else {
                        "⚠".into()
                    },
                    theme.fg(theme.conflict).add_modifier(Modifier::BOLD),
                );
            }
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
            // The story's part in each companion repository, where it has one.
            if wide {
                for (name, c) in s.companions.iter().filter(|(_, c)| c.branch) {
                    let mut text = name.clone();
                    if c.ahead > 0 {
                        text.push_str(&format!(" ↑{}", c.ahead));
                    }
                    if c.uncommitted > 0 {
                        text.push_str(&format!(" ~{}", c.uncommitted));
                    }
                    if c.merged {
                        text.push_str(" ✓");
                    }
                    push(text, theme.fg(theme.muted));
                }
            }
            if wide {
                match s.pushed {
                    Pushed::Yes => push("pushed".into(), theme.fg(theme.muted)),
                    Pushed::Ahead(n) => push(format!("{n} to push"), theme.fg(theme.muted)),
                    Pushed::No => {}
                }
                // A story with no commit of its own has no age of its own: the
                // commit it shows is main's.
                let when = if s.ahead == 0 && !s.merged {
                    "new".to_string()
                } else {
                    age(app.now, s.last_commit.time)
                };
                push(fit(&when, 8).trim_end().to_string(), theme.fg(theme.muted));
            }
            (vec![marker, key, slug], details)
        },
    );
}

fn draw_branches(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let texts = ListTexts {
        loading: "reading branches…",
        none: "no branches",
        name_first: true,
    };
    let wide = area.width >= 70;
    let current = app.current_story().map(|s| s.branch.as_str());
    list_pane(
        frame,
        app,
        Pane::Branches,
        area,
        (&app.branches, texts),
        |b| {
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
            // The summary takes what the name leaves, so the name stays whole.
            let used = b.name.width() + 2 + spans_width(&details) + b.head.id.len() + 1 + 8 + 2;
            let summary = usize::from(area.width.saturating_sub(2))
                .saturating_sub(used)
                .min(34);
            if wide && summary >= 8 {
                details.push(Span::styled(format!("{} ", b.head.id), theme.fg(theme.key)));
                details.push(Span::raw(format!("{} ", fit(&b.head.summary, summary))));
            }
            details.push(Span::styled(
                format!("{:>7}", age(app.now, b.head.time)),
                theme.fg(theme.muted),
            ));
            (vec![marker, name], details)
        },
    );
}

fn draw_environments(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let texts = ListTexts {
        loading: "reading environments…",
        none: "no environments in storyboard.toml",
        name_first: false,
    };
    let wide = area.width >= 70;
    list_pane(
        frame,
        app,
        Pane::Environments,
        area,
        (&app.environments, texts),
        |e| {
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
        },
    );
}

/// A story's key when it is a local story, for narrow rows.
fn story_key<'a>(app: &'a App, name: &'a str) -> &'a str {
    app.stories
        .all()
        .iter()
        .find(|s| s.branch == name)
        .map(|s| s.key.as_str())
        .unwrap_or(name)
}

fn draw_diff(frame: &mut Frame, app: &App, area: Rect) {
    let block = pane_block(app, app.focus == Pane::Diff, diff_title(app, true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match diff_body(app, inner_height(area)) {
        Ok(lines) => frame.render_widget(diff_paragraph(app, lines), inner),
        Err(message) => frame.render_widget(placeholder(app, message), inner),
    }
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
                (
                    format!("{}/{}", k(Action::NextChange), k(Action::PreviousChange)),
                    "next/previous object",
                ),
                (k(Action::Wrap), "wrap"),
                (k(Action::Edit), "edit"),
                ("g/G".to_string(), "top/bottom"),
                (k(Action::Back), "close"),
                (k(Action::Quit), "quit"),
            ];
        }
        Overlay::Reject(_) => {
            return vec![
                ("type".to_string(), "why it is rejected"),
                ("enter".to_string(), "plan it"),
                ("esc".to_string(), "cancel"),
            ];
        }
        Overlay::Confirm(confirm) => {
            let mut keys: Vec<(String, &'static str)> = Vec::new();
            if let Some(first) = confirm.choices.first() {
                keys.push((overlays::first_choice_keys(first.key), "go ahead"));
                keys.extend(
                    confirm
                        .choices
                        .iter()
                        .skip(1)
                        .map(|c| (c.key.to_string(), "the other choice")),
                );
                keys.push(("esc/n".to_string(), "cancel: nothing is written"));
            } else {
                keys.push(("esc".to_string(), "close"));
            }
            keys.push(("↑/↓ pgup/pgdn".to_string(), "scroll"));
            return keys;
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
            (
                format!("{}/{}", k(Action::NextChange), k(Action::PreviousChange)),
                "next/previous object",
            ),
            (k(Action::Edit), "edit"),
            (k(Action::Diff), "full screen"),
        ],
        Pane::Pipeline => vec![
            (k(Action::Promote), "promote"),
            (k(Action::Rollback), "roll back"),
            (k(Action::History), "history"),
            (k(Action::Accept), "accept"),
            (k(Action::Reject), "reject"),
            (k(Action::ReleaseCut), "cut release"),
            (format!("{}/{}", k(Action::Left), k(Action::Right)), "stage"),
            (k(Action::Enter), "show story"),
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
    // On the board, the selected cell's deployment comes first.
    if app.focus == Pane::Pipeline
        && app.overlay == Overlay::None
        && app.errors.is_empty()
        && let Some(cell) = board_view::describe_selection(app)
    {
        let cell = fit(&cell, width.saturating_sub(1)).trim_end().to_string();
        used += cell.width() + 3;
        spans.push(Span::styled(cell, theme.fg(theme.text)));
        spans.push(Span::raw("   "));
    }
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
            if job.kind == JobKind::Preview {
                left.push(Span::styled(" (esc cancels)", theme.fg(theme.muted)));
            }
            let progress = match job.progress.total {
                Some(total) if total > 0 => format!(" {}/{}", job.progress.done, total),
                _ if job.progress.done > 0 => format!(" {}", job.progress.done),
                _ => String::new(),
            };
            left.push(Span::styled(progress, theme.fg(theme.muted)));
        }
    }
    let right = match app.current_story() {
        Some(story) => format!("on {}", story.branch),
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
