//! Rendering a 5,000-file, 50 MB project for one environment (round-trip check and
//! leak guard included) against a plain parse-and-print check of the same files, in
//! the same run. Both work in memory on all cores, as the commands do.
//!
//! Run: `cargo bench --bench render`.

use criterion::{Criterion, criterion_group, criterion_main};
use rayon::prelude::*;
use std::path::Path;
use storyboard::config::Config;
use storyboard::env;
use storyboard::fileset::FileSet;
use storyboard::lookml;

#[path = "support/synth.rs"]
mod synth;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TEAM: &str = r#"
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

fn bench(c: &mut Criterion) {
    let files = synth::generate(&synth::SynthConfig::default());
    let mut set = FileSet::default();
    for f in &files {
        set.insert(f.path.clone(), f.bytes.clone());
    }
    let config = Config::from_texts(
        (Path::new("storyboard.toml"), TEAM),
        Some((Path::new("me.toml"), "user = \"alice\"\n")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let Some(dev) = config.environment("dev-alice") else {
        panic!("no dev-alice")
    };
    match env::render(&set, dev, &config.environments) {
        Ok(r) => eprintln!(
            "render: {} files, {} tokens changed, {} renamed",
            r.files.files.len(),
            r.edits.len(),
            r.renamed.len()
        ),
        Err(e) => panic!("the synthetic project must render: {e}"),
    }

    let mut g = c.benchmark_group("render_vs_parse_check");
    g.sample_size(10);
    g.bench_function("parse_check", |b| {
        b.iter(|| {
            files
                .par_iter()
                .filter(|f| lookml::check_round_trip(Path::new(&f.path), &f.bytes).is_ok())
                .count()
        })
    });
    g.bench_function("render", |b| {
        b.iter(|| env::render(&set, dev, &config.environments).map(|r| r.edits.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
