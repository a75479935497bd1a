//! `storyboard demo --no-tui`: the workspace it builds is real and in every state
//! the terminal UI shows, and the story commands work on it.

mod support;

use support::{run, storyboard};

#[test]
fn the_demo_builds_a_workspace_with_stories_in_every_state() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let dir = tmp.path().join("demo");
    let r = run(storyboard(&home).arg("demo").arg(&dir).arg("--no-tui"));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let clone = dir.canonicalize().unwrap().join("alice");
    let personal = dir.canonicalize().unwrap().join("alice.toml");
    let sb = |args: &[&str]| {
        let r = run(storyboard(&home)
            .arg("-C")
            .arg(&clone)
            .arg("--config")
            .arg(&personal)
            .args(args));
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r.stdout
    };
    let list: serde_json::Value = serde_json::from_str(&sb(&["story", "list", "--json"])).unwrap();
    let stories = list.as_array().unwrap();
    let find = |key: &str| support::json_row(&list, "key", key);
    assert!(stories.len() >= 5, "{list}");
    assert!(
        stories.iter().all(|s| s["key"] != "ABC-101"),
        "ABC-101 is finished: {list}"
    );
    assert_eq!(find("ABC-102")["merged"], true);
    assert_eq!(find("ABC-103")["merged"], true, "squash-merged");
    let current = find("ABC-120");
    assert_eq!(current["current"], true);
    assert_eq!(current["published"], "yes");
    assert_eq!(
        current["unsynced"], 1,
        "an edit made in Looker waits: {current}"
    );
    assert_eq!(find("ABC-121")["uncommitted"], 1);
    assert_eq!(find("ABC-122")["pushed"]["state"], "yes");

    let status: serde_json::Value = serde_json::from_str(&sb(&["status", "--json"])).unwrap();
    for env in ["production", "acceptance", "integration", "dev-alice"] {
        let e = support::environment(&status, env);
        assert!(e["source"].is_string(), "{env} has a deployment: {e}");
    }
    // A pipeline in motion: main on integration, a release with two more
    // stories on acceptance, production one release behind.
    let names: Vec<&str> = status["environments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "integration",
            "acceptance",
            "production",
            "dev-alice",
            "dev-bob"
        ],
        "pipeline order, then your own, then a colleague's whose remote the clone has"
    );
    let env = |name: &str| support::environment(&status, name);
    assert_eq!(env("integration")["source_ref"], "main");
    assert_eq!(
        env("integration")["stories"],
        serde_json::json!(["ABC-101", "ABC-102", "ABC-103", "ABC-110"])
    );
    let acceptance = env("acceptance");
    assert!(
        acceptance["source_ref"]
            .as_str()
            .unwrap()
            .starts_with("release/"),
        "{acceptance}"
    );
    assert_eq!(
        acceptance["stories"],
        serde_json::json!(["ABC-101", "ABC-102", "ABC-103"])
    );
    let production = env("production");
    assert_eq!(production["stories"], serde_json::json!(["ABC-101"]));
    assert_eq!(
        production["pending"],
        serde_json::json!(["ABC-102", "ABC-103"])
    );
    let row = |key: &str| support::json_row(&status["stories"], "key", key);
    assert_eq!(row("ABC-101")["state"], "finished");
    assert_eq!(row("ABC-103")["state"], "merged");
    assert_eq!(row("ABC-122")["state"], "pushed");
    assert_eq!(row("ABC-121")["state"], "open");
    assert_eq!(
        row("ABC-110")["on"],
        serde_json::json!(["integration", "dev-alice", "dev-bob"])
    );
    let text = sb(&["status"]);
    assert!(
        text.lines()
            .any(|l| l.contains("ABC-102") && l.contains("pending")),
        "{text}"
    );
    // The warehouse companion: a revision recorded by every stage, and the
    // current story's schema script on its branch there.
    for stage in ["integration", "acceptance", "production"] {
        assert!(
            env(stage)["companions"]["warehouse"].is_string(),
            "{stage}: {status}"
        );
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("integration") && l.contains("with warehouse ")),
        "{text}"
    );
    assert_eq!(
        find("ABC-120")["companions"]["warehouse"]["ahead"],
        1,
        "{list}"
    );
    let history: serde_json::Value =
        serde_json::from_str(&sb(&["history", "acceptance", "--json"])).unwrap();
    assert_eq!(
        history[0]["arrived"],
        serde_json::json!(["ABC-102", "ABC-103"])
    );
    assert_eq!(history[1]["arrived"], serde_json::json!(["ABC-101"]));

    // In a story's worktree, `diff` compares with main as the team has it: the
    // stories merged since the local main was made are not this story's changes.
    let wip = sb(&["story", "path", "ABC-121"]);
    let r = run(storyboard(&home)
        .arg("-C")
        .arg(wip.trim())
        .arg("--config")
        .arg(&personal)
        .args(["diff", "--format", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let diff: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let paths: Vec<String> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].to_string())
        .collect();
    assert_eq!(paths.len(), 2, "{}", r.stdout);
    assert!(
        paths.iter().all(|p| p.contains("view:shipments")),
        "{paths:?}"
    );

    // The Looker edit syncs into the current story, with its spacing.
    let out = sb(&["story", "sync"]);
    assert!(out.contains("synced 1 commit(s) from dev-alice"), "{out}");
    let dir = sb(&["story", "path", "ABC-120"]);
    let orders =
        std::fs::read_to_string(std::path::Path::new(dir.trim()).join("views/orders.view.lkml"))
            .unwrap();
    assert!(orders.contains("label:   \"Completed orders\"  # renamed in the IDE"));

    // Without a terminal the UI cannot open: a clear refusal, not a crash.
    let r = run(storyboard(&home)
        .arg("-C")
        .arg(&clone)
        .arg("--config")
        .arg(&personal));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("the terminal UI needs a terminal"),
        "{}",
        r.stderr
    );

    // A second demo into the same directory is refused, changing nothing.
    let again = run(storyboard(&home)
        .arg("demo")
        .arg(tmp.path().join("demo"))
        .arg("--no-tui"));
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("exists and is not empty"),
        "{}",
        again.stderr
    );
}

#[test]
fn a_colleagues_environment_is_fetched_and_shown_with_its_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let dir = tmp.path().join("demo");
    let r = run(storyboard(&home).arg("demo").arg(&dir).arg("--no-tui"));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = dir.canonicalize().unwrap();
    let (clone, personal) = (dir.join("alice"), dir.join("alice.toml"));
    let sb = |args: &[&str]| {
        let r = run(storyboard(&home)
            .arg("-C")
            .arg(&clone)
            .arg("--config")
            .arg(&personal)
            .args(args));
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r.stdout
    };
    let git = |cwd: &std::path::Path, args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(cwd)
            .args(["-c", "user.name=Bob", "-c", "user.email=bob@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // Bob edits in his Looker: a commit on his environment's branch.
    let bob = tmp.path().join("bob-looker");
    let url = format!("file://{}", dir.join("remotes/dev-bob.git").display());
    git(
        tmp.path(),
        &["clone", "-q", "-b", "dev", &url, bob.to_str().unwrap()],
    );
    std::fs::write(bob.join("looker-edit.txt"), "edited in Looker\n").unwrap();
    git(&bob, &["add", "-A"]);
    git(&bob, &["commit", "-q", "-m", "Edit in Looker"]);
    git(&bob, &["push", "-q", "origin", "dev"]);

    let before: serde_json::Value = serde_json::from_str(&sb(&["status", "--json"])).unwrap();
    assert_eq!(support::environment(&before, "dev-bob")["edits_since"], 0);
    sb(&["story", "fetch"]);
    let after: serde_json::Value = serde_json::from_str(&sb(&["status", "--json"])).unwrap();
    assert_eq!(
        support::environment(&after, "dev-bob")["edits_since"],
        1,
        "{}",
        support::environment(&after, "dev-bob")
    );
}
