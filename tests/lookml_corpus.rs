//! The parser on the project's corpus: the demo e-commerce project, the legacy YAML
//! project and the edge-case files. Every file either prints back byte for byte or is
//! one of the few that must be refused, with the place and the reason; and for every
//! modern file Python's lkml accepts, our lkml JSON equals lkml's (the goldens in
//! tests/lkml-json are lkml's own output: CI re-checks them with tests/lkml_oracle.py).

mod support;

use std::path::{Path, PathBuf};

use storyboard::lookml;
use support::project_root;

const CORPUS_ROOTS: &[&str] = &[
    "assets/demo/project",
    "assets/demo/legacy",
    "tests/corpus/edge",
];

/// Files storyboard refuses, with the line:col and words its error must carry.
const REFUSED: &[(&str, &str, &str)] = &[
    (
        "tests/corpus/edge/stray_semicolon.view.lkml",
        "3:33",
        "stray `;`",
    ),
    (
        "tests/corpus/edge/double_semicolon_in_sql_string.view.lkml",
        "4:43",
        "expected `:` after `b'`",
    ),
    (
        "tests/corpus/edge/quoted_block_name.view.lkml",
        "2:7",
        "cannot be quoted",
    ),
];

fn corpus() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in CORPUS_ROOTS {
        let found =
            storyboard::project::lookml_files(&project_root().join(root)).expect("corpus root");
        assert!(!found.is_empty(), "{root} holds LookML files");
        files.extend(found);
    }
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(project_root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_corpus_file_round_trips_or_is_refused_with_its_place() {
    let files = corpus();
    assert!(files.len() >= 60, "corpus has {} files", files.len());
    for path in files {
        let rel = relative(&path);
        let bytes = std::fs::read(&path).expect("read corpus file");
        let result = lookml::check_round_trip(&path, &bytes);
        match REFUSED.iter().find(|(f, _, _)| *f == rel) {
            Some((_, at, words)) => {
                let d = result.expect_err(&rel);
                assert!(d.location().ends_with(&format!(":{at}")), "{rel}: {d}");
                assert!(d.message.contains(words), "{rel}: {d}");
            }
            None => {
                if let Err(d) = result {
                    panic!("{rel} does not round-trip:\n{d}");
                }
            }
        }
    }
}

#[test]
fn lkml_json_equals_lkml_on_every_file_lkml_accepts() {
    let rejected = std::fs::read_to_string(project_root().join("tests/lkml-json/REJECTED.txt"))
        .expect("REJECTED.txt");
    let rejected: Vec<&str> = rejected
        .lines()
        .filter_map(|l| l.split('\t').next())
        .collect();
    let mut compared = 0;
    for path in corpus() {
        let rel = relative(&path);
        if lookml::Dialect::of(&path) != Some(lookml::Dialect::Modern)
            || rejected.contains(&rel.as_str())
        {
            continue;
        }
        let golden_path = project_root()
            .join("tests/lkml-json")
            .join(format!("{rel}.json"));
        let golden = std::fs::read_to_string(&golden_path).unwrap_or_else(|e| {
            panic!(
                "{rel}: no lkml golden at {} ({e}); run python3 tests/lkml_oracle.py",
                golden_path.display()
            )
        });
        let expected: serde_json::Value = serde_json::from_str(&golden).expect("golden is JSON");
        let bytes = std::fs::read(&path).expect("read");
        let file = lookml::parse_file(&path, &bytes).unwrap_or_else(|d| panic!("{d}"));
        let ours = lookml::to_json(&file);
        assert_eq!(ours, expected, "{rel}: our lkml JSON differs from lkml's");
        compared += 1;
    }
    assert!(compared >= 45, "compared {compared} files");
}

#[test]
fn syntax_trees_take_at_most_four_times_the_file() {
    let mut checked = 0;
    for path in corpus() {
        if lookml::Dialect::of(&path) != Some(lookml::Dialect::Modern) {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        // Below half a kilobyte the fixed size of the vectors dominates.
        if bytes.len() < 512 {
            continue;
        }
        if let Ok(lookml::LookmlFile::Modern(tree)) = lookml::parse_file(&path, &bytes) {
            let ratio = tree.heap_size() as f64 / bytes.len() as f64;
            assert!(
                ratio <= 4.0,
                "{}: tree is {ratio:.2}x the file",
                relative(&path)
            );
            checked += 1;
        }
    }
    assert!(checked >= 25, "checked {checked} files");
}
