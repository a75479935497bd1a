//! The `storyboard` command line: one small function per subcommand over the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use storyboard::config::{self, Config, PERSONAL_ENV};

/// Stories, per-developer environments and semantic diffs for LookML projects.
#[derive(Debug, Parser)]
#[command(name = "storyboard", version, about, long_about = None)]
struct Cli {
    /// Run as if started in DIR.
    #[arg(short = 'C', global = true, value_name = "DIR")]
    directory: Option<PathBuf>,

    /// The personal configuration file (default: $STORYBOARD_CONFIG, then the platform's config directory).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,

    /// How much to write to the log file: error, warn, info, debug or trace.
    #[arg(long, global = true, value_name = "LEVEL", default_value = "info")]
    log_level: tracing::Level,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate the team and personal configuration and show the environments and pipeline.
    Check,
}

/// How a command ends when it does not succeed.
enum Failure {
    /// The user's input is wrong (exit 2); the message says where and what to do.
    Input(String),
    /// Something unexpected: reported with its chain of causes.
    Unexpected(color_eyre::Report),
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Unexpected(e.into())
    }
}

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("warning: cannot install the error reporter: {e}");
    }
    let cli = Cli::parse();
    let _log_guard = init_logging(cli.log_level);
    let cwd = match &cli.directory {
        Some(d) => d.clone(),
        None => match std::env::current_dir() {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: cannot read the current directory: {e}");
                return ExitCode::from(2);
            }
        },
    };
    if !cwd.is_dir() {
        eprintln!("error: -C {}: no such directory", cwd.display());
        return ExitCode::from(2);
    }
    tracing::info!(command = ?cli.command, dir = %cwd.display(), "start");
    let result = match &cli.command {
        Command::Check => cmd_check(&cli, &cwd),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Input(message)) => {
            tracing::warn!("{message}");
            eprintln!("{message}");
            ExitCode::from(2)
        }
        Err(Failure::Unexpected(report)) => {
            tracing::error!("{report:?}");
            eprintln!("{report:?}");
            ExitCode::from(3)
        }
    }
}

/// Logs go to a file: a full-screen terminal UI cannot share stdout with them.
fn init_logging(level: tracing::Level) -> Option<()> {
    let dirs = directories::ProjectDirs::from("", "", "storyboard")?;
    let dir = dirs
        .state_dir()
        .unwrap_or_else(|| dirs.data_local_dir())
        .to_path_buf();
    std::fs::create_dir_all(&dir).ok()?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("storyboard.log"))
        .ok()?;
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(level)
        .try_init()
        .ok()
}

fn load_config(cli: &Cli, cwd: &Path) -> Result<Config, Failure> {
    let env_value = std::env::var_os(PERSONAL_ENV);
    let personal = config::personal_file_location(cli.config.as_deref(), env_value.as_deref());
    config::load(cwd, personal).map_err(|e| Failure::Input(e.to_string()))
}

fn cmd_check(cli: &Cli, cwd: &Path) -> Result<ExitCode, Failure> {
    let config = load_config(cli, cwd)?;
    println!("configuration: {}", config.team_file.display());
    match &config.personal_file {
        Some(p) => println!("personal:      {}", p.display()),
        None => println!("personal:      (none)"),
    }
    println!();
    println!("environments:");
    for env in &config.environments {
        let mut notes = Vec::new();
        if env.protected {
            notes.push("protected".to_string());
        }
        if let Some(t) = &env.template {
            notes.push(format!("from {t}"));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  ({})", notes.join(", "))
        };
        println!("  {}  -> {} {}{}", env.name, env.remote, env.branch, notes);
        if !env.model_prefix.is_empty() || !env.model_suffix.is_empty() {
            println!(
                "      models:      {}<model>{}",
                env.model_prefix, env.model_suffix
            );
        }
        for (label, map) in [
            ("connections", &env.connections),
            ("constants", &env.constants),
            ("schemas", &env.schemas),
        ] {
            if !map.is_empty() {
                let pairs: Vec<String> = map.iter().map(|(k, v)| format!("{k} -> {v}")).collect();
                println!("      {label:<12} {}", pairs.join(", "));
            }
        }
    }
    println!();
    if config.stages.is_empty() {
        println!("pipeline: (no stages)");
    } else {
        println!("pipeline: {}", config.stages.join(" -> "));
    }
    println!("\nok");
    Ok(ExitCode::SUCCESS)
}
