//! The benches' real-git world: the synthetic project committed on a bare team
//! remote, bare remotes for a developer's environment and production, a clone with
//! its identity and remotes, and the developer's personal file; `file://` URLs all.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::synth;

/// The team file every bench renders with: production protected, and a
/// developer environment that renames models and maps connections, constants and
/// schemas.
pub const TEAM: &str = r#"
[project]
main = "main"
remote = "origin"

[environment.production]
remote = "production"
branch = "main"
protected = true

[environment."dev-{user}"]
remote = "dev"
branch = "dev"
model_suffix = "_{user}"
connections = { warehouse = "warehouse_{user}" }
constants = { CONNECTION = "warehouse_{user}", SCHEMA = "dev_{user}" }
schemas = { analytics = "dev_{user}" }
"#;

/// Runs git in `dir`; returns its output, or stops the bench with git's message.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.com",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("git runs: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

pub struct World {
    pub root: PathBuf,
    pub clone: PathBuf,
    pub personal: PathBuf,
    /// The project as committed on main.
    pub files: Vec<synth::SynthFile>,
}

impl World {
    /// Builds the world in `root` (an empty directory).
    pub fn build(root: &Path) -> World {
        let url = |name: &str| format!("file://{}", root.join(name).display());
        for bare in ["team.git", "dev.git", "production.git"] {
            std::fs::create_dir_all(root.join(bare)).unwrap_or_else(|e| panic!("{e}"));
            git(&root.join(bare), &["init", "-q", "--bare", "-b", "main"]);
        }
        let files = synth::generate(&synth::SynthConfig::default());
        let seed = root.join("seed");
        synth::write_to(&seed, &files).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(seed.join("storyboard.toml"), TEAM).unwrap_or_else(|e| panic!("{e}"));
        git(&seed, &["init", "-q", "-b", "main"]);
        git(&seed, &["add", "-A"]);
        git(&seed, &["commit", "-q", "-m", "project"]);
        git(&seed, &["push", "-q", &url("team.git"), "main"]);
        git(root, &["clone", "-q", &url("team.git"), "clone"]);
        let clone = root.join("clone");
        git(&clone, &["config", "user.name", "Bench"]);
        git(&clone, &["config", "user.email", "bench@example.com"]);
        git(&clone, &["remote", "add", "dev", &url("dev.git")]);
        git(
            &clone,
            &["remote", "add", "production", &url("production.git")],
        );
        let personal = root.join("me.toml");
        std::fs::write(
            &personal,
            format!(
                "user = \"alice\"\nworktrees = \"{}\"\n",
                root.join("stories").display()
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        World {
            root: root.to_path_buf(),
            clone,
            personal,
            files,
        }
    }

    /// The real binary in the clone with the personal file; its output, or the
    /// bench stops with its message.
    pub fn storyboard(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_storyboard"))
            .arg("-C")
            .arg(&self.clone)
            .arg("--config")
            .arg(&self.personal)
            .args(args)
            .env("HOME", self.root.join("home"))
            .env("XDG_STATE_HOME", self.root.join("home/state"))
            .output()
            .unwrap_or_else(|e| panic!("storyboard runs: {e}"));
        assert!(
            out.status.success(),
            "storyboard {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A new story whose one commit changes `changed` files of main; its head.
    pub fn story(&self, key: &str, changed: usize, seed: u64) -> String {
        self.storyboard(&["story", "new", key]);
        let dir = PathBuf::from(self.storyboard(&["story", "path", key]).trim());
        let story = synth::mutate_story(&self.files, changed, seed);
        for (old, new) in self.files.iter().zip(&story) {
            if old.bytes != new.bytes {
                std::fs::write(dir.join(&new.path), &new.bytes).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        git(&dir, &["commit", "-q", "-am", "a story's change"]);
        git(&dir, &["rev-parse", "HEAD"])
    }
}
