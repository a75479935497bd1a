//! Companion repositories through the real binary, on real git: the LookML
//! team remote and two companions, `warehouse` and `etl`, each a bare remote
//! with a clone beside alice's. Their deploy commands are small shell scripts
//! (run as argv, no shell of storyboard's) that append each call to a file
//! and fail while a marker file exists.
//!
//! Promotion runs them in order with the right revisions before the LookML
//! is pushed; a failing one stops it with the stage's branch unmoved; the
//! deployment records each companion's revision for `status` and `history`;
//! a release is cut in all three; and a promotion killed at random points is
//! completed by the next run, the stage never recording a companion revision
//! whose command did not run. A release cut killed at random points is
//! completed too, one release per intent, no companion branch ever moved.

#[path = "support/pipeline.rs"]
mod pipeline;
mod support;
#[path = "support/world.rs"]
mod world;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use pipeline::*;
use support::environment;
use world::{World, git_out, url};

const COMPANIONS: [&str; 2] = ["warehouse", "etl"];

/// The world with two companions configured (warehouse first) and cloned
/// where storyboard looks by default: beside alice's clone.
fn world_with_companions() -> World {
    let w = World::new();
    for name in COMPANIONS {
        let bare = w.bare(name);
        std::fs::create_dir_all(&bare).unwrap();
        git_out(&bare, &["init", "-q", "--bare", "-b", "main"]);
        let clone = w.root.join(name);
        git_out(&w.root, &["clone", "-q", &url(&bare), name]);
        std::fs::write(clone.join("deploy.sh"), script(&w, name)).unwrap();
        std::fs::write(clone.join("schema.sql"), format!("-- {name}\n")).unwrap();
        git_out(&clone, &["add", "-A"]);
        git_out(&clone, &["commit", "-q", "-m", &format!("The {name}")]);
        git_out(&clone, &["push", "-q", "origin", "main"]);
    }
    let team_file = w.clone.join("storyboard.toml");
    let mut text = read(&team_file);
    for name in COMPANIONS {
        text.push_str(&format!(
            "\n[companion.{name}]\nremote = \"{}\"\ndeploy = [\"sh\", \"{{path}}/deploy.sh\", \"{{env}}\", \"{{rev}}\"]\n",
            url(&w.bare(name))
        ));
    }
    std::fs::write(&team_file, text).unwrap();
    git_out(
        &w.clone,
        &["commit", "-q", "-am", "Companions: warehouse, etl"],
    );
    git_out(&w.clone, &["push", "-q", "origin", "main"]);
    w
}

/// The deploy script: records `NAME ENV REV`, or fails while `fail-NAME`
/// exists beside the record.
fn script(w: &World, name: &str) -> String {
    let calls = calls_file(w);
    let marker = w.root.join(format!("fail-{name}"));
    format!(
        "if [ -e '{marker}' ]; then echo '{name} cannot reach the database' >&2; exit 3; fi\necho \"{name} $1 $2\" >> '{calls}'\necho \"{name} deployed $2 to $1\"\n",
        marker = marker.display(),
        calls = calls.display()
    )
}

fn calls_file(w: &World) -> PathBuf {
    w.root.join("calls.log")
}

fn calls(w: &World) -> Vec<String> {
    std::fs::read_to_string(calls_file(w))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// A new commit on a companion's main, pushed; returns it.
fn companion_commit(w: &World, name: &str, message: &str) -> String {
    let clone = w.root.join(name);
    append(&clone.join("schema.sql"), &format!("-- {message}\n"));
    git_out(&clone, &["commit", "-q", "-am", message]);
    git_out(&clone, &["push", "-q", "origin", "main"]);
    git_out(&clone, &["rev-parse", "HEAD"])
}

fn main_of(w: &World, name: &str) -> String {
    w.remote_tip(name, "main")
}

/// The companion revisions the stage's branch tip records, in order.
fn recorded(w: &World, env: &str) -> Vec<(String, String)> {
    let tip = w.remote_tip(env, "main");
    if tip.is_empty() {
        return Vec::new();
    }
    let message = git_out(&w.bare(env), &["log", "-1", "--format=%B", &tip]);
    message
        .lines()
        .filter_map(|l| l.strip_prefix("Storyboard-Companion: "))
        .filter_map(|v| v.split_once('='))
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect()
}

#[test]
fn promotion_runs_companions_in_order_then_the_lookml_and_stops_at_a_failure() {
    let w = world_with_companions();
    let wh = main_of(&w, "warehouse");
    let etl = main_of(&w, "etl");

    let out = w.ok(&["check"]);
    assert!(
        out.contains("companions: warehouse -> etl"),
        "check lists the companions in deploy order: {out}"
    );

    let r = w.sb(&["promote", "integration", "--yes"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains(&format!("companion warehouse {}", &wh[..7])),
        "the plan names each companion's revision: {}",
        r.stdout
    );
    assert!(
        r.stderr.contains("warehouse: warehouse deployed"),
        "the companions' output is streamed: {}",
        r.stderr
    );
    assert_eq!(
        calls(&w),
        [
            format!("warehouse integration {wh}"),
            format!("etl integration {etl}")
        ],
        "warehouse, then etl, each with its main"
    );
    assert_eq!(
        recorded(&w, "integration"),
        [
            ("warehouse".to_string(), wh.clone()),
            ("etl".to_string(), etl.clone())
        ]
    );
    let st = status(&w);
    assert_eq!(
        environment(&st, "integration")["companions"],
        serde_json::json!({ "warehouse": wh, "etl": etl }),
        "{st}"
    );
    let history = json(&w.ok(&["history", "integration", "--json"]));
    assert_eq!(history[0]["companions"]["etl"], etl.as_str(), "{history}");

    // Nothing changed: nothing runs again.
    let r = w.sb(&["promote", "integration", "--yes"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(calls(&w).len(), 2, "a stage that holds it all runs nothing");

    // New revisions of both companions; the etl cannot deploy.
    let wh2 = companion_commit(&w, "warehouse", "add a column");
    let etl2 = companion_commit(&w, "etl", "fill the column");
    std::fs::write(w.root.join("fail-etl"), "").unwrap();
    let before = w.remote_tip("integration", "main");
    let r = w.sb(&["promote", "integration", "--yes"]);
    assert_ne!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("companion `etl`") && r.stderr.contains("cannot reach the database"),
        "the error names the companion and quotes its output: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("nothing of the LookML was pushed"),
        "{}",
        r.stderr
    );
    assert_eq!(
        w.remote_tip("integration", "main"),
        before,
        "the LookML environment branch is unmoved"
    );
    assert_eq!(
        calls(&w).last().map(String::as_str),
        Some(format!("warehouse integration {wh2}").as_str()),
        "warehouse ran before etl failed"
    );
    assert_eq!(
        environment(&status(&w), "integration")["companions"]["etl"],
        etl.as_str(),
        "status still says the old etl"
    );

    // Fixed: the next run deploys both (warehouse again: idempotent) and the LookML.
    std::fs::remove_file(w.root.join("fail-etl")).unwrap();
    w.ok(&["promote", "integration", "--yes"]);
    let all = calls(&w);
    assert_eq!(
        all[all.len() - 2..],
        [
            format!("warehouse integration {wh2}"),
            format!("etl integration {etl2}")
        ]
    );
    assert_eq!(
        recorded(&w, "integration"),
        [
            ("warehouse".to_string(), wh2.clone()),
            ("etl".to_string(), etl2.clone())
        ]
    );

    // A release is cut in all three, at what integration holds, without force.
    let cut = json(&w.ok(&["release", "cut", "--yes", "--json"]));
    let name = cut["name"].as_str().unwrap_or_else(|| panic!("{cut}"));
    assert_eq!(team_releases(&w), [name.to_string()]);
    assert_eq!(w.remote_tip("warehouse", name), wh2, "{cut}");
    assert_eq!(w.remote_tip("etl", name), etl2, "{cut}");
    // The companions' mains move on; the release keeps what was tested.
    companion_commit(&w, "etl", "not in the release");
    w.ok(&["promote", "acceptance", "--yes"]);
    assert_eq!(
        recorded(&w, "acceptance"),
        [
            ("warehouse".to_string(), wh2.clone()),
            ("etl".to_string(), etl2.clone())
        ]
    );
    let all = calls(&w);
    assert_eq!(
        all[all.len() - 2..],
        [
            format!("warehouse acceptance {wh2}"),
            format!("etl acceptance {etl2}")
        ]
    );
}

#[test]
fn a_missing_companion_clone_is_named_by_check_and_refused_by_promote() {
    let w = world_with_companions();
    std::fs::rename(w.root.join("etl"), w.root.join("elsewhere")).unwrap();
    let r = w.sb(&["check"]);
    assert!(
        r.stderr.contains("companion `etl` is not cloned at"),
        "{}",
        r.stderr
    );
    let r = w.sb(&["promote", "integration", "--yes"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("[companions] etl"), "{}", r.stderr);
    assert!(calls(&w).is_empty(), "nothing ran");
    // Told where it is, it is found.
    append(
        &w.personal,
        &format!(
            "\n[companions]\netl = \"{}\"\n",
            w.root.join("elsewhere").display()
        ),
    );
    w.ok(&["promote", "integration", "--yes"]);
    assert_eq!(calls(&w).len(), 2);
}

#[test]
fn a_killed_multi_repository_promotion_is_completed_and_never_half_recorded() {
    let w = world_with_companions();
    w.ok(&["promote", "integration", "--yes"]);
    let start = Instant::now();
    companion_commit(&w, "warehouse", "timing");
    w.ok(&["promote", "integration", "--yes"]);
    let span = start.elapsed().max(Duration::from_millis(300));

    let mut rng = Lcg(0x5eed_c0de);
    let mut locks = 0;
    let mut tips = Tips::default();
    tips.record(&w);
    for round in 0..12 {
        let wh = companion_commit(&w, "warehouse", &format!("round {round}"));
        let etl = companion_commit(&w, "etl", &format!("round {round}"));
        run_and_kill(&w, &["promote", "integration", "--yes"], span, &mut rng);
        assert_every_recorded_revision_ran(&w);
        tips.record(&w);
        let r = rerun_after_kill(&w, &["promote", "integration", "--yes"], &mut locks);
        assert_eq!(r.code, 0, "round {round}\n{}\n{}", r.stdout, r.stderr);
        assert_eq!(
            recorded(&w, "integration"),
            [
                ("warehouse".to_string(), wh.clone()),
                ("etl".to_string(), etl.clone())
            ],
            "round {round}: the next run completes it"
        );
        assert_every_recorded_revision_ran(&w);
        let st = status(&w);
        assert_eq!(
            environment(&st, "integration")["companions"],
            serde_json::json!({ "warehouse": wh, "etl": etl }),
            "round {round}"
        );
        tips.record(&w);
    }
    tips.assert_never_forced(&w);
}

/// Every companion revision the integration branch's tip records had its
/// deploy command run for integration.
fn assert_every_recorded_revision_ran(w: &World) {
    let ran = calls(w);
    for (name, rev) in recorded(w, "integration") {
        let line = format!("{name} integration {rev}");
        assert!(
            ran.contains(&line),
            "integration records {name} at {rev}, which never deployed: {ran:?}"
        );
    }
}

#[test]
fn a_promotion_killed_between_companions_runs_only_the_rest_next_time() {
    let w = world_with_companions();
    w.ok(&["promote", "integration", "--yes"]);
    let wh = companion_commit(&w, "warehouse", "killed after me");
    let etl = companion_commit(&w, "etl", "run by the next run");
    let before = w.remote_tip("integration", "main");
    let r = w.sb_env(
        &["promote", "integration", "--yes"],
        &[("STORYBOARD_CRASH_AT", "companion-deployed")],
    );
    assert_ne!(r.code, 0, "the run died: {}", r.stderr);
    assert_eq!(
        w.remote_tip("integration", "main"),
        before,
        "nothing pushed"
    );
    assert_eq!(
        calls(&w).last().map(String::as_str),
        Some(format!("warehouse integration {wh}").as_str())
    );
    let ran = calls(&w).len();
    // Another command meets the interrupted promotion: it is not pushed
    // behind the companions' back.
    let r = w.sb(&["promote", "integration", "--yes"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        calls(&w)[ran..],
        [format!("etl integration {etl}")],
        "only etl runs: warehouse was marked done"
    );
    assert_eq!(
        recorded(&w, "integration"),
        [("warehouse".to_string(), wh), ("etl".to_string(), etl)]
    );
}

/// The story's worktree of a companion: beside the LookML one.
fn companion_worktree(w: &World, name: &str, branch: &str) -> PathBuf {
    w.root
        .join("stories")
        .join(name)
        .join(branch.replace('/', "-"))
}

fn story_row<'a>(status: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    support::json_row(&status["stories"], "key", key)
}

#[test]
fn a_story_spans_the_companions_from_new_to_the_board() {
    let w = world_with_companions();
    w.ok(&["promote", "integration", "--yes"]);
    let out = w.ok(&["story", "new", "DATA-7", "orders"]);
    assert!(
        out.contains("companion warehouse: made the branch") && out.contains("companion etl: made"),
        "{out}"
    );
    let branch = "story/DATA-7-orders";
    let wh_wt = companion_worktree(&w, "warehouse", branch);
    let etl_wt = companion_worktree(&w, "etl", branch);
    assert_eq!(git_out(&wh_wt, &["branch", "--show-current"]), branch);

    // Work in the LookML and the warehouse; an uncommitted edit in the etl.
    let dir = w.story_dir("DATA-7");
    append(&dir.join("views/orders.view.lkml"), "\n# orders\n");
    git_out(&dir, &["commit", "-q", "-am", "DATA-7 orders in the view"]);
    append(&wh_wt.join("schema.sql"), "create table orders ();\n");
    git_out(&wh_wt, &["commit", "-q", "-am", "DATA-7 the orders table"]);
    let wh_head = git_out(&wh_wt, &["rev-parse", "HEAD"]);
    append(&etl_wt.join("schema.sql"), "-- not yet\n");

    let list = json(&w.ok(&["story", "list", "--json"]));
    let story = &list[0]["companions"];
    assert_eq!(story["warehouse"]["ahead"], 1, "{list}");
    assert_eq!(story["warehouse"]["branch"], true, "{list}");
    assert_eq!(story["warehouse"]["pushed"]["state"], "no", "{list}");
    assert_eq!(story["etl"]["uncommitted"], 1, "{list}");
    assert_eq!(story["etl"]["ahead"], 0, "{list}");

    let diff = w.ok(&["diff", "DATA-7"]);
    assert!(
        diff.contains("companion warehouse: 1 file(s) changed\n  schema.sql"),
        "{diff}"
    );
    assert!(diff.contains("companion etl: no files changed"), "{diff}");

    let pr = w.ok(&["story", "pr", "DATA-7"]);
    assert!(
        pr.contains(&format!(
            "companion warehouse: pushed {branch} ({})",
            &wh_head[..7]
        )),
        "{pr}"
    );
    assert!(pr.contains("companion etl: pushed"), "{pr}");
    assert_eq!(w.remote_tip("warehouse", branch), wh_head);
    let description = pr
        .lines()
        .find_map(|l| l.split_once("): ").filter(|_| l.starts_with("description")))
        .map(|(_, p)| PathBuf::from(p))
        .unwrap_or_else(|| panic!("{pr}"));
    let text = read(&description);
    assert!(
        text.contains("Goes with:") && text.contains("- warehouse"),
        "{text}"
    );
    let wh_text = read(&description.with_file_name("story-DATA-7-orders.warehouse.md"));
    assert!(
        wh_text.contains("- LookML") && wh_text.contains("- etl"),
        "{wh_text}"
    );
    let list = json(&w.ok(&["story", "list", "--json"]));
    assert_eq!(list[0]["companions"]["warehouse"]["pushed"]["state"], "yes");

    // A later commit goes over what was pushed, compare-and-swap.
    append(&wh_wt.join("schema.sql"), "-- index\n");
    git_out(&wh_wt, &["commit", "-q", "-am", "DATA-7 an index"]);
    w.ok(&["story", "pr", "DATA-7"]);
    let wh_head = git_out(&wh_wt, &["rev-parse", "HEAD"]);
    assert_eq!(w.remote_tip("warehouse", branch), wh_head);

    // The LookML merged and promoted first: the warehouse's main lacks the
    // story, so integration does not have it yet.
    merge_commit(&w, branch, 1);
    w.ok(&["promote", "integration", "--yes"]);
    let st = status(&w);
    assert!(
        !stories_of(&st, "integration")
            .as_array()
            .is_some_and(|a| a.iter().any(|k| k == "DATA-7")),
        "only the LookML is there: {st}"
    );
    assert_eq!(
        story_row(&st, "DATA-7")["on"],
        serde_json::json!([]),
        "{st}"
    );
    assert!(
        story_row(&st, "DATA-7")["pending"]
            .as_array()
            .is_some_and(|a| a.iter().any(|e| e == "integration")),
        "{st}"
    );

    // The warehouse merged too: the next promotion brings the whole story.
    let wh_clone = w.root.join("warehouse");
    git_out(&wh_clone, &["pull", "-q", "--ff-only", "origin", "main"]);
    git_out(
        &wh_clone,
        &[
            "merge",
            "--no-ff",
            "-q",
            "-m",
            "Merge pull request #2",
            branch,
        ],
    );
    git_out(&wh_clone, &["push", "-q", "origin", "main"]);
    w.ok(&["promote", "integration", "--yes"]);
    let st = status(&w);
    assert_eq!(
        story_row(&st, "DATA-7")["on"],
        serde_json::json!(["integration"]),
        "{st}"
    );
    let list = json(&w.ok(&["story", "list", "--json"]));
    assert_eq!(list[0]["companions"]["warehouse"]["merged"], true, "{list}");
}

#[test]
fn a_story_is_made_even_where_a_companion_is_not_cloned() {
    let w = world_with_companions();
    std::fs::rename(w.root.join("etl"), w.root.join("elsewhere")).unwrap();
    let out = w.ok(&["story", "new", "DATA-8", "late"]);
    assert!(
        out.contains("companion warehouse: made the branch"),
        "{out}"
    );
    assert!(
        out.contains("companion etl: no branch made") && out.contains("[companions] etl"),
        "{out}"
    );
    assert!(out.contains("now on story/DATA-8-late"), "{out}");
    let list = json(&w.ok(&["story", "list", "--json"]));
    assert_eq!(list[0]["companions"]["etl"]["cloned"], false, "{list}");
}

/// The world with companions, the etl with a rollback command of its own
/// (recording `etl rollback ENV REV`); the warehouse rolls back with its
/// deploy command.
fn world_with_rollbacks() -> World {
    let w = world_with_companions();
    let undo = w.root.join("etl-rollback.sh");
    std::fs::write(
        &undo,
        format!(
            "echo \"etl rollback $1 $2\" >> '{}'\n",
            calls_file(&w).display()
        ),
    )
    .unwrap();
    // The etl's section is the file's last.
    append(
        &w.clone.join("storyboard.toml"),
        &format!(
            "rollback = [\"sh\", \"{}\", \"{{env}}\", \"{{rev}}\"]\n",
            undo.display()
        ),
    );
    git_out(&w.clone, &["commit", "-q", "-am", "The etl rolls back"]);
    git_out(&w.clone, &["push", "-q", "origin", "main"]);
    w
}

/// A story with a file of its own in the LookML and in each companion,
/// merged everywhere as pull requests are.
fn story_everywhere(w: &World, key: &str, number: u32) -> String {
    w.ok(&["story", "new", key, "s"]);
    let branch = format!("story/{key}-s");
    let lower = key.to_lowercase().replace('-', "_");
    let dir = w.story_dir(key);
    std::fs::write(
        dir.join(format!("views/{lower}.view.lkml")),
        format!("view: {lower} {{\n  sql_table_name: analytics.{lower} ;;\n  dimension: id {{\n    type: number\n    sql: ${{TABLE}}.id ;;\n  }}\n}}\n"),
    )
    .unwrap();
    git_out(&dir, &["add", "-A"]);
    git_out(&dir, &["commit", "-q", "-m", &format!("{key} a view")]);
    merge_commit(w, &branch, number);
    for name in COMPANIONS {
        let wt = companion_worktree(w, name, &branch);
        std::fs::write(wt.join(format!("{lower}.sql")), format!("-- {key}\n")).unwrap();
        git_out(&wt, &["add", "-A"]);
        git_out(&wt, &["commit", "-q", "-m", &format!("{key} in {name}")]);
        let clone = w.root.join(name);
        git_out(&clone, &["pull", "-q", "--ff-only", "origin", "main"]);
        git_out(
            &clone,
            &[
                "merge",
                "--no-ff",
                "-q",
                "-m",
                &format!("Merge pull request #{number} from acme/{branch}"),
                &branch,
            ],
        );
        git_out(&clone, &["push", "-q", "origin", "main"]);
    }
    branch
}

fn release_to_acceptance(w: &World) -> String {
    w.ok(&["promote", "integration", "--yes"]);
    let cut = json(&w.ok(&["release", "cut", "--yes", "--json"]));
    w.ok(&["promote", "acceptance", "--yes"]);
    cut["name"].as_str().unwrap_or_default().to_string()
}

/// The files of a companion's branch on its remote.
fn files_of(w: &World, name: &str, branch: &str) -> Vec<String> {
    git_out(
        &w.bare(name),
        &["ls-tree", "--name-only", &format!("refs/heads/{branch}")],
    )
    .lines()
    .map(str::to_string)
    .collect()
}

#[test]
fn a_rollback_reverts_the_story_in_every_repository_last_companion_first() {
    let w = world_with_rollbacks();
    story_everywhere(&w, "R-1", 1);
    story_everywhere(&w, "R-2", 2);
    let release = release_to_acceptance(&w);
    assert!(files_of(&w, "warehouse", &release).contains(&"r_1.sql".to_string()));
    let ran = calls(&w).len();

    let plan = w.ok(&["rollback", "R-1", "--from", "acceptance", "--dry-run"]);
    assert!(
        plan.contains("companion warehouse reverting") && plan.contains("companion etl reverting"),
        "{plan}"
    );
    let out = w.ok(&["rollback", "R-1", "--from", "acceptance", "--yes"]);
    let wh = w.remote_tip("warehouse", &release);
    let etl = w.remote_tip("etl", &release);
    assert_eq!(
        calls(&w)[ran..],
        [
            format!("etl rollback acceptance {etl}"),
            format!("warehouse acceptance {wh}")
        ],
        "etl's rollback command first, then the warehouse's deploy: {out}"
    );
    for name in COMPANIONS {
        let files = files_of(&w, name, &release);
        assert!(
            !files.contains(&"r_1.sql".to_string()) && files.contains(&"r_2.sql".to_string()),
            "{name}: R-1 reverted, R-2 kept: {files:?}"
        );
        let message = git_out(
            &w.bare(name),
            &["log", "-1", "--format=%B", &format!("refs/heads/{release}")],
        );
        assert!(message.contains("Storyboard-Rollback: R-1"), "{message}");
    }
    assert_eq!(
        recorded(&w, "acceptance"),
        [
            ("warehouse".to_string(), wh.clone()),
            ("etl".to_string(), etl.clone())
        ]
    );
    let st = status(&w);
    // (dev-alice, published without companions, is not judged by them.)
    assert_eq!(
        story_row(&st, "R-1")["on"],
        serde_json::json!(["integration", "dev-alice"]),
        "{st}"
    );
    assert_eq!(
        story_row(&st, "R-2")["on"],
        serde_json::json!(["integration", "acceptance"]),
        "{st}"
    );
    for name in COMPANIONS {
        let left = git_out(
            &w.root.join(name),
            &["for-each-ref", "refs/storyboard/pending-rollbacks/"],
        );
        assert_eq!(left, "", "{name}: nothing left pending");
    }
}

#[test]
fn a_multi_repository_rollback_killed_at_random_points_is_completed() {
    let w = world_with_rollbacks();
    let mut rng = Lcg(0x0c0f_fee5);
    let mut span = Duration::from_millis(300);
    let mut locks = 0;
    let mut tips = Tips::default();
    for i in 0..9u32 {
        let key = format!("K-{i}");
        story_everywhere(&w, &key, i + 1);
        let release = release_to_acceptance(&w);
        tips.record(&w);
        let args = ["rollback", key.as_str(), "--from", "acceptance", "--yes"];
        if i == 0 {
            let started = Instant::now();
            w.ok(&args);
            span = started.elapsed();
            continue;
        }
        let (delay, _) = run_and_kill(&w, &args, span, &mut rng);
        tips.record(&w);
        let r = rerun_after_kill(&w, &args, &mut locks);
        assert!(
            r.code == 0 || r.stderr.contains("holds no change of"),
            "run {i}, killed at {delay:?}: {}\n{}",
            r.stdout,
            r.stderr
        );
        tips.record(&w);
        let lower = key.to_lowercase().replace('-', "_");
        for name in COMPANIONS {
            assert!(
                !files_of(&w, name, &release).contains(&format!("{lower}.sql")),
                "run {i}, killed at {delay:?}: {name} reverted\n{}\n{}\n{}",
                r.stdout,
                r.stderr,
                git_out(
                    &w.bare(name),
                    &["log", "--oneline", "-3", &format!("refs/heads/{release}")]
                )
            );
            let left = git_out(
                &w.root.join(name),
                &["for-each-ref", "refs/storyboard/pending-rollbacks/"],
            );
            assert_eq!(left, "", "run {i}: {name} has nothing pending");
        }
        let ran = calls(&w);
        for (name, rev) in recorded(&w, "acceptance") {
            assert_eq!(rev, w.remote_tip(&name, &release), "run {i}: {name}");
            assert!(
                ran.contains(&format!("{name} acceptance {rev}"))
                    || ran.contains(&format!("{name} rollback acceptance {rev}")),
                "run {i}: acceptance records {name} at {rev}, which never ran: {ran:?}"
            );
        }
        let st = status(&w);
        assert!(
            !stories_of(&st, "acceptance")
                .as_array()
                .is_some_and(|a| a.iter().any(|k| k == key.as_str())),
            "run {i}: {st}"
        );
    }
    assert!(locks <= 4, "{locks} lock files were left");
    tips.assert_never_forced(&w);
}

#[test]
fn a_rollback_killed_between_companions_is_completed_by_the_next_run() {
    for crash in ["companion-revert-pushed", "companion-deployed"] {
        let w = world_with_rollbacks();
        story_everywhere(&w, "C-1", 1);
        let release = release_to_acceptance(&w);
        let before = w.remote_tip("acceptance", "main");
        let args = ["rollback", "C-1", "--from", "acceptance", "--yes"];
        let r = w.sb_env(&args, &[("STORYBOARD_CRASH_AT", crash)]);
        assert_ne!(r.code, 0, "{crash}: the run died: {}", r.stderr);
        assert_eq!(
            w.remote_tip("acceptance", "main"),
            before,
            "{crash}: the LookML deployment is not pushed yet"
        );
        let ran = calls(&w).len();
        let r = w.sb(&args);
        assert!(
            r.code == 0 || r.stderr.contains("holds no change of"),
            "{crash}: {}\n{}",
            r.stdout,
            r.stderr
        );
        let wh = w.remote_tip("warehouse", &release);
        let etl = w.remote_tip("etl", &release);
        for name in COMPANIONS {
            assert!(
                !files_of(&w, name, &release).contains(&"c_1.sql".to_string()),
                "{crash}: {name} reverted"
            );
        }
        assert_eq!(
            recorded(&w, "acceptance"),
            [
                ("warehouse".to_string(), wh.clone()),
                ("etl".to_string(), etl.clone())
            ],
            "{crash}"
        );
        let all = calls(&w);
        if crash == "companion-deployed" {
            // etl ran (and was marked) before the kill: only the warehouse runs.
            assert_eq!(
                all[ran..],
                [format!("warehouse acceptance {wh}")],
                "{crash}"
            );
        } else {
            assert_eq!(
                all[ran..],
                [
                    format!("etl rollback acceptance {etl}"),
                    format!("warehouse acceptance {wh}")
                ],
                "{crash}"
            );
        }
        assert!(
            !stories_of(&status(&w), "acceptance")
                .as_array()
                .is_some_and(|a| a.iter().any(|k| k == "C-1")),
            "{crash}"
        );
    }
}

/// A release cut across the LookML and both companions, killed at random
/// points: the next run cuts the same release where it is missing, the
/// companions' branches of that name are created once and never moved, and
/// there is one release per intent, each companion's at the revision the
/// first stage recorded.
#[test]
fn a_multi_repository_release_cut_killed_at_random_points_is_completed() {
    let w = world_with_companions();
    // Something new on main and in each companion, on the first stage.
    let advance = |i: usize| {
        git_out(&w.clone, &["pull", "-q", "--ff-only", "origin", "main"]);
        append(
            &w.clone.join("views/users.view.lkml"),
            &format!("\n# cut {i}\n"),
        );
        git_out(&w.clone, &["commit", "-q", "-am", &format!("Cut {i}")]);
        git_out(&w.clone, &["push", "-q", "origin", "main"]);
        for name in COMPANIONS {
            companion_commit(&w, name, &format!("cut {i}"));
        }
        w.ok(&["promote", "integration", "--yes"]);
    };
    advance(100);
    let started = Instant::now();
    w.ok(&["release", "cut", "--yes"]);
    let span = started.elapsed();

    let mut rng = Lcg(0x5eed_ca7e);
    let mut locks = 0;
    let mut interrupted = 0;
    let mut tips = Tips::default();
    tips.record(&w);
    // Each companion branch as first seen: a cut never moves one.
    let mut first_seen: std::collections::BTreeMap<(String, String), String> = Default::default();
    for i in 0..12 {
        advance(i);
        let before = team_releases(&w);
        let args = ["release", "cut", "--yes"];
        let (delay, finished) = run_and_kill(&w, &args, span, &mut rng);
        if !finished {
            interrupted += 1;
        }
        tips.record(&w);
        let r = rerun_after_kill(&w, &args, &mut locks);
        assert_eq!(
            r.code, 0,
            "run {i}, killed at {delay:?}: {}\n{}",
            r.stdout, r.stderr
        );
        tips.record(&w);
        let new: Vec<String> = team_releases(&w)
            .into_iter()
            .filter(|r| !before.contains(r))
            .collect();
        assert_eq!(new.len(), 1, "run {i}, killed at {delay:?}: {new:?}");
        let release = &new[0];
        for (name, rev) in recorded(&w, "integration") {
            assert_eq!(
                w.remote_tip(&name, release),
                rev,
                "run {i}, killed at {delay:?}: {name}'s {release} is what integration records"
            );
        }
        let pending = git_out(
            &w.clone,
            &["for-each-ref", "refs/storyboard/pending-releases/"],
        );
        assert_eq!(pending, "", "run {i}: nothing left pending");
        for name in COMPANIONS {
            let branches = git_out(
                &w.bare(name),
                &[
                    "for-each-ref",
                    "--format=%(refname) %(objectname)",
                    "refs/heads/release/",
                ],
            );
            for line in branches.lines() {
                let Some((branch, tip)) = line.split_once(' ') else {
                    continue;
                };
                let was = first_seen
                    .entry((name.to_string(), branch.to_string()))
                    .or_insert_with(|| tip.to_string());
                assert_eq!(was, tip, "run {i}: {name}'s {branch} moved");
            }
        }
    }
    assert!(
        interrupted >= 4,
        "only {interrupted} of 12 runs were killed before they finished"
    );

    // Killed just after the first companion's branch was pushed: the LookML
    // release is not there yet, and the next run cuts that very name.
    advance(200);
    let before = team_releases(&w);
    let r = w.sb_env(
        &["release", "cut", "--yes"],
        &[("STORYBOARD_CRASH_AT", "release-companion-pushed")],
    );
    assert_ne!(r.code, 0, "the run died: {}", r.stdout);
    assert_eq!(
        team_releases(&w),
        before,
        "the LookML release is not cut yet"
    );
    let cut = json(&w.ok(&["release", "cut", "--yes", "--json"]));
    let name = cut["name"].as_str().unwrap_or_default();
    assert_eq!(
        team_releases(&w).len(),
        before.len() + 1,
        "one release: {name}"
    );
    for (companion, rev) in recorded(&w, "integration") {
        assert_eq!(w.remote_tip(&companion, name), rev, "{companion}'s {name}");
    }
    assert!(locks <= 4, "{locks} lock files were left");
    tips.assert_never_forced(&w);
    w.assert_remotes_whole();
}

/// `story pr` across the LookML and both companions, killed at random points:
/// the next run pushes what is left, each companion's story branch ends at
/// the story's head there, and none is ever moved to a commit that does not
/// extend what it held.
#[test]
fn a_multi_repository_story_pr_killed_at_random_points_is_completed() {
    let w = world_with_companions();
    w.ok(&["story", "new", "PR-1", "orders"]);
    let branch = "story/PR-1-orders";
    let dir = w.story_dir("PR-1");
    let work = |i: usize| {
        append(&dir.join("views/orders.view.lkml"), &format!("\n# {i}\n"));
        git_out(&dir, &["commit", "-q", "-am", &format!("PR-1 step {i}")]);
        for name in COMPANIONS {
            let wt = companion_worktree(&w, name, branch);
            append(&wt.join("schema.sql"), &format!("-- step {i}\n"));
            git_out(&wt, &["commit", "-q", "-am", &format!("PR-1 step {i}")]);
        }
    };
    work(100);
    let started = Instant::now();
    w.ok(&["story", "pr", "PR-1"]);
    let span = started.elapsed();

    let mut rng = Lcg(0x5eed_0a11);
    let mut locks = 0;
    let mut interrupted = 0;
    let mut seen: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for i in 0..12 {
        work(i);
        let args = ["story", "pr", "PR-1"];
        let (delay, finished) = run_and_kill(&w, &args, span, &mut rng);
        if !finished {
            interrupted += 1;
        }
        for name in COMPANIONS {
            seen.entry(name.to_string())
                .or_default()
                .push(w.remote_tip(name, branch));
        }
        let r = rerun_after_kill(&w, &args, &mut locks);
        assert_eq!(
            r.code, 0,
            "run {i}, killed at {delay:?}: {}\n{}",
            r.stdout, r.stderr
        );
        for name in COMPANIONS {
            let head = git_out(
                &companion_worktree(&w, name, branch),
                &["rev-parse", "HEAD"],
            );
            assert_eq!(
                w.remote_tip(name, branch),
                head,
                "run {i}, killed at {delay:?}: {name}'s story branch\n{}\n{}",
                r.stdout,
                r.stderr
            );
            seen.entry(name.to_string()).or_default().push(head);
        }
    }
    assert!(
        interrupted >= 4,
        "only {interrupted} of 12 runs were killed before they finished"
    );
    assert!(locks <= 4, "{locks} lock files were left");
    for (name, tips) in &seen {
        let tips: Vec<&String> = tips.iter().filter(|t| !t.is_empty()).collect();
        for pair in tips.windows(2) {
            let forward = std::process::Command::new("git")
                .args(["merge-base", "--is-ancestor", pair[0], pair[1]])
                .current_dir(w.bare(name))
                .status()
                .is_ok_and(|s| s.success());
            assert!(
                forward,
                "{name}'s story branch went from {} to {}",
                pair[0], pair[1]
            );
        }
    }
    w.assert_remotes_whole();

    // A companion whose branch cannot be pushed fails the command, naming
    // it, while the others are pushed.
    work(200);
    let lock = w.bare("etl").join(format!("refs/heads/{branch}.lock"));
    std::fs::write(&lock, "").unwrap();
    let r = w.sb(&["story", "pr", "PR-1"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("error: companion etl:") && r.stderr.contains("lock"),
        "{}",
        r.stderr
    );
    let head = git_out(
        &companion_worktree(&w, "warehouse", branch),
        &["rev-parse", "HEAD"],
    );
    assert_eq!(w.remote_tip("warehouse", branch), head);
    std::fs::remove_file(&lock).unwrap();
    w.ok(&["story", "pr", "PR-1"]);
}
