//! Writes a synthetic LookML project for benchmarks.
//!
//!     cargo run --release --example synth_project -- DIR [--files N] [--mb M] [--seed S]
//!
//! Defaults: 5000 files, 50 MB (decimal megabytes), seed 42. The same arguments always give the
//! same bytes.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: synth_project DIR [--files N] [--mb M] [--seed S]

Writes a deterministic synthetic LookML project into DIR.

  --files N   number of files (default 5000, at least 4)
  --mb M      total size in megabytes of 1,000,000 bytes; decimals allowed (default 50)
  --seed S    seed of the generator (default 42)";

struct Args {
    dir: PathBuf,
    cfg: synth::SynthConfig,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut dir: Option<PathBuf> = None;
    let mut cfg = synth::SynthConfig::default();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--files" => {
                let v = value("--files")?;
                cfg.files = v
                    .parse()
                    .map_err(|_| format!("--files: not a whole number: {v}"))?;
            }
            "--mb" => {
                let v = value("--mb")?;
                let mb: f64 = v.parse().map_err(|_| format!("--mb: not a number: {v}"))?;
                if !(mb.is_finite() && mb > 0.0) {
                    return Err(format!("--mb: must be above 0: {v}"));
                }
                cfg.target_bytes = (mb * 1_000_000.0).round() as usize;
            }
            "--seed" => {
                let v = value("--seed")?;
                cfg.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a whole number: {v}"))?;
            }
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown option: {s}")),
            _ => {
                if dir.is_some() {
                    return Err(format!("more than one DIR given: {arg}"));
                }
                dir = Some(PathBuf::from(arg));
            }
        }
    }
    let dir = dir.ok_or_else(|| "missing DIR".to_string())?;
    Ok(Some(Args { dir, cfg }))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.dir.exists()
        && std::fs::read_dir(&args.dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!(
            "error: {} exists and is not empty; give a new or empty directory",
            args.dir.display()
        );
        return ExitCode::from(2);
    }

    let start = Instant::now();
    let files = synth::generate(&args.cfg);
    let generated = start.elapsed();
    if let Err(e) = synth::write_to(&args.dir, &files) {
        eprintln!("error: writing {}: {e}", args.dir.display());
        return ExitCode::FAILURE;
    }
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    let crlf = files
        .iter()
        .filter(|f| f.bytes.windows(2).any(|w| w == b"\r\n"))
        .count();
    let count = |suffix: &str| files.iter().filter(|f| f.path.ends_with(suffix)).count();
    let largest = files.iter().map(|f| f.bytes.len()).max().unwrap_or(0);
    println!(
        "wrote {} files, {} bytes ({:.1} MB) to {} in {:.2?} (generated in {:.2?})",
        files.len(),
        total,
        total as f64 / 1e6,
        args.dir.display(),
        start.elapsed(),
        generated
    );
    println!(
        "  {} models, {} views, {} dashboards, {} other .lkml; {} with CRLF; largest {} bytes; seed {}",
        count(".model.lkml"),
        count(".view.lkml"),
        count(".dashboard.lookml"),
        files.len() - count(".model.lkml") - count(".view.lkml") - count(".dashboard.lookml"),
        crlf,
        largest,
        args.cfg.seed
    );
    ExitCode::SUCCESS
}
