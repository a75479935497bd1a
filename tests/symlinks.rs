//! Symbolic links in a LookML project, through the real binary on real git: a
//! link stays a link (git's mode 120000, its target the blob) from the directory
//! or the tree it is read from, through render, publish, unrender and a sync from
//! Looker, into the story's worktree; the file it points at is rendered where it
//! is; a link that may lead outside the project is refused, named, never followed.
#![cfg(unix)]

mod support;
#[path = "support/world.rs"]
mod world;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use world::{World, git_out};

/// A view living outside `views/`, with a schema every environment renames.
const SHARED_VIEW: &str = "view: shared_stores {\n  sql_table_name: analytics.stores ;;\n\n  dimension: id {\n    primary_key: yes\n    sql: ${TABLE}.id ;;\n  }\n}\n";

/// The links the project holds: a view file and a directory.
const LINKS: &[(&str, &str)] = &[
    ("views/shared.view.lkml", "../common/shared.view.lkml"),
    ("views/common", "../common"),
];

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn write(p: &Path, text: &str) {
    std::fs::write(p, text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
}

/// `at` is a symbolic link (not followed) pointing at `target`.
fn assert_link(at: &Path, target: &str) {
    let meta = std::fs::symlink_metadata(at).unwrap_or_else(|e| panic!("{}: {e}", at.display()));
    assert!(
        meta.file_type().is_symlink(),
        "{} is not a symbolic link: {:?}",
        at.display(),
        meta.file_type()
    );
    assert_eq!(
        std::fs::read_link(at).unwrap(),
        PathBuf::from(target),
        "{}",
        at.display()
    );
}

fn assert_links(dir: &Path) {
    for (link, target) in LINKS {
        assert_link(&dir.join(link), target);
    }
}

/// `git ls-tree -r` of `rev` in `dir` holds each link as mode 120000 with its
/// target as the blob.
fn assert_tree_links(dir: &Path, rev: &str, links: &[(&str, &str)]) {
    let tree = git_out(dir, &["ls-tree", "-r", rev]);
    for (link, target) in links {
        let line = tree
            .lines()
            .find(|l| l.ends_with(&format!("\t{link}")))
            .unwrap_or_else(|| panic!("no {link} in {rev}:\n{tree}"));
        assert!(
            line.starts_with("120000 blob "),
            "{link} is not a link in {rev}: {line}"
        );
        let blob = line.split_whitespace().nth(2).unwrap();
        assert_eq!(git_out(dir, &["cat-file", "-p", blob]), *target, "{link}");
    }
}

/// The demo project with a shared view under `common/`, linked from `views/` as a
/// file and as a directory, on the team's main.
fn world_with_links() -> World {
    let w = World::new();
    std::fs::create_dir_all(w.clone.join("common")).unwrap();
    write(&w.clone.join("common/shared.view.lkml"), SHARED_VIEW);
    for (link, target) in LINKS {
        symlink(target, w.clone.join(link)).unwrap();
    }
    git_out(&w.clone, &["add", "-A"]);
    git_out(&w.clone, &["commit", "-qm", "A shared view, linked"]);
    git_out(&w.clone, &["push", "-q", "origin", "main"]);
    assert_tree_links(&w.clone, "HEAD", LINKS);
    w
}

#[test]
fn links_stay_links_through_render_publish_unrender_and_sync() {
    let w = world_with_links();

    // Rendered from a revision and from a directory: the links are links, and the
    // file they point at is rendered where it is.
    let from_rev = w.root.join("render-rev");
    w.ok(&[
        "render",
        "--env",
        "dev-alice",
        "--rev",
        "HEAD",
        "--out",
        from_rev.to_str().unwrap(),
    ]);
    let from_dir = w.root.join("render-dir");
    w.ok(&[
        "render",
        "--env",
        "dev-alice",
        "--dir",
        w.clone.to_str().unwrap(),
        "--out",
        from_dir.to_str().unwrap(),
    ]);
    for out in [&from_rev, &from_dir] {
        assert_links(out);
        let shared = out.join("common/shared.view.lkml");
        assert!(std::fs::symlink_metadata(&shared).unwrap().is_file());
        assert!(
            read(&shared).contains("sql_table_name: dev_alice.stores ;;"),
            "{}",
            read(&shared)
        );
        // Through the links, the rendered file.
        assert_eq!(read(&out.join("views/shared.view.lkml")), read(&shared));
        assert_eq!(
            read(&out.join("views/common/shared.view.lkml")),
            read(&shared)
        );
    }

    // Unrendered: the links come back as links, the view canonical again.
    let back = w.root.join("unrendered");
    w.ok(&[
        "unrender",
        "--env",
        "dev-alice",
        "--dir",
        from_rev.to_str().unwrap(),
        "--out",
        back.to_str().unwrap(),
        "--reference",
        "HEAD",
    ]);
    assert_links(&back);
    assert_eq!(read(&back.join("common/shared.view.lkml")), SHARED_VIEW);

    // Published: the environment's branch holds the links as links.
    let out = w.ok(&["story", "new", "LNK-1", "links"]);
    assert!(out.contains("published story/LNK-1-links"), "{out}");
    let dir = w.story_dir("LNK-1");
    assert_links(&dir);
    assert_tree_links(&w.bare("dev-alice"), "dev", LINKS);
    let looker = w.looker("dev-alice", "dev");
    assert_links(&looker);
    assert!(read(&looker.join("common/shared.view.lkml")).contains("dev_alice.stores"));

    // Looker edits another file and adds a link of its own; the sync brings both,
    // and every link in the story's worktree is a link.
    let orders = looker.join("views/orders.view.lkml");
    let edited = read(&orders).replace("label: \"Order Status\"", "label: \"Status (Looker)\"");
    assert_ne!(edited, read(&orders), "the edit finds its label");
    write(&orders, &edited);
    symlink(
        "../common/shared.view.lkml",
        looker.join("views/again.view.lkml"),
    )
    .unwrap();
    w.looker_commit(&looker, "Edits in the IDE", "2026-11-20T10:11:12+01:00");
    let out = w.ok(&["story", "sync"]);
    assert!(out.contains("synced 1 commit(s) from dev-alice"), "{out}");
    assert_links(&dir);
    assert_link(
        &dir.join("views/again.view.lkml"),
        "../common/shared.view.lkml",
    );
    assert!(read(&dir.join("views/orders.view.lkml")).contains("Status (Looker)"));
    assert_eq!(read(&dir.join("common/shared.view.lkml")), SHARED_VIEW);
    assert_eq!(
        git_out(&dir, &["status", "--porcelain"]),
        "",
        "the worktree is clean after sync"
    );
    let mut all = LINKS.to_vec();
    all.push(("views/again.view.lkml", "../common/shared.view.lkml"));
    assert_tree_links(&dir, "HEAD", &all);
    assert_tree_links(&w.bare("dev-alice"), "dev", &all);

    // Published again after an edit elsewhere (only the changed files rendered):
    // the links are still links on the environment's branch.
    let users = dir.join("views/users.view.lkml");
    write(&users, &format!("{}# reviewed\n", read(&users)));
    git_out(&dir, &["commit", "-qam", "Reviewed users"]);
    w.ok(&["story", "publish"]);
    assert_tree_links(&w.bare("dev-alice"), "dev", &all);
}

#[test]
fn a_link_leading_outside_the_project_is_refused_and_named() {
    let w = world_with_links();
    w.ok(&["story", "new", "LNK-2", "outside"]);
    let dir = w.story_dir("LNK-2");
    let published = w.remote_tip("dev-alice", "dev");
    symlink("/etc/passwd", dir.join("views/passwd.view.lkml")).unwrap();
    symlink("../../outside", dir.join("views/outside")).unwrap();
    git_out(&dir, &["add", "-A"]);
    git_out(&dir, &["commit", "-qm", "Links out of the project"]);

    let said = |r: &support::Run| format!("{}{}", r.stdout, r.stderr);
    let named = |text: &str| {
        for (link, target) in [
            ("views/passwd.view.lkml", "/etc/passwd"),
            ("views/outside", "../../outside"),
        ] {
            assert!(
                text.contains(&format!("`{link}` is a symbolic link to `{target}`")),
                "{link} -> {target} not named:\n{text}"
            );
        }
        assert!(text.contains("does not follow it"), "{text}");
        assert!(text.contains("replace the link"), "{text}");
    };

    // Publishing refuses, and the environment is untouched.
    let r = w.sb(&["story", "publish"]);
    assert_ne!(r.code, 0, "{}", said(&r));
    named(&said(&r));
    assert_eq!(w.remote_tip("dev-alice", "dev"), published);

    // Rendering the revision or the directory refuses, writing nothing.
    for source in [
        ["--rev", "story/LNK-2-outside"],
        ["--dir", dir.to_str().unwrap()],
    ] {
        let out = w.root.join(format!("render-{}", &source[0][2..]));
        let mut args = vec!["render", "--env", "integration"];
        args.extend(source);
        args.extend(["--out", out.to_str().unwrap()]);
        let r = w.sb(&args);
        assert_eq!(r.code, 1, "{}", said(&r));
        named(&said(&r));
        assert!(!out.exists(), "nothing written when refused");
    }

    // Unrendering a tree holding such a link refuses too.
    let env_tree = w.root.join("env-tree");
    std::fs::create_dir_all(env_tree.join("views")).unwrap();
    symlink("/etc/passwd", env_tree.join("views/passwd.view.lkml")).unwrap();
    let r = w.sb(&[
        "unrender",
        "--env",
        "integration",
        "--dir",
        env_tree.to_str().unwrap(),
        "--out",
        w.root.join("unrendered").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1, "{}", said(&r));
    assert!(
        said(&r).contains("`views/passwd.view.lkml` is a symbolic link to `/etc/passwd`"),
        "{}",
        said(&r)
    );
}
