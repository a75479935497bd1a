//! `storyboard init`: a first, commented `storyboard.toml` for the LookML project
//! in the directory it runs in, from what `storyboard::init` reads there and a few
//! answers; then the same check as `storyboard check`, and what to edit next.
//! It needs no storyboard.toml, so it never goes through `load_config`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use storyboard::config::{Config, TEAM_FILE};
use storyboard::git::Repo;
use storyboard::init::{self, Answers, GitDefaults, Survey, TeamFile};
use storyboard::{check, config, source};

use crate::{Cli, Failure, input};

#[derive(Debug, clap::Args)]
pub(crate) struct InitArgs {
    /// Take the defaults without asking (needed without a terminal).
    #[arg(long)]
    yes: bool,
}

/// The user `dev-{user}` is validated and checked with when no one is known.
const STAND_IN_USER: &str = "you";

pub(crate) fn cmd_init(cli: &Cli, args: &InitArgs, cwd: &Path) -> Result<ExitCode, Failure> {
    let dir = cwd;
    let target = dir.join(TEAM_FILE);
    let repo = Repo::discover(dir).map_err(|_| {
        Failure::Input(format!(
            "error: {} is not inside a git repository\n  = help: run init in a clone of your LookML repository (or pass -C DIR); for a project not in git yet, `git init` it first",
            dir.display()
        ))
    })?;
    refuse_existing(dir, &target)?;
    let files = source::read_lookml_dir(dir, dir).map_err(input)?;
    if files.is_empty() {
        return Err(Failure::Input(format!(
            "error: no LookML files (*.lkml, *.lookml) in {} or under it\n  = help: run init in the LookML project's directory, where manifest.lkml and the model files are: `storyboard -C path/to/project init`",
            dir.display()
        )));
    }
    refuse_nested_project(dir, &files)?;
    let survey = init::survey(&files);
    let defaults = GitDefaults::of(&repo);
    let answers = if args.yes {
        default_answers(&repo, &defaults)
    } else if !std::io::stdin().is_terminal() {
        return Err(Failure::Input(format!(
            "error: init asks for the main branch, the team remote and the pipeline's stages, and there is no terminal to answer on; nothing written\n  = help: add --yes to take the defaults (main branch `{}`, team remote `{}`, stages {}); edit {TEAM_FILE} afterwards",
            defaults.main,
            defaults.remote.as_deref().unwrap_or("origin"),
            init::DEFAULT_STAGES.join(", ")
        )));
    } else {
        ask_answers(&repo, &defaults)?
    };

    let file = init::team_file(&survey, &answers);
    validate(&target, &file.text)?;
    write_new(&target, &file.text)?;

    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", found(&survey, dir))?;
    writeln!(
        out,
        "wrote {}: main branch `{}`{}, team remote `{}`, pipeline {}, and {} for each developer",
        target.display(),
        answers.main,
        if args.yes {
            format!(" ({})", defaults.main_from)
        } else {
            String::new()
        },
        answers.remote,
        answers.stages.join(" -> "),
        init::DEV_ENVIRONMENT
    )?;
    for (model, raw) in &survey.unresolved {
        eprintln!(
            "warning: model `{model}` has `connection: \"{raw}\"`, which names no connection init can tell; map it in {TEAM_FILE} by hand"
        );
    }
    writeln!(out, "\nstoryboard check:")?;
    out.flush()?;
    drop(out);
    let ok = run_check(cli, dir, &target, &file.text)?;
    print!("{}", next_steps(&file, ok));
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// init writes a new file only: not over one, and not under one that already
/// configures this directory from a parent.
fn refuse_existing(dir: &Path, target: &Path) -> Result<(), Failure> {
    if target.exists() {
        return Err(Failure::Input(format!(
            "error: {} already exists; init does not overwrite it\n  = help: edit it (config.example.toml documents every key) and run `storyboard check`; or remove it to start again",
            target.display()
        )));
    }
    if let Ok(found) = config::find_team_file(dir) {
        return Err(Failure::Input(format!(
            "error: {} already configures this directory; init does not write a second one under it\n  = help: edit that file, or run init where the LookML project is if it is another project",
            found.display()
        )));
    }
    Ok(())
}

/// A manifest.lkml in a subdirectory, holding every model file, and none here:
/// the project is there.
fn refuse_nested_project(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Failure> {
    if files.iter().any(|(p, _)| p == Path::new("manifest.lkml")) {
        return Ok(());
    }
    let models: Vec<&Path> = files
        .iter()
        .map(|(p, _)| p.as_path())
        .filter(|p| storyboard::env::decides_names(p) && !p.ends_with("manifest.lkml"))
        .collect();
    for (p, _) in files {
        let Some(root) = p
            .parent()
            .filter(|_| p.file_name().is_some_and(|n| n == "manifest.lkml"))
        else {
            continue;
        };
        if models.iter().all(|m| m.starts_with(root)) {
            return Err(Failure::Input(format!(
                "error: {} holds the project's manifest.lkml and its model files: the LookML project is there, not in {}\n  = help: run `storyboard -C {} init`",
                dir.join(root).display(),
                dir.display(),
                dir.join(root).display()
            )));
        }
    }
    Ok(())
}

/// The defaults, for `--yes`.
fn default_answers(repo: &Repo, defaults: &GitDefaults) -> Answers {
    let remote = defaults
        .remote
        .clone()
        .unwrap_or_else(|| "origin".to_string());
    answers_with(
        repo,
        defaults.main.clone(),
        remote,
        init::DEFAULT_STAGES.iter().map(|s| s.to_string()).collect(),
    )
}

fn answers_with(repo: &Repo, main: String, remote: String, stages: Vec<String>) -> Answers {
    let url = repo.remote_url(&remote);
    let is_url = remote.contains(':') || remote.contains('/');
    Answers {
        main,
        remote_known: url.is_some() || is_url,
        remote_url: url.or_else(|| is_url.then(|| remote.clone())),
        remote,
        stages,
    }
}

/// Three questions on the terminal; enter takes the default shown.
fn ask_answers(repo: &Repo, defaults: &GitDefaults) -> Result<Answers, Failure> {
    let remote_default = defaults
        .remote
        .clone()
        .unwrap_or_else(|| "origin".to_string());
    let main = ask_until(
        &format!("main branch ({})", defaults.main_from),
        &defaults.main,
        |a| {
            if a.chars().any(char::is_whitespace) {
                Err("a branch name has no spaces".to_string())
            } else {
                Ok(a.to_string())
            }
        },
    )?;
    let remote_question = match &defaults.remote_url {
        Some(url) => format!("team remote, a remote name or a URL ({remote_default} is {url})"),
        None => "team remote, a remote name or a URL (this clone has none yet)".to_string(),
    };
    let remote = ask_until(&remote_question, &remote_default, |a| {
        if a.chars().any(char::is_whitespace) {
            Err("a remote name or URL has no spaces".to_string())
        } else {
            Ok(a.to_string())
        }
    })?;
    let stages = ask_until(
        "pipeline stages, first to last (the last is production)",
        &init::DEFAULT_STAGES.join(", "),
        init::parse_stages,
    )?;
    Ok(answers_with(repo, main, remote, stages))
}

/// Asks until `accept` takes the answer (enter: `default`); end of input stops.
fn ask_until<T>(
    question: &str,
    default: &str,
    accept: impl Fn(&str) -> Result<T, String>,
) -> Result<T, Failure> {
    loop {
        let mut err = std::io::stderr().lock();
        write!(err, "{question} [{default}]: ")?;
        err.flush()?;
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line)? == 0 {
            writeln!(err)?;
            return Err(Failure::Input(
                "error: init stopped before all questions were answered; nothing written"
                    .to_string(),
            ));
        }
        let answer = match line.trim() {
            "" => default,
            a => a,
        };
        match accept(answer) {
            Ok(v) => return Ok(v),
            Err(why) => writeln!(err, "  {why}")?,
        }
    }
}

/// The configuration `text` makes at `target`, validated as `storyboard check`
/// would, with a stand-in user for `dev-{user}`.
fn stand_in_config(target: &Path, text: &str) -> Result<Config, config::ConfigError> {
    Config::from_texts(
        (target, text),
        Some((
            Path::new("(none; init checks with a stand-in user)"),
            &format!("user = \"{STAND_IN_USER}\"\n"),
        )),
    )
}

/// Refuses to write a file the project's own validation does not take.
fn validate(target: &Path, text: &str) -> Result<(), Failure> {
    stand_in_config(target, text).map(|_| ()).map_err(|e| {
        Failure::Input(format!(
            "{e}\nerror: the {TEAM_FILE} init made is not valid (the errors above); nothing written\n  = help: answer with other names (stages, branch, remote); if the defaults did this, it is a bug of init"
        ))
    })
}

/// Writes `text` to `target`, which must not exist (not even by now).
fn write_new(target: &Path, text: &str) -> Result<(), Failure> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(|e| Failure::Input(format!("error: cannot write {}: {e}", target.display())))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Failure::Input(format!("error: cannot write {}: {e}", target.display())))
}

/// One line on what the survey found.
fn found(survey: &Survey, dir: &Path) -> String {
    fn counted(n: usize, one: &str, many: &str, names: Vec<&str>) -> String {
        let what = if n == 1 { one } else { many };
        if names.is_empty() {
            format!("{n} {what}")
        } else {
            format!("{n} {what} ({})", names.join(", "))
        }
    }
    let mut line = format!(
        "found {} LookML files in {}: {}, {}, {}, {}",
        survey.files,
        dir.display(),
        counted(
            survey.models.len(),
            "model",
            "models",
            survey.models.iter().map(|(m, _)| m.as_str()).collect()
        ),
        counted(
            survey.connections.len(),
            "connection",
            "connections",
            survey.connections.keys().map(String::as_str).collect()
        ),
        counted(
            survey.constants.len(),
            "manifest constant",
            "manifest constants",
            Vec::new()
        ),
        counted(
            survey.schemas.len(),
            "schema",
            "schemas",
            survey.schemas.keys().map(String::as_str).collect()
        ),
    );
    if !survey.unparsed.is_empty() {
        line.push_str(&format!(
            "; {} file(s) do not parse and were not read",
            survey.unparsed.len()
        ));
    }
    line
}

/// `storyboard check` on the new file: as that command runs it (your personal
/// file, or who git says you are); when it cannot tell who you are, with the
/// stand-in user. Whether the check passed.
fn run_check(cli: &Cli, dir: &Path, target: &Path, text: &str) -> Result<bool, Failure> {
    match crate::cli::project::cmd_check(cli, dir, false) {
        Ok(code) => Ok(code == ExitCode::SUCCESS),
        Err(Failure::Input(message)) => {
            eprintln!("{message}");
            println!(
                "(no user is known for dev-{{user}}, as the error says: checked with user = \"{STAND_IN_USER}\" instead)"
            );
            let config = stand_in_config(target, text).map_err(input)?;
            let files = source::read_dir(dir).map_err(input)?;
            let report = check::check(&config, dir, &files);
            print!("{}", report.out);
            eprint!("{}", report.problems);
            Ok(report.ok)
        }
        Err(e) => Err(e),
    }
}

/// What to edit next: each guess, then what to run.
fn next_steps(file: &TeamFile, ok: bool) -> String {
    let mut out = String::from("\nnext:\n");
    if !ok {
        out.push_str(
            "  - fix what the check found above (the file is written and valid; the project's files or its names are not ready)\n",
        );
    }
    out.push_str(&format!(
        "  - replace the guesses marked \"edit:\" in {TEAM_FILE}:\n"
    ));
    for p in &file.placeholders {
        if p.value.contains('<') {
            out.push_str(&format!(
                "      {} {}: {} (now {})\n",
                p.section, p.key, p.what, p.value
            ));
        } else {
            out.push_str(&format!(
                "      {} {} = \"{}\": {}\n",
                p.section, p.key, p.value, p.what
            ));
        }
    }
    out.push_str(
        "  - {user} is each developer's git user.email (its local part) unless their personal config.toml sets `user` (`storyboard check` says which)\n",
    );
    out.push_str(&format!(
        "  - run `storyboard check` again, then commit {TEAM_FILE}\n"
    ));
    out
}
