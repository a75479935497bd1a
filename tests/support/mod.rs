//! Shared by the integration tests: run the real binary in an isolated home.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The `storyboard` binary, with its configuration, state and data directories
/// pointed into `home` so a test never reads or writes the developer's own.
pub fn storyboard(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_storyboard"));
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("STORYBOARD_CONFIG")
        .env("NO_COLOR", "1");
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("the storyboard binary runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// A new, empty git repository at `dir` (created with the git command line).
pub fn git_init(dir: &Path) {
    std::fs::create_dir_all(dir).expect("create the repository directory");
    let status = Command::new("git")
        .args(["init", "-q", "-b", "main"])
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git init failed in {}", dir.display());
}

/// The repository's root directory: the directory holding Cargo.toml.
pub fn project_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs git in `dir` with a fixed identity, and fails the test if git fails.
pub fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} in {}", dir.display());
}

/// The environments of a team file, for the developer `alice`.
pub fn environments(team: &str) -> Vec<storyboard::config::Environment> {
    storyboard::config::Config::from_texts(
        (Path::new("storyboard.toml"), team),
        Some((Path::new("alice.toml"), "user = \"alice\"\n")),
    )
    .unwrap_or_else(|e| panic!("the team file is valid: {e}"))
    .environments
}

/// The first row of the JSON array `rows` whose `field` is `value`.
pub fn json_row<'a>(
    rows: &'a serde_json::Value,
    field: &str,
    value: &str,
) -> &'a serde_json::Value {
    rows.as_array()
        .and_then(|rows| rows.iter().find(|r| r[field] == value))
        .unwrap_or_else(|| panic!("no row with {field} = {value} in {rows}"))
}

/// The row of `storyboard status --json` (`status`, parsed) for environment `name`.
pub fn environment<'a>(status: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json_row(&status["environments"], "name", name)
}

/// A copy of `from` at `to`, directories and files.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A LookML project committed in a new repository, with alice's personal file.
pub struct ProjectRepo {
    _tmp: tempfile::TempDir,
    pub home: std::path::PathBuf,
    pub repo: std::path::PathBuf,
    pub personal: std::path::PathBuf,
}

impl ProjectRepo {
    /// The project at `project` (a directory of this crate) committed in a new repository.
    pub fn new(project: &Path) -> ProjectRepo {
        let tmp = tempfile::tempdir().expect("tmp");
        let home = tmp.path().join("home");
        let repo = tmp.path().join("repo");
        git_init(&repo);
        copy_dir(&project_root().join(project), &repo);
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-qm", "the project"]);
        std::fs::create_dir_all(&home).expect("home");
        let personal = home.join("alice.toml");
        std::fs::write(&personal, "user = \"alice\"\n").expect("personal");
        ProjectRepo {
            _tmp: tmp,
            home,
            repo,
            personal,
        }
    }

    /// `storyboard` in the repository with alice's personal file.
    pub fn sb(&self) -> Command {
        let mut c = storyboard(&self.home);
        c.arg("-C")
            .arg(&self.repo)
            .arg("--config")
            .arg(&self.personal);
        c
    }
}
