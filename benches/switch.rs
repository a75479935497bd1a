//! `storyboard story switch` between two stories of a 5,000-file, 50 MB project
//! against a plain `git checkout` between the same two commits in the same
//! repository, measured in the same run. Both are the real programs, run as a user
//! would; each iteration switches to the other story.
//!
//! The world is real git: a bare team remote and a bare remote for the developer's
//! environment, reached by `file://` URLs; each story changes 10 files of main.
//!
//! Run: `cargo bench --bench switch`.

use std::path::Path;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/synth.rs"]
mod synth;

const TEAM: &str = r#"
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

fn git(dir: &Path, args: &[&str]) -> String {
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

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = tmp.path();
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
    let storyboard = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_storyboard"))
            .arg("-C")
            .arg(&clone)
            .arg("--config")
            .arg(&personal)
            .args(args)
            .env("HOME", root.join("home"))
            .env("XDG_STATE_HOME", root.join("home/state"))
            .output()
            .unwrap_or_else(|e| panic!("storyboard runs: {e}"));
        assert!(
            out.status.success(),
            "storyboard {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let mut heads = Vec::new();
    for (key, story_seed) in [("A-1", 1), ("B-2", 2)] {
        storyboard(&["story", "new", key]);
        let dir = std::path::PathBuf::from(storyboard(&["story", "path", key]).trim());
        let story = synth::mutate_story(&files, 10, story_seed);
        for (old, new) in files.iter().zip(&story) {
            if old.bytes != new.bytes {
                std::fs::write(dir.join(&new.path), &new.bytes).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        git(&dir, &["commit", "-q", "-am", "ten files"]);
        heads.push(git(&dir, &["rev-parse", "HEAD"]));
    }
    // Both stories deployed once, so each switch is a story's steady state.
    storyboard(&["story", "switch", "A-1"]);
    storyboard(&["story", "switch", "B-2"]);

    let mut g = c.benchmark_group("switch_vs_checkout");
    g.sample_size(20);
    let mut turn = 0usize;
    g.bench_function("git_checkout", |b| {
        b.iter(|| {
            turn += 1;
            git(&clone, &["checkout", "-q", "--detach", &heads[turn % 2]])
        })
    });
    let keys = ["A-1", "B-2"];
    g.bench_function("story_switch", |b| {
        b.iter(|| {
            turn += 1;
            storyboard(&["story", "switch", keys[turn % 2]])
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
