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

const TEAM: &str = r#"
[environment.production]
remote = "p"
branch = "main"
protected = true

[environment."dev-{user}"]
remote = "d"
branch = "dev"
model_suffix = "_{user}"
connections = { warehouse = "warehouse_{user}", ecommerce_warehouse = "ecommerce_{user}", thelook = "thelook_{user}" }
"#;

/// Every string under a `model` key, through aliases (as PyYAML reads them).
fn model_values(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                if let (true, Value::String(s)) = (k == "model", v) {
                    out.push(s.clone());
                }
                model_values(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| model_values(i, out)),
        _ => {}
    }
}

fn yaml_json(path: &Path, bytes: &[u8]) -> Value {
    let file = storyboard::lookml::parse_file(path, bytes).expect("parses");
    storyboard::lookml::to_json(&file)
}

#[test]
fn every_fixture_renders_for_a_developer_and_back_with_each_model_rewritten() {
    let mut canonical = storyboard::fileset::FileSet::default();
    let mut models = std::collections::BTreeSet::new();
    for file in corpus() {
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&file).expect("read");
        let mut found = Vec::new();
        model_values(&yaml_json(Path::new(&name), &bytes), &mut found);
        models.extend(found.into_iter().filter(|m| !m.starts_with("@{")));
        if let Some(model) = name.strip_suffix(".model.lookml") {
            models.remove(model);
            canonical.insert(format!("models/{name}"), bytes);
        } else {
            canonical.insert(format!("lookml/{name}"), bytes);
        }
    }
    assert!(models.len() >= 8, "{models:?}");
    for m in &models {
        canonical.insert(
            format!("models/{m}.model.lkml"),
            "connection: \"warehouse\"\ninclude: \"/lookml/*.dashboard\"\n",
        );
    }
    let all = support::environments(TEAM);
    let dev = all
        .iter()
        .find(|e| e.name == "dev-alice")
        .expect("dev-alice");
    let rendered = storyboard::env::render(&canonical, dev, &all).unwrap_or_else(|e| panic!("{e}"));
    let mut rewritten = 0;
    for (path, entry) in &rendered.files.files {
        if !path.starts_with("lookml") {
            continue;
        }
        let before = canonical.get(path).expect("same path");
        let mut was = Vec::new();
        model_values(&yaml_json(path, before), &mut was);
        let mut now = Vec::new();
        model_values(&yaml_json(path, &entry.bytes), &mut now);
        assert_eq!(was.len(), now.len(), "{}", path.display());
        for (old, new) in was.iter().zip(&now) {
            if models.contains(old) {
                assert_eq!(new, &format!("{old}_alice"), "{}", path.display());
                rewritten += 1;
            } else {
                assert_eq!(new, old, "{}", path.display());
            }
        }
    }
    // Aliases count once per place they stand in: more values than tokens changed.
    assert!(rewritten > 60, "{rewritten} model values rewritten");
    let back = storyboard::env::unrender(&rendered.files, dev, Some(&canonical))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.files, canonical);
    let back =
        storyboard::env::unrender(&rendered.files, dev, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.files, canonical);
}

#[test]
fn an_anchored_model_is_rewritten_once_at_its_anchor_and_every_alias_sees_it() {
    let dashboard = "- dashboard: d\n  elements:\n  - name: a\n    query: &q\n      model: ecommerce\n      explore: orders\n  - name: b\n    query: *q\n  - name: c\n    model: &m ecommerce   # one token\n  - name: d\n    model: *m\n  - name: e\n    title: &t billing\n    model: *t\n    note_text: Counts are *approximate* & late\n    vis: {maxValue: !!null '', x: !ruby/hash:X {model: billing}}\n";
    let mut canonical = storyboard::fileset::FileSet::default();
    canonical.insert("d.dashboard.lookml", dashboard);
    for m in ["ecommerce", "billing"] {
        canonical.insert(format!("{m}.model.lkml"), "connection: \"warehouse\"\n");
    }
    let all = support::environments(TEAM);
    let dev = all.iter().find(|e| e.name == "dev-alice").expect("dev");
    let rendered = storyboard::env::render(&canonical, dev, &all).unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(
        rendered
            .files
            .get(Path::new("d.dashboard.lookml"))
            .expect("dashboard")
            .to_vec(),
    )
    .expect("utf-8");
    assert_eq!(
        text,
        dashboard
            .replace("model: ecommerce", "model: ecommerce_alice")
            .replace("&m ecommerce", "&m ecommerce_alice")
            .replace("&t billing", "&t billing_alice")
            .replace("{model: billing}", "{model: billing_alice}")
    );
    let mut models = Vec::new();
    model_values(
        &yaml_json(Path::new("d.dashboard.lookml"), text.as_bytes()),
        &mut models,
    );
    assert_eq!(
        models,
        [
            "ecommerce_alice",
            "ecommerce_alice",
            "ecommerce_alice",
            "ecommerce_alice",
            "billing_alice",
            "billing_alice"
        ]
    );
    let back =
        storyboard::env::unrender(&rendered.files, dev, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.files, canonical);
}
