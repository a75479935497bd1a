//! A sync never gets stuck on Looker's history, through the real binary on real
//! git: a commit that does not render back (a syntax error, production's
//! connection typed by hand) is folded into the next one that does; an invalid
//! latest state says so with file:line:col and the ways out, and
//! `--drop-looker-edits` sets the edits aside under a backup ref; a sync that
//! changes no rendered file pushes no empty commit. Syncs and drops killed at
//! random points are completed by the next run, nothing lost, nothing forced.

#[path = "support/pipeline.rs"]
mod pipeline;
mod support;
#[path = "support/world.rs"]
mod world;

use std::path::Path;
use std::time::{Duration, Instant};

use pipeline::{Lcg, read};
use world::{World, git_out};

fn replace(p: &Path, from: &str, to: &str) {
    let text = read(p);
    assert!(text.contains(from), "{from} in {}", p.display());
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

const VIEW: &str = "views/orders.view.lkml";
const MODEL: &str = "models/ecommerce_alice.model.lkml";

#[test]
fn an_invalid_commit_between_valid_ones_is_folded_into_the_next() {
    let w = World::new();
    w.ok(&["story", "new", "F-1", "fold"]);
    let looker = w.looker("dev-alice", "dev");
    // A syntax error, then its fix with a real change.
    replace(
        &looker.join(VIEW),
        "label: \"Order Status\"",
        "label: \"Order Status\"\n  }}}",
    );
    w.looker_commit(&looker, "Half an edit", "2026-12-01T10:00:00");
    replace(
        &looker.join(VIEW),
        "label: \"Order Status\"\n  }}}",
        "label: \"Order state\"",
    );
    w.looker_commit(&looker, "Rename the status", "2026-12-01T10:05:00");
    // Production's connection typed by hand, then taken back.
    replace(
        &looker.join(MODEL),
        "connection: \"warehouse_alice\"",
        "connection: \"warehouse\"",
    );
    w.looker_commit(&looker, "Try production", "2026-12-01T10:10:00");
    replace(
        &looker.join(MODEL),
        "connection: \"warehouse\"",
        "connection: \"warehouse_alice\"",
    );
    w.looker_commit(&looker, "Back to mine", "2026-12-01T10:15:00");

    let out = w.ok(&["story", "sync"]);
    assert!(
        out.contains("Half an edit: did not render back on its own, folded into"),
        "{out}"
    );
    assert!(
        out.contains("Try production: did not render back on its own"),
        "{out}"
    );
    let dir = w.story_dir("F-1");
    assert!(
        read(&dir.join(VIEW)).contains("label: \"Order state\""),
        "Looker's final content"
    );
    assert!(
        read(&dir.join("models/ecommerce.model.lkml")).contains("connection: \"warehouse\""),
        "canonical form"
    );
    let log = git_out(&dir, &["log", "--format=%B", "-3"]);
    assert!(
        log.contains("Folded in from Looker") && log.contains("Half an edit"),
        "{log}"
    );
    assert!(
        log.contains("Co-authored-by: Looker IDE (Alice) <alice@looker.acme.example>"),
        "{log}"
    );
}

#[test]
fn an_invalid_latest_state_offers_the_ways_out_and_drop_keeps_the_edits() {
    let w = World::new();
    w.ok(&["story", "new", "D-1", "drop"]);
    let looker = w.looker("dev-alice", "dev");
    replace(
        &looker.join(VIEW),
        "label: \"Order Status\"",
        "label: \"Order Status\"\n  }}}",
    );
    w.looker_commit(&looker, "Broken in the IDE", "2026-12-01T10:00:00");
    let tip = w.remote_tip("dev-alice", "dev");

    let r = w.sb(&["story", "sync"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("Broken in the IDE")
            && r.stderr.contains("views/orders.view.lkml:")
            && r.stderr.contains("--drop-looker-edits")
            && r.stderr.contains("fix it in Looker"),
        "{}",
        r.stderr
    );
    // Publishing names the same ways out.
    let r = w.sb(&["story", "publish"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("--drop-looker-edits"), "{}", r.stderr);

    let out = w.ok(&["story", "sync", "--drop-looker-edits"]);
    let backup = format!("refs/storyboard/backup/looker/dev-alice/{}", &tip[..7]);
    assert!(out.contains(&format!("kept under {backup}")), "{out}");
    assert_eq!(
        git_out(&w.clone, &["rev-parse", &backup]),
        tip,
        "the edits are kept"
    );
    let new_tip = w.remote_tip("dev-alice", "dev");
    assert_ne!(new_tip, tip);
    assert_eq!(
        git_out(
            &w.bare("dev-alice"),
            &["merge-base", "--is-ancestor", &tip, &new_tip]
        ),
        "",
        "a commit on top: Looker's edits stay in the branch's history"
    );
    let dir = w.story_dir("D-1");
    assert!(
        !read(&dir.join(VIEW)).contains("}}}"),
        "the story is untouched"
    );
    assert_eq!(
        w.ok(&["story", "sync"]).trim(),
        "nothing to sync from dev-alice"
    );
}

#[test]
fn a_sync_that_changes_no_rendered_file_pushes_no_empty_commit() {
    let w = World::new();
    w.ok(&["story", "new", "E-1", "empty"]);
    let looker = w.looker("dev-alice", "dev");
    replace(
        &looker.join(VIEW),
        "label: \"Order Status\"",
        "label: \"Order status\"",
    );
    w.looker_commit(&looker, "Lower case", "2026-12-01T10:00:00");
    let tip = w.remote_tip("dev-alice", "dev");
    let out = w.ok(&["story", "sync"]);
    assert!(out.contains("synced 1 commit(s)"), "{out}");
    assert_eq!(
        w.remote_tip("dev-alice", "dev"),
        tip,
        "no empty Deploy commit"
    );
    let list: serde_json::Value =
        serde_json::from_str(&w.ok(&["story", "list", "--json"])).unwrap();
    let row = support::json_row(&list, "key", "E-1");
    assert_eq!(row["published"], "yes", "{row}");
    assert_eq!(row["unsynced"], 0, "{row}");
    assert_eq!(
        w.ok(&["story", "sync"]).trim(),
        "nothing to sync from dev-alice"
    );
    // The next change is published on top of Looker's commit, as ever.
    let dir = w.story_dir("E-1");
    replace(
        &dir.join(VIEW),
        "label: \"Order status\"",
        "label: \"Status\"",
    );
    git_out(&dir, &["commit", "-q", "-am", "Shorter"]);
    w.ok(&["story", "publish"]);
    let after = w.remote_tip("dev-alice", "dev");
    assert_eq!(
        git_out(&w.bare("dev-alice"), &["rev-parse", &format!("{after}^")]),
        tip
    );
}

#[test]
fn syncs_and_drops_killed_at_random_points_are_completed_by_the_next_run() {
    let w = World::new();
    w.ok(&["story", "new", "K-1", "kill"]);
    let dir = w.story_dir("K-1");
    let mut rng = Lcg(0x51c0_2026);
    let mut tips: Vec<String> = vec![w.remote_tip("dev-alice", "dev")];
    let mut interrupted = 0;
    let mut spans = [Duration::ZERO; 2];
    // 21 of each, the first of each timing an uninterrupted run: 20 kills each.
    for i in 0..42 {
        let drop = i % 2 == 1;
        let looker = w.looker("dev-alice", "dev");
        let label = format!("Label {i}");
        let view = read(&looker.join(VIEW));
        let current = view
            .lines()
            .find(|l| {
                l.trim_start().starts_with("label:")
                    && (l.contains("Order Status") || l.contains("Label "))
            })
            .unwrap_or_else(|| panic!("a label line in {view}"))
            .to_string();
        std::fs::write(
            looker.join(VIEW),
            view.replacen(&current, &format!("    label: \"{label}\""), 1),
        )
        .unwrap();
        if drop {
            // An invalid latest state, to set aside.
            let broken = read(&looker.join(VIEW)) + "\n}}}\n";
            std::fs::write(looker.join(VIEW), broken).unwrap();
        }
        w.looker_commit(&looker, &format!("Edit {i}"), "2026-12-01T10:00:00");
        let looker_tip = w.remote_tip("dev-alice", "dev");
        let args: &[&str] = if drop {
            &["story", "sync", "--drop-looker-edits"]
        } else {
            &["story", "sync"]
        };
        if i < 2 {
            let started = Instant::now();
            w.ok(args);
            spans[i % 2] = started.elapsed();
        } else {
            let (_, finished) = pipeline::run_and_kill(&w, args, spans[i % 2], &mut rng);
            let mut locks = 0;
            let r = pipeline::rerun_after_kill(&w, args, &mut locks);
            if !finished {
                interrupted += 1;
            }
            assert!(
                r.code == 0,
                "run {i}: the next run completes: {}\n{}",
                r.stdout,
                r.stderr
            );
        }
        let pending = git_out(&w.clone, &["for-each-ref", "refs/storyboard/pending/"]);
        assert_eq!(pending, "", "run {i}: nothing pending");
        let story_view = read(&dir.join(VIEW));
        if drop {
            let backup = format!(
                "refs/storyboard/backup/looker/dev-alice/{}",
                &looker_tip[..7]
            );
            assert_eq!(
                git_out(&w.clone, &["rev-parse", &backup]),
                looker_tip,
                "run {i}: kept"
            );
            assert!(!story_view.contains("}}}"), "run {i}");
            // The story's own label stands; put Looker back in line with it.
            let looker = w.looker("dev-alice", "dev");
            assert!(
                !read(&looker.join(VIEW)).contains("}}}"),
                "run {i}: the story was published over it"
            );
        } else {
            assert!(
                story_view.contains(&format!("label: \"{label}\"")),
                "run {i}: Looker's edit is in the story"
            );
        }
        assert_eq!(
            w.ok(&["story", "sync"]).trim(),
            "nothing to sync from dev-alice",
            "run {i}"
        );
        let tip = w.remote_tip("dev-alice", "dev");
        if tips.last() != Some(&tip) {
            let last = tips.last().cloned().unwrap_or_default();
            assert_eq!(
                git_out(
                    &w.bare("dev-alice"),
                    &["merge-base", "--is-ancestor", &last, &tip]
                ),
                "",
                "run {i}: never forced"
            );
            tips.push(tip);
        }
    }
    assert!(
        interrupted >= 12,
        "only {interrupted} of 40 runs were killed before they finished"
    );
}

#[test]
fn three_valid_commits_with_a_conflict_in_the_middle_replay_whole() {
    let w = World::new();
    w.ok(&["story", "new", "M-1", "middle"]);
    let dir = w.story_dir("M-1");
    // The story changes the line Looker's second commit changes too.
    replace(
        &dir.join(VIEW),
        "label: \"Order Status\"",
        "label: \"Status (story)\"",
    );
    git_out(&dir, &["commit", "-q", "-am", "Story's label"]);
    let looker = w.looker("dev-alice", "dev");
    let users = looker.join("views/users.view.lkml");
    std::fs::write(&users, read(&users) + "\n# first\n").unwrap();
    w.looker_commit(&looker, "First", "2026-12-01T10:00:00");
    replace(
        &looker.join(VIEW),
        "label: \"Order Status\"",
        "label: \"Status (Looker)\"",
    );
    w.looker_commit(&looker, "Second, in conflict", "2026-12-01T10:05:00");
    std::fs::write(&users, read(&users) + "# third\n").unwrap();
    w.looker_commit(&looker, "Third", "2026-12-01T10:10:00");

    let r = w.sb(&["story", "sync"]);
    assert_eq!(
        r.code, 1,
        "stops at the conflict: {}\n{}",
        r.stdout, r.stderr
    );
    let marked = read(&dir.join(VIEW));
    assert!(marked.contains("<<<<<<<"), "{marked}");
    let resolved: String = marked
        .lines()
        .filter(|l| {
            !l.starts_with("<<<<<<<")
                && !l.starts_with("=======")
                && !l.starts_with(">>>>>>>")
                && !l.starts_with("|||||||")
        })
        .filter(|l| !l.contains("Status (Looker)") && !l.contains("Order Status"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join(VIEW), resolved).unwrap();
    let out = w.ok(&["story", "sync", "--continue"]);
    assert!(out.contains("Third"), "{out}");
    let users_now = read(&dir.join("views/users.view.lkml"));
    assert!(
        users_now.contains("# first") && users_now.contains("# third"),
        "all three replayed"
    );
    assert!(
        read(&dir.join(VIEW)).contains("Status (story)"),
        "the resolution kept"
    );
    let log = git_out(&dir, &["log", "--format=%s", "-4"]);
    assert!(log.contains("First") && log.contains("Third"), "{log}");
}

#[test]
fn a_stale_index_lock_in_the_story_worktree_is_named_with_what_to_do() {
    let w = World::new();
    w.ok(&["story", "new", "L-1", "lock"]);
    let dir = w.story_dir("L-1");
    let gitdir = git_out(&dir, &["rev-parse", "--absolute-git-dir"]);
    let lock = Path::new(&gitdir).join("index.lock");
    std::fs::write(&lock, "").unwrap();
    let looker = w.looker("dev-alice", "dev");
    replace(
        &looker.join(VIEW),
        "label: \"Order Status\"",
        "label: \"Order state\"",
    );
    w.looker_commit(&looker, "An edit", "2026-12-01T10:00:00");
    let r = w.sb(&["story", "sync"]);
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stderr.contains("a git lock file is in the way")
            && r.stderr.contains(&format!("'{}'", lock.display()))
            && r.stderr.contains("remove it"),
        "{}",
        r.stderr
    );
    // Removed, as the message says: the sync goes on.
    std::fs::remove_file(&lock).unwrap();
    let out = w.ok(&["story", "sync"]);
    assert!(out.contains("synced 1 commit(s)"), "{out}");
    assert!(read(&dir.join(VIEW)).contains("label: \"Order state\""));
}
