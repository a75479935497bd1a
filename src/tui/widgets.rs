//! What the panes and overlays are drawn with: a pane's frame, a list pane with
//! its title, filter and empty states, text cut to a width, placeholders, the
//! diff's lines, and popups. The view and the overlays both draw with these, and
//! neither imports the other.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::layout::list_offset;
use super::state::{App, Pane, Rows};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

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

fn list_title<'a>(
    app: &App,
    pane: Pane,
    count: Option<(usize, usize)>,
    loading: bool,
) -> Vec<Span<'a>> {
    let mut title = vec![Span::raw(format!("[{}] {}", pane.number(), pane.title()))];
    if let Some((shown, all)) = count {
        title.push(Span::raw(super::board_view::count(shown, all)));
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

pub(super) fn spans_width(spans: &[Span]) -> usize {
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
    name_first: bool,
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
            // A name is what the row is about: the details give way before
            // the name is cut.
            let wanted = spans_width(&name);
            let fits_whole = wanted + details_width < width;
            let (name_width, details) =
                if details_width + 8 > width || (name_first && !fits_whole && wanted <= width) {
                    (width, Vec::new())
                } else {
                    (width - details_width - 1, details)
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

pub(super) fn placeholder<'a>(app: &App, text: String) -> Paragraph<'a> {
    let lines: Vec<Line> = text
        .lines()
        .map(|l| placeholder_line(app, l.to_string()))
        .collect();
    Paragraph::new(lines).wrap(Wrap { trim: true })
}

/// What a list pane says while its rows load, and when there are none.
pub(super) struct ListTexts {
    pub loading: &'static str,
    pub none: &'static str,
    /// Whether the details give way before the name is cut (branch names are
    /// useless cut; a story's marks matter more than the end of its slug).
    pub name_first: bool,
}

/// A list pane: its frame and title (count, filter, spinner), the message that
/// stands in for rows not loaded, failed or filtered out, and otherwise the
/// visible rows, each drawn by `row` as a name part and a detail part.
pub(super) fn list_pane<'a, T>(
    frame: &mut Frame,
    app: &App,
    pane: Pane,
    area: Rect,
    (rows, texts): (&'a Rows<T>, ListTexts),
    row: impl Fn(&'a T) -> (Vec<Span<'a>>, Vec<Span<'a>>),
) {
    let visible = app.visible(pane);
    let block = pane_block(
        app,
        app.focus == pane,
        list_title(
            app,
            pane,
            rows.items.as_ref().map(|all| (visible.len(), all.len())),
            rows.loading && rows.items.is_some(),
        ),
    );
    if let Some(message) = empty_state(app, rows, texts.loading, texts.none, visible.is_empty()) {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(placeholder(app, message), inner);
        return;
    }
    let lines = visible
        .iter()
        .filter_map(|&i| rows.all().get(i))
        .map(row)
        .collect();
    draw_list(frame, app, pane, area, block, lines, texts.name_first);
}

/// Rows not in yet, an error, or nothing: the message to show instead of rows.
fn empty_state<T>(
    app: &App,
    rows: &Rows<T>,
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
    if let Some(story) = app.selected_story()
        && !story.sync_conflicts.is_empty()
    {
        let files: Vec<String> = story
            .sync_conflicts
            .iter()
            .map(|f| format!("  {}", f.display()))
            .collect();
        return Err(format!(
            "⚠ the sync of {} stopped at a conflict with an edit made in Looker, in:\n{}\nresolve the markers in the worktree, then {} to continue or abort",
            story.key,
            files.join("\n"),
            app.keys.label(super::keys::Action::Sync)
        ));
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

/// The diff's visible lines, wrapped (`w`) or scrolled sideways by its column:
/// the same in the pane and the full-screen view.
pub(super) fn diff_paragraph<'a>(app: &App, lines: Vec<Line<'a>>) -> Paragraph<'a> {
    if app.diff.wrap {
        Paragraph::new(lines).wrap(Wrap { trim: false })
    } else {
        let column = u16::try_from(app.diff.column).unwrap_or(u16::MAX);
        Paragraph::new(lines).scroll((0, column))
    }
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
