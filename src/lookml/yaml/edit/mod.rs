//! Byte-exact edits of scalars, each checked by reading the edited document again.

use super::reader::{ScalarInfo, break_len, is_printable, parse_with_info};
use super::resolve::{Resolved, resolve_as, resolve_scalar};
use super::*;

#[cfg(test)]
mod tests;

/// Applies non-overlapping `(range, replacement)` edits, given in any order, to
/// `src`. Bytes outside the ranges are copied unchanged.
pub fn apply_edits(src: &str, edits: &[(Range<usize>, String)]) -> Result<String, EditError> {
    let mut order: Vec<&(Range<usize>, String)> = edits.iter().collect();
    order.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(src.len());
    let mut at = 0usize;
    let mut prev: Option<&Range<usize>> = None;
    for (range, text) in order {
        if range.start > range.end || range.end > src.len() {
            return Err(EditError {
                span: range.clone(),
                message: "the range lies outside the source".into(),
            });
        }
        if !src.is_char_boundary(range.start) || !src.is_char_boundary(range.end) {
            return Err(EditError {
                span: range.clone(),
                message: "the range splits a character".into(),
            });
        }
        if let Some(p) = prev
            && (range.start < p.end || range.start == p.start)
        {
            return Err(EditError {
                span: range.clone(),
                message: format!("the edit overlaps another edit at {}..{}", p.start, p.end),
            });
        }
        out.push_str(src.get(at..range.start).unwrap_or(""));
        out.push_str(text);
        at = range.end;
        prev = Some(range);
    }
    out.push_str(src.get(at..).unwrap_or(""));
    Ok(out)
}

fn style_name(style: ScalarStyle) -> &'static str {
    match style {
        ScalarStyle::Plain => "plain",
        ScalarStyle::SingleQuoted => "single-quoted",
        ScalarStyle::DoubleQuoted => "double-quoted",
        ScalarStyle::Literal => "literal block",
        ScalarStyle::Folded => "folded block",
    }
}

pub(super) fn is_line_break_char(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Returns the text to put at `scalar.span` so that the scalar reads `new_value`,
/// written in the scalar's style (quotes, block header and comment, indentation).
/// Only the bytes of the span change; apply the result with [`apply_edits`].
///
/// Fails, saying why, when that style cannot carry the value faithfully here: a
/// plain scalar that would need quotes (or would stop reading as a string), a
/// single-quoted scalar with spaces next to a line break, a control character
/// outside double quotes, a key over several lines, and so on. Every result is
/// checked by parsing the edited document, which must read exactly as before
/// except for this scalar. To edit many scalars of one file, [`rewrite_scalars`]
/// does the same with one check for the whole batch.
///
/// The text is written afresh: plain and double-quoted scalars on one line (a
/// double-quoted one escaping what it must), single-quoted ones over several
/// lines only where the value has line breaks. A block scalar keeps its
/// indicator, header comment and content indentation, and the blank lines that
/// followed its content; its chomping indicator changes when the new value ends
/// differently, and an indentation indicator is added when the value starts with
/// white space. [`replace_in_scalar`] keeps more of the old text.
pub fn rewrite_scalar(src: &str, scalar: &Scalar, new_value: &str) -> Result<String, EditError> {
    let mut edits = rewrite_scalars(src, &[(scalar, new_value)])?;
    match edits.pop() {
        Some((_, text)) => Ok(text),
        None => Err(EditError {
            span: scalar.span.clone(),
            message: "no edit was produced".into(),
        }),
    }
}

/// [`rewrite_scalar`] for several scalars of the same source at once: returns
/// one `(span, text)` edit per change, in the order given, ready for
/// [`apply_edits`]. The source is parsed once and the edited document once.
pub fn rewrite_scalars(
    src: &str,
    changes: &[(&Scalar, &str)],
) -> Result<Vec<(Range<usize>, String)>, EditError> {
    let editor = Editor::new(src, changes.first().map(|(s, _)| s.span.clone()))?;
    let mut planned = Vec::with_capacity(changes.len());
    for (scalar, value) in changes {
        let text = editor.emit(scalar, value)?;
        planned.push(Planned {
            target: (*scalar).clone(),
            text,
            value: (*value).to_string(),
        });
    }
    editor.verify(&planned)?;
    Ok(planned
        .into_iter()
        .map(|p| (p.target.span, p.text))
        .collect())
}

/// Like [`rewrite_scalar`] with the value `scalar.value.replace(from, to)`, but
/// first tries replacing `from` inside the token's source text, which keeps the
/// token's own line breaks, escapes and indentation when that reads back right
/// (a URL inside a long multi-line `body_text`, say).
pub fn replace_in_scalar(
    src: &str,
    scalar: &Scalar,
    from: &str,
    to: &str,
) -> Result<String, EditError> {
    let mut edits = replace_in_scalars(src, &[scalar], from, to)?;
    match edits.pop() {
        Some((_, text)) => Ok(text),
        None => Err(EditError {
            span: scalar.span.clone(),
            message: "no edit was produced".into(),
        }),
    }
}

/// [`replace_in_scalar`] for several scalars of the same source at once; returns
/// one `(span, text)` edit per scalar, in the order given.
pub fn replace_in_scalars(
    src: &str,
    scalars: &[&Scalar],
    from: &str,
    to: &str,
) -> Result<Vec<(Range<usize>, String)>, EditError> {
    let editor = Editor::new(src, scalars.first().map(|s| s.span.clone()))?;
    let mut plan = Vec::with_capacity(scalars.len());
    for scalar in scalars {
        let fail = |message: &str| EditError {
            span: scalar.span.clone(),
            message: message.to_string(),
        };
        if from.is_empty() {
            return Err(fail("the text to replace is empty"));
        }
        let raw = src
            .get(scalar.span.clone())
            .ok_or_else(|| fail("the scalar's span lies outside the source"))?;
        plan.push(Planned {
            target: (*scalar).clone(),
            text: raw.replace(from, to),
            value: scalar.value.replace(from, to),
        });
    }
    if editor.verify(&plan).is_err() {
        // Some tokens cannot take the replacement as text: write those anew.
        for one in &mut plan {
            if editor.verify(std::slice::from_ref(one)).is_err() {
                one.text = editor.emit(&one.target, &one.value)?;
            }
        }
        editor.verify(&plan)?;
    }
    Ok(plan.into_iter().map(|p| (p.target.span, p.text)).collect())
}

/// A scalar edit waiting to be checked.
struct Planned {
    target: Scalar,
    text: String,
    value: String,
}

/// A parsed source that edits are written for and checked against.
struct Editor<'a> {
    src: &'a str,
    root: Node,
    infos: Vec<ScalarInfo>,
}

impl<'a> Editor<'a> {
    fn new(src: &'a str, span: Option<Range<usize>>) -> Result<Editor<'a>, EditError> {
        let (root, infos) = parse_with_info(src).map_err(|e| EditError {
            span: span.unwrap_or(0..0),
            message: format!("the source does not parse: {e}"),
        })?;
        Ok(Editor { src, root, infos })
    }

    /// The replacement text for one scalar, not yet checked.
    fn emit(&self, scalar: &Scalar, new_value: &str) -> Result<String, EditError> {
        let fail = |message: String| EditError {
            span: scalar.span.clone(),
            message,
        };
        let src = self.src;
        let info = self
            .infos
            .binary_search_by_key(&scalar.span.start, |i| i.start)
            .ok()
            .and_then(|i| self.infos.get(i))
            .copied()
            .ok_or_else(|| fail("no scalar of this source starts at this offset".into()))?;
        if info.key
            && scalar.style != ScalarStyle::DoubleQuoted
            && new_value.chars().any(is_line_break_char)
        {
            return Err(fail(
                "a mapping key must fit on one line; only a double-quoted key can hold a line break"
                    .into(),
            ));
        }
        if scalar.style == ScalarStyle::Plain {
            let old = resolve_scalar(scalar);
            let new = resolve_as(new_value, scalar.style, scalar.props.as_deref());
            if old == Resolved::Str && new != Resolved::Str {
                return Err(fail(format!(
                    "the plain value '{new_value}' would read as {}, not a string; use a quoted style",
                    new.kind()
                )));
            }
        }
        let line_start = src.get(..scalar.span.start).is_some_and(|before| {
            before.is_empty() || before == "\u{feff}" || before.ends_with(is_line_break_char)
        });
        match scalar.style {
            ScalarStyle::Plain => emit_plain(new_value, info.flow, line_start),
            ScalarStyle::SingleQuoted => emit_single(new_value, info),
            ScalarStyle::DoubleQuoted => Ok(emit_double(new_value)),
            ScalarStyle::Literal | ScalarStyle::Folded => emit_block(src, scalar, info, new_value),
        }
        .map_err(fail)
    }

    /// Checks that the edits make a document that reads like the source except
    /// that each target now reads its new value, in the same style.
    fn verify(&self, planned: &[Planned]) -> Result<(), EditError> {
        let Some(first) = planned.first() else {
            return Ok(());
        };
        let edits: Vec<(Range<usize>, String)> = planned
            .iter()
            .map(|p| (p.target.span.clone(), p.text.clone()))
            .collect();
        let edited = apply_edits(self.src, &edits)?;
        let mut check = Check {
            planned,
            by_start: planned
                .iter()
                .enumerate()
                .map(|(i, p)| (p.target.span.start, i))
                .collect(),
            found: 0,
            failed: None,
        };
        let outcome = match parse(&edited) {
            Ok(new_root) => match check.nodes(&self.root, &new_root) {
                Ok(()) if check.found == planned.len() => return Ok(()),
                Ok(()) => "the scalar is not part of this source".to_string(),
                Err(message) => message,
            },
            Err(e) => format!("the edited document would not parse: {}", e.message),
        };
        if planned.len() > 1 {
            // Report the edit that fails on its own.
            for one in planned {
                self.verify(std::slice::from_ref(one))?;
            }
        }
        let culprit = check.failed.and_then(|i| planned.get(i)).unwrap_or(first);
        Err(EditError {
            span: culprit.target.span.clone(),
            message: outcome,
        })
    }
}

/// Walks the old and the edited tree side by side.
struct Check<'p> {
    planned: &'p [Planned],
    by_start: std::collections::HashMap<usize, usize>,
    found: usize,
    failed: Option<usize>,
}

impl Check<'_> {
    fn scalars(&mut self, a: &Scalar, b: &Scalar) -> Result<(), String> {
        let hit = self
            .by_start
            .get(&a.span.start)
            .copied()
            .and_then(|i| self.planned.get(i).map(|p| (i, p)));
        let Some((index, plan)) = hit else {
            if a.value != b.value || a.style != b.style {
                return Err("the new value would change how the rest of the document reads".into());
            }
            return Ok(());
        };
        self.failed = Some(index);
        if a.span != plan.target.span
            || a.value != plan.target.value
            || a.style != plan.target.style
        {
            return Err("the scalar does not match the source at its span".into());
        }
        self.found += 1;
        if b.style != a.style {
            return Err(format!(
                "the new value would read back as a {} scalar, not {}",
                style_name(b.style),
                style_name(a.style)
            ));
        }
        if b.value != plan.value {
            return Err(format!(
                "in {} style the new value would read back as {:?}",
                style_name(a.style),
                b.value
            ));
        }
        if a.style == ScalarStyle::Plain {
            let new = resolve_scalar(b);
            if resolve_scalar(a) == Resolved::Str && new != Resolved::Str {
                return Err(format!(
                    "the plain value '{}' would read as {}, not a string; use a quoted style",
                    b.value,
                    new.kind()
                ));
            }
        }
        self.failed = None;
        Ok(())
    }

    fn nodes(&mut self, a: &Node, b: &Node) -> Result<(), String> {
        const CHANGED: &str = "the new value would change the structure of the document";
        if !same_props(a.props(), b.props()) {
            return Err(CHANGED.into());
        }
        match (a, b) {
            (Node::Null { .. }, Node::Null { .. }) => Ok(()),
            (Node::Alias(x), Node::Alias(y)) if x.name == y.name => Ok(()),
            (Node::Scalar(x), Node::Scalar(y)) => self.scalars(x, y),
            (Node::Sequence(x), Node::Sequence(y)) => {
                if x.flow != y.flow || x.items.len() != y.items.len() {
                    return Err(CHANGED.into());
                }
                for (i, j) in x.items.iter().zip(&y.items) {
                    self.nodes(i, j)?;
                }
                Ok(())
            }
            (Node::Mapping(x), Node::Mapping(y)) => {
                if x.flow != y.flow || x.entries.len() != y.entries.len() {
                    return Err(CHANGED.into());
                }
                for ((k1, v1), (k2, v2)) in x.entries.iter().zip(&y.entries) {
                    self.nodes(k1, k2)?;
                    self.nodes(v1, v2)?;
                }
                Ok(())
            }
            _ => Err(CHANGED.into()),
        }
    }
}

/// Whether two nodes carry the same tag and anchor (their spans may differ).
fn same_props(a: Option<&Props>, b: Option<&Props>) -> bool {
    let names = |p: Option<&Props>| {
        p.map(|p| {
            (
                p.tag.as_ref().map(|t| t.name.clone()),
                p.anchor.as_ref().map(|a| a.name.clone()),
            )
        })
    };
    names(a) == names(b)
}

fn emit_plain(v: &str, flow: bool, line_start: bool) -> Result<String, String> {
    let Some(first) = v.chars().next() else {
        return Err("a plain scalar cannot be empty; use a quoted style".into());
    };
    if let Some(c) = v.chars().find(|&c| !is_printable(c) || c == '\u{feff}') {
        return Err(format!(
            "a plain scalar cannot hold U+{:04X}; use double quotes",
            c as u32
        ));
    }
    if v.chars().any(is_line_break_char) {
        return Err("a plain scalar cannot hold a line break".into());
    }
    if v.starts_with([' ', '\t']) || v.ends_with([' ', '\t']) {
        return Err("a plain scalar cannot start or end with white space".into());
    }
    let second = v.chars().nth(1);
    let blank_next = second.is_none_or(|c| c == ' ' || c == '\t');
    let bad_start = match first {
        '-' => blank_next,
        '?' | ':' => blank_next || flow,
        ',' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%'
        | '@' | '`' => true,
        _ => false,
    };
    if bad_start {
        return Err(format!("a plain scalar cannot start with '{first}'"));
    }
    if v.contains(": ") || v.contains(":\t") || v.ends_with(':') {
        return Err("a plain scalar cannot contain ': ' or end with ':'".into());
    }
    if v.contains(" #") || v.contains("\t#") {
        return Err("a plain scalar cannot contain ' #', which starts a comment".into());
    }
    if line_start
        && (v.starts_with("---") || v.starts_with("..."))
        && v.chars().nth(3).is_none_or(|c| c == ' ' || c == '\t')
    {
        return Err("at the start of a line a plain scalar cannot be '---' or '...'".into());
    }
    if flow && v.chars().any(|c| matches!(c, ',' | '[' | ']' | '{' | '}')) {
        return Err(
            "inside a flow collection a plain scalar cannot contain ',', '[', ']', '{' or '}'"
                .into(),
        );
    }
    Ok(v.to_string())
}

fn emit_double(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\t' => out.push('\t'),
            c if !is_printable(c) || c == '\u{feff}' => {
                let n = c as u32;
                if n <= 0xFF {
                    out.push_str(&format!("\\x{n:02X}"));
                } else if n <= 0xFFFF {
                    out.push_str(&format!("\\u{n:04X}"));
                } else {
                    out.push_str(&format!("\\U{n:08X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn emit_single(v: &str, info: ScalarInfo) -> Result<String, String> {
    if let Some(c) = v
        .chars()
        .find(|&c| !is_printable(c) || c == '\u{feff}' || (is_line_break_char(c) && c != '\n'))
    {
        return Err(format!(
            "a single-quoted scalar cannot hold U+{:04X}; use double quotes",
            c as u32
        ));
    }
    let pieces: Vec<&str> = v.split('\n').collect();
    let last = pieces.len().saturating_sub(1);
    for (i, piece) in pieces.iter().enumerate() {
        if (i > 0 && piece.starts_with([' ', '\t'])) || (i < last && piece.ends_with([' ', '\t'])) {
            return Err("a single-quoted scalar cannot keep spaces or tabs next to a line break; use double quotes".into());
        }
    }
    let indent = " ".repeat(usize::try_from(info.parent.max(0)).unwrap_or(0) + 2);
    let mut out = String::from("'");
    let mut rest = v;
    loop {
        match rest.find('\n') {
            None => {
                out.push_str(&rest.replace('\'', "''"));
                break;
            }
            Some(i) => {
                out.push_str(&rest.get(..i).unwrap_or("").replace('\'', "''"));
                let after = rest.get(i..).unwrap_or("");
                let run = after.len() - after.trim_start_matches('\n').len();
                out.push_str(&"\n".repeat(run + 1));
                out.push_str(&indent);
                rest = after.get(run..).unwrap_or("");
            }
        }
    }
    out.push('\'');
    Ok(out)
}

fn emit_block(src: &str, scalar: &Scalar, info: ScalarInfo, v: &str) -> Result<String, String> {
    let b = src.as_bytes();
    let start = scalar.span.start;
    let end = scalar.span.end.min(b.len());
    let indicator = match b.get(start) {
        Some(&c @ (b'|' | b'>')) => c as char,
        _ => return Err("the span does not start with a block scalar header".into()),
    };
    let literal = indicator == '|';
    // Header: indicator, up to two indicator characters, then the rest of the line.
    let mut p = start + 1;
    let mut orig_chomp = None;
    let mut orig_inc = None;
    let mut order_inc_first = false;
    while p < start + 3 {
        match b.get(p) {
            Some(&c @ (b'+' | b'-')) if orig_chomp.is_none() => orig_chomp = Some(c as char),
            Some(&c @ b'1'..=b'9') if orig_inc.is_none() => {
                orig_inc = Some(c - b'0');
                order_inc_first = orig_chomp.is_none();
            }
            _ => break,
        }
        p += 1;
    }
    let mut header_end = p;
    while header_end < end && break_len(b, header_end) == 0 {
        header_end += 1;
    }
    let header_rest = src.get(p..header_end).unwrap_or("");

    if let Some(c) = v
        .chars()
        .find(|&c| !is_printable(c) || c == '\u{feff}' || (is_line_break_char(c) && c != '\n'))
    {
        return Err(format!(
            "a {} scalar cannot hold U+{:04X}; use double quotes",
            style_name(scalar.style),
            c as u32
        ));
    }
    let body = v.trim_end_matches('\n');
    let trailing = v.len() - body.len();
    let pieces: Vec<&str> = if body.is_empty() {
        Vec::new()
    } else {
        body.split('\n').collect()
    };
    let ci = info.indent.max(1);

    let needs_indicator = pieces
        .iter()
        .find(|piece| !piece.is_empty())
        .is_some_and(|piece| piece.starts_with([' ', '\t']));
    let inc = match orig_inc {
        Some(d) => Some(d),
        None if needs_indicator => {
            let base = if info.parent >= 0 { info.parent } else { 0 };
            let d = isize::try_from(ci)
                .unwrap_or(isize::MAX)
                .saturating_sub(base);
            match u8::try_from(d) {
                Ok(d @ 1..=9) => Some(d),
                _ => return Err("the value starts with white space, which needs an indentation indicator this block cannot have".into()),
            }
        }
        None => None,
    };
    let chomp = if trailing == 0 {
        if body.is_empty() && orig_chomp != Some('+') {
            orig_chomp
        } else {
            Some('-')
        }
    } else if trailing == 1 && !body.is_empty() && orig_chomp != Some('+') {
        None
    } else {
        Some('+')
    };

    let mut out = String::new();
    out.push(indicator);
    let inc_text = inc.map(|d| char::from(b'0' + d));
    if order_inc_first || orig_chomp.is_none() {
        out.extend(inc_text);
        out.extend(chomp);
    } else {
        out.extend(chomp);
        out.extend(inc_text);
    }
    out.push_str(header_rest);

    let pad = " ".repeat(ci);
    let mut lines: Vec<String> = Vec::new();
    if literal {
        for piece in &pieces {
            lines.push(if piece.is_empty() {
                String::new()
            } else {
                format!("{pad}{piece}")
            });
        }
    } else {
        let normal = |s: &str| !s.starts_with([' ', '\t']);
        let mut prev: Option<(usize, &str)> = None;
        for (i, piece) in pieces.iter().enumerate() {
            if piece.is_empty() {
                continue;
            }
            let empties = match prev {
                None => i,
                Some((j, before)) => {
                    let gap = i - j;
                    if normal(before) && normal(piece) {
                        gap
                    } else {
                        gap - 1
                    }
                }
            };
            lines.extend(std::iter::repeat_n(String::new(), empties));
            lines.push(format!("{pad}{piece}"));
            prev = Some((i, piece));
        }
    }
    for line in &lines {
        out.push('\n');
        out.push_str(line);
    }
    let keep = chomp == Some('+');
    if keep {
        let extra = if body.is_empty() {
            trailing
        } else {
            trailing.saturating_sub(1)
        };
        out.push_str(&"\n".repeat(extra));
    } else if orig_chomp != Some('+') {
        // Keep the blank lines that followed the old content.
        let mut tail_start = header_end;
        let mut q = header_end;
        while q < end {
            let line_start = q + break_len(b, q).max(1);
            let mut line_end = line_start;
            while line_end < end && break_len(b, line_end) == 0 {
                line_end += 1;
            }
            let line = src.get(line_start..line_end).unwrap_or("");
            let spaces = line.len() - line.trim_start_matches(' ').len();
            if !(spaces == line.len() && spaces <= ci) {
                tail_start = line_end;
            }
            q = line_end;
        }
        out.push_str(src.get(tail_start..end).unwrap_or(""));
    }
    let final_break = break_len(b, end) > 0;
    if !final_break && (trailing > 0 || keep) {
        out.push('\n');
    }
    Ok(out)
}
