use std::collections::BTreeMap;

use crossterm::event::{KeyEventState, MouseButton};

use super::*;

/// The operation the effects run, as (action, args), when they run exactly one.
fn ran(effects: &[Effect]) -> Option<(Action, Vec<String>)> {
    match effects {
        [Effect::Run { operation, .. }] => Some((operation.action, operation.args.clone())),
        _ => None,
    }
}

fn args(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}
use crate::tui::backend::{Choice, Preview, Published, Pushed};
use crate::tui::fixture;
use crate::tui::keys::KeyMap;

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn char(app: &mut App, c: char) -> Vec<Effect> {
    key(app, KeyCode::Char(c))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        char(app, c);
    }
}

fn ctrl_c() -> Event {
    Event::Key(KeyEvent {
        code: KeyCode::Char('c'),
        modifiers: KeyModifiers::CONTROL,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

fn click(app: &mut App, kind: MouseEventKind, column: u16, row: u16) -> Vec<Effect> {
    update(
        app,
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }),
    )
}

fn without_logs(effects: Vec<Effect>) -> Vec<Effect> {
    effects
        .into_iter()
        .filter(|e| !matches!(e, Effect::Log { .. }))
        .collect()
}

fn selected(app: &App) -> &str {
    app.selected_story()
        .map(|s| s.branch.as_str())
        .unwrap_or("")
}

#[test]
fn start_loads_and_the_first_load_selects_the_current_story() {
    let mut app = fixture::loading_app();
    assert!(app.stories.loading && app.stories.items.is_none());
    let effects = update(
        &mut app,
        Event::Stories {
            generation: 1,
            result: Ok(fixture::stories()),
        },
    );
    assert_eq!(selected(&app), "story/SB-101-orders-revenue");
    assert_eq!(
        effects,
        vec![
            Effect::LoadDiff {
                job: JobId(2),
                story: "story/SB-101-orders-revenue".to_string(),
                generation: 1
            },
            Effect::Watch {
                worktree: Some(PathBuf::from(
                    "/home/alice/.storyboard/worktrees/SB-101-orders-revenue"
                ))
            },
        ]
    );
    let app = fixture::app();
    assert!(app.jobs.is_empty());
    assert!(app.diff.lines.iter().any(|l| l.starts_with("Summary:")));
}

#[test]
fn j_and_k_move_and_the_diff_follows() {
    let mut app = fixture::app();
    let before = app.generation.diff;
    let effects = char(&mut app, 'j');
    assert_eq!(selected(&app), "story/SB-102-customer-segments");
    assert_eq!(app.generation.diff, before + 1);
    assert!(
        matches!(&effects[0], Effect::LoadDiff { story, .. } if story == "story/SB-102-customer-segments")
    );
    assert!(
        matches!(&effects[1], Effect::Watch { worktree: Some(w) } if w.ends_with("SB-102-customer-segments"))
    );
    assert!(app.diff.diff.is_none() && app.diff.loading);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Up);
    char(&mut app, 'k');
    char(&mut app, 'k');
    assert_eq!(
        selected(&app),
        "story/SB-101-orders-revenue",
        "stops at the top"
    );
    for _ in 0..10 {
        char(&mut app, 'j');
    }
    assert_eq!(
        selected(&app),
        "story/SB-95-fix-margin",
        "stops at the bottom"
    );
}

#[test]
fn panes_by_tab_shift_tab_and_numbers() {
    let mut app = fixture::app();
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Branches);
    update(
        &mut app,
        Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
    );
    assert_eq!(app.focus, Pane::Stories);
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, Pane::Pipeline);
    for (c, pane) in [
        ('1', Pane::Stories),
        ('2', Pane::Branches),
        ('3', Pane::Environments),
        ('5', Pane::Pipeline),
        ('4', Pane::Diff),
    ] {
        char(&mut app, c);
        assert_eq!(app.focus, pane);
    }
    // In the diff pane, j and k scroll.
    char(&mut app, 'j');
    char(&mut app, 'j');
    assert_eq!(app.diff.scroll, 2);
    char(&mut app, 'k');
    assert_eq!(app.diff.scroll, 1);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.diff.scroll, 0);
}

#[test]
fn filter_narrows_the_focused_list() {
    let mut app = fixture::app();
    char(&mut app, '2');
    char(&mut app, '/');
    typed(&mut app, "sb-10q");
    assert!(app.branch_list.editing_filter);
    assert_eq!(
        app.branch_list.filter, "sb-10q",
        "q is text while filtering"
    );
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.visible(Pane::Branches).len(), 4);
    key(&mut app, KeyCode::Down);
    assert_eq!(app.branch_list.selected, 1);
    key(&mut app, KeyCode::Enter);
    assert!(!app.branch_list.editing_filter);
    assert_eq!(
        app.visible(Pane::Branches).len(),
        4,
        "enter keeps the filter"
    );
    assert_eq!(app.story_list.filter, "", "each list has its own filter");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.visible(Pane::Branches).len(), 8, "esc clears it");

    char(&mut app, '1');
    char(&mut app, '/');
    typed(&mut app, "segments");
    assert_eq!(
        selected(&app),
        "story/SB-102-customer-segments",
        "the diff follows the filter"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.visible(Pane::Stories).len(), 6);
}

#[test]
fn finder_switches_to_the_best_match() {
    let mut app = fixture::app();
    char(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::Finder(_)));
    typed(&mut app, "seg");
    let matches = app.finder_matches("seg");
    assert_eq!(
        app.stories.all()[matches[0].story].branch,
        "story/SB-102-customer-segments"
    );
    assert!(!matches[0].indices.is_empty());
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay, Overlay::None);
    assert!(ran(&effects) == Some((Action::Switch, args(&["story/SB-102-customer-segments"]))));

    // space opens it too; arrows choose; esc closes without switching.
    let mut app = fixture::app();
    char(&mut app, ' ');
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Up);
    let effects = key(&mut app, KeyCode::Enter);
    assert!(ran(&effects) == Some((Action::Switch, args(&["story/SB-102-customer-segments"]))));
    let mut app = fixture::app();
    char(&mut app, 's');
    typed(&mut app, "zzz");
    assert!(app.finder_matches("zzz").is_empty());
    assert_eq!(key(&mut app, KeyCode::Enter), Vec::new());
    char(&mut app, 's');
    assert_eq!(key(&mut app, KeyCode::Esc), Vec::new());
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn new_story_form() {
    let mut app = fixture::app();
    char(&mut app, 'n');
    key(&mut app, KeyCode::Enter);
    let Overlay::NewStory(form) = &app.overlay else {
        panic!("form")
    };
    assert!(
        form.problem
            .as_deref()
            .unwrap_or("")
            .contains("key is empty")
    );
    typed(&mut app, "SB-105");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "refunds view/");
    let Overlay::NewStory(form) = &app.overlay else {
        panic!("form")
    };
    assert_eq!(
        (form.key.as_str(), form.slug.as_str()),
        ("SB-105", "refunds-view")
    );
    assert!(form.problem.as_deref().unwrap_or("").contains("`/`"));
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::Run {
            job: JobId(app.next_job - 1),
            operation: Operation::new(Action::NewStory, args(&["SB-105", "refunds-view"]))
        }]
    );
    assert_eq!(app.overlay, Overlay::None);
    char(&mut app, 'n');
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn operations_on_the_selected_story_one_at_a_time() {
    let mut app = fixture::app();
    char(&mut app, 'j');
    // SB-102 is selected, SB-101 is current: publishing the selected one asks.
    assert_eq!(char(&mut app, 'p'), Vec::new());
    let Overlay::Confirm(confirm) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    assert_eq!(confirm.title, "Publish SB-102?");
    assert!(confirm.lines.join("\n").contains("not the current story"));
    let keys: Vec<char> = confirm.choices.iter().map(|c| c.key).collect();
    assert_eq!(keys, ['y', 'c']);
    assert_eq!(
        confirm.choices[1].operation,
        Operation::new(Action::Publish, args(&["story/SB-101-orders-revenue"]))
    );
    let effects = char(&mut app, 'y');
    assert_eq!(app.overlay, Overlay::None);
    let [Effect::Run { job, operation }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (operation.action, operation.arg(0)),
        (Action::Publish, "story/SB-102-customer-segments")
    );
    let job = *job;
    assert_eq!(char(&mut app, 'y'), Vec::new(), "refused while publishing");
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("still running")
    );
    assert_eq!(char(&mut app, 'f'), Vec::new());

    let effects = without_logs(update(
        &mut app,
        Event::JobFinished {
            job,
            result: Ok("published SB-102".to_string()),
        },
    ));
    assert_eq!(app.status.as_deref(), Some("published SB-102"));
    assert!(
        matches!(effects[0], Effect::Load { .. }),
        "everything is listed again"
    );
    assert!(
        matches!(&effects[1], Effect::LoadDiff { story, .. } if story == "story/SB-102-customer-segments")
    );

    // Push for review runs on the selected story.
    assert_eq!(
        ran(&char(&mut fixture::app(), 'o')),
        Some((Action::PullRequest, args(&["story/SB-101-orders-revenue"])))
    );

    // Sync takes what your environment holds, not the selected story, and says so.
    let effects = char(&mut app, 'y');
    assert_eq!(ran(&effects), Some((Action::Sync, Vec::new())));
    assert_eq!(
        app.jobs.last().map(|j| j.label.as_str()),
        Some("syncing your environment's edits from Looker")
    );
    let mut app = fixture::app();
    assert_eq!(ran(&char(&mut app, 'f')), Some((Action::Fetch, Vec::new())));
    let mut app = fixture::app();
    let effects = key(&mut app, KeyCode::Enter);
    assert!(ran(&effects) == Some((Action::Switch, args(&["story/SB-101-orders-revenue"]))));
}

#[test]
fn enter_in_branches_and_environments() {
    let mut app = fixture::app();
    char(&mut app, '2');
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        Vec::new(),
        "main is no story"
    );
    assert!(app.status.as_deref().unwrap_or("").contains("not a story"));
    char(&mut app, 'j');
    char(&mut app, 'j');
    let effects = key(&mut app, KeyCode::Enter);
    assert!(ran(&effects) == Some((Action::Switch, args(&["story/SB-102-customer-segments"]))));

    let mut app = fixture::app();
    char(&mut app, '3');
    char(&mut app, 'j');
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Pane::Stories);
    assert_eq!(selected(&app), "story/SB-102-customer-segments");
    assert!(matches!(effects[0], Effect::LoadDiff { .. }));
}

#[test]
fn full_screen_diff_scrolls_and_closes() {
    let mut app = fixture::app();
    char(&mut app, 'd');
    assert_eq!(app.overlay, Overlay::FullDiff);
    char(&mut app, 'j');
    key(&mut app, KeyCode::Down);
    assert_eq!(app.diff.scroll, 2);
    key(&mut app, KeyCode::PageDown);
    assert!(app.diff.scroll > 2);
    char(&mut app, 'g');
    assert_eq!(app.diff.scroll, 0);
    char(&mut app, 'G');
    assert!(app.diff.scroll > 0 && app.diff.scroll < app.diff.lines.len());
    for _ in 0..100 {
        char(&mut app, 'j');
    }
    assert_eq!(app.diff.scroll, app.diff.lines.len() - 1);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, Overlay::None);
    char(&mut app, '4');
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay, Overlay::FullDiff);
    char(&mut app, 'd');
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn help_opens_and_esc_closes_every_overlay() {
    let mut app = fixture::app();
    char(&mut app, '?');
    assert_eq!(app.overlay, Overlay::Help);
    assert_eq!(char(&mut app, 'j'), Vec::new());
    assert_eq!(
        app.overlay,
        Overlay::Help,
        "other keys do nothing under help"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, Overlay::None);
    for open in ['?', 's', 'n', 'd'] {
        char(&mut app, open);
        assert_ne!(app.overlay, Overlay::None, "{open}");
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.overlay, Overlay::None, "{open}");
    }
}

#[test]
fn q_quits_and_ctrl_c_always_does() {
    let mut app = fixture::app();
    assert_eq!(char(&mut app, 'q'), vec![Effect::Quit]);
    for open in ['s', 'n', '/'] {
        let mut app = fixture::app();
        char(&mut app, open);
        assert!(
            !char(&mut app, 'q').contains(&Effect::Quit),
            "q is text after {open}"
        );
        assert_eq!(update(&mut app, ctrl_c()), vec![Effect::Quit]);
        assert!(app.quitting);
    }
    let mut app = fixture::app();
    app.errors.push(ErrorPopup {
        title: "t".into(),
        message: "m".into(),
    });
    assert_eq!(update(&mut app, ctrl_c()), vec![Effect::Quit]);
}

#[test]
fn rebound_keys() {
    let keys =
        KeyMap::with_overrides(&BTreeMap::from([("quit".to_string(), "x".to_string())])).unwrap();
    let mut app = fixture::app();
    app.keys = keys;
    assert_eq!(char(&mut app, 'q'), Vec::new());
    assert_eq!(char(&mut app, 'x'), vec![Effect::Quit]);
}

#[test]
fn stale_results_are_dropped() {
    let mut app = fixture::app();
    let old_workspace = app.generation.workspace;
    let finished = app.jobs.len();
    assert_eq!(finished, 0);
    // A newer load is under way; an older answer arrives late.
    let _ = start(&mut app);
    let effects = update(
        &mut app,
        Event::Stories {
            generation: old_workspace,
            result: Ok(Vec::new()),
        },
    );
    assert!(matches!(
        &effects[..],
        [Effect::Log {
            level: LogLevel::Info,
            ..
        }]
    ));
    assert_eq!(
        app.stories.all().len(),
        6,
        "the stale empty list was dropped"
    );
    let effects = update(
        &mut app,
        Event::Environments {
            generation: old_workspace,
            result: Err(BackendError::new("boom")),
        },
    );
    assert!(
        app.errors.is_empty(),
        "a stale error opens nothing: {effects:?}"
    );

    // The selection moved on twice; the first diff comes back last.
    let story_102 = "story/SB-102-customer-segments".to_string();
    char(&mut app, 'j');
    let first = app.generation.diff;
    char(&mut app, 'j');
    char(&mut app, 'k');
    let effects = update(
        &mut app,
        Event::Diff {
            story: story_102.clone(),
            generation: first,
            result: Ok(fixture::diff()),
        },
    );
    assert!(matches!(&effects[..], [Effect::Log { .. }]));
    assert!(app.diff.diff.is_none());
    let newest = app.generation.diff;
    let effects = update(
        &mut app,
        Event::Diff {
            story: "story/SB-103-returns-dashboard".into(),
            generation: newest,
            result: Ok(fixture::diff()),
        },
    );
    assert!(
        matches!(&effects[..], [Effect::Log { .. }]),
        "a diff of another story is stale too"
    );
    let current = app.generation.diff;
    update(
        &mut app,
        Event::Diff {
            story: story_102,
            generation: current,
            result: Ok(fixture::diff()),
        },
    );
    assert!(app.diff.diff.is_some() && !app.diff.loading);
}

#[test]
fn errors_open_a_popup_are_logged_and_dismissed() {
    let mut app = fixture::app();
    let _ = start(&mut app);
    let generation = app.generation.workspace;
    let effects = update(
        &mut app,
        Event::Branches {
            generation,
            result: Err(BackendError::new("cannot open repository /x: not found")),
        },
    );
    assert!(
        matches!(&effects[..], [Effect::Log { level: LogLevel::Error, message }] if message.contains("not found"))
    );
    assert_eq!(app.errors.len(), 1);
    assert_eq!(
        app.branches.error.as_deref(),
        Some("cannot open repository /x: not found")
    );
    assert_eq!(app.branches.all().len(), 8, "the last rows stay");

    let effects = char(&mut app, 'f');
    assert!(effects.is_empty(), "keys go to the popup first");
    let job = JobId(app.next_job);
    app.next_job += 1;
    app.jobs.push(Job {
        id: job,
        kind: JobKind::Operation,
        label: "fetching remotes".into(),
        progress: Progress::default(),
    });
    let effects = update(
        &mut app,
        Event::JobFinished {
            job,
            result: Err(BackendError::new("network down")),
        },
    );
    // A failed operation may have changed things too: the lists are read again.
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Load { .. })),
        "{effects:?}"
    );
    assert_eq!(app.errors.len(), 2);
    assert_eq!(app.errors[1].title, "Fetching remotes failed");
    assert_eq!(app.errors[1].message, "network down");
    assert!(app.jobs.iter().all(|j| j.id != job));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.errors.len(), 1);
    key(&mut app, KeyCode::Enter);
    assert!(app.errors.is_empty());

    let generation = app.generation.diff;
    let story = app.diff.story.clone().unwrap();
    update(
        &mut app,
        Event::Diff {
            story,
            generation,
            result: Err(BackendError::new("bad tree")),
        },
    );
    assert_eq!(app.diff.error.as_deref(), Some("bad tree"));
    assert_eq!(app.errors.len(), 1);
}

#[test]
fn mouse_focuses_selects_and_scrolls() {
    let mut app = fixture::app();
    let screen = areas(app.size.0, app.size.1);
    // The third row of the branches pane.
    click(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        3,
        screen.branches.y + 3,
    );
    assert_eq!(app.focus, Pane::Branches);
    assert_eq!(app.branch_list.selected, 2);
    let effects = click(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        3,
        screen.stories.y + 2,
    );
    assert_eq!(app.focus, Pane::Stories);
    assert_eq!(selected(&app), "story/SB-102-customer-segments");
    assert!(matches!(effects[0], Effect::LoadDiff { .. }));
    // On the border: focus only.
    click(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        3,
        screen.environments.y + 5,
    );
    assert_eq!(app.focus, Pane::Environments);
    assert_eq!(app.environment_list.selected, 0);

    let mut app = fixture::app();
    click(
        &mut app,
        MouseEventKind::ScrollDown,
        screen.diff.x + 2,
        screen.diff.y + 2,
    );
    assert_eq!(app.diff.scroll, 3);
    assert_eq!(app.focus, Pane::Stories, "the wheel does not move focus");
    click(
        &mut app,
        MouseEventKind::ScrollDown,
        2,
        screen.stories.y + 2,
    );
    assert_eq!(selected(&app), "story/SB-102-customer-segments");
}

#[test]
fn idle_ticks_within_a_second_leave_the_screen_alone() {
    let mut app = fixture::app();
    let tick = |app: &mut App, now: i64| {
        app.redraw = false;
        update(app, Event::Tick { now });
        app.redraw
    };
    assert!(
        tick(&mut app, fixture::NOW + 1),
        "a new second may age a row"
    );
    assert!(!tick(&mut app, fixture::NOW + 1), "nothing moved");
    app.redraw = false;
    update(&mut app, Event::Resize(100, 30));
    assert!(app.redraw, "every other event redraws");
    let effects = char(&mut app, 'f');
    assert_eq!(
        ran(&effects),
        Some((Action::Fetch, Vec::new())),
        "{effects:?}"
    );
    assert!(
        tick(&mut app, fixture::NOW + 1),
        "the spinner turns while a job runs"
    );
}

#[test]
fn resize_ticks_and_progress() {
    let mut app = fixture::app();
    update(&mut app, Event::Resize(200, 50));
    assert_eq!(app.size, (200, 50));
    update(
        &mut app,
        Event::Tick {
            now: fixture::NOW + 60,
        },
    );
    assert_eq!(app.now, fixture::NOW + 60);
    assert_eq!(app.spinner_frame, 0, "the spinner rests when nothing runs");
    let effects = char(&mut app, 'f');
    let [Effect::Run { job, .. }] = effects[..] else {
        panic!("{effects:?}")
    };
    update(
        &mut app,
        Event::Tick {
            now: fixture::NOW + 61,
        },
    );
    assert_eq!(app.spinner_frame, 1);
    update(
        &mut app,
        Event::Progress {
            job,
            progress: Progress {
                done: 2,
                total: Some(4),
            },
        },
    );
    assert_eq!(
        app.jobs[0].progress,
        Progress {
            done: 2,
            total: Some(4)
        }
    );
}

#[test]
fn file_changes_in_the_watched_worktree_reload_the_diff() {
    let mut app = fixture::app();
    let watched = app.watched.clone().unwrap();
    let effects = update(
        &mut app,
        Event::FilesChanged {
            paths: vec![watched.join("views/orders.view.lkml")],
        },
    );
    // The lists are read again (the uncommitted count), and the diff.
    assert!(
        matches!(&effects[..], [Effect::Load { .. }, Effect::LoadDiff { story, .. }] if story == "story/SB-101-orders-revenue")
    );
    // More changes while that load runs: one more load after it, not a pile.
    let effects = update(
        &mut app,
        Event::FilesChanged {
            paths: vec![watched.join("views/orders.view.lkml")],
        },
    );
    assert!(
        matches!(&effects[..], [Effect::LoadDiff { .. }]),
        "{effects:?}"
    );
    assert!(app.reload_pending);
    assert!(
        !app.diff.lines.is_empty(),
        "the old diff stays until the new one is in"
    );
    let effects = update(
        &mut app,
        Event::FilesChanged {
            paths: vec![PathBuf::from("/elsewhere/x.lkml")],
        },
    );
    assert_eq!(effects, Vec::new());
}

fn shift(app: &mut App, c: char) -> Vec<Effect> {
    update(
        app,
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)),
    )
}

/// The preview effect's request, when the effects ask for exactly one.
fn previewed(effects: &[Effect]) -> Option<(u64, Operation)> {
    match effects {
        [
            Effect::Preview {
                generation,
                request,
                ..
            },
        ] => Some((*generation, request.clone())),
        _ => None,
    }
}

fn plan_arrives(app: &mut App, generation: u64, request: Operation, choices: Vec<Choice>) {
    let effects = update(
        app,
        Event::Preview {
            generation,
            request,
            result: Ok(Preview {
                title: "Promote release/2025-10-13 to production".to_string(),
                text: (1..=40).map(|i| format!("line {i}\n")).collect(),
                choices,
            }),
        },
    );
    assert_eq!(effects, Vec::new());
    // The job that made the plan ends, as the runner reports it.
    let planning: Vec<JobId> = app
        .jobs
        .iter()
        .filter(|j| j.kind == JobKind::Preview)
        .map(|j| j.id)
        .collect();
    for job in planning {
        let effects = update(
            app,
            Event::JobFinished {
                job,
                result: Ok(String::new()),
            },
        );
        assert_eq!(effects, Vec::new());
    }
}

/// The planning jobs end, as the runner reports them after their thread.
fn finish_previews(app: &mut App) {
    let planning: Vec<JobId> = app
        .jobs
        .iter()
        .filter(|j| j.kind == JobKind::Preview)
        .map(|j| j.id)
        .collect();
    for job in planning {
        update(
            app,
            Event::JobFinished {
                job,
                result: Ok(String::new()),
            },
        );
    }
}

fn promote_choice() -> Choice {
    Choice {
        key: 'y',
        label: "promote".to_string(),
        operation: Operation::new(Action::Promote, args(&["production", "plan-1"])),
        previews: false,
    }
}

#[test]
fn the_board_selects_stories_and_stages() {
    let mut app = fixture::app();
    char(&mut app, '5');
    assert_eq!(app.focus, Pane::Pipeline);
    assert_eq!(
        app.selected_board_story().map(|s| s.key.as_str()),
        Some("SB-97")
    );
    assert_eq!(
        app.selected_stage().map(|e| e.name.as_str()),
        Some("integration")
    );
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    assert_eq!(
        app.selected_stage().map(|e| e.name.as_str()),
        Some("dev-alice"),
        "stops at the last"
    );
    key(&mut app, KeyCode::Left);
    char(&mut app, 'j');
    assert_eq!(
        app.selected_board_story().map(|s| s.key.as_str()),
        Some("SB-98")
    );
    let cell = crate::tui::board_view::describe_selection(&app).unwrap_or_default();
    assert!(
        cell.starts_with("production: release/2025-10-06 (0303030) by Lee Lead 6d ago"),
        "{cell}"
    );
    assert!(
        cell.ends_with("SB-98 pending: arrives with release/2025-10-13"),
        "{cell}"
    );
    // A filter narrows the rows; clearing it keeps the row selected.
    char(&mut app, '/');
    typed(&mut app, "sb-98");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.visible(Pane::Pipeline).len(), 1);
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        app.selected_board_story().map(|s| s.key.as_str()),
        Some("SB-98")
    );
    // enter shows the story's own row in the Stories pane.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Pane::Stories);
    assert_eq!(app.selected_story().map(|s| s.key.as_str()), Some("SB-98"));
}

#[test]
fn promote_plans_first_and_runs_only_what_was_confirmed() {
    let mut app = fixture::app();
    // Not on the board: the key says where it works.
    assert_eq!(shift(&mut app, 'P'), Vec::new());
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("pipeline board")
    );
    char(&mut app, '5');
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    let effects = shift(&mut app, 'P');
    let Some((generation, request)) = previewed(&effects) else {
        panic!("{effects:?}")
    };
    assert_eq!(
        request,
        Operation::new(Action::Promote, args(&["production"]))
    );
    assert!(
        app.jobs
            .iter()
            .any(|j| j.label.starts_with("planning the promotion of production"))
    );
    plan_arrives(&mut app, generation, request, vec![promote_choice()]);
    let Overlay::Confirm(confirm) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    assert_eq!(confirm.lines.len(), 40);
    // The plan scrolls; other keys write nothing.
    char(&mut app, 'j');
    key(&mut app, KeyCode::PageDown);
    char(&mut app, 'f');
    let Overlay::Confirm(confirm) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    assert!(confirm.scroll > 1);
    // esc cancels: nothing runs.
    assert_eq!(key(&mut app, KeyCode::Esc), Vec::new());
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.status.as_deref(), Some("nothing was written"));
    // Again, and enter runs the plan's own operation.
    let effects = shift(&mut app, 'P');
    let (generation, request) = previewed(&effects).unwrap_or_else(|| panic!("{effects:?}"));
    plan_arrives(&mut app, generation, request, vec![promote_choice()]);
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(
        ran(&effects),
        Some((Action::Promote, args(&["production", "plan-1"])))
    );
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(
        app.jobs.last().map(|j| j.label.as_str()),
        Some("promoting production")
    );
    // While it runs: another plan is refused on the status line, and esc says
    // the write cannot be stopped halfway.
    assert_eq!(shift(&mut app, 'P'), Vec::new());
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .starts_with("busy: promoting production")
    );
    assert_eq!(key(&mut app, KeyCode::Esc), Vec::new());
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("cannot be stopped halfway")
    );
}

#[test]
fn a_plan_being_made_is_cancelled_with_esc_and_its_result_dropped() {
    let mut app = fixture::app();
    char(&mut app, '5');
    let effects = shift(&mut app, 'R');
    let (generation, request) = previewed(&effects).unwrap_or_else(|| panic!("{effects:?}"));
    assert_eq!(request, Operation::new(Action::ReleaseCut, Vec::new()));
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        app.status.as_deref(),
        Some("cancelled: planning a release cut; nothing was written")
    );
    // Its thread holds the repository's lock until it ends: writes wait.
    let job = app
        .jobs
        .iter()
        .find(|j| j.kind == JobKind::Preview)
        .map(|j| (j.id, j.label.clone()));
    let Some((job, label)) = job else {
        panic!("{:?}", app.jobs)
    };
    assert_eq!(label, "cancelled, finishing: planning a release cut");
    assert_eq!(char(&mut app, 'f'), Vec::new());
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .starts_with("busy: cancelled, finishing")
    );
    let effects = update(
        &mut app,
        Event::Preview {
            generation,
            request,
            result: Ok(Preview {
                title: "Cut".to_string(),
                text: "release".to_string(),
                choices: vec![promote_choice()],
            }),
        },
    );
    assert!(
        matches!(&effects[..], [Effect::Log { .. }]),
        "dropped: {effects:?}"
    );
    assert_eq!(app.overlay, Overlay::None);
    update(
        &mut app,
        Event::JobFinished {
            job,
            result: Ok(String::new()),
        },
    );
    assert!(!app.is_busy());
    assert_eq!(ran(&char(&mut app, 'f')), Some((Action::Fetch, Vec::new())));
}

#[test]
fn a_plan_that_arrives_while_another_window_is_open_waits_to_be_asked_again() {
    let mut app = fixture::app();
    char(&mut app, '5');
    let effects = shift(&mut app, 'P');
    let (generation, request) = previewed(&effects).unwrap_or_else(|| panic!("{effects:?}"));
    // The user opened the finder meanwhile: the plan must not take its keys.
    char(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::Finder(_)));
    plan_arrives(&mut app, generation, request, vec![promote_choice()]);
    assert!(matches!(app.overlay, Overlay::Finder(_)));
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("press the key again"),
        "{:?}",
        app.status
    );
    assert_eq!(
        key(&mut app, KeyCode::Enter).len(),
        1,
        "enter is the finder's"
    );
}

#[test]
fn rollback_and_history_act_on_the_selected_cell() {
    let mut app = fixture::app();
    char(&mut app, '5');
    char(&mut app, 'j');
    key(&mut app, KeyCode::Right);
    let effects = shift(&mut app, 'X');
    assert_eq!(
        previewed(&effects).map(|(_, r)| r),
        Some(Operation::new(
            Action::Rollback,
            args(&["SB-98", "acceptance"])
        ))
    );
    key(&mut app, KeyCode::Esc);
    let effects = char(&mut app, 'h');
    let (generation, request) = previewed(&effects).unwrap_or_else(|| panic!("{effects:?}"));
    assert_eq!(
        request,
        Operation::new(Action::History, args(&["acceptance"]))
    );
    // A history has nothing to confirm: any of esc, n, q closes it, and
    // nothing was written is not said of a read.
    plan_arrives(&mut app, generation, request, Vec::new());
    assert!(matches!(app.overlay, Overlay::Confirm(_)));
    assert_eq!(char(&mut app, 'y'), Vec::new());
    assert!(
        matches!(app.overlay, Overlay::Confirm(_)),
        "y chooses nothing"
    );
    char(&mut app, 'q');
    assert_eq!(app.overlay, Overlay::None);
    assert!(!app.quitting);
    // A developer's environment is not a stage: no promotion, no rollback.
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    assert_eq!(shift(&mut app, 'P'), Vec::new());
    assert!(app.status.as_deref().unwrap_or("").contains("not a stage"));
    assert_eq!(shift(&mut app, 'X'), Vec::new());
    assert!(app.status.as_deref().unwrap_or("").contains("not a stage"));
}

#[test]
fn a_failed_plan_opens_an_error_naming_the_stage() {
    let mut app = fixture::app();
    char(&mut app, '5');
    let effects = shift(&mut app, 'P');
    let (generation, request) = previewed(&effects).unwrap_or_else(|| panic!("{effects:?}"));
    update(
        &mut app,
        Event::Preview {
            generation,
            request,
            result: Err(BackendError::new("integration's remote cannot be reached")),
        },
    );
    assert_eq!(
        app.errors.last().map(|e| e.title.as_str()),
        Some("Cannot promote integration")
    );
}

#[test]
fn switching_to_a_merged_story_asks_first() {
    let mut app = fixture::app();
    let merged = app.stories.all().iter().position(|s| s.merged).unwrap_or(0);
    app.story_list.selected = merged;
    assert_eq!(key(&mut app, KeyCode::Enter), Vec::new());
    let Overlay::Confirm(confirm) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    assert!(confirm.lines[0].contains("is merged into main"));
    assert_eq!(char(&mut app, 'n'), Vec::new());
    assert_eq!(app.overlay, Overlay::None);
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        ran(&char(&mut app, 'y')),
        Some((Action::Switch, args(&["story/SB-98-shipping-times"])))
    );
}

#[test]
fn a_stopped_sync_is_marked_and_y_offers_continue_or_abort() {
    let mut app = fixture::app();
    let mut stories = fixture::stories();
    stories[0].sync_conflicts = vec![PathBuf::from("views/orders.view.lkml")];
    let generation = app.generation.workspace;
    update(
        &mut app,
        Event::Stories {
            generation,
            result: Ok(stories),
        },
    );
    let screen = crate::tui::render_to_text(&app, 200, 30);
    assert!(screen.contains("⚠ sync stopped: 1 conflict(s)"), "{screen}");
    assert!(
        screen.contains("stopped at a conflict"),
        "the diff pane says why:\n{screen}"
    );
    assert!(screen.contains("views/orders.view.lkml"), "{screen}");
    assert_eq!(char(&mut app, 'y'), Vec::new());
    let Overlay::Confirm(confirm) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    let keys: Vec<char> = confirm.choices.iter().map(|c| c.key).collect();
    assert_eq!(keys, ['c', 'a']);
    assert_eq!(
        ran(&char(&mut app, 'a')),
        Some((Action::Sync, args(&["abort"])))
    );
}

#[test]
fn publish_takes_the_current_story_without_asking() {
    let mut app = fixture::app();
    assert_eq!(
        ran(&char(&mut app, 'p')),
        Some((Action::Publish, args(&["story/SB-101-orders-revenue"])))
    );
}

#[test]
fn reading_the_diff_wraps_jumps_and_opens_the_editor() {
    let mut app = fixture::app();
    char(&mut app, 'd');
    assert!(app.diff.anchors.len() >= 2, "{:?}", app.diff.anchors);
    char(&mut app, ']');
    assert_eq!(app.diff.scroll, app.diff.anchors[1].line);
    char(&mut app, '[');
    assert_eq!(app.diff.scroll, 0);
    key(&mut app, KeyCode::Right);
    assert_eq!(app.diff.column, 8);
    char(&mut app, 'w');
    assert!(app.diff.wrap);
    assert_eq!(app.diff.column, 0);
    key(&mut app, KeyCode::Right);
    assert_eq!(app.diff.column, 0, "wrapped lines do not scroll sideways");
    char(&mut app, ']');
    let anchor = app.diff.anchors[1].clone();
    let effects = char(&mut app, 'o');
    assert_eq!(
        effects,
        vec![Effect::Edit {
            path: PathBuf::from("/home/alice/.storyboard/worktrees/SB-101-orders-revenue")
                .join(&anchor.file),
            line: anchor.file_line
        }]
    );
    // Outside the diff `o` still pushes for review.
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        ran(&char(&mut app, 'o')).map(|r| r.0),
        Some(Action::PullRequest)
    );
}

#[test]
fn a_status_message_clears_itself() {
    let mut app = fixture::app();
    app.say("published SB-101");
    let now = app.now;
    update(&mut app, Event::Tick { now: now + 3 });
    assert!(app.status.is_some());
    app.redraw = false;
    update(&mut app, Event::Tick { now: now + 10 });
    assert_eq!(app.status, None);
    assert!(app.redraw);
}

#[test]
fn the_stories_title_counts_the_filtered_rows() {
    let mut app = fixture::app();
    char(&mut app, '/');
    typed(&mut app, "sb-10");
    let screen = crate::tui::render_to_text(&app, 80, 24);
    assert!(screen.contains("Stories (4/6)"), "{screen}");
}

#[test]
fn the_help_scrolls_on_a_small_terminal() {
    let mut app = fixture::app();
    char(&mut app, '?');
    let top = crate::tui::render_to_text(&app, 40, 10);
    assert!(top.contains("(j/k scroll)"), "{top}");
    for _ in 0..80 {
        char(&mut app, 'j');
    }
    let bottom = crate::tui::render_to_text(&app, 40, 10);
    assert!(
        bottom.contains("pipeline:"),
        "the legend is reachable:\n{bottom}"
    );
    assert_ne!(top, bottom);
}

#[test]
fn a_new_story_shows_new_not_the_age_of_main() {
    let mut app = fixture::app();
    let mut stories = fixture::stories();
    // Just made and published: no commit of its own, its head is main's.
    stories[2].ahead = 0;
    stories[2].uncommitted = 0;
    stories[2].published = Published::Yes;
    stories[2].last_commit.time = app.now - 7 * 86_400;
    let generation = app.generation.workspace;
    update(
        &mut app,
        Event::Stories {
            generation,
            result: Ok(stories),
        },
    );
    let screen = crate::tui::render_to_text(&app, 200, 30);
    let row = screen
        .lines()
        .find(|l| l.contains("SB-103 returns-dashboard"))
        .unwrap_or_default();
    assert!(row.contains("published new"), "{row}");
    assert!(!row.contains("7d ago"), "{row}");
}

#[test]
fn branch_names_are_whole_while_they_fit_the_pane() {
    let app = fixture::app();
    let screen = crate::tui::render_to_text(&app, 80, 24);
    assert!(
        screen.contains("story/SB-104-marketing-attribution"),
        "{screen}"
    );
}

#[test]
fn accept_and_reject_the_selected_cell_with_a_reason() {
    let mut app = fixture::app();
    // Off the board they say where they work.
    assert_eq!(char(&mut app, 'a'), Vec::new());
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("pipeline board")
    );
    char(&mut app, '5');
    char(&mut app, 'j');
    key(&mut app, KeyCode::Right);
    let effects = char(&mut app, 'a');
    assert_eq!(
        previewed(&effects).map(|(_, r)| r),
        Some(Operation::new(
            Action::Accept,
            args(&["SB-98", "acceptance"])
        ))
    );
    assert!(app.jobs.iter().any(|j| {
        j.label
            .starts_with("planning the acceptance of SB-98 on acceptance")
    }));
    key(&mut app, KeyCode::Esc);
    finish_previews(&mut app);

    // Reject asks why first; an empty reason is refused, esc writes nothing.
    assert_eq!(char(&mut app, 'r'), Vec::new());
    let Overlay::Reject(form) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    assert_eq!(
        (form.key.as_str(), form.environment.as_str()),
        ("SB-98", "acceptance")
    );
    key(&mut app, KeyCode::Enter);
    let Overlay::Reject(form) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    assert!(form.problem.as_deref().unwrap_or("").starts_with("say why"));
    typed(&mut app, "ship days count weekends");
    key(&mut app, KeyCode::Backspace);
    typed(&mut app, "s");
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(
        previewed(&effects).map(|(_, r)| r),
        Some(Operation::new(
            Action::Reject,
            args(&["SB-98", "acceptance", "ship days count weekends"])
        ))
    );
    assert_eq!(app.overlay, Overlay::None);
    char(&mut app, 'r');
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.status.as_deref(), Some("nothing was written"));
}

#[test]
fn the_board_marks_sign_offs_and_the_command_bar_tells_them() {
    let mut app = fixture::app();
    char(&mut app, '5');
    key(&mut app, KeyCode::Right);
    let screen = crate::tui::render_to_text(&app, 120, 30);
    let row = |key: &str| {
        screen
            .lines()
            .find(|l| l.contains(&format!("┃  {key} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("SB-97").contains("●✓"), "{screen}");
    assert!(row("SB-98").contains("●✗"), "{screen}");
    char(&mut app, 'j');
    let cell = crate::tui::board_view::describe_selection(&app).unwrap_or_default();
    assert!(
        cell.contains("SB-98 deployed, rejected on acceptance by Tess Tester"),
        "{cell}"
    );
}

#[test]
fn a_click_on_the_board_selects_the_cell_under_it() {
    let mut app = fixture::app();
    let area = crate::tui::layout::areas(80, 24).pipeline;
    let board = app
        .pipeline
        .board
        .clone()
        .unwrap_or_else(|| panic!("no board"));
    let width = usize::from(area.width - 2);
    // The first inner column whose cell is production's.
    let x = (0..width)
        .find(|&x| crate::tui::board_view::column_at(&board, width, x) == Some(2))
        .unwrap_or_else(|| panic!("no production column"));
    // Below the border and the two header rows: the third story.
    let effects = click(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        area.x + 1 + x as u16,
        area.y + 1 + 2 + 2,
    );
    assert_eq!(effects, Vec::new());
    assert_eq!(app.focus, Pane::Pipeline);
    assert_eq!(
        app.selected_board_story().map(|s| s.key.as_str()),
        Some("SB-99")
    );
    assert_eq!(
        app.selected_stage().map(|e| e.name.as_str()),
        Some("production")
    );
    // A header row selects no story.
    click(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        area.x + 2,
        area.y + 1,
    );
    assert_eq!(
        app.selected_board_story().map(|s| s.key.as_str()),
        Some("SB-99")
    );
}

#[test]
fn nothing_is_done_on_a_colleagues_environment_or_signed_off_off_the_stages() {
    let mut app = fixture::app();
    char(&mut app, '5');
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    // dev-alice is not a stage: no sign-off there.
    assert_eq!(char(&mut app, 'a'), Vec::new());
    assert!(app.status.as_deref().unwrap_or("").contains("not a stage"));
    assert_eq!(char(&mut app, 'r'), Vec::new());
    assert_eq!(app.overlay, Overlay::None);
    // Seen as a colleague's: not even its history.
    if let Some(board) = app.pipeline.board.as_mut() {
        board.environments[3].colleague = true;
    }
    assert_eq!(char(&mut app, 'h'), Vec::new());
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("a colleague's environment")
    );
}

#[test]
fn the_diff_pane_scrolls_sideways_and_wraps_as_the_full_screen_does() {
    let mut app = fixture::app();
    char(&mut app, '4');
    key(&mut app, KeyCode::Right);
    assert_eq!(app.diff.column, 8);
    key(&mut app, KeyCode::Left);
    assert_eq!(app.diff.column, 0);
    char(&mut app, 'w');
    assert!(app.diff.wrap);
    let screen = crate::tui::render_to_text(&app, 80, 24);
    assert!(
        screen.contains("analytics.orders_v2"),
        "wrapped into view:\n{screen}"
    );
}

#[test]
fn a_story_shows_its_part_in_each_companion() {
    let mut app = fixture::app();
    let mut stories = fixture::stories();
    stories[0].companions.insert(
        "warehouse".to_string(),
        crate::story::CompanionState {
            cloned: true,
            branch: true,
            ahead: 2,
            uncommitted: 1,
            pushed: Pushed::No,
            merged: false,
        },
    );
    let generation = app.generation.workspace;
    update(
        &mut app,
        Event::Stories {
            generation,
            result: Ok(stories),
        },
    );
    let screen = crate::tui::render_to_text(&app, 200, 30);
    let row = screen
        .lines()
        .find(|l| l.contains("SB-101 orders-revenue"))
        .unwrap_or_default();
    assert!(row.contains("warehouse ↑2 ~1"), "{row}");
}
