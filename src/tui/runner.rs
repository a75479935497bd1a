//! The event loop: terminal input, a clock tick and job reports go into
//! [`update`]; the effects it returns run on blocking threads through the
//! [`Backend`]; the screen is redrawn after each event that may have changed it.
//!
//! This is the only part of the UI that touches the terminal, threads and the file
//! system, and it decides nothing: that stays in the pure update, where it is tested.

use std::io::{self, Stdout};
use std::panic;
use std::path::{Component, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event as TerminalEvent, EventStream, KeyEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use futures_util::StreamExt;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::backend::{Backend, BackendError, Done};
use super::keys::KeyMap;
use super::state::{App, JobId};
use super::theme::Theme;
use super::update::{Effect, Event, LogLevel, start, update};
use super::view::draw;

/// How often the spinner turns and ages are refreshed.
const TICK: Duration = Duration::from_millis(120);
/// Saving a file often means several writes; one diff after they settle is enough.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Opens the full-screen UI and returns when the user quits. The terminal is put
/// back as it was on return, on a panic, and on Ctrl-C (a key press in raw mode).
pub fn run(backend: Arc<dyn Backend>, keys: KeyMap, theme: Theme) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let previous_hook: Arc<dyn Fn(&panic::PanicHookInfo<'_>) + Send + Sync> =
        Arc::from(panic::take_hook());
    let hook = Arc::clone(&previous_hook);
    // The event loop runs on this thread (`block_on`). A panic in a job's thread
    // is reported by its job as an error popup, and the UI goes on: the terminal
    // stays as it is, and the message goes to the log instead of over the screen.
    let ui_thread = std::thread::current().id();
    panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui_thread {
            restore_terminal();
            hook(info);
        } else {
            tracing::error!("{info}");
        }
    }));
    let result = runtime.block_on(async {
        let mut terminal = TerminalSession::enter()?;
        event_loop(&mut terminal.terminal, backend, keys, theme).await
    });
    // The session's guard has restored the terminal; panics report as before again.
    let _ = panic::take_hook();
    panic::set_hook(Box::new(move |info| previous_hook(info)));
    runtime.shutdown_timeout(Duration::from_millis(200));
    result
}

struct TerminalSession {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalSession {
    fn enter() -> io::Result<TerminalSession> {
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableMouseCapture) {
            restore_terminal();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(stdout)) {
            Ok(terminal) => Ok(TerminalSession { terminal }),
            Err(e) => {
                restore_terminal();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalSession {
    fn drop(&mut self) {
        restore_terminal();
        let _ = self.terminal.show_cursor();
    }
}

/// Best effort: this also runs inside the panic hook, where nothing may fail.
fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        LeaveAlternateScreen,
        DisableMouseCapture,
        crossterm::cursor::Show
    );
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

async fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    backend: Arc<dyn Backend>,
    keys: KeyMap,
    theme: Theme,
) -> io::Result<()> {
    let (sender, mut jobs) = unbounded_channel::<Event>();
    let mut app = App::new(keys, theme, unix_now());
    let size = terminal.size()?;
    app.size = (size.width, size.height);
    // The first frame, with its loading states, before any repository is read.
    terminal.draw(|frame| draw(frame, &app))?;

    let mut watcher = WorktreeWatcher::new(sender.clone());
    let mut input = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    let mut effects = start(&mut app);
    loop {
        for effect in effects.drain(..) {
            if let Effect::Edit { path, line } = &effect {
                // The input stream's thread would read the terminal while the
                // editor runs and steal its keys: it is dropped, and a new one
                // starts reading once the editor is done.
                drop(std::mem::replace(&mut input, EventStream::new()));
                app.say(edit(terminal, path, *line)?);
                app.redraw = true;
                continue;
            }
            if execute(effect, &backend, &sender, &mut watcher) == Flow::Quit {
                return Ok(());
            }
        }
        if app.redraw {
            terminal.draw(|frame| draw(frame, &app))?;
            app.redraw = false;
        }
        let event = tokio::select! {
            terminal_event = input.next() => match terminal_event {
                Some(Ok(e)) => match from_terminal(e) {
                    Some(event) => event,
                    None => continue,
                },
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            },
            _ = tick.tick() => Event::Tick { now: unix_now() },
            Some(event) = jobs.recv() => event,
        };
        effects = update(&mut app, event);
    }
}

/// Hands the terminal to `$VISUAL` or `$EDITOR` (else `vi`) at the file's line,
/// and takes it back when the editor exits, whatever it did; what happened is
/// the status line's.
fn edit(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    path: &std::path::Path,
    line: u32,
) -> io::Result<String> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_string());
    // `EDITOR="code --wait"` is common: the first word is the program.
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi").to_string();
    let mut command = std::process::Command::new(&program);
    command.args(words).args(editor_args(&program, path, line));
    restore_terminal();
    let outcome = command.status();
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    terminal.clear()?;
    let shown = format!("{}:{line}", path.display());
    Ok(match outcome {
        Ok(status) if status.success() => format!("edited {shown}"),
        Ok(status) => format!("{program} exited with {status} on {shown}"),
        Err(e) => format!(
            "cannot run the editor `{program}` ({e}): set $VISUAL or $EDITOR to one on your PATH"
        ),
    })
}

/// How an editor is told the line: `+LINE FILE` is vi's, emacs's and nano's
/// way; the editors that do not take it are named.
fn editor_args(program: &str, path: &std::path::Path, line: u32) -> Vec<std::ffi::OsString> {
    let name = std::path::Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(program);
    let at = format!("{}:{line}", path.display());
    match name {
        "code" | "code-insiders" | "codium" => vec!["--goto".into(), at.into()],
        "subl" | "zed" | "hx" | "helix" | "micro" => vec![at.into()],
        _ => vec![format!("+{line}").into(), path.as_os_str().to_owned()],
    }
}

fn from_terminal(event: TerminalEvent) -> Option<Event> {
    match event {
        TerminalEvent::Key(key) if key.kind != KeyEventKind::Release => Some(Event::Key(key)),
        TerminalEvent::Mouse(mouse) => Some(Event::Mouse(mouse)),
        TerminalEvent::Resize(width, height) => Some(Event::Resize(width, height)),
        _ => None,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Quit,
}

fn execute(
    effect: Effect,
    backend: &Arc<dyn Backend>,
    sender: &UnboundedSender<Event>,
    watcher: &mut WorktreeWatcher,
) -> Flow {
    match effect {
        Effect::Quit => return Flow::Quit,
        Effect::Log { level, message } => match level {
            LogLevel::Info => tracing::info!("{message}"),
            LogLevel::Warn => tracing::warn!("{message}"),
            LogLevel::Error => tracing::error!("{message}"),
        },
        Effect::Watch { worktree } => watcher.watch(worktree),
        job_effect => {
            if let Some(job) = job_effect.job() {
                spawn_job(backend, sender, job, move |b, send, progress| {
                    perform(b, &job_effect, send, progress).unwrap_or_else(|| Ok(String::new()))
                })
            }
        }
    }
    Flow::Continue
}

/// Does the work of a job effect on the calling thread: calls the backend, sends the
/// data it loads as events, and returns how the job ended (`None`: not a job). The
/// runner calls it on a blocking thread; tests call it directly.
pub fn perform(
    b: &dyn Backend,
    effect: &Effect,
    send: &dyn Fn(Event),
    progress: &dyn Fn(super::backend::Progress),
) -> Option<Done> {
    Some(match effect {
        Effect::Load { generation, .. } => {
            let generation = *generation;
            let stories = b.load_stories(progress);
            send(Event::Stories {
                generation,
                result: stories,
            });
            let branches = b.load_branches(progress);
            send(Event::Branches {
                generation,
                result: branches,
            });
            let environments = b.load_environments(progress);
            send(Event::Environments {
                generation,
                result: environments,
            });
            let board = b.load_board(progress);
            send(Event::Board {
                generation,
                result: board,
            });
            Ok(String::new())
        }
        Effect::LoadDiff {
            story, generation, ..
        } => {
            let result = b.story_diff(story, progress);
            send(Event::Diff {
                story: story.clone(),
                generation: *generation,
                result,
            });
            Ok(String::new())
        }
        Effect::Run { operation, .. } => b.run(operation, progress),
        Effect::Preview {
            generation,
            request,
            ..
        } => {
            let result = b.preview(request, progress);
            send(Event::Preview {
                generation: *generation,
                request: request.clone(),
                result,
            });
            Ok(String::new())
        }
        Effect::Quit | Effect::Log { .. } | Effect::Watch { .. } | Effect::Edit { .. } => {
            return None;
        }
    })
}

/// Runs `work` on a blocking thread; its progress, the events it sends and its end
/// (even a panic in the backend) are reported under `job`.
fn spawn_job<F>(backend: &Arc<dyn Backend>, sender: &UnboundedSender<Event>, job: JobId, work: F)
where
    F: FnOnce(&dyn Backend, &dyn Fn(Event), &dyn Fn(super::backend::Progress)) -> Done
        + Send
        + 'static,
{
    let backend = Arc::clone(backend);
    let events = sender.clone();
    let handle = tokio::task::spawn_blocking(move || {
        // A closed channel means the UI has quit: the result has no one to go to.
        let send = |event: Event| {
            let _ = events.send(event);
        };
        let progress = |progress| {
            let _ = events.send(Event::Progress { job, progress });
        };
        work(backend.as_ref(), &send, &progress)
    });
    let finished = sender.clone();
    tokio::spawn(async move {
        let result = match handle.await {
            Ok(result) => result,
            Err(e) => {
                let why = match e.try_into_panic() {
                    Ok(payload) => payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a panic".to_string()),
                    Err(e) => e.to_string(),
                };
                Err(BackendError::new(format!(
                    "the operation stopped unexpectedly: {why}"
                )))
            }
        };
        let _ = finished.send(Event::JobFinished { job, result });
    });
}

/// Watches one worktree at a time and reports its changes, settled, as one event.
struct WorktreeWatcher {
    watcher: Option<RecommendedWatcher>,
    raw: UnboundedSender<Vec<PathBuf>>,
}

impl WorktreeWatcher {
    fn new(events: UnboundedSender<Event>) -> WorktreeWatcher {
        let (raw, changes) = unbounded_channel();
        tokio::spawn(debounce(changes, events));
        WorktreeWatcher { watcher: None, raw }
    }

    fn watch(&mut self, worktree: Option<PathBuf>) {
        self.watcher = None;
        let Some(worktree) = worktree else {
            return;
        };
        let raw = self.raw.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else {
                return;
            };
            if !matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            ) {
                return;
            }
            // Git's own bookkeeping changes on every command; only the files matter.
            let paths: Vec<PathBuf> = event
                .paths
                .into_iter()
                .filter(|p| {
                    !p.components()
                        .any(|c| c == Component::Normal(".git".as_ref()))
                })
                .collect();
            if !paths.is_empty() {
                let _ = raw.send(paths);
            }
        });
        match watcher {
            Ok(mut watcher) => match watcher.watch(&worktree, RecursiveMode::Recursive) {
                Ok(()) => self.watcher = Some(watcher),
                Err(e) => tracing::warn!("cannot watch {}: {e}", worktree.display()),
            },
            Err(e) => tracing::warn!("cannot watch files: {e}"),
        }
    }
}

async fn debounce(mut changes: UnboundedReceiver<Vec<PathBuf>>, events: UnboundedSender<Event>) {
    while let Some(mut paths) = changes.recv().await {
        // Quiet for DEBOUNCE (or the watcher gone): the burst is over.
        while let Ok(Some(more)) = tokio::time::timeout(DEBOUNCE, changes.recv()).await {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        if events.send(Event::FilesChanged { paths }).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::editor_args;
    use std::path::Path;

    #[test]
    fn each_editor_is_told_the_line_its_own_way() {
        let path = Path::new("/w/views/orders.view.lkml");
        let args = |p: &str| -> Vec<String> {
            editor_args(p, path, 12)
                .into_iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(args("vim"), ["+12", "/w/views/orders.view.lkml"]);
        assert_eq!(args("/usr/bin/nano"), ["+12", "/w/views/orders.view.lkml"]);
        assert_eq!(args("code"), ["--goto", "/w/views/orders.view.lkml:12"]);
        assert_eq!(args("hx"), ["/w/views/orders.view.lkml:12"]);
    }
}
