//! The pipeline board and every write that asks first: the board's columns,
//! previews of promotions, release cuts, rollbacks and a stage's history, the
//! confirmation overlay that answers them, and the guards on publish, switch
//! and sync (lazygit's habit: nothing written by surprise).

use crossterm::event::{KeyCode, KeyEvent};

use super::{
    Effect, busy, fail, load, new_job, nothing_selected, reselect, run, selected_name, stale,
};
use crate::tui::backend::{BackendError, Board, Choice, Operation, Preview};
use crate::tui::board_view::{HEADER_ROWS, column_at};
use crate::tui::keys::Action;
use crate::tui::layout::{inner_height, list_offset};
use crate::tui::state::{App, Confirm, JobKind, Overlay, Pane, RejectForm};

pub(super) fn board_loaded(
    app: &mut App,
    generation: u64,
    result: Result<Board, BackendError>,
) -> Vec<Effect> {
    if generation != app.generation.workspace {
        return stale("board", generation);
    }
    let previous = selected_name(app, Pane::Pipeline);
    app.pipeline.loading = false;
    let mut effects = match result {
        Ok(board) => {
            let columns = board.environments.len();
            app.pipeline.board = Some(board);
            app.pipeline.error = None;
            app.pipeline.column = app.pipeline.column.min(columns.saturating_sub(1));
            Vec::new()
        }
        Err(e) => {
            app.pipeline.error = Some(e.message.clone());
            fail(app, "Cannot read the pipeline", &e)
        }
    };
    reselect(app, Pane::Pipeline, previous.as_deref());
    if app.reload_pending {
        effects.push(load(app));
    }
    effects
}

/// `←`/`→`: the board's columns.
pub(super) fn move_column(app: &mut App, delta: isize) -> Vec<Effect> {
    if app.focus != Pane::Pipeline {
        return Vec::new();
    }
    let columns = app
        .pipeline
        .board
        .as_ref()
        .map_or(0, |b| b.environments.len());
    app.pipeline.column = app
        .pipeline
        .column
        .saturating_add_signed(delta)
        .min(columns.saturating_sub(1));
    Vec::new()
}

/// A click on the board selects the cell under it: the story's row (below
/// the two header rows) and the environment's column.
pub(super) fn click(app: &mut App, area: ratatui::layout::Rect, x: u16, y: u16) {
    let Some(board) = &app.pipeline.board else {
        return;
    };
    // Inside the borders.
    let (Some(column), Some(row)) = (
        usize::from(x).checked_sub(usize::from(area.x) + 1),
        usize::from(y).checked_sub(usize::from(area.y) + 1),
    ) else {
        return;
    };
    let width = usize::from(area.width.saturating_sub(2));
    if let Some(c) = column_at(board, width, column) {
        app.pipeline.column = c;
    }
    let rows = inner_height(area).saturating_sub(HEADER_ROWS);
    let Some(row) = row.checked_sub(HEADER_ROWS).filter(|r| *r < rows) else {
        return;
    };
    let index = list_offset(app.pipeline_list.selected, rows) + row;
    if index < app.visible(Pane::Pipeline).len() {
        app.pipeline_list.selected = index;
    }
}

/// `P`, `R`, `X`, `h`: plan first, in the background; the plan opens as a
/// confirmation overlay when it is ready.
pub(super) fn ask(app: &mut App, action: Action) -> Vec<Effect> {
    let stage = app.selected_stage().map(|e| (e.name.clone(), e.stage));
    if let Some(env) = app.selected_stage().filter(|e| e.colleague)
        && action != Action::ReleaseCut
    {
        let message = format!(
            "{} is a colleague's environment, shown as last fetched: nothing is done there from here",
            env.name
        );
        app.say(message);
        return Vec::new();
    }
    let story = app.selected_board_story().map(|s| s.key.clone());
    let args = match action {
        Action::ReleaseCut => Vec::new(),
        _ if app.focus != Pane::Pipeline => {
            app.say(format!(
                "{} works on the pipeline board: {} focuses it",
                app.keys.label(action),
                app.keys.label(Action::PanePipeline)
            ));
            return Vec::new();
        }
        Action::Promote => match stage {
            Some((name, Some(_))) => vec![name],
            Some((name, None)) => {
                app.say(format!(
                    "{name} is not a stage of the pipeline: stories are published there, not promoted"
                ));
                return Vec::new();
            }
            None => return no_stage(app),
        },
        Action::History => match stage {
            Some((name, _)) => vec![name],
            None => return no_stage(app),
        },
        Action::Accept | Action::Reject => match (story, stage) {
            (Some(_), Some((name, None))) => {
                app.say(format!(
                    "{name} is not a stage: stories are signed off where they are tested"
                ));
                return Vec::new();
            }
            (Some(key), Some((name, _))) if action == Action::Reject => {
                app.overlay = Overlay::Reject(RejectForm {
                    key,
                    environment: name,
                    ..RejectForm::default()
                });
                return Vec::new();
            }
            (Some(key), Some((name, _))) => vec![key, name],
            (None, _) => return nothing_selected(app),
            (_, None) => return no_stage(app),
        },
        Action::Rollback => match (story, stage) {
            (Some(key), Some((name, Some(_)))) => vec![key, name],
            (Some(_), Some((name, None))) => {
                app.say(format!(
                    "{name} is not a stage: a story leaves a developer's environment when another is published"
                ));
                return Vec::new();
            }
            (None, _) => return nothing_selected(app),
            (_, None) => return no_stage(app),
        },
        _ => return Vec::new(),
    };
    preview(app, Operation::new(action, args))
}

fn no_stage(app: &mut App) -> Vec<Effect> {
    app.say("no environment to act on: the board has not loaded, or there is none");
    Vec::new()
}

fn preview(app: &mut App, request: Operation) -> Vec<Effect> {
    // A plan made while a write runs would be stale before it is read.
    if request.action != Action::History && busy(app) {
        return Vec::new();
    }
    app.generation.preview += 1;
    let label = match request.action {
        Action::Promote => format!("planning the promotion of {}", request.arg(0)),
        Action::ReleaseCut => "planning a release cut".to_string(),
        Action::Rollback => format!(
            "planning the rollback of {} from {}",
            request.arg(0),
            request.arg(1)
        ),
        Action::History => format!("reading the history of {}", request.arg(0)),
        Action::Accept => format!(
            "planning the acceptance of {} on {}",
            request.arg(0),
            request.arg(1)
        ),
        Action::Reject => format!(
            "planning the rejection of {} on {}",
            request.arg(0),
            request.arg(1)
        ),
        other => other.description().to_string(),
    };
    let job = new_job(app, JobKind::Preview, label);
    vec![Effect::Preview {
        job,
        generation: app.generation.preview,
        request,
    }]
}

/// `esc` while a plan is made: it is dropped when it arrives. The planning
/// thread goes on until then (it holds the repository's lock), so its job
/// stays and keeps other writes waiting. A write that started is never
/// interrupted: it completes or is undone as a whole.
pub(super) fn cancel_preview(app: &mut App) -> bool {
    if let Some(job) = app
        .jobs
        .iter_mut()
        .find(|j| j.kind == JobKind::Preview && !j.label.starts_with(CANCELLED))
    {
        let label = std::mem::take(&mut job.label);
        job.label = format!("{CANCELLED}{label}");
        app.generation.preview += 1;
        app.say(format!("cancelled: {label}; nothing was written"));
        return true;
    }
    if let Some(job) = app.jobs.iter().find(|j| j.kind == JobKind::Operation) {
        let message = format!(
            "{} cannot be stopped halfway: it completes, or the next run undoes it",
            job.label
        );
        app.say(message);
        return true;
    }
    false
}

/// What a cancelled plan's job says until its thread lets go.
const CANCELLED: &str = "cancelled, finishing: ";

pub(super) fn preview_ready(
    app: &mut App,
    generation: u64,
    request: Operation,
    result: Result<Preview, BackendError>,
) -> Vec<Effect> {
    if generation != app.generation.preview {
        return stale("preview", generation);
    }
    match result {
        // A plan never opens over what the user is doing: a key meant for the
        // finder or a form must not answer it.
        Ok(preview) if app.overlay != Overlay::None || !app.errors.is_empty() => {
            app.say(format!(
                "{} is planned, but another window was open: press the key again to see it",
                preview.title
            ));
            Vec::new()
        }
        Ok(preview) => {
            app.overlay =
                Overlay::Confirm(confirmation(preview.title, &preview.text, preview.choices));
            Vec::new()
        }
        Err(e) => {
            let title = match request.action {
                Action::Promote => format!("Cannot promote {}", request.arg(0)),
                Action::ReleaseCut => "Cannot cut a release".to_string(),
                Action::Rollback => format!("Cannot roll back {}", request.arg(0)),
                Action::Accept => format!("Cannot accept {}", request.arg(0)),
                Action::Reject => format!("Cannot reject {}", request.arg(0)),
                _ => format!("Cannot read the history of {}", request.arg(0)),
            };
            fail(app, &title, &e)
        }
    }
}

fn confirmation(title: String, text: &str, choices: Vec<Choice>) -> Confirm {
    Confirm {
        title,
        lines: text.lines().map(str::to_string).collect(),
        choices,
        scroll: 0,
    }
}

/// The confirmation overlay's keys: scroll, choose, or leave with nothing written.
pub(super) fn confirm_key(
    app: &mut App,
    mut confirm: Confirm,
    action: Option<Action>,
    key: KeyEvent,
) -> Vec<Effect> {
    let chosen = match key.code {
        KeyCode::Enter | KeyCode::Char('y') => confirm.choices.first().cloned(),
        KeyCode::Char(c) => confirm.choices.iter().find(|ch| ch.key == c).cloned(),
        _ => None,
    };
    if let Some(choice) = chosen {
        // The plan stays on screen while another write finishes.
        if busy(app) {
            return Vec::new();
        }
        app.overlay = Overlay::None;
        return if choice.previews {
            preview(app, choice.operation)
        } else {
            run(app, choice.operation)
        };
    }
    let page = usize::from(app.size.1.saturating_sub(8)).max(1);
    let last = crate::tui::overlays::confirm_scroll_limit(&confirm, app.size);
    match (action, key.code) {
        (_, KeyCode::Esc | KeyCode::Char('n')) | (Some(Action::Back | Action::Quit), _) => {
            app.overlay = Overlay::None;
            if !confirm.choices.is_empty() {
                app.say("nothing was written");
            }
            return Vec::new();
        }
        (Some(Action::Down), _) => confirm.scroll = (confirm.scroll + 1).min(last),
        (Some(Action::Up), _) => confirm.scroll = confirm.scroll.saturating_sub(1),
        (_, KeyCode::PageDown | KeyCode::Char(' ')) => {
            confirm.scroll = (confirm.scroll + page).min(last)
        }
        (_, KeyCode::PageUp) => confirm.scroll = confirm.scroll.saturating_sub(page),
        (_, KeyCode::Home | KeyCode::Char('g')) => confirm.scroll = 0,
        (_, KeyCode::End | KeyCode::Char('G')) => confirm.scroll = last,
        _ => {}
    }
    app.overlay = Overlay::Confirm(confirm);
    Vec::new()
}

/// `p`: publishes the current story. Another story selected is published
/// only when the user says so.
pub(super) fn publish(app: &mut App) -> Vec<Effect> {
    let current = app
        .current_story()
        .map(|s| (s.key.clone(), s.branch.clone()));
    let selected = app
        .selected_story()
        .map(|s| (s.key.clone(), s.branch.clone()));
    match (current, selected) {
        (Some((_, current)), None) => run(app, Operation::new(Action::Publish, vec![current])),
        (Some((_, current)), Some((_, selected))) if current == selected => {
            run(app, Operation::new(Action::Publish, vec![current]))
        }
        (current, Some((key, selected))) => {
            let mut text = format!(
                "{selected} is not the current story.\nPublishing it deploys it to your environment in place of "
            );
            let mut choices = vec![Choice::new(
                'y',
                &format!("publish {key}"),
                Action::Publish,
                &[&selected],
            )];
            match &current {
                Some((current_key, current)) => {
                    text.push_str(&format!("{current}.\n"));
                    choices.push(Choice::new(
                        'c',
                        &format!("publish the current story, {current_key}"),
                        Action::Publish,
                        &[current],
                    ));
                }
                None => text.push_str("what it holds now.\n"),
            }
            text.push_str("Your worktree and your current story do not change.");
            app.overlay = Overlay::Confirm(confirmation(format!("Publish {key}?"), &text, choices));
            Vec::new()
        }
        (None, None) => nothing_selected(app),
    }
}

/// `enter` or the finder on a story: a merged story asks first (its work is in
/// main; going back to it is rarely meant).
pub(super) fn switch(app: &mut App, name: String) -> Vec<Effect> {
    let merged = app
        .stories
        .all()
        .iter()
        .find(|s| s.branch == name)
        .filter(|s| s.merged && !s.current)
        .map(|s| s.key.clone());
    match merged {
        Some(key) => {
            let text = format!(
                "{name} is merged into main: its work is there already.\nSwitching to it publishes it to your environment, in place of what you work on now."
            );
            let choices = vec![Choice::new(
                'y',
                &format!("switch to {key}"),
                Action::Switch,
                &[&name],
            )];
            app.overlay =
                Overlay::Confirm(confirmation(format!("Switch to {key}?"), &text, choices));
            Vec::new()
        }
        None => run(app, Operation::new(Action::Switch, vec![name])),
    }
}

/// `y`: syncs your environment's edits, or, while a sync is stopped at a
/// conflict, offers to continue or abort it.
pub(super) fn sync(app: &mut App) -> Vec<Effect> {
    let stopped = app
        .stories
        .all()
        .iter()
        .find(|s| !s.sync_conflicts.is_empty())
        .map(|s| (s.key.clone(), s.sync_conflicts.clone()));
    let Some((key, files)) = stopped else {
        return run(app, Operation::new(Action::Sync, Vec::new()));
    };
    let mut text =
        format!("The sync of {key} stopped at a conflict with an edit made in Looker, in:\n");
    for f in &files {
        text.push_str(&format!("    {}\n", f.display()));
    }
    text.push_str(
        "Resolve the markers in the story's worktree, then continue; or abort to put back what the markers replaced.",
    );
    let choices = vec![
        Choice::new(
            'c',
            "continue with the resolved files",
            Action::Sync,
            &["continue"],
        ),
        Choice::new('a', "abort the sync", Action::Sync, &["abort"]),
    ];
    app.overlay = Overlay::Confirm(confirmation(
        format!("Sync of {key} stopped"),
        &text,
        choices,
    ));
    Vec::new()
}

/// The rejection's message: typed, then planned and shown like every write.
pub(super) fn reject_key(app: &mut App, mut form: RejectForm, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => {
            app.overlay = Overlay::None;
            app.say("nothing was written");
            return Vec::new();
        }
        KeyCode::Enter => {
            let message = form.message.trim().to_string();
            if message.is_empty() {
                form.problem =
                    Some("say why: the story's author reads it, and rollback names it".to_string());
            } else {
                app.overlay = Overlay::None;
                let args = vec![form.key, form.environment, message];
                return preview(app, Operation::new(Action::Reject, args));
            }
        }
        KeyCode::Backspace => {
            form.message.pop();
            form.problem = None;
        }
        KeyCode::Char(c)
            if !key.modifiers.intersects(
                crossterm::event::KeyModifiers::CONTROL | crossterm::event::KeyModifiers::ALT,
            ) =>
        {
            form.message.push(c);
            form.problem = None;
        }
        _ => {}
    }
    app.overlay = Overlay::Reject(form);
    Vec::new()
}
