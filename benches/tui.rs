//! The terminal UI's frame times, on a workspace of 200 stories whose selected story
//! has a large semantic diff (300 edited files of the synthetic 5,000-file project).
//!
//! - `tui/first_frame`: a new UI's first frame, drawn while nothing is loaded yet
//!   (the loading state the user sees before repository scanning finishes).
//!   Target: under 100 ms.
//! - `tui/key_redraw`: one key press through the pure update, then a redraw, with
//!   everything loaded: `j`/`k` in the stories list (each press also requests the
//!   new selection's diff, which runs in the background and is not timed), and `j`
//!   scrolling the full-screen diff. Target: under 16 ms.
//! - `tui/key_redraw/pipeline`: the same on the Pipeline pane's board of 200
//!   stories × 5 environments: `j`/`k` and `→`/`←` move the selected cell, and
//!   the command bar describes it. Target: under 16 ms.
//! - `tui/diff_arrives`: a new diff of the selected story comes in (as after a
//!   save in its worktree): its text is formatted and the screen redrawn.
//!
//! Frames are drawn into ratatui's test backend, so the figures are the UI's own
//! work, without the terminal's.
//!
//! Run: `cargo bench --bench tui`. Set SYNTH_FILES / SYNTH_MB for another size.

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use storyboard::pipeline::{Board, EnvironmentColumn, StoryRow as BoardRow, StoryState};
use storyboard::semdiff::{self, Diff, Options, ParseCache};
use storyboard::tui::state::Pane;
use storyboard::tui::{
    App, BranchRow, CommitLine, EnvironmentRow, Event, KeyMap, Published, Pushed, StoryRow, Theme,
    draw, start, update,
};

#[path = "support/synth.rs"]
mod synth;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const NOW: i64 = 1_760_443_200;
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn large_diff() -> Diff {
    let base = synth::generate(&synth::SynthConfig::from_env());
    let story = synth::mutate_story(&base, 300, 7);
    let mut cache = ParseCache::new();
    let old = cache.load(&synth::pairs(&base));
    let new = cache.load(&synth::pairs(&story));
    semdiff::diff(&old, &new, &Options::default())
}

fn commit(i: usize) -> CommitLine {
    CommitLine {
        id: format!("{:07x}", i * 7919),
        summary: format!("Change number {i} to the orders and users views"),
        author: "Alice".to_string(),
        time: NOW - (i as i64) * 3_600,
    }
}

fn stories() -> Vec<StoryRow> {
    (0..200)
        .map(|i| StoryRow {
            branch: format!("story/SB-{}-story-number-{i}", 1000 + i),
            key: format!("SB-{}", 1000 + i),
            slug: format!("story-number-{i}"),
            current: i == 0,
            worktree: None,
            ahead: i % 5,
            behind: i % 3,
            uncommitted: i % 7,
            last_commit: commit(i),
            published: [Published::No, Published::Yes, Published::Stale][i % 3],
            unsynced: i % 4,
            pushed: [Pushed::No, Pushed::Yes, Pushed::Ahead(2)][i % 3],
            merged: i % 6 == 5,
            sync_conflicts: Vec::new(),
            companions: Default::default(),
        })
        .collect()
}

fn environments() -> Vec<EnvironmentRow> {
    ["dev-alice", "integration", "acceptance", "production"]
        .iter()
        .enumerate()
        .map(|(i, name)| EnvironmentRow {
            name: name.to_string(),
            branch: "main".to_string(),
            remote: format!("../remotes/{name}.git"),
            protected: *name == "production",
            source: Some(format!("{:07x}", i * 31)),
            story: Some(format!("story/SB-{}-story-number-{i}", 1000 + i)),
            deployed_at: Some(NOW - (i as i64) * 86_400),
            edits_since: i,
            note: None,
        })
        .collect()
}

/// 200 stories over four stages and a developer's environment, in the states
/// a busy week leaves them: most deployed early in the pipeline, some pending,
/// a few held.
fn board() -> Board {
    let id = |i: usize| {
        format!("{:040x}", i + 1)
            .parse()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let names = [
        "integration",
        "acceptance",
        "preproduction",
        "production",
        "dev-alice",
    ];
    let environments: Vec<EnvironmentColumn> = names
        .iter()
        .enumerate()
        .map(|(i, name)| EnvironmentColumn {
            name: name.to_string(),
            stage: (i < 4).then_some(i),
            branch: "main".to_string(),
            remote: name.to_string(),
            protected: *name == "production",
            colleague: false,
            source: Some(id(i)),
            source_ref: Some(format!("release/2025-10-{:02}", 14 - i)),
            story: None,
            stories: (0..200 - i * 40)
                .map(|s| format!("SB-{}", 1000 + s))
                .collect(),
            next: Some(id(i + 10)),
            next_ref: Some("main".to_string()),
            pending: (200 - i * 40..210 - i * 40)
                .map(|s| format!("SB-{}", 1000 + s))
                .collect(),
            leaving: Vec::new(),
            deployed_at: Some(NOW - (i as i64) * 86_400),
            deployed_moment: None,
            deployed_by: Some("Lee Lead <lee@example.com>".to_string()),
            edits_since: 0,
            looker: None,
            note: None,
            companions: Default::default(),
        })
        .collect();
    let stories = (0..200)
        .map(|s| {
            let key = format!("SB-{}", 1000 + s);
            let on: Vec<String> = environments
                .iter()
                .filter(|e| e.stories.contains(&key))
                .map(|e| e.name.clone())
                .collect();
            let pending = environments
                .iter()
                .filter(|e| e.pending.contains(&key))
                .map(|e| e.name.clone())
                .collect();
            BoardRow {
                branch: format!("story/{key}-story-number-{s}"),
                key,
                state: StoryState::Merged,
                on,
                pending,
                leaving: Vec::new(),
                held: s % 50 == 7,
                held_from: if s % 50 == 7 {
                    vec!["production".to_string()]
                } else {
                    Vec::new()
                },
                accepted_on: Vec::new(),
                rejected_on: Vec::new(),
                stale_on: Vec::new(),
                sign_offs: Vec::new(),
                current: s == 0,
            }
        })
        .collect();
    Board {
        current: None,
        environments,
        stories,
        releases: Vec::new(),
    }
}

/// The UI with everything loaded and the first story's diff shown.
fn loaded(diff: &Diff) -> App {
    let mut app = App::new(KeyMap::default(), Theme::dark(), NOW);
    let _ = start(&mut app);
    let generation = app.generation.workspace;
    let stories = stories();
    let branches: Vec<BranchRow> = stories
        .iter()
        .enumerate()
        .map(|(i, s)| BranchRow {
            name: s.branch.clone(),
            is_story: true,
            head: commit(i),
            upstream: Some((0, i % 2)),
        })
        .collect();
    let _ = update(
        &mut app,
        Event::Stories {
            generation,
            result: Ok(stories),
        },
    );
    let _ = update(
        &mut app,
        Event::Branches {
            generation,
            result: Ok(branches),
        },
    );
    let _ = update(
        &mut app,
        Event::Environments {
            generation,
            result: Ok(environments()),
        },
    );
    let _ = update(
        &mut app,
        Event::Board {
            generation,
            result: Ok(board()),
        },
    );
    let story = app.diff.story.clone().unwrap_or_default();
    let generation = app.generation.diff;
    let _ = update(
        &mut app,
        Event::Diff {
            story,
            generation,
            result: Ok(diff.clone()),
        },
    );
    app
}

fn press(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn bench(c: &mut Criterion) {
    let diff = large_diff();
    let app = loaded(&diff);
    eprintln!(
        "{} stories, a diff of {} changes in {} lines",
        app.stories.all().len(),
        diff.changes.len(),
        app.diff.lines.len()
    );

    let mut group = c.benchmark_group("tui");
    for (width, height) in SIZES {
        group.bench_function(format!("first_frame/{width}x{height}"), |b| {
            b.iter(|| {
                let mut app = App::new(KeyMap::default(), Theme::dark(), NOW);
                let effects = start(&mut app);
                let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
                terminal.draw(|frame| draw(frame, &app)).unwrap();
                effects
            })
        });

        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let mut app = loaded(&diff);
        app.size = (width, height);
        let mut down = true;
        group.bench_function(format!("key_redraw/stories/{width}x{height}"), |b| {
            b.iter(|| {
                // Down and up again, so the selection stays near the top of 200.
                let key = if down { 'j' } else { 'k' };
                down = !down;
                let effects = update(&mut app, press(KeyCode::Char(key)));
                terminal.draw(|frame| draw(frame, &app)).unwrap();
                effects
            })
        });

        let mut app = loaded(&diff);
        app.size = (width, height);
        let _ = update(&mut app, press(KeyCode::Char('5')));
        let mut step = 0usize;
        group.bench_function(format!("key_redraw/pipeline/{width}x{height}"), |b| {
            b.iter(|| {
                // Down, right, up, left: round and round near the top.
                let key = [
                    KeyCode::Char('j'),
                    KeyCode::Right,
                    KeyCode::Char('k'),
                    KeyCode::Left,
                ][step % 4];
                step += 1;
                let effects = update(&mut app, press(key));
                terminal.draw(|frame| draw(frame, &app)).unwrap();
                effects
            })
        });

        let mut app = loaded(&diff);
        app.size = (width, height);
        app.focus = Pane::Diff;
        let _ = update(&mut app, press(KeyCode::Char('d')));
        group.bench_function(format!("key_redraw/full_diff/{width}x{height}"), |b| {
            b.iter(|| {
                if app.diff.scroll + 1 >= app.diff.lines.len() {
                    app.diff.scroll = 0;
                }
                let effects = update(&mut app, press(KeyCode::Char('j')));
                terminal.draw(|frame| draw(frame, &app)).unwrap();
                effects
            })
        });

        let mut app = loaded(&diff);
        app.size = (width, height);
        group.bench_function(format!("diff_arrives/{width}x{height}"), |b| {
            b.iter(|| {
                // A save in the worktree: the new diff comes in, is formatted, drawn.
                let story = app.diff.story.clone().unwrap_or_default();
                let generation = app.generation.diff;
                let effects = update(
                    &mut app,
                    Event::Diff {
                        story,
                        generation,
                        result: Ok(diff.clone()),
                    },
                );
                terminal.draw(|frame| draw(frame, &app)).unwrap();
                effects
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);
