//! `storyboard check`, `parse`, `render`, `unrender` and `diff`: the commands on a
//! project's files, thin over `storyboard::check`, `lookml`, `env`, `source` and
//! `semdiff`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use storyboard::config::{self, Config};
use storyboard::diagnostic::Diagnostic;
use storyboard::fileset::FileSet;
use storyboard::source::{self, Side, Sources};
use storyboard::{env, lookml, project};

use crate::{Cli, Failure, input, load_config, ui_settings, workspace};

#[derive(Debug, clap::Args)]
pub(crate) struct RenderArgs {
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
pub(crate) struct UnrenderArgs {
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
pub(crate) struct ParseArgs {
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

pub(crate) fn cmd_check(cli: &Cli, cwd: &Path, reach: bool) -> Result<ExitCode, Failure> {
    let config = load_config(cli, cwd)?;
    // The terminal UI's key map and theme come from the personal file too.
    ui_settings(&config)?;
    let root = project_root(&config);
    let report = storyboard::check::check(&config, root, &dir_tree(root)?);
    print!("{}", report.out);
    eprint!("{}", report.problems);
    if let Ok(repo) = storyboard::git::Repo::discover(root) {
        use storyboard::check::RemoteKnown;
        let known = |spec: &str| {
            if repo.remote_url(spec).is_some() {
                return RemoteKnown::Ok;
            }
            let path = spec.strip_prefix("file://").unwrap_or(spec);
            if spec.starts_with("file://") || spec.starts_with('/') || spec.starts_with('.') {
                if Path::new(path).exists() {
                    RemoteKnown::Ok
                } else {
                    RemoteKnown::NoSuchPath
                }
            } else if spec.contains(':') || spec.contains('/') {
                // A server: reaching it is the network's business, not check's.
                RemoteKnown::Ok
            } else {
                RemoteKnown::NoSuchName
            }
        };
        let warned = storyboard::check::remote_warnings(&config, known);
        for w in &warned {
            eprintln!("warning: {w}");
        }
        if let Some(workdir) = repo.main().ok().as_ref().and_then(|m| m.workdir()) {
            for w in storyboard::check::companion_warnings(&config, workdir) {
                eprintln!("warning: {w}");
            }
        }
        if reach {
            for w in unreachable_remotes(&config, &repo, &warned) {
                eprintln!("warning: {w}");
            }
        }
    }
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Every remote of the configuration that does not answer, each tried on a
/// thread of its own and given up on after a few seconds (an unreachable host
/// can hold a connection for minutes). Those already warned about are skipped.
fn unreachable_remotes(
    config: &Config,
    repo: &storyboard::git::Repo,
    warned: &[String],
) -> Vec<String> {
    let mut specs: Vec<(String, String)> =
        vec![("the team remote".into(), config.project.remote.clone())];
    specs.extend(
        config
            .environments
            .iter()
            .map(|e| (format!("environment `{}`", e.name), e.remote.clone())),
    );
    specs.retain(|(what, _)| !warned.iter().any(|w| w.starts_with(what.as_str())));
    specs.dedup_by(|a, b| a.1 == b.1);
    let dir = repo.common_dir().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    for (i, (_, spec)) in specs.iter().enumerate() {
        let (tx, dir, spec) = (tx.clone(), dir.clone(), spec.clone());
        std::thread::spawn(move || {
            let outcome = storyboard::git::Repo::open(&dir)
                .map_err(|e| e.to_string())
                .and_then(|r| r.reach(&r.remote(&spec)).map_err(|e| e.to_string()));
            let _ = tx.send((i, outcome));
        });
    }
    drop(tx);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut answered = vec![None; specs.len()];
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((i, outcome)) => answered[i] = Some(outcome),
            Err(_) => break,
        }
    }
    specs
        .iter()
        .zip(answered)
        .filter_map(|((what, spec), outcome)| match outcome {
            Some(Ok(())) => None,
            Some(Err(e)) => Some(format!("{what}: {e}")),
            None => Some(format!("{what}: `{spec}` did not answer within 5 s")),
        })
        .collect()
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
    source::read_dir(dir).map_err(input)
}

/// The project's tree at a git revision, read from the object database.
fn rev_tree(config: &Config, rev: &str) -> Result<FileSet, Failure> {
    Sources::without_workspace(project_root(config))
        .revision(rev)
        .map_err(input)
}

fn write_tree(files: &FileSet, out: &Path) -> Result<(), Failure> {
    files
        .write_new_dir(out)
        .map_err(|e| Failure::Input(format!("error: cannot write {}: {e}", out.display())))
}

pub(crate) fn cmd_render(cli: &Cli, args: &RenderArgs, cwd: &Path) -> Result<ExitCode, Failure> {
    let config = load_config(cli, cwd)?;
    let target = environment(&config, &args.env)?;
    let canonical = match (&args.rev, &args.dir) {
        (Some(rev), _) => rev_tree(&config, rev)?,
        (None, Some(dir)) => dir_tree(&cwd.join(dir))?,
        (None, None) => return Err(Failure::Input("error: give --rev REV or --dir DIR".into())),
    };
    let rendered = env::render(&canonical, target, &config.environments);
    write_rendered(
        rendered,
        &cwd.join(&args.out),
        ("rendered", "for", &target.name),
    )
}

/// Writes a render's (or unrender's) tree to `out` and says what was done
/// (`verb`, `preposition`, environment); a refusal is printed and exits 1.
fn write_rendered(
    result: Result<env::Rendered, env::RenderError>,
    out: &Path,
    (verb, preposition, env): (&str, &str, &str),
) -> Result<ExitCode, Failure> {
    let rendered = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(1));
        }
    };
    write_tree(&rendered.files, out)?;
    println!(
        "{verb} {} files {preposition} {env}: {} tokens changed, {} model files renamed -> {}",
        rendered.files.files.len(),
        rendered.edits.len(),
        rendered.renamed.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn cmd_unrender(
    cli: &Cli,
    args: &UnrenderArgs,
    cwd: &Path,
) -> Result<ExitCode, Failure> {
    let config = load_config(cli, cwd)?;
    let target = environment(&config, &args.env)?;
    let files = dir_tree(&cwd.join(&args.dir))?;
    let reference = args
        .reference
        .as_deref()
        .map(|r| match cwd.join(r) {
            dir if dir.is_dir() => dir_tree(&dir),
            _ => rev_tree(&config, r),
        })
        .transpose()?;
    let canonical = env::unrender(&files, target, reference.as_ref());
    write_rendered(
        canonical,
        &cwd.join(&args.out),
        ("unrendered", "from", &target.name),
    )
}

pub(crate) fn cmd_parse(args: &ParseArgs, cwd: &Path) -> Result<ExitCode, Failure> {
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
pub(crate) struct DiffArgs {
    /// The project before the change: a directory, a story (key, slug or branch;
    /// named alone, the story's own change against where it grew from),
    /// env:NAME, or a git revision (default: the merge base of HEAD with the main
    /// branch). A bare `main` is the team's main as last fetched, not the local
    /// branch (name `refs/heads/main` for that).
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
pub(crate) fn cmd_diff(cli: &Cli, args: &DiffArgs, cwd: &Path) -> Result<ExitCode, Failure> {
    use storyboard::semdiff::{self, Options, ParseCache};
    let ws = workspace(cli, cwd).map_err(|f| match f {
        Failure::Input(m) => m,
        Failure::Unexpected(r) => r.to_string(),
    });
    let sources = Sources::new(cwd, ws.as_ref().map_err(String::clone));
    let old_side = match &args.old {
        Some(s) => Side::Named(s.clone()),
        None => Side::MergeBase,
    };
    let new_side = match &args.new {
        Some(s) => Side::Named(s.clone()),
        None => Side::WorkingTree,
    };
    // A story named alone is its change: from where it grew to what it holds.
    let mut cache = ParseCache::new();
    if let (Some(name), None, Ok(ws)) = (&args.old, &args.new, &ws)
        && !cwd.join(name).is_dir()
        && let Ok(diff) = ws.story_diff_with(name, &mut cache)
    {
        let code = write_diff(args, &diff)?;
        // The story's other repositories: which files it changes in each.
        // JSON stays the semantic diff's contract.
        if !matches!(args.format, DiffFormat::Json) {
            let files = ws.companion_files(name).map_err(crate::cli::story::input)?;
            let mut out = std::io::stdout().lock();
            if !files.is_empty() {
                writeln!(out)?;
            }
            for f in &files {
                write!(out, "{f}")?;
            }
        }
        return Ok(code);
    }
    // A side that cannot be read is an input error; files of it that do not
    // parse are the diff's to list as not compared.
    let old = cache.load(&sources.lookml_files(&old_side).map_err(input)?);
    let new = cache.load(&sources.lookml_files(&new_side).map_err(input)?);
    for w in sources.warnings() {
        eprintln!("warning: {w}");
    }
    let diff = semdiff::diff(
        &old,
        &new,
        &Options {
            comments: args.comments,
        },
    );
    write_diff(args, &diff)
}

fn write_diff(args: &DiffArgs, diff: &storyboard::semdiff::Diff) -> Result<ExitCode, Failure> {
    use std::io::IsTerminal;
    use storyboard::semdiff::{self, Format};
    let format = match args.format {
        DiffFormat::Text => Format::Text,
        DiffFormat::Json => Format::Json,
        DiffFormat::Markdown => Format::Markdown,
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = !no_color && std::io::stdout().is_terminal();
    std::io::stdout()
        .lock()
        .write_all(semdiff::render::render(diff, format, color).as_bytes())?;
    Ok(if args.exit_code && diff.has_changes() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
