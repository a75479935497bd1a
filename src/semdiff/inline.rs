//! Word- and line-level differences inside one long value (SQL, HTML), so a reviewer
//! sees the changed column rather than two forty-line blocks.
//!
//! The edit script comes from Myers' O(ND) algorithm over tokens (words or lines).
//! Values in LookML are small, but a generated derived table can be long: past a
//! bound on the work the script gives up and shows the whole old value removed and
//! the new one added, which is still correct.

use super::normalize::collapse_whitespace;

/// One run of a difference, in order: text in both values, only the old, only the new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

/// A value is long when a plain `old -> new` line would not read well.
pub fn is_long(text: &str) -> bool {
    text.contains('\n') || text.chars().count() > 60
}

/// Line by line: multi-line values. Lines are compared without their whitespace so a
/// re-indented line is not a change; each line is shown as the new value has it.
pub fn lines(old: &str, new: &str) -> Vec<Piece> {
    let old_lines = dedent(old);
    let new_lines = dedent(new);
    let key = |l: &String| collapse_whitespace(l);
    let a: Vec<String> = old_lines.iter().map(key).collect();
    let b: Vec<String> = new_lines.iter().map(key).collect();
    edits(&a, &b)
        .into_iter()
        .map(|e| match e {
            Edit::Same(_, j) => Piece::Same(new_lines[j].clone()),
            Edit::Removed(i) => Piece::Removed(old_lines[i].clone()),
            Edit::Added(j) => Piece::Added(new_lines[j].clone()),
        })
        .collect()
}

/// Word by word: one-line values. Adjacent pieces of one kind are joined.
pub fn words(old: &str, new: &str) -> Vec<Piece> {
    let a = tokens(old);
    let b = tokens(new);
    let mut out: Vec<Piece> = Vec::new();
    for e in edits(&a, &b) {
        let piece = match e {
            Edit::Same(i, _) => Piece::Same(a[i].to_string()),
            Edit::Removed(i) => Piece::Removed(a[i].to_string()),
            Edit::Added(j) => Piece::Added(b[j].to_string()),
        };
        match (out.last_mut(), piece) {
            (Some(Piece::Same(s)), Piece::Same(t))
            | (Some(Piece::Removed(s)), Piece::Removed(t))
            | (Some(Piece::Added(s)), Piece::Added(t)) => s.push_str(&t),
            (_, p) => out.push(p),
        }
    }
    out
}

/// The lines of `text` without the indentation they all share, and without
/// trailing whitespace.
pub fn dedent(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let indent = lines
        .iter()
        .skip(1) // the first line starts right after `sql:`, unindented
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.trim_start().to_string()
            } else {
                l.get(indent.min(l.len() - l.trim_start().len())..)
                    .unwrap_or(l)
                    .to_string()
            }
        })
        .collect()
}

/// Runs of word characters, runs of whitespace, and single other characters.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let class = char_class(c);
        if class == 2 {
            out.push(&text[i..i + c.len_utf8()]);
            continue;
        }
        while chars.peek().is_some_and(|&(_, n)| char_class(n) == class) {
            chars.next();
        }
        let end = chars.peek().map_or(text.len(), |&(j, _)| j);
        out.push(&text[i..end]);
    }
    out
}

fn char_class(c: char) -> u8 {
    if c.is_whitespace() {
        0
    } else if c.is_alphanumeric() || c == '_' {
        1
    } else {
        2
    }
}

/// One step of an edit script: a token kept (its index in both), removed from
/// the old value, or added from the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

/// Past this many edit steps the script is "remove all, add all".
const MAX_EDIT_DISTANCE: usize = 2_000;

/// A shortest edit script turning `a` into `b`. Hand-written rather than the
/// `similar` crate's, which takes up to a fifth longer on LookML-shaped values
/// (`cargo bench --bench inline_diff`).
pub fn edits<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Edit> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out: Vec<Edit> = (0..prefix).map(|i| Edit::Same(i, i)).collect();
    let middle = myers(am, bm).unwrap_or_else(|| {
        (0..am.len())
            .map(Edit::Removed)
            .chain((0..bm.len()).map(Edit::Added))
            .collect()
    });
    out.extend(middle.into_iter().map(|e| match e {
        Edit::Same(i, j) => Edit::Same(i + prefix, j + prefix),
        Edit::Removed(i) => Edit::Removed(i + prefix),
        Edit::Added(j) => Edit::Added(j + prefix),
    }));
    let (sa, sb) = (a.len() - suffix, b.len() - suffix);
    out.extend((0..suffix).map(|k| Edit::Same(sa + k, sb + k)));
    out
}

/// Myers' greedy forward search for the furthest-reaching path on each diagonal,
/// keeping each round's frontier to walk the path back. `None` past the bound.
///
/// Round `d` only reaches diagonals `-d..=d`, so only that part of the frontier is
/// kept for it: the trace grows with the square of the distance, not with the
/// length of the values.
fn myers<T: PartialEq>(a: &[T], b: &[T]) -> Option<Vec<Edit>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let offset = max as isize + 1;
    let mut v = vec![0isize; 2 * max + 3];
    let mut trace = Trace(Vec::new());
    for d in 0..=max.min(MAX_EDIT_DISTANCE) as isize {
        trace
            .0
            .push(v[(offset - d) as usize..=(offset + d) as usize].to_vec());
        for k in (-d..=d).step_by(2) {
            let at = |k: isize| v[(offset + k) as usize];
            let down = k == -d || (k != d && at(k - 1) < at(k + 1));
            let mut x = if down { at(k + 1) } else { at(k - 1) + 1 };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[(offset + k) as usize] = x;
            if x >= n && y >= m {
                return Some(backtrack(&trace, n, m));
            }
        }
    }
    None
}

/// The frontier at the start of each round `d`, for diagonals `-d..=d`.
struct Trace(Vec<Vec<isize>>);

impl Trace {
    fn get(&self, d: isize, k: isize) -> isize {
        self.0[d as usize][(k + d) as usize]
    }
}

fn backtrack(trace: &Trace, n: isize, m: isize) -> Vec<Edit> {
    let (mut x, mut y) = (n, m);
    let mut out = Vec::new();
    for d in (0..trace.0.len() as isize).rev() {
        let k = x - y;
        let down = k == -d || (k != d && trace.get(d, k - 1) < trace.get(d, k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = if d == 0 { 0 } else { trace.get(d, prev_k) };
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            out.push(Edit::Same(x as usize, y as usize));
        }
        if d > 0 {
            if x == prev_x {
                out.push(Edit::Added(prev_y as usize));
            } else {
                out.push(Edit::Removed(prev_x as usize));
            }
        }
        x = prev_x;
        y = prev_y;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn apply<T: Clone>(a: &[T], b: &[T], script: &[Edit]) -> Vec<T> {
        script
            .iter()
            .filter_map(|e| match *e {
                Edit::Same(i, _) => Some(a[i].clone()),
                Edit::Added(j) => Some(b[j].clone()),
                Edit::Removed(_) => None,
            })
            .collect()
    }

    #[test]
    fn word_diff_marks_the_changed_word() {
        let p = words("${TABLE}.status", "LOWER(${TABLE}.status)");
        assert_eq!(
            p,
            vec![
                Piece::Added("LOWER(".into()),
                Piece::Same("${TABLE}.status".into()),
                Piece::Added(")".into()),
            ]
        );
    }

    #[test]
    fn line_diff_ignores_reindentation() {
        let old = "CASE\n    WHEN a THEN 1\n    ELSE 0\n  END";
        let new = "CASE\n  WHEN a THEN 2\n  ELSE 0\nEND";
        let p = lines(old, new);
        assert_eq!(
            p,
            vec![
                Piece::Same("CASE".into()),
                Piece::Removed("  WHEN a THEN 1".into()),
                Piece::Added("  WHEN a THEN 2".into()),
                Piece::Same("  ELSE 0".into()),
                Piece::Same("END".into()),
            ]
        );
    }

    #[test]
    fn very_different_long_values_fall_back_to_remove_and_add() {
        let old: String = (0..3000).map(|i| format!("a{i}\n")).collect();
        let new: String = (0..3000).map(|i| format!("b{i}\n")).collect();
        let p = lines(&old, &new);
        assert_eq!(p.len(), 6000);
        assert!(matches!(p[0], Piece::Removed(_)));
        assert!(matches!(p[5999], Piece::Added(_)));
    }

    proptest! {
        #[test]
        fn scripts_are_minimal_enough_and_rebuild_the_new_value(
            a in proptest::collection::vec(0u8..4, 0..40),
            b in proptest::collection::vec(0u8..4, 0..40),
        ) {
            let script = edits(&a, &b);
            prop_assert_eq!(apply(&a, &b, &script), b.clone());
            let kept: Vec<u8> = script.iter().filter_map(|e| match *e {
                Edit::Same(i, _) | Edit::Removed(i) => Some(a[i]),
                Edit::Added(_) => None,
            }).collect();
            prop_assert_eq!(kept, a.clone());
            let changed = script.iter().filter(|e| !matches!(e, Edit::Same(..))).count();
            prop_assert!(changed <= a.len() + b.len());
        }
    }
}
