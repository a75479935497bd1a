//! What the YAML tests share: readers that panic with the source, span checks,
//! the round-trip check of an edit, and a generator of documents.

use super::edit::is_line_break_char;
use super::*;
use proptest::prelude::*;

pub(crate) fn p(src: &str) -> Node {
    parse(src).unwrap_or_else(|e| panic!("{e}\n--- source ---\n{src}"))
}

pub(crate) fn j(src: &str) -> serde_json::Value {
    to_json(&p(src))
}

pub(crate) fn serde_json_of(src: &str) -> Result<serde_json::Value, String> {
    let v: serde_yaml::Value = serde_yaml::from_str(src).map_err(|e| e.to_string())?;
    serde_json::to_value(v).map_err(|e| e.to_string())
}

/// Our JSON equals serde_yaml's, and every scalar span is right.
pub(crate) fn agree(src: &str) {
    let theirs = serde_json_of(src).unwrap_or_else(|e| panic!("serde_yaml: {e}\n{src}"));
    let node = p(src);
    assert_eq!(core_json(&node), theirs, "source:\n{src}");
    check_spans(src, &node);
}

pub(crate) fn err(src: &str) -> YamlError {
    match parse(src) {
        Ok(n) => panic!("expected an error, got {n:?}\n{src}"),
        Err(e) => e,
    }
}

pub(crate) fn sc<'a>(node: &'a Node, path: &[PathSeg]) -> &'a Scalar {
    node.at(path)
        .and_then(Node::as_scalar)
        .unwrap_or_else(|| panic!("no scalar at {path:?}"))
}

pub(crate) fn k(s: &str) -> PathSeg {
    PathSeg::Key(s.to_string())
}

pub(crate) fn i(n: usize) -> PathSeg {
    PathSeg::Index(n)
}

/// Every scalar's span, sliced out of the source and read on its own, gives
/// back the scalar's value and style.
pub(crate) fn check_spans(src: &str, node: &Node) {
    visit_scalars(node, &mut |_, s, _| {
        let slice = src
            .get(s.span.clone())
            .unwrap_or_else(|| panic!("bad span {:?}", s.span));
        match s.style {
            ScalarStyle::Plain => {
                assert!(
                    !slice.starts_with([' ', '\t']) && !slice.ends_with([' ', '\t', '\n']),
                    "{slice:?}"
                );
            }
            ScalarStyle::SingleQuoted => {
                assert!(slice.starts_with('\'') && slice.ends_with('\'') && slice.len() >= 2)
            }
            ScalarStyle::DoubleQuoted => {
                assert!(slice.starts_with('"') && slice.ends_with('"') && slice.len() >= 2)
            }
            ScalarStyle::Literal => assert!(slice.starts_with('|')),
            ScalarStyle::Folded => assert!(slice.starts_with('>')),
        }
        if slice.starts_with('\u{feff}') || slice.starts_with("---") || slice.starts_with("...") {
            return; // a byte-order mark or document marker at the start of a document
        }
        if s.style == ScalarStyle::Plain && slice.ends_with(':') {
            return; // `a:` is a key only where a space or a line end follows it
        }
        if s.style == ScalarStyle::Plain && matches!(slice, "?" | "-") {
            return; // `?:` starts with a scalar, but a lone `?` or `-` is an indicator
        }
        let mut alone = slice.to_string();
        if matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded) {
            let header: String = slice
                .chars()
                .take_while(|c| !matches!(c, '\n' | '\r'))
                .collect();
            if header.chars().any(|c| c.is_ascii_digit()) {
                return; // an indentation indicator is relative to the parent
            }
            let rest = src.get(s.span.end..).unwrap_or("");
            // The span stops before the line break that ends the block, and a
            // block read alone needs that break (any of YAML 1.1's five) back.
            if rest.starts_with("\r\n") {
                alone.push_str("\r\n");
            } else if let Some(c) = rest.chars().next().filter(|&c| is_line_break_char(c)) {
                alone.push(c);
            }
        }
        match parse(&alone) {
            Ok(Node::Scalar(t)) => {
                assert_eq!(t.value, s.value, "span {:?} of\n{src}", s.span);
                assert_eq!(t.style, s.style);
                assert_eq!(t.span, 0..slice.len(), "span {:?} of\n{src}", s.span);
            }
            other => panic!(
                "span {:?} = {slice:?} reads alone as {other:?}\n{src}",
                s.span
            ),
        }
    });
}

/// Rewrites the scalar at `path` (the key itself when `key` is set), checks the
/// round trip and returns the edited source.
pub(crate) fn edit_at(
    src: &str,
    path: &[PathSeg],
    key: Option<&str>,
    new_value: &str,
) -> Result<String, EditError> {
    let root = p(src);
    let target = match key {
        Some(name) => root
            .at(path)
            .and_then(Node::as_mapping)
            .and_then(|m| m.entry(name))
            .map(|(k, _)| k.clone())
            .expect("key"),
        None => sc(&root, path).clone(),
    };
    let text = rewrite_scalar(src, &target, new_value)?;
    let out = apply_edits(src, &[(target.span.clone(), text.clone())]).expect("apply");
    assert_round_trip(src, &out, &target, &text, path, key, new_value);
    Ok(out)
}

pub(crate) fn assert_round_trip(
    src: &str,
    out: &str,
    target: &Scalar,
    text: &str,
    path: &[PathSeg],
    key: Option<&str>,
    new_value: &str,
) {
    let span = target.span.clone();
    assert_eq!(out.get(..span.start), src.get(..span.start));
    assert_eq!(out.get(span.start + text.len()..), src.get(span.end..));
    let again = parse(out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    let got = match key {
        Some(_) => {
            let m = again.at(path).and_then(Node::as_mapping).expect("mapping");
            m.entries
                .iter()
                .find_map(|(k, _)| k.as_scalar().filter(|k| k.span.start == span.start))
                .cloned()
                .expect("edited key")
        }
        None => sc(&again, path).clone(),
    };
    assert_eq!(got.value, new_value, "edited:\n{out}");
    assert_eq!(got.style, target.style);
    assert_eq!(got.span.start, span.start);
    // A block scalar rewritten at the end of the input may bring its own final line break.
    let own = text.get(got.span.end - span.start..).unwrap_or("x");
    assert!(
        own.is_empty()
            || (own == "\n" && matches!(got.style, ScalarStyle::Literal | ScalarStyle::Folded)),
        "{text:?} vs {:?}",
        got.span
    );
    check_spans(out, &again);
    // serde_yaml reads a tag as data of its own: compare plain documents only.
    if !has_props(&again)
        && let Ok(theirs) = serde_json_of(out)
    {
        assert_eq!(core_json(&again), theirs, "edited:\n{out}");
    }
}

// --- generated documents -----------------------------------------------

/// Small deterministic generator of valid YAML in the shapes LookML uses.
pub(crate) struct Gen {
    state: u64,
}

impl Gen {
    pub(crate) fn new(seed: u64) -> Gen {
        Gen {
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
        }
    }

    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        x
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }

    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub(crate) fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs.get(self.below(xs.len())).copied().unwrap_or("x")
    }

    pub(crate) fn spaces(&mut self, lo: usize, hi: usize) -> String {
        " ".repeat(lo + self.below(hi - lo + 1))
    }

    pub(crate) fn word(&mut self) -> String {
        let mut w = self
            .pick(&["a", "model", "x", "é", "☃", "Z", "7", "b_c", "http", "𝄞"])
            .to_string();
        for _ in 0..self.below(4) {
            w.push_str(self.pick(&[
                "a", "b", "_", "-", ".", "/", "1", "é", ":z", "#q", "(", ")", "=", "'", "\"",
            ]));
        }
        w
    }

    pub(crate) fn plain_line(&mut self) -> String {
        if self.chance(15) {
            return self
                .pick(&[
                    "true", "False", "~", "null", "123", "-7", "1.5", "-2.5e3", "0x1F", "0o17",
                    "012", ".inf", "-.inf", ".NaN", "1_000", "yes", "no", "1e400", "+12", "0b101",
                    "-0",
                ])
                .to_string();
        }
        let mut s = self.word();
        for _ in 0..self.below(3) {
            s.push_str(&self.spaces(1, 2));
            s.push_str(&self.word());
        }
        s
    }

    pub(crate) fn comment(&mut self) -> String {
        if self.chance(20) {
            format!("{}# {}", self.spaces(1, 3), self.word())
        } else {
            String::new()
        }
    }

    pub(crate) fn key(&mut self, n: usize) -> String {
        match self.below(10) {
            0 => format!("'k{n} {}'", self.word().replace('\'', "''")),
            1 => format!(
                "\"k{n}\\t{}\"",
                self.word().replace('\\', "").replace('"', "\\\"")
            ),
            2 => ["1", "2.5", "true", "0x10", "-3"]
                .get(n)
                .unwrap_or(&"9")
                .to_string(),
            3 => format!("key {n}{}", self.spaces(0, 1)),
            _ => format!(
                "{}_{n}",
                self.pick(&["model", "explore", "name", "type", "title", "é"])
            ),
        }
    }

    /// A single-quoted scalar; continuation lines indented past `ind`.
    pub(crate) fn single(&mut self, ind: usize) -> String {
        let mut s = String::from("'");
        for _ in 0..1 + self.below(4) {
            s.push_str(self.pick(&[
                "a", "b c", "''", "\"", "\\", "#", ": ", "é", "\t", ",", "[x]", "{y}", "- z", "  ",
            ]));
            if self.chance(25) {
                s.push_str(&"\n".repeat(1 + self.below(2)));
                s.push_str(&self.spaces(ind + 1, ind + 3));
            }
        }
        s.push('\'');
        s
    }

    pub(crate) fn double(&mut self, ind: usize) -> String {
        let mut s = String::from("\"");
        for _ in 0..1 + self.below(5) {
            s.push_str(self.pick(&[
                "a",
                "b c",
                "\\\"",
                "\\\\",
                "\\n",
                "\\t",
                "\\x41",
                "\\u00e9",
                "\\U0001F600",
                "é",
                "'",
                "#",
                ": ",
                "\\/",
                "\\ ",
                "\t",
                "\\0",
                "\\_",
                "[",
                "}",
            ]));
            match self.below(8) {
                0 => {
                    s.push_str(&"\n".repeat(1 + self.below(2)));
                    s.push_str(&self.spaces(ind + 1, ind + 3));
                }
                1 => {
                    s.push_str("\\\n");
                    s.push_str(&self.spaces(ind + 1, ind + 3));
                }
                _ => {}
            }
        }
        s.push('"');
        s
    }

    /// A plain scalar, perhaps over several lines indented past `ind`.
    pub(crate) fn plain(&mut self, ind: usize, flow: bool) -> String {
        let mut s = self.plain_line();
        if !flow || self.chance(50) {
            for _ in 0..self.below(3) {
                if !self.chance(30) {
                    break;
                }
                s.push_str(&"\n".repeat(1 + self.below(2)));
                s.push_str(&self.spaces(ind + 1, ind + 3));
                s.push_str(&self.plain_line());
            }
        }
        s
    }

    pub(crate) fn flow_scalar(&mut self, ind: usize) -> String {
        match self.below(4) {
            0 => self.single(ind),
            1 => self.double(ind),
            _ => self.plain(ind, true),
        }
    }

    pub(crate) fn flow_sep(&mut self, ind: usize) -> String {
        match self.below(6) {
            0 => format!("\n{}", self.spaces(ind + 1, ind + 4)),
            1 => format!(" # c\n{}", self.spaces(ind + 1, ind + 2)),
            2 => String::new(),
            _ => self.spaces(1, 2),
        }
    }

    pub(crate) fn flow(&mut self, ind: usize, depth: usize) -> String {
        let map = self.chance(40);
        let mut s = String::from(if map { "{" } else { "[" });
        s.push_str(&self.flow_sep(ind));
        let n = self.below(4);
        for idx in 0..n {
            if idx > 0 {
                s.push(',');
                s.push_str(&self.flow_sep(ind));
            }
            if map || self.chance(15) {
                let key = if self.chance(20) {
                    format!("\"fk{idx}\"")
                } else {
                    format!("fk{idx}")
                };
                s.push_str(&key);
                match self.below(5) {
                    0 if map => {}
                    1 if key.starts_with('"') => {
                        s.push(':');
                        s.push_str(&self.flow_value(ind, depth));
                    }
                    _ => {
                        s.push_str(&self.spaces(0, 1));
                        s.push(':');
                        s.push_str(&self.spaces(1, 2));
                        if self.chance(85) {
                            s.push_str(&self.flow_value(ind, depth));
                        }
                    }
                }
            } else {
                s.push_str(&self.flow_value(ind, depth));
            }
        }
        if n > 0 && self.chance(15) {
            s.push(',');
        }
        s.push_str(&self.flow_sep(ind));
        s.push(if map { '}' } else { ']' });
        s
    }

    pub(crate) fn flow_value(&mut self, ind: usize, depth: usize) -> String {
        if depth < 4 && self.chance(20) {
            self.flow(ind, depth + 1)
        } else {
            self.flow_scalar(ind)
        }
    }

    /// A block scalar whose header goes after `key: ` or `- `; `ind` is the
    /// indentation of the enclosing collection.
    pub(crate) fn block_scalar(&mut self, ind: usize) -> String {
        let mut s = self.pick(&["|", ">"]).to_string();
        s.push_str(self.pick(&["", "", "-", "+"]));
        s.push_str(&self.comment());
        let ci = ind + 1 + self.below(3);
        for idx in 0..1 + self.below(5) {
            s.push('\n');
            match if idx == 0 { 0 } else { self.below(5) } {
                1 => {}
                2 => {
                    s.push_str(&self.spaces(ci + 1, ci + 3));
                    s.push_str(&self.plain_line());
                }
                3 => s.push_str(&self.spaces(0, ci)),
                _ => {
                    s.push_str(&" ".repeat(ci));
                    s.push_str(&self.plain_line());
                    if self.chance(10) {
                        s.push_str(" # not a comment\t");
                    }
                }
            }
        }
        for _ in 0..self.below(3) {
            s.push('\n');
        }
        s
    }

    /// A node after `key:` or `-` (text starts right after the indicator).
    pub(crate) fn value(&mut self, ind: usize, depth: usize, in_seq: bool) -> String {
        let choice = if depth > 4 {
            self.below(4)
        } else {
            self.below(9)
        };
        match choice {
            0 => self.comment(),
            1 => format!(
                "{}{}{}",
                self.spaces(1, 3),
                self.plain(ind, false),
                self.comment()
            ),
            2 => format!(
                "{}{}{}",
                self.spaces(1, 2),
                self.pick_quoted(ind),
                self.comment()
            ),
            3 => format!(
                "{}{}{}",
                self.spaces(1, 2),
                self.flow(ind, depth),
                self.comment()
            ),
            4 => format!(" {}", self.block_scalar(ind)),
            5 if !in_seq && self.chance(50) => {
                format!("{}\n{}", self.comment(), self.seq(ind, depth + 1, None))
            }
            6 if in_seq => {
                let pad = 1 + self.below(2);
                let first = " ".repeat(pad);
                if self.chance(50) {
                    self.map(ind + 1 + pad, depth + 1, Some(first))
                } else {
                    self.seq(ind + 1 + pad, depth + 1, Some(first))
                }
            }
            _ => {
                let step = 1 + self.below(4);
                let blank = if self.chance(20) {
                    format!("\n{}# between", self.spaces(0, ind))
                } else {
                    String::new()
                };
                let body = if self.chance(50) {
                    self.map(ind + step, depth + 1, None)
                } else {
                    self.seq(ind + step, depth + 1, None)
                };
                format!("{}{blank}\n{body}", self.comment())
            }
        }
    }

    pub(crate) fn pick_quoted(&mut self, ind: usize) -> String {
        if self.chance(50) {
            self.single(ind)
        } else {
            self.double(ind)
        }
    }

    pub(crate) fn between(&mut self, ind: usize) -> String {
        match self.below(10) {
            0 => "\n".to_string(),
            1 => format!("\n{}", self.spaces(0, ind + 2)),
            2 => format!("\n{}# comment {}", self.spaces(0, ind), self.word()),
            _ => String::new(),
        }
    }

    /// A block mapping at column `ind`; the first line starts with `first`
    /// instead of the indentation when given (compact `- key:`).
    pub(crate) fn map(&mut self, ind: usize, depth: usize, first: Option<String>) -> String {
        let mut s = String::new();
        let mut first = first;
        for n in 0..1 + self.below(4) {
            if n > 0 {
                s.push_str(&self.between(ind));
                s.push('\n');
            }
            match first.take() {
                Some(f) => s.push_str(&f),
                None => s.push_str(&" ".repeat(ind)),
            }
            s.push_str(&self.key(n));
            s.push(':');
            s.push_str(&self.value(ind, depth, false));
        }
        s
    }

    pub(crate) fn seq(&mut self, ind: usize, depth: usize, first: Option<String>) -> String {
        let mut s = String::new();
        let mut first = first;
        for n in 0..1 + self.below(4) {
            if n > 0 {
                s.push_str(&self.between(ind));
                s.push('\n');
            }
            match first.take() {
                Some(f) => s.push_str(&f),
                None => s.push_str(&" ".repeat(ind)),
            }
            s.push('-');
            s.push_str(&self.value(ind, depth, true));
        }
        s
    }

    pub(crate) fn document(&mut self) -> String {
        let mut s = String::new();
        if self.chance(5) {
            // serde_yaml counts a byte-order mark as a column of the first
            // line, so keep content off that line.
            s.push_str("\u{feff}# bom\n");
        }
        if self.chance(10) {
            s.push_str("# leading comment\n\n");
        }
        let marker = self.chance(20);
        if marker {
            s.push_str("---");
        }
        match self.below(10) {
            0 if marker => {
                s.push(' ');
                s.push_str(&self.block_scalar(0));
            }
            1 => {
                if marker {
                    s.push(' ');
                }
                s.push_str(&self.flow(0, 0));
            }
            2 => {
                if marker {
                    s.push('\n');
                }
                let ind = self.below(3);
                s.push_str(&self.seq(ind, 0, None));
            }
            _ => {
                if marker {
                    s.push('\n');
                }
                let ind = if self.chance(15) { 2 } else { 0 };
                s.push_str(&self.map(ind, 0, None));
            }
        }
        s.push('\n');
        if self.chance(10) {
            s.push_str("...\n");
        }
        if self.chance(10) {
            s.push_str("# trailing\n");
        }
        if self.chance(10) {
            s = s.trim_end_matches('\n').to_string();
        }
        if self.chance(15) {
            s = s.replace('\n', "\r\n");
        }
        s
    }

    pub(crate) fn new_value(&mut self) -> String {
        match self.below(12) {
            0 => String::new(),
            1 => self.plain_line(),
            2 => format!("{}\n{}", self.word(), self.word()),
            3 => format!(" {} ", self.word()),
            4 => format!("{}\n\n", self.word()),
            5 => format!("\n{}\n  {}\n", self.word(), self.word()),
            6 => format!("{}: {}", self.word(), self.word()),
            7 => format!("it's \"{}\" \\ {}", self.word(), self.word()),
            8 => "tab\there\u{1}\r\n".to_string(),
            9 => format!("{} #x", self.word()),
            10 => self
                .pick(&[
                    "true",
                    "123",
                    "~",
                    "-",
                    "- x",
                    "[a]",
                    "{b}",
                    "a, b",
                    "#",
                    "@x",
                    "---",
                    "...",
                    "a\u{2028}b",
                    "x\u{85}",
                ])
                .to_string(),
            _ => self.word().replace(['\'', '"'], "q"),
        }
    }
}

pub(crate) fn check_generated(seed: u64) {
    let mut g = Gen::new(seed);
    let doc = g.document();
    let theirs =
        serde_json_of(&doc).unwrap_or_else(|e| panic!("generator made invalid YAML ({e}):\n{doc}"));
    let node = parse(&doc).unwrap_or_else(|e| panic!("{e}\n{doc}"));
    assert_eq!(core_json(&node), theirs, "seed {seed}:\n{doc}");
    check_spans(&doc, &node);
}

pub(crate) fn check_generated_edit(seed: u64) {
    let mut g = Gen::new(seed);
    let doc = g.document();
    let root = p(&doc);
    let mut all: Vec<(Vec<PathSeg>, Scalar, bool)> = Vec::new();
    visit_scalars(&root, &mut |path, s, is_key| {
        all.push((path.to_vec(), s.clone(), is_key))
    });
    if all.is_empty() {
        return;
    }
    let (path, target, is_key) = all.swap_remove(g.below(all.len()));
    let new_value = g.new_value();
    match rewrite_scalar(&doc, &target, &new_value) {
        Ok(text) => {
            let out = apply_edits(&doc, &[(target.span.clone(), text.clone())]).expect("apply");
            let key = if is_key {
                Some(target.value.as_str())
            } else {
                None
            };
            assert_round_trip(&doc, &out, &target, &text, &path, key, &new_value);
        }
        Err(e) => {
            assert_eq!(e.span, target.span);
            assert!(!e.message.is_empty() && !e.message.contains('\n'));
            if target.style == ScalarStyle::DoubleQuoted {
                panic!("double quotes carry anything, yet {new_value:?} failed: {e}\n{doc}");
            }
        }
    }
}

pub(crate) fn soup() -> impl Strategy<Value = String> {
    let pieces = vec![
        "- ", ": ", ":", "\n", "  ", " ", "a", "b1", "'", "\"", "[", "]", "{", "}", ",", "#", "|",
        ">", "\t", "\\", "---\n", "...", "?", "&", "*", "!", "%", "\r\n", "\r", "é", "\u{2028}",
        "\u{85}", "-", "|+", "|2", ">-", "\\n", "''", "\\u00", "@", "0x1", "~", "\u{feff}",
        "\u{1}", "\n  ", "\n    ",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..80).prop_map(|v| v.concat())
}

// --- serde_yaml's reading, to compare structure with ---------------------------

/// What a plain scalar means in YAML 1.2's core schema, as `serde_yaml` reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Core {
    Null,
    Bool(bool),
    UInt(u64),
    Int(i64),
    BigInt(f64),
    Float(f64),
    Str,
}

/// Leading zeros followed by digits: a string in YAML 1.2.
fn digits_but_not_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    t.len() > 1 && t.starts_with('0') && t.bytes().skip(1).all(|b| b.is_ascii_digit())
}

fn parse_radix_unsigned<T>(
    s: &str,
    parse: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let unsigned = s.strip_prefix('+').unwrap_or(s);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(v) = parse(rest, radix) {
                return Some(v);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || digits_but_not_number(s) {
        return None;
    }
    parse(unsigned, 10).ok()
}

fn parse_radix_negative<T>(
    s: &str,
    parse: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = s.strip_prefix(prefix)
            && let Ok(v) = parse(&format!("-{rest}"), radix)
        {
            return Some(v);
        }
    }
    if digits_but_not_number(s) {
        return None;
    }
    parse(s, 10).ok()
}

fn parse_float(s: &str) -> Option<f64> {
    let unsigned = match s.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => s,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(s, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn resolve_core(v: &str) -> Core {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Core::Null,
        "true" | "True" | "TRUE" => return Core::Bool(true),
        "false" | "False" | "FALSE" => return Core::Bool(false),
        _ => {}
    }
    if let Some(u) = parse_radix_unsigned(v, u64::from_str_radix) {
        return Core::UInt(u);
    }
    if let Some(i) = parse_radix_negative(v, i64::from_str_radix) {
        return Core::Int(i);
    }
    if let Some(u) = parse_radix_unsigned(v, u128::from_str_radix) {
        return Core::BigInt(u as f64);
    }
    if let Some(i) = parse_radix_negative(v, i128::from_str_radix) {
        return Core::BigInt(i as f64);
    }
    if !digits_but_not_number(v)
        && let Some(f) = parse_float(v)
    {
        return Core::Float(f);
    }
    Core::Str
}

fn float_json(f: f64) -> serde_json::Value {
    serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// The document as `serde_yaml` would give it: YAML 1.2 core resolution and
/// `serde_json`'s key strings. The reader's own [`to_json`] resolves YAML 1.1.
pub(crate) fn has_props(node: &Node) -> bool {
    let mut found = false;
    walk(node, &mut |_, n| {
        found |= n.props().is_some() || matches!(n, Node::Alias(_));
        if let Node::Mapping(m) = n {
            found |= m.entries.iter().any(|(k, _)| has_props(k));
        }
    });
    found
}

pub(crate) fn core_json(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    let scalar = |s: &Scalar| {
        if s.style != ScalarStyle::Plain {
            return Value::String(s.value.to_string());
        }
        match resolve_core(&s.value) {
            Core::Null => Value::Null,
            Core::Bool(b) => Value::Bool(b),
            Core::UInt(u) => Value::from(u),
            Core::Int(i) => Value::from(i),
            Core::BigInt(f) | Core::Float(f) => float_json(f),
            Core::Str => Value::String(s.value.to_string()),
        }
    };
    match node {
        Node::Null { .. } => Value::Null,
        Node::Scalar(s) => scalar(s),
        Node::Sequence(s) => Value::Array(s.items.iter().map(core_json).collect()),
        Node::Mapping(m) => {
            let mut map = serde_json::Map::new();
            for (k, v) in &m.entries {
                let key = match k.as_scalar() {
                    Some(k) if k.style == ScalarStyle::Plain => match resolve_core(&k.value) {
                        Core::Bool(b) => b.to_string(),
                        Core::UInt(u) => u.to_string(),
                        Core::Int(i) => i.to_string(),
                        Core::Float(f) => serde_json::Number::from_f64(f)
                            .map_or_else(|| k.value.to_string(), |n| n.to_string()),
                        Core::Null | Core::BigInt(_) | Core::Str => k.value.to_string(),
                    },
                    Some(k) => k.value.to_string(),
                    None => panic!("serde_yaml has no collection keys"),
                };
                map.insert(key, core_json(v));
            }
            Value::Object(map)
        }
        Node::Alias(a) => core_json(&a.target),
    }
}
