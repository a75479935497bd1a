//! Rolling back one story, through the real binary, on real git: a team remote
//! and one bare remote per stage, reached by `file://` URLs.
//!
//! A release of three stories on acceptance loses exactly the middle one
//! (squash-merged), keeps the others byte for byte, and the story stays held out
//! of production and of new releases until `unhold`. A revert that conflicts
//! with a later story stops, and is continued or aborted. Two leads: a rollback
//! planned while another lead promotes is refused, nothing pushed. Rollbacks
//! killed at random points are completed or undone by the next run, and no
//! branch is ever force-pushed.

#[path = "support/pipeline.rs"]
mod pipeline;
mod support;
#[path = "support/world.rs"]
mod world;

use std::path::Path;
use std::time::{Duration, Instant};

use pipeline::*;
use support::{environment, json_row};
use world::{World, git_out};

/// A story that adds the dimension `name` to the view in `file`.
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
    format!("story/{key}-{slug}")
}

fn row<'a>(st: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    json_row(&st["stories"], "key", key)
}

fn changed_files(bare: &Path, old: &str, new: &str) -> Vec<String> {
    git_out(bare, &["diff", "--name-only", old, new])
        .lines()
        .map(str::to_string)
        .collect()
}

/// Main → integration → a release → acceptance.
fn release_to_acceptance(w: &World) -> String {
    w.ok(&["promote", "integration", "--yes"]);
    let cut = json(&w.ok(&["release", "cut", "--yes", "--json"]));
    w.ok(&["promote", "acceptance", "--yes"]);
    cut["name"].as_str().unwrap_or_default().to_string()
}

#[test]
fn one_story_leaves_a_release_whole_and_stays_out_until_unheld() {
    let w = World::new();
    let mut tips = Tips::default();
    let b1 = story_adding(&w, "R-1", "one", "views/orders.view.lkml", "r1_flag");
    merge_commit(&w, &b1, 1);
    let b2 = story_adding(&w, "R-2", "two", "views/users.view.lkml", "r2_flag");
    squash_merge(&w, &b2, "R-2 Add r2_flag", 2);
    let b3 = story_adding(&w, "R-3", "three", "views/shipments.view.lkml", "r3_flag");
    merge_commit(&w, &b3, 3);
    let release = release_to_acceptance(&w);
    tips.record(&w);
    let st = status(&w);
    assert_eq!(
        stories_of(&st, "acceptance"),
        serde_json::json!(["R-1", "R-2", "R-3"])
    );
    let main_before = w.remote_tip("team", "main");
    let release_before = w.remote_tip("team", &release);
    let acceptance_before = w.remote_tip("acceptance", "main");

    // The plan: only R-2's objects leave.
    let plan = json(&w.ok(&[
        "rollback",
        "R-2",
        "--from",
        "acceptance",
        "--dry-run",
        "--json",
    ]));
    assert_eq!(plan["plan"]["branch"], release.as_str());
    assert_eq!(plan["plan"]["changes_main"], false);
    assert_eq!(
        plan["plan"]["promotion"]["leaving"],
        serde_json::json!(["R-2"])
    );
    assert_eq!(plan["plan"]["promotion"]["arriving"], serde_json::json!([]));
    let changes = plan["plan"]["promotion"]["diff"]["changes"]
        .as_array()
        .unwrap();
    assert!(!changes.is_empty(), "{plan}");
    for c in changes {
        assert_eq!(c["op"], "removed", "{c}");
        assert!(c["path"].to_string().contains("r2_flag"), "{c}");
    }
    assert_eq!(
        w.remote_tip("team", &release),
        release_before,
        "a dry run writes nothing"
    );

    let out = w.ok(&[
        "rollback",
        "R-2",
        "--from",
        "acceptance",
        "-m",
        "fails acceptance: wrong users",
        "--yes",
    ]);
    assert!(out.contains("rolled back R-2"), "{out}");
    tips.record(&w);
    let release_after = w.remote_tip("team", &release);
    assert_ne!(release_after, release_before);
    assert!(
        git_out(
            &w.bare("team"),
            &[
                "merge-base",
                "--is-ancestor",
                &release_before,
                &release_after
            ]
        )
        .is_empty(),
        "the release's previous tip is an ancestor of its new one"
    );
    assert_eq!(
        w.remote_tip("team", "main"),
        main_before,
        "main is untouched"
    );
    // Acceptance keeps the other stories byte for byte: only R-2's file changed.
    let acceptance_after = w.remote_tip("acceptance", "main");
    assert_eq!(
        changed_files(&w.bare("acceptance"), &acceptance_before, &acceptance_after),
        ["views/users.view.lkml"]
    );
    let users = git_out(
        &w.bare("acceptance"),
        &["show", &format!("{acceptance_after}:views/users.view.lkml")],
    );
    assert!(!users.contains("r2_flag"), "{users}");
    let msg = git_out(&w.bare("acceptance"), &["log", "-1", "--format=%B", "main"]);
    assert!(msg.contains("Storyboard-Rollback: R-2"), "{msg}");

    let st = status(&w);
    assert_eq!(
        stories_of(&st, "acceptance"),
        serde_json::json!(["R-1", "R-3"])
    );
    assert_eq!(row(&st, "R-2")["held"], true);
    assert_eq!(
        row(&st, "R-2")["held_from"],
        serde_json::json!(["acceptance", "production"])
    );
    // Alice's own environment holds R-3 as it was made, from a main with R-2.
    assert_eq!(
        row(&st, "R-2")["on"],
        serde_json::json!(["integration", "dev-alice"])
    );
    assert_eq!(row(&st, "R-1")["held"], false);
    assert_eq!(
        environment(&st, "production")["pending"],
        serde_json::json!(["R-1", "R-3"])
    );
    let h = json(&w.ok(&["history", "acceptance", "--json"]));
    assert_eq!(h[0]["rollback"], "R-2");
    assert_eq!(h[0]["rollback_message"], "fails acceptance: wrong users");
    assert_eq!(h[0]["left"], serde_json::json!(["R-2"]));

    // Production goes ahead without it.
    w.ok(&["promote", "production", "--yes"]);
    tips.record(&w);
    let st = status(&w);
    assert_eq!(
        stories_of(&st, "production"),
        serde_json::json!(["R-1", "R-3"])
    );
    let text = w.ok(&["status"]);
    assert!(
        text.lines()
            .any(|l| l.contains("R-2") && l.contains("held")),
        "{text}"
    );

    // A new release while R-2 is held leaves it out, and says so.
    let b4 = story_adding(&w, "R-4", "four", "views/returns.view.lkml", "r4_flag");
    merge_commit(&w, &b4, 4);
    w.ok(&["promote", "integration", "--yes"]);
    let cut = json(&w.ok(&["release", "cut", "--yes", "--json"]));
    assert_eq!(cut["held_out"], serde_json::json!(["R-2"]), "{cut}");
    assert_eq!(cut["stories"], serde_json::json!(["R-1", "R-3", "R-4"]));
    let second = cut["name"].as_str().unwrap().to_string();
    // Nor can a promotion bring it back while it is held.
    let r = w.sb(&["promote", "acceptance", "--ref", "main", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("held") && r.stderr.contains("R-2"),
        "{}",
        r.stderr
    );
    let out = json(&w.ok(&["promote", "acceptance", "--yes", "--json"]));
    assert_eq!(out["plan"]["source_ref"], second.as_str());
    assert_eq!(out["promoted"]["arrived"], serde_json::json!(["R-4"]));
    tips.record(&w);

    // Unhold: the next cut carries it, and the plan says it arrives.
    // A write to the team remote: shown and asked for first.
    let r = w.sb(&["unhold", "R-2"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("lift the hold: R-2 is held from acceptance"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert_eq!(row(&status(&w), "R-2")["held"], true, "nothing was written");
    let out = w.ok(&["unhold", "R-2", "--yes"]);
    assert!(out.contains("lifted the hold on R-2"), "{out}");
    let st = status(&w);
    assert_eq!(row(&st, "R-2")["held"], false);
    assert_eq!(row(&st, "R-2")["held_from"], serde_json::json!([]));
    let cut = json(&w.ok(&["release", "cut", "--yes", "--json"]));
    assert_eq!(cut["held_out"], serde_json::json!([]));
    assert_eq!(cut["new_stories"], serde_json::json!(["R-2"]), "{cut}");
    let out = json(&w.ok(&["promote", "acceptance", "--yes", "--json"]));
    assert_eq!(out["promoted"]["arrived"], serde_json::json!(["R-2"]));
    tips.record(&w);
    let r = w.sb(&["unhold", "R-2", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not held"), "{}", r.stderr);
    tips.assert_never_forced(&w);
}

#[test]
fn a_revert_that_conflicts_with_a_later_story_is_continued_or_aborted() {
    let w = World::new();
    let c1 = {
        w.ok(&["story", "new", "C-1", "label"]);
        let dir = w.story_dir("C-1");
        let p = dir.join("views/orders.view.lkml");
        std::fs::write(
            &p,
            read(&p).replacen("label: \"Order Status\"", "label: \"Order status\"", 1),
        )
        .unwrap();
        git_out(&dir, &["commit", "-q", "-am", "Sentence case"]);
        "story/C-1-label".to_string()
    };
    merge_commit(&w, &c1, 1);
    let c2 = {
        w.ok(&["story", "new", "C-2", "relabel"]);
        let dir = w.story_dir("C-2");
        let p = dir.join("views/orders.view.lkml");
        let text = read(&p);
        assert!(
            text.contains("label: \"Order status\""),
            "C-2 builds on C-1"
        );
        std::fs::write(
            &p,
            text.replacen("label: \"Order status\"", "label: \"Order state\"", 1),
        )
        .unwrap();
        git_out(&dir, &["commit", "-q", "-am", "Call it a state"]);
        "story/C-2-relabel".to_string()
    };
    merge_commit(&w, &c2, 2);
    let release = release_to_acceptance(&w);
    let release_before = w.remote_tip("team", &release);
    let acceptance_before = w.remote_tip("acceptance", "main");

    let r = w.sb(&["rollback", "C-1", "--from", "acceptance", "--yes"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("views/orders.view.lkml"), "{}", r.stdout);
    assert!(r.stdout.contains("nothing was pushed"), "{}", r.stdout);
    let dir = w.clone.join(".git/storyboard/rollback-files/acceptance");
    let marked = read(&dir.join("views/orders.view.lkml"));
    assert!(marked.contains("<<<<<<<"), "{marked}");
    assert_eq!(w.remote_tip("team", &release), release_before);
    // Another rollback is refused while this one waits.
    let r = w.sb(&["rollback", "C-2", "--from", "acceptance", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--continue"), "{}", r.stderr);

    // Abort: nothing left.
    let out = w.ok(&["rollback", "C-1", "--from", "acceptance", "--abort"]);
    assert!(out.contains("nothing was written"), "{out}");
    assert!(!dir.exists());
    assert!(
        !w.clone
            .join(".git/storyboard/rollback/acceptance.json")
            .exists()
    );
    assert_eq!(w.remote_tip("team", &release), release_before);
    assert_eq!(w.remote_tip("acceptance", "main"), acceptance_before);

    // Again, resolved by hand, then continued.
    let r = w.sb(&["rollback", "C-1", "--from", "acceptance", "--yes"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let r = w.sb(&[
        "rollback",
        "C-1",
        "--from",
        "acceptance",
        "--continue",
        "--yes",
    ]);
    assert_eq!(r.code, 2, "markers are still there: {}", r.stdout);
    assert!(r.stderr.contains("conflict markers"), "{}", r.stderr);
    // Keep C-2's word, undo C-1's case: "Order State".
    let resolved: String = marked
        .lines()
        .filter(|l| {
            !l.starts_with("<<<<<<<")
                && !l.starts_with("=======")
                && !l.starts_with(">>>>>>>")
                && !l.starts_with("|||||||")
        })
        .filter(|l| {
            !l.contains("label: \"Order Status\"") && !l.contains("label: \"Order status\"")
        })
        .map(|l| {
            format!(
                "{}\n",
                l.replace("label: \"Order state\"", "label: \"Order State\"")
            )
        })
        .collect();
    assert!(resolved.contains("label: \"Order State\""), "{resolved}");
    std::fs::write(dir.join("views/orders.view.lkml"), &resolved).unwrap();
    let out = w.ok(&[
        "rollback",
        "C-1",
        "--from",
        "acceptance",
        "--continue",
        "--yes",
    ]);
    assert!(out.contains("rolled back C-1"), "{out}");
    let st = status(&w);
    assert_eq!(stories_of(&st, "acceptance"), serde_json::json!(["C-2"]));
    assert_eq!(row(&st, "C-1")["held"], true);
    assert!(!dir.exists());
    let acceptance = w.remote_tip("acceptance", "main");
    let orders = git_out(
        &w.bare("acceptance"),
        &["show", &format!("{acceptance}:views/orders.view.lkml")],
    );
    assert!(
        orders.contains("label: \"Order State\""),
        "the resolution is what was deployed"
    );
}

#[test]
fn a_rollback_planned_while_another_lead_promotes_is_refused_and_nothing_is_pushed() {
    let w = World::new();
    let bob = lead(&w, "bob");
    let b1 = story_adding(&w, "L-1", "one", "views/orders.view.lkml", "l1_flag");
    merge_commit(&w, &b1, 1);
    let release = release_to_acceptance(&w);
    let release_before = w.remote_tip("team", &release);

    let config = storyboard::config::load(&w.clone, Some((w.personal.clone(), true))).unwrap();
    let ws = storyboard::story::Workspace::open(config).unwrap();
    let plan = ws
        .plan_rollback(
            "L-1",
            "acceptance",
            None,
            storyboard::story::Resolve::Start,
            &|_| {},
        )
        .unwrap();
    let storyboard::pipeline::RollbackPlan::Ready(ready) = plan else {
        panic!("a clean revert");
    };
    // Meanwhile main moves on and Bob deploys it to acceptance.
    let b2 = story_adding(&w, "L-2", "two", "views/users.view.lkml", "l2_flag");
    merge_commit(&w, &b2, 2);
    let r = bob.sb(&["promote", "acceptance", "--ref", "main", "--yes"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let bobs = w.remote_tip("acceptance", "main");
    let refused = ws.rollback(&ready, &|_| {}).unwrap_err().to_string();
    assert!(
        refused.contains("changed since the rollback was planned")
            && refused.contains("bob <bob@acme.example> deployed main")
            && refused.contains("nothing was written"),
        "{refused}"
    );
    assert_eq!(
        w.remote_tip("acceptance", "main"),
        bobs,
        "Bob's deployment stands"
    );
    assert_eq!(
        w.remote_tip("team", &release),
        release_before,
        "the release is untouched"
    );
    assert_eq!(row(&status(&w), "L-1")["held"], false);
}

#[test]
fn rollbacks_killed_at_random_points_are_completed_or_undone() {
    let w = World::new();
    let mut tips = Tips::default();
    let mut rng = Lcg(0x0ba5_2026);
    let mut span = Duration::from_millis(300);
    let mut interrupted = 0;
    let mut locks = 0;
    // The first times an uninterrupted rollback; the other twenty are killed.
    for i in 0..21 {
        let key = format!("K-{i}");
        // Each story a view of its own: held stories are reverted on every
        // later cut, and must not conflict with the next story.
        w.ok(&["story", "new", &key, "s"]);
        let dir = w.story_dir(&key);
        std::fs::write(
            dir.join(format!("views/k{i}.view.lkml")),
            format!("view: k{i} {{\n  sql_table_name: analytics.k{i} ;;\n  dimension: id {{\n    type: number\n    sql: ${{TABLE}}.id ;;\n  }}\n}}\n"),
        )
        .unwrap();
        git_out(&dir, &["add", "-A"]);
        git_out(&dir, &["commit", "-q", "-m", &format!("Add view k{i}")]);
        let branch = format!("story/{key}-s");
        merge_commit(&w, &branch, i as u32 + 1);
        release_to_acceptance(&w);
        tips.record(&w);
        let args = ["rollback", key.as_str(), "--from", "acceptance", "--yes"];
        let started = Instant::now();
        if i == 0 {
            // How long an uninterrupted rollback takes, to kill inside it.
            w.ok(&args);
            span = started.elapsed();
            tips.record(&w);
            continue;
        }
        let (delay, finished) = run_and_kill(&w, &args, span, &mut rng);
        if !finished {
            interrupted += 1;
        }
        tips.record(&w);
        // The next run completes what was left, or finds it done.
        let r = rerun_after_kill(&w, &args, &mut locks);
        assert!(
            r.code == 0 || r.stderr.contains("holds no change of"),
            "run {i}, killed at {delay:?}: {}\n{}",
            r.stdout,
            r.stderr
        );
        tips.record(&w);
        let pending = git_out(
            &w.clone,
            &[
                "for-each-ref",
                "refs/storyboard/pending/",
                "refs/storyboard/pending-rollbacks/",
            ],
        );
        assert_eq!(pending, "", "run {i}: nothing left pending");
        let st = status(&w);
        assert!(
            !stories_of(&st, "acceptance")
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k == key.as_str()),
            "run {i}: acceptance no longer holds {key}: {st}"
        );
        assert_eq!(row(&st, &key)["held"], true, "run {i}: {key} is held");
    }
    assert!(
        interrupted >= 8,
        "only {interrupted} of 20 runs were killed before they finished"
    );
    assert!(locks <= 5, "{locks} lock files were left in 20 kills");
    tips.assert_never_forced(&w);
}

#[test]
fn production_rolls_back_only_on_the_release_it_holds() {
    let w = World::new();
    let b1 = story_adding(&w, "P-1", "one", "views/orders.view.lkml", "p1_flag");
    merge_commit(&w, &b1, 1);
    let b2 = story_adding(&w, "P-2", "two", "views/users.view.lkml", "p2_flag");
    merge_commit(&w, &b2, 2);
    let b3 = story_adding(&w, "P-3", "three", "views/shipments.view.lkml", "p3_flag");
    merge_commit(&w, &b3, 3);
    let release = release_to_acceptance(&w);
    w.ok(&["promote", "production", "--yes"]);

    // The release production holds, with P-1 reverted: production alone moves.
    let acceptance_before = w.remote_tip("acceptance", "main");
    w.ok(&["rollback", "P-1", "--from", "production", "--yes"]);
    let st = status(&w);
    assert_eq!(
        stories_of(&st, "production"),
        serde_json::json!(["P-2", "P-3"])
    );
    assert_eq!(
        stories_of(&st, "acceptance"),
        serde_json::json!(["P-1", "P-2", "P-3"])
    );
    assert_eq!(w.remote_tip("acceptance", "main"), acceptance_before);
    assert_eq!(
        row(&st, "P-1")["held_from"],
        serde_json::json!(["production"])
    );

    // Once acceptance moved the release on, production may not take a revert
    // made on top of what it never held.
    w.ok(&["rollback", "P-2", "--from", "acceptance", "--yes"]);
    let r = w.sb(&["rollback", "P-3", "--from", "production", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("is protected") && r.stderr.contains(&release),
        "{}",
        r.stderr
    );
    // Redeploying what acceptance holds is the other way, guarded as ever.
    w.ok(&["promote", "production", "--yes"]);
    let st = status(&w);
    assert_eq!(stories_of(&st, "production"), serde_json::json!(["P-3"]));
}
