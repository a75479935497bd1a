//! A diff as text (in the manner of `terraform plan`), JSON or Markdown.
//!
//! Text and Markdown group the changes of one object into one block: a header with
//! the `+ ~ - >` marker, the object's path and its file:line, then one line per
//! property. A long value that changed is shown as a line or word diff of the value.

use std::fmt::Write;

use serde_json::{Map, Value};

use super::inline::{self, Piece};
use super::normalize::TextKind;
use super::{Change, ChangeOp, Diff, NotCompared, Side, Summary};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// The diff in `format`; `color` applies to text only.
pub fn render(diff: &Diff, format: Format, color: bool) -> String {
    match format {
        Format::Text => text(diff, color),
        Format::Json => json(diff),
        Format::Markdown => markdown(diff),
    }
}

/// Consecutive changes to the same object, or one whole-object change.
fn blocks(changes: &[Change]) -> Vec<&[Change]> {
    let mut out: Vec<&[Change]> = Vec::new();
    let mut start = 0;
    for i in 1..=changes.len() {
        let split = i == changes.len()
            || changes[i].property.is_none()
            || changes[i - 1].property.is_none()
            || changes[i].path != changes[i - 1].path;
        if split {
            out.push(&changes[start..i]);
            start = i;
        }
    }
    out
}

/// An object's path for people: `view:orders / dimension:total`.
pub fn path_text(path: &[String]) -> String {
    path.join(" / ")
}

fn location(c: &Change) -> String {
    format!("{}:{}", c.file.display(), c.line)
}

// ----------------------------------------------------------------------------
// Text

#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn op(self, op: ChangeOp, s: &str) -> String {
        let code = match op {
            ChangeOp::Added => "32",
            ChangeOp::Removed => "31",
            ChangeOp::Modified => "33",
            ChangeOp::Moved => "36",
        };
        self.code(code, s)
    }

    fn code(self, code: &str, s: &str) -> String {
        if self.0 && !s.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn dim(self, s: &str) -> String {
        self.code("2", s)
    }
}

pub fn text(diff: &Diff, color: bool) -> String {
    text_with_anchors(diff, color).0
}

/// Where a changed object's lines start in [`text`]'s output (0-based), and
/// where the object is in its file: what a reader jumps between and opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextAnchor {
    pub line: usize,
    pub file: std::path::PathBuf,
    pub file_line: u32,
    /// The object was removed whole: `file` is where it was, on the old side.
    pub removed: bool,
}

/// [`text`], with the place of each changed object's first line.
pub fn text_with_anchors(diff: &Diff, color: bool) -> (String, Vec<TextAnchor>) {
    let paint = Paint(color);
    let mut out = String::new();
    let mut anchors = Vec::new();
    let mut lines = 0;
    for block in blocks(&diff.changes) {
        anchors.push(TextAnchor {
            line: lines,
            file: block[0].file.clone(),
            file_line: block[0].line,
            removed: block[0].op == ChangeOp::Removed && block[0].property.is_none(),
        });
        let start = out.len();
        text_block(&mut out, block, paint);
        out.push('\n');
        lines += out[start..].matches('\n').count();
    }
    out.push_str(&summary_line(&diff.summary()));
    out.push('\n');
    if !diff.not_compared.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            paint.dim("Not compared (the file does not parse; fix it to see its changes):")
        );
        for n in &diff.not_compared {
            let _ = writeln!(out, "  {}", not_compared_line(n));
        }
    }
    (out, anchors)
}

/// `dashboards/x.dashboard.lookml:73:54: reason (new side)`.
fn not_compared_line(n: &NotCompared) -> String {
    let side = match n.side {
        Side::Old => "old side",
        Side::New => "new side",
        Side::Both => "both sides",
    };
    format!(
        "{}:{}:{}: {} ({side})",
        n.file.display(),
        n.line,
        n.column,
        n.reason
    )
}

fn text_block(out: &mut String, block: &[Change], paint: Paint) {
    let first = &block[0];
    let header_op = if first.property.is_some() {
        ChangeOp::Modified
    } else {
        first.op
    };
    let marker = header_op.marker().to_string();
    let _ = write!(
        out,
        "{} {}",
        paint.op(header_op, &marker),
        paint.code("1", &path_text(&first.path))
    );
    if first.op == ChangeOp::Moved {
        let _ = writeln!(
            out,
            "  {}",
            paint.dim(&format!(
                "moved from {} to {}",
                value_str(first.old.as_ref()),
                location(first)
            ))
        );
        return;
    }
    let _ = writeln!(out, "  {}", paint.dim(&location(first)));
    if first.property.is_none() {
        for l in whole_object_lines(first) {
            let _ = writeln!(out, "    {}", paint.op(first.op, &format!("{marker} {l}")));
        }
        return;
    }
    for c in block {
        property_text(out, c, paint);
    }
}

/// The properties of an object added or removed whole (the side it exists on).
fn whole_object_lines(change: &Change) -> Vec<String> {
    let value = if change.op == ChangeOp::Removed {
        &change.old
    } else {
        &change.new
    };
    let mut lines = Vec::new();
    if let Some(Value::Object(map)) = value {
        object_lines(map, 0, &mut lines);
    }
    lines
}

fn property_text(out: &mut String, c: &Change, paint: Paint) {
    let key = c.property.as_deref().unwrap_or_default();
    let class = paint.dim(&format!("# {}", c.class.as_str()));
    let marker = c.op.marker();
    let lead = |s: &str| paint.op(c.op, s);
    match (c.op, c.old.as_ref(), c.new.as_ref()) {
        (ChangeOp::Modified, Some(Value::String(a)), Some(Value::String(b)))
            if inline::is_long(a) || inline::is_long(b) =>
        {
            let _ = writeln!(out, "    {} {class}", lead(&format!("{marker} {key}:")));
            inline_text(out, a, b, paint);
        }
        (ChangeOp::Modified, old, new) => {
            let _ = writeln!(
                out,
                "    {} {} -> {} {class}",
                lead(&format!("{marker} {key}:")),
                inline_value(key, old),
                inline_value(key, new)
            );
        }
        (op, old, new) => {
            let value = if op == ChangeOp::Removed { old } else { new };
            let mut lines = Vec::new();
            value_lines(key, value.unwrap_or(&Value::Null), 0, &mut lines);
            for (i, l) in lines.iter().enumerate() {
                let tail = if i == 0 {
                    format!(" {class}")
                } else {
                    String::new()
                };
                let _ = writeln!(out, "    {}{tail}", lead(&format!("{marker} {l}")));
            }
        }
    }
}

/// A long value's change, indented under its key: a line diff when either side has
/// several lines, otherwise one line with `[-removed-]{+added+}` words.
fn inline_text(out: &mut String, old: &str, new: &str, paint: Paint) {
    if old.contains('\n') || new.contains('\n') {
        for piece in inline::lines(old, new) {
            let line = match &piece {
                Piece::Same(l) => format!("  {l}"),
                Piece::Removed(l) => paint.op(ChangeOp::Removed, &format!("- {l}")),
                Piece::Added(l) => paint.op(ChangeOp::Added, &format!("+ {l}")),
            };
            let _ = writeln!(out, "        {}", line.trim_end());
        }
        return;
    }
    let mut line = String::new();
    for piece in inline::words(old, new) {
        match piece {
            Piece::Same(s) => line.push_str(&s),
            Piece::Removed(s) => line.push_str(&paint.op(ChangeOp::Removed, &format!("[-{s}-]"))),
            Piece::Added(s) => line.push_str(&paint.op(ChangeOp::Added, &format!("{{+{s}+}}"))),
        }
    }
    let _ = writeln!(out, "        {line}");
}

/// A value on one line, written as in LookML: plain words bare, other text
/// quoted, SQL and HTML ended by `;;`, lists in brackets, pairs as `key: "value"`.
fn inline_value(key: &str, value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "(none)".to_string(),
        Some(Value::String(s)) if TextKind::of(key) != TextKind::Plain => {
            let one_line: Vec<&str> = s.lines().map(str::trim).collect();
            format!("{} ;;", one_line.join(" "))
        }
        Some(Value::String(s)) => bare_or_quoted(s),
        Some(Value::Array(items)) => {
            let parts: Vec<String> = items.iter().map(inline_item).collect();
            format!("[{}]", parts.join(", "))
        }
        Some(Value::Object(map)) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}: {}", inline_value(k, Some(v))))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Some(other) => other.to_string(),
    }
}

fn inline_item(item: &Value) -> String {
    match item {
        Value::Object(m) if m.len() == 1 => m
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => format!("{k}: {}", quoted(s)),
                other => format!("{k}: {}", inline_value(k, Some(other))),
            })
            .collect(),
        other => inline_value("", Some(other)),
    }
}

fn bare_or_quoted(s: &str) -> String {
    let bare = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '*' | '+' | '-' | '/'));
    if bare { s.to_string() } else { quoted(s) }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn value_str(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        other => inline_value("", other),
    }
}

/// The lines of an added or removed object, LookML-like: `key: value`, blocks in
/// braces, long text on its own indented lines.
fn object_lines(map: &Map<String, Value>, depth: usize, out: &mut Vec<String>) {
    for (key, value) in map {
        value_lines(key, value, depth, out);
    }
}

fn value_lines(key: &str, value: &Value, depth: usize, out: &mut Vec<String>) {
    let pad = "  ".repeat(depth);
    match value {
        Value::Object(m) => {
            out.push(format!("{pad}{key} {{"));
            object_lines(m, depth + 1, out);
            out.push(format!("{pad}}}"));
        }
        Value::String(s) if s.contains('\n') => {
            out.push(format!("{pad}{key}:"));
            for line in inline::dedent(s) {
                out.push(format!("{pad}  {line}").trim_end().to_string());
            }
            if TextKind::of(key) != TextKind::Plain {
                out.push(format!("{pad}  ;;"));
            }
        }
        other => out.push(format!("{pad}{key}: {}", inline_value(key, Some(other)))),
    }
}

/// The summary as one sentence (`1 added, 2 modified ...`).
pub fn summary_line(s: &Summary) -> String {
    let moved = if s.moved > 0 {
        format!("{} moved (no behaviour change)", s.moved)
    } else {
        String::new()
    };
    if s.changes == 0 {
        return if moved.is_empty() {
            "No changes.".to_string()
        } else {
            format!("No changes; {moved}.")
        };
    }
    let classes: Vec<String> = s
        .by_class
        .iter()
        .map(|(k, v)| format!("{} {v}", k.as_str()))
        .collect();
    let mut line = format!(
        "Summary: {} added, {} modified, {} removed ({} {}: {})",
        s.added,
        s.modified,
        s.removed,
        s.changes,
        if s.changes == 1 { "change" } else { "changes" },
        classes.join(", ")
    );
    if !moved.is_empty() {
        let _ = write!(line, "; {moved}");
    }
    line.push('.');
    line
}

// ----------------------------------------------------------------------------
// JSON

pub fn json(diff: &Diff) -> String {
    let changes: Vec<Value> = diff.changes.iter().map(change_json).collect();
    let mut root = Map::new();
    root.insert("changes".into(), Value::Array(changes));
    root.insert(
        "summary".into(),
        serde_json::to_value(diff.summary()).unwrap_or(Value::Null),
    );
    root.insert(
        "not_compared".into(),
        serde_json::to_value(&diff.not_compared).unwrap_or(Value::Null),
    );
    let mut out = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
    out.push('\n');
    out
}

fn change_json(c: &Change) -> Value {
    serde_json::json!({
        "op": c.op,
        "kind": c.kind,
        "path": c.path,
        "property": c.property,
        "old": c.old,
        "new": c.new,
        "class": c.class,
        "file": c.file.to_string_lossy(),
        "line": c.line,
    })
}

// ----------------------------------------------------------------------------
// Markdown

pub fn markdown(diff: &Diff) -> String {
    let summary = diff.summary();
    let mut out = String::from("### LookML changes\n\n");
    let _ = writeln!(out, "{}\n", summary_line(&summary));
    let (moved, changed): (Vec<&Change>, Vec<&Change>) =
        diff.changes.iter().partition(|c| c.op == ChangeOp::Moved);
    let changed: Vec<Change> = changed.into_iter().cloned().collect();
    for block in blocks(&changed) {
        markdown_block(&mut out, block);
    }
    if !moved.is_empty() {
        out.push_str("<details><summary>Moved to another file (no behaviour change)</summary>\n\n");
        for c in moved {
            let _ = writeln!(
                out,
                "- {}: {} → {}",
                code(&path_text(&c.path)),
                code(&value_str(c.old.as_ref())),
                code(&location(c))
            );
        }
        out.push_str("\n</details>\n");
    }
    if !diff.not_compared.is_empty() {
        out.push_str(
            "\n**Not compared** (the file does not parse; fix it to see its changes):\n\n",
        );
        for n in &diff.not_compared {
            let _ = writeln!(out, "- {}", code(&not_compared_line(n)));
        }
    }
    out
}

fn markdown_block(out: &mut String, block: &[Change]) {
    let first = &block[0];
    let op = if first.property.is_some() {
        ChangeOp::Modified
    } else {
        first.op
    };
    let _ = writeln!(
        out,
        "#### {} {} — {}\n",
        op.marker(),
        code(&path_text(&first.path)),
        code(&location(first))
    );
    if first.property.is_none() {
        let lines: Vec<String> = whole_object_lines(first)
            .iter()
            .map(|l| format!("{} {l}", first.op.marker()))
            .collect();
        if !lines.is_empty() {
            fenced(out, "diff", "", &lines);
            out.push('\n');
        }
        return;
    }
    for c in block {
        markdown_property(out, c);
    }
    out.push('\n');
}

fn markdown_property(out: &mut String, c: &Change) {
    let key = c.property.as_deref().unwrap_or_default();
    let head = format!("- {} **{}** ({})", c.op.marker(), key, c.class.as_str());
    match (c.op, c.old.as_ref(), c.new.as_ref()) {
        (ChangeOp::Modified, Some(Value::String(a)), Some(Value::String(b)))
            if inline::is_long(a) || inline::is_long(b) =>
        {
            let _ = writeln!(out, "{head}:\n");
            let lines: Vec<String> = if a.contains('\n') || b.contains('\n') {
                inline::lines(a, b)
                    .into_iter()
                    .map(|p| match p {
                        Piece::Same(l) => format!("  {l}"),
                        Piece::Removed(l) => format!("- {l}"),
                        Piece::Added(l) => format!("+ {l}"),
                    })
                    .collect()
            } else {
                vec![format!("- {a}"), format!("+ {b}")]
            };
            fenced(out, "diff", "  ", &lines);
        }
        (ChangeOp::Modified, old, new) => {
            let _ = writeln!(
                out,
                "{head}: {} → {}",
                code(&inline_value(key, old)),
                code(&inline_value(key, new))
            );
        }
        (op, old, new) => {
            let value = if op == ChangeOp::Removed { old } else { new };
            let _ = writeln!(out, "{head}: {}", code(&inline_value(key, value)));
        }
    }
}

/// A fenced block, indented by `indent` (to sit inside a list item).
fn fenced(out: &mut String, lang: &str, indent: &str, lines: &[String]) {
    let fence = if lines.iter().any(|l| l.contains("```")) {
        "~~~~"
    } else {
        "```"
    };
    let _ = writeln!(out, "{indent}{fence}{lang}");
    for l in lines {
        let _ = writeln!(out, "{indent}{}", l.trim_end());
    }
    let _ = writeln!(out, "{indent}{fence}");
}

/// Inline code that survives backticks in the value.
fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semdiff::ChangeClass;
    use std::path::PathBuf;

    fn change(op: ChangeOp, property: Option<&str>, old: &str, new: &str) -> Change {
        Change {
            op,
            kind: "dimension".into(),
            path: vec!["view:orders".into(), "dimension:id".into()],
            property: property.map(str::to_string),
            old: Some(Value::from(old)),
            new: Some(Value::from(new)),
            class: ChangeClass::Presentation,
            file: PathBuf::from("views/orders.view.lkml"),
            line: 3,
        }
    }

    #[test]
    fn colour_marks_only_with_colour_on() {
        let diff = Diff {
            changes: vec![change(ChangeOp::Modified, Some("label"), "A", "B")],
            not_compared: Vec::new(),
        };
        let plain = text(&diff, false);
        let coloured = text(&diff, true);
        assert!(!plain.contains('\x1b'));
        assert!(coloured.contains("\x1b[33m~\x1b[0m"), "{coloured:?}");
        assert_eq!(strip_ansi(&coloured), plain);
    }

    #[test]
    fn moves_are_listed_apart_in_markdown() {
        let diff = Diff {
            changes: vec![change(
                ChangeOp::Moved,
                None,
                "views/a.view.lkml",
                "views/b.view.lkml",
            )],
            not_compared: Vec::new(),
        };
        let md = markdown(&diff);
        assert!(
            md.contains("No changes; 1 moved (no behaviour change)."),
            "{md}"
        );
        assert!(
            md.contains("<details><summary>Moved to another file"),
            "{md}"
        );
    }

    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for d in chars.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
