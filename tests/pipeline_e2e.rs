//! The release pipeline through the real binary, on real git: a team remote, one
//! bare remote per stage and per developer, reached by `file://` URLs.
//!
//! The seed's week: three stories (one merged with a merge commit, one
//! squash-merged through a pull request titled by `story pr`, one open) go
//! main → integration → release → acceptance → production, and `status --json`
//! and `history --json` say which story is where at every step. Two leads
//! promoting the same stage: one wins, the other is told who and nothing is
//! lost. Promote and release cut killed at random points: the next run
//! completes or undoes, and no environment branch is ever force-pushed.

#[path = "support/pipeline.rs"]
mod pipeline;
mod support;
#[path = "support/world.rs"]
mod world;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use pipeline::*;
use support::{environment, json_row, storyboard};
use world::{World, git_out};

#[test]
fn the_seeds_week_goes_through_every_stage_and_status_tells_the_truth() {
    let w = World::new();
    let mut tips = Tips::default();

    // Three stories: merged with a merge commit, squash-merged, open.
    let s1 = story_with_commit(&w, "S-1", "flag", "views/orders.view.lkml", "Add a flag");
    w.ok(&["story", "pr", "S-1"]);
    merge_commit(&w, &s1, 1);

    let s2 = story_with_commit(
        &w,
        "S-2",
        "count",
        "views/users.view.lkml",
        "Count customers",
    );
    let pr = w.ok(&["story", "pr", "S-2"]);
    let title = pr
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap_or_else(|| panic!("story pr prints the title: {pr}"));
    assert!(
        title.starts_with("S-2 "),
        "the key starts the title: {title}"
    );
    squash_merge(&w, &s2, title, 2);

    story_with_commit(&w, "S-3", "open", "views/orders.view.lkml", "Still open");
    w.ok(&["story", "fetch"]);

    let st = status(&w);
    assert_eq!(json_row(&st["stories"], "key", "S-1")["state"], "merged");
    assert_eq!(json_row(&st["stories"], "key", "S-2")["state"], "merged");
    assert_eq!(json_row(&st["stories"], "key", "S-3")["state"], "open");
    assert_eq!(
        environment(&st, "integration")["pending"],
        serde_json::json!(["S-1", "S-2"]),
        "main holds two stories integration has not: {st}"
    );

    // Without a terminal and without --yes nothing is written; --dry-run
    // writes nothing either.
    let r = w.sb(&["promote", "integration"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("arriving  S-1, S-2"), "{}", r.stdout);
    assert!(
        r.stderr.contains("--yes") && r.stderr.contains("--dry-run"),
        "{}",
        r.stderr
    );
    let r = w.sb(&["promote", "integration", "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("nothing was written"), "{}", r.stdout);
    assert_eq!(w.remote_tip("integration", "main"), "", "nothing deployed");

    // Integration takes main.
    let out = json(&w.ok(&["promote", "integration", "--yes", "--json"]));
    assert_eq!(out["plan"]["arriving"], serde_json::json!(["S-1", "S-2"]));
    assert_eq!(out["plan"]["source_ref"], "main");
    assert!(
        out["plan"]["diff"]["changes"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "the plan carries the semantic diff: {out}"
    );
    tips.record(&w);
    let st = status(&w);
    let integration = environment(&st, "integration");
    assert_eq!(integration["stories"], serde_json::json!(["S-1", "S-2"]));
    assert_eq!(integration["source_ref"], "main");
    assert_eq!(integration["pending"], serde_json::json!([]));
    assert!(
        integration["deployed_by"]
            .as_str()
            .unwrap()
            .contains("alice@acme.example"),
        "{integration}"
    );
    // Alice's own environment holds her current story S-3 as it was made,
    // from the main that holds S-1 and S-2.
    assert_eq!(
        json_row(&st["stories"], "key", "S-1")["on"],
        serde_json::json!(["integration", "dev-alice"])
    );
    assert_eq!(
        json_row(&st["stories"], "key", "S-3")["on"],
        serde_json::json!([]),
        "S-3 was published before its commit: dev-alice holds none of it"
    );

    // Production refuses anything acceptance does not hold.
    let r = w.sb(&["promote", "production", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("acceptance"), "{}", r.stderr);
    let r = w.sb(&["promote", "production", "--ref", "main", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("is protected"), "{}", r.stderr);
    assert_eq!(w.remote_tip("production", "main"), "");

    // Acceptance takes releases: there is none until one is cut.
    let r = w.sb(&["promote", "acceptance", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("release cut"), "{}", r.stderr);

    // A release cut from what integration holds.
    let cut = json(&w.ok(&["release", "cut", "--yes", "--json"]));
    let release = cut["name"].as_str().unwrap().to_string();
    assert!(release.starts_with("release/"), "{cut}");
    assert_eq!(cut["stories"], serde_json::json!(["S-1", "S-2"]));
    assert_eq!(
        w.remote_tip("team", &release),
        integration["source"].as_str().unwrap(),
        "cut at what integration holds"
    );
    let st = status(&w);
    assert_eq!(
        environment(&st, "acceptance")["pending"],
        serde_json::json!(["S-1", "S-2"])
    );
    assert_eq!(environment(&st, "acceptance")["next_ref"], release.as_str());
    // Nothing new to cut: a second cut says so and writes nothing; a cut
    // of something else the same day gets the next name.
    let again = json(&w.ok(&["release", "cut", "--yes", "--json"]));
    assert_eq!(again["already"], release.as_str(), "{again}");
    let other = json(&w.ok(&[
        "release",
        "cut",
        "--from",
        "story/S-3-open",
        "--dry-run",
        "--json",
    ]));
    assert_eq!(other["name"], format!("{release}-2"));
    assert_eq!(other["stories"], serde_json::json!(["S-1", "S-2", "S-3"]));
    assert_eq!(other["new_stories"], serde_json::json!(["S-3"]));

    // Acceptance takes the release.
    let out = json(&w.ok(&["promote", "acceptance", "--yes", "--json"]));
    assert_eq!(
        out["promoted"]["arrived"],
        serde_json::json!(["S-1", "S-2"])
    );
    tips.record(&w);
    let st = status(&w);
    assert_eq!(
        environment(&st, "acceptance")["source_ref"],
        release.as_str()
    );
    assert_eq!(
        stories_of(&st, "acceptance"),
        serde_json::json!(["S-1", "S-2"])
    );
    assert_eq!(
        environment(&st, "production")["pending"],
        serde_json::json!(["S-1", "S-2"])
    );

    // Production takes exactly what acceptance holds, and nothing else.
    let r = w.sb(&["promote", "production", "--ref", "story/S-3-open", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("is protected"), "{}", r.stderr);
    w.ok(&["promote", "production", "--yes"]);
    tips.record(&w);
    let st = status(&w);
    for env in ["integration", "acceptance", "production"] {
        assert_eq!(
            stories_of(&st, env),
            serde_json::json!(["S-1", "S-2"]),
            "{env}"
        );
        assert_eq!(
            environment(&st, env)["pending"],
            serde_json::json!([]),
            "{env}"
        );
    }
    assert_eq!(
        json_row(&st["stories"], "key", "S-2")["on"],
        serde_json::json!(["integration", "acceptance", "production", "dev-alice"])
    );
    assert_eq!(
        environment(&st, "production")["source"],
        environment(&st, "acceptance")["source"]
    );

    // S-3 is merged next week: integration has it, the rest do not.
    let s3 = "story/S-3-open";
    merge_commit(&w, s3, 3);
    w.ok(&["promote", "integration", "--yes"]);
    tips.record(&w);
    let st = status(&w);
    assert_eq!(
        stories_of(&st, "integration"),
        serde_json::json!(["S-1", "S-2", "S-3"])
    );
    assert_eq!(
        stories_of(&st, "acceptance"),
        serde_json::json!(["S-1", "S-2"])
    );
    assert_eq!(
        environment(&st, "acceptance")["pending"],
        serde_json::json!([]),
        "acceptance takes releases, and the newest holds no S-3"
    );
    assert_eq!(json_row(&st["stories"], "key", "S-3")["state"], "merged");

    // History: newest first, who, from what, what arrived.
    let h = json(&w.ok(&["history", "integration", "--json"]));
    assert_eq!(h.as_array().unwrap().len(), 2);
    assert_eq!(h[0]["arrived"], serde_json::json!(["S-3"]));
    assert_eq!(h[0]["source_ref"], "main");
    assert_eq!(h[1]["arrived"], serde_json::json!(["S-1", "S-2"]));
    let h = json(&w.ok(&["history", "production", "--json"]));
    assert_eq!(h[0]["source_ref"], release.as_str());
    assert_eq!(h[0]["arrived"], serde_json::json!(["S-1", "S-2"]));
    assert!(
        h[0]["deployed_by"].as_str().unwrap().contains("Alice"),
        "{h}"
    );
    let text = w.ok(&["history", "production"]);
    assert!(text.contains("arrived  S-1, S-2"), "{text}");

    // A finished story still counts where it is.
    w.ok(&["story", "finish", "S-1"]);
    let st = status(&w);
    let s1_row = json_row(&st["stories"], "key", "S-1");
    assert_eq!(s1_row["state"], "finished");
    assert_eq!(
        s1_row["on"],
        serde_json::json!(["integration", "acceptance", "production", "dev-alice"])
    );

    // Every deployment was a commit on top of the last.
    tips.assert_never_forced(&w);
    for env in ["integration", "acceptance", "production"] {
        let log = git_out(&w.bare(env), &["log", "--format=%B", "-1", "main"]);
        assert!(
            log.contains("Storyboard-Promoted-By: Alice Analyst <alice@acme.example>"),
            "{log}"
        );
    }
}

/// Another lead's clone, with the stages' remotes.
#[test]
fn two_leads_promoting_one_stage_one_wins_and_the_other_is_told_who() {
    let w = World::new();
    let bob = lead(&w, "bob");
    let s1 = story_with_commit(&w, "T-1", "one", "views/orders.view.lkml", "One");
    merge_commit(&w, &s1, 1);

    // Alice plans; Bob promotes meanwhile; Alice's promotion is refused.
    let config = storyboard::config::load(&w.clone, Some((w.personal.clone(), true))).unwrap();
    let ws = storyboard::story::Workspace::open(config).unwrap();
    let plan = ws.plan_promotion("integration", None, &|_| {}).unwrap();
    assert_eq!(plan.arriving, ["T-1"]);
    let r = bob.sb(&["promote", "integration", "--ref", "main", "--yes"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let bobs = w.remote_tip("integration", "main");
    let refused = ws.promote(&plan, &|_| {}).unwrap_err().to_string();
    assert!(
        refused.contains("changed since the plan was made")
            && refused.contains("bob <bob@acme.example> deployed main")
            && refused.contains("nothing was written"),
        "{refused}"
    );
    assert_eq!(
        w.remote_tip("integration", "main"),
        bobs,
        "Bob's deployment stands"
    );

    // Both at once, over and over: every round one deployment lands, on top of
    // the last, and the loser says why.
    let mut tips = Tips::default();
    tips.record(&w);
    for round in 0..4 {
        git_out(&w.clone, &["pull", "-q", "--ff-only", "origin", "main"]);
        append(
            &w.clone.join("views/orders.view.lkml"),
            &format!("\n# round {round}\n"),
        );
        git_out(
            &w.clone,
            &["commit", "-q", "-am", &format!("Round {round}")],
        );
        git_out(&w.clone, &["push", "-q", "origin", "main"]);
        let spawn = |dir: &Path, config: &Path| {
            storyboard(&w.home)
                .arg("-C")
                .arg(dir)
                .arg("--config")
                .arg(config)
                .args(["promote", "integration", "--yes"])
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let a = spawn(&w.clone, &w.personal);
        let b = spawn(&bob.dir, &bob.config);
        let outs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
        let texts: Vec<String> = outs
            .iter()
            .map(|o| {
                format!(
                    "{}{}",
                    String::from_utf8_lossy(&o.stdout),
                    String::from_utf8_lossy(&o.stderr)
                )
            })
            .collect();
        let won = outs.iter().filter(|o| o.status.success()).count();
        assert!(won >= 1, "round {round}: {texts:?}");
        for (o, t) in outs.iter().zip(&texts) {
            assert!(
                o.status.success()
                    || t.contains("changed since the plan was made")
                    || t.contains("a git lock file is in the way")
                    || t.contains("refused to update"),
                "round {round}: a loser says why: {t}"
            );
        }
        tips.record(&w);
        let main = w.remote_tip("team", "main");
        let deployed = git_out(
            &w.bare("integration"),
            &["log", "-1", "--format=%B", "main"],
        );
        assert!(
            deployed.contains(&format!("Storyboard-Source: {main}")),
            "round {round}: {deployed}"
        );
    }
    tips.assert_never_forced(&w);
}

/// A tiny deterministic generator: the kill points are random, and the same on
/// every run of the test.
#[test]
fn promote_and_release_cut_killed_at_random_points_are_completed_or_undone() {
    let w = World::new();
    let s1 = story_with_commit(&w, "K-1", "one", "views/orders.view.lkml", "One");
    merge_commit(&w, &s1, 1);
    w.ok(&["promote", "integration", "--yes"]);
    let mut tips = Tips::default();
    tips.record(&w);

    let args_of = |i: usize| -> Vec<&'static str> {
        if i.is_multiple_of(2) {
            vec!["promote", "integration", "--yes"]
        } else {
            vec!["release", "cut", "--yes"]
        }
    };
    // Something new to promote (and, for odd turns, to cut: a release is cut
    // from what integration holds, so it goes there first).
    let advance = |i: usize, tips: &mut Tips| {
        git_out(&w.clone, &["pull", "-q", "--ff-only", "origin", "main"]);
        append(
            &w.clone.join("views/users.view.lkml"),
            &format!("\n# change {i}\n"),
        );
        git_out(&w.clone, &["commit", "-q", "-am", &format!("Change {i}")]);
        git_out(&w.clone, &["push", "-q", "origin", "main"]);
        if i % 2 == 1 {
            w.ok(&["promote", "integration", "--yes"]);
            tips.record(&w);
        }
    };
    let mut spans = [Duration::ZERO; 2];
    for (k, span) in spans.iter_mut().enumerate() {
        advance(100 + k, &mut tips);
        let started = Instant::now();
        w.ok(&args_of(k));
        *span = started.elapsed();
        tips.record(&w);
    }
    let mut rng = Lcg(0x5eed_2026);
    let mut interrupted = 0;
    let mut locks_removed = 0;
    for i in 0..20 {
        advance(i, &mut tips);
        let releases_before = team_releases(&w);
        let args = args_of(i);
        let span = spans[i % 2];
        // Anywhere inside an uninterrupted run's time.
        let (delay, finished) = run_and_kill(&w, &args, span, &mut rng);
        if !finished {
            interrupted += 1;
        }
        tips.record(&w);

        // The next run completes or drops what was left, and finishes the job.
        let r = rerun_after_kill(&w, &args, &mut locks_removed);
        assert_eq!(
            r.code, 0,
            "run {i} after a kill at {delay:?}: {}\n{}",
            r.stdout, r.stderr
        );
        tips.record(&w);
        let pending = git_out(
            &w.clone,
            &[
                "for-each-ref",
                "refs/storyboard/pending/",
                "refs/storyboard/pending-releases/",
            ],
        );
        assert_eq!(pending, "", "run {i}: nothing left pending");
        if i.is_multiple_of(2) {
            let main = w.remote_tip("team", "main");
            let deployed = git_out(
                &w.bare("integration"),
                &["log", "-1", "--format=%B", "main"],
            );
            assert!(
                deployed.contains(&format!("Storyboard-Source: {main}")),
                "run {i}: {deployed}\n{}",
                r.stdout
            );
        } else {
            let after = team_releases(&w);
            let new: Vec<&String> = after
                .iter()
                .filter(|r| !releases_before.contains(r))
                .collect();
            // A run killed after it was done leaves the next nothing new to
            // cut: one release per intent either way.
            let expected = 1;
            assert_eq!(
                new.len(),
                expected,
                "run {i}: one cut per intent (killed at {delay:?}, finished first: {finished}): {new:?}\n{}",
                r.stdout
            );
        }
    }
    assert!(
        interrupted >= 8,
        "only {interrupted} of 20 runs were killed before they finished"
    );
    w.assert_remotes_whole();
    assert!(
        locks_removed <= 5,
        "{locks_removed} lock files were left in 20 kills"
    );
    tips.assert_never_forced(&w);
}

#[test]
fn crash_points_of_promote_and_release_cut_are_completed_by_the_next_run() {
    let w = World::new();
    let s1 = story_with_commit(&w, "C-1", "one", "views/orders.view.lkml", "One");
    merge_commit(&w, &s1, 1);

    // Killed between the deployment commit and its push.
    let r = w.sb_env(
        &["promote", "integration", "--yes"],
        &[("STORYBOARD_CRASH_AT", "publish-after-commit")],
    );
    assert_ne!(r.code, 0);
    assert_eq!(w.remote_tip("integration", "main"), "", "nothing pushed");
    let out = w.ok(&["promote", "integration", "--yes"]);
    assert!(out.contains("completed an interrupted deployment"), "{out}");
    assert!(out.contains("integration holds"), "{out}");
    assert!(!w.remote_tip("integration", "main").is_empty());

    // Killed while the deployment's objects are written into the stage's
    // remote, and once they all are, before its branch moves: the branch stays,
    // the remote stays whole, and the next run completes the deployment.
    let s3 = story_with_commit(&w, "C-3", "three", "views/orders.view.lkml", "Three");
    merge_commit(&w, &s3, 3);
    for point in ["push-objects-half", "push-after-objects"] {
        let before = w.remote_tip("integration", "main");
        append(
            &w.clone.join("views/users.view.lkml"),
            &format!("\n# {point}\n"),
        );
        git_out(&w.clone, &["commit", "-q", "-am", point]);
        git_out(&w.clone, &["push", "-q", "origin", "main"]);
        let r = w.sb_env(
            &["promote", "integration", "--yes"],
            &[("STORYBOARD_CRASH_AT", point)],
        );
        assert_ne!(r.code, 0, "{point}: {}", r.stdout);
        assert_eq!(w.remote_tip("integration", "main"), before, "{point}");
        w.assert_remotes_whole();
        let out = w.ok(&["promote", "integration", "--yes"]);
        assert!(out.contains("completed an interrupted deployment"), "{out}");
        let deployed = git_out(
            &w.bare("integration"),
            &["log", "-1", "--format=%B", "main"],
        );
        let main = w.remote_tip("team", "main");
        assert!(
            deployed.contains(&format!("Storyboard-Source: {main}")),
            "{deployed}"
        );
        w.assert_remotes_whole();
    }

    // Killed after choosing the release's name, before pushing it: the next
    // run pushes that very cut, and cuts no other.
    let r = w.sb_env(
        &["release", "cut", "--yes"],
        &[("STORYBOARD_CRASH_AT", "release-after-pending")],
    );
    assert_ne!(r.code, 0);
    assert!(team_releases(&w).is_empty());
    let r = w.sb(&["release", "cut", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("completed the interrupted cut of release/"),
        "{}",
        r.stderr
    );
    assert_eq!(team_releases(&w).len(), 1);

    // Killed after the push, before the local refs caught up.
    let s2 = story_with_commit(&w, "C-2", "two", "views/users.view.lkml", "Two");
    merge_commit(&w, &s2, 2);
    w.ok(&["promote", "integration", "--yes"]);
    let r = w.sb_env(
        &["release", "cut", "--yes"],
        &[("STORYBOARD_CRASH_AT", "release-after-push")],
    );
    assert_ne!(r.code, 0);
    assert_eq!(team_releases(&w).len(), 2);
    let r = w.sb(&["release", "cut", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("completed the interrupted cut"),
        "{}",
        r.stderr
    );
    assert_eq!(team_releases(&w).len(), 2, "no third cut");
}

/// A release branch the team deletes (a broken cut) is no release any more:
/// the next fetch drops it, and the stage that takes releases takes the one
/// before it.
#[test]
fn a_release_deleted_on_the_team_remote_is_not_promoted() {
    let w = World::new();
    let s1 = story_with_commit(&w, "D-1", "one", "views/orders.view.lkml", "One");
    merge_commit(&w, &s1, 1);
    w.ok(&["promote", "integration", "--yes"]);
    w.ok(&["release", "cut", "release/first", "--yes"]);
    let s2 = story_with_commit(&w, "D-2", "two", "views/users.view.lkml", "Two");
    merge_commit(&w, &s2, 2);
    w.ok(&["promote", "integration", "--yes"]);
    w.ok(&["release", "cut", "release/second", "--yes"]);
    let plan = json(&w.ok(&["promote", "acceptance", "--dry-run", "--json"]));
    assert_eq!(plan["plan"]["source_ref"], "release/second");

    git_out(&w.bare("team"), &["branch", "-D", "release/second"]);
    let plan = json(&w.ok(&["promote", "acceptance", "--dry-run", "--json"]));
    assert_eq!(
        plan["plan"]["source_ref"], "release/first",
        "the deleted release is not taken"
    );
    assert_eq!(plan["plan"]["arriving"], serde_json::json!(["D-1"]));
    let tracked = git_out(
        &w.clone,
        &[
            "for-each-ref",
            "--format=%(refname)",
            "refs/storyboard/releases/",
        ],
    );
    assert!(!tracked.contains("second"), "{tracked}");
    assert!(tracked.contains("release/first"), "{tracked}");
}
