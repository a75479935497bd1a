//! Scanning scalars: plain, quoted and block.

use super::*;

impl Parser<'_> {
    // --- scalars -----------------------------------------------------------

    /// Whether a plain scalar may start at `p`.
    pub(super) fn plain_start(&self, p: usize, flow: bool) -> bool {
        if self.is_blankz(p) {
            return false;
        }
        match self.byte(p) {
            b'-' => !self.is_blankz(p + 1),
            b'?' | b':' => !flow && !self.is_blankz(p + 1),
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
            | b'"' | b'%' | b'@' | b'`' => false,
            _ => true,
        }
    }

    /// Scans a plain scalar at `start`. Returns the value, the end of its last
    /// character, and where scanning stopped. Continuation lines must reach
    /// `min_col` (block context only); `single_line` stops at the first break.
    pub(super) fn scan_plain(
        &self,
        start: usize,
        min_col: isize,
        flow: bool,
        single_line: bool,
    ) -> PResult<(Text, usize, usize)> {
        // Most plain scalars are one line and their value is their text: `s` stays
        // `None` (no copy, no allocation) until a line is folded.
        let mut s: Option<String> = None;
        let mut leading_break: &str = "";
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        let mut leading_blanks = false;
        let mut p = start;
        let mut end = start;
        'outer: loop {
            if self.at_doc_marker(p) || self.byte(p) == b'#' {
                break;
            }
            while !self.is_blankz(p) {
                let c = self.byte(p);
                if flow
                    && c == b':'
                    && matches!(self.byte(p + 1), b',' | b'?' | b'[' | b']' | b'{' | b'}')
                {
                    return Err(self.err(p, "a ':' inside a flow collection must be followed by a space; quote the value"));
                }
                if (c == b':' && self.is_blankz(p + 1)) || (flow && is_flow_indicator(c)) {
                    break;
                }
                if leading_blanks {
                    let s = s.get_or_insert_with(|| self.slice(start, end).to_string());
                    if leading_break == "\n" {
                        if trailing_breaks.is_empty() {
                            s.push(' ');
                        } else {
                            s.push_str(&trailing_breaks);
                            trailing_breaks.clear();
                        }
                    } else {
                        s.push_str(leading_break);
                        s.push_str(&trailing_breaks);
                        trailing_breaks.clear();
                    }
                    leading_break = "";
                    leading_blanks = false;
                } else if let Some(s) = &mut s {
                    s.push_str(&whitespaces);
                    whitespaces.clear();
                }
                let l = self.char_len(p);
                if let Some(s) = &mut s {
                    s.push_str(self.slice(p, p + l));
                }
                p += l;
                end = p;
            }
            if !(self.is_blank(p) || self.brk(p) > 0) {
                break;
            }
            // Column of `p` once a line break has been taken in this run; the
            // columns of a line that has content are never below `min_col`.
            let mut col: Option<isize> = None;
            while self.is_blank(p) || self.brk(p) > 0 {
                if self.is_blank(p) {
                    if leading_blanks
                        && self.byte(p) == b'\t'
                        && col.unwrap_or_else(|| self.col(p)) < min_col
                    {
                        return Err(
                            self.err(p, "tab character used for indentation; indent with spaces")
                        );
                    }
                    // Until a fold, blanks are kept as text, not copied.
                    if !leading_blanks && s.is_some() {
                        whitespaces.push(self.byte(p) as char);
                    }
                    p += 1;
                    col = col.map(|c| c + 1);
                } else {
                    if single_line {
                        break 'outer;
                    }
                    let text = self.break_text(p);
                    if leading_blanks {
                        trailing_breaks.push_str(text);
                    } else {
                        whitespaces.clear();
                        leading_break = text;
                        leading_blanks = true;
                    }
                    p += self.brk(p);
                    col = Some(0);
                }
            }
            if !flow && col.is_some_and(|c| c < min_col) {
                break;
            }
        }
        if end == start {
            return Err(self.err(start, "expected a value"));
        }
        let value = match s {
            Some(folded) => Text::from(folded),
            None => Text::from(self.slice(start, end)),
        };
        Ok((value, end, p))
    }

    /// Scans a quoted scalar whose opening quote is at `start`. Returns the value
    /// and the position after the closing quote.
    pub(super) fn scan_quoted(&self, start: usize, single: bool) -> PResult<(String, usize)> {
        let quote = if single { b'\'' } else { b'"' };
        let mut s = String::new();
        let mut leading_break: &str = "";
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        let mut p = start + 1;
        loop {
            if self.at_doc_marker(p) {
                return Err(self.err(p, "a document marker cannot appear inside a quoted scalar"));
            }
            if self.at_end(p) {
                let what = if single { "single" } else { "double" };
                return Err(self.err(start, format!("unterminated {what}-quoted scalar")));
            }
            let mut leading_blanks = false;
            while !self.is_blankz(p) {
                let c = self.byte(p);
                if single && c == b'\'' && self.byte(p + 1) == b'\'' {
                    s.push('\'');
                    p += 2;
                } else if c == quote {
                    break;
                } else if !single && c == b'\\' && self.brk(p + 1) > 0 {
                    p += 1 + self.brk(p + 1);
                    leading_blanks = true;
                    break;
                } else if !single && c == b'\\' {
                    p = self.scan_escape(p, &mut s)?;
                } else {
                    let l = self.char_len(p);
                    s.push_str(self.slice(p, p + l));
                    p += l;
                }
            }
            if self.byte(p) == quote {
                break;
            }
            while self.is_blank(p) || self.brk(p) > 0 {
                if self.is_blank(p) {
                    if !leading_blanks {
                        whitespaces.push(self.byte(p) as char);
                    }
                    p += 1;
                } else {
                    let text = self.break_text(p);
                    if leading_blanks {
                        trailing_breaks.push_str(text);
                    } else {
                        whitespaces.clear();
                        leading_break = text;
                        leading_blanks = true;
                    }
                    p += self.brk(p);
                }
            }
            if leading_blanks {
                if leading_break == "\n" {
                    if trailing_breaks.is_empty() {
                        s.push(' ');
                    } else {
                        s.push_str(&trailing_breaks);
                        trailing_breaks.clear();
                    }
                } else {
                    s.push_str(leading_break);
                    s.push_str(&trailing_breaks);
                    trailing_breaks.clear();
                }
                leading_break = "";
            } else {
                s.push_str(&whitespaces);
                whitespaces.clear();
            }
        }
        Ok((s, p + 1))
    }

    /// Decodes the escape sequence whose backslash is at `p`; returns the position after it.
    fn scan_escape(&self, p: usize, s: &mut String) -> PResult<usize> {
        let simple = match self.byte(p + 1) {
            b'0' => Some('\0'),
            b'a' => Some('\u{7}'),
            b'b' => Some('\u{8}'),
            b't' | b'\t' => Some('\t'),
            b'n' => Some('\n'),
            b'v' => Some('\u{b}'),
            b'f' => Some('\u{c}'),
            b'r' => Some('\r'),
            b'e' => Some('\u{1b}'),
            b' ' => Some(' '),
            b'"' => Some('"'),
            b'/' => Some('/'),
            b'\\' => Some('\\'),
            b'N' => Some('\u{85}'),
            b'_' => Some('\u{a0}'),
            b'L' => Some('\u{2028}'),
            b'P' => Some('\u{2029}'),
            _ => None,
        };
        if let Some(c) = simple {
            s.push(c);
            return Ok(p + 2);
        }
        let digits = match self.byte(p + 1) {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            _ => {
                let shown = self.slice(p, p + 1 + self.char_len(p + 1));
                return Err(self.err(
                    p,
                    format!("unknown escape sequence '{shown}' in a double-quoted scalar"),
                ));
            }
        };
        let mut value: u32 = 0;
        for k in 0..digits {
            let d = match (self.byte(p + 2 + k) as char).to_digit(16) {
                Some(d) => d,
                None => {
                    return Err(self.err(
                        p + 2 + k,
                        format!(
                            "expected {digits} hexadecimal digits after '\\{}'",
                            self.byte(p + 1) as char
                        ),
                    ));
                }
            };
            value = (value << 4) | d;
        }
        match char::from_u32(value) {
            Some(c) => s.push(c),
            None => {
                return Err(self.err(
                    p,
                    format!(
                        "escape '\\{}' is not a valid unicode character",
                        self.slice(p + 1, p + 2 + digits)
                    ),
                ));
            }
        }
        Ok(p + 2 + digits)
    }

    /// Scans a `|` or `>` block scalar at `start`. Returns the value, the span end
    /// (before the last line break taken), the style and the content indentation.
    pub(super) fn scan_block_scalar(
        &self,
        start: usize,
        parent: isize,
    ) -> PResult<(String, usize, ScalarStyle, usize)> {
        let literal = self.byte(start) == b'|';
        let mut p = start + 1;
        let mut chomp = 0i8;
        let mut increment: isize = 0;
        for _ in 0..2 {
            match self.byte(p) {
                b'+' | b'-' if chomp == 0 => {
                    chomp = if self.byte(p) == b'+' { 1 } else { -1 };
                    p += 1;
                }
                b'0' if increment == 0 => {
                    return Err(self.err(p, "a block scalar indentation indicator cannot be 0"));
                }
                d @ b'1'..=b'9' if increment == 0 => {
                    increment = isize::from(d - b'0');
                    p += 1;
                }
                _ => break,
            }
        }
        p = self.skip_blanks(p);
        if self.byte(p) == b'#' {
            p = self.skip_to_breakz(p);
        }
        if !self.is_breakz(p) {
            return Err(self.err(
                p,
                "expected a comment or a line break after a block scalar header",
            ));
        }
        let mut end = p;
        p += self.brk(p);
        let mut indent: isize = if increment > 0 {
            if parent >= 0 {
                parent + increment
            } else {
                increment
            }
        } else {
            0
        };
        let mut s = String::new();
        let mut leading_break: &str = "";
        let mut trailing_breaks = String::new();
        let mut col =
            self.block_breaks(&mut p, &mut indent, &mut trailing_breaks, &mut end, parent)?;
        let mut leading_blank = false;
        while col == indent && !self.at_end(p) {
            let trailing_blank = self.is_blank(p);
            if !literal && leading_break == "\n" && !leading_blank && !trailing_blank {
                if trailing_breaks.is_empty() {
                    s.push(' ');
                }
            } else {
                s.push_str(leading_break);
            }
            leading_break = "";
            s.push_str(&trailing_breaks);
            trailing_breaks.clear();
            leading_blank = self.is_blank(p);
            let line_end = self.skip_to_breakz(p);
            s.push_str(self.slice(p, line_end));
            p = line_end;
            end = p;
            if self.at_end(p) {
                break;
            }
            leading_break = self.break_text(p);
            p += self.brk(p);
            col = self.block_breaks(&mut p, &mut indent, &mut trailing_breaks, &mut end, parent)?;
        }
        if chomp != -1 {
            s.push_str(leading_break);
        }
        if chomp == 1 {
            s.push_str(&trailing_breaks);
        }
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        Ok((s, end, style, usize::try_from(indent).unwrap_or(0)))
    }

    /// From a line start inside a block scalar: takes empty lines (fixing the
    /// indentation if it is still unknown) and returns the column reached.
    fn block_breaks(
        &self,
        p: &mut usize,
        indent: &mut isize,
        breaks: &mut String,
        end: &mut usize,
        parent: isize,
    ) -> PResult<isize> {
        let mut max_indent: isize = 0;
        let mut col: isize;
        loop {
            col = 0;
            while (*indent == 0 || col < *indent) && self.byte(*p) == b' ' {
                *p += 1;
                col += 1;
            }
            max_indent = max_indent.max(col);
            if (*indent == 0 || col < *indent) && self.byte(*p) == b'\t' {
                return Err(self.err(
                    *p,
                    "tab character used as block scalar indentation; indent with spaces",
                ));
            }
            let l = self.brk(*p);
            if l == 0 {
                break;
            }
            breaks.push_str(self.break_text(*p));
            *end = *p;
            *p += l;
        }
        if *indent == 0 {
            *indent = max_indent.max(parent + 1).max(1);
        }
        Ok(col)
    }
}
