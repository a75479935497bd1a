//! How loading a project scales from one core to all.
//!
//! Each row runs the same work on a pool of one thread and on the global pool,
//! alternating the two (and which goes first) for 31 rounds, and reports:
//!
//! - the best time of each side, and their ratio;
//! - the ratio of each round (its all-core time over its one-core time, run back
//!   to back): the median, which is the figure to judge scaling by, and the
//!   quartiles, which show how much the machine disturbed the run;
//! - from the process's CPU time, what that ratio is made of. **Busy**: the share
//!   of the cores' time the all-core side kept working, which is the code's part
//!   (idle cores at the end, serial steps, waiting). **Slowdown**: how much more
//!   CPU time the same work took on all cores than on one, which is mostly the
//!   machine's part (shared caches and memory, and on a virtual machine whatever
//!   the host runs beside it; the code weighs in only through how much memory it
//!   touches). The wall-clock ratio is about slowdown / (cores × busy).
//! - the ratio at equal speed: each round's ratio with its slowdown taken out,
//!   that is, what the ratio would be if every core kept its one-core speed.
//!
//! The paired median is the criterion because the two bests come from different
//! rounds: on a shared machine a busy spell that spares one lucky one-core round
//! and covers every all-core round makes the ratio of bests say more about the
//! spell than about the code. Both sides of a round run within half a second, so a
//! spell longer than that moves both. A spell in which the host gives the guest
//! less than its cores' worth shows as slowdown in every row at once, the
//! arithmetic ones included; the equal-speed ratio then still shows the code's
//! part.
//!
//! The rows: the real loaders (`Project::from_dir` on the synthetic project written
//! to disk, and `Project::from_files`), parsing alone, each dialect alone, and two
//! pure-arithmetic passes over the same bytes that show what the machine's cores
//! can give at most (a latency-bound chain and eight independent lanes; hardware
//! threads sharing one physical core would scale the first far better than the
//! second).
//!
//! Run: `cargo bench --bench scaling`. With `SCALING_ROUNDS=1` every round's
//! times go to standard error as well.

use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;

#[path = "support/synth.rs"]
mod synth;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROUNDS: usize = 31;

/// One side of one round: wall-clock and process CPU time, in milliseconds.
#[derive(Clone, Copy)]
struct Timing {
    wall: f64,
    cpu: f64,
}

/// One row's figures: the best time on one core and on all, and quartiles over the
/// rounds, each round's all-core side against its one-core side run back to back.
struct Scaling {
    one: f64,
    all: f64,
    /// The wall-clock ratios' first quartile, median and third quartile.
    paired: [f64; 3],
    /// Median share of the cores' time the all-core side kept busy: what the code
    /// controls (idle cores, serial parts, waiting).
    busy: f64,
    /// Median CPU time of the all-core side over the one-core side's, for the same
    /// work: how much slower each core ran while the others did too (shared caches,
    /// memory, the host), which the code sways only through the memory it touches.
    slower: f64,
    /// Median of each round's ratio over its slowdown: the ratio if every core
    /// had kept its one-core speed.
    same_speed: f64,
}

fn quartiles(mut values: Vec<f64>) -> [f64; 3] {
    values.sort_by(f64::total_cmp);
    let at = |q: usize| {
        values
            .get(values.len() * q / 4)
            .copied()
            .unwrap_or(f64::NAN)
    };
    [at(1), at(2), at(3)]
}

fn scaling(rounds: &[(Timing, Timing)], cores: usize) -> Scaling {
    let of = |f: &dyn Fn(&(Timing, Timing)) -> f64| quartiles(rounds.iter().map(f).collect());
    Scaling {
        one: rounds.iter().map(|r| r.0.wall).fold(f64::MAX, f64::min),
        all: rounds.iter().map(|r| r.1.wall).fold(f64::MAX, f64::min),
        paired: of(&|(one, all)| all.wall / one.wall),
        busy: of(&|(_, all)| all.cpu / (all.wall * cores as f64))[1],
        slower: of(&|(one, all)| all.cpu / one.cpu)[1],
        same_speed: of(&|(one, all)| (all.wall / one.wall) / (all.cpu / one.cpu))[1],
    }
}

/// CPU time of the whole process (every thread, user and system), in milliseconds;
/// NaN where the platform has no such clock.
#[cfg(unix)]
fn process_cpu_ms() -> f64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill in.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    if status != 0 {
        return f64::NAN;
    }
    now.tv_sec as f64 * 1000.0 + now.tv_nsec as f64 / 1e6
}

#[cfg(not(unix))]
fn process_cpu_ms() -> f64 {
    f64::NAN
}

/// `work` on one core and on all, alternating. Its input is made by `input` and
/// what it returns is dropped, both off the clock: `from_files` takes ownership of
/// its files, and freeing a loaded project is not loading it.
fn one_and_all<I: Send, T: Send>(
    one_pool: &rayon::ThreadPool,
    input: &(dyn Fn() -> I + Sync),
    work: &(dyn Fn(I) -> T + Sync),
) -> Scaling {
    let time = |pool: Option<&rayon::ThreadPool>| {
        let given = input();
        let (t, cpu) = (Instant::now(), process_cpu_ms());
        let out = match pool {
            Some(p) => p.install(|| work(given)),
            None => work(given),
        };
        let timing = Timing {
            wall: t.elapsed().as_secs_f64() * 1000.0,
            cpu: process_cpu_ms() - cpu,
        };
        drop(std::hint::black_box(out));
        timing
    };
    // Which side goes first alternates too: the first of a pair pays for whatever
    // the previous round left (the allocator returning freed memory, say).
    let rounds: Vec<(Timing, Timing)> = (0..ROUNDS)
        .map(|round| {
            if round % 2 == 0 {
                let one = time(Some(one_pool));
                (one, time(None))
            } else {
                let all = time(None);
                (time(Some(one_pool)), all)
            }
        })
        .collect();
    if std::env::var_os("SCALING_ROUNDS").is_some() {
        for (one, all) in &rounds {
            eprintln!(
                "one core {:6.1} ms (CPU {:6.1})   all cores {:6.1} ms (CPU {:6.1})   ratio {:.2}",
                one.wall,
                one.cpu,
                all.wall,
                all.cpu,
                all.wall / one.wall
            );
        }
    }
    scaling(&rounds, rayon::current_num_threads())
}

fn parse(f: &synth::SynthFile) -> usize {
    usize::from(storyboard::lookml::parse_file(Path::new(&f.path), &f.bytes).is_ok())
}

fn arithmetic(f: &synth::SynthFile) -> usize {
    let h = f.bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (h & 1) as usize
}

/// Eight independent hash lanes: no dependency chain, so this keeps a core's
/// execution units busy the way a parser does.
fn arithmetic_wide(f: &synth::SynthFile) -> usize {
    let mut lanes = [0xcbf2_9ce4_8422_2325u64; 8];
    for chunk in f.bytes.chunks(8) {
        for (lane, &b) in lanes.iter_mut().zip(chunk) {
            *lane = (*lane ^ u64::from(b))
                .wrapping_mul(0x0100_0000_01b3)
                .rotate_left(5);
        }
    }
    (lanes.iter().fold(0, |a, l| a ^ l) & 1) as usize
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let files = synth::generate(&synth::SynthConfig::default());
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    synth::write_to(dir.path(), &files).unwrap_or_else(|e| panic!("writing the project: {e}"));
    let pairs = synth::pairs(&files);
    let all: Vec<&synth::SynthFile> = files.iter().collect();
    let modern: Vec<&synth::SynthFile> =
        files.iter().filter(|f| f.path.ends_with(".lkml")).collect();
    let yaml: Vec<&synth::SynthFile> = files
        .iter()
        .filter(|f| !f.path.ends_with(".lkml"))
        .collect();
    let one_pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    println!(
        "{} files, {:.1} MB, {} cores",
        files.len(),
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );
    println!(
        "{:<28} {:>10} {:>10} {:>6} {:>7} {:>10} {:>5} {:>9} {:>11}",
        "", "best time", "", "best", "paired", "paired", "cores", "core", "ratio at"
    );
    println!(
        "{:<28} {:>10} {:>10} {:>6} {:>7} {:>10} {:>5} {:>9} {:>11}",
        "work",
        "one core",
        "all cores",
        "ratio",
        "median",
        "quartiles",
        "busy",
        "slowdown",
        "equal speed"
    );
    let report = |name: &str, s: Scaling| {
        println!(
            "{name:<28} {:>8.1}ms {:>8.1}ms {:>6.2} {:>7.2}  {:.2}-{:.2} {:>4.0}% {:>+8.0}% {:>11.2}",
            s.one,
            s.all,
            s.all / s.one,
            s.paired[1],
            s.paired[0],
            s.paired[2],
            s.busy * 100.0,
            (s.slower - 1.0) * 100.0,
            s.same_speed,
        );
        if std::env::var_os("SCALING_ROUNDS").is_some() {
            eprintln!("-- {name}");
        }
    };
    let each = |set: &[&synth::SynthFile], work: fn(&synth::SynthFile) -> usize| {
        // One file a task, as the loader schedules them.
        one_and_all(&one_pool, &|| (), &|()| {
            set.par_iter()
                .with_max_len(1)
                .map(|f| work(f))
                .sum::<usize>()
        })
    };
    // Warm up as criterion would: the first passes pay for the allocator's
    // per-thread heaps and first-touch page faults, which a long-running process
    // (the UI) pays once.
    for _ in 0..3 {
        std::hint::black_box(each(&all, parse));
    }
    let load_dir = |()| match storyboard::project::Project::from_dir(dir.path()) {
        Ok(p) => p,
        Err(e) => panic!("loading {}: {e}", dir.path().display()),
    };
    report(
        "Project::from_dir",
        one_and_all(&one_pool, &|| (), &load_dir),
    );
    report(
        "Project::from_files",
        one_and_all(
            &one_pool,
            &|| pairs.clone(),
            &storyboard::project::Project::from_files,
        ),
    );
    report("parse every file", each(&all, parse));
    report("parse modern .lkml", each(&modern, parse));
    report("parse YAML .lookml", each(&yaml, parse));
    report("arithmetic ceiling", each(&all, arithmetic));
    report("arithmetic ceiling, wide", each(&all, arithmetic_wide));
}
