//! `storyboard story ...`: thin over `storyboard::story`.

use std::io::Write;
use std::process::ExitCode;

use storyboard::story::{
    Published, Pushed, Resolve, Step, StoryError, StoryStatus, SyncOutcome, Workspace,
};

use crate::Failure;

#[derive(Debug, clap::Subcommand)]
pub enum StoryCommand {
    /// Make a story from the latest main, in its own worktree, and switch to it.
    New {
        /// The tracker's key, for example ABC-123.
        key: String,
        /// A few words naming the story; they become the branch's slug.
        slug: Vec<String>,
    },
    /// Every story: against main, uncommitted work, your environment, the remote.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Sync the current story back from your environment, then publish NAME to it.
    Switch {
        /// The story's key, slug or branch.
        name: String,
    },
    /// Render a story (default: the current one) for your environment and push it.
    Publish { name: Option<String> },
    /// Replay edits made in your environment (in Looker) on the story deployed there.
    Sync {
        /// Go on after resolving the conflicts a sync stopped at.
        #[arg(long = "continue", conflicts_with = "abort")]
        continue_: bool,
        /// Give up a sync stopped at a conflict, putting the files back.
        #[arg(long)]
        abort: bool,
        /// Set the edits made in your environment aside (kept under
        /// refs/storyboard/backup/) and publish the story over them: when
        /// Looker's latest state cannot be brought back.
        #[arg(long, conflicts_with_all = ["continue_", "abort"])]
        drop_looker_edits: bool,
    },
    /// Push a story (default: the current one) and prepare its pull request.
    Pr { name: Option<String> },
    /// Remove a merged story's worktree and branch. Files git ignores in the
    /// worktree (a local `.env`, notes) move to `.git/storyboard/kept/`.
    Finish {
        name: String,
        /// Also when unmerged or with uncommitted work: a backup ref keeps the story and
        /// its uncommitted work first.
        #[arg(long)]
        force: bool,
    },
    /// Print the project directory in a story's worktree.
    Path { name: String },
    /// Fetch main and every environment.
    Fetch,
}

/// A story operation's refusal is the user's to act on: exit 2 with its message.
pub fn input(e: StoryError) -> Failure {
    Failure::Input(format!("error: {e}"))
}

pub fn quiet(step: Step) {
    tracing::debug!(done = step.done, total = step.total, "{}", step.what);
}

/// Like [`quiet`], with the output of the commands storyboard runs (the
/// companions' deploys) on stderr as it comes: stdout stays the report.
pub fn stream(step: Step) {
    if step.output {
        eprintln!("{}", step.what);
    } else {
        quiet(step);
    }
}

pub fn run(ws: &Workspace, command: &StoryCommand) -> Result<ExitCode, Failure> {
    let mut out = std::io::stdout().lock();
    match command {
        StoryCommand::New { key, slug } => {
            let slug = slug.join(" ");
            let made = ws
                .new_story(key, (!slug.is_empty()).then_some(slug.as_str()), &quiet)
                .map_err(input)?;
            write!(out, "{made}")?;
        }
        StoryCommand::List { json } => {
            let stories = ws.list().map_err(input)?;
            if *json {
                writeln!(out, "{}", serde_json::to_string_pretty(&stories)?)?;
            } else if stories.is_empty() {
                writeln!(
                    out,
                    "no stories yet: `storyboard story new KEY SLUG` makes one"
                )?;
            } else {
                for s in &stories {
                    writeln!(out, "{}", list_line(s))?;
                }
            }
        }
        StoryCommand::Switch { name } => {
            write!(out, "{}", ws.switch(name, &quiet).map_err(input)?)?;
        }
        StoryCommand::Publish { name } => match ws.publish(name.as_deref(), &quiet) {
            Ok(report) => {
                write!(out, "{report}")?;
                let code = crate::cli::pipeline::looker_exit(Some(&report));
                if code != ExitCode::SUCCESS {
                    return Ok(code);
                }
            }
            // The operation found a problem (edits not synced, a render the
            // leak guard refuses): exit 1, as `check` does.
            Err(e @ (StoryError::Refused { .. } | StoryError::Render { .. })) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(1));
            }
            Err(e) => return Err(input(e)),
        },
        StoryCommand::Sync {
            continue_,
            abort,
            drop_looker_edits,
        } => {
            let resolve = match (continue_, abort, drop_looker_edits) {
                (true, _, _) => Resolve::Continue,
                (_, true, _) => Resolve::Abort,
                (_, _, true) => Resolve::DropLookerEdits,
                _ => Resolve::Start,
            };
            let outcome = ws.sync(resolve, &quiet).map_err(input)?;
            write!(out, "{outcome}")?;
            if let SyncOutcome::Conflicts { .. } = outcome {
                return Ok(ExitCode::from(1));
            }
        }
        StoryCommand::Pr { name } => {
            let report = ws.pr(name.as_deref(), &quiet).map_err(input)?;
            write!(out, "{report}")?;
            // A companion's branch not pushed is half a pull request: said
            // again where scripts look, and in the exit code.
            let failures = report.failures();
            for f in &failures {
                eprintln!("error: {f}");
            }
            if !failures.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
        StoryCommand::Finish { name, force } => {
            write!(out, "{}", ws.finish(name, *force, &quiet).map_err(input)?)?;
        }
        StoryCommand::Path { name } => {
            writeln!(out, "{}", ws.path(name).map_err(input)?.display())?;
        }
        StoryCommand::Fetch => {
            let failures = ws.fetch(&quiet).map_err(input)?;
            for f in &failures {
                eprintln!("error: {f}");
            }
            if !failures.is_empty() {
                return Ok(ExitCode::from(1));
            }
            writeln!(
                out,
                "fetched {} and every environment",
                ws.config.project.main
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list_line(s: &StoryStatus) -> String {
    let mut parts = vec![format!(
        "{} {}",
        if s.current { "*" } else { " " },
        s.branch
    )];
    parts.push(format!("+{} -{}", s.ahead, s.behind));
    if s.uncommitted > 0 {
        parts.push(format!("{} uncommitted", s.uncommitted));
    }
    match s.published {
        Published::Yes => parts.push("published".into()),
        Published::Stale => parts.push("published (older commit)".into()),
        Published::No => {}
    }
    if s.unsynced > 0 {
        parts.push(format!("{} unsynced", s.unsynced));
    }
    match s.pushed {
        Pushed::Yes => parts.push("pushed".into()),
        Pushed::Ahead(n) => parts.push(format!("{n} to push")),
        Pushed::No => {}
    }
    if s.merged {
        parts.push("merged".into());
    }
    for (name, c) in &s.companions {
        let mut what = vec![format!("{name}:")];
        if !c.cloned {
            what.push("not cloned".into());
        } else if !c.branch {
            what.push("no branch".into());
        } else {
            what.push(format!("+{}", c.ahead));
            if c.uncommitted > 0 {
                what.push(format!("{} uncommitted", c.uncommitted));
            }
            match c.pushed {
                Pushed::Yes => what.push("pushed".into()),
                Pushed::Ahead(n) => what.push(format!("{n} to push")),
                Pushed::No => {}
            }
            if c.merged {
                what.push("merged".into());
            }
        }
        parts.push(what.join(" "));
    }
    parts.push(format!("{} {}", s.last_commit.id, s.last_commit.summary));
    parts.join("  ")
}
