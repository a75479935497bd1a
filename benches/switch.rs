//! `storyboard story switch` between two stories of a 5,000-file, 50 MB project
//! against a plain `git checkout` between the same two commits in the same
//! repository, measured in the same run. Both are the real programs, run as a user
//! would; each iteration switches to the other story.
//!
//! The world is real git: a bare team remote and a bare remote for the developer's
//! environment, reached by `file://` URLs; each story changes 10 files of main.
//!
//! `story_switch` goes back and forth between two stories whose heads do not move
//! (the environment's history then holds each one's render, which is reused);
//! `story_switch_after_a_commit` commits one more edit to the story before each
//! switch (untimed), so the changed files are rendered.
//!
//! Run: `cargo bench --bench switch`.

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/synth.rs"]
mod synth;
#[path = "support/world.rs"]
mod world;

use world::{World, git};

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let w = World::build(tmp.path());
    let heads = [w.story("A-1", 10, 1), w.story("B-2", 10, 2)];
    // Both stories deployed once, so each switch is a story's steady state.
    w.storyboard(&["story", "switch", "A-1"]);
    w.storyboard(&["story", "switch", "B-2"]);

    let mut g = c.benchmark_group("switch_vs_checkout");
    g.sample_size(20);
    let mut turn = 0usize;
    g.bench_function("git_checkout", |b| {
        b.iter(|| {
            turn += 1;
            git(&w.clone, &["checkout", "-q", "--detach", &heads[turn % 2]])
        })
    });
    let keys = ["A-1", "B-2"];
    g.bench_function("story_switch", |b| {
        b.iter(|| {
            turn += 1;
            w.storyboard(&["story", "switch", keys[turn % 2]])
        })
    });
    // The same, when each story has a new commit since it was last published: the
    // files it changed are rendered, the rest of the deployed tree is kept.
    let dirs: Vec<std::path::PathBuf> = keys
        .iter()
        .map(|k| std::path::PathBuf::from(w.storyboard(&["story", "path", k]).trim()))
        .collect();
    let mut edits = 0usize;
    g.bench_function("story_switch_after_a_commit", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                turn += 1;
                edits += 1;
                let dir = &dirs[turn % 2];
                let file = w
                    .files
                    .iter()
                    .find(|f| f.path.ends_with(".view.lkml"))
                    .map(|f| dir.join(&f.path))
                    .unwrap_or_else(|| panic!("the project has views"));
                let mut text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
                text.push_str(&format!("\n# edit {edits}\n"));
                std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
                git(dir, &["commit", "-q", "-am", "one more edit"]);
                let t = std::time::Instant::now();
                w.storyboard(&["story", "switch", keys[turn % 2]]);
                total += t.elapsed();
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
