//! The release pipeline's two everyday commands against the git command a user
//! would otherwise run, both real programs run as processes on the same
//! repository in the same run. Every remote is a bare repository in a temporary
//! directory, reached by a `file://` URL (and, in the last group, through a
//! `git daemon`).
//!
//! - `status_vs_git_log`: `storyboard status --json` (the board: 200 stories × 5
//!   environments, read from local refs) against `git log --format='%H %s' main`
//!   over the same history of 2,000 commits on main; both with their standard
//!   output thrown away. The repository: a 40-file synthetic project, 200 story
//!   branches `story/K-<n>-<slug>` of 3 commits each (140 merged into main by a
//!   merge commit, 30 squash-merged as one commit whose subject starts with the
//!   key, 30 open), plain commits in between, made with `git fast-import`; then,
//!   untimed, `promote integration`, `release cut`, `promote acceptance`,
//!   `promote production` and a `story switch` to an open story (your `dev-alice`
//!   environment), so every column but one holds a deployment: `sandbox`, off the
//!   pipeline, is never deployed. Before timing, the board's JSON is checked once
//!   (200 stories, 5 environments, the 170 landed stories on each stage).
//! - `promote_vs_push`: the synthetic 5,000-file, 50 MB project, deployed once
//!   through integration → a release → acceptance (untimed, every file rendered).
//!   Each iteration then commits a change of 10 files to main and pushes it to the
//!   team remote, runs `promote integration` and `release cut` (all untimed), and
//!   times `storyboard promote acceptance --yes` (fetches, plan with its semantic
//!   diff, the 10 files rendered, commit, push) and a plain `git push` of the same
//!   canonical change (the new main commit) to the acceptance remote under a
//!   scratch branch `bench/<n>` (the canonical history was pushed there once
//!   before, untimed, so each push carries the one change; the scratch branch
//!   before it is deleted untimed, so the remote holds what a stage's remote
//!   holds rather than a branch per iteration).
//! - `promote_vs_push_git_daemon`: the same, every remote served by a `git
//!   daemon` on 127.0.0.1 (a free port) and reached by `git://` URLs: both sides
//!   talk to a server, as over ssh or HTTPS, where `file://` lets storyboard
//!   write into the remote directly. Skipped, saying why, when `git daemon`
//!   does not start.
//!
//! How to read it. Each iteration runs both sides, the git command first, and
//! records both times; each group's two criterion functions run the same
//! iterations, one reporting git's time and the other storyboard's, so
//! criterion's figures for the two come from the same kind of run. After each
//! group, a line on standard error gives, over every iteration of the group (the
//! warm-up's too), git's median, storyboard's median, **ratio = storyboard median
//! / git median**, and the median of the per-iteration ratios (the pair run back
//! to back). The targets: status at most 2× `git log`, promote at most 2×
//! `git push`.
//!
//! `PIPELINE_BENCH_KEEP=DIR` keeps the worlds in DIR (the promote ones in
//! DIR/promote_vs_push and DIR/promote_vs_push_git_daemon) for profiling.
//!
//! Run: `cargo bench --bench pipeline` (about four minutes on 2 cores once
//! built, a third of it building the worlds and the first renders of 5,000
//! files); `cargo bench --bench pipeline -- promote_vs_push_git_daemon` times one
//! group (the others' worlds are still built).

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

#[path = "support/synth.rs"]
mod synth;
#[path = "support/world.rs"]
mod world;

use world::{Landing, PIPELINE_REMOTES, PIPELINE_TEAM, World, git, git_quiet};

const STORIES: usize = 200;
const MAIN_COMMITS: usize = 2_000;

/// How story `n` reached main: 140 merged, 30 squashed, 30 open.
fn landing(n: usize) -> Landing {
    match n % 20 {
        0..=13 => Landing::Merged,
        14..=16 => Landing::Squashed,
        _ => Landing::Open,
    }
}

/// Which side of a pair a criterion function reports.
#[derive(Clone, Copy)]
enum Side {
    Git,
    Storyboard,
}

/// Runs `iters` iterations: `setup` untimed, then `git` and `storyboard` timed one
/// after the other; every pair goes to `pairs`, and `side`'s total is returned.
fn paired<S>(
    iters: u64,
    side: Side,
    pairs: &mut Vec<(Duration, Duration)>,
    setup: &mut impl FnMut() -> S,
    git: &impl Fn(&S),
    storyboard: &impl Fn(&S),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let input = setup();
        let start = Instant::now();
        git(&input);
        let g = start.elapsed();
        let start = Instant::now();
        storyboard(&input);
        let s = start.elapsed();
        pairs.push((g, s));
        total += match side {
            Side::Git => g,
            Side::Storyboard => s,
        };
    }
    total
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The line printed after a group: both medians and their ratio.
fn report(group: &str, git_name: &str, storyboard_name: &str, pairs: &[(Duration, Duration)]) {
    // Nothing ran when a filter left the group out.
    if pairs.is_empty() {
        return;
    }
    let g = median(pairs.iter().map(|p| p.0).collect());
    let s = median(pairs.iter().map(|p| p.1).collect());
    let mut ratios: Vec<f64> = pairs
        .iter()
        .map(|(g, s)| s.as_secs_f64() / g.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    eprintln!(
        "\n{group}: {} iterations; {git_name} median {:.1} ms, {storyboard_name} median {:.1} ms; \
         ratio (storyboard median / git median) {:.2} (target <= 2.00); median of paired ratios {:.2}\n",
        pairs.len(),
        ms(g),
        ms(s),
        s.as_secs_f64() / g.as_secs_f64(),
        ratios[ratios.len() / 2],
    );
}

/// The board's world: the history, the clone, every stage deployed and an open
/// story switched to.
fn board_world(root: &Path) -> (World, world::History) {
    let files = synth::generate(&synth::SynthConfig {
        files: 40,
        target_bytes: 400_000,
        seed: 42,
    });
    let seed = root.join("seed");
    let history =
        world::story_history(&seed, &files, PIPELINE_TEAM, STORIES, MAIN_COMMITS, landing);
    let w = World::from_seed(root, &seed, files, &PIPELINE_REMOTES);
    w.storyboard(&["promote", "integration", "--yes"]);
    w.storyboard(&["release", "cut", "--yes"]);
    w.storyboard(&["promote", "acceptance", "--yes"]);
    w.storyboard(&["promote", "production", "--yes"]);
    let open = history
        .stories
        .iter()
        .rev()
        .find(|s| s.2 == Landing::Open)
        .map(|s| s.0.clone())
        .unwrap_or_else(|| panic!("some stories are open"));
    w.storyboard(&["story", "switch", &open]);
    (w, history)
}

/// Stops the bench unless the board is the one built.
fn check_board(w: &World, history: &world::History) {
    let commits: usize = git(&w.clone, &["rev-list", "--count", "main"])
        .parse()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(commits, history.main_commits, "commits on main");
    let text = w.storyboard(&["status", "--json"]);
    let board: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let list = |v: &serde_json::Value| v.as_array().cloned().unwrap_or_default();
    let stories = list(&board["stories"]);
    let environments = list(&board["environments"]);
    let names: Vec<&str> = environments
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(stories.len(), STORIES, "stories on the board");
    assert_eq!(
        names,
        [
            "integration",
            "acceptance",
            "production",
            "dev-alice",
            "sandbox"
        ],
        "environments on the board"
    );
    let landed = history
        .stories
        .iter()
        .filter(|s| s.2 != Landing::Open)
        .count();
    let merged = stories
        .iter()
        .filter(|s| s["state"].as_str() == Some("merged"))
        .count();
    assert_eq!(merged, landed, "stories merged into main");
    for stage in &environments[..3] {
        assert_eq!(
            list(&stage["stories"]).len(),
            landed,
            "stories on {}",
            stage["name"]
        );
    }
    assert!(
        environments[3]["story"].is_string(),
        "a story is deployed to dev-alice"
    );
    eprintln!(
        "status_vs_git_log: {} commits on main, {} stories ({landed} in main), {} environments, {} KB of JSON",
        commits,
        stories.len(),
        names.len(),
        text.len() / 1000
    );
}

fn status_vs_git_log(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // `PIPELINE_BENCH_KEEP=DIR` builds the world in DIR and leaves it there, to
    // profile `status` on it by hand.
    let kept = std::env::var_os("PIPELINE_BENCH_KEEP").map(std::path::PathBuf::from);
    let root = kept.as_deref().unwrap_or(tmp.path());
    eprintln!("status_vs_git_log: building the history and deploying every stage...");
    let (w, history) = board_world(root);
    check_board(&w, &history);

    let mut g = c.benchmark_group("status_vs_git_log");
    g.sample_size(20)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let mut pairs = Vec::new();
    let log = |_: &()| git_quiet(&w.clone, &["log", "--format=%H %s", "main"]);
    let status = |_: &()| w.storyboard_quiet(&["status", "--json"]);
    for (name, side) in [
        ("git_log", Side::Git),
        ("storyboard_status", Side::Storyboard),
    ] {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| paired(iters, side, &mut pairs, &mut || (), &log, &status))
        });
    }
    g.finish();
    report(
        "status_vs_git_log",
        "git log",
        "storyboard status --json",
        &pairs,
    );
}

/// How the promote bench reaches its remotes.
#[derive(Clone, Copy, PartialEq)]
enum Transport {
    /// `file://` URLs: the bare repositories on this machine.
    File,
    /// `git://127.0.0.1:PORT/…`: a `git daemon` serving them over TCP, so both
    /// sides go through a server as they would over ssh or HTTPS.
    Daemon,
}

/// A `git daemon` on 127.0.0.1 serving the bare repositories under a directory,
/// pushes included; stopped when dropped.
struct Daemon {
    child: std::process::Child,
    port: u16,
}

impl Daemon {
    /// Starts one on a free port, or says why it cannot.
    fn start(base: &Path) -> Result<Daemon, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let child = std::process::Command::new("git")
            .args([
                "daemon",
                "--reuseaddr",
                "--listen=127.0.0.1",
                &format!("--port={port}"),
                &format!("--base-path={}", base.display()),
                "--export-all",
                "--enable=receive-pack",
            ])
            .arg(base)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| format!("`git daemon` does not start: {e}"))?;
        let daemon = Daemon { child, port };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            let answered = std::process::Command::new("git")
                .args(["ls-remote", &daemon.url("team")])
                .output()
                .is_ok_and(|o| o.status.success());
            if answered {
                return Ok(daemon);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err("`git daemon` did not answer within 10 s".into())
    }

    fn url(&self, name: &str) -> String {
        format!("git://127.0.0.1:{}/{name}.git", self.port)
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn promote_vs_push(c: &mut Criterion) {
    promote_group(c, Transport::File);
}

fn promote_vs_push_git_daemon(c: &mut Criterion) {
    promote_group(c, Transport::Daemon);
}

fn promote_group(c: &mut Criterion, transport: Transport) {
    let group = match transport {
        Transport::File => "promote_vs_push",
        Transport::Daemon => "promote_vs_push_git_daemon",
    };
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let kept =
        std::env::var_os("PIPELINE_BENCH_KEEP").map(|d| std::path::PathBuf::from(d).join(group));
    let root = kept.as_deref().unwrap_or(tmp.path());
    eprintln!("{group}: generating the project and deploying it (every file rendered twice)...");
    let files = synth::generate(&synth::SynthConfig::default());
    let seed = root.join("seed");
    synth::write_to(&seed, &files).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(seed.join("storyboard.toml"), PIPELINE_TEAM).unwrap_or_else(|e| panic!("{e}"));
    git(&seed, &["init", "-q", "-b", "main"]);
    git(&seed, &["add", "-A"]);
    git(&seed, &["commit", "-q", "-m", "project"]);
    let w = World::from_seed(root, &seed, files, &PIPELINE_REMOTES);
    // Every remote through the daemon: the team remote, and each stage's.
    let daemon = match transport {
        Transport::File => None,
        Transport::Daemon => match Daemon::start(root) {
            Ok(d) => Some(d),
            Err(why) => {
                eprintln!("{group}: skipped: {why}");
                return;
            }
        },
    };
    let url = |name: &str| match &daemon {
        Some(d) => d.url(name),
        None => format!("file://{}", root.join(format!("{name}.git")).display()),
    };
    if daemon.is_some() {
        git(&w.clone, &["remote", "set-url", "origin", &url("team")]);
        for name in PIPELINE_REMOTES {
            git(&w.clone, &["remote", "set-url", name, &url(name)]);
        }
    }
    let started = Instant::now();
    w.storyboard(&["promote", "integration", "--yes"]);
    w.storyboard(&["release", "cut", "--yes"]);
    w.storyboard(&["promote", "acceptance", "--yes"]);
    eprintln!(
        "{group}: first deployments (integration, a release, acceptance) took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let acceptance = url("acceptance");
    let acceptance_dir = root.join("acceptance.git");
    // The canonical history on the acceptance remote once, so each timed push
    // carries one change.
    git(
        &w.clone,
        &["push", "-q", &acceptance, "main:refs/heads/bench/0"],
    );

    // On main: what each file holds now.
    let mut current = w.files.clone();
    let mut n = 0usize;
    // A change of 10 files on main, pushed, promoted to integration and cut as a
    // release: the commit and its number. The scratch branch of the push before
    // the last is deleted first: the remote keeps what a stage's remote holds
    // (its branch, and here the one scratch branch the next push builds on), not
    // a branch per iteration, which every push would have to negotiate over.
    let mut change = || {
        if n > 0 {
            git(
                &acceptance_dir,
                &["update-ref", "-d", &format!("refs/heads/bench/{}", n - 1)],
            );
        }
        n += 1;
        let story = synth::mutate_story(&w.files, 10, 1_000 + n as u64);
        let mut changed = 0;
        for ((now, new), base) in current.iter_mut().zip(&story).zip(&w.files) {
            if new.bytes != base.bytes && now.bytes != new.bytes {
                std::fs::write(w.clone.join(&new.path), &new.bytes)
                    .unwrap_or_else(|e| panic!("{e}"));
                now.bytes = new.bytes.clone();
                changed += 1;
            }
        }
        assert!(changed > 0, "the change edits files");
        git(
            &w.clone,
            &[
                "commit",
                "-q",
                "-am",
                &format!("Change {n}: {changed} files"),
            ],
        );
        let commit = git(&w.clone, &["rev-parse", "HEAD"]);
        git(&w.clone, &["push", "-q", "origin", "main"]);
        w.storyboard(&["promote", "integration", "--yes"]);
        w.storyboard(&["release", "cut", "--yes"]);
        (commit, n)
    };
    let push = |(commit, n): &(String, usize)| {
        git_quiet(
            &w.clone,
            &[
                "push",
                "-q",
                &acceptance,
                &format!("{commit}:refs/heads/bench/{n}"),
            ],
        )
    };
    let promote = |_: &(String, usize)| w.storyboard_quiet(&["promote", "acceptance", "--yes"]);

    // One iteration shown, untimed: what a promotion of the change does.
    let first = change();
    push(&first);
    eprint!(
        "{group}: one promotion shown:\n{}",
        w.storyboard(&["promote", "acceptance", "--yes"])
            .lines()
            .filter(|l| l.starts_with("promote")
                || l.starts_with("  from")
                || l.starts_with("promoted"))
            .map(|l| format!("  {l}\n"))
            .collect::<String>()
    );

    let mut g = c.benchmark_group(group);
    // A few iterations per sample: each one's untimed setup (a commit, two pushes,
    // a promotion and a cut) costs more than what is timed.
    g.sample_size(20)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(4));
    let mut pairs = Vec::new();
    for (name, side) in [
        ("git_push", Side::Git),
        ("storyboard_promote", Side::Storyboard),
    ] {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| paired(iters, side, &mut pairs, &mut change, &push, &promote))
        });
    }
    g.finish();
    report(group, "git push", "storyboard promote acceptance", &pairs);
    // The last change is what acceptance holds.
    let board: serde_json::Value = serde_json::from_str(&w.storyboard(&["status", "--json"]))
        .unwrap_or_else(|e| panic!("{e}"));
    let head = git(&w.clone, &["rev-parse", "main"]);
    assert_eq!(
        board["environments"][1]["source"].as_str(),
        Some(head.as_str()),
        "acceptance holds the last change"
    );
}

criterion_group!(
    benches,
    status_vs_git_log,
    promote_vs_push,
    promote_vs_push_git_daemon
);
criterion_main!(benches);
