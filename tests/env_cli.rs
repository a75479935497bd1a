//! `storyboard render`, `unrender` and the render part of `check`, through the real
//! binary, on a real git repository.

mod support;

use support::run;

type Repo = support::ProjectRepo;

fn demo_repo() -> Repo {
    support::ProjectRepo::new(std::path::Path::new("assets/demo/project"))
}

#[test]
fn render_from_a_revision_leaves_the_working_tree_alone() {
    let r = demo_repo();
    let view = r.repo.join("views/orders.view.lkml");
    let mut edited = std::fs::read_to_string(&view).expect("view");
    edited.push_str("\n# uncommitted work\n");
    std::fs::write(&view, &edited).expect("edit");
    let out = r.home.join("out");
    let res = run(r
        .sb()
        .args(["render", "--env", "dev-alice", "--rev", "HEAD", "--out"])
        .arg(&out));
    assert_eq!(res.code, 0, "{}", res.stderr);
    assert!(
        res.stdout
            .contains("for dev-alice: 61 tokens changed, 2 model files renamed"),
        "{}",
        res.stdout
    );
    assert!(out.join("models/ecommerce_alice.model.lkml").is_file());
    assert!(!out.join("models/ecommerce.model.lkml").exists());
    let rendered =
        std::fs::read_to_string(out.join("views/orders.view.lkml")).expect("rendered view");
    assert!(
        !rendered.contains("uncommitted work"),
        "read from the commit, not the working tree"
    );
    assert!(rendered.contains("sql_table_name: dev_alice.orders ;;"));
    assert_eq!(
        std::fs::read_to_string(&view).expect("view"),
        edited,
        "working tree untouched"
    );
}

#[test]
fn render_then_unrender_through_the_command_line() {
    let r = demo_repo();
    let out = r.home.join("acceptance");
    let res = run(r
        .sb()
        .args(["render", "--env", "acceptance", "--dir", "."])
        .arg("--out")
        .arg(&out));
    assert_eq!(res.code, 0, "{}", res.stderr);
    let back = r.home.join("back");
    let res = run(r
        .sb()
        .args(["unrender", "--env", "acceptance", "--dir"])
        .arg(&out)
        .arg("--out")
        .arg(&back)
        .args(["--reference", "HEAD"]));
    assert_eq!(res.code, 0, "{}", res.stderr);
    for rel in [
        "models/ecommerce.model.lkml",
        "manifest.lkml",
        "dashboards/sales_overview.dashboard.lookml",
        "views/orders.view.lkml",
    ] {
        assert_eq!(
            std::fs::read(back.join(rel)).expect("unrendered"),
            std::fs::read(r.repo.join(rel)).expect("original"),
            "{rel}"
        );
    }
}

#[test]
fn unrender_without_reference_explains_what_is_missing() {
    let r = demo_repo();
    let out = r.home.join("dev");
    assert_eq!(
        run(r
            .sb()
            .args(["render", "--env", "dev-alice", "--dir", "."])
            .arg("--out")
            .arg(&out))
        .code,
        0
    );
    let res = run(r
        .sb()
        .args(["unrender", "--env", "dev-alice", "--dir"])
        .arg(&out)
        .arg("--out")
        .arg(r.home.join("back")));
    assert_eq!(res.code, 1);
    assert!(
        res.stderr.contains("constant `SCHEMA` holds `dev_alice`"),
        "{}",
        res.stderr
    );
    assert!(
        !r.home.join("back").exists(),
        "nothing written when refused"
    );
}

#[test]
fn render_never_writes_into_a_non_empty_directory() {
    let r = demo_repo();
    let out = r.home.join("busy");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("keep.txt"), "mine").expect("write");
    let res = run(r
        .sb()
        .args(["render", "--env", "dev-alice", "--dir", "."])
        .arg("--out")
        .arg(&out));
    assert_eq!(res.code, 2);
    assert!(
        res.stderr.contains("exists and is not empty"),
        "{}",
        res.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt")).expect("kept"),
        "mine"
    );
}

#[test]
fn an_unknown_environment_lists_the_known_ones() {
    let r = demo_repo();
    let res = run(r
        .sb()
        .args(["render", "--env", "staging", "--rev", "HEAD", "--out", "x"]));
    assert_eq!(res.code, 2);
    assert!(
        res.stderr.contains("no environment `staging`"),
        "{}",
        res.stderr
    );
    assert!(
        res.stderr
            .contains("acceptance, dev-alice, integration, production"),
        "{}",
        res.stderr
    );
}

#[test]
fn an_unknown_revision_is_an_input_error() {
    let r = demo_repo();
    let res = run(r.sb().args([
        "render",
        "--env",
        "dev-alice",
        "--rev",
        "nope",
        "--out",
        "x",
    ]));
    assert_eq!(res.code, 2);
    assert!(
        res.stderr.contains("cannot find revision `nope`"),
        "{}",
        res.stderr
    );
}

#[test]
fn check_renders_every_environment_and_reports_leaks() {
    let r = demo_repo();
    let res = run(r.sb().arg("check"));
    assert_eq!(res.code, 0, "{}{}", res.stdout, res.stderr);
    assert!(
        res.stdout
            .contains("dev-alice: ok (61 tokens changed, 2 model files renamed)"),
        "{}",
        res.stdout
    );

    // Forgetting to map the connection for developers leaks production's.
    let team = std::fs::read_to_string(r.repo.join("storyboard.toml")).expect("team");
    let leaky = team.replace(
        "connections = { warehouse = \"warehouse_{user}\" }\nconstants = { CONNECTION = \"warehouse_{user}\", SCHEMA = \"dev_{user}\" }",
        "constants = { SCHEMA = \"dev_{user}\" }",
    );
    assert_ne!(team, leaky);
    std::fs::write(r.repo.join("storyboard.toml"), leaky).expect("write");
    let res = run(r.sb().arg("check"));
    assert_eq!(res.code, 1, "{}", res.stdout);
    assert!(res.stdout.contains("dev-alice: refused"), "{}", res.stdout);
    assert!(res.stderr.contains("models/ecommerce_alice.model.lkml:4:14: the render for `dev-alice` uses connection `warehouse`"), "{}", res.stderr);
    assert!(
        res.stderr
            .contains("gives constant `CONNECTION` the value `warehouse`"),
        "{}",
        res.stderr
    );
}

#[test]
fn render_from_a_directory_keeps_dotfiles() {
    let r = demo_repo();
    std::fs::write(r.repo.join(".gitignore"), "target/\n").expect("write");
    let out = r.home.join("out");
    let res = run(r
        .sb()
        .args(["render", "--env", "dev-alice", "--dir", "."])
        .arg("--out")
        .arg(&out));
    assert_eq!(res.code, 0, "{}", res.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join(".gitignore")).expect("kept"),
        "target/\n"
    );
    assert!(
        !out.join(".git").exists(),
        "git's own directory is not part of the tree"
    );
}

#[test]
fn check_reports_a_file_that_does_not_parse_once_and_duplicate_keys_as_warnings() {
    let r = demo_repo();
    let dashboards = r.repo.join("dashboards");
    std::fs::write(
        dashboards.join("exported.dashboard.lookml"),
        "- dashboard: exported\n  elements:\n  - name: a\n    model: ecommerce\n    vis: {maxValue: !!null '', minValue: !!null ''}\n    listen: &listen\n      Date: orders.date\n  - name: b\n    model: ecommerce\n    listen: *listen\n    title: One\n    title: Two\n",
    )
    .expect("write");
    let res = run(r.sb().arg("check"));
    assert_eq!(res.code, 0, "{}{}", res.stdout, res.stderr);
    assert!(
        res.stderr.contains("warning: dashboards/exported.dashboard.lookml:12:5: duplicate key `title` (first at line 11); Looker keeps this later value"),
        "{}",
        res.stderr
    );

    std::fs::write(
        dashboards.join("broken.dashboard.lookml"),
        "- dashboard: broken\n  elements:\n  - name: a\n    model: ecommerce\n    title: [unclosed\n",
    )
    .expect("write");
    let res = run(r.sb().arg("check"));
    assert_eq!(res.code, 1, "{}{}", res.stdout, res.stderr);
    assert_eq!(
        res.stderr.matches("cannot parse").count(),
        1,
        "{}",
        res.stderr
    );
    assert!(
        res.stderr.contains("error: cannot parse dashboards/broken.dashboard.lookml:5:12: unterminated flow sequence"),
        "{}",
        res.stderr
    );
    assert!(!res.stderr.contains("cannot be undone"), "{}", res.stderr);
    assert!(
        !res.stderr.contains("must not already contain"),
        "{}",
        res.stderr
    );
    assert!(
        res.stdout
            .contains("dev-alice: not rendered: 1 file(s) do not parse"),
        "{}",
        res.stdout
    );
}
