//! `storyboard init` through the real binary, in git repositories made with the
//! git command line: the demo project, a legacy YAML project, a project in a
//! subdirectory, a clone whose remote's HEAD names the main branch, the questions
//! on a terminal, and every refusal (a file already there, no terminal without
//! `--yes`, no LookML, no git repository), each writing nothing.

mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{Run, git, git_init, project_root, run, storyboard};

struct Scratch {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().canonicalize().expect("canonical temp dir");
        let home = root.join("home");
        std::fs::create_dir_all(&home).expect("home");
        Scratch {
            _tmp: tmp,
            root,
            home,
        }
    }

    /// `storyboard -C dir ARGS` with stdin not a terminal.
    fn sb(&self, dir: &Path, args: &[&str]) -> Run {
        run(storyboard(&self.home).arg("-C").arg(dir).args(args))
    }

    /// alice's personal file.
    fn alice(&self) -> PathBuf {
        let p = self.home.join("alice.toml");
        std::fs::write(&p, "user = \"alice\"\n").expect("personal file");
        p
    }

    /// `storyboard check` as alice: exit 0, and every environment renders.
    fn check_passes(&self, dir: &Path) -> String {
        let alice = self.alice();
        let r = run(storyboard(&self.home)
            .arg("-C")
            .arg(dir)
            .arg("check")
            .arg("--config")
            .arg(&alice));
        assert_eq!(r.code, 0, "check: {}\n{}", r.stdout, r.stderr);
        for env in ["integration", "acceptance", "production", "dev-alice"] {
            assert!(
                r.stdout.contains(&format!("  {env}: ok (")),
                "{env} renders: {}",
                r.stdout
            );
        }
        r.stdout
    }
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// A copy of `from` at `to`, without a storyboard.toml.
fn copy_project(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().expect("type").is_dir() {
            copy_project(&src, &dst);
        } else if entry.file_name() != "storyboard.toml" {
            std::fs::create_dir_all(to).expect("mkdir");
            std::fs::copy(&src, &dst).expect("copy");
        }
    }
}

fn demo_project() -> PathBuf {
    project_root().join("assets/demo/project")
}

/// The environments of a team file for alice.
fn environments(team: &str) -> Vec<storyboard::config::Environment> {
    support::environments(team)
}

fn env<'a>(
    envs: &'a [storyboard::config::Environment],
    name: &str,
) -> &'a storyboard::config::Environment {
    envs.iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no environment {name}"))
}

fn map(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn init_on_the_demo_project_maps_its_names_and_passes_check() {
    let s = Scratch::new();
    let repo = s.root.join("repo");
    git_init(&repo);
    copy_project(&demo_project(), &repo);
    git(
        &repo,
        &["remote", "add", "origin", "git@github.com:acme/looker.git"],
    );

    let r = s.sb(&repo, &["init", "--yes"]);
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    let team = read(&repo.join("storyboard.toml"));
    // Commented throughout, with the guesses marked.
    assert!(team.contains("# edit: the connection it uses in place of each"));
    assert!(team.contains("# edit: the git remote of production's Looker project"));
    assert!(team.contains("\n[environment.\"dev-{user}\"]\n"), "{team}");

    let envs = environments(&team);
    let production = env(&envs, "production");
    assert!(production.protected);
    assert!(production.connections.is_empty() && production.schemas.is_empty());
    assert!(production.constants.is_empty() && production.model_suffix.is_empty());
    assert_eq!(
        production.remote,
        "git@github.com:acme/looker-production.git"
    );
    for (name, suffix) in [
        ("integration", "integration"),
        ("acceptance", "acceptance"),
        ("dev-alice", "alice"),
    ] {
        let e = env(&envs, name);
        assert!(!e.protected, "{name}");
        assert_eq!(e.model_suffix, format!("_{suffix}"));
        assert_eq!(
            e.connections,
            map(&[("warehouse", &format!("warehouse_{suffix}"))])
        );
        // The constants that say where data lives; CONNECTION follows
        // `connections`, and the formats, URLs and expressions stay as they are.
        assert_eq!(
            e.constants,
            map(&[
                ("SCHEMA", &format!("analytics_{suffix}")),
                ("STAGING_SCHEMA", &format!("staging_{suffix}")),
            ])
        );
        assert_eq!(
            e.schemas,
            map(&[("analytics", &format!("analytics_{suffix}"))])
        );
    }
    // Each developer's branch of the team's own repository, as Looker's
    // development mode reads it: it works on the first day.
    assert_eq!(env(&envs, "dev-alice").branch, "dev-alice");
    assert_eq!(env(&envs, "dev-alice").remote, "origin");
    assert!(
        team.contains("The same in every environment unless added here: ORDERS_TABLE,"),
        "{team}"
    );
    assert!(team.contains("main = \"main\"") && team.contains("remote = \"origin\""));

    // init said what it found, ran the check, and listed what to edit.
    assert!(
        r.stdout.contains(
            "2 models (ecommerce, marketing), 1 connection (warehouse), 7 manifest constants, 1 schema (analytics)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("renders of ") && r.stdout.contains("  acceptance: ok ("),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "[environment.production] remote = \"git@github.com:acme/looker-production.git\""
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("run `storyboard check` again"));

    let check = s.check_passes(&repo);
    assert!(
        check.contains("pipeline: integration -> acceptance -> production"),
        "{check}"
    );
}

#[test]
fn init_on_a_legacy_yaml_project() {
    let s = Scratch::new();
    let repo = s.root.join("legacy");
    git_init(&repo);
    write(
        &repo.join("x.model.lookml"),
        "- connection: legacy_db\n\n- include: \"*.view.lookml\"\n\n- explore: users\n",
    );
    write(
        &repo.join("y.view.lookml"),
        "- view: users\n  sql_table_name: legacy_schema.users\n  fields:\n  - dimension: id\n    primary_key: true\n    sql: ${TABLE}.id\n",
    );
    let r = s.sb(&repo, &["init", "--yes"]);
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    let team = read(&repo.join("storyboard.toml"));
    // No remote: the team remote is a placeholder, and so are the guessed ones.
    assert!(
        team.contains("# edit: this clone has no such remote"),
        "{team}"
    );
    assert!(
        r.stdout.contains("[project] remote = \"origin\""),
        "{}",
        r.stdout
    );
    let envs = environments(&team);
    let acceptance = env(&envs, "acceptance");
    assert_eq!(
        acceptance.connections,
        map(&[("legacy_db", "legacy_db_acceptance")])
    );
    assert_eq!(
        acceptance.schemas,
        map(&[("legacy_schema", "legacy_schema_acceptance")])
    );
    assert!(acceptance.constants.is_empty());
    assert_eq!(
        env(&envs, "dev-alice").connections,
        map(&[("legacy_db", "legacy_db_alice")])
    );
    assert!(team.contains("x.model.lookml becomes"), "{team}");
    s.check_passes(&repo);
}

/// A small modern project.
fn modern_project(dir: &Path) {
    write(
        &dir.join("manifest.lkml"),
        "project_name: \"shop\"\nconstant: DB_SCHEMA { value: \"mart\" }\nconstant: HOST { value: \"https://x.example\" }\n",
    );
    write(
        &dir.join("models/shop.model.lkml"),
        "connection: \"dwh\"\ninclude: \"/views/*.view.lkml\"\nexplore: orders {}\n",
    );
    write(
        &dir.join("views/orders.view.lkml"),
        "view: orders {\n  sql_table_name: @{DB_SCHEMA}.orders ;;\n  dimension: id { sql: ${TABLE}.id ;; }\n}\n",
    );
    write(
        &dir.join("views/facts.view.lkml"),
        "view: facts {\n  derived_table: {\n    sql: SELECT o.id, COUNT(*) AS n FROM mart.orders AS o JOIN raw.items i ON i.order_id = o.id GROUP BY 1 ;;\n  }\n  dimension: id { sql: ${TABLE}.id ;; }\n}\n",
    );
}

#[test]
fn init_in_a_subdirectory_of_the_repository() {
    let s = Scratch::new();
    let repo = s.root.join("repo");
    git_init(&repo);
    write(&repo.join("README.md"), "the team's repository\n");
    let looker = repo.join("looker");
    modern_project(&looker);

    // At the repository's root, init says where the project is.
    let r = s.sb(&repo, &["init", "--yes"]);
    assert_eq!(r.code, 2, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("the LookML project is there") && r.stderr.contains("init`"),
        "{}",
        r.stderr
    );
    assert!(!repo.join("storyboard.toml").exists());

    let r = s.sb(&looker, &["init", "--yes"]);
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(!repo.join("storyboard.toml").exists());
    let team = read(&looker.join("storyboard.toml"));
    let envs = environments(&team);
    let integration = env(&envs, "integration");
    assert_eq!(integration.connections, map(&[("dwh", "dwh_integration")]));
    assert_eq!(
        integration.constants,
        map(&[("DB_SCHEMA", "mart_integration")])
    );
    // `o.id` and `i.order_id` are columns, not schemas.
    assert_eq!(
        integration.schemas,
        map(&[("mart", "mart_integration"), ("raw", "raw_integration")])
    );
    assert!(team.contains("unless added here: HOST."), "{team}");
    s.check_passes(&looker);

    // From elsewhere in the repository, the project's file is found.
    let r = s.sb(&looker.join("views"), &["init", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("already configures this directory"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_main_branch_is_the_remote_heads_and_the_remote_the_clones() {
    let s = Scratch::new();
    let team = s.root.join("team");
    Command::new("git")
        .args(["init", "-q", "-b", "trunk"])
        .arg(&team)
        .status()
        .expect("git init");
    modern_project(&team);
    git(&team, &["add", "-A"]);
    git(&team, &["commit", "-q", "-m", "the project"]);
    let clone = s.root.join("clone");
    let status = Command::new("git")
        .args(["clone", "-q", "-o", "upstream"])
        .arg(&team)
        .arg(&clone)
        .status()
        .expect("git clone");
    assert!(status.success());
    git(&clone, &["checkout", "-q", "-b", "feature"]);

    let r = s.sb(&clone, &["init", "--yes"]);
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    let text = read(&clone.join("storyboard.toml"));
    assert!(text.contains("main = \"trunk\""), "{text}");
    assert!(text.contains("remote = \"upstream\""), "{text}");
    assert!(
        r.stdout.contains("main branch `trunk` (upstream's HEAD)"),
        "{}",
        r.stdout
    );
    // Environment remotes are guessed as the team repository's siblings.
    let production = format!("{}-production", team.display());
    assert!(
        text.contains(&format!("remote = \"{production}\"")),
        "{text}"
    );
}

#[test]
fn init_refuses_to_overwrite_a_team_file() {
    let s = Scratch::new();
    let repo = s.root.join("repo");
    git_init(&repo);
    modern_project(&repo);
    let existing = "# ours\n[pipeline]\nstages = []\n";
    write(&repo.join("storyboard.toml"), existing);
    let r = s.sb(&repo, &["init", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("storyboard.toml already exists"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&repo.display().to_string()),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert_eq!(read(&repo.join("storyboard.toml")), existing);
}

#[test]
fn without_a_terminal_init_needs_yes() {
    let s = Scratch::new();
    let repo = s.root.join("repo");
    git_init(&repo);
    modern_project(&repo);
    let r = s.sb(&repo, &["init"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("add --yes"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing written"), "{}", r.stderr);
    assert!(!repo.join("storyboard.toml").exists());
}

#[test]
fn init_refuses_without_lookml_or_outside_git() {
    let s = Scratch::new();
    let repo = s.root.join("repo");
    git_init(&repo);
    write(&repo.join("README.md"), "no LookML here\n");
    let r = s.sb(&repo, &["init", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("no LookML files"), "{}", r.stderr);
    assert!(r.stderr.contains("-C"), "{}", r.stderr);
    assert!(!repo.join("storyboard.toml").exists());

    let plain = s.root.join("plain");
    modern_project(&plain);
    let r = s.sb(&plain, &["init", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("is not inside a git repository"),
        "{}",
        r.stderr
    );
    assert!(!plain.join("storyboard.toml").exists());
}

#[test]
fn on_a_terminal_init_asks_and_enter_takes_the_default() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let s = Scratch::new();
    let repo = s.root.join("repo");
    git_init(&repo);
    modern_project(&repo);

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_storyboard"));
    cmd.arg("-C");
    cmd.arg(&repo);
    cmd.arg("init");
    cmd.env("HOME", &s.home);
    cmd.env("XDG_CONFIG_HOME", s.home.join("config"));
    cmd.env("XDG_STATE_HOME", s.home.join("state"));
    cmd.env("NO_COLOR", "1");
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let seen = Arc::new(Mutex::new(String::new()));
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let feed = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut s) = feed.lock() {
                s.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
    });
    let text = || seen.lock().map(|s| s.clone()).unwrap_or_default();
    let wait_for = |what: &str| {
        let start = Instant::now();
        while !text().contains(what) {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "never saw {what:?}:\n{}",
                text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let mut keys = pty.master.take_writer().expect("writer");
    let mut answer = |line: &str| {
        keys.write_all(line.as_bytes()).expect("type");
        keys.write_all(b"\r").expect("enter");
        keys.flush().expect("flush");
    };
    wait_for("main branch (the branch checked out) [main]: ");
    answer("");
    wait_for("team remote, a remote name or a URL (this clone has none yet) [origin]: ");
    answer("git@gitlab.example:data/lookml.git");
    wait_for("[integration, acceptance, production]: ");
    answer("qa, qa");
    wait_for("`qa` is named twice");
    answer("qa prod");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "init did not end:\n{}",
            text()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}:\n{}", text());
    let team = read(&repo.join("storyboard.toml"));
    assert!(team.contains("stages = [\"qa\", \"prod\"]"), "{team}");
    assert!(
        team.contains("remote = \"git@gitlab.example:data/lookml.git\""),
        "{team}"
    );
    let config = storyboard::config::Config::from_texts(
        (Path::new("storyboard.toml"), &team),
        Some((Path::new("alice.toml"), "user = \"alice\"\n")),
    )
    .expect("valid");
    let qa = config.environment("qa").expect("qa");
    assert_eq!(qa.remote, "git@gitlab.example:data/lookml-qa.git");
    assert_eq!(qa.model_suffix, "_qa");
    assert!(config.environment("prod").is_some_and(|e| e.protected));
    assert_eq!(
        config.environment("dev-alice").map(|e| e.remote.as_str()),
        Some(config.project.remote.as_str())
    );
}

/// A fresh clone of a project that has never seen storyboard: init, check and
/// a first story, with no personal file (who you are comes from git).
#[test]
fn init_check_and_a_first_story_on_a_fresh_clone_with_no_personal_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().canonicalize().expect("canonical");
    let team = root.join("team.git");
    std::fs::create_dir_all(&team).expect("dir");
    git(&team, &["init", "-q", "--bare", "-b", "main"]);
    let seed = root.join("seed");
    copy_project(&demo_project(), &seed);
    git(&seed, &["init", "-q", "-b", "main"]);
    git(&seed, &["add", "-A"]);
    git(&seed, &["commit", "-q", "-m", "The project"]);
    git(
        &seed,
        &["push", "-q", &format!("file://{}", team.display()), "main"],
    );
    git(
        &root,
        &[
            "clone",
            "-q",
            &format!("file://{}", team.display()),
            "clone",
        ],
    );
    let clone = root.join("clone");
    git(&clone, &["config", "user.email", "dana@acme.example"]);
    git(&clone, &["config", "user.name", "Dana"]);
    let home = root.join("home");
    let sb = |args: &[&str]| {
        run(storyboard(&home)
            .arg("-C")
            .arg(&clone)
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1"))
    };
    let r = sb(&["init", "--yes"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let r = sb(&["check"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("user:          dana (from git user.email)"),
        "{}",
        r.stdout
    );
    let r = sb(&["story", "new", "X-1", "try"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("published story/X-1-try (") && r.stdout.contains(") to dev-dana as "),
        "{}",
        r.stdout
    );
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--verify", "-q", "refs/heads/dev-dana"])
        .current_dir(&team)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "dana's environment is a branch of the team's repository"
    );
}
