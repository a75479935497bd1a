//! The [`Backend`] the terminal UI runs on: the story library, over one workspace.
//! Each call opens its own repository (git2 repositories stay on one thread); the
//! parse cache is shared, so a story's diff re-parses only the files that changed.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::backend::{
    Backend, BackendError, Board, BranchRow, Choice, Done, EnvironmentRow, Operation, Preview,
    Progress, StoryRow,
};
use super::keys::Action;
use crate::pipeline::{PromotionPlan, ReadyRollback, ReleasePlan, RollbackPlan, SignOffPlan};
use crate::semdiff::{Diff, ParseCache};
use crate::story::{self, Resolve, Step, SyncOutcome, Workspace};

pub struct StoryBackend {
    workspace: Workspace,
    cache: Mutex<ParseCache>,
    /// Plans previewed and not yet confirmed, by the token their choice carries:
    /// a confirmation runs exactly the plan the user read.
    plans: Mutex<Plans>,
}

#[derive(Default)]
struct Plans {
    next: u64,
    by_token: BTreeMap<String, Planned>,
}

enum Planned {
    Promotion(Box<PromotionPlan>),
    Release(Box<ReleasePlan>),
    Rollback(Box<ReadyRollback>),
    SignOff(Box<SignOffPlan>),
}

impl StoryBackend {
    pub fn new(workspace: Workspace) -> StoryBackend {
        StoryBackend {
            workspace,
            cache: Mutex::new(ParseCache::new()),
            plans: Mutex::new(Plans::default()),
        }
    }

    fn keep(&self, planned: Planned) -> Result<String, BackendError> {
        let mut plans = self.plans.lock().map_err(|_| poisoned())?;
        plans.next += 1;
        let token = format!("plan-{}", plans.next);
        // One plan is shown at a time: an older one was cancelled or dropped.
        plans.by_token.clear();
        plans.by_token.insert(token.clone(), planned);
        Ok(token)
    }

    fn take(&self, token: &str) -> Result<Planned, BackendError> {
        let mut plans = self.plans.lock().map_err(|_| poisoned())?;
        plans.by_token.remove(token).ok_or_else(|| {
            BackendError::new("that plan was already used or is gone: ask for it again")
        })
    }
}

fn poisoned() -> BackendError {
    BackendError::new("an earlier operation failed halfway; restart storyboard")
}

fn failed(e: story::StoryError) -> BackendError {
    BackendError::new(e.to_string())
}

/// The library's steps as the UI's progress.
fn steps(progress: &dyn Fn(Progress)) -> impl Fn(Step) + '_ {
    move |step: Step| {
        progress(Progress {
            done: step.done,
            total: Some(step.total),
        })
    }
}

impl Backend for StoryBackend {
    fn load_stories(&self, _progress: &dyn Fn(Progress)) -> Result<Vec<StoryRow>, BackendError> {
        let mut stories = self.workspace.list().map_err(failed)?;
        // The UI watches where the project's files change: the project directory
        // inside each worktree.
        for s in &mut stories {
            s.worktree = s.worktree.take().map(|w| self.workspace.project_dir(&w));
        }
        Ok(stories)
    }

    fn load_branches(&self, _progress: &dyn Fn(Progress)) -> Result<Vec<BranchRow>, BackendError> {
        self.workspace.branches().map_err(failed)
    }

    fn load_environments(
        &self,
        _progress: &dyn Fn(Progress),
    ) -> Result<Vec<EnvironmentRow>, BackendError> {
        self.workspace.environments().map_err(failed)
    }

    fn story_diff(&self, story: &str, _progress: &dyn Fn(Progress)) -> Result<Diff, BackendError> {
        let mut cache = self
            .cache
            .lock()
            .map_err(|_| BackendError::new("the parse cache was poisoned by an earlier failure"))?;
        self.workspace
            .story_diff_with(story, &mut cache)
            .map_err(failed)
    }

    fn load_board(&self, progress: &dyn Fn(Progress)) -> Result<Board, BackendError> {
        self.workspace.board(&steps(progress)).map_err(failed)
    }

    fn preview(
        &self,
        request: &Operation,
        progress: &dyn Fn(Progress),
    ) -> Result<Preview, BackendError> {
        let steps = steps(progress);
        match request.action {
            Action::Promote => {
                let env = request.arg(0);
                let plan = self
                    .workspace
                    .plan_promotion(env, None, &steps)
                    .map_err(failed)?;
                let text = plan.text(false);
                let title = format!("Promote {} to {env}", plan.source.label());
                if plan.holds_already() && !plan.looker_behind {
                    return Ok(Preview {
                        title,
                        text,
                        choices: Vec::new(),
                    });
                }
                let token = self.keep(Planned::Promotion(Box::new(plan)))?;
                Ok(Preview {
                    title,
                    text,
                    choices: vec![Choice::new('y', "promote", Action::Promote, &[env, &token])],
                })
            }
            Action::ReleaseCut => {
                let plan = self
                    .workspace
                    .plan_release(None, None, &steps)
                    .map_err(failed)?;
                let mut text: String = plan.resumed.iter().map(|r| format!("{r}\n")).collect();
                text.push_str(&plan.to_string());
                let title = format!("Cut {}", plan.name);
                if plan.already.is_some() {
                    return Ok(Preview {
                        title,
                        text,
                        choices: Vec::new(),
                    });
                }
                let name = plan.name.clone();
                let token = self.keep(Planned::Release(Box::new(plan)))?;
                Ok(Preview {
                    title,
                    text,
                    choices: vec![Choice::new(
                        'y',
                        "cut and push it",
                        Action::ReleaseCut,
                        &[&name, &token],
                    )],
                })
            }
            Action::Rollback => {
                let (key, env) = (request.arg(0), request.arg(1));
                let resolve = match request.arg(2) {
                    "continue" => Resolve::Continue,
                    "abort" => Resolve::Abort,
                    _ => Resolve::Start,
                };
                let plan = self
                    .workspace
                    .plan_rollback(key, env, None, resolve, &steps)
                    .map_err(failed)?;
                let title = format!("Roll {key} back from {env}");
                if let Some(stopped) = plan.stopped() {
                    let choices = match plan {
                        RollbackPlan::Conflicts { .. } => [
                            ('c', "continue with the resolved files", "continue"),
                            ('a', "abort: put back what the markers replaced", "abort"),
                        ]
                        .into_iter()
                        .map(|(k, label, how)| Choice {
                            previews: true,
                            ..Choice::new(k, label, Action::Rollback, &[key, env, how])
                        })
                        .collect(),
                        _ => Vec::new(),
                    };
                    return Ok(Preview {
                        title,
                        text: stopped,
                        choices,
                    });
                }
                let RollbackPlan::Ready(ready) = plan else {
                    return Err(BackendError::new("the rollback stopped without a plan"));
                };
                let text = ready.text(false);
                let token = self.keep(Planned::Rollback(ready))?;
                Ok(Preview {
                    title,
                    text,
                    choices: vec![Choice::new(
                        'y',
                        "roll back",
                        Action::Rollback,
                        &[key, &token],
                    )],
                })
            }
            Action::Accept | Action::Reject => {
                let (key, env) = (request.arg(0), request.arg(1));
                let plan = if request.action == Action::Accept {
                    self.workspace.plan_accept(key, env, None)
                } else {
                    self.workspace.plan_reject(key, env, request.arg(2))
                }
                .map_err(failed)?;
                let word = if request.action == Action::Accept {
                    "Accept"
                } else {
                    "Reject"
                };
                let title = format!("{word} {key} on {env}");
                let text = plan.to_string();
                if plan.already {
                    return Ok(Preview {
                        title,
                        text,
                        choices: Vec::new(),
                    });
                }
                let label = if request.action == Action::Accept {
                    "record the acceptance"
                } else {
                    "record the rejection"
                };
                let token = self.keep(Planned::SignOff(Box::new(plan)))?;
                Ok(Preview {
                    title,
                    text,
                    choices: vec![Choice::new('y', label, request.action, &[key, &token])],
                })
            }
            Action::History => {
                let env = request.arg(0);
                let entries = self.workspace.history(env, 50).map_err(failed)?;
                let text = if entries.is_empty() {
                    format!("no deployment to {env} is known here; `f` fetches its branch\n")
                } else {
                    entries.iter().map(ToString::to_string).collect()
                };
                Ok(Preview {
                    title: format!("History of {env}"),
                    text,
                    choices: Vec::new(),
                })
            }
            other => Err(BackendError::new(format!(
                "`{}` has nothing to show before it runs",
                other.name()
            ))),
        }
    }

    fn run(&self, op: &Operation, progress: &dyn Fn(Progress)) -> Done {
        match op.action {
            Action::Switch => self.switch(op.arg(0), progress),
            Action::Publish => self.publish(op.arg(0), progress),
            Action::Sync => self.sync(op.arg(0), progress),
            Action::Promote => match self.take(op.arg(1))? {
                Planned::Promotion(plan) => {
                    let report = self
                        .workspace
                        .promote(&plan, &steps(progress))
                        .map_err(failed)?;
                    Ok(one_line(&report))
                }
                _ => Err(not_this_plan()),
            },
            Action::ReleaseCut => match self.take(op.arg(1))? {
                Planned::Release(plan) => {
                    let cut = self
                        .workspace
                        .cut_release(*plan, &steps(progress))
                        .map_err(failed)?;
                    Ok(format!(
                        "cut {} at {} and pushed it to {}",
                        cut.plan.name,
                        cut.plan.commit.short(),
                        cut.remote
                    ))
                }
                _ => Err(not_this_plan()),
            },
            Action::Accept | Action::Reject => match self.take(op.arg(1))? {
                Planned::SignOff(plan) => {
                    let report = self.workspace.sign_off(&plan).map_err(failed)?;
                    Ok(one_line(&report))
                }
                _ => Err(not_this_plan()),
            },
            Action::Rollback => match self.take(op.arg(1))? {
                Planned::Rollback(plan) => {
                    let report = self
                        .workspace
                        .rollback(&plan, &steps(progress))
                        .map_err(failed)?;
                    Ok(one_line(&report))
                }
                _ => Err(not_this_plan()),
            },
            Action::Fetch => self.fetch(progress),
            Action::NewStory => self.new_story(op.arg(0), op.arg(1), progress),
            Action::PullRequest => {
                let pr = self
                    .workspace
                    .pr(Some(op.arg(0)), &steps(progress))
                    .map_err(failed)?;
                // The report's lines name each companion not pushed.
                if pr.failures().is_empty() {
                    Ok(one_line(&pr))
                } else {
                    Err(BackendError::new(one_line(&pr)))
                }
            }
            other => Err(BackendError::new(format!(
                "`{}` is not an operation",
                other.name()
            ))),
        }
    }
}

impl StoryBackend {
    fn switch(&self, story: &str, progress: &dyn Fn(Progress)) -> Done {
        let report = self
            .workspace
            .switch(story, &steps(progress))
            .map_err(failed)?;
        publish_waits(&report, &report)?;
        Ok(one_line(&report))
    }

    fn publish(&self, story: &str, progress: &dyn Fn(Progress)) -> Done {
        let report = self
            .workspace
            .publish(Some(story), &steps(progress))
            .map_err(failed)?;
        Ok(one_line(&report))
    }

    fn sync(&self, how: &str, progress: &dyn Fn(Progress)) -> Done {
        let resolve = match how {
            "continue" => Resolve::Continue,
            "abort" => Resolve::Abort,
            _ => Resolve::Start,
        };
        match self
            .workspace
            .sync(resolve, &steps(progress))
            .map_err(failed)?
        {
            SyncOutcome::Done(report) => Ok(one_line(&report)),
            stopped => Err(BackendError::new(stopped.to_string().trim_end())),
        }
    }

    fn fetch(&self, progress: &dyn Fn(Progress)) -> Done {
        let failures = self.workspace.fetch(&steps(progress)).map_err(failed)?;
        if failures.is_empty() {
            Ok(format!(
                "fetched {} and every environment",
                self.workspace.config.project.main
            ))
        } else {
            Err(BackendError::new(failures.join("\n\n")))
        }
    }

    fn new_story(&self, key: &str, slug: &str, progress: &dyn Fn(Progress)) -> Done {
        let slug = (!slug.trim().is_empty()).then_some(slug);
        let made = self
            .workspace
            .new_story(key, slug, &steps(progress))
            .map_err(failed)?;
        publish_waits(&made.switched, &made)?;
        Ok(one_line(&made))
    }
}

fn not_this_plan() -> BackendError {
    BackendError::new("that plan is for another operation: ask for it again")
}

/// A report's text on one status line: its main lines (not the indented
/// details under them), joined.
fn one_line(report: &impl std::fmt::Display) -> String {
    report
        .to_string()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with([' ', '\t']))
        .map(|l| l.trim_end_matches(':'))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A switch that could not publish because files do not parse: done, but the
/// user must see why the environment still holds the old story, so the whole
/// report opens as a popup.
fn publish_waits(
    report: &story::SwitchReport,
    whole: &impl std::fmt::Display,
) -> Result<(), BackendError> {
    match report.publish_waits {
        None => Ok(()),
        Some(_) => Err(BackendError::new(whole.to_string().trim_end())),
    }
}
