//! Stories end to end, through the real binary, over real git: a team remote, a
//! fork and environment remotes as bare repositories reached by `file://` URLs;
//! Looker's IDE is a clone of the developer's environment that commits and pushes.

mod support;
#[path = "support/world.rs"]
mod world;

use std::path::Path;

use world::{World, git_out};

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Replaces `from` (which must be there: an edit that finds nothing would make
/// the test prove nothing) with `to` in a file.
fn replace(p: &Path, from: &str, to: &str) {
    let text = read(p);
    assert!(text.contains(from), "{} has no {from:?}", p.display());
    write(p, &text.replace(from, to));
}

fn write(p: &Path, text: &str) {
    std::fs::write(p, text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
}

/// Every environment-specific name alice's environment uses.
const ENV_NAMES: &[&str] = &["_alice", "warehouse_alice", "dev_alice"];

fn assert_canonical_history(dir: &Path, range: &str) {
    let commits = git_out(dir, &["rev-list", range]);
    for commit in commits.lines() {
        let files = git_out(dir, &["ls-tree", "-r", "--name-only", commit]);
        for name in ENV_NAMES {
            assert!(
                !files.contains(name),
                "{commit} has a file named with {name}:\n{files}"
            );
            let grep = std::process::Command::new("git")
                .args(["grep", "-l", name, commit])
                .current_dir(dir)
                .output()
                .unwrap();
            assert!(
                grep.stdout.is_empty(),
                "{commit} mentions {name} in {}",
                String::from_utf8_lossy(&grep.stdout)
            );
        }
        let renames = git_out(dir, &["show", "--name-status", "--format=", "-M", commit]);
        assert!(
            !renames.lines().any(|l| l.starts_with('R')
                || ((l.starts_with('A') || l.starts_with('D')) && l.contains(".model."))),
            "{commit} renames, adds or removes a model file:\n{renames}"
        );
    }
}

#[test]
fn a_story_is_made_published_edited_in_looker_synced_and_pushed() {
    let w = World::new();
    let out = w.ok(&["story", "new", "ABC-1", "net", "revenue"]);
    assert!(
        out.contains("made story/ABC-1-net-revenue from main"),
        "{out}"
    );
    assert!(out.contains("published story/ABC-1-net-revenue"), "{out}");
    let dir = w.story_dir("ABC-1");
    assert!(dir.join("views/orders.view.lkml").is_file());

    // The environment holds the render: a renamed model, its connection.
    let looker = w.looker("dev-alice", "dev");
    assert!(looker.join("models/ecommerce_alice.model.lkml").is_file());
    assert!(
        read(&looker.join("models/ecommerce_alice.model.lkml"))
            .contains("connection: \"warehouse_alice\"")
    );
    let deployed = git_out(&looker, &["log", "-1", "--format=%B"]);
    assert!(
        deployed.contains("Storyboard-Environment: dev-alice"),
        "{deployed}"
    );
    assert!(deployed.contains("Storyboard-Source: "), "{deployed}");

    // The developer edits the story and publishes: only what changed is rendered,
    // and the result is what a full render gives.
    let orders = dir.join("views/orders.view.lkml");
    replace(
        &orders,
        "label: \"Order Status\"",
        "label: \"Status of the order\"",
    );
    git_out(&dir, &["commit", "-q", "-am", "Clearer status label"]);
    let out = w.ok(&["story", "publish"]);
    assert!(out.contains("the rest kept"), "{out}");
    let looker = w.looker("dev-alice", "dev");
    let full = w.root.join("full-render");
    w.ok(&[
        "render",
        "--env",
        "dev-alice",
        "--rev",
        "story/ABC-1-net-revenue",
        "--out",
        full.to_str().unwrap(),
    ]);
    let tree = |d: &Path| {
        let mut files = storyboard::fileset::FileSet::read_dir(d).unwrap();
        files.files.retain(|p, _| !p.starts_with(".git"));
        files
    };
    assert_eq!(
        tree(&looker),
        tree(&full),
        "the incremental render equals a full render"
    );

    // Looker's IDE: an edit in environment form, with the spacing Looker allows, in
    // a view and in the renamed model file.
    let view = looker.join("views/orders.view.lkml");
    let edited_view = read(&view).replace(
        "label: \"Status of the order\"",
        "label:    \"Status of the order\"   # set in Looker",
    );
    write(&view, &edited_view);
    let model = looker.join("models/ecommerce_alice.model.lkml");
    replace(
        &model,
        "label: \"Acme Ecommerce\"",
        "label:  \"Acme Ecommerce (new)\"",
    );
    w.looker_commit(
        &looker,
        "Tidy labels in the IDE",
        "2026-11-20T10:11:12+01:00",
    );

    let list = w.sb(&["story", "list", "--json"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let out = w.ok(&["story", "sync"]);
    assert!(
        out.contains("synced 1 commit(s) from dev-alice into story/ABC-1-net-revenue"),
        "{out}"
    );

    // Looker's bytes, in canonical form, in the story's worktree and history.
    let unrendered = edited_view
        .replace("dev_alice.", "analytics.")
        .replace("ecommerce_alice", "ecommerce");
    assert_eq!(
        read(&orders),
        unrendered,
        "Looker's bytes are kept exactly, env names aside"
    );
    assert!(read(&orders).contains("label:    \"Status of the order\"   # set in Looker"));
    let story_model = read(&dir.join("models/ecommerce.model.lkml"));
    assert!(
        story_model.contains("label:  \"Acme Ecommerce (new)\""),
        "{story_model}"
    );
    assert!(
        story_model.contains("connection: \"warehouse\""),
        "{story_model}"
    );
    let synced = git_out(
        &dir,
        &["log", "-1", "--format=%an|%ae|%ad|%s", "--date=iso-strict"],
    );
    assert_eq!(
        synced,
        "Looker IDE (Alice)|alice@looker.acme.example|2026-11-20T10:11:12+01:00|Tidy labels in the IDE"
    );
    assert_eq!(
        git_out(&dir, &["status", "--porcelain"]),
        "",
        "the worktree is clean after sync"
    );
    assert_canonical_history(&dir, "main..story/ABC-1-net-revenue");

    // The sync is recorded on the environment: a second sync finds nothing.
    let out = w.ok(&["story", "sync"]);
    assert!(out.contains("nothing to sync"), "{out}");
    let list = w.ok(&["story", "list"]);
    assert!(list.contains("* story/ABC-1-net-revenue"), "{list}");
    assert!(list.contains("published"), "{list}");

    // The pull request: pushed to the team remote, with a semantic description.
    let out = w.ok(&["story", "pr"]);
    assert!(out.contains("pushed story/ABC-1-net-revenue"), "{out}");
    let head = git_out(&dir, &["rev-parse", "HEAD"]);
    assert_eq!(w.remote_tip("team", "story/ABC-1-net-revenue"), head);
    let description = out
        .lines()
        .find_map(|l| l.split_once("): "))
        .map(|(_, p)| p.trim().to_string())
        .unwrap();
    let markdown = read(Path::new(&description));
    assert!(markdown.contains("Status of the order"), "{markdown}");
    let list = w.ok(&["story", "list"]);
    assert!(list.contains("pushed"), "{list}");
}

#[test]
fn switching_between_stories_never_touches_uncommitted_work() {
    let w = World::new();
    let mut dirs = Vec::new();
    for (key, view) in [("S-1", "orders"), ("S-2", "users"), ("S-3", "products")] {
        w.ok(&["story", "new", key]);
        let dir = w.story_dir(key);
        let file = dir.join(format!("views/{view}.view.lkml"));
        write(
            &file,
            &format!("{}\n# work in progress on {key}\n", read(&file)),
        );
        write(
            &dir.join("notes.txt"),
            &format!("untracked notes for {key}\n"),
        );
        dirs.push((key, dir, file));
    }
    let snapshot = |dirs: &[(&str, std::path::PathBuf, std::path::PathBuf)]| {
        dirs.iter()
            .map(|(_, dir, file)| {
                (
                    read(file),
                    read(&dir.join("notes.txt")),
                    git_out(dir, &["status", "--porcelain"]),
                )
            })
            .collect::<Vec<_>>()
    };
    let before = snapshot(&dirs);
    for key in ["S-1", "S-2", "S-3", "S-1", "S-3", "S-2", "S-2", "S-1"] {
        let out = w.ok(&["story", "switch", key]);
        assert!(out.contains(&format!("now on story/{key}")), "{out}");
        assert_eq!(
            snapshot(&dirs),
            before,
            "uncommitted work is untouched after switching to {key}"
        );
        let status = w.ok(&["status", "--json"]);
        let status: serde_json::Value = serde_json::from_str(&status).unwrap();
        assert_eq!(status["current"], format!("story/{key}"));
        let dev = support::environment(&status, "dev-alice");
        assert_eq!(dev["story"], format!("story/{key}"));
    }
    // Uncommitted edits are never published: the environment has the committed view.
    let looker = w.looker("dev-alice", "dev");
    assert!(!read(&looker.join("views/orders.view.lkml")).contains("work in progress"));
    // Switching back, the render made the first time is reused: it is what a full
    // render of the story gives.
    let full = w.root.join("full-render-s1");
    w.ok(&[
        "render",
        "--env",
        "dev-alice",
        "--rev",
        "story/S-1",
        "--out",
        full.to_str().unwrap(),
    ]);
    let mut deployed = storyboard::fileset::FileSet::read_dir(&looker).unwrap();
    deployed.files.retain(|p, _| !p.starts_with(".git"));
    assert_eq!(
        deployed,
        storyboard::fileset::FileSet::read_dir(&full).unwrap()
    );
    let list = w.ok(&["story", "list"]);
    assert_eq!(list.matches("2 uncommitted").count(), 3, "{list}");
}

#[test]
fn a_rejected_pull_request_is_fixed_on_an_older_story_while_another_is_current() {
    let w = World::new();
    w.ok(&["story", "new", "OLD-1", "first"]);
    let old = w.story_dir("OLD-1");
    let users = old.join("views/users.view.lkml");
    write(&users, &format!("{}\n# reviewed\n", read(&users)));
    git_out(&old, &["commit", "-q", "-am", "First try"]);
    w.ok(&["story", "pr", "OLD-1"]);

    w.ok(&["story", "new", "NEW-2", "second"]);
    let new = w.story_dir("NEW-2");
    let orders = new.join("views/orders.view.lkml");
    let wip = format!("{}\n# half done\n", read(&orders));
    write(&orders, &wip);
    let deployed_before = w.remote_tip("dev-alice", "dev");

    // The review asks for a fix on OLD-1: made in its own worktree, pushed.
    write(&users, &format!("{}\n# fixed after review\n", read(&users)));
    git_out(&old, &["commit", "-q", "-am", "Fix after review"]);
    let out = w.ok(&["story", "pr", "OLD-1"]);
    assert!(out.contains("pushed story/OLD-1-first"), "{out}");
    assert_eq!(
        w.remote_tip("team", "story/OLD-1-first"),
        git_out(&old, &["rev-parse", "HEAD"])
    );

    // NEW-2 is undisturbed: still current, still deployed, its work in place.
    let status: serde_json::Value = serde_json::from_str(&w.ok(&["status", "--json"])).unwrap();
    assert_eq!(status["current"], "story/NEW-2-second");
    assert_eq!(w.remote_tip("dev-alice", "dev"), deployed_before);
    assert_eq!(read(&orders), wip);
    assert_eq!(
        git_out(&new, &["status", "--porcelain"]),
        "M views/orders.view.lkml"
    );
    assert_canonical_history(&old, "main..story/OLD-1-first");
}

#[test]
fn a_conflicting_sync_stops_is_resolved_and_completes() {
    let w = World::new();
    w.ok(&["story", "new", "C-1", "labels"]);
    let dir = w.story_dir("C-1");
    let orders = dir.join("views/orders.view.lkml");
    // The story moves after publishing...
    replace(
        &orders,
        "label: \"Order Status\"",
        "label: \"Status (story)\"",
    );
    git_out(&dir, &["commit", "-q", "-am", "Story's label"]);
    // ...while Looker changes the same line.
    let looker = w.looker("dev-alice", "dev");
    let view = looker.join("views/orders.view.lkml");
    replace(
        &view,
        "label: \"Order Status\"",
        "label: \"Status (Looker)\"",
    );
    w.looker_commit(&looker, "Label from the IDE", "2026-11-21T09:00:00+00:00");
    let head_before = git_out(&dir, &["rev-parse", "HEAD"]);

    let r = w.sb(&["story", "sync"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("conflicts with story/C-1-labels in:"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("views/orders.view.lkml"), "{}", r.stdout);
    assert_eq!(
        git_out(&dir, &["rev-parse", "HEAD"]),
        head_before,
        "nothing applied"
    );
    let marked = read(&orders);
    assert!(
        marked.contains("<<<<<<< story") && marked.contains(">>>>>>> environment"),
        "{marked}"
    );

    // Not again until resolved; markers left are refused.
    let r = w.sb(&["story", "sync"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--continue"), "{}", r.stderr);
    let r = w.sb(&["story", "sync", "--continue"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("conflict markers are still in"),
        "{}",
        r.stderr
    );

    // Resolved: the two labels agreed on.
    let mut resolved = String::new();
    let mut skip = false;
    for line in marked.lines() {
        if line.starts_with("<<<<<<<") {
            resolved.push_str("    label: \"Status (agreed)\"\n");
            skip = true;
        } else if line.starts_with(">>>>>>>") {
            skip = false;
        } else if !skip {
            resolved.push_str(line);
            resolved.push('\n');
        }
    }
    write(&orders, &resolved);
    let out = w.ok(&["story", "sync", "--continue"]);
    assert!(out.contains("synced 1 commit(s)"), "{out}");
    assert_eq!(read(&orders), resolved);
    assert_eq!(git_out(&dir, &["status", "--porcelain"]), "");
    assert_eq!(
        git_out(&dir, &["log", "-1", "--format=%s|%an"]),
        "Label from the IDE|Looker IDE (Alice)"
    );
    let looker = w.looker("dev-alice", "dev");
    assert!(read(&looker.join("views/orders.view.lkml")).contains("Status (agreed)"));
    assert_canonical_history(&dir, "main..story/C-1-labels");
}

#[test]
fn an_unreachable_remote_and_a_refused_login_change_nothing() {
    let w = World::new();
    let branches_before = git_out(&w.clone, &["branch", "-a"]);

    git_out(
        &w.clone,
        &["remote", "set-url", "origin", "file:///nowhere/team.git"],
    );
    let r = w.sb(&["story", "new", "U-1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("cannot reach `origin` (file:///nowhere/team.git)"),
        "{}",
        r.stderr
    );
    assert_eq!(git_out(&w.clone, &["branch", "-a"]), branches_before);
    assert!(!w.root.join("stories").exists(), "no worktree was made");

    // A server that wants a login nobody has.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            use std::io::{Read, Write};
            let mut stream = stream;
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(
                b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"team\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    let http = format!("http://127.0.0.1:{port}/acme/team.git");
    git_out(&w.clone, &["remote", "set-url", "origin", &http]);
    let r = w.sb(&["story", "new", "U-2"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("authentication failed for `origin` ({http})")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("tried: "), "{}", r.stderr);
    assert_eq!(git_out(&w.clone, &["branch", "-a"]), branches_before);
    assert!(!w.root.join("stories").exists());
}

#[test]
fn a_publish_killed_between_commit_and_push_is_completed_by_the_next_run() {
    let w = World::new();
    w.ok(&["story", "new", "K-1", "kill"]);
    let dir = w.story_dir("K-1");
    let orders = dir.join("views/orders.view.lkml");
    write(&orders, &format!("{}\n# to publish\n", read(&orders)));
    git_out(&dir, &["commit", "-q", "-am", "Something to publish"]);
    let deployed = w.remote_tip("dev-alice", "dev");

    let r = w.sb_env(
        &["story", "publish"],
        &[("STORYBOARD_CRASH_AT", "publish-after-commit")],
    );
    assert_ne!(r.code, 0, "the run was killed");
    assert_eq!(
        w.remote_tip("dev-alice", "dev"),
        deployed,
        "nothing reached the environment"
    );
    let pending = git_out(
        &w.clone,
        &[
            "for-each-ref",
            "--format=%(objectname)",
            "refs/storyboard/pending/",
        ],
    );
    assert!(!pending.is_empty(), "the commit waits in a pending ref");

    // The lock died with the process: the next run goes ahead and completes it.
    let out = w.ok(&["story", "publish"]);
    assert!(
        out.contains(&format!(
            "completed an interrupted deployment ({})",
            &pending[..7]
        )),
        "{out}"
    );
    assert_eq!(w.remote_tip("dev-alice", "dev"), pending);
    assert!(
        out.contains("dev-alice already has story/K-1-kill"),
        "{out}"
    );
    assert_eq!(
        git_out(&w.clone, &["for-each-ref", "refs/storyboard/pending/"]),
        ""
    );
    let parent = git_out(&w.bare("dev-alice"), &["rev-parse", "refs/heads/dev^"]);
    assert_eq!(parent, deployed, "a new commit on top, never a force-push");
}

#[test]
fn a_second_storyboard_waits_for_the_lock() {
    let w = World::new();
    w.ok(&["story", "new", "L-1"]);
    let lock_path = w.clone.join(".git/storyboard/lock");
    let held = std::fs::OpenOptions::new()
        .write(true)
        .open(&lock_path)
        .unwrap();
    held.try_lock().unwrap();
    let r = w.sb(&["story", "publish"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("another storyboard is changing this repository"),
        "{}",
        r.stderr
    );
    drop(held);
    w.ok(&["story", "publish"]);
}

#[test]
fn finish_refuses_unmerged_work_unless_forced_and_then_keeps_a_backup() {
    let w = World::new();
    w.ok(&["story", "new", "F-1", "done"]);
    let dir = w.story_dir("F-1");
    let users = dir.join("views/users.view.lkml");
    write(&users, &format!("{}\n# merged soon\n", read(&users)));
    git_out(&dir, &["commit", "-q", "-am", "Work"]);
    let r = w.sb(&["story", "finish", "F-1"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("it is not merged into main"),
        "{}",
        r.stderr
    );

    // Merged on the team remote: finish cleans up.
    let seed = w.root.join("merger");
    git_out(
        &w.root,
        &["clone", "-q", &world::url(&w.bare("team")), "merger"],
    );
    git_out(
        &seed,
        &["fetch", "-q", &world::url(&w.clone), "story/F-1-done"],
    );
    git_out(
        &seed,
        &["merge", "-q", "--no-ff", "-m", "Merge F-1", "FETCH_HEAD"],
    );
    git_out(&seed, &["push", "-q", "origin", "main"]);
    let out = w.ok(&["story", "finish", "F-1"]);
    assert!(out.contains("finished story/F-1-done"), "{out}");
    assert!(!dir.exists());
    assert!(git_out(&w.clone, &["branch", "--list", "story/F-1-done"]).is_empty());

    // Unmerged with uncommitted work: forced, everything is kept in a backup ref.
    w.ok(&["story", "new", "F-2"]);
    let dir = w.story_dir("F-2");
    write(
        &dir.join("views/users.view.lkml"),
        "view: users { # unsaved idea\n}\n",
    );
    let r = w.sb(&["story", "finish", "F-2"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("uncommitted changes"), "{}", r.stderr);
    let out = w.ok(&["story", "finish", "F-2", "--force"]);
    assert!(
        out.contains("kept story/F-2 in refs/storyboard/backup/story/F-2"),
        "{out}"
    );
    let kept = git_out(
        &w.clone,
        &[
            "show",
            "refs/storyboard/backup/story/F-2:views/users.view.lkml",
        ],
    );
    assert!(kept.contains("unsaved idea"));
}

#[test]
fn finish_moves_what_git_ignores_in_the_worktree_into_the_git_directory() {
    let w = World::new();
    // Ignored in every worktree of the clone, as a team's `.gitignore` would.
    std::fs::create_dir_all(w.clone.join(".git/info")).unwrap();
    write(&w.clone.join(".git/info/exclude"), ".env\nscratch/\n");
    let keep = |key: &str| {
        w.ok(&["story", "new", key, "keep"]);
        let dir = w.story_dir(key);
        write(
            &dir.join(".env"),
            &format!("DB_PASSWORD=local-only-{key}\n"),
        );
        std::fs::create_dir_all(dir.join("scratch/deep")).unwrap();
        write(&dir.join("scratch/deep/notes.md"), "ideas\n");
        // Nothing committed: the story is merged as it stands, so finish needs no --force.
        let out = w.ok(&["story", "finish", key]);
        assert!(!dir.exists(), "{out}");
        out
    };

    let out = keep("K-1");
    let kept = w.clone.join(".git/storyboard/kept/story/K-1-keep");
    assert!(
        out.contains(&format!(
            "kept 2 path(s) git ignores in the worktree (.env, scratch/) in {}",
            kept.display()
        )),
        "{out}"
    );
    assert_eq!(read(&kept.join(".env")), "DB_PASSWORD=local-only-K-1\n");
    assert_eq!(read(&kept.join("scratch/deep/notes.md")), "ideas\n");
    // Kept as files only: no ref that a push could carry, no backup needed.
    let refs = git_out(&w.clone, &["for-each-ref", "--format=%(refname)"]);
    assert!(!refs.contains("refs/storyboard/backup"), "{refs}");
    assert!(!out.contains("refs/storyboard"), "{out}");

    // A later story of the same name keeps its own files beside the first's.
    keep("K-1");
    let again = w.clone.join(".git/storyboard/kept/story/K-1-keep-2");
    assert_eq!(read(&again.join(".env")), "DB_PASSWORD=local-only-K-1\n");
    assert_eq!(read(&kept.join("scratch/deep/notes.md")), "ideas\n");

    // A worktree with nothing ignored says nothing about it.
    w.ok(&["story", "new", "K-2"]);
    let out = w.ok(&["story", "finish", "K-2"]);
    assert!(!out.contains("ignores"), "{out}");
    assert!(!w.clone.join(".git/storyboard/kept/story/K-2").exists());
}

/// A forced finish keeps the worktree in the backup ref as `git add -A` would
/// stage it, and what git ignores as files outside any ref.
#[cfg(unix)]
#[test]
fn a_forced_finish_backs_up_symlinks_and_deletions_but_no_ignored_file() {
    let w = World::new();
    std::fs::create_dir_all(w.clone.join(".git/info")).unwrap();
    write(&w.clone.join(".git/info/exclude"), ".env\n");
    w.ok(&["story", "new", "B-1", "backup"]);
    let dir = w.story_dir("B-1");
    std::fs::remove_file(dir.join("views/users.view.lkml")).unwrap();
    write(&dir.join("notes.md"), "idea\n");
    std::os::unix::fs::symlink("notes.md", dir.join("latest.md")).unwrap();
    write(&dir.join(".env"), "DB_PASSWORD=local-only\n");
    assert_eq!(w.sb(&["story", "finish", "B-1"]).code, 2);

    let out = w.ok(&["story", "finish", "B-1", "--force"]);
    let backup = "refs/storyboard/backup/story/B-1-backup";
    assert!(out.contains(&format!("in {backup}")), "{out}");
    let tree = git_out(&w.clone, &["ls-tree", "-r", backup]);
    let entry = |name: &str| {
        tree.lines()
            .find(|l| l.ends_with(&format!("\t{name}")) || l.ends_with(&format!("/{name}")))
            .map(str::to_string)
    };
    let link = entry("latest.md").unwrap_or_else(|| panic!("no symlink in\n{tree}"));
    assert!(link.starts_with("120000 blob"), "{link}");
    assert!(entry("notes.md").is_some(), "{tree}");
    assert!(
        entry("users.view.lkml").is_none(),
        "a deletion is kept: {tree}"
    );
    assert!(entry(".env").is_none(), "no ignored file in a ref: {tree}");
    let kept = w.clone.join(".git/storyboard/kept/story/B-1-backup/.env");
    assert_eq!(read(&kept), "DB_PASSWORD=local-only\n");
}

/// A file name need not be UTF-8 on Unix; uncommitted work under such a name
/// must still stop `finish`, which would otherwise delete it with the worktree.
#[cfg(unix)]
#[test]
fn finish_refuses_a_worktree_holding_a_file_whose_name_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let w = World::new();
    w.ok(&["story", "new", "U-1"]);
    let dir = w.story_dir("U-1");
    let odd = dir.join(std::ffi::OsStr::from_bytes(b"notes-\xff.md"));
    std::fs::write(&odd, "unsaved\n").unwrap();
    let r = w.sb(&["story", "finish", "U-1"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("uncommitted changes"), "{}", r.stderr);
    assert_eq!(std::fs::read(&odd).unwrap(), b"unsaved\n");
}

#[test]
fn names_resolve_by_key_slug_or_branch_and_ambiguity_is_listed() {
    let w = World::new();
    w.ok(&["story", "new", "N-1", "totals"]);
    w.ok(&["story", "new", "N-2", "totals"]);
    let by_key = w.story_dir("n-1");
    assert!(by_key.ends_with("story-N-1-totals"), "{}", by_key.display());
    let r = w.sb(&["story", "path", "totals"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("matches several stories")
            && r.stderr.contains("story/N-1-totals")
            && r.stderr.contains("story/N-2-totals"),
        "{}",
        r.stderr
    );
    let r = w.sb(&["story", "switch", "N-3"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no story is called `N-3`"),
        "{}",
        r.stderr
    );
    let r = w.sb(&["story", "new", "N-1", "totals"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("exists already"), "{}", r.stderr);
}

#[test]
fn diff_reads_stories_and_environments() {
    let w = World::new();
    w.ok(&["story", "new", "D-1", "diff"]);
    let dir = w.story_dir("D-1");
    let orders = dir.join("views/orders.view.lkml");
    replace(&orders, "label: \"Order Status\"", "label: \"Status\"");
    git_out(&dir, &["commit", "-q", "-am", "Shorter label"]);
    replace(&orders, "${TABLE}.status ;;", "UPPER(${TABLE}.status) ;;");

    // A story by key: its worktree, uncommitted edit included, against main.
    let out = w.ok(&["diff", "main", "D-1", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let props: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["property"].as_str())
        .collect();
    assert_eq!(props, ["label", "sql"], "{out}");

    // What dev-alice holds (the story's deployment, unrendered) against main: the
    // committed label only, and no environment rewrite shows as a change.
    let out = w.ok(&["diff", "main", "env:dev-alice", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["changes"].as_array().unwrap().len(),
        0,
        "D-1 was published before its commit: {out}"
    );
    w.ok(&["story", "publish"]);
    let out = w.ok(&["diff", "main", "env:dev-alice", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let props: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["property"].as_str())
        .collect();
    assert_eq!(props, ["label"], "{out}");

    let r = w.sb(&["diff", "main", "env:staging"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no environment `staging`"),
        "{}",
        r.stderr
    );
    let r = w.sb(&["diff", "main", "env:production"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`production` has not been fetched"),
        "{}",
        r.stderr
    );
}

/// The story diff the terminal UI shows reads only what the story changed; it must
/// equal the diff of the whole project, for every kind of change a story makes.
#[test]
fn the_story_diff_from_changed_files_equals_the_whole_project_diff() {
    let w = World::new();
    w.ok(&["story", "new", "E-1", "several", "edits"]);
    let dir = w.story_dir("E-1");
    let orders = dir.join("views/orders.view.lkml");
    replace(&orders, "label: \"Order Status\"", "label: \"Status\"");
    // A view moved to a new file, unchanged.
    let users = read(&dir.join("views/users.view.lkml"));
    std::fs::remove_file(dir.join("views/users.view.lkml")).unwrap();
    write(&dir.join("views/customers_and_users.view.lkml"), &users);
    git_out(&dir, &["add", "-A"]);
    git_out(
        &dir,
        &["commit", "-q", "-m", "Label, and users in a new file"],
    );
    // Uncommitted: an edited SQL, a new dimension, and a model's label.
    replace(&orders, "${TABLE}.status ;;", "LOWER(${TABLE}.status) ;;");
    let products = dir.join("views/products.view.lkml");
    let text = read(&products);
    let end = text.rfind('}').unwrap();
    write(
        &products,
        &format!(
            "{}  dimension: is_new {{ type: yesno sql: ${{TABLE}}.is_new ;; }}\n}}\n",
            &text[..end]
        ),
    );
    let model = dir.join("models/ecommerce.model.lkml");
    replace(&model, "label: \"Acme Ecommerce\"", "label: \"Acme\"");

    let whole = w.ok(&["diff", "main", "E-1", "--format", "json"]);
    let config = storyboard::config::load(&w.clone, Some((w.personal.clone(), true))).unwrap();
    let ws = storyboard::story::Workspace::open(config).unwrap();
    let mut cache = storyboard::semdiff::ParseCache::new();
    let from_changes = ws.story_diff_with("E-1", &mut cache).unwrap();
    let from_changes = storyboard::semdiff::render::json(&from_changes);
    let as_value = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    assert_eq!(as_value(&from_changes), as_value(&whole));
    let v = as_value(&whole);
    let ops: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["op"].as_str())
        .collect();
    assert!(
        ops.contains(&"added") && ops.contains(&"modified"),
        "{whole}"
    );
    // The moved view is reached by fewer models now (one includes its old file by name).
    assert!(whole.contains("included by"), "{whole}");
}

#[test]
fn a_sync_killed_between_writing_files_and_moving_the_branch_is_completed_by_the_next_run() {
    let w = World::new();
    w.ok(&["story", "new", "R-1", "resume"]);
    let dir = w.story_dir("R-1");
    let looker = w.looker("dev-alice", "dev");
    let view = looker.join("views/users.view.lkml");
    write(&view, &format!("{}\n# added in Looker\n", read(&view)));
    w.looker_commit(&looker, "Note from the IDE", "2026-11-22T08:00:00+00:00");
    let head = git_out(&dir, &["rev-parse", "HEAD"]);

    let r = w.sb_env(
        &["story", "sync"],
        &[("STORYBOARD_CRASH_AT", "worktree-after-checkout")],
    );
    assert_ne!(r.code, 0, "the run was killed");
    // Killed after the files were written, before the branch moved.
    assert_eq!(git_out(&dir, &["rev-parse", "HEAD"]), head);
    assert!(read(&dir.join("views/users.view.lkml")).contains("# added in Looker"));

    let out = w.ok(&["story", "sync"]);
    assert!(out.contains("synced 1 commit(s)"), "{out}");
    assert_eq!(
        git_out(&dir, &["status", "--porcelain"]),
        "",
        "nothing left half-applied"
    );
    assert_eq!(
        git_out(&dir, &["log", "-1", "--format=%s"]),
        "Note from the IDE"
    );
    assert!(read(&dir.join("views/users.view.lkml")).contains("# added in Looker"));
}

/// A deployment is reused as the base of an incremental render only under the same
/// settings: when what production protects changes, every file is guarded again.
#[test]
fn a_change_to_what_production_protects_guards_every_file_again() {
    let w = World::new();
    w.ok(&["story", "new", "G-1", "guard"]);
    let dir = w.story_dir("G-1");
    let users = dir.join("views/users.view.lkml");
    write(&users, &format!("{}\n# a small change\n", read(&users)));
    git_out(&dir, &["commit", "-q", "-am", "Small change"]);
    // Production now owns the schema alice's environment renders to.
    let team = w.clone.join("storyboard.toml");
    let text = read(&team).replace(
        "[environment.production]\nremote = \"production\"\nbranch = \"main\"\nprotected = true\n",
        "[environment.production]\nremote = \"production\"\nbranch = \"main\"\nprotected = true\nschemas = { analytics = \"dev_alice\" }\n",
    );
    assert!(
        text.contains("schemas = { analytics = \"dev_alice\" }"),
        "the demo team file changed shape"
    );
    write(&team, &text);
    let r = w.sb(&["story", "publish"]);
    assert_eq!(
        r.code, 1,
        "a refused publish found a problem: {}\n{}",
        r.stdout, r.stderr
    );
    assert!(
        r.stderr.contains("dev_alice") && r.stderr.contains("production"),
        "{}",
        r.stderr
    );
    // The guard found it in files the story did not touch.
    assert!(r.stderr.contains("views/orders.view.lkml"), "{}", r.stderr);
}

#[test]
fn status_tells_a_branch_set_up_by_hand_from_a_storyboard_deployment() {
    let w = World::new();
    let out = w.ok(&["status"]);
    assert!(out.contains("no deployment yet"), "{out}");
    // Someone set the integration instance up by hand: two commits, no deployment.
    let by_hand = w.root.join("by-hand");
    std::fs::create_dir_all(&by_hand).unwrap();
    git_out(&by_hand, &["init", "-q", "-b", "main"]);
    for text in ["set up by hand\n", "set up by hand, twice\n"] {
        write(&by_hand.join("README.md"), text);
        git_out(&by_hand, &["add", "-A"]);
        git_out(
            &by_hand,
            &[
                "-c",
                "user.name=Someone",
                "-c",
                "user.email=someone@acme.example",
                "commit",
                "-q",
                "-m",
                text.trim(),
            ],
        );
    }
    git_out(
        &by_hand,
        &["push", "-q", &world::url(&w.bare("integration")), "main"],
    );
    w.ok(&["story", "fetch"]);
    let out = w.ok(&["status"]);
    let line = out
        .lines()
        .find(|l| l.starts_with("integration"))
        .unwrap_or_else(|| panic!("no integration line:\n{out}"));
    assert!(line.contains("no deployment by storyboard yet"), "{out}");
    let out = w.ok(&["status", "--json"]);
    let status: serde_json::Value = serde_json::from_str(&out).unwrap();
    let integration = support::environment(&status, "integration");
    assert_eq!(integration["source"], serde_json::Value::Null);
    assert_eq!(integration["story"], serde_json::Value::Null);
}

#[test]
fn a_broken_file_on_main_leaves_story_new_working_and_publishing_waits_for_the_fix() {
    let w = World::new();
    // Someone pushed a dashboard that does not parse to the team's main.
    let broken = w.clone.join("dashboards/broken.dashboard.lookml");
    write(
        &broken,
        "- dashboard: broken\n  elements:\n  - name: a\n    model: ecommerce\n    title: [unclosed\n",
    );
    git_out(&w.clone, &["add", "-A"]);
    git_out(&w.clone, &["commit", "-qm", "A broken dashboard"]);
    git_out(&w.clone, &["push", "-q", "origin", "main"]);

    let r = w.sb(&["story", "new", "ABC-9", "fix", "it"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("made story/ABC-9-fix-it from main"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("not published: publishing story/ABC-9-fix-it waits until its files parse"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("error: cannot parse dashboards/broken.dashboard.lookml:5:12: unterminated flow sequence"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("cannot be undone"), "{}", r.stdout);
    // Nothing reached the environment.
    assert_eq!(
        git_out(&w.root.join("dev-alice.git"), &["branch", "--list"]),
        ""
    );

    // The story's diff compares everything else: the broken file is the same on
    // both sides, so it is not mentioned.
    let dir = w.story_dir("ABC-9");
    replace(
        &dir.join("views/orders.view.lkml"),
        "label: \"Order Status\"",
        "label: \"Status\"",
    );
    let diff = w.sb(&["diff", "main", "ABC-9"]);
    assert_eq!(diff.code, 0, "{}{}", diff.stdout, diff.stderr);
    assert!(
        diff.stdout.contains("~ label: \"Order Status\" -> Status"),
        "{}",
        diff.stdout
    );
    assert!(!diff.stdout.contains("Not compared"), "{}", diff.stdout);

    // The story fixes the file; its diff says the file could not be compared on
    // main's side; then the story publishes.
    replace(
        &dir.join("dashboards/broken.dashboard.lookml"),
        "[unclosed",
        "[closed]",
    );
    git_out(&dir, &["commit", "-qam", "Close the list"]);
    let diff = w.sb(&["diff", "main", "ABC-9"]);
    assert_eq!(diff.code, 0, "{}{}", diff.stdout, diff.stderr);
    assert!(
        diff.stdout.contains("dashboards/broken.dashboard.lookml:5:12: unterminated flow sequence: missing ']' (old side)"),
        "{}",
        diff.stdout
    );
    let out = w.ok(&["story", "publish"]);
    assert!(out.contains("published story/ABC-9-fix-it"), "{out}");
}

#[test]
fn a_finished_story_is_still_named_by_its_key_in_another_clone() {
    let w = World::new();
    w.ok(&["story", "new", "F-9", "record"]);
    let dir = w.story_dir("F-9");
    replace(
        &dir.join("views/orders.view.lkml"),
        "label: \"Order Status\"",
        "label: \"Status\"",
    );
    git_out(&dir, &["commit", "-qam", "F-9 Shorter status label"]);
    let head = git_out(&dir, &["rev-parse", "HEAD"]);
    let base = git_out(&w.clone, &["rev-parse", "main"]);
    w.ok(&["story", "pr", "F-9"]);

    // Merged on the team remote, then finished: the branch is gone here.
    let merger = w.root.join("merger");
    git_out(
        &w.root,
        &["clone", "-q", &world::url(&w.bare("team")), "merger"],
    );
    git_out(&merger, &["fetch", "-q", "origin", "story/F-9-record"]);
    git_out(
        &merger,
        &["merge", "-q", "--no-ff", "-m", "Merge F-9", "FETCH_HEAD"],
    );
    git_out(
        &merger,
        &["push", "-q", "origin", "main", ":story/F-9-record"],
    );
    let out = w.ok(&["story", "finish", "F-9"]);
    assert!(out.contains("finished story/F-9-record"), "{out}");
    assert!(!out.contains("not yet on the team remote"), "{out}");

    // The team remote keeps the record: key, branch, base and head.
    let record = git_out(
        &w.bare("team"),
        &["log", "-1", "--format=%B", "refs/storyboard/stories/F-9"],
    );
    for line in [
        "Storyboard-Story: F-9".to_string(),
        "Storyboard-Branch: story/F-9-record".to_string(),
        format!("Storyboard-Base: {base}"),
        format!("Storyboard-Head: {head}"),
    ] {
        assert!(record.contains(&line), "{line} in\n{record}");
    }

    // Bob, in a clone of his own that never saw the branch, names the story by key.
    let bob = w.other_clone("bob");
    let sb = |args: &[&str]| bob.sb(args);
    let before = sb(&["diff", &base, "F-9"]);
    assert_eq!(before.code, 2, "{}", before.stdout);
    // Bob has no environment remotes: only main (and the records) come.
    let fetched = sb(&["story", "fetch"]);
    assert!(
        !fetched.stderr.contains("origin"),
        "{}{}",
        fetched.stdout,
        fetched.stderr
    );
    let diff = sb(&["diff", &base, "F-9"]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert!(
        diff.stdout.contains("~ label: \"Order Status\" -> Status"),
        "{}",
        diff.stdout
    );
}

#[test]
fn the_deployment_layer_reads_an_environments_history_from_its_trailers() {
    use storyboard::deploy::Deployer;
    let w = World::new();
    w.ok(&["story", "new", "H-1", "first"]);
    w.ok(&["story", "new", "H-2", "second"]);
    w.ok(&["story", "switch", "H-1"]);
    let config =
        storyboard::config::load(&w.clone, Some((w.personal.clone(), true))).expect("config");
    let repo = storyboard::git::Repo::open(&w.clone).expect("repo");
    let deployer = Deployer::new(&repo, &config, Path::new(""));
    let env = config.environment("dev-alice").expect("dev-alice");
    let history = deployer.history(env, 10).expect("history");
    let stories: Vec<Option<&str>> = history.iter().map(|d| d.story.as_deref()).collect();
    assert_eq!(
        stories,
        [
            Some("story/H-1-first"),
            Some("story/H-2-second"),
            Some("story/H-1-first")
        ]
    );
    assert_eq!(deployer.history(env, 1).expect("one").len(), 1);
    let state = deployer.state(env).expect("state");
    assert_eq!(state.last.as_ref(), history.first());
}

#[test]
fn a_record_written_in_another_clone_is_pushed_as_a_fast_forward() {
    let w = World::new();
    w.ok(&["story", "new", "R-1", "shared"]);
    let dir = w.story_dir("R-1");
    replace(
        &dir.join("views/orders.view.lkml"),
        "label: \"Order Status\"",
        "label: \"Status\"",
    );
    git_out(&dir, &["commit", "-qam", "R-1 Shorter label"]);
    w.ok(&["story", "pr", "R-1"]);
    let alices = git_out(
        &w.bare("team"),
        &["rev-parse", "refs/storyboard/stories/R-1"],
    );

    // Bob takes the story over in his own clone and finishes it there.
    let bob = w.other_clone("bob");
    git_out(
        &bob.dir,
        &["branch", "story/R-1-shared", "origin/story/R-1-shared"],
    );
    let sb = |args: &[&str]| bob.sb(args);
    sb(&["story", "fetch"]);
    let done = sb(&["story", "finish", "R-1", "--force"]);
    assert_eq!(done.code, 0, "{}{}", done.stdout, done.stderr);
    assert!(
        !done.stdout.contains("not yet on the team remote"),
        "{}",
        done.stdout
    );

    // The team's record moved on from Alice's, without force.
    let now = git_out(
        &w.bare("team"),
        &["rev-parse", "refs/storyboard/stories/R-1"],
    );
    assert_ne!(now, alices);
    git_out(
        &w.bare("team"),
        &["merge-base", "--is-ancestor", &alices, &now],
    );
}

#[test]
fn a_finish_killed_after_writing_the_record_is_completed_by_the_next_run() {
    let w = World::new();
    w.ok(&["story", "new", "K-2", "record"]);
    let r = w.sb_env(
        &["story", "finish", "K-2", "--force"],
        &[("STORYBOARD_CRASH_AT", "finish-after-record")],
    );
    assert_ne!(r.code, 0, "the run was killed");
    // Killed with the record written here and nothing shared: the story is
    // still there, so the next run finds it and completes the finish.
    assert!(!git_out(&w.clone, &["branch", "--list", "story/K-2-record"]).is_empty());
    let team_refs = git_out(
        &w.bare("team"),
        &["for-each-ref", "refs/storyboard/stories/"],
    );
    assert_eq!(team_refs, "", "nothing reached the team remote");
    let out = w.ok(&["story", "finish", "K-2", "--force"]);
    assert!(out.contains("finished story/K-2-record"), "{out}");
    assert!(git_out(&w.clone, &["branch", "--list", "story/K-2-record"]).is_empty());
    let local = git_out(&w.clone, &["rev-parse", "refs/storyboard/stories/K-2"]);
    let shared = git_out(
        &w.bare("team"),
        &["rev-parse", "refs/storyboard/stories/K-2"],
    );
    assert_eq!(
        local, shared,
        "the record reached the team remote, without force"
    );
}
