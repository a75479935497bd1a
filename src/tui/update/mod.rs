//! How the state answers an event: the only place the UI's behaviour is decided.
//!
//! [`update`] is pure: it changes the [`App`] and returns the [`Effect`]s the runner
//! must carry out (git work, watching files, quitting), as plain data. So every key,
//! click and result can be tested without a terminal or a repository, and the
//! runner stays a thin loop.

use std::path::PathBuf;

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::backend::{
    BackendError, Board, BranchRow, Done, EnvironmentRow, Operation, Preview, Progress, StoryRow,
};
use super::keys::{Action, Runs};
use super::layout::{areas, inner_height, list_offset};
use super::state::{
    App, DiffPane, ErrorPopup, Finder, FormField, Job, JobId, JobKind, NewStoryForm, Overlay, Pane,
    Rows,
};
use crate::semdiff::Diff;
use crate::semdiff::render::text_with_anchors as diff_text;

mod diff;
mod pipeline;

/// Seconds a status message stays once nothing else happens.
const STATUS_SECONDS: i64 = 8;

/// Something that happened: input, time, or a background job reporting.
#[derive(Debug, Clone)]
pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Regular beat: moves the spinner and the clock.
    Tick {
        now: i64,
    },
    Progress {
        job: JobId,
        progress: Progress,
    },
    Stories {
        generation: u64,
        result: Result<Vec<StoryRow>, BackendError>,
    },
    Branches {
        generation: u64,
        result: Result<Vec<BranchRow>, BackendError>,
    },
    Environments {
        generation: u64,
        result: Result<Vec<EnvironmentRow>, BackendError>,
    },
    Diff {
        story: String,
        generation: u64,
        result: Result<Diff, BackendError>,
    },
    Board {
        generation: u64,
        result: Result<Board, BackendError>,
    },
    /// What an operation would do, asked for with [`Effect::Preview`].
    Preview {
        generation: u64,
        request: Operation,
        result: Result<Preview, BackendError>,
    },
    /// A job ended; data it loaded came before, in its own events.
    JobFinished {
        job: JobId,
        result: Done,
    },
    /// Files changed under the watched worktree (already debounced).
    FilesChanged {
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    Info,
    Warn,
    Error,
}

/// Work for the runner. Jobs carry the id their events must report under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Stories, branches, environments and the board, in that order.
    Load {
        job: JobId,
        generation: u64,
    },
    LoadDiff {
        job: JobId,
        story: String,
        generation: u64,
    },
    /// An operation (switch, publish, sync, fetch, new story, a plan confirmed).
    Run {
        job: JobId,
        operation: Operation,
    },
    /// The plan of a write, or a read shown whole, for a confirmation overlay.
    Preview {
        job: JobId,
        generation: u64,
        request: Operation,
    },
    /// Opens a file at a line in the user's editor, the terminal handed over
    /// until it exits.
    Edit {
        path: PathBuf,
        line: u32,
    },
    /// Watch this worktree (and stop watching the previous one), or none.
    Watch {
        worktree: Option<PathBuf>,
    },
    Quit,
    Log {
        level: LogLevel,
        message: String,
    },
}

impl Effect {
    /// The job an effect starts, if it is one (the rest the runner does itself).
    pub fn job(&self) -> Option<JobId> {
        match self {
            Effect::Load { job, .. }
            | Effect::LoadDiff { job, .. }
            | Effect::Run { job, .. }
            | Effect::Preview { job, .. } => Some(*job),
            Effect::Watch { .. } | Effect::Quit | Effect::Log { .. } | Effect::Edit { .. } => None,
        }
    }
}

/// The effects to run when the UI opens: the first load. The first frame is drawn
/// before they finish.
pub fn start(app: &mut App) -> Vec<Effect> {
    vec![load(app)]
}

pub fn update(app: &mut App, event: Event) -> Vec<Effect> {
    app.redraw |= match &event {
        Event::Tick { now } => *now != app.now || app.is_busy(),
        _ => true,
    };
    match event {
        Event::Key(key) => on_key(app, key),
        Event::Mouse(mouse) => on_mouse(app, mouse),
        Event::Resize(width, height) => {
            app.size = (width, height);
            Vec::new()
        }
        Event::Tick { now } => {
            app.now = now;
            if app.is_busy() {
                app.spinner_frame = app.spinner_frame.wrapping_add(1);
            } else if app.status.is_some() && now - app.status_at >= STATUS_SECONDS {
                // What the last operation said is old news once the user moves on.
                app.status = None;
                app.redraw = true;
            }
            Vec::new()
        }
        Event::Progress { job, progress } => {
            if let Some(j) = app.jobs.iter_mut().find(|j| j.id == job) {
                j.progress = progress;
            }
            Vec::new()
        }
        Event::Stories { generation, result } => {
            if generation != app.generation.workspace {
                return stale("stories", generation);
            }
            let previous = app.selected_story().map(|s| s.branch.clone());
            let first_load = app.stories.items.is_none();
            let mut effects = receive(
                &mut app.stories,
                result,
                "Cannot list the stories",
                &mut app.errors,
            );
            restore_story_selection(app, previous.as_deref(), first_load);
            effects.extend(story_selection_changed(app));
            effects
        }
        Event::Branches { generation, result } => {
            if generation != app.generation.workspace {
                return stale("branches", generation);
            }
            let previous = selected_name(app, Pane::Branches);
            let effects = receive(
                &mut app.branches,
                result,
                "Cannot list the branches",
                &mut app.errors,
            );
            reselect(app, Pane::Branches, previous.as_deref());
            effects
        }
        Event::Environments { generation, result } => {
            if generation != app.generation.workspace {
                return stale("environments", generation);
            }
            let previous = selected_name(app, Pane::Environments);
            let effects = receive(
                &mut app.environments,
                result,
                "Cannot read the environments",
                &mut app.errors,
            );
            reselect(app, Pane::Environments, previous.as_deref());
            effects
        }
        Event::Diff {
            story,
            generation,
            result,
        } => {
            if generation != app.generation.diff || app.diff.story.as_deref() != Some(&story) {
                return stale("diff", generation);
            }
            app.diff.loading = false;
            match result {
                Ok(diff) => {
                    let (text, anchors) = diff_text(&diff, false);
                    app.diff.lines = text.lines().map(str::to_string).collect();
                    app.diff.anchors = anchors;
                    app.diff.diff = Some(diff);
                    app.diff.error = None;
                    app.diff.scroll = app.diff.scroll.min(app.diff.lines.len().saturating_sub(1));
                    Vec::new()
                }
                Err(e) => {
                    app.diff.error = Some(e.message.clone());
                    fail(app, &format!("Cannot diff {story}"), &e)
                }
            }
        }
        Event::Board { generation, result } => pipeline::board_loaded(app, generation, result),
        Event::Preview {
            generation,
            request,
            result,
        } => pipeline::preview_ready(app, generation, request, result),
        Event::JobFinished { job, result } => finish_job(app, job, result),
        Event::FilesChanged { paths } => {
            let Some(watched) = app.watched.clone() else {
                return Vec::new();
            };
            if !paths.is_empty() && !paths.iter().any(|p| p.starts_with(&watched)) {
                return Vec::new();
            }
            // The lists show what changed too (the uncommitted count), not only
            // the diff; a load already running is followed by one more.
            let mut effects = Vec::new();
            if app.stories.loading {
                app.reload_pending = true;
            } else {
                effects.push(load(app));
            }
            if let Some(story) = app.selected_story().map(|s| s.branch.clone()) {
                effects.push(request_diff(app, story));
            }
            effects
        }
    }
}

fn stale(what: &str, generation: u64) -> Vec<Effect> {
    vec![Effect::Log {
        level: LogLevel::Info,
        message: format!("dropped {what} of generation {generation}: a newer request was made"),
    }]
}

/// Stores a list's rows, or its error (which also opens a popup).
fn receive<T>(
    rows: &mut Rows<T>,
    result: Result<Vec<T>, BackendError>,
    title: &str,
    errors: &mut Vec<ErrorPopup>,
) -> Vec<Effect> {
    rows.loading = false;
    match result {
        Ok(items) => {
            rows.items = Some(items);
            rows.error = None;
            Vec::new()
        }
        Err(e) => {
            rows.error = Some(e.message.clone());
            errors.push(ErrorPopup {
                title: title.to_string(),
                message: e.message.clone(),
            });
            vec![Effect::Log {
                level: LogLevel::Error,
                message: format!("{title}: {}", e.message),
            }]
        }
    }
}

pub(super) fn fail(app: &mut App, title: &str, error: &BackendError) -> Vec<Effect> {
    app.errors.push(ErrorPopup {
        title: title.to_string(),
        message: error.message.clone(),
    });
    vec![Effect::Log {
        level: LogLevel::Error,
        message: format!("{title}: {}", error.message),
    }]
}

pub(super) fn new_job(app: &mut App, kind: JobKind, label: String) -> JobId {
    let id = JobId(app.next_job);
    app.next_job += 1;
    app.jobs.push(Job {
        id,
        kind,
        label,
        progress: Progress::default(),
    });
    id
}

pub(super) fn load(app: &mut App) -> Effect {
    app.generation.workspace += 1;
    app.reload_pending = false;
    app.stories.loading = true;
    app.branches.loading = true;
    app.environments.loading = true;
    app.pipeline.loading = true;
    let job = new_job(app, JobKind::Data, "scanning stories…".to_string());
    Effect::Load {
        job,
        generation: app.generation.workspace,
    }
}

fn request_diff(app: &mut App, story: String) -> Effect {
    app.generation.diff += 1;
    app.diff.loading = true;
    let job = new_job(app, JobKind::Data, format!("diff of {story}"));
    Effect::LoadDiff {
        job,
        story,
        generation: app.generation.diff,
    }
}

/// The operation running, if one is: a key that would start another is
/// answered on the status line, never dropped silently.
pub(super) fn busy(app: &mut App) -> bool {
    // A plan being made holds the repository's lock as a write does.
    let Some(running) = app
        .jobs
        .iter()
        .find(|j| matches!(j.kind, JobKind::Operation | JobKind::Preview))
    else {
        return false;
    };
    let message = format!(
        "busy: {} is still running; press the key again once it is done",
        running.label
    );
    app.say(message);
    true
}

/// Git operations one at a time: two of them on one repository would race.
pub(super) fn run(app: &mut App, operation: Operation) -> Vec<Effect> {
    if busy(app) {
        return Vec::new();
    }
    let label = operation.action.running(&operation.args);
    let job = new_job(app, JobKind::Operation, label);
    vec![Effect::Run { job, operation }]
}

fn finish_job(app: &mut App, job: JobId, result: Done) -> Vec<Effect> {
    let Some(index) = app.jobs.iter().position(|j| j.id == job) else {
        return Vec::new();
    };
    let finished = app.jobs.remove(index);
    match result {
        Ok(message) => {
            let mut effects = Vec::new();
            if !message.is_empty() {
                app.say(message.clone());
                effects.push(Effect::Log {
                    level: LogLevel::Info,
                    message,
                });
            }
            if finished.kind == JobKind::Operation {
                // What the operation changed shows everywhere: list it all again.
                effects.push(load(app));
                if let Some(story) = app.selected_story().map(|s| s.branch.clone()) {
                    effects.push(request_diff(app, story));
                }
            }
            effects
        }
        Err(e) => {
            app.say(format!("{} failed", finished.label));
            let mut effects = fail(app, &format!("{} failed", capitalised(&finished.label)), &e);
            if finished.kind == JobKind::Operation {
                // An operation can stop after changing things (a switch done whose
                // publish waits): what the lists show is read again either way.
                effects.push(load(app));
            }
            effects
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn selected_name(app: &App, pane: Pane) -> Option<String> {
    let index = app.selected_index(pane)?;
    match pane {
        Pane::Stories => app.stories.all().get(index).map(|r| r.branch.clone()),
        Pane::Branches => app.branches.all().get(index).map(|r| r.name.clone()),
        Pane::Environments => app.environments.all().get(index).map(|r| r.name.clone()),
        Pane::Pipeline => app
            .pipeline
            .board
            .as_ref()
            .and_then(|b| b.stories.get(index))
            .map(|r| r.key.clone()),
        Pane::Diff => None,
    }
}

/// After a reload, the same row stays selected, wherever it moved to.
pub(super) fn reselect(app: &mut App, pane: Pane, previous: Option<&str>) {
    let visible = app.visible(pane);
    let position = previous.and_then(|name| {
        visible.iter().position(|&i| match pane {
            Pane::Stories => app.stories.all().get(i).is_some_and(|r| r.branch == name),
            Pane::Branches => app.branches.all().get(i).is_some_and(|r| r.name == name),
            Pane::Environments => app
                .environments
                .all()
                .get(i)
                .is_some_and(|r| r.name == name),
            Pane::Pipeline => app
                .pipeline
                .board
                .as_ref()
                .and_then(|b| b.stories.get(i))
                .is_some_and(|r| r.key == name),
            Pane::Diff => false,
        })
    });
    if let Some(view) = app.list_mut(pane) {
        view.selected = match position {
            Some(p) => p,
            None => view.selected.min(visible.len().saturating_sub(1)),
        };
    }
}

fn restore_story_selection(app: &mut App, previous: Option<&str>, first_load: bool) {
    let current = app.current_story().map(|s| s.branch.clone());
    let wanted = if first_load {
        current.as_deref()
    } else {
        previous
    };
    reselect(app, Pane::Stories, wanted);
}

/// The diff and the watched worktree follow the selected story.
pub(super) fn story_selection_changed(app: &mut App) -> Vec<Effect> {
    let selected = app
        .selected_story()
        .map(|s| (s.branch.clone(), s.worktree.clone()));
    let mut effects = Vec::new();
    let (story, worktree) = match selected {
        Some((name, worktree)) => (Some(name), worktree),
        None => (None, None),
    };
    if story != app.diff.story {
        app.diff = DiffPane {
            story: story.clone(),
            ..DiffPane::default()
        };
        if let Some(story) = story {
            effects.push(request_diff(app, story));
        }
    }
    if worktree != app.watched {
        app.watched = worktree.clone();
        effects.push(Effect::Watch { worktree });
    }
    effects
}

// ----------------------------------------------------------------------------
// Keys

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && matches!(key.code, KeyCode::Char('c' | 'C'))
    {
        return quit(app);
    }
    let action = app.keys.action(&key);
    if !app.errors.is_empty() {
        if matches!(action, Some(Action::Back | Action::Enter))
            || matches!(key.code, KeyCode::Esc | KeyCode::Enter)
        {
            app.errors.pop();
        }
        return Vec::new();
    }
    match app.overlay.clone() {
        Overlay::Help => {
            if matches!(action, Some(Action::Back | Action::Help | Action::Enter))
                || key.code == KeyCode::Esc
            {
                app.overlay = Overlay::None;
            } else if action == Some(Action::Quit) {
                return quit(app);
            } else if action == Some(Action::Down) || key.code == KeyCode::PageDown {
                // Bounded by the help's length; the view stops at its last page.
                app.help_scroll = app.help_scroll.saturating_add(1).min(Action::ALL.len() + 8);
            } else if action == Some(Action::Up) || key.code == KeyCode::PageUp {
                app.help_scroll = app.help_scroll.saturating_sub(1);
            }
            Vec::new()
        }
        Overlay::Finder(finder) => finder_key(app, finder, key),
        Overlay::NewStory(form) => form_key(app, form, key),
        Overlay::FullDiff => diff::full_diff_key(app, action, key),
        Overlay::Confirm(confirm) => pipeline::confirm_key(app, confirm, action, key),
        Overlay::Reject(form) => pipeline::reject_key(app, form, key),
        Overlay::None => {
            let editing = app.list(app.focus).is_some_and(|v| v.editing_filter);
            if editing {
                filter_key(app, key)
            } else {
                match action {
                    Some(action) => on_action(app, action),
                    None => other_key(app, key),
                }
            }
        }
    }
}

pub(super) fn quit(app: &mut App) -> Vec<Effect> {
    app.quitting = true;
    vec![Effect::Quit]
}

fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Help => {
            app.overlay = Overlay::Help;
            app.help_scroll = 0;
            Vec::new()
        }
        Action::Filter => {
            if let Some(view) = app.list_mut(app.focus) {
                view.editing_filter = true;
            }
            Vec::new()
        }
        Action::NextPane => focus(app, app.focus.next()),
        Action::PreviousPane => focus(app, app.focus.previous()),
        Action::PaneStories => focus(app, Pane::Stories),
        Action::PaneBranches => focus(app, Pane::Branches),
        Action::PaneEnvironments => focus(app, Pane::Environments),
        Action::PaneDiff => focus(app, Pane::Diff),
        Action::PanePipeline => focus(app, Pane::Pipeline),
        Action::Down => move_selection(app, app.focus, 1),
        Action::Up => move_selection(app, app.focus, -1),
        Action::Enter => enter(app),
        Action::Back => {
            if app.list(app.focus).is_some_and(|v| !v.filter.is_empty()) {
                return clear_filter(app);
            }
            if pipeline::cancel_preview(app) {
                return Vec::new();
            }
            if app.focus == Pane::Diff {
                app.diff.scroll = 0;
            }
            Vec::new()
        }
        Action::Quit => quit(app),
        Action::NewStory => {
            app.overlay = Overlay::NewStory(NewStoryForm::default());
            Vec::new()
        }
        Action::Switch => {
            app.overlay = Overlay::Finder(Finder::default());
            Vec::new()
        }
        Action::Diff => {
            if app.diff.story.is_some() {
                app.overlay = Overlay::FullDiff;
            } else {
                nothing_selected(app);
            }
            Vec::new()
        }
        Action::Publish => pipeline::publish(app),
        Action::Sync => pipeline::sync(app),
        Action::Left | Action::Right if app.focus == Pane::Diff => {
            diff::sideways(app, if action == Action::Left { -1 } else { 1 });
            Vec::new()
        }
        Action::Left => pipeline::move_column(app, -1),
        Action::Right => pipeline::move_column(app, 1),
        Action::Promote
        | Action::ReleaseCut
        | Action::Rollback
        | Action::History
        | Action::Accept
        | Action::Reject => pipeline::ask(app, action),
        Action::Wrap | Action::NextChange | Action::PreviousChange | Action::Edit => {
            diff::on_action(app, action)
        }
        // In the diff, `o` opens the change in the editor, as it opens a file
        // in lazygit; elsewhere it pushes the story for review.
        Action::PullRequest if app.focus == Pane::Diff => diff::on_action(app, Action::Edit),
        action => match action.runs() {
            Some(Runs::OnSelectedStory) => match selected_story_name(app) {
                Some(story) => run(app, Operation::new(action, vec![story])),
                None => nothing_selected(app),
            },
            Some(Runs::Alone) => run(app, Operation::new(action, Vec::new())),
            Some(Runs::OnInput) | None => Vec::new(),
        },
    }
}

fn selected_story_name(app: &App) -> Option<String> {
    app.selected_story().map(|s| s.branch.clone())
}

pub(super) fn nothing_selected(app: &mut App) -> Vec<Effect> {
    app.say("no story selected".to_string());
    Vec::new()
}

fn focus(app: &mut App, pane: Pane) -> Vec<Effect> {
    app.focus = pane;
    Vec::new()
}

fn switch_to(app: &mut App, name: String) -> Vec<Effect> {
    pipeline::switch(app, name)
}

/// `enter`: the obvious thing for the focused row.
fn enter(app: &mut App) -> Vec<Effect> {
    match app.focus {
        Pane::Stories => match selected_story_name(app) {
            Some(name) => switch_to(app, name),
            None => nothing_selected(app),
        },
        Pane::Branches => {
            let branch = app
                .selected_index(Pane::Branches)
                .and_then(|i| app.branches.all().get(i))
                .map(|b| (b.name.clone(), b.is_story));
            match branch {
                Some((name, true)) => switch_to(app, name),
                Some((name, false)) => {
                    app.say(format!(
                        "{name} is not a story; only stories can be switched to"
                    ));
                    Vec::new()
                }
                None => Vec::new(),
            }
        }
        Pane::Environments => {
            // Show the story deployed there.
            let story = app
                .selected_index(Pane::Environments)
                .and_then(|i| app.environments.all().get(i))
                .and_then(|e| e.story.clone());
            let Some(story) = story else {
                app.say("no story is deployed there".to_string());
                return Vec::new();
            };
            show_story(app, |s| s.branch == story, &story)
        }
        Pane::Pipeline => {
            // The story's own row, with its diff.
            let Some(key) = app.selected_board_story().map(|s| s.key.clone()) else {
                return nothing_selected(app);
            };
            show_story(app, |s| s.key == key, &key)
        }
        Pane::Diff => {
            if app.diff.story.is_some() {
                app.overlay = Overlay::FullDiff;
            }
            Vec::new()
        }
    }
}

/// Selects a story in the Stories pane, filter cleared, and focuses it.
fn show_story(app: &mut App, is_it: impl Fn(&StoryRow) -> bool, name: &str) -> Vec<Effect> {
    app.story_list.filter.clear();
    app.story_list.editing_filter = false;
    match app.stories.all().iter().position(is_it) {
        Some(index) => {
            app.story_list.selected = index;
            app.focus = Pane::Stories;
            story_selection_changed(app)
        }
        None => {
            app.say(format!("{name} is not a local story"));
            Vec::new()
        }
    }
}

fn move_selection(app: &mut App, pane: Pane, delta: isize) -> Vec<Effect> {
    if pane == Pane::Diff {
        scroll_diff(app, delta);
        return Vec::new();
    }
    let count = app.visible(pane).len();
    let Some(view) = app.list_mut(pane) else {
        return Vec::new();
    };
    if count == 0 {
        view.selected = 0;
        return Vec::new();
    }
    view.selected = view.selected.saturating_add_signed(delta).min(count - 1);
    if pane == Pane::Stories {
        story_selection_changed(app)
    } else {
        Vec::new()
    }
}

pub(super) fn scroll_diff(app: &mut App, delta: isize) {
    let last = app.diff.lines.len().saturating_sub(1);
    app.diff.scroll = app.diff.scroll.saturating_add_signed(delta).min(last);
}

/// Keys the map does not hold that still mean something: paging the diff.
fn other_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if app.focus == Pane::Diff {
        let page = inner_height(areas(app.size.0, app.size.1).diff).max(1) as isize;
        match key.code {
            KeyCode::PageDown => scroll_diff(app, page),
            KeyCode::PageUp => scroll_diff(app, -page),
            _ => {}
        }
    }
    Vec::new()
}

fn filter_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let pane = app.focus;
    let Some(view) = app.list_mut(pane) else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            view.editing_filter = false;
            return clear_filter(app);
        }
        KeyCode::Enter => view.editing_filter = false,
        KeyCode::Backspace => {
            view.filter.pop();
            view.selected = 0;
        }
        KeyCode::Down => return move_selection(app, pane, 1),
        KeyCode::Up => return move_selection(app, pane, -1),
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            view.filter.push(c);
            view.selected = 0;
        }
        _ => return Vec::new(),
    }
    after_filter(app)
}

/// Clears the focused list's filter, keeping the selected row selected.
fn clear_filter(app: &mut App) -> Vec<Effect> {
    let pane = app.focus;
    let previous = selected_name(app, pane);
    if let Some(view) = app.list_mut(pane) {
        view.filter.clear();
    }
    reselect(app, pane, previous.as_deref());
    after_filter(app)
}

fn after_filter(app: &mut App) -> Vec<Effect> {
    if app.focus == Pane::Stories {
        story_selection_changed(app)
    } else {
        Vec::new()
    }
}

fn finder_key(app: &mut App, mut finder: Finder, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let count = app.finder_matches(&finder.query).len();
    match key.code {
        KeyCode::Esc => {
            app.overlay = Overlay::None;
            return Vec::new();
        }
        KeyCode::Enter => {
            let chosen = app
                .finder_matches(&finder.query)
                .get(finder.selected)
                .and_then(|m| app.stories.all().get(m.story))
                .map(|s| s.branch.clone());
            app.overlay = Overlay::None;
            return match chosen {
                Some(name) => switch_to(app, name),
                None => {
                    app.say(format!("no story matches `{}`", finder.query));
                    Vec::new()
                }
            };
        }
        KeyCode::Down | KeyCode::Tab => {
            finder.selected = (finder.selected + 1).min(count.saturating_sub(1))
        }
        KeyCode::Char('n' | 'j') if ctrl => {
            finder.selected = (finder.selected + 1).min(count.saturating_sub(1))
        }
        KeyCode::Up | KeyCode::BackTab => finder.selected = finder.selected.saturating_sub(1),
        KeyCode::Char('p' | 'k') if ctrl => finder.selected = finder.selected.saturating_sub(1),
        KeyCode::Backspace => {
            finder.query.pop();
            finder.selected = 0;
        }
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            finder.query.push(c);
            finder.selected = 0;
        }
        _ => {}
    }
    app.overlay = Overlay::Finder(finder);
    Vec::new()
}

/// Characters git and the story template accept without quoting.
fn fits_branch_name(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn field_text(form: &mut NewStoryForm) -> &mut String {
    match form.field {
        FormField::Key => &mut form.key,
        FormField::Slug => &mut form.slug,
    }
}

fn form_key(app: &mut App, mut form: NewStoryForm, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => {
            app.overlay = Overlay::None;
            return Vec::new();
        }
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Down | KeyCode::Up => {
            form.field = match form.field {
                FormField::Key => FormField::Slug,
                FormField::Slug => FormField::Key,
            };
        }
        KeyCode::Enter => {
            if form.field == FormField::Key && form.slug.is_empty() && !form.key.is_empty() {
                form.field = FormField::Slug;
            } else if form.key.is_empty() {
                form.problem =
                    Some("the key is empty: type the ticket key, e.g. SB-42".to_string());
                form.field = FormField::Key;
            } else if form.slug.is_empty() {
                form.problem =
                    Some("the slug is empty: a few words, e.g. orders-revenue".to_string());
                form.field = FormField::Slug;
            } else {
                app.overlay = Overlay::None;
                return run(
                    app,
                    Operation::new(Action::NewStory, vec![form.key, form.slug]),
                );
            }
        }
        KeyCode::Backspace => {
            field_text(&mut form).pop();
            form.problem = None;
        }
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            // Spaces become dashes, as slugs are written.
            let c = if c == ' ' { '-' } else { c };
            if fits_branch_name(c) {
                field_text(&mut form).push(c);
                form.problem = None;
            } else {
                form.problem = Some(format!(
                    "`{c}` cannot be part of a branch name: use letters, digits, - and _"
                ));
            }
        }
        _ => {}
    }
    app.overlay = Overlay::NewStory(form);
    Vec::new()
}

// ----------------------------------------------------------------------------
// Mouse

fn on_mouse(app: &mut App, mouse: MouseEvent) -> Vec<Effect> {
    if !app.errors.is_empty() {
        return Vec::new();
    }
    let screen = areas(app.size.0, app.size.1);
    let wheel = match mouse.kind {
        MouseEventKind::ScrollDown => Some(3),
        MouseEventKind::ScrollUp => Some(-3),
        _ => None,
    };
    if app.overlay == Overlay::FullDiff {
        if let Some(delta) = wheel {
            scroll_diff(app, delta);
        }
        return Vec::new();
    }
    if app.overlay != Overlay::None {
        return Vec::new();
    }
    let Some(pane) = screen.pane_at(mouse.column, mouse.row) else {
        return Vec::new();
    };
    match (mouse.kind, wheel) {
        (_, Some(delta)) if pane == Pane::Diff => {
            scroll_diff(app, delta);
            Vec::new()
        }
        (_, Some(delta)) => move_selection(app, pane, delta.signum()),
        (MouseEventKind::Down(MouseButton::Left), None) if pane == Pane::Pipeline => {
            app.focus = pane;
            pipeline::click(app, screen.pane(pane), mouse.column, mouse.row);
            Vec::new()
        }
        (MouseEventKind::Down(MouseButton::Left), None) => {
            app.focus = pane;
            let area = screen.pane(pane);
            let visible = app.visible(pane).len();
            let Some(view) = app.list_mut(pane) else {
                return Vec::new();
            };
            // The first row is under the top border.
            let Some(row) = usize::from(mouse.row).checked_sub(usize::from(area.y) + 1) else {
                return Vec::new();
            };
            if row >= inner_height(area) {
                return Vec::new();
            }
            let index = list_offset(view.selected, inner_height(area)) + row;
            if index < visible {
                view.selected = index;
                if pane == Pane::Stories {
                    return story_selection_changed(app);
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
