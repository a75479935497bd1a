//! The real binary in a pseudo-terminal on the demo: driven with keys as a user
//! would (open help, find and switch a story, quit), the screen read back through
//! a terminal emulator, and the repositories checked afterwards.

mod support;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use support::{run, storyboard};

const ROWS: u16 = 30;
const COLS: u16 = 110;

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until the screen shows `what`, failing with the screen after a while.
    fn wait_for(&self, what: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if self.text().contains(what) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "the screen never showed {what:?}; it shows:\n{}",
            self.text()
        );
    }
}

#[test]
fn switch_a_story_open_help_and_quit_in_a_real_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let dir = tmp.path().join("demo");
    let built = run(storyboard(&home).arg("demo").arg(&dir).arg("--no-tui"));
    assert_eq!(built.code, 0, "{}", built.stderr);
    let dir = dir.canonicalize().unwrap();
    let (clone, personal) = (dir.join("alice"), dir.join("alice.toml"));

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_storyboard"));
    cmd.arg("-C");
    cmd.arg(&clone);
    cmd.arg("--config");
    cmd.arg(&personal);
    cmd.env("HOME", &home);
    cmd.env("XDG_STATE_HOME", home.join("state"));
    cmd.env("NO_COLOR", "1");
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);

    let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
    let mut reader = pty.master.try_clone_reader().unwrap();
    let feed = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = feed.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    let mut keys = pty.master.take_writer().unwrap();
    let mut press = |bytes: &[u8]| {
        keys.write_all(bytes).unwrap();
        keys.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    };
    let screen = Screen { parser };

    screen.wait_for("Stories (6)");
    screen.wait_for("ABC-120");
    press(b"?");
    screen.wait_for("quit, always");
    press(b"\x1b");
    screen.wait_for("Stories (6)");

    press(b"s");
    for c in "ABC-121".bytes() {
        press(&[c]);
    }
    press(b"\r");
    screen.wait_for("on story/ABC-121-shipping-slas");

    press(b"q");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "q did not quit:\n{}",
            screen.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit: {status:?}");
    // The alternate screen was left: the UI's panes are gone from the terminal.
    std::thread::sleep(Duration::from_millis(100));
    assert!(!screen.text().contains("Stories (6)"), "{}", screen.text());

    // The switch happened in the repositories: Looker's edit synced into ABC-120,
    // ABC-121 deployed to dev-alice and current.
    let sb = |args: &[&str]| {
        let r = run(storyboard(&home)
            .arg("-C")
            .arg(&clone)
            .arg("--config")
            .arg(&personal)
            .args(args));
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let status: serde_json::Value = serde_json::from_str(&sb(&["status", "--json"])).unwrap();
    assert_eq!(status["current"], "story/ABC-121-shipping-slas");
    let dev = support::environment(&status, "dev-alice");
    assert_eq!(dev["story"], "story/ABC-121-shipping-slas");
    let list: serde_json::Value = serde_json::from_str(&sb(&["story", "list", "--json"])).unwrap();
    let abc120 = support::json_row(&list, "key", "ABC-120");
    assert_eq!(abc120["unsynced"], 0);
    let abc121 = support::json_row(&list, "key", "ABC-121");
    assert_eq!(
        abc121["uncommitted"], 1,
        "the uncommitted work is still there"
    );
}
