//! Acceptance, story by story, through the real binary on real git: a team
//! remote and one bare remote per stage, reached by `file://` URLs, and two
//! testers, Alice and Bob, each in a clone of their own.
//!
//! A release of three stories on acceptance: its notes list them with their
//! diffs; two are accepted by different people and one rejected; production
//! refuses the rejected and the untested one, then takes the release once the
//! rejected story is rolled back and the other accepted. A later deployment
//! that changes an accepted story's objects makes its acceptance stale. Two
//! testers signing off at once are both recorded. Sign-offs killed at random
//! points are completed or dropped by the next run, and the team's record of
//! them only ever moves forward.

#[path = "support/pipeline.rs"]
mod pipeline;
mod support;
#[path = "support/world.rs"]
mod world;

use std::time::{Duration, Instant};

use pipeline::*;
use support::json_row;
use world::{World, git_out};

/// Production takes only what acceptance accepted: committed on main.
fn require_acceptance(w: &World) {
    let path = w.clone.join("storyboard.toml");
    let text = read(&path).replace(
        "stages = [\"integration\", \"acceptance\", \"production\"]",
        "stages = [\"integration\", \"acceptance\", \"production\"]\nrequire_acceptance = \"acceptance\"",
    );
    std::fs::write(&path, text).unwrap();
    git_out(
        &w.clone,
        &[
            "commit",
            "-q",
            "-am",
            "Production takes accepted stories only",
        ],
    );
    git_out(&w.clone, &["push", "-q", "origin", "main"]);
}

/// A story that adds the dimension `name` to the view in `file`, pushed for
/// review (so every clone knows it).
fn story_adding(w: &World, key: &str, slug: &str, file: &str, name: &str) -> String {
    w.ok(&["story", "new", key, slug]);
    let dir = w.story_dir(key);
    let path = dir.join(file);
    let text = read(&path);
    let end = text
        .rfind('}')
        .unwrap_or_else(|| panic!("a view in {file}"));
    let mut out = text[..end].trim_end().to_string();
    out.push_str(&format!(
        "\n\n  dimension: {name} {{\n    type: yesno\n    sql: ${{TABLE}}.{name} ;;\n  }}\n}}\n"
    ));
    std::fs::write(&path, out).unwrap();
    git_out(&dir, &["commit", "-q", "-am", &format!("Add {name}")]);
    w.ok(&["story", "pr", key]);
    format!("story/{key}-{slug}")
}

fn row<'a>(st: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    json_row(&st["stories"], "key", key)
}

/// Main → integration → a release → acceptance.
fn release_to_acceptance(w: &World) -> String {
    w.ok(&["promote", "integration", "--yes"]);
    let cut = json(&w.ok(&["release", "cut", "--yes", "--json"]));
    w.ok(&["promote", "acceptance", "--yes"]);
    cut["name"].as_str().unwrap_or_default().to_string()
}

/// A story's chain of sign-offs on the team remote, newest first: each
/// record's subject.
fn team_records(w: &World, key: &str) -> Vec<String> {
    let r = format!("refs/storyboard/acceptance/{key}");
    let exists = std::process::Command::new("git")
        .args(["rev-parse", "--verify", "-q", &r])
        .current_dir(w.bare("team"))
        .output()
        .unwrap()
        .status
        .success();
    if !exists {
        return Vec::new();
    }
    git_out(&w.bare("team"), &["log", "--format=%s", &r])
        .lines()
        .map(str::to_string)
        .collect()
}

fn team_record_tip(w: &World, key: &str) -> String {
    let out = std::process::Command::new("git")
        .args([
            "rev-parse",
            "--verify",
            "-q",
            &format!("refs/storyboard/acceptance/{key}"),
        ])
        .current_dir(w.bare("team"))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_release_is_signed_off_story_by_story_and_production_takes_only_what_was_accepted() {
    let w = World::new();
    require_acceptance(&w);
    let bob = lead(&w, "bob");
    let mut tips = Tips::default();
    let b1 = story_adding(&w, "A-1", "one", "views/orders.view.lkml", "a1_flag");
    merge_commit(&w, &b1, 1);
    let b2 = story_adding(&w, "A-2", "two", "views/users.view.lkml", "a2_flag");
    squash_merge(&w, &b2, "A-2 Add a2_flag", 2);
    let b3 = story_adding(&w, "A-3", "three", "views/shipments.view.lkml", "a3_flag");
    merge_commit(&w, &b3, 3);
    let release = release_to_acceptance(&w);
    tips.record(&w);

    // The notes: all three, each with its title, author, pull request and diff.
    let md = w.ok(&["release", "notes", "--format", "markdown"]);
    for needle in [
        format!("# Release `{release}`"),
        "3 stories".to_string(),
        "## A-1 Add a1_flag".to_string(),
        "## A-2 Add a2_flag".to_string(),
        "## A-3 Add a3_flag".to_string(),
        "- **Authors:** Test".to_string(),
        "- **Changes:** 1 added, 0 modified, 0 removed".to_string(),
        "- **Pull request:** #1".to_string(),
        "- **Pull request:** #2".to_string(),
        "`+ view:orders / dimension:a1_flag`".to_string(),
        "`+ view:users / dimension:a2_flag`".to_string(),
        "`+ view:shipments / dimension:a3_flag`".to_string(),
        "not signed off on acceptance".to_string(),
        "<details><summary>Semantic diff of A-2</summary>".to_string(),
        "| Story | Title | Authors | Sign-off |".to_string(),
    ] {
        assert!(md.contains(&needle), "`{needle}` in:\n{md}");
    }
    let notes = json(&w.ok(&["release", "notes", &release, "--format", "json"]));
    assert_eq!(notes["release"], release.as_str());
    let keys: Vec<&str> = notes["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["A-1", "A-2", "A-3"]);
    let a2 = json_row(&notes["stories"], "key", "A-2");
    assert_eq!(a2["title"], "Add a2_flag");
    assert_eq!(a2["pull_request"], 2);
    assert_eq!(
        a2["authors"],
        serde_json::json!(["Test <test@example.com>"])
    );
    assert_eq!(
        a2["objects"],
        serde_json::json!(["+ view:users / dimension:a2_flag"])
    );
    assert_eq!(a2["summary"]["added"], 1);
    let changes = a2["diff"]["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{a2}");
    assert_eq!(changes[0]["file"], "views/users.view.lkml");
    let text = w.ok(&["release", "notes"]);
    assert!(text.contains("A-3 Add a3_flag"), "{text}");
    let r = w.sb(&["release", "notes", "release/1999-01-01"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no release is called"), "{}", r.stderr);

    // Errors say what is wrong and what to do.
    let r = w.sb(&["accept", "A-11", "--on", "acceptance", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no story `A-11`") && r.stderr.contains("did you mean `A-1`?"),
        "{}",
        r.stderr
    );
    let r = w.sb(&["accept", "A-1", "--on", "acceptanse", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `acceptance`?"),
        "{}",
        r.stderr
    );
    let r = w.sb(&["accept", "A-1", "--on", "production", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`production` holds no deployment"),
        "{}",
        r.stderr
    );
    w.ok(&["story", "new", "A-9", "later"]);
    let r = w.sb(&["accept", "A-9", "--on", "acceptance", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("A-9 is not on `acceptance`"),
        "{}",
        r.stderr
    );
    let r = w.sb(&["reject", "A-2", "--on", "acceptance", "--yes"]);
    assert_eq!(r.code, 2, "a rejection says why");
    assert!(r.stderr.contains("--message"), "{}", r.stderr);
    // A write to the team remote: shown, and not made without a terminal or --yes.
    let r = w.sb(&["accept", "A-1", "--on", "acceptance"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout.contains("accept A-1 on acceptance") && r.stdout.contains("Alice Analyst"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert!(team_records(&w, "A-1").is_empty(), "nothing was written");

    // Alice accepts A-1, Bob rejects A-2 and accepts nothing else yet.
    let out = w.ok(&[
        "accept",
        "A-1",
        "--on",
        "acceptance",
        "-m",
        "Totals match the warehouse",
        "--yes",
    ]);
    assert!(out.contains("accepted A-1 on acceptance"), "{out}");
    let r = bob.sb(&[
        "reject",
        "A-2",
        "--on",
        "acceptance",
        "-m",
        "Wrong users counted",
        "--yes",
    ]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("storyboard rollback A-2 --from acceptance"),
        "{}",
        r.stdout
    );
    assert_eq!(team_records(&w, "A-1"), ["Accept A-1 on acceptance"]);
    assert_eq!(team_records(&w, "A-2"), ["Reject A-2 on acceptance"]);

    // Production refuses, naming the rejected and the untested story.
    w.ok(&["story", "fetch"]);
    let production_before = w.remote_tip("production", "main");
    let r = w.sb(&["promote", "production", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("`production` takes only stories accepted on `acceptance`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("A-2  rejected on acceptance by bob <bob@acme.example>")
            && r.stderr.contains("Wrong users counted")
            && r.stderr
                .contains("`storyboard rollback A-2 --from acceptance`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("A-3  not accepted on acceptance"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("A-1  "), "A-1 is accepted: {}", r.stderr);
    assert_eq!(w.remote_tip("production", "main"), production_before);

    let st = status(&w);
    assert_eq!(
        row(&st, "A-1")["accepted_on"],
        serde_json::json!(["acceptance"])
    );
    assert_eq!(
        row(&st, "A-2")["rejected_on"],
        serde_json::json!(["acceptance"])
    );
    assert_eq!(row(&st, "A-3")["accepted_on"], serde_json::json!([]));
    assert_eq!(
        row(&st, "A-1")["sign_offs"][0]["record"]["by"],
        "Alice Analyst <alice@acme.example>"
    );
    assert_eq!(
        row(&st, "A-2")["sign_offs"][0]["record"]["message"],
        "Wrong users counted"
    );
    let board = w.ok(&["status"]);
    assert!(
        board
            .lines()
            .any(|l| l.contains("A-1") && l.contains("accepted")),
        "{board}"
    );
    assert!(
        board
            .lines()
            .any(|l| l.contains("A-2") && l.contains("rejected")),
        "{board}"
    );

    // Bob accepts A-3: two people accepted two stories.
    let r = bob.sb(&["accept", "A-3", "--on", "acceptance", "--yes"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    w.ok(&["story", "fetch"]);
    let st = status(&w);
    assert_eq!(
        row(&st, "A-3")["sign_offs"][0]["record"]["by"],
        "bob <bob@acme.example>"
    );
    let r = w.sb(&["promote", "production", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("A-2  rejected"), "{}", r.stderr);
    assert!(!r.stderr.contains("A-3  "), "{}", r.stderr);

    // The rejected story rolled back, production takes the rest.
    w.ok(&[
        "rollback",
        "A-2",
        "--from",
        "acceptance",
        "-m",
        "Wrong users counted",
        "--yes",
    ]);
    let out = json(&w.ok(&["promote", "production", "--yes", "--json"]));
    assert_eq!(
        out["promoted"]["arrived"],
        serde_json::json!(["A-1", "A-3"])
    );
    assert_eq!(out["plan"]["requires_acceptance_on"], "acceptance");
    assert_eq!(out["plan"]["sign_offs"]["A-1"][0]["state"], "accepted");
    assert_eq!(
        out["plan"]["sign_offs"]["A-3"][0]["record"]["by"],
        "bob <bob@acme.example>"
    );
    tips.record(&w);
    assert_eq!(
        stories_of(&status(&w), "production"),
        serde_json::json!(["A-1", "A-3"])
    );

    // A later story changes A-1's dimension: once deployed to acceptance,
    // A-1's acceptance there is stale; A-3's holds.
    w.ok(&["story", "new", "A-4", "relabel"]);
    let dir = w.story_dir("A-4");
    let p = dir.join("views/orders.view.lkml");
    std::fs::write(
        &p,
        read(&p).replace(
            "type: yesno\n    sql: ${TABLE}.a1_flag ;;",
            "type: yesno\n    label: \"A1\"\n    sql: ${TABLE}.a1_flag ;;",
        ),
    )
    .unwrap();
    git_out(&dir, &["commit", "-q", "-am", "Label a1_flag"]);
    w.ok(&["story", "pr", "A-4"]);
    merge_commit(&w, "story/A-4-relabel", 4);
    let plan = w.ok(&["promote", "integration", "--dry-run"]);
    assert!(
        plan.contains("sign-off  A-4  not signed off"),
        "the plan shows each arriving story's sign-off: {plan}"
    );
    release_to_acceptance(&w);
    tips.record(&w);
    let st = status(&w);
    assert_eq!(
        row(&st, "A-1")["stale_on"],
        serde_json::json!(["acceptance"]),
        "{}",
        row(&st, "A-1")
    );
    assert_eq!(row(&st, "A-1")["accepted_on"], serde_json::json!([]));
    assert_eq!(
        row(&st, "A-1")["sign_offs"][0]["changed"],
        serde_json::json!(["view:orders / dimension:a1_flag"])
    );
    assert_eq!(
        row(&st, "A-3")["accepted_on"],
        serde_json::json!(["acceptance"])
    );
    let board = w.ok(&["status"]);
    assert!(
        board
            .lines()
            .any(|l| l.contains("A-1") && l.contains("stale")),
        "{board}"
    );
    // Production would bring A-4, untested.
    let r = w.sb(&["promote", "production", "--dry-run"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("A-4  not accepted on acceptance"),
        "{}",
        r.stderr
    );
    // Tested again, A-1 is accepted again.
    w.ok(&["accept", "A-1", "--on", "acceptance", "--yes"]);
    w.ok(&["accept", "A-4", "--on", "acceptance", "--yes"]);
    let st = status(&w);
    assert_eq!(
        row(&st, "A-1")["accepted_on"],
        serde_json::json!(["acceptance"])
    );
    assert_eq!(row(&st, "A-1")["stale_on"], serde_json::json!([]));
    w.ok(&["promote", "production", "--yes"]);
    tips.record(&w);
    tips.assert_never_forced(&w);
}

#[test]
fn two_testers_signing_off_at_once_are_both_recorded() {
    let w = World::new();
    let bob = lead(&w, "bob");
    let b1 = story_adding(&w, "T-1", "one", "views/orders.view.lkml", "t1_flag");
    merge_commit(&w, &b1, 1);
    release_to_acceptance(&w);

    // Alice plans her sign-off; Bob's lands before she records hers.
    let config = storyboard::config::load(&w.clone, Some((w.personal.clone(), true))).unwrap();
    let ws = storyboard::story::Workspace::open(config).unwrap();
    let plan = ws
        .plan_accept("T-1", "acceptance", Some("Looks right"))
        .unwrap();
    let r = bob.sb(&[
        "reject",
        "T-1",
        "--on",
        "acceptance",
        "-m",
        "Flag is inverted",
        "--yes",
    ]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let report = ws.sign_off(&plan).unwrap();
    assert_eq!(report.landed_first, 1, "{report}");
    assert!(report.to_string().contains("both are kept"), "{report}");
    assert_eq!(
        team_records(&w, "T-1"),
        ["Accept T-1 on acceptance", "Reject T-1 on acceptance"],
        "both recorded, Alice's on top of Bob's"
    );
    // The newer word stands.
    let st = status(&w);
    assert_eq!(
        row(&st, "T-1")["accepted_on"],
        serde_json::json!(["acceptance"])
    );

    // Truly at once: both processes started together, several times.
    let mut seen = vec![team_record_tip(&w, "T-1")];
    for round in 0..4 {
        let spawn = |dir: &std::path::Path, config: &std::path::Path, msg: &str| {
            support::storyboard(&w.home)
                .arg("-C")
                .arg(dir)
                .arg("--config")
                .arg(config)
                .args(["accept", "T-1", "--on", "acceptance", "-m", msg, "--yes"])
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let a = spawn(&w.clone, &w.personal, &format!("alice round {round}"));
        let b = spawn(
            &w.root.join("bob"),
            &w.root.join("bob.toml"),
            &format!("bob round {round}"),
        );
        let mut said = String::new();
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            let text = format!(
                "{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(out.status.success(), "round {round}: {text}");
            said.push_str(&text);
        }
        let tip = team_record_tip(&w, "T-1");
        let last = seen.last().cloned().unwrap_or_default();
        assert!(
            git_out(
                &w.bare("team"),
                &["merge-base", "--is-ancestor", &last, &tip]
            )
            .is_empty(),
            "round {round}: the chain moved forward"
        );
        seen.push(tip);
        let bodies = git_out(
            &w.bare("team"),
            &["log", "--format=%b", "refs/storyboard/acceptance/T-1"],
        );
        for who in ["alice", "bob"] {
            assert!(
                bodies.contains(&format!("{who} round {round}")),
                "round {round}: {who}'s sign-off is recorded:\n{bodies}\n{said}"
            );
        }
    }
    assert_eq!(team_records(&w, "T-1").len(), 2 + 8);
}

#[test]
fn a_sign_off_killed_at_a_crash_point_is_completed_by_the_next_run() {
    let w = World::new();
    let b1 = story_adding(&w, "C-1", "one", "views/orders.view.lkml", "c1_flag");
    merge_commit(&w, &b1, 1);
    release_to_acceptance(&w);
    for (i, point) in ["sign-off-after-pending", "sign-off-after-push"]
        .into_iter()
        .enumerate()
    {
        let message = format!("point {point}");
        let args = [
            "accept",
            "C-1",
            "--on",
            "acceptance",
            "-m",
            &message,
            "--yes",
        ];
        let r = w.sb_env(&args, &[("STORYBOARD_CRASH_AT", point)]);
        assert_ne!(r.code, 0, "{point}: the run died there");
        let pending = git_out(
            &w.clone,
            &["for-each-ref", "refs/storyboard/pending-acceptance/"],
        );
        assert!(!pending.is_empty(), "{point}: left pending");
        let out = w.ok(&args);
        assert!(
            out.contains("completed the interrupted sign-off: C-1 accepted on acceptance"),
            "{point}: {out}"
        );
        assert!(out.contains("accepted on acceptance already"), "{out}");
        let pending = git_out(
            &w.clone,
            &["for-each-ref", "refs/storyboard/pending-acceptance/"],
        );
        assert_eq!(pending, "", "{point}: nothing left pending");
        assert_eq!(
            team_records(&w, "C-1").len(),
            i + 1,
            "{point}: recorded once"
        );
    }
}

#[test]
fn sign_offs_killed_at_random_points_are_completed_or_dropped() {
    let w = World::new();
    let b1 = story_adding(&w, "K-1", "one", "views/orders.view.lkml", "k1_flag");
    merge_commit(&w, &b1, 1);
    release_to_acceptance(&w);
    let mut rng = Lcg(0xacce_2026);
    let mut span = Duration::from_millis(300);
    let mut interrupted = 0;
    let mut locks = 0;
    let mut tips: Vec<String> = Vec::new();
    let mut records = 0;
    // The first times an uninterrupted sign-off; the other twenty are killed.
    for i in 0..21 {
        let message = format!("run {i}");
        let verb = if i % 3 == 2 { "reject" } else { "accept" };
        let args = [verb, "K-1", "--on", "acceptance", "-m", &message, "--yes"];
        if i == 0 {
            let started = Instant::now();
            w.ok(&args);
            span = started.elapsed();
            records += 1;
            tips.push(team_record_tip(&w, "K-1"));
            continue;
        }
        let (delay, finished) = run_and_kill(&w, &args, span, &mut rng);
        if !finished {
            interrupted += 1;
        }
        tips.push(team_record_tip(&w, "K-1"));
        let r = rerun_after_kill(&w, &args, &mut locks);
        assert_eq!(
            r.code, 0,
            "run {i}, killed at {delay:?}: {}\n{}",
            r.stdout, r.stderr
        );
        tips.push(team_record_tip(&w, "K-1"));
        let pending = git_out(
            &w.clone,
            &["for-each-ref", "refs/storyboard/pending-acceptance/"],
        );
        assert_eq!(pending, "", "run {i}: nothing left pending");
        let now = team_records(&w, "K-1").len();
        let added = now - records;
        assert!(
            (1..=2).contains(&added),
            "run {i}: its sign-off recorded once (twice when the kill came after it finished), not {added}"
        );
        records = now;
        let bodies = git_out(
            &w.bare("team"),
            &["log", "-1", "--format=%b", "refs/storyboard/acceptance/K-1"],
        );
        assert!(bodies.contains(&message), "run {i}: {bodies}");
    }
    // The team's chain only ever moved forward.
    tips.retain(|t| !t.is_empty());
    for pair in tips.windows(2) {
        assert!(
            git_out(
                &w.bare("team"),
                &["merge-base", "--is-ancestor", &pair[0], &pair[1]]
            )
            .is_empty(),
            "{} → {} without it as an ancestor",
            pair[0],
            pair[1]
        );
    }
    assert!(
        interrupted >= 8,
        "only {interrupted} of 20 runs were killed before they finished"
    );
    assert!(locks <= 5, "{locks} lock files were left in 20 kills");
}
