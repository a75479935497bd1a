//! `storyboard diff` through the real binary: formats, exit codes and input errors.

mod support;

use std::path::Path;

use support::{git, run, storyboard};

/// A home directory and two projects, `old` and `new`, written from `(path, text)`.
fn projects(old: &[(&str, &str)], new: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (side, files) in [("old", old), ("new", new)] {
        for (path, text) in files {
            let p = dir.path().join(side).join(path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
    }
    dir
}

fn diff(dir: &Path, args: &[&str]) -> support::Run {
    let mut cmd = storyboard(&dir.join("home"));
    cmd.current_dir(dir).args(["diff", "old", "new"]).args(args);
    run(&mut cmd)
}

const ORDERS: &str = "view: orders {\n  dimension: status {\n    label: \"Order Status\"\n    sql: ${TABLE}.status ;;\n  }\n}\n";
const ORDERS_EDITED: &str = "view: orders {\n  dimension: status {\n    label: \"Status\"\n    sql: ${TABLE}.status ;;\n  }\n}\n";

#[test]
fn text_output_and_exit_codes() {
    let dir = projects(
        &[("views/orders.view.lkml", ORDERS)],
        &[("views/orders.view.lkml", ORDERS_EDITED)],
    );
    let r = diff(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "~ view:orders / dimension:status  views/orders.view.lkml:3\n    ~ label: \"Order Status\" -> Status # presentation\n\nSummary: 0 added, 1 modified, 0 removed (1 change: presentation 1).\n"
    );
    assert!(!r.stdout.contains('\x1b'), "NO_COLOR and a pipe: no colour");
    let r = diff(dir.path(), &["--exit-code"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn json_and_markdown() {
    let dir = projects(
        &[("views/orders.view.lkml", ORDERS)],
        &[("views/orders.view.lkml", ORDERS_EDITED)],
    );
    let r = diff(dir.path(), &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let change = &v["changes"][0];
    assert_eq!(change["op"], "modified");
    assert_eq!(change["kind"], "dimension");
    assert_eq!(
        change["path"],
        serde_json::json!(["view:orders", "dimension:status"])
    );
    assert_eq!(change["property"], "label");
    assert_eq!(change["old"], "Order Status");
    assert_eq!(change["new"], "Status");
    assert_eq!(change["class"], "presentation");
    assert_eq!(change["file"], "views/orders.view.lkml");
    assert_eq!(change["line"], 3);
    assert_eq!(v["summary"]["changes"], 1);

    let r = diff(dir.path(), &["--format", "markdown"]);
    assert!(r.stdout.starts_with("### LookML changes\n"), "{}", r.stdout);
    assert!(
        r.stdout.contains("**label** (presentation)"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_move_alone_is_not_a_change() {
    let dir = projects(
        &[("views/orders.view.lkml", ORDERS)],
        &[("views/sales/orders.view.lkml", ORDERS)],
    );
    let r = diff(dir.path(), &["--exit-code"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .ends_with("No changes; 1 moved (no behaviour change).\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn comments_only_when_asked() {
    let commented = format!("# One row per order.\n{ORDERS}");
    let dir = projects(
        &[("views/orders.view.lkml", ORDERS)],
        &[("views/orders.view.lkml", &commented)],
    );
    assert_eq!(diff(dir.path(), &["--exit-code"]).code, 0);
    let r = diff(dir.path(), &["--exit-code", "--comments"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("+ comments: \"# One row per order.\" # comment"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_file_that_does_not_parse_is_not_compared_and_a_missing_side_exits_2() {
    const BROKEN: &str = "- dashboard: broken\n  title: [unclosed\n";
    let dir = projects(
        &[
            ("views/orders.view.lkml", ORDERS),
            ("views/users.view.lkml", "view: users {}\n"),
            ("broken.dashboard.lookml", BROKEN),
        ],
        &[
            (
                "views/orders.view.lkml",
                "view: orders {\n  dimension: x { sql: 1 }\n}\n",
            ),
            (
                "views/users.view.lkml",
                "view: users { label: \"People\" }\n",
            ),
            ("broken.dashboard.lookml", BROKEN),
        ],
    );
    // The broken dashboard is the same on both sides: nothing to say about it.
    // The view that broke is listed, and none of its objects counts as removed.
    let r = diff(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "~ view:users  views/users.view.lkml:1\n    + label: People # presentation\n\nSummary: 0 added, 1 modified, 0 removed (1 change: presentation 1).\n\nNot compared (the file does not parse; fix it to see its changes):\n  views/orders.view.lkml:2:18: this expression is not ended by `;;` (new side)\n"
    );
    let r = diff(dir.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(
        v["not_compared"],
        serde_json::json!([{"file": "views/orders.view.lkml", "line": 2, "column": 18, "reason": "this expression is not ended by `;;`", "side": "new"}])
    );
    let r = diff(dir.path(), &["--format", "markdown"]);
    assert!(
        r.stdout.contains("**Not compared**")
            && r.stdout
                .contains("views/orders.view.lkml:2:18: this expression"),
        "{}",
        r.stdout
    );
    // A file that may have changed is a difference for --exit-code.
    assert_eq!(diff(dir.path(), &["--exit-code"]).code, 1);

    let mut cmd = storyboard(&dir.path().join("home"));
    cmd.current_dir(dir.path()).args(["diff", "old", "missing"]);
    let r = run(&mut cmd);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("missing: no such directory"),
        "{}",
        r.stderr
    );
}

/// A repository whose `main` holds ORDERS, with a story branch checked out that
/// commits one change and leaves another uncommitted.
fn story_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("repo");
    support::git_init(&repo);
    std::fs::create_dir_all(repo.join("views")).expect("mkdir");
    std::fs::write(repo.join("views/orders.view.lkml"), ORDERS).expect("write");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "orders"]);
    git(&repo, &["checkout", "-qb", "story/ACME-1-status"]);
    std::fs::write(repo.join("views/orders.view.lkml"), ORDERS_EDITED).expect("write");
    git(&repo, &["commit", "-qam", "shorter label"]);
    let with_sql = ORDERS_EDITED.replace("${TABLE}.status", "UPPER(${TABLE}.status)");
    std::fs::write(repo.join("views/orders.view.lkml"), with_sql).expect("write");
    dir
}

fn diff_in_repo(dir: &Path, args: &[&str]) -> support::Run {
    let mut cmd = storyboard(&dir.join("home"));
    cmd.current_dir(dir.join("repo"))
        .arg("diff")
        .args(args)
        .args(["--format", "json"]);
    run(&mut cmd)
}

fn properties(r: &support::Run) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    v["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["property"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn no_argument_compares_the_working_tree_with_the_merge_base() {
    let dir = story_repo();
    let r = diff_in_repo(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut props = properties(&r);
    props.sort();
    assert_eq!(
        props,
        ["label", "sql"],
        "the commit and the uncommitted edit: {}",
        r.stdout
    );
}

#[test]
fn revisions_and_the_working_tree() {
    let dir = story_repo();
    let r = diff_in_repo(dir.path(), &["HEAD"]);
    assert_eq!(
        properties(&r),
        ["sql"],
        "only the uncommitted edit: {}",
        r.stdout
    );
    let r = diff_in_repo(dir.path(), &["main", "HEAD"]);
    assert_eq!(properties(&r), ["label"], "only the commit: {}", r.stdout);
}

#[test]
fn an_unknown_source_says_what_it_tried() {
    let dir = story_repo();
    let r = diff_in_repo(dir.path(), &["nope"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cannot find revision `nope`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("neither a directory, a story nor a revision"),
        "{}",
        r.stderr
    );
    // No storyboard.toml: there are no environments to read.
    let r = diff_in_repo(dir.path(), &["env:production"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no storyboard.toml"), "{}", r.stderr);
}

#[test]
fn tags_and_aliases_that_mean_the_same_are_no_change() {
    let old = "- dashboard: d\n  elements:\n  - name: a\n    model: shop\n    listen: &listen\n      Date: orders.date\n      Region: users.region\n    vis: {maxValue: !!null '', colors: &c [red, blue]}\n  - name: b\n    model: shop\n    listen: *listen\n    series: *c\n    value: !!null ''\n    other: ~\n";
    let same = "- dashboard: d\n  elements:\n  - name: a\n    model: shop\n    listen:\n      Date: orders.date\n      Region: users.region\n    vis: {maxValue: null, colors: [red, blue]}\n  - name: b\n    model: shop\n    listen:\n      Date: orders.date\n      Region: users.region\n    series: [red, blue]\n    value: null\n    other:\n";
    let dir = projects(
        &[("d.dashboard.lookml", old)],
        &[("d.dashboard.lookml", same)],
    );
    let r = diff(dir.path(), &["--exit-code"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "No changes.\n"),
        "{}",
        r.stderr
    );

    // A change at the anchor is a change wherever the alias stands.
    let changed = old.replace("Region: users.region", "Region: users.country");
    let dir = projects(
        &[("d.dashboard.lookml", old)],
        &[("d.dashboard.lookml", &changed)],
    );
    let r = diff(dir.path(), &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let names: Vec<&str> = v["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["path"].as_array()?.last()?.as_str())
        .collect();
    assert_eq!(names, ["element:a", "element:b"], "{}", r.stdout);
}
