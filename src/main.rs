//! The `storyboard` command line: one small function per subcommand over the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::io::Write;

use clap::{Parser, Subcommand};

mod cli;
use storyboard::config::{self, Config, PERSONAL_ENV};
use storyboard::diagnostic::Diagnostic;
use storyboard::fileset::FileSet;
use storyboard::{env, git, lookml, project};

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
    Check,
    /// Parse LookML files: check the lossless round trip, print them back, or emit lkml's JSON.
    Parse(ParseArgs),
    /// Render the canonical LookML for an environment into a new directory.
    Render(RenderArgs),
    /// Turn an environment's LookML back into canonical form, into a new directory.
    Unrender(UnrenderArgs),
    /// Compare two LookML projects as changed objects and properties, not lines.
    Diff(DiffArgs),
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
    /// Each environment's deployed source and story, and the current story.
    Status {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
struct RenderArgs {
    /// The environment to render for (as `storyboard check` lists them).
    #[arg(long, value_name = "ENV")]
    env: String,
    /// Render this revision's tree, read from git without touching the working tree.
    #[arg(
        long,
        value_name = "REV",
        required_unless_present = "dir",
        conflicts_with = "dir"
    )]
    rev: Option<String>,
    /// Render the LookML project in this directory.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Where to write the rendered tree (must not exist, or be empty).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
struct UnrenderArgs {
    /// The environment the tree was rendered for.
    #[arg(long, value_name = "ENV")]
    env: String,
    /// The environment's tree.
    #[arg(long, value_name = "DIR")]
    dir: PathBuf,
    /// Where to write the canonical tree (must not exist, or be empty).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The canonical source it was rendered from (a directory or a git revision):
    /// needed when the environment overrides manifest constants.
    #[arg(long, value_name = "DIR|REV")]
    reference: Option<String>,
}

#[derive(Debug, clap::Args)]
struct ParseArgs {
    /// Parse every LookML file under PATHs and verify that printing gives back the same bytes.
    #[arg(long)]
    check: bool,
    /// What to write for each FILE (without --check).
    #[arg(long, value_enum, default_value = "print", conflicts_with = "check")]
    format: ParseFormat,
    /// Files (or, with --check, directories) to parse.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ParseFormat {
    /// The file printed back from its syntax tree.
    Print,
    /// The JSON Python's `lkml.load` returns (YAML files: their YAML as JSON).
    LkmlJson,
    /// The data a file holds, as JSON: for a YAML file (a dashboard, legacy
    /// LookML) what PyYAML's `yaml.load` gives with local tags ignored; for a
    /// `.lkml` file, the lkml-json form.
    Json,
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
        Command::Check => cmd_check(cli, cwd),
        Command::Parse(args) => cmd_parse(args, cwd),
        Command::Render(args) => cmd_render(cli, args, cwd),
        Command::Unrender(args) => cmd_unrender(cli, args, cwd),
        Command::Diff(args) => cmd_diff(cli, args, cwd),
        Command::Story(command) => workspace(cli, cwd).and_then(|ws| cli::story::run(&ws, command)),
        Command::Demo { dir, no_tui } => cmd_demo(dir.as_deref(), *no_tui, cwd),
        Command::Status { json } => {
            workspace(cli, cwd).and_then(|ws| cli::story::status(&ws, *json))
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

fn cmd_check(cli: &Cli, cwd: &Path) -> Result<ExitCode, Failure> {
    let config = load_config(cli, cwd)?;
    // The terminal UI's key map and theme come from the personal file too.
    ui_settings(&config)?;
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
    println!();
    let root = project_root(&config);
    let canonical = dir_tree(root)?;
    if !canonical
        .files
        .keys()
        .any(|p| lookml::Dialect::of(p).is_some())
    {
        println!(
            "no LookML files under {} yet: renders not checked",
            root.display()
        );
        println!("\nok");
        return Ok(ExitCode::SUCCESS);
    }
    for w in project::warnings(&canonical) {
        eprintln!("warning: {w}");
    }
    println!("renders of {} (round trip and leak guard):", root.display());
    let mut failed = false;
    let mut unparsed_shown = false;
    for e in &config.environments {
        match env::render(&canonical, e, &config.environments) {
            Ok(r) => println!(
                "  {}: ok ({} tokens changed, {} model files renamed)",
                e.name,
                r.edits.len(),
                r.renamed.len()
            ),
            // The same files fail to parse for every environment: say so once.
            Err(err) if err.unparsed => {
                failed = true;
                println!(
                    "  {}: not rendered: {} file(s) do not parse",
                    e.name,
                    err.problems.len()
                );
                if !unparsed_shown {
                    eprintln!("{err}");
                    unparsed_shown = true;
                }
            }
            Err(err) => {
                failed = true;
                println!("  {}: refused", e.name);
                eprintln!("{err}");
            }
        }
    }
    if failed {
        println!("\ncheck failed");
        return Ok(ExitCode::from(1));
    }
    println!("\nok");
    Ok(ExitCode::SUCCESS)
}

/// The LookML project's root: the directory of storyboard.toml.
fn project_root(config: &Config) -> &Path {
    config.team_file.parent().unwrap_or(Path::new("."))
}

fn environment<'c>(config: &'c Config, name: &str) -> Result<&'c config::Environment, Failure> {
    config.environment(name).ok_or_else(|| {
        let names: Vec<&str> = config
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        Failure::Input(format!(
            "error: no environment `{name}` in {}\n  = help: environments: {}",
            config.team_file.display(),
            names.join(", ")
        ))
    })
}

/// Every file of a directory.
fn dir_tree(dir: &Path) -> Result<FileSet, Failure> {
    FileSet::read_dir(dir).map_err(|e| Failure::Input(format!("error: {}: {e}", dir.display())))
}

/// The project's tree at a git revision, read from the object database.
fn rev_tree(config: &Config, rev: &str) -> Result<FileSet, Failure> {
    let input = |e: git::GitError| Failure::Input(format!("error: {e}"));
    let (repo, prefix) = git::open(project_root(config)).map_err(input)?;
    git::read_tree(&repo, rev, &prefix).map_err(input)
}

/// A tree from a directory or, when `spec` is no directory, from a git revision of
/// the project.
fn tree_from(config: &Config, cwd: &Path, spec: &str) -> Result<FileSet, Failure> {
    let dir = cwd.join(spec);
    if dir.is_dir() {
        dir_tree(&dir)
    } else {
        rev_tree(config, spec)
    }
}

fn write_tree(files: &FileSet, out: &Path) -> Result<(), Failure> {
    files
        .write_new_dir(out)
        .map_err(|e| Failure::Input(format!("error: cannot write {}: {e}", out.display())))
}

fn cmd_render(cli: &Cli, args: &RenderArgs, cwd: &Path) -> Result<ExitCode, Failure> {
    let config = load_config(cli, cwd)?;
    let target = environment(&config, &args.env)?;
    let canonical = match (&args.rev, &args.dir) {
        (Some(rev), _) => rev_tree(&config, rev)?,
        (None, Some(dir)) => dir_tree(&cwd.join(dir))?,
        (None, None) => return Err(Failure::Input("error: give --rev REV or --dir DIR".into())),
    };
    let rendered = match env::render(&canonical, target, &config.environments) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(1));
        }
    };
    let out = cwd.join(&args.out);
    write_tree(&rendered.files, &out)?;
    println!(
        "rendered {} files for {}: {} tokens changed, {} model files renamed -> {}",
        rendered.files.files.len(),
        target.name,
        rendered.edits.len(),
        rendered.renamed.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn cmd_unrender(cli: &Cli, args: &UnrenderArgs, cwd: &Path) -> Result<ExitCode, Failure> {
    let config = load_config(cli, cwd)?;
    let target = environment(&config, &args.env)?;
    let files = dir_tree(&cwd.join(&args.dir))?;
    let reference = args
        .reference
        .as_deref()
        .map(|r| tree_from(&config, cwd, r))
        .transpose()?;
    let canonical = match env::unrender(&files, target, reference.as_ref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(1));
        }
    };
    let out = cwd.join(&args.out);
    write_tree(&canonical.files, &out)?;
    println!(
        "unrendered {} files from {}: {} tokens changed, {} model files renamed -> {}",
        canonical.files.files.len(),
        target.name,
        canonical.edits.len(),
        canonical.renamed.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn cmd_parse(args: &ParseArgs, cwd: &Path) -> Result<ExitCode, Failure> {
    let paths: Vec<PathBuf> = args.paths.iter().map(|p| cwd.join(p)).collect();
    if args.check {
        return parse_check(&paths, cwd);
    }
    let mut out = std::io::stdout().lock();
    for path in &paths {
        let bytes = std::fs::read(path)
            .map_err(|e| Failure::Input(format!("error: {}: cannot read: {e}", path.display())))?;
        let shown = path.strip_prefix(cwd).unwrap_or(path);
        let file =
            lookml::parse_file(shown, &bytes).map_err(|d| Failure::Input(format!("error: {d}")))?;
        match args.format {
            ParseFormat::Print => out.write_all(file.print().as_bytes())?,
            ParseFormat::LkmlJson | ParseFormat::Json => {
                serde_json::to_writer_pretty(&mut out, &lookml::to_json(&file))?;
                writeln!(out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `parse --check`: every LookML file under the paths, in parallel; one line per
/// failure, then a summary. Exit 1 when any file fails.
fn parse_check(paths: &[PathBuf], cwd: &Path) -> Result<ExitCode, Failure> {
    let mut results: Vec<(u64, Option<String>)> = Vec::new();
    for path in paths {
        let found = project::visit_lookml_files(path, |path| {
            let shown = path.strip_prefix(cwd).unwrap_or(path);
            match std::fs::read(path) {
                Ok(bytes) => (
                    bytes.len() as u64,
                    lookml::check_round_trip(shown, &bytes)
                        .err()
                        .map(|d| one_line(&d)),
                ),
                Err(e) => (0, Some(format!("{}: cannot read: {e}", shown.display()))),
            }
        })
        .map_err(|e| Failure::Input(format!("error: {}: {e}", path.display())))?;
        results.extend(found);
    }
    let bytes: u64 = results.iter().map(|(b, _)| b).sum();
    let mut errors = 0;
    let mut out = std::io::stdout().lock();
    for (_, failure) in &results {
        if let Some(line) = failure {
            errors += 1;
            writeln!(out, "{line}")?;
        }
    }
    writeln!(
        out,
        "{} files, {bytes} bytes, {errors} errors",
        results.len()
    )?;
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `file:line:col: message` on one line, for lists of failures.
fn one_line(d: &Diagnostic) -> String {
    format!("{}: {}", d.location(), d.message)
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// The project before the change: a directory or a git revision (default: the
    /// merge base of HEAD with the main branch).
    #[arg(value_name = "OLD")]
    old: Option<String>,
    /// The project after the change: a directory or a git revision (default: the
    /// working tree here, uncommitted edits included).
    #[arg(value_name = "NEW")]
    new: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Exit with 1 when anything changed (objects that only moved to another file do not count).
    #[arg(long)]
    exit_code: bool,
    /// Compare LookML comments too.
    #[arg(long)]
    comments: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    /// One block per changed object, as `terraform plan` shows them.
    Text,
    /// `{"changes": [...], "summary": {...}}`.
    Json,
    /// For a pull request description.
    Markdown,
}

/// `diff OLD NEW`: both directories are read and parsed through one cache, so the
/// files they share are parsed once.
fn cmd_diff(cli: &Cli, args: &DiffArgs, cwd: &Path) -> Result<ExitCode, Failure> {
    use std::io::IsTerminal;
    use storyboard::semdiff::{self, Format, Options, ParseCache};
    let mut cache = ParseCache::new();
    // A side that cannot be read is an input error; files of it that do not
    // parse are the diff's to list as not compared.
    let mut load = |spec: &DiffSource| -> Result<semdiff::Snapshot, Failure> {
        let files = diff_source(cli, spec, cwd)?;
        Ok(cache.load(&files))
    };
    let old_spec = match &args.old {
        Some(s) => DiffSource::Named(s.clone()),
        None => DiffSource::MergeBase,
    };
    let new_spec = match &args.new {
        Some(s) => DiffSource::Named(s.clone()),
        None => DiffSource::WorkingTree,
    };
    let old = load(&old_spec)?;
    let new = load(&new_spec)?;
    let diff = semdiff::diff(
        &old,
        &new,
        &Options {
            comments: args.comments,
        },
    );
    let format = match args.format {
        DiffFormat::Text => Format::Text,
        DiffFormat::Json => Format::Json,
        DiffFormat::Markdown => Format::Markdown,
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = !no_color && std::io::stdout().is_terminal();
    std::io::stdout()
        .lock()
        .write_all(semdiff::render::render(&diff, format, color).as_bytes())?;
    Ok(if args.exit_code && diff.has_changes() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Where one side of a diff comes from.
enum DiffSource {
    /// A directory, or else a git revision.
    Named(String),
    /// The working tree at the current directory, uncommitted edits included.
    WorkingTree,
    /// The merge base of HEAD with the main branch.
    MergeBase,
}

/// One side of a diff: its LookML files as `(path, bytes)`.
type SideFiles = Vec<(PathBuf, Vec<u8>)>;

/// The LookML files of one side of a diff.
fn diff_source(cli: &Cli, spec: &DiffSource, cwd: &Path) -> Result<SideFiles, Failure> {
    let input = |e: git::GitError| Failure::Input(format!("error: {e}"));
    let from_git = |rev: &str| -> Result<SideFiles, Failure> {
        let (repo, prefix) = git::open(cwd).map_err(input)?;
        let tree = git::read_tree(&repo, rev, &prefix).map_err(input)?;
        let files = tree
            .files
            .into_iter()
            .filter(|(p, _)| lookml::Dialect::of(p).is_some())
            .map(|(p, e)| (p, e.bytes))
            .collect();
        Ok(files)
    };
    match spec {
        DiffSource::WorkingTree => read_lookml_dir(cwd, Path::new(".")),
        DiffSource::Named(name) if name.starts_with("env:") => {
            let env = &name["env:".len()..];
            let ws = workspace(cli, cwd)?;
            let files = ws.environment_files(env).map_err(cli::story::input)?;
            Ok(files)
        }
        DiffSource::Named(name) => {
            let dir = cwd.join(name);
            if dir.is_dir() {
                return read_lookml_dir(&dir, Path::new(name));
            }
            if git::open(cwd).is_err() {
                return Err(Failure::Input(format!(
                    "error: {name}: no such directory\n  = help: give a directory holding a LookML project, or run inside a git repository to name a revision"
                )));
            }
            // A story (by key, slug or branch) is read from its worktree, uncommitted
            // edits included; anything else is a revision.
            if let Ok(ws) = workspace(cli, cwd)
                && let Some(files) = ws.story_source(name).map_err(cli::story::input)?
            {
                return Ok(files);
            }
            from_git(name).map_err(|e| match e {
                Failure::Input(m) => Failure::Input(format!(
                    "{m}\n  = help: `{name}` is neither a directory, a story nor a revision of the repository here"
                )),
                other => other,
            })
        }
        DiffSource::MergeBase => {
            let (repo, _) = git::open(cwd).map_err(input)?;
            // Main as the team has it (the team remote's branch as last fetched),
            // so stories merged since the local branch was updated are not counted.
            let team_main = workspace(cli, cwd).ok().and_then(|ws| {
                let r = ws.repo().ok()?;
                ws.main_commit(&r).ok().map(|id| id.to_string())
            });
            // Else only the branch name is needed: read it without validating the rest.
            let main = team_main.unwrap_or_else(|| {
                config::find_team_file(cwd)
                    .ok()
                    .and_then(|p| std::fs::read_to_string(p).ok())
                    .and_then(|t| t.parse::<toml::Table>().ok())
                    .and_then(|t| t.get("project")?.get("main")?.as_str().map(str::to_string))
                    .unwrap_or_else(|| "main".to_string())
            });
            let base = git::merge_base(&repo, "HEAD", &main).map_err(input)?;
            from_git(&base)
        }
    }
}

/// Every LookML file under `dir` as (path relative to `dir`, bytes); `shown` names
/// the directory in errors as the user wrote it.
fn read_lookml_dir(dir: &Path, shown: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, Failure> {
    if !dir.is_dir() {
        return Err(Failure::Input(format!(
            "error: {}: no such directory\n  = help: give two directories holding LookML projects",
            shown.display()
        )));
    }
    project::visit_lookml_files(dir, |path| {
        let bytes = std::fs::read(path)
            .map_err(|e| Failure::Input(format!("error: {}: cannot read: {e}", path.display())))?;
        let relative = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
        Ok((relative, bytes))
    })
    .map_err(|e| Failure::Input(format!("error: {}: {e}", shown.display())))?
    .into_iter()
    .collect()
}
