//! The whole terminal UI over the real demo workspace: the demo is built (real git,
//! real renders), the real backend loads it, and the pure update drives the app
//! as the runner would, running each job on this thread with the runner's own
//! `perform`. Screens are snapshots at 80×24 and 200×50, with commit ids (which
//! carry the time of the run) masked.

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use storyboard::story::Workspace;
use storyboard::tui::keys::Action;
use storyboard::tui::runner::perform;
use storyboard::tui::state::Pane;
use storyboard::tui::story_backend::StoryBackend;
use storyboard::tui::{App, Backend, Effect, Event, KeyMap, Theme, render_to_text, start, update};

struct Demo {
    _tmp: tempfile::TempDir,
    backend: StoryBackend,
    clone: std::path::PathBuf,
}

fn demo() -> Demo {
    let tmp = tempfile::tempdir().unwrap();
    let built = storyboard::demo::build(&tmp.path().join("demo"), &|_| {}).unwrap();
    let config = storyboard::demo::config_of(&built).unwrap();
    Demo {
        backend: StoryBackend::new(Workspace::open(config).unwrap()),
        clone: built.clone,
        _tmp: tmp,
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Runs effects as the runner does, until none are left: each job's events, then
/// its end. Watching is the runner's business and is left out.
fn settle(app: &mut App, backend: &dyn Backend, mut effects: Vec<Effect>) {
    while let Some(effect) = effects.pop() {
        let Some(job) = effect.job() else {
            continue;
        };
        let events = std::cell::RefCell::new(Vec::new());
        let done = perform(backend, &effect, &|e| events.borrow_mut().push(e), &|_| {}).unwrap();
        for event in events.into_inner() {
            effects.extend(update(app, event));
        }
        effects.extend(update(app, Event::JobFinished { job, result: done }));
    }
}

fn press(app: &mut App, backend: &dyn Backend, code: KeyCode) {
    let effects = update(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    settle(app, backend, effects);
}

fn opened(d: &Demo) -> App {
    let mut app = App::new(KeyMap::default(), Theme::plain(), now());
    let effects = start(&mut app);
    settle(&mut app, &d.backend, effects);
    app
}

/// Commit ids differ from run to run (they hash the time): mask every 7-digit hex word.
fn masked(screen: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = screen.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let is_hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
        let boundary = |j: usize| j >= chars.len() || !chars[j].is_ascii_alphanumeric();
        if is_hex(chars[i]) && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            let end = (i..chars.len())
                .find(|&j| !is_hex(chars[j]))
                .unwrap_or(chars.len());
            // An id may be all letters (`ebeebae`); no word on these screens
            // is. One cut by an overlay's border keeps five or six of its digits.
            let len = end - i;
            let under_overlay = chars.get(end).is_some_and(|c| "┃┏┗║╔╚".contains(*c));
            let cut_id = (5..7).contains(&len) && chars[i..end].iter().any(|c| c.is_ascii_digit())
                || (1..7).contains(&len) && under_overlay;
            if (len == 7 || cut_id) && boundary(end) {
                out.push_str(&"·".repeat(len));
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The demo's releases and deployments are dated from the day it is built:
/// dates (`2026-12-01`, a column's `12-01`) and times of day are masked too.
fn undated(screen: &str) -> String {
    let mut text = screen.to_string();
    for (shape, mask) in [
        ("dddd-dd-dd", "YYYY-MM-DD"),
        ("dd:dd", "hh:mm"),
        ("dd-dd", "MM-DD"),
    ] {
        text = mask_shape(&text, shape, mask);
    }
    text
}

/// Replaces every run of characters of `shape` (`d` a digit, anything else
/// itself), not inside a word, with `mask`.
fn mask_shape(text: &str, shape: &str, mask: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let shape: Vec<char> = shape.chars().collect();
    let fits = |at: usize| {
        at + shape.len() <= chars.len()
            && shape.iter().enumerate().all(|(k, &s)| {
                let c = chars[at + k];
                if s == 'd' { c.is_ascii_digit() } else { c == s }
            })
            && (at == 0 || !chars[at - 1].is_ascii_alphanumeric())
            && chars
                .get(at + shape.len())
                .is_none_or(|c| !c.is_ascii_alphanumeric())
    };
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if fits(i) {
            out.push_str(mask);
            i += shape.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn snapshot(name: &str, app: &App) {
    for (w, h) in [(80, 24), (200, 50)] {
        insta::assert_snapshot!(
            format!("demo_{name}_{w}x{h}"),
            undated(&masked(&render_to_text(app, w, h)))
        );
    }
}

fn shift(app: &mut App, backend: &dyn Backend, c: char) {
    let effects = update(
        app,
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)),
    );
    settle(app, backend, effects);
}

#[test]
fn a_lead_promotes_and_rolls_back_from_the_board() {
    let d = demo();
    let mut app = opened(&d);
    press(&mut app, &d.backend, KeyCode::Char('5'));
    snapshot("pipeline", &app);
    let board = app.pipeline.board.clone().unwrap();
    let names: Vec<&str> = board.environments.iter().map(|e| e.name.as_str()).collect();
    // The stages in order, Alice's environment, then Bob's: his remote is
    // configured in her clone.
    assert_eq!(
        names,
        [
            "integration",
            "acceptance",
            "production",
            "dev-alice",
            "dev-bob"
        ]
    );

    // History of acceptance, as an overlay.
    press(&mut app, &d.backend, KeyCode::Right);
    press(&mut app, &d.backend, KeyCode::Char('h'));
    snapshot("history", &app);
    press(&mut app, &d.backend, KeyCode::Esc);

    // A release cut: planned, shown, cancelled; nothing pushed.
    shift(&mut app, &d.backend, 'R');
    snapshot("release_cut", &app);
    press(&mut app, &d.backend, KeyCode::Char('n'));
    assert_eq!(app.status.as_deref(), Some("nothing was written"));

    // Production: the plan shows the release and its two stories arriving.
    press(&mut app, &d.backend, KeyCode::Right);
    shift(&mut app, &d.backend, 'P');
    snapshot("promote_plan", &app);
    let storyboard::tui::state::Overlay::Confirm(confirm) = &app.overlay else {
        panic!("no plan: {:?} {:?}", app.overlay, app.errors)
    };
    let plan = confirm.lines.join("\n");
    assert!(
        plan.contains("ABC-102") && plan.contains("ABC-103"),
        "{plan}"
    );
    press(&mut app, &d.backend, KeyCode::Char('y'));
    assert!(app.errors.is_empty(), "{:?}", app.errors);
    assert!(
        app.status.as_deref().unwrap_or("").contains("production"),
        "{:?}",
        app.status
    );
    // The board was read again: both stories are on production now.
    let board = app.pipeline.board.clone().unwrap();
    for key in ["ABC-102", "ABC-103"] {
        let row = board.stories.iter().find(|s| s.key == key).unwrap();
        assert!(row.on.contains(&"production".to_string()), "{row:?}");
    }

    // Roll ABC-103 back from production: planned, shown, confirmed.
    let row = app
        .visible(Pane::Pipeline)
        .iter()
        .position(|&i| board.stories[i].key == "ABC-103")
        .unwrap();
    app.pipeline_list.selected = row;
    shift(&mut app, &d.backend, 'X');
    snapshot("rollback_plan", &app);
    press(&mut app, &d.backend, KeyCode::Enter);
    assert!(app.errors.is_empty(), "{:?}", app.errors);
    let board = app.pipeline.board.clone().unwrap();
    let abc103 = board.stories.iter().find(|s| s.key == "ABC-103").unwrap();
    assert!(!abc103.on.contains(&"production".to_string()), "{abc103:?}");
    assert!(abc103.held, "{abc103:?}");
}

#[test]
fn the_demo_in_every_pane_and_overlay() {
    let d = demo();
    let mut app = opened(&d);
    assert!(app.stories.all().len() >= 5);

    for pane in Pane::ALL {
        app.focus = pane;
        snapshot(&format!("focus_{}", pane.number()), &app);
    }
    app.focus = Pane::Stories;

    press(&mut app, &d.backend, KeyCode::Char('?'));
    snapshot("help", &app);
    press(&mut app, &d.backend, KeyCode::Esc);

    press(&mut app, &d.backend, KeyCode::Char('s'));
    for c in "ship".chars() {
        press(&mut app, &d.backend, KeyCode::Char(c));
    }
    snapshot("finder", &app);
    press(&mut app, &d.backend, KeyCode::Esc);

    press(&mut app, &d.backend, KeyCode::Char('d'));
    snapshot("full_diff", &app);
    press(&mut app, &d.backend, KeyCode::Esc);
}

#[test]
fn a_refused_publish_opens_an_error_popup_and_a_switch_shows_progress() {
    let d = demo();
    let mut app = opened(&d);
    // The current story's environment holds an edit made in Looker: publishing
    // over it is refused, with the library's full message.
    let effects = update(
        &mut app,
        Event::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::NONE)),
    );
    assert!(
        matches!(effects.as_slice(), [Effect::Run { operation, .. }] if operation.action == Action::Publish),
        "{effects:?}"
    );
    settle(&mut app, &d.backend, effects);
    snapshot("error", &app);
    press(&mut app, &d.backend, KeyCode::Esc);

    // A switch in progress: the job runs in the background while the UI draws.
    press(&mut app, &d.backend, KeyCode::Char('s'));
    for c in "ABC-121".chars() {
        press(&mut app, &d.backend, KeyCode::Char(c));
    }
    let effects = update(
        &mut app,
        Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let Some(Effect::Run { job, operation }) = effects
        .iter()
        .find(|e| matches!(e, Effect::Run { operation, .. } if operation.action == Action::Switch))
        .cloned()
    else {
        panic!("enter in the finder switches: {effects:?}");
    };
    assert_eq!(operation.arg(0), "story/ABC-121-shipping-slas");
    let _ = update(
        &mut app,
        Event::Progress {
            job,
            progress: storyboard::tui::Progress {
                done: 1,
                total: Some(3),
            },
        },
    );
    snapshot("job", &app);

    // And when it ends, the repositories changed: the Looker edit was synced into
    // ABC-120 first, and ABC-121 is what dev-alice holds.
    settle(&mut app, &d.backend, effects);
    // The status line says what the command line says, on one line.
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("synced 1 commit(s) from dev-alice into story/ABC-120-net-revenue; ")
            && status.contains("; now on story/ABC-121-shipping-slas: "),
        "{status}"
    );
    let envs = d.backend.load_environments(&|_| {}).unwrap();
    let dev = envs.iter().find(|e| e.name == "dev-alice").unwrap();
    assert_eq!(dev.story.as_deref(), Some("story/ABC-121-shipping-slas"));
    let stories = d.backend.load_stories(&|_| {}).unwrap();
    let synced = stories.iter().find(|s| s.key == "ABC-120").unwrap();
    assert_eq!(synced.unsynced, 0);
    assert!(
        app.stories
            .all()
            .iter()
            .any(|s| s.current && s.key == "ABC-121"),
        "the UI reloaded"
    );
    let _ = Path::new(&d.clone);
}

/// The story's row on the board, selected.
fn select_row(app: &mut App, key: &str) {
    let board = app.pipeline.board.clone().unwrap();
    let row = app
        .visible(Pane::Pipeline)
        .iter()
        .position(|&i| board.stories[i].key == key)
        .unwrap();
    app.pipeline_list.selected = row;
}

fn row_of(app: &App, key: &str) -> storyboard::pipeline::StoryRow {
    let board = app.pipeline.board.clone().unwrap();
    board.stories.into_iter().find(|s| s.key == key).unwrap()
}

#[test]
fn a_tester_accepts_and_rejects_on_acceptance_from_the_board() {
    let d = demo();
    let mut app = opened(&d);
    press(&mut app, &d.backend, KeyCode::Char('5'));
    press(&mut app, &d.backend, KeyCode::Right);

    select_row(&mut app, "ABC-102");
    press(&mut app, &d.backend, KeyCode::Char('a'));
    snapshot("accept_plan", &app);
    press(&mut app, &d.backend, KeyCode::Char('y'));
    assert!(app.errors.is_empty(), "{:?}", app.errors);
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .starts_with("accepted ABC-102 on acceptance"),
        "{:?}",
        app.status
    );
    assert_eq!(row_of(&app, "ABC-102").accepted_on, ["acceptance"]);

    select_row(&mut app, "ABC-103");
    press(&mut app, &d.backend, KeyCode::Char('r'));
    for c in "return reasons are blank for exchanges".chars() {
        press(&mut app, &d.backend, KeyCode::Char(c));
    }
    press(&mut app, &d.backend, KeyCode::Enter);
    snapshot("reject_plan", &app);
    press(&mut app, &d.backend, KeyCode::Enter);
    assert!(app.errors.is_empty(), "{:?}", app.errors);
    let abc103 = row_of(&app, "ABC-103");
    assert_eq!(abc103.rejected_on, ["acceptance"]);
    assert_eq!(
        abc103.sign_offs[0].record.message.as_deref(),
        Some("return reasons are blank for exchanges")
    );
    snapshot("signed_off", &app);
}
