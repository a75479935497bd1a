//! The `storyboard` command line: one small function per subcommand over the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;
use storyboard::config::{self, Config, PERSONAL_ENV};

// Parsing allocates per file on every core; mimalloc's per-thread heaps keep the
// threads from contending for the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

    /// Without a command: the terminal UI on the repository here.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate the team and personal configuration and show the environments and pipeline.
    Check {
        /// Also connect to every remote (the team's and each environment's) and
        /// warn about those that do not answer within a few seconds.
        #[arg(long)]
        reach: bool,
    },
    /// Write a first, commented storyboard.toml for the LookML project here, then check it.
    Init(cli::init::InitArgs),
    /// Parse LookML files: check the lossless round trip, print them back, or emit lkml's JSON.
    Parse(cli::project::ParseArgs),
    /// Render the canonical LookML for an environment into a new directory.
    Render(cli::project::RenderArgs),
    /// Turn an environment's LookML back into canonical form, into a new directory.
    Unrender(cli::project::UnrenderArgs),
    /// Compare two LookML projects as changed objects and properties, not lines.
    Diff(cli::project::DiffArgs),
    /// Stories: new, list, switch, publish, sync, pr, finish, path, fetch.
    #[command(subcommand)]
    Story(cli::story::StoryCommand),
    /// Build a demo workspace (team remote, environment remotes, stories in every state).
    Demo {
        /// Where to build it (must not exist, or be empty); default: a new directory
        /// under the system's temporary directory.
        dir: Option<PathBuf>,
        /// Only build it and say how to use it; do not open the terminal UI.
        #[arg(long)]
        no_tui: bool,
    },
    /// The board: which story is on which environment, and what each stage takes next.
    Status(cli::pipeline::StatusArgs),
    /// Promote a stage to what it takes next (main, the newest release, or the stage before).
    Promote(cli::pipeline::PromoteArgs),
    /// Release branches.
    #[command(subcommand)]
    Release(cli::pipeline::ReleaseCommand),
    /// An environment's deployments, newest first, and the stories each brought.
    History(cli::pipeline::HistoryArgs),
    /// Take one story out of a stage (a revert on the branch it deploys from) and hold it out.
    Rollback(cli::pipeline::RollbackArgs),
    /// Lift the hold a rollback put on a story.
    Unhold(cli::pipeline::UnholdArgs),
    /// Record on the team remote that a story passed its test on a stage, as deployed there.
    Accept(cli::pipeline::AcceptArgs),
    /// Record on the team remote that a story failed its test on a stage, and why.
    Reject(cli::pipeline::RejectArgs),
}

/// An input error as the command line reports it.
fn input(e: impl std::fmt::Display) -> Failure {
    Failure::Input(e.to_string())
}

/// How a command ends when it does not succeed.
pub(crate) enum Failure {
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
    // SAFETY: the first statement of main; no other thread exists yet.
    unsafe { storyboard::git::start_libgit2_before_threads() };
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
        None => load_config(&cli, &cwd).and_then(open_tui),
        Some(command) => run_command(&cli, command, &cwd),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Input(message)) => {
            tracing::warn!("{message}");
            eprintln!("{message}");
            ExitCode::from(2)
        }
        // The reader went away (`storyboard diff | head`): nothing left to say.
        Err(Failure::Unexpected(report)) if is_broken_pipe(&report) => ExitCode::SUCCESS,
        Err(Failure::Unexpected(report)) => {
            tracing::error!("{report:?}");
            eprintln!("{report:?}");
            ExitCode::from(3)
        }
    }
}

/// Whether writing the output failed because its reader closed the pipe.
fn is_broken_pipe(report: &color_eyre::Report) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    report.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == BrokenPipe)
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
    })
}

fn run_command(cli: &Cli, command: &Command, cwd: &Path) -> Result<ExitCode, Failure> {
    match command {
        Command::Check { reach } => cli::project::cmd_check(cli, cwd, *reach),
        Command::Init(args) => cli::init::cmd_init(cli, args, cwd),
        Command::Parse(args) => cli::project::cmd_parse(args, cwd),
        Command::Render(args) => cli::project::cmd_render(cli, args, cwd),
        Command::Unrender(args) => cli::project::cmd_unrender(cli, args, cwd),
        Command::Diff(args) => cli::project::cmd_diff(cli, args, cwd),
        Command::Story(command) => workspace(cli, cwd).and_then(|ws| cli::story::run(&ws, command)),
        Command::Demo { dir, no_tui } => cmd_demo(dir.as_deref(), *no_tui, cwd),
        Command::Status(args) => {
            workspace(cli, cwd).and_then(|ws| cli::pipeline::status(&ws, args))
        }
        Command::Promote(args) => {
            workspace(cli, cwd).and_then(|ws| cli::pipeline::promote(&ws, args))
        }
        Command::Release(command) => {
            workspace(cli, cwd).and_then(|ws| cli::pipeline::release(&ws, command))
        }
        Command::Rollback(args) => {
            workspace(cli, cwd).and_then(|ws| cli::pipeline::rollback(&ws, args))
        }
        Command::Unhold(args) => {
            workspace(cli, cwd).and_then(|ws| cli::pipeline::unhold(&ws, args))
        }
        Command::Accept(args) => {
            workspace(cli, cwd).and_then(|ws| cli::pipeline::accept(&ws, args))
        }
        Command::Reject(args) => {
            workspace(cli, cwd).and_then(|ws| cli::pipeline::reject(&ws, args))
        }
        Command::History(args) => {
            workspace(cli, cwd).and_then(|ws| cli::pipeline::history(&ws, args))
        }
    }
}

/// The terminal UI's key map and theme, from the personal file.
fn ui_settings(
    config: &Config,
) -> Result<(storyboard::tui::KeyMap, storyboard::tui::Theme), Failure> {
    use storyboard::tui::{KeyMap, Theme};
    let keys = KeyMap::with_overrides(&config.personal.keys).map_err(|e| {
        Failure::Input(format!(
            "error: {e}\n  = help: fix [keys] in {}",
            config
                .personal_file
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "your personal config.toml".into())
        ))
    })?;
    let theme = Theme::load(
        config.personal.theme.as_deref(),
        Theme::no_color_requested(),
    )
    .map_err(|e| Failure::Input(format!("error: {e}")))?;
    Ok((keys, theme))
}

/// The terminal UI over the workspace of `config`.
fn open_tui(config: Config) -> Result<ExitCode, Failure> {
    use std::io::IsTerminal;
    use storyboard::tui::story_backend::StoryBackend;
    let (keys, theme) = ui_settings(&config)?;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(Failure::Input(
            "error: the terminal UI needs a terminal, and standard input or output is not one\n  = help: run it in a terminal, or use the commands (`storyboard story list`, `storyboard status`; `storyboard --help` lists them)".to_string(),
        ));
    }
    let workspace = storyboard::story::Workspace::open(config).map_err(cli::story::input)?;
    storyboard::tui::run(
        std::sync::Arc::new(StoryBackend::new(workspace)),
        keys,
        theme,
    )?;
    Ok(ExitCode::SUCCESS)
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

fn cmd_demo(dir: Option<&Path>, no_tui: bool, cwd: &Path) -> Result<ExitCode, Failure> {
    let dir = match dir {
        Some(d) => cwd.join(d),
        None => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or_default();
            std::env::temp_dir().join(format!("storyboard-demo-{stamp}"))
        }
    };
    let demo = storyboard::demo::build(&dir, &|step| {
        tracing::info!("demo: {}", step.what);
    })
    .map_err(|e| Failure::Input(format!("error: cannot build the demo: {e}")))?;
    println!("demo workspace: {}", demo.dir.display());
    println!(
        "alice's clone:  {}\nher config:     {}",
        demo.clone.display(),
        demo.personal.display()
    );
    println!(
        "try:            storyboard -C {} --config {} story list",
        demo.clone.display(),
        demo.personal.display()
    );
    if no_tui {
        return Ok(ExitCode::SUCCESS);
    }
    let config =
        storyboard::demo::config_of(&demo).map_err(|e| Failure::Input(format!("error: {e}")))?;
    open_tui(config)
}

fn workspace(cli: &Cli, cwd: &Path) -> Result<storyboard::story::Workspace, Failure> {
    Ok(storyboard::story::Workspace::open(load_config(cli, cwd)?)?)
}
