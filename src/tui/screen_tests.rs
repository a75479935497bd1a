//! Whole-screen snapshots: every pane focused, each overlay, a job running, the
//! first frame, at the smallest supported terminal (80×24) and a large one (200×50).
//!
//! The screen is drawn by the real view into ratatui's test backend and compared as
//! text, so a layout change shows up as a readable diff of the screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::backend::{BackendError, Progress};
use super::fixture;
use super::state::{App, Pane};
use super::update::{Event, update};
use super::view::render_to_text;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn snapshot(name: &str, app: &App) {
    for (width, height) in SIZES {
        let screen = render_to_text(app, width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
    }
}

fn press(app: &mut App, code: KeyCode) {
    let _ = update(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The fixture, sized like the terminal it is drawn on (mouse mapping and paging
/// depend on it, not the drawing).
fn app() -> App {
    fixture::app()
}

#[test]
fn first_frame_while_scanning() {
    snapshot("loading", &fixture::loading_app());
}

#[test]
fn each_pane_focused() {
    for pane in Pane::ALL {
        let mut app = app();
        app.focus = pane;
        snapshot(&format!("focus_{}", pane.number()), &app);
    }
}

#[test]
fn help_overlay() {
    let mut app = app();
    press(&mut app, KeyCode::Char('?'));
    snapshot("help", &app);
}

#[test]
fn finder_with_a_query() {
    let mut app = app();
    press(&mut app, KeyCode::Char('s'));
    typed(&mut app, "seg");
    snapshot("finder", &app);
}

#[test]
fn full_screen_diff() {
    let mut app = app();
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('j'));
    snapshot("full_diff", &app);
}

#[test]
fn error_popup() {
    let mut app = app();
    let _ = update(
        &mut app,
        Event::JobFinished {
            job: super::state::JobId(0),
            result: Ok(String::new()),
        },
    );
    press(&mut app, KeyCode::Char('p'));
    let job = app.jobs[0].id;
    let _ = update(
        &mut app,
        Event::JobFinished {
            job,
            result: Err(BackendError::new(
                "cannot push to ../remotes/looker-dev-alice.git: the remote refused the push (non-fast-forward).\nFetch (f), then publish again.",
            )),
        },
    );
    snapshot("error", &app);
}

#[test]
fn job_in_progress() {
    let mut app = app();
    press(&mut app, KeyCode::Char('f'));
    let job = app.jobs[0].id;
    let _ = update(
        &mut app,
        Event::Progress {
            job,
            progress: Progress {
                done: 3,
                total: Some(5),
            },
        },
    );
    snapshot("job", &app);
}

#[test]
fn new_story_form() {
    let mut app = app();
    press(&mut app, KeyCode::Char('n'));
    typed(&mut app, "SB-105");
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "refunds view");
    snapshot("new_story", &app);
}

#[test]
fn filtered_list() {
    let mut app = app();
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "sb-10");
    snapshot("filter", &app);
}

#[test]
fn tiny_terminals_draw_without_panicking() {
    let mut states = vec![fixture::loading_app(), app()];
    for keys in ["?", "sseg", "nSB-1", "d", "/x"] {
        let mut app = app();
        typed(&mut app, keys);
        states.push(app);
    }
    let mut with_error = app();
    with_error.errors.push(super::state::ErrorPopup {
        title: "Cannot list the stories".to_string(),
        message: "a long message ".repeat(40),
    });
    states.push(with_error);
    for app in &states {
        for (width, height) in [(1, 1), (10, 5), (30, 8), (45, 12)] {
            let screen = render_to_text(app, width, height);
            assert_eq!(screen.lines().count(), usize::from(height));
        }
    }
}

/// A promotion's plan as the backend previews it, over the board.
fn promotion_plan(app: &mut App) {
    press(app, KeyCode::Char('5'));
    press(app, KeyCode::Right);
    press(app, KeyCode::Right);
    let effects = update(
        app,
        Event::Key(KeyEvent::new(KeyCode::Char('P'), KeyModifiers::SHIFT)),
    );
    let Some(super::update::Effect::Preview {
        generation,
        request,
        ..
    }) = effects.into_iter().next()
    else {
        panic!("P plans first");
    };
    let text = "promote production: release/2025-10-13 (0202020) → production\n  source    release/2025-10-13: what acceptance holds\n  arriving  SB-98\n  leaving   (none)\n\n~ view:orders / dimension:ship_days  views/orders.view.lkml:41\n    ~ sql: ${TABLE}.shipped_at - ${TABLE}.created_at → DATEDIFF(day, ${TABLE}.created_at, ${TABLE}.shipped_at)\n\nSummary: 0 added, 1 modified, 0 removed\n";
    let _ = update(
        app,
        Event::Preview {
            generation,
            request: request.clone(),
            result: Ok(super::backend::Preview {
                title: "Promote release/2025-10-13 to production".to_string(),
                text: text.to_string(),
                choices: vec![super::backend::Choice {
                    key: 'y',
                    label: "promote".to_string(),
                    operation: super::backend::Operation::new(
                        super::keys::Action::Promote,
                        vec!["production".to_string(), "plan-1".to_string()],
                    ),
                    previews: false,
                }],
            }),
        },
    );
}

#[test]
fn pipeline_board_and_its_overlays() {
    let mut app = fixture::app();
    press(&mut app, KeyCode::Char('5'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Right);
    snapshot("pipeline_cell", &app);

    let mut app = fixture::app();
    promotion_plan(&mut app);
    snapshot("promote_plan", &app);

    let mut app = fixture::app();
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('p'));
    snapshot("publish_other_story", &app);

    let mut app = fixture::app();
    press(&mut app, KeyCode::Char('5'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char('r'));
    typed(&mut app, "ship days count weekends");
    snapshot("reject_form", &app);

    let mut app = fixture::app();
    app.diff.wrap = true;
    press(&mut app, KeyCode::Char('d'));
    snapshot("full_diff_wrapped", &app);
}
