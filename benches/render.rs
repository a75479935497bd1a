//! Rendering a 5,000-file, 50 MB project for one environment (round-trip check and
//! leak guard included) against a plain parse-and-print check of the same files, in
//! the same run. Both work in memory on all cores, as the commands do.
//!
//! The two are timed alternately, round after round, and compared by their best
//! and their median round: measured one after the other (as criterion does), a
//! change in the machine's load between the two phases skews the ratio on a shared
//! machine. Each round also runs both on one core (a rayon pool of one thread).
//!
//! Run: `cargo bench --bench render`.

use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;
use storyboard::config::Config;
use storyboard::env;
use storyboard::fileset::FileSet;
use storyboard::lookml;

#[path = "support/synth.rs"]
mod synth;
#[path = "support/world.rs"]
mod world;

use world::TEAM;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROUNDS: usize = 15;

fn time_ms(f: &dyn Fn() -> usize) -> f64 {
    let t = Instant::now();
    std::hint::black_box(f());
    t.elapsed().as_secs_f64() * 1000.0
}

fn summary(name: &str, parse: &mut [f64], render: &mut [f64]) {
    for v in [&mut *parse, &mut *render] {
        v.sort_by(f64::total_cmp);
    }
    let (pb, rb) = (parse[0], render[0]);
    let (pm, rm) = (parse[parse.len() / 2], render[render.len() / 2]);
    println!(
        "{name:<10} parse-check best {pb:>7.1} ms  median {pm:>7.1} ms | render best {rb:>7.1} ms  median {rm:>7.1} ms | ratio best {:.2}  median {:.2}",
        rb / pb,
        rm / pm
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
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

    let parse_check = || {
        files
            .par_iter()
            .filter(|f| lookml::check_round_trip(Path::new(&f.path), &f.bytes).is_ok())
            .count()
    };
    let render = || {
        env::render(&set, dev, &config.environments)
            .map(|r| r.edits.len())
            .unwrap_or_default()
    };
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let (mut pa, mut ra, mut p1, mut r1) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        pa.push(time_ms(&parse_check));
        ra.push(time_ms(&render));
        p1.push(one_core.install(|| time_ms(&parse_check)));
        r1.push(one_core.install(|| time_ms(&render)));
    }
    println!(
        "render for one environment against parse --check, {ROUNDS} alternating rounds (target: ratio <= 1.5)"
    );
    summary("all cores", &mut pa, &mut ra);
    summary("one core", &mut p1, &mut r1);
}
