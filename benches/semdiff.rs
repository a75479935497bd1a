//! The semantic diff of a story against its base, on the synthetic 5,000-file project.
//!
//! - `semdiff/full_parse`: `Project::from_files` over every file of the project, the
//!   cost of looking at a revision from nothing.
//! - `semdiff/story_diff`: a story that edits 10 files, diffed against its base the
//!   way the terminal UI does on every save: the base was loaded (and diffed) before,
//!   so the cache holds its files and its snapshot is kept; the story is loaded
//!   through the cache (every file hashed, the 10 edited files parsed) and compared.
//! - `semdiff/story_diff_both_loaded`: the same, loading the base again too (every
//!   file of both revisions hashed, and the base's name index rebuilt).
//!
//! Before criterion's runs, the three are timed in the same process (median of
//! several runs) and the ratios printed; the target for the story diff is under 5%
//! of the full parse.
//!
//! Run: `cargo bench --bench semdiff`. Set SYNTH_FILES / SYNTH_MB for another size.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use storyboard::project::Project;
use storyboard::semdiff::{self, Diff, Options, ParseCache, Snapshot};

#[path = "support/synth.rs"]
mod synth;

// The allocator the storyboard binary uses, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Files = Vec<(PathBuf, Vec<u8>)>;

fn corpus() -> (Files, Files) {
    let base = synth::generate(&synth::SynthConfig::from_env());
    let story = synth::mutate_story(&base, 10, 7);
    (synth::pairs(&base), synth::pairs(&story))
}

/// A cache holding the base, and the base's snapshot after one diff (so its name
/// index is built), as the terminal UI has them after its first diff.
fn warm(base: &Files, story: &Files) -> (ParseCache, Snapshot) {
    let mut cache = ParseCache::new();
    let snapshot = cache.load(base);
    let mut first = cache.clone();
    let new = first.load(story);
    semdiff::diff(&snapshot, &new, &Options::default());
    (cache, snapshot)
}

fn story_diff(cache: &mut ParseCache, base: &Snapshot, story: &Files) -> (Snapshot, Diff) {
    let new = cache.load(story);
    let diff = semdiff::diff(base, &new, &Options::default());
    (new, diff)
}

fn both_loaded(cache: &mut ParseCache, base: &Files, story: &Files) -> (Snapshot, Snapshot, Diff) {
    let old = cache.load(base);
    let new = cache.load(story);
    let diff = semdiff::diff(&old, &new, &Options::default());
    (old, new, diff)
}

/// Median time of `runs` runs of `f`, each given a fresh `setup()` outside the
/// timing; what `f` returns is dropped outside the timing too.
fn median<S, T>(runs: usize, setup: impl Fn() -> S, f: impl Fn(S) -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let input = setup();
            let start = Instant::now();
            let out = f(input);
            let took = start.elapsed();
            drop(out);
            took
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// The ratio the issue asks for, measured here and now.
fn report(base: &Files, story: &Files) {
    let parse = median(5, || base.clone(), Project::from_files);
    let (cache, base_snapshot) = warm(base, story);
    let changes = story_diff(&mut cache.clone(), &base_snapshot, story)
        .1
        .changes
        .len();
    let diff = median(
        21,
        || cache.clone(),
        |mut c| story_diff(&mut c, &base_snapshot, story),
    );
    let both = median(
        11,
        || cache.clone(),
        |mut c| both_loaded(&mut c, base, story),
    );
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let pct = |d: Duration| 100.0 * d.as_secs_f64() / parse.as_secs_f64();
    eprintln!(
        "semdiff: full parse {:.1} ms; story diff (10 files edited, {changes} changes) {:.2} ms = {:.2}% of it (target < 5%); with the base loaded again {:.2} ms = {:.2}%",
        ms(parse),
        ms(diff),
        pct(diff),
        ms(both),
        pct(both)
    );
}

fn bench(c: &mut Criterion) {
    let (base, story) = corpus();
    report(&base, &story);

    let mut g = c.benchmark_group("semdiff");
    g.sample_size(10);
    g.bench_function("full_parse", |b| {
        b.iter_batched(|| base.clone(), Project::from_files, BatchSize::LargeInput)
    });
    let (cache, base_snapshot) = warm(&base, &story);
    g.bench_function("story_diff", |b| {
        b.iter_batched(
            || cache.clone(),
            |mut c| story_diff(&mut c, &base_snapshot, &story),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("story_diff_both_loaded", |b| {
        b.iter_batched(
            || cache.clone(),
            |mut c| both_loaded(&mut c, &base, &story),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
