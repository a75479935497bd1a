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
#[path = "support/world.rs"]
mod world;

use world::{World, git};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const STORIES: usize = 200;

fn build(root: &Path) {
    let w = World::build(root);
    // Most stories are branches only; a few have worktrees, as after a week's work.
    let head = git(&w.clone, &["rev-parse", "HEAD"]);
    let mut refs = String::new();
    for i in 0..STORIES - 3 {
        refs.push_str(&format!(
            "create refs/heads/story/S-{i}-synthetic-story-{i} {head}\n"
        ));
    }
    let mut child = Command::new("git")
        .args(["update-ref", "--stdin"])
        .current_dir(&w.clone)
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
    w.storyboard(&["story", "new", "W-1", "work"]);
    w.storyboard(&["story", "new", "W-2", "work"]);
    w.story("W-3", 10, 3);
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
        let Some(job) = effect.job() else {
            continue;
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
