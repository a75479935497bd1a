//! A team starting on its own repository, and the traps a reviewer could fall
//! into, through the real binary on real git: no personal file needed, keys
//! unique whatever their case, worktrees of two clones apart and a deleted
//! clone's leftovers moved aside, `main` meaning the team's main, a pull
//! request describing exactly what it pushes, `check` naming remotes a clone
//! lacks, and a refused publish exiting 1.

mod support;
#[path = "support/world.rs"]
mod world;

use std::path::Path;

use support::{run, storyboard};
use world::{World, git_out};

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `storyboard` in alice's clone with no personal file at all.
fn sb_bare(w: &World, args: &[&str]) -> support::Run {
    run(storyboard(&w.home)
        .arg("-C")
        .arg(&w.clone)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1"))
}

#[test]
fn a_clone_works_with_no_personal_file() {
    let w = World::new();
    // Alice's git identity says who she is: alice@acme.example.
    let r = sb_bare(&w, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("user:          alice (from git user.email)"),
        "{}",
        r.stdout
    );
    let r = sb_bare(&w, &["story", "new", "N-1", "first"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("published story/N-1-first"),
        "{}",
        r.stdout
    );
    assert!(
        !w.remote_tip("dev-alice", "dev").is_empty(),
        "dev-alice was deployed"
    );
}

#[test]
fn a_key_is_taken_whatever_its_case() {
    let w = World::new();
    w.ok(&["story", "new", "DATA-101", "first"]);
    let r = w.sb(&["story", "new", "data-101", "second"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("the key `data-101` is taken")
            && r.stderr.contains("story/DATA-101-first"),
        "{}",
        r.stderr
    );
    assert!(
        git_out(&w.clone, &["branch", "--list", "story/data-101*"]).is_empty(),
        "nothing made"
    );
    // A finished story's key in another case stays taken: its record names
    // it. The very key takes the ticket up again.
    let dir = w.story_dir("DATA-101");
    std::fs::write(dir.join("views/x.view.lkml"), "view: x {}\n").unwrap();
    git_out(&dir, &["add", "-A"]);
    git_out(&dir, &["commit", "-q", "-m", "x"]);
    w.ok(&["story", "finish", "DATA-101", "--force"]);
    let r = w.sb(&["story", "new", "Data-101"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("is taken") && r.stderr.contains("write the key as `DATA-101`"),
        "{}",
        r.stderr
    );
    w.ok(&["story", "new", "DATA-101", "again"]);
}

#[test]
fn two_clones_of_one_name_keep_their_worktrees_apart_and_a_deleted_ones_are_set_aside() {
    let w = World::new();
    // Two clones both called `looker`, sharing the default worktree directory.
    let shared = w.root.join("shared-worktrees");
    let mut dirs = Vec::new();
    for parent in ["a", "b"] {
        let dir = w.root.join(parent);
        std::fs::create_dir_all(&dir).unwrap();
        git_out(
            &dir,
            &["clone", "-q", &world::url(&w.bare("team")), "looker"],
        );
        let clone = dir.join("looker");
        git_out(
            &clone,
            &["config", "user.email", &format!("{parent}@acme.example")],
        );
        git_out(&clone, &["config", "user.name", parent]);
        for env in ["dev-alice", "integration", "acceptance", "production"] {
            git_out(&clone, &["remote", "add", env, &world::url(&w.bare(env))]);
        }
        let personal = w.root.join(format!("{parent}.toml"));
        std::fs::write(
            &personal,
            format!("user = \"alice\"\nworktrees = \"{}\"\n", shared.display()),
        )
        .unwrap();
        dirs.push((clone, personal));
    }
    let sb = |(clone, personal): &(std::path::PathBuf, std::path::PathBuf), args: &[&str]| {
        run(storyboard(&w.home)
            .arg("-C")
            .arg(clone)
            .arg("--config")
            .arg(personal)
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1"))
    };
    let a = sb(&dirs[0], &["story", "new", "W-1", "same"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    let b = sb(&dirs[1], &["story", "new", "W-1", "same"]);
    assert_eq!(
        b.code, 0,
        "the other clone's worktree is not in the way: {}",
        b.stderr
    );
    let pa = sb(&dirs[0], &["story", "path", "W-1"]).stdout;
    let pb = sb(&dirs[1], &["story", "path", "W-1"]).stdout;
    assert_ne!(pa.trim(), pb.trim());

    // Clone a is deleted with uncommitted work in its worktree; a new clone at
    // the same place gets its story, and the leftovers are kept aside.
    std::fs::write(Path::new(pa.trim()).join("notes.txt"), "unsaved thoughts\n").unwrap();
    std::fs::remove_dir_all(&dirs[0].0).unwrap();
    git_out(
        &w.root.join("a"),
        &["clone", "-q", &world::url(&w.bare("team")), "looker"],
    );
    git_out(&dirs[0].0, &["config", "user.email", "a@acme.example"]);
    git_out(&dirs[0].0, &["config", "user.name", "a"]);
    git_out(
        &dirs[0].0,
        &[
            "remote",
            "add",
            "dev-alice",
            &world::url(&w.bare("dev-alice")),
        ],
    );
    let again = sb(&dirs[0], &["story", "new", "W-1", "same"]);
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);
    assert!(again.stdout.contains("moved aside"), "{}", again.stdout);
    let orphaned = shared.join("orphaned");
    let kept: Vec<_> = std::fs::read_dir(&orphaned).unwrap().flatten().collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        read(&kept[0].path().join("notes.txt")),
        "unsaved thoughts\n",
        "nothing lost"
    );
}

#[test]
fn main_is_the_teams_main_and_a_pull_request_describes_what_it_pushes() {
    let w = World::new();
    // Someone else's story reaches the team's main; alice's local main stays behind.
    let bob = w.other_clone("bob");
    let orders = bob.dir.join("views/orders.view.lkml");
    std::fs::write(
        &orders,
        read(&orders).replacen("label: \"Order Status\"", "label: \"Order status\"", 1),
    )
    .unwrap();
    git_out(&bob.dir, &["commit", "-q", "-am", "Bob's change"]);
    git_out(&bob.dir, &["push", "-q", "origin", "main"]);

    w.ok(&["story", "new", "M-1", "mine"]);
    let dir = w.story_dir("M-1");
    let users = dir.join("views/users.view.lkml");
    let text = read(&users);
    let end = text.rfind('}').unwrap();
    std::fs::write(
        &users,
        format!(
            "{}\n  dimension: m1 {{\n    type: yesno\n    sql: ${{TABLE}}.m1 ;;\n  }}\n}}\n",
            &text[..end]
        ),
    )
    .unwrap();
    git_out(&dir, &["commit", "-q", "-am", "M-1 flag"]);

    // `main` is the team's: only M-1's change, not Bob's.
    let out = w.ok(&["diff", "main", "M-1", "--format", "json"]);
    let diff: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<String> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].to_string())
        .collect();
    assert!(paths.iter().all(|p| p.contains("m1")), "{paths:?}");
    // The stale local branch named as such is what the user gets, with a warning.
    let r = w.sb(&["diff", "refs/heads/main", "M-1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: the local branch `main` is 1 commit(s) behind"),
        "{}",
        r.stderr
    );
    // A story named alone is its own change.
    let alone = w.ok(&["diff", "M-1", "--format", "json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&alone).unwrap()["changes"],
        diff["changes"]
    );

    // Uncommitted work is neither pushed nor described, and the user is told.
    std::fs::write(
        dir.join("views/orders.view.lkml"),
        read(&dir.join("views/orders.view.lkml")).replacen(
            "label: \"Completed Orders\"",
            "label: \"UNSAVED\"",
            1,
        ),
    )
    .unwrap();
    let out = w.ok(&["story", "pr", "M-1"]);
    assert!(
        out.contains("warning: 1 file(s) with uncommitted changes"),
        "{out}"
    );
    let description = out
        .lines()
        .find_map(|l| {
            l.split_once("): ")
                .map(|(_, p)| p.to_string())
                .filter(|p| p.ends_with(".md"))
        })
        .unwrap_or_else(|| panic!("the description's path: {out}"));
    let md = read(Path::new(&description));
    assert!(md.contains("m1") && !md.contains("UNSAVED"), "{md}");
    let out = w.ok(&["story", "publish", "M-1"]);
    assert!(
        out.contains("warning: 1 file(s) with uncommitted changes"),
        "{out}"
    );
}

#[test]
fn check_names_remotes_a_clone_lacks_and_a_refused_publish_exits_1() {
    let w = World::new();
    let bob = w.other_clone("bob");
    // Bob's clone has none of the environments' remotes.
    let r = bob.sb(&["check"]);
    assert_eq!(r.code, 0, "warnings only: {}", r.stderr);
    assert!(
        r.stderr.contains(
            "warning: environment `integration`: this clone has no remote `integration`; add it with `git remote add integration URL`"
        ),
        "{}",
        r.stderr
    );

    // An edit made in Looker and not synced: publishing would hide it.
    w.ok(&["story", "new", "E-1", "edit"]);
    let looker = w.looker("dev-alice", "dev");
    let orders = looker.join("views/orders.view.lkml");
    std::fs::write(&orders, format!("{}\n# edited in Looker\n", read(&orders))).unwrap();
    w.looker_commit(&looker, "An edit in the IDE", "2026-12-01T10:00:00");
    w.ok(&["story", "fetch"]);
    let r = w.sb(&["story", "publish", "E-1"]);
    assert_eq!(
        r.code, 1,
        "the operation found a problem: {}\n{}",
        r.stdout, r.stderr
    );
    assert!(r.stderr.contains("not synced yet"), "{}", r.stderr);
}

#[test]
fn check_reach_names_a_remote_that_does_not_answer() {
    let w = World::new();
    // A directory, but no repository: it exists and does not answer.
    let not_a_repo = w.root.join("not-a-repo");
    std::fs::create_dir_all(&not_a_repo).unwrap();
    let team = w.clone.join("storyboard.toml");
    let text = read(&team).replacen(
        "[environment.integration]\nremote = \"integration\"",
        &format!(
            "[environment.integration]\nremote = \"{}\"",
            world::url(&not_a_repo)
        ),
        1,
    );
    assert!(
        text.contains("not-a-repo"),
        "the demo team file changed shape"
    );
    std::fs::write(&team, text).unwrap();
    let r = w.sb(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains("not-a-repo"),
        "offline by default: {}",
        r.stderr
    );
    let r = w.sb(&["check", "--reach"]);
    assert_eq!(r.code, 0, "warnings only: {}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: environment `integration`: cannot reach"),
        "{}",
        r.stderr
    );
    for reachable in ["acceptance", "production", "dev-alice", "the team remote"] {
        assert!(
            !r.stderr.contains(&format!("{reachable}`:"))
                && !r.stderr.contains(&format!("{reachable}:")),
            "{}",
            r.stderr
        );
    }
}
