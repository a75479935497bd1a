//! The terminal UI on a real workspace: the synthetic 5,000-file, 50 MB project in a
//! git repository with 200 stories (a few with worktrees, the current one with a
//! 10-file change), read through the real story backend.
//!
//! Reports, for the UI process alone (a child process, so building the workspace
//! does not count): the time to the first frame (drawn before scanning finishes),
//! how long scanning and the first diff take, the redraw per key press with
//! everything loaded, and the peak memory (VmHWM) once the selected story's diff is
//! in. Targets: first frame under 100 ms, a redraw under 16 ms, memory under 150 MB.
//!
//! Run: `cargo bench --bench tui_workspace`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use storyboard::story::Workspace;
use storyboard::tui::runner::perform;
use storyboard::tui::story_backend::StoryBackend;
use storyboard::tui::{App, Effect, Event, KeyMap, Theme, draw, start, update};

#[path = "support/synth.rs"]
mod synth;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

const STORIES: usize = 200;

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

fn build(root: &Path) {
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
    std::fs::write(
        root.join("me.toml"),
        format!(
            "user = \"alice\"\nworktrees = \"{}\"\n",
            root.join("stories").display()
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Most stories are branches only; a few have worktrees, as after a week's work.
    let mut refs = String::new();
    let head = git(&clone, &["rev-parse", "HEAD"]);
    for i in 0..STORIES - 3 {
        refs.push_str(&format!(
            "create refs/heads/story/S-{i}-synthetic-story-{i} {head}\n"
        ));
    }
    let mut child = Command::new("git")
        .args(["update-ref", "--stdin"])
        .current_dir(&clone)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(stdin) = child.stdin.as_mut() {
        use std::io::Write;
        stdin
            .write_all(refs.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(child.wait().map(|s| s.success()).unwrap_or(false));
    let sb = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_storyboard"))
            .arg("-C")
            .arg(&clone)
            .arg("--config")
            .arg(root.join("me.toml"))
            .args(args)
            .env("XDG_STATE_HOME", root.join("state"))
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for key in ["W-1", "W-2", "W-3"] {
        sb(&["story", "new", key, "work"]);
    }
    let dir = std::path::PathBuf::from(sb(&["story", "path", "W-3"]).trim());
    let story = synth::mutate_story(&files, 10, 3);
    for (old, new) in files.iter().zip(&story) {
        if old.bytes != new.bytes {
            std::fs::write(dir.join(&new.path), &new.bytes).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    git(&dir, &["commit", "-q", "-am", "ten files"]);
}

fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// The UI process: measured from its start.
fn measure(root: &Path) {
    let started = Instant::now();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let config = storyboard::config::load(&root.join("clone"), Some((root.join("me.toml"), true)))
        .unwrap_or_else(|e| panic!("{e}"));
    let backend = StoryBackend::new(Workspace::open(config).unwrap_or_else(|e| panic!("{e}")));
    let mut app = App::new(KeyMap::default(), Theme::plain(), now);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap_or_else(|e| panic!("{e}"));
    let mut effects = start(&mut app);
    terminal
        .draw(|f| draw(f, &app))
        .unwrap_or_else(|e| panic!("{e}"));
    let first_frame = started.elapsed();

    // Scanning, then the selected story's diff, as the runner would run them.
    let mut diff_at = None;
    while let Some(effect) = effects.pop() {
        let job = match &effect {
            Effect::Load { job, .. } | Effect::LoadDiff { job, .. } => *job,
            _ => continue,
        };
        let is_diff = matches!(effect, Effect::LoadDiff { .. });
        let events = std::cell::RefCell::new(Vec::new());
        let done = perform(&backend, &effect, &|e| events.borrow_mut().push(e), &|_| {})
            .unwrap_or_else(|| Ok(String::new()));
        for event in events.into_inner() {
            effects.extend(update(&mut app, event));
        }
        effects.extend(update(&mut app, Event::JobFinished { job, result: done }));
        if is_diff {
            diff_at = Some(started.elapsed());
        }
        if diff_at.is_none() && !is_diff {
            eprintln!(
                "scanned {} stories in {:?}",
                app.stories.all().len(),
                started.elapsed()
            );
        }
    }
    terminal
        .draw(|f| draw(f, &app))
        .unwrap_or_else(|e| panic!("{e}"));

    let mut redraws: Vec<Duration> = Vec::new();
    for i in 0..400 {
        let key = if (i / 100) % 2 == 0 {
            KeyCode::Char('j')
        } else {
            KeyCode::Char('k')
        };
        let t = Instant::now();
        let _ = update(&mut app, Event::Key(KeyEvent::new(key, KeyModifiers::NONE)));
        terminal
            .draw(|f| draw(f, &app))
            .unwrap_or_else(|e| panic!("{e}"));
        redraws.push(t.elapsed());
    }
    redraws.sort();
    let median = redraws[redraws.len() / 2];
    let worst = redraws[redraws.len() - 1];
    println!("stories:               {}", app.stories.all().len());
    println!(
        "first frame:           {:.1} ms after start (target < 100 ms)",
        first_frame.as_secs_f64() * 1e3
    );
    println!(
        "first diff in:         {:.0} ms after start",
        diff_at.unwrap_or_default().as_secs_f64() * 1e3
    );
    println!(
        "redraw per key press:  median {:.2} ms, worst {:.2} ms (target < 16 ms)",
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3
    );
    println!(
        "peak memory:           {:.0} MB (target < 150 MB)",
        peak_mb()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; anything else is ignored.
    if let Some(root) = std::env::var_os("TUI_WORKSPACE") {
        measure(Path::new(&root));
        return;
    }
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    eprintln!("building the workspace (5,000 files, {STORIES} stories)...");
    build(tmp.path());
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let status = Command::new(exe)
        .env("TUI_WORKSPACE", tmp.path())
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
}
