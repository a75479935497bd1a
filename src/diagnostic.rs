//! Errors that point into a file.
//!
//! Every input error storyboard reports about a file (a LookML syntax error, a bad
//! configuration key, a render that cannot be undone) is a [`Diagnostic`]: the file,
//! the 1-based line and column, a one-line message, the offending line with a caret
//! under the column, and what to do next. One type for all of them keeps the
//! command line's error output uniform, like a compiler's.

use std::fmt;
use std::path::{Path, PathBuf};

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    /// The position of byte `offset` in `text`. An offset past the end, or inside a
    /// multi-byte character, is clamped to the nearest character boundary before it.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let column = before[line_start..].chars().count() + 1;
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

/// An error located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub position: Option<Position>,
    pub message: String,
    /// The source line the position is on, without its line ending.
    pub source_line: Option<String>,
    /// What the user can do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic about a whole file (no position).
    pub fn in_file(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            position: None,
            message: message.into(),
            source_line: None,
            help: None,
        }
    }

    /// A diagnostic at byte `offset` of `text`, the contents of `file`.
    pub fn at_offset(
        file: impl Into<PathBuf>,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let position = Position::of_offset(text, offset);
        let source_line = text
            .lines()
            .nth(position.line as usize - 1)
            .map(|l| l.trim_end_matches('\r').to_string());
        Diagnostic {
            file: file.into(),
            position: Some(position),
            message: message.into(),
            source_line,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col` (or just the file when there is no position).
    pub fn location(&self) -> String {
        location(&self.file, self.position)
    }
}

/// `file:line:col`, the form editors and terminals recognise as a link.
pub fn location(file: &Path, position: Option<Position>) -> String {
    match position {
        Some(p) => format!("{}:{}:{}", file.display(), p.line, p.column),
        None => file.display().to_string(),
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let (Some(line), Some(pos)) = (&self.source_line, self.position) {
            let number = pos.line.to_string();
            let gutter = " ".repeat(number.len());
            // Tabs keep their width so the caret lines up under the column.
            let pad: String = line
                .chars()
                .take(pos.column as usize - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{gutter} |\n{number} | {line}\n{gutter} | {pad}^")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Writes each diagnostic as `error: …`, one after another: how every error that
/// gathers several places (a configuration, a render) prints them.
pub fn write_all(f: &mut fmt::Formatter<'_>, diagnostics: &[Diagnostic]) -> fmt::Result {
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            writeln!(f)?;
        }
        write!(f, "error: {d}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\ncé\r\nx";
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
        assert_eq!(
            Position::of_offset(text, 3),
            Position { line: 2, column: 1 }
        );
        // 'é' is two bytes; the byte after it is column 3.
        assert_eq!(
            Position::of_offset(text, 6),
            Position { line: 2, column: 3 }
        );
        // Inside a multi-byte character: clamped back to its start.
        assert_eq!(
            Position::of_offset(text, 5),
            Position { line: 2, column: 2 }
        );
        assert_eq!(
            Position::of_offset(text, 99),
            Position { line: 3, column: 2 }
        );
    }

    #[test]
    fn display_shows_the_line_and_a_caret() {
        let d = Diagnostic::at_offset("a.lkml", "view: x {\n  sql: ;\n}", 17, "stray `;`")
            .with_help("end the expression with `;;`");
        assert_eq!(
            d.to_string(),
            "a.lkml:2:8: stray `;`\n  |\n2 |   sql: ;\n  |        ^\n  = help: end the expression with `;;`"
        );
    }
}
