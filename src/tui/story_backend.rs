//! The [`Backend`] the terminal UI runs on: the story library, over one workspace.
//! Each call opens its own repository (git2 repositories stay on one thread); the
//! parse cache is shared, so a story's diff re-parses only the files that changed.

use std::sync::Mutex;

use super::backend::{
    Backend, BackendError, BranchRow, Done, EnvironmentRow, Operation, Progress, StoryRow,
};
use super::keys::Action;
use crate::semdiff::{Diff, ParseCache};
use crate::story::{self, Resolve, Step, SyncOutcome, Workspace};

pub struct StoryBackend {
    workspace: Workspace,
    cache: Mutex<ParseCache>,
}

impl StoryBackend {
    pub fn new(workspace: Workspace) -> StoryBackend {
        StoryBackend {
            workspace,
            cache: Mutex::new(ParseCache::new()),
        }
    }
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

    fn run(&self, op: &Operation, progress: &dyn Fn(Progress)) -> Done {
        match op.action {
            Action::Switch => self.switch(op.arg(0), progress),
            Action::Publish => self.publish(op.arg(0), progress),
            Action::Sync => self.sync(progress),
            Action::Fetch => self.fetch(progress),
            Action::NewStory => self.new_story(op.arg(0), op.arg(1), progress),
            Action::PullRequest => {
                let pr = self
                    .workspace
                    .pr(Some(op.arg(0)), &steps(progress))
                    .map_err(failed)?;
                Ok(one_line(&pr))
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

    fn sync(&self, progress: &dyn Fn(Progress)) -> Done {
        match self
            .workspace
            .sync(Resolve::Start, &steps(progress))
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
