//! `storyboard status`, `promote`, `release cut`, `release notes`, `accept`,
//! `reject`, `rollback`, `unhold` and `history`: thin over
//! `storyboard::pipeline`. Every write is planned and shown first, and asked
//! for: on a terminal it asks; elsewhere it needs `--yes`.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use storyboard::story::Workspace;

use crate::Failure;
use crate::cli::story::{input, quiet, stream};

/// How a write shown first goes ahead: asked on a terminal, or not.
#[derive(Debug, clap::Args)]
pub struct WriteFlags {
    /// Do not ask: go ahead after showing what will be written.
    #[arg(long, conflicts_with = "dry_run")]
    yes: bool,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// What will be written (and what was) as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The board as JSON: environments in pipeline order and stories.
    #[arg(long)]
    json: bool,
    /// Fetch main, the releases and every environment first.
    #[arg(long)]
    fetch: bool,
}

#[derive(Debug, clap::Args)]
pub struct PromoteArgs {
    /// The stage to promote.
    env: String,
    /// Deploy this instead of what the stage takes next: a release, a story, a
    /// branch, a tag or a commit.
    #[arg(long = "ref", value_name = "REV")]
    reference: Option<String>,
    #[command(flatten)]
    write: WriteFlags,
}

#[derive(Debug, clap::Subcommand)]
pub enum ReleaseCommand {
    /// The stories a release brings, with their diffs and sign-offs.
    Notes {
        /// The release (default: the newest).
        name: Option<String>,
        /// `text` for the terminal, `markdown` to paste into a ticket, `json` for tools.
        #[arg(long, value_enum, default_value_t = NotesFormat::Text)]
        format: NotesFormat,
    },
    /// Cut a release branch (by default from what the first stage holds) and push it.
    Cut {
        /// The branch to make (default: by `release_branch`, `release/{date}`).
        name: Option<String>,
        /// Cut from this revision instead.
        #[arg(long, value_name = "REV")]
        from: Option<String>,
        #[command(flatten)]
        write: WriteFlags,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum NotesFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct AcceptArgs {
    /// The story (its key).
    story: String,
    /// The stage it was tested on, as deployed there now.
    #[arg(long = "on", value_name = "ENV")]
    env: String,
    /// What was tested, for the record.
    #[arg(long, short = 'm')]
    message: Option<String>,
    #[command(flatten)]
    write: WriteFlags,
}

#[derive(Debug, clap::Args)]
pub struct RejectArgs {
    /// The story (its key).
    story: String,
    /// The stage it was tested on, as deployed there now.
    #[arg(long = "on", value_name = "ENV")]
    env: String,
    /// What failed: the story's author and the next tester read it.
    #[arg(long, short = 'm')]
    message: String,
    #[command(flatten)]
    write: WriteFlags,
}

#[derive(Debug, clap::Args)]
pub struct RollbackArgs {
    /// The story (its key).
    story: String,
    /// The stage to take it out of.
    #[arg(long = "from", value_name = "ENV")]
    env: String,
    /// Why, for the revert commit, the hold and the history.
    #[arg(long, short = 'm')]
    message: Option<String>,
    #[command(flatten)]
    write: WriteFlags,
    /// Go on after resolving the conflicts a rollback stopped at.
    #[arg(long = "continue", conflicts_with = "abort")]
    continue_: bool,
    /// Give up a rollback stopped at a conflict.
    #[arg(long)]
    abort: bool,
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// The environment.
    env: String,
    /// How many deployments to show.
    #[arg(short = 'n', default_value_t = 20)]
    count: usize,
    #[arg(long)]
    json: bool,
    /// Fetch the environment first.
    #[arg(long)]
    fetch: bool,
}

/// Whether to go on with a write the user has just seen planned.
enum Go {
    Yes,
    /// `--dry-run`, or the user said no: nothing written.
    No,
}

/// Asks on a terminal; refuses without one unless `--yes`.
fn confirm(question: &str, flags: &WriteFlags) -> Result<Go, Failure> {
    let WriteFlags { yes, dry_run, json } = *flags;
    if dry_run {
        return Ok(Go::No);
    }
    if yes {
        return Ok(Go::Yes);
    }
    if json || !std::io::stdin().is_terminal() {
        return Err(Failure::Input(format!(
            "error: {question}: not asked, since there is no terminal to answer on\n  = help: add --yes to go ahead without asking, or --dry-run to see the plan only"
        )));
    }
    let mut err = std::io::stderr().lock();
    write!(err, "{question}? [y/N] ")?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(match answer.trim() {
        "y" | "Y" | "yes" | "Yes" | "YES" => Go::Yes,
        _ => Go::No,
    })
}

fn color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stdout().is_terminal()
}

/// A write shown before it is made: the question, the answers `--yes` and
/// `--dry-run` give, and how the plan reads as JSON.
struct Asked<'a> {
    question: String,
    flags: &'a WriteFlags,
    plan_json: &'a serde_json::Value,
    /// The JSON key of what was done (`promoted`, `rolled_back`).
    done_key: &'a str,
}

/// The one way every planned write ends, its plan already printed: asked
/// (or not), then done and reported as text or JSON, or left unwritten.
fn ask_then<R: serde::Serialize + std::fmt::Display>(
    out: &mut impl Write,
    asked: Asked<'_>,
    run: impl FnOnce() -> Result<R, Failure>,
    exit: impl Fn(&R) -> ExitCode,
) -> Result<ExitCode, Failure> {
    let print_plan = |out: &mut dyn Write| -> Result<(), Failure> {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "plan": asked.plan_json }))?
        )?;
        Ok(())
    };
    let json = asked.flags.json;
    let go = match confirm(&asked.question, asked.flags) {
        Ok(go) => go,
        Err(e) => {
            if json {
                print_plan(out)?;
            }
            return Err(e);
        }
    };
    match go {
        Go::No => {
            if json {
                print_plan(out)?;
            } else {
                writeln!(out, "nothing was written")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Go::Yes => {
            let done = run()?;
            if json {
                let mut value = serde_json::json!({ "plan": asked.plan_json });
                value[asked.done_key] = serde_json::to_value(&done)?;
                writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
            } else {
                write!(out, "{done}")?;
            }
            Ok(exit(&done))
        }
    }
}

pub fn status(ws: &Workspace, args: &StatusArgs) -> Result<ExitCode, Failure> {
    if args.fetch {
        for f in ws.fetch(&quiet).map_err(input)? {
            eprintln!("warning: {f}");
        }
    }
    let board = ws.board(&quiet).map_err(input)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&board)?)?;
    } else {
        write!(out, "{board}")?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn promote(ws: &Workspace, args: &PromoteArgs) -> Result<ExitCode, Failure> {
    let plan = ws
        .plan_promotion(&args.env, args.reference.as_deref(), &stream)
        .map_err(input)?;
    let mut out = std::io::stdout().lock();
    if !args.write.json {
        write!(out, "{}", plan.text(color()))?;
        out.flush()?;
    }
    if plan.holds_already() && !plan.looker_behind {
        if args.write.json {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({ "plan": plan.json() }))?
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let plan_json = plan.json();
    ask_then(
        &mut out,
        Asked {
            question: format!("promote {} to {}", plan.source.label(), plan.environment),
            flags: &args.write,
            plan_json: &plan_json,
            done_key: "promoted",
        },
        || ws.promote(&plan, &stream).map_err(input),
        |report| looker_exit(report.deployed.as_ref()),
    )
}

pub fn release(ws: &Workspace, command: &ReleaseCommand) -> Result<ExitCode, Failure> {
    let (name, from, write) = match command {
        ReleaseCommand::Notes { name, format } => return notes(ws, name.as_deref(), *format),
        ReleaseCommand::Cut { name, from, write } => (name, from, write),
    };
    let json = &write.json;
    let plan = ws
        .plan_release(name.as_deref(), from.as_deref(), &quiet)
        .map_err(input)?;
    let mut out = std::io::stdout().lock();
    for r in &plan.resumed {
        eprintln!("{r}");
    }
    let completed = plan.resumed.iter().any(|r| {
        matches!(
            r,
            storyboard::pipeline::release::ResumedCut::Completed { .. }
        )
    });
    if !json {
        write!(out, "{plan}")?;
        out.flush()?;
    }
    if plan.already.is_some() && !completed {
        if *json {
            writeln!(out, "{}", serde_json::to_string_pretty(&plan)?)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let go = if completed {
        Go::Yes
    } else {
        confirm(&format!("cut {}", plan.name), write)?
    };
    match go {
        Go::No => {
            if *json {
                writeln!(out, "{}", serde_json::to_string_pretty(&plan)?)?;
            } else {
                writeln!(out, "nothing was written")?;
            }
        }
        Go::Yes => {
            let cut = ws.cut_release(plan, &stream).map_err(input)?;
            if *json {
                writeln!(out, "{}", serde_json::to_string_pretty(&cut)?)?;
            } else {
                writeln!(
                    out,
                    "cut {} at {} and pushed it to {}",
                    cut.plan.name,
                    cut.plan.commit.short(),
                    cut.remote
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn notes(ws: &Workspace, name: Option<&str>, format: NotesFormat) -> Result<ExitCode, Failure> {
    let notes = ws.release_notes(name).map_err(input)?;
    if let Some(w) = &notes.warning {
        eprintln!("warning: {w}");
    }
    let mut out = std::io::stdout().lock();
    match format {
        NotesFormat::Text => write!(out, "{}", notes.text(color()))?,
        NotesFormat::Markdown => write!(out, "{}", notes.markdown())?,
        NotesFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&notes)?)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn accept(ws: &Workspace, args: &AcceptArgs) -> Result<ExitCode, Failure> {
    let plan = ws
        .plan_accept(&args.story, &args.env, args.message.as_deref())
        .map_err(input)?;
    sign_off(ws, plan, &args.write)
}

pub fn reject(ws: &Workspace, args: &RejectArgs) -> Result<ExitCode, Failure> {
    let plan = ws
        .plan_reject(&args.story, &args.env, &args.message)
        .map_err(input)?;
    sign_off(ws, plan, &args.write)
}

/// A sign-off shown, asked for, and recorded on the team remote.
fn sign_off(
    ws: &Workspace,
    plan: storyboard::pipeline::SignOffPlan,
    write: &WriteFlags,
) -> Result<ExitCode, Failure> {
    let mut out = std::io::stdout().lock();
    if !write.json {
        write!(out, "{plan}")?;
        out.flush()?;
    }
    let plan_json = serde_json::to_value(&plan)?;
    if plan.already {
        if write.json {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({ "plan": plan_json }))?
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    ask_then(
        &mut out,
        Asked {
            question: format!(
                "record on the team remote that {} is {} on {}",
                plan.key,
                plan.verdict.word(),
                plan.environment
            ),
            flags: write,
            plan_json: &plan_json,
            done_key: "signed_off",
        },
        || ws.sign_off(&plan).map_err(input),
        |_| ExitCode::SUCCESS,
    )
}

pub fn history(ws: &Workspace, args: &HistoryArgs) -> Result<ExitCode, Failure> {
    if args.fetch {
        for f in ws.fetch(&quiet).map_err(input)? {
            eprintln!("warning: {f}");
        }
    }
    let entries = ws.history(&args.env, args.count).map_err(input)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&entries)?)?;
    } else if entries.is_empty() {
        writeln!(
            out,
            "no deployment to {} is known here; `storyboard story fetch` brings its branch",
            args.env
        )?;
    } else {
        for e in &entries {
            write!(out, "{e}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn rollback(ws: &Workspace, args: &RollbackArgs) -> Result<ExitCode, Failure> {
    use storyboard::pipeline::RollbackPlan;
    use storyboard::story::Resolve;
    let resolve = match (args.continue_, args.abort) {
        (true, _) => Resolve::Continue,
        (_, true) => Resolve::Abort,
        _ => Resolve::Start,
    };
    let plan = ws
        .plan_rollback(
            &args.story,
            &args.env,
            args.message.as_deref(),
            resolve,
            &quiet,
        )
        .map_err(input)?;
    let mut out = std::io::stdout().lock();
    if let Some(stopped) = plan.stopped() {
        write!(out, "{stopped}")?;
        let conflicts = matches!(plan, RollbackPlan::Conflicts { .. });
        return Ok(ExitCode::from(u8::from(conflicts)));
    }
    let RollbackPlan::Ready(ready) = plan else {
        return Ok(ExitCode::from(1));
    };
    if !args.write.json {
        write!(out, "{}", ready.text(color()))?;
        out.flush()?;
    }
    let plan_json = ready.json();
    ask_then(
        &mut out,
        Asked {
            question: format!(
                "roll back {} from {} (a commit on {})",
                ready.key, ready.environment, ready.branch
            ),
            flags: &args.write,
            plan_json: &plan_json,
            done_key: "rolled_back",
        },
        || ws.rollback(&ready, &stream).map_err(input),
        |report| looker_exit(report.promoted.deployed.as_ref()),
    )
}

#[derive(Debug, clap::Args)]
pub struct UnholdArgs {
    /// The story's key.
    story: String,
    #[command(flatten)]
    write: WriteFlags,
}

pub fn unhold(ws: &Workspace, args: &UnholdArgs) -> Result<ExitCode, Failure> {
    let hold = ws.held(&args.story).map_err(input)?;
    let mut out = std::io::stdout().lock();
    if !args.write.json {
        writeln!(out, "lift the hold: {hold}")?;
        out.flush()?;
    }
    let plan_json = serde_json::to_value(&hold)?;
    ask_then(
        &mut out,
        Asked {
            question: format!("lift the hold on {} on the team remote", hold.key),
            flags: &args.write,
            plan_json: &plan_json,
            done_key: "unheld",
        },
        || ws.unhold(&hold.key).map_err(input),
        |_| ExitCode::SUCCESS,
    )
}

/// Exit 1 when the push stands but Looker did not deploy it: the operation
/// found a problem, and running it again retries Looker only.
pub fn looker_exit(report: Option<&storyboard::deploy::DeployReport>) -> ExitCode {
    match report.and_then(|r| r.looker.as_ref()) {
        Some(storyboard::deploy::LookerStep::Failed { .. }) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}
