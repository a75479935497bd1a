//! Rewrites a LookML project in another layout that means the same: every modern
//! file printed again from its syntax tree with another indentation, its objects
//! and properties shuffled (namesakes keep their order), values re-quoted where
//! quotes change nothing, SQL and HTML re-flowed, old comments dropped and new
//! ones added; YAML files indented further and commented; files of several
//! objects split in two beside themselves, and files beside each other merged
//! (the copy, diffed back against the original, splits them). The semantic diff
//! of a project with its reformatted copy must show nothing but moves.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use storyboard::lookml::{NodeKind, NodeRef, SyntaxTree, ValueKind};
use storyboard::project::{SourceFile, includes};

pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// What to change; every choice inside is drawn from `seed`.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub seed: u64,
    pub reorder: bool,
    pub requote: bool,
    pub comments: bool,
    pub reflow: bool,
    pub split: bool,
    pub merge: bool,
}

impl Style {
    pub fn everything(seed: u64) -> Style {
        Style {
            seed,
            reorder: true,
            requote: true,
            comments: true,
            reflow: true,
            split: true,
            merge: false,
        }
    }
}

/// SplitMix64.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

pub fn reformat(files: &[(PathBuf, Vec<u8>)], style: Style) -> Files {
    let mut rng = Rng::new(style.seed);
    let model_includes = model_includes(files);
    let mut out = Vec::new();
    for (path, bytes) in files {
        let Ok(text) = std::str::from_utf8(bytes) else {
            out.push((path.clone(), bytes.clone()));
            continue;
        };
        let name = path.to_string_lossy();
        if name.ends_with(".lkml") {
            match SyntaxTree::parse(text) {
                Ok(tree) => out.extend(modern(path, &tree, style, &mut rng, &model_includes)),
                Err(_) => out.push((path.clone(), bytes.clone())),
            }
        } else if name.ends_with(".lookml") {
            out.push((path.clone(), yaml(text, style, &mut rng).into_bytes()));
        } else {
            out.push((path.clone(), bytes.clone()));
        }
    }
    if style.merge {
        out = merge_neighbours(out, &model_includes);
    }
    out
}

/// Merges the first two mergeable files of each folder and kind (`.view.lkml`):
/// modern files that are neither models nor the manifest and hold only blocks
/// (a file's loose `include:`s are the file's own), when every model includes
/// both or neither.
fn merge_neighbours(files: Files, models: &[(PathBuf, Vec<String>)]) -> Files {
    let mergeable = |path: &Path, bytes: &[u8]| {
        let name = path.to_string_lossy();
        let only_blocks = std::str::from_utf8(bytes)
            .ok()
            .and_then(|t| SyntaxTree::parse(t).ok())
            .is_some_and(|t| t.root().children().all(|c| c.kind() == NodeKind::Block));
        name.ends_with(".lkml")
            && !name.contains(".model.")
            && !name.ends_with("manifest.lkml")
            && only_blocks
    };
    let kind = |path: &Path| {
        let name = path.file_name()?.to_str()?;
        let (_, rest) = name.split_once('.')?;
        Some((path.parent()?.to_path_buf(), rest.to_string()))
    };
    let mut out: Files = Vec::new();
    let mut open: HashMap<(PathBuf, String), usize> = HashMap::new();
    let mut merged: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for (path, bytes) in files {
        let group = kind(&path).filter(|_| mergeable(&path, &bytes));
        if let Some(group) = group {
            if let Some(&i) = open.get(&group) {
                if !merged.contains(&i) && same_includers(models, &out[i].0, &path) {
                    out[i].1.push(b'\n');
                    out[i].1.extend_from_slice(&bytes);
                    merged.insert(i);
                    continue;
                }
            } else {
                open.insert(group, out.len());
            }
        }
        out.push((path, bytes));
    }
    out
}

/// Each model file's path and include patterns.
fn model_includes(files: &[(PathBuf, Vec<u8>)]) -> Vec<(PathBuf, Vec<String>)> {
    files
        .iter()
        .filter(|(p, _)| p.to_string_lossy().contains(".model."))
        .filter_map(|(p, b)| SourceFile::parse(p, b).ok())
        .flat_map(|f| {
            f.objects
                .iter()
                .map(|m| {
                    let patterns = m
                        .all("include")
                        .filter_map(|i| i.value.as_str().map(str::to_string))
                        .collect();
                    (f.path.to_path_buf(), patterns)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn modern(
    path: &Path,
    tree: &SyntaxTree,
    style: Style,
    rng: &mut Rng,
    models: &[(PathBuf, Vec<String>)],
) -> Files {
    let indent = ["  ", "    ", "\t", " "][rng.below(4)];
    let mut p = Printer {
        out: String::new(),
        indent,
        style,
        rng,
    };
    let items: Vec<NodeRef<'_>> = tree.root().children().collect();
    let blocks = items.iter().filter(|i| i.kind() == NodeKind::Block).count();
    let name = path.to_string_lossy();
    let splittable =
        style.split && blocks >= 2 && !name.contains(".model.") && name != "manifest.lkml";
    let second = splittable.then(|| split_path(path)).flatten();
    let Some(second) = second.filter(|s| same_includers(models, path, s)) else {
        p.items(items, 0);
        return vec![(path.to_path_buf(), p.out.into_bytes())];
    };
    // The first half of the blocks (and the loose properties) stay; the rest move.
    let half = blocks / 2;
    let mut seen = 0;
    let (mut stay, mut go) = (Vec::new(), Vec::new());
    for item in items {
        if item.kind() == NodeKind::Block {
            seen += 1;
            if seen > half {
                go.push(item);
                continue;
            }
        }
        stay.push(item);
    }
    p.items(stay, 0);
    let first = std::mem::take(&mut p.out);
    p.items(go, 0);
    vec![
        (path.to_path_buf(), first.into_bytes()),
        (second, p.out.into_bytes()),
    ]
}

/// `views/orders.view.lkml` → `views/orders_part2.view.lkml`.
fn split_path(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let (stem, rest) = name.split_once('.')?;
    Some(path.with_file_name(format!("{stem}_part2.{rest}")))
}

/// Whether every model includes both files or neither, so the split moves
/// nothing in or out of a model.
fn same_includers(models: &[(PathBuf, Vec<String>)], a: &Path, b: &Path) -> bool {
    models.iter().all(|(model, patterns)| {
        let inc = |f: &Path| patterns.iter().any(|p| includes(p, model, f));
        inc(a) == inc(b)
    })
}

struct Printer<'r> {
    out: String,
    indent: &'static str,
    style: Style,
    rng: &'r mut Rng,
}

impl Printer<'_> {
    fn items(&mut self, items: Vec<NodeRef<'_>>, depth: usize) {
        let items = if self.style.reorder {
            shuffle_keeping_namesakes(items, self.rng)
        } else {
            items
        };
        for item in items {
            if self.style.comments && self.rng.chance(20) {
                let n = self.rng.next() % 1000;
                self.line(depth, &format!("# note {n}: about what follows"));
            }
            self.node(item, depth);
        }
    }

    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.out.push_str(self.indent);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn node(&mut self, node: NodeRef<'_>, depth: usize) {
        let key = node.key().unwrap_or_default();
        match node.kind() {
            NodeKind::Block => {
                let head = match node.name() {
                    Some(name) => format!("{key}: {name} {{"),
                    None => format!("{key}: {{"),
                };
                let head = if self.style.comments && self.rng.chance(10) {
                    format!("{head} # opens {key}")
                } else {
                    head
                };
                self.line(depth, &head);
                self.items(node.children().collect(), depth + 1);
                self.line(depth, "}");
            }
            NodeKind::Pair => {
                let Some(v) = node.value() else { return };
                let text = v.text();
                let value = if v.kind == ValueKind::Expression {
                    format!("{} ;;", self.reflow(&text, depth + 1))
                } else {
                    self.scalar(&text, v.kind == ValueKind::Quoted)
                };
                self.line(depth, &format!("{key}: {value}"));
            }
            NodeKind::List => {
                let items: Vec<String> = node
                    .children()
                    .filter_map(|i| {
                        let v = i.value()?;
                        let value = self.scalar(&v.text(), v.kind == ValueKind::Quoted);
                        Some(match i.kind() {
                            NodeKind::ListPair => format!("{}: {value}", i.key()?),
                            _ => value,
                        })
                    })
                    .collect();
                self.line(depth, &format!("{key}: [{}]", items.join(", ")));
            }
            NodeKind::Document | NodeKind::ListValue | NodeKind::ListPair => {}
        }
    }

    /// A literal or a quoted string, its quotes added or dropped where that
    /// changes nothing.
    fn scalar(&mut self, text: &str, quoted: bool) -> String {
        let flip = self.style.requote && self.rng.chance(50);
        let can_be_bare = is_safe_literal(text);
        let can_be_quoted = !text.contains(['"', '\\']);
        match (quoted, flip) {
            (true, true) if can_be_bare => text.to_string(),
            (false, true) if can_be_quoted => format!("\"{text}\""),
            (true, _) => format!("\"{text}\""),
            (false, _) => text.to_string(),
        }
    }

    /// SQL or HTML with its lines re-indented, when no string literal spans lines.
    fn reflow(&mut self, text: &str, depth: usize) -> String {
        let lines: Vec<&str> = text.lines().collect();
        let balanced = lines
            .iter()
            .all(|l| l.matches('\'').count() % 2 == 0 && l.matches('"').count() % 2 == 0);
        if !self.style.reflow || !balanced {
            return text.to_string();
        }
        let pad = self.indent.repeat(depth + 1);
        let body: Vec<String> = lines.iter().map(|l| format!("{pad}{}", l.trim())).collect();
        if lines.len() > 1 || self.rng.chance(30) {
            format!("\n{}\n{}", body.join("\n"), self.indent.repeat(depth))
        } else {
            text.to_string()
        }
    }
}

fn is_safe_literal(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '*' | '+' | '-' | '/'))
}

/// Shuffles siblings; siblings of the same key and name (repeated `include:`s,
/// anonymous `link: {}`s) keep their relative order, which is meaningful.
fn shuffle_keeping_namesakes<'t>(items: Vec<NodeRef<'t>>, rng: &mut Rng) -> Vec<NodeRef<'t>> {
    let namesake = |n: &NodeRef<'_>| {
        (
            n.key().unwrap_or_default().to_string(),
            n.name().unwrap_or_default().to_string(),
        )
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    // Refill each namesake group's new positions with its members in old order.
    let mut groups: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        groups.entry(namesake(item)).or_default().push(i);
    }
    let mut next: HashMap<(String, String), usize> = HashMap::new();
    order
        .iter()
        .map(|&i| {
            let key = namesake(&items[i]);
            let k = next.entry(key.clone()).or_default();
            let original = groups[&key][*k];
            *k += 1;
            items[original]
        })
        .collect()
}

/// YAML indented two spaces further (lines holding only whitespace left alone,
/// so block scalars keep their values) under a new comment.
fn yaml(text: &str, style: Style, rng: &mut Rng) -> String {
    let mut out = String::new();
    if style.comments {
        out.push_str(&format!("# reformatted copy {}\n", rng.next() % 1000));
    }
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            out.push_str("  ");
        }
        out.push_str(line);
    }
    out
}
