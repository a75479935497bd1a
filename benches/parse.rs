//! Parsing throughput on a synthetic 5,000-file, 50 MB project.
//!
//! - `parse_print/one_core`: parse + print every modern LookML file on one thread
//!   (the figure compared with looker-cst and lkml by benches/peers.py).
//! - `load/one_core` vs `load/all_cores`: every file of the project, all dialects,
//!   parsed sequentially and with rayon.
//!
//! - `ceiling/one_core` vs `ceiling/all_cores`: the same split of work doing only
//!   arithmetic over the bytes, which shows how much parallel speed-up this machine
//!   can give at all (virtual CPUs often share a physical core).
//!
//! Run: `cargo bench --bench parse`. Set SYNTH_FILES / SYNTH_MB for another size.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use std::path::Path;
use storyboard::lookml::{self, SyntaxTree};

#[path = "support/synth.rs"]
mod synth;

// The allocator the storyboard binary uses, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> Vec<synth::SynthFile> {
    synth::generate(&synth::SynthConfig::from_env())
}

fn bench(c: &mut Criterion) {
    let files = corpus();
    let modern: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with(".lkml"))
        .filter_map(|f| String::from_utf8(f.bytes.clone()).ok())
        .collect();
    let modern_bytes: usize = modern.iter().map(String::len).sum();
    let all_bytes: usize = files.iter().map(|f| f.bytes.len()).sum();

    // Memory of the trees (as `parse_file` returns them) against the size of the
    // files, reported once: the largest ratio of any file, and the total.
    let mut tree_bytes = 0usize;
    let mut worst = 0f64;
    for text in &modern {
        if let Ok(t) = SyntaxTree::parse(text.as_str()) {
            tree_bytes += t.heap_size();
            worst = worst.max(t.heap_size() as f64 / text.len().max(1) as f64);
        }
    }
    eprintln!(
        "corpus: {} files, {} bytes ({} modern); syntax trees hold {:.2}x the modern files' size (worst file {:.2}x)",
        files.len(),
        all_bytes,
        modern_bytes,
        tree_bytes as f64 / modern_bytes as f64,
        worst
    );

    let mut g = c.benchmark_group("parse_print");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(modern_bytes as u64));
    g.bench_function("one_core", |b| {
        let mut out = String::with_capacity(1 << 20);
        b.iter(|| {
            for text in &modern {
                out.clear();
                match SyntaxTree::parse(text.as_str()) {
                    Ok(tree) => tree.print_to(&mut out),
                    Err(e) => panic!("synthetic corpus must parse: {e}"),
                }
            }
            out.len()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(all_bytes as u64));
    let load = |f: &synth::SynthFile| lookml::parse_file(Path::new(&f.path), &f.bytes).is_ok();
    g.bench_function("one_core", |b| {
        b.iter(|| files.iter().filter(|f| load(f)).count())
    });
    g.bench_function("all_cores", |b| {
        b.iter(|| files.par_iter().filter(|f| load(f)).count())
    });
    g.finish();

    let mut g = c.benchmark_group("ceiling");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(all_bytes as u64));
    let work = |f: &synth::SynthFile| fnv(&f.bytes) ^ fnv(&f.bytes).rotate_left(7);
    g.bench_function("one_core", |b| {
        b.iter(|| files.iter().map(work).fold(0, |a, h| a ^ h))
    });
    g.bench_function("all_cores", |b| {
        b.iter(|| files.par_iter().map(work).reduce(|| 0, |a, h| a ^ h))
    });
    g.finish();
}

/// FNV-1a: pure arithmetic per byte, no allocation.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

criterion_group!(benches, bench);
criterion_main!(benches);
