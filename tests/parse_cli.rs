//! `storyboard parse` through the real binary.

mod support;

use support::{project_root, run, storyboard};

fn sb() -> (tempfile::TempDir, std::process::Command) {
    let home = tempfile::tempdir().expect("home");
    let mut cmd = storyboard(home.path());
    cmd.current_dir(project_root());
    (home, cmd)
}

#[test]
fn check_reports_each_failure_and_a_summary() {
    let (_h, mut cmd) = sb();
    let r = run(cmd.args(["parse", "--check", "assets/demo", "tests/corpus/edge"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        &lines[..3],
        [
            "tests/corpus/edge/double_semicolon_in_sql_string.view.lkml:4:43: expected `:` after `b'`",
            "tests/corpus/edge/quoted_block_name.view.lkml:2:7: a block's name cannot be quoted",
            "tests/corpus/edge/stray_semicolon.view.lkml:3:33: stray `;`",
        ]
    );
    let summary = lines.last().expect("summary");
    assert!(summary.ends_with(" bytes, 3 errors"), "{summary}");
    let files: usize = summary
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("count");
    assert!(files >= 70, "{summary}");
}

#[test]
fn check_passes_on_the_demo_projects() {
    let (_h, mut cmd) = sb();
    let r = run(cmd.args(["parse", "--check", "assets/demo"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.trim_end().ends_with(" bytes, 0 errors"),
        "{}",
        r.stdout
    );
}

#[test]
fn print_gives_back_the_bytes() {
    for f in [
        "tests/corpus/edge/crlf_line_endings.view.lkml",
        "tests/corpus/edge/byte_order_mark.view.lkml",
        "assets/demo/project/dashboards/sales_overview.dashboard.lookml",
        "assets/demo/legacy/shop.model.lookml",
    ] {
        let (_h, mut cmd) = sb();
        let out = cmd
            .args(["parse", "--format", "print", f])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{f}");
        assert_eq!(
            out.stdout,
            std::fs::read(project_root().join(f)).expect("read"),
            "{f}"
        );
    }
}

#[test]
fn lkml_json_matches_the_golden() {
    let f = "assets/demo/project/views/orders.view.lkml";
    let (_h, mut cmd) = sb();
    let r = run(cmd.args(["parse", "--format", "lkml-json", f]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ours: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let golden = std::fs::read_to_string(project_root().join(format!("tests/lkml-json/{f}.json")))
        .expect("golden");
    assert_eq!(
        ours,
        serde_json::from_str::<serde_json::Value>(&golden).expect("json")
    );
}

#[test]
fn a_syntax_error_shows_the_line_and_a_caret() {
    let (_h, mut cmd) = sb();
    let r = run(cmd.args(["parse", "tests/corpus/edge/stray_semicolon.view.lkml"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: tests/corpus/edge/stray_semicolon.view.lkml:3:33: stray `;`\n"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("^\n"), "{}", r.stderr);
    assert!(
        r.stderr.contains("= help: expressions end with `;;`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_missing_path_is_an_input_error() {
    let (_h, mut cmd) = sb();
    let r = run(cmd.args(["parse", "--check", "no/such/dir"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no/such/dir"), "{}", r.stderr);
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_no_error() {
    use std::io::Read;
    let dir = tempfile::tempdir().expect("dir");
    let big = dir.path().join("big.dashboard.lookml");
    let elements: String = (0..20_000)
        .map(|i| format!("  - name: e{i}\n    model: shop\n"))
        .collect();
    std::fs::write(&big, format!("- dashboard: big\n  elements:\n{elements}")).expect("write");
    let (_h, mut cmd) = sb();
    let mut child = cmd
        .args(["parse", "--format", "json"])
        .arg(&big)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
