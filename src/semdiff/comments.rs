//! LookML comments, attributed to objects so they can be compared like properties.
//!
//! The project model keeps no comments, so they are found again in each file's
//! text: `#` tokens in modern LookML, `#` outside scalars in YAML. A comment belongs
//! to the object that starts right after it (the comment above a dimension is
//! about that dimension), otherwise to the innermost object around it, otherwise
//! to the last top-level object before it.

use std::collections::HashMap;
use std::ops::Range;

use crate::lookml::{LookmlFile, TokenKind, yaml};
use crate::project::{Object, SourceFile};

/// Comments per object, computed once per file.
#[derive(Default)]
pub struct Comments {
    by_file: HashMap<usize, HashMap<usize, Vec<String>>>,
}

impl Comments {
    /// The comments of `object`, which is in `source`, trimmed, in order.
    pub fn of(&mut self, source: &SourceFile, object: &Object) -> &[String] {
        let file = self
            .by_file
            .entry(source as *const SourceFile as usize)
            .or_insert_with(|| attribute(source));
        file.get(&(object as *const Object as usize))
            .map_or(&[], Vec::as_slice)
    }
}

/// A comment: its text, where it starts, and where the next significant text starts.
struct Found {
    text: String,
    at: usize,
    next: usize,
}

impl Found {
    fn new(text: &str, at: usize, next: usize) -> Found {
        Found {
            text: text[at..]
                .lines()
                .next()
                .unwrap_or_default()
                .trim_end()
                .to_string(),
            at: anchor(text, at),
            next,
        }
    }
}

/// Where a comment sits for attribution: a comment at the end of a line belongs
/// with the text before it on that line (`color: "#fff" # hex`).
fn anchor(text: &str, at: usize) -> usize {
    let line = &text[..at];
    let before = line.trim_end_matches([' ', '\t']);
    if before.is_empty() || before.ends_with('\n') {
        at
    } else {
        before.len() - 1
    }
}

fn attribute(source: &SourceFile) -> HashMap<usize, Vec<String>> {
    let found = match &source.parsed {
        LookmlFile::Modern(tree) => modern_comments(tree),
        LookmlFile::Yaml(y) => yaml_comments(y.text(), y.root()),
    };
    let mut objects: Vec<(&Object, usize)> = Vec::new();
    for o in &source.objects {
        flatten(o, 0, &mut objects);
    }
    let mut out: HashMap<usize, Vec<String>> = HashMap::new();
    for c in found {
        if let Some(owner) = owner(&objects, &source.objects, &c) {
            out.entry(owner as *const Object as usize)
                .or_default()
                .push(c.text);
        }
    }
    out
}

fn flatten<'a>(o: &'a Object, depth: usize, out: &mut Vec<(&'a Object, usize)>) {
    out.push((o, depth));
    for c in &o.children {
        flatten(c, depth + 1, out);
    }
}

fn owner<'a>(objects: &[(&'a Object, usize)], top: &'a [Object], c: &Found) -> Option<&'a Object> {
    let deepest = |f: &dyn Fn(&Range<usize>) -> bool| {
        objects
            .iter()
            .filter(|(o, _)| f(&o.span))
            .max_by_key(|(_, d)| *d)
            .map(|(o, _)| *o)
    };
    deepest(&|s| s.start == c.next && c.next > c.at)
        .or_else(|| deepest(&|s| s.start <= c.at && c.at < s.end))
        .or_else(|| top.iter().rev().find(|o| o.span.end <= c.at))
        .or_else(|| top.first())
}

fn modern_comments(tree: &crate::lookml::SyntaxTree) -> Vec<Found> {
    let mut out = Vec::new();
    let count = tree.token_count();
    for i in 0..count {
        if tree.token_kind(i) != TokenKind::Comment {
            continue;
        }
        let next = (i + 1..count)
            .find(|&j| !tree.token_kind(j).is_trivia())
            .map_or(tree.text().len(), |j| tree.token_span(j).start);
        out.push(Found::new(tree.text(), tree.token_span(i).start, next));
    }
    out
}

/// `#` that starts a YAML comment: outside every scalar, at the start of a line or
/// after white space.
fn yaml_comments(text: &str, root: &yaml::Node) -> Vec<Found> {
    let mut scalars = Vec::new();
    scalar_spans(root, &mut scalars);
    scalars.sort_by_key(|s| s.start);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(n) = memchr::memchr(b'#', &bytes[i..]) {
        let at = i + n;
        let starts_comment = (at == 0 || matches!(bytes[at - 1], b' ' | b'\t' | b'\n' | b'\r'))
            && !inside(&scalars, at);
        if !starts_comment {
            i = at + 1;
            continue;
        }
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |e| at + e);
        out.push(Found::new(text, at, next_significant(text, end)));
        i = end;
    }
    out
}

fn scalar_spans(node: &yaml::Node, out: &mut Vec<Range<usize>>) {
    match node {
        yaml::Node::Scalar(s) => out.push(s.span.clone()),
        yaml::Node::Sequence(s) => s.items.iter().for_each(|i| scalar_spans(i, out)),
        yaml::Node::Mapping(m) => {
            for (k, v) in &m.entries {
                scalar_spans(k, out);
                scalar_spans(v, out);
            }
        }
        yaml::Node::Alias(a) => out.push(a.span.clone()),
        yaml::Node::Null { .. } => {}
    }
}

fn inside(sorted: &[Range<usize>], at: usize) -> bool {
    let i = sorted.partition_point(|s| s.start <= at);
    i > 0 && at < sorted[i - 1].end
}

/// The first offset after `from` that is neither white space, a comment line, nor
/// the `- ` of a sequence entry (a mapping in a sequence starts after it).
fn next_significant(text: &str, from: usize) -> usize {
    let mut i = from;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'#' => i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |e| i + e),
            b'-' if matches!(bytes.get(i + 1), Some(b' ' | b'\n' | b'\r' | b'\t')) => i += 1,
            _ => break,
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn comments_of(path: &str, text: &str) -> Vec<(String, Vec<String>)> {
        let file = SourceFile::parse(Path::new(path), text.as_bytes()).expect("parses");
        let mut c = Comments::default();
        let mut out = Vec::new();
        let mut objects = Vec::new();
        for o in &file.objects {
            flatten(o, 0, &mut objects);
        }
        for (o, _) in objects {
            let found = c.of(&file, o).to_vec();
            if !found.is_empty() {
                out.push((format!("{}:{}", o.kind, o.name), found));
            }
        }
        out
    }

    #[test]
    fn modern_comments_go_to_the_object_below_or_around() {
        let got = comments_of(
            "v.view.lkml",
            "# about orders\nview: orders {\n  # about id\n  dimension: id {\n    type: number # inline\n  }\n  # trailing\n}\n# end\n",
        );
        assert_eq!(
            got,
            vec![
                (
                    "view:orders".to_string(),
                    vec![
                        "# about orders".to_string(),
                        "# trailing".into(),
                        "# end".into()
                    ]
                ),
                (
                    "dimension:id".into(),
                    vec!["# about id".into(), "# inline".into()]
                ),
            ]
        );
    }

    #[test]
    fn yaml_comments_skip_hashes_in_scalars() {
        let got = comments_of(
            "d.dashboard.lookml",
            "# head\n- dashboard: d\n  title: 'a # b'\n  elements:\n  # the tile\n  - name: t\n    color: \"#fff\" # hex\n",
        );
        assert_eq!(
            got,
            vec![
                ("dashboard:d".to_string(), vec!["# head".to_string()]),
                (
                    "element:t".into(),
                    vec!["# the tile".into(), "# hex".into()]
                ),
            ]
        );
    }
}
