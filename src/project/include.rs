//! `include:` patterns, as Looker matches them against a project's files.
//!
//! `*` matches within one directory level, `**` across levels, `?` one character,
//! `[a-z]`/`[!0-9]` a class. A leading `/` anchors at the project root; otherwise the
//! pattern is relative to the including file. The `.lkml`/`.lookml` ending may be left
//! out (`"/views/*.view"`). `//other_project/…` names an imported project and matches
//! nothing here.

use std::path::{Component, Path, PathBuf};

/// Whether `file` (relative to the project root) is included by `pattern`, written
/// in the file `from` (also relative to the root).
pub fn includes(pattern: &str, from: &Path, file: &Path) -> bool {
    if pattern.starts_with("//") {
        return false;
    }
    let Some(anchored) = anchor(pattern, from) else {
        return false;
    };
    let file = file.to_string_lossy().replace('\\', "/");
    let bare = file
        .strip_suffix(".lkml")
        .or_else(|| file.strip_suffix(".lookml"))
        .unwrap_or(&file);
    glob(anchored.as_bytes(), file.as_bytes()) || glob(anchored.as_bytes(), bare.as_bytes())
}

/// The pattern as a root-relative path, `..` and `.` resolved; `None` when it climbs
/// out of the project.
fn anchor(pattern: &str, from: &Path) -> Option<String> {
    let joined = match pattern.strip_prefix('/') {
        Some(rest) => PathBuf::from(rest),
        None => from.parent().unwrap_or(Path::new("")).join(pattern),
    };
    let mut parts: Vec<String> = Vec::new();
    for c in joined.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => {}
        }
    }
    Some(parts.join("/"))
}

fn glob(p: &[u8], s: &[u8]) -> bool {
    // Two backtrack points, the last `*` and the last `**`, keep matching linear in
    // practice and bounded on hostile patterns.
    let (mut pi, mut si) = (0, 0);
    let mut single: Option<(usize, usize)> = None;
    let mut deep: Option<(usize, usize)> = None;
    while si < s.len() {
        if p[pi..].starts_with(b"**") {
            let mut next = pi + 2;
            if p.get(next) == Some(&b'/') {
                next += 1;
            }
            deep = Some((next, si));
            single = None;
            pi = next;
            continue;
        }
        match p.get(pi) {
            Some(b'*') => {
                single = Some((pi + 1, si));
                pi += 1;
                continue;
            }
            Some(b'?') if s[si] != b'/' => {
                pi += 1;
                si += 1;
                continue;
            }
            Some(b'[') => match class(&p[pi..], s[si]) {
                Some((true, len)) => {
                    pi += len;
                    si += 1;
                    continue;
                }
                None if s[si] == b'[' => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                _ => {}
            },
            Some(&c) if c == s[si] => {
                pi += 1;
                si += 1;
                continue;
            }
            _ => {}
        }
        if let Some((sp, ss)) = single.filter(|&(_, ss)| s[ss] != b'/') {
            single = Some((sp, ss + 1));
            pi = sp;
            si = ss + 1;
        } else if let Some((dp, ds)) = deep {
            single = None;
            deep = Some((dp, ds + 1));
            pi = dp;
            si = ds + 1;
        } else {
            return false;
        }
    }
    while p[pi..].starts_with(b"**") || p.get(pi) == Some(&b'*') {
        pi += if p[pi..].starts_with(b"**") { 2 } else { 1 };
    }
    pi == p.len()
}

/// Matches `c` against the class at the start of `p` (`[…]`); returns whether it
/// matched and the class's length, or `None` when `p` holds no closed class.
fn class(p: &[u8], c: u8) -> Option<(bool, usize)> {
    let mut i = 1;
    let negated = matches!(p.get(i), Some(b'!') | Some(b'^'));
    if negated {
        i += 1;
    }
    let mut matched = false;
    let start = i;
    while let Some(&b) = p.get(i) {
        if b == b']' && i > start {
            return Some((matched != negated && c != b'/', i + 1));
        }
        if p.get(i + 1) == Some(&b'-') && p.get(i + 2).is_some_and(|&e| e != b']') {
            let e = p[i + 2];
            matched |= (b..=e).contains(&c);
            i += 3;
        } else {
            matched |= b == c;
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inc(pattern: &str, from: &str, file: &str) -> bool {
        includes(pattern, Path::new(from), Path::new(file))
    }

    #[test]
    fn looker_include_forms() {
        let m = "models/ecommerce.model.lkml";
        assert!(inc("/views/*.view.lkml", m, "views/orders.view.lkml"));
        assert!(inc("/views/*.view", m, "views/orders.view.lkml"));
        assert!(!inc("/views/*.view", m, "views/sub/orders.view.lkml"));
        assert!(inc(
            "/views/**/*.view",
            m,
            "views/sub/deep/orders.view.lkml"
        ));
        assert!(inc("/views/**/*.view", m, "views/orders.view.lkml"));
        assert!(inc(
            "../views/orders.view.lkml",
            m,
            "views/orders.view.lkml"
        ));
        assert!(inc(
            "*.dashboard",
            "shop.model.lookml",
            "sales.dashboard.lookml"
        ));
        assert!(inc("/explores/[!0-9]*", m, "explores/orders.explore.lkml"));
        assert!(!inc(
            "/explores/[!0-9]*",
            m,
            "explores/1orders.explore.lkml"
        ));
        assert!(!inc("//other/views/*.view", m, "views/orders.view.lkml"));
        assert!(!inc("../../x.view", m, "x.view.lkml"));
        assert!(inc("/**/*.view", m, "a/b/c.view.lkml"));
    }

    #[test]
    fn hostile_patterns_end() {
        let p = "*a*a*a*a*a*a*a*a*a*a*b".repeat(3);
        assert!(!inc(&p, "m.model.lkml", &"a".repeat(200)));
        assert!(!inc("[", "m.model.lkml", "x"));
        assert!(!inc("[a-", "m.model.lkml", "x"));
    }
}
