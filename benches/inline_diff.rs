//! The word and line diffs of long values (`semdiff::inline`): its hand-written
//! Myers against the `similar` crate's, on values shaped like LookML's (a
//! 40-line derived table with two lines changed, a one-line CASE with two words
//! changed, a 3,000-line generated value with 31 lines changed). The
//! hand-written one stays while it is faster here.
//!
//! Both compute the edit script over the same tokens. Prints each one's median
//! time and the ratio (similar / hand-written).
//! Run: `cargo bench --bench inline_diff`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use storyboard::semdiff::inline;
use storyboard::semdiff::normalize::collapse_whitespace;

/// The same edit script from `similar`'s Myers, collected the same way.
struct Script(Vec<inline::Edit>);

impl similar::algorithms::DiffHook for Script {
    type Error = std::convert::Infallible;
    fn equal(&mut self, old: usize, new: usize, len: usize) -> Result<(), Self::Error> {
        self.0
            .extend((0..len).map(|k| inline::Edit::Same(old + k, new + k)));
        Ok(())
    }
    fn delete(&mut self, old: usize, len: usize, _new: usize) -> Result<(), Self::Error> {
        self.0.extend((old..old + len).map(inline::Edit::Removed));
        Ok(())
    }
    fn insert(&mut self, _old: usize, new: usize, len: usize) -> Result<(), Self::Error> {
        self.0.extend((new..new + len).map(inline::Edit::Added));
        Ok(())
    }
}

fn similar_edits<T: PartialEq>(a: &[T], b: &[T]) -> Vec<inline::Edit> {
    let mut script = Script(Vec::with_capacity(a.len().max(b.len())));
    let _ = similar::algorithms::myers::diff(&mut script, a, 0..a.len(), b, 0..b.len());
    script.0
}

/// What `inline::lines` compares: lines without their shared indentation,
/// whitespace collapsed.
fn line_tokens(text: &str) -> Vec<String> {
    inline::dedent(text)
        .iter()
        .map(|l| collapse_whitespace(l))
        .collect()
}

/// What `inline::words` compares: runs of word characters, runs of white space,
/// single other characters.
fn word_tokens(text: &str) -> Vec<&str> {
    let class = |c: char| {
        if c.is_whitespace() {
            0
        } else if c.is_alphanumeric() || c == '_' {
            1
        } else {
            2
        }
    };
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let k = class(c);
        if k != 2 {
            while chars.peek().is_some_and(|&(_, n)| class(n) == k) {
                chars.next();
            }
        }
        let end = chars.peek().map_or(text.len(), |&(j, _)| j);
        out.push(&text[i..end]);
    }
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

const REPEAT: u32 = 200;

fn time(f: &dyn Fn() -> usize) -> Duration {
    median(
        (0..31)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..REPEAT {
                    black_box(f());
                }
                start.elapsed() / REPEAT
            })
            .collect(),
    )
}

fn main() {
    let sql_old: String = (0..40)
        .map(|i| {
            format!("  SELECT col_{i}, SUM(amount_{i}) AS total_{i} FROM analytics.orders_{i}\n")
        })
        .collect();
    let sql_new = sql_old
        .replace("amount_20", "net_amount_20")
        .replace("orders_33", "orders_v2_33");
    let case_old = "CASE WHEN ${orders.status} = 'complete' AND ${orders.amount} > 100 THEN 'large' WHEN ${orders.status} = 'pending' THEN 'waiting' ELSE 'other' END".to_string();
    let case_new = case_old
        .replace("> 100", ">= 250")
        .replace("'waiting'", "'open'");
    let big_old: String = (0..3000).map(|i| format!("a{i}\n")).collect();
    let big_new: String = (0..3000)
        .map(|i| {
            if i % 97 == 0 {
                format!("b{i}\n")
            } else {
                format!("a{i}\n")
            }
        })
        .collect();
    println!("inline diff: median of 31 rounds of {REPEAT}");
    for (name, old, new, by_line) in [
        ("40-line SQL, 2 lines changed", &sql_old, &sql_new, true),
        (
            "one-line CASE, 2 words changed",
            &case_old,
            &case_new,
            false,
        ),
        ("3,000 lines, 31 changed", &big_old, &big_new, true),
    ] {
        let (lines_a, lines_b) = (line_tokens(old), line_tokens(new));
        let (words_a, words_b) = (word_tokens(old), word_tokens(new));
        assert_eq!(
            inline::edits(&words_a, &words_b).len(),
            similar_edits(&words_a, &words_b).len()
        );
        let ours = if by_line {
            time(&|| inline::edits(&lines_a, &lines_b).len())
        } else {
            time(&|| inline::edits(&words_a, &words_b).len())
        };
        let theirs = if by_line {
            time(&|| similar_edits(&lines_a, &lines_b).len())
        } else {
            time(&|| similar_edits(&words_a, &words_b).len())
        };
        println!(
            "  {name:<32} hand-written {:>8.1} us   similar {:>8.1} us   ratio {:.2}",
            ours.as_secs_f64() * 1e6,
            theirs.as_secs_f64() * 1e6,
            theirs.as_secs_f64() / ours.as_secs_f64()
        );
    }
}
