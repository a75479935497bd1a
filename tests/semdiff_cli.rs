//! `storyboard diff` through the real binary: formats, exit codes and input errors.

mod support;

use std::path::Path;

use support::{run, storyboard};

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
fn input_errors_exit_2_and_say_where() {
    let dir = projects(
        &[("views/orders.view.lkml", ORDERS)],
        &[(
            "views/orders.view.lkml",
            "view: orders {\n  dimension: x { sql: 1 }\n}\n",
        )],
    );
    let r = diff(dir.path(), &[]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.starts_with("error: new/views/orders.view.lkml:2:"),
        "{}",
        r.stderr
    );

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
