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

/// The demo built in a temporary directory, and the real binary opened on it
/// in a pseudo-terminal.
struct Session {
    _tmp: tempfile::TempDir,
    /// The terminal's side the child talks to: open as long as the session.
    _master: Box<dyn portable_pty::MasterPty + Send>,
    home: std::path::PathBuf,
    clone: std::path::PathBuf,
    personal: std::path::PathBuf,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    keys: Box<dyn Write + Send>,
    screen: Screen,
}

impl Session {
    fn open() -> Session {
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
        let child = pty.slave.spawn_command(cmd).unwrap();
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
        let keys = pty.master.take_writer().unwrap();
        Session {
            _master: pty.master,
            _tmp: tmp,
            home,
            clone,
            personal,
            child,
            keys,
            screen: Screen { parser },
        }
    }

    fn press(&mut self, bytes: &[u8]) {
        self.keys.write_all(bytes).unwrap();
        self.keys.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    /// `q`, and the process ends well, the alternate screen left.
    fn quit(&mut self) {
        self.press(b"q");
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "q did not quit:\n{}",
                self.screen.text()
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "exit: {status:?}");
    }

    /// The binary on the same clone, outside the terminal UI.
    fn storyboard(&self, args: &[&str]) -> String {
        let r = run(storyboard(&self.home)
            .arg("-C")
            .arg(&self.clone)
            .arg("--config")
            .arg(&self.personal)
            .args(args));
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    }
}

#[test]
fn switch_a_story_open_help_and_quit_in_a_real_terminal() {
    let mut session = Session::open();
    session.screen.wait_for("Stories (6)");
    session.screen.wait_for("ABC-120");
    session.press(b"?");
    session.screen.wait_for("quit, always");
    session.press(b"\x1b");
    session.screen.wait_for("Stories (6)");

    session.press(b"s");
    for c in "ABC-121".bytes() {
        session.press(&[c]);
    }
    session.press(b"\r");
    session.screen.wait_for("on story/ABC-121-shipping-slas");

    session.quit();
    // The alternate screen was left: the UI's panes are gone from the terminal.
    std::thread::sleep(Duration::from_millis(100));
    let text = session.screen.text();
    assert!(!text.contains("Stories (6)"), "{text}");

    // The switch happened in the repositories: Looker's edit synced into ABC-120,
    // ABC-121 deployed to dev-alice and current.
    let status: serde_json::Value =
        serde_json::from_str(&session.storyboard(&["status", "--json"])).unwrap();
    assert_eq!(status["current"], "story/ABC-121-shipping-slas");
    let dev = support::environment(&status, "dev-alice");
    assert_eq!(dev["story"], "story/ABC-121-shipping-slas");
    let list: serde_json::Value =
        serde_json::from_str(&session.storyboard(&["story", "list", "--json"])).unwrap();
    let abc120 = support::json_row(&list, "key", "ABC-120");
    assert_eq!(abc120["unsynced"], 0);
    let abc121 = support::json_row(&list, "key", "ABC-121");
    assert_eq!(
        abc121["uncommitted"], 1,
        "the uncommitted work is still there"
    );
}

#[test]
fn a_lead_promotes_acceptance_to_production_from_the_board() {
    let mut session = Session::open();
    let before: serde_json::Value =
        serde_json::from_str(&session.storyboard(&["status", "--json"])).unwrap();
    let acceptance = support::environment(&before, "acceptance")["source"]
        .as_str()
        .unwrap()
        .to_string();
    let production = support::environment(&before, "production");
    assert_ne!(production["source"].as_str(), Some(acceptance.as_str()));

    session.screen.wait_for("Pipeline (7)");
    session.press(b"5");
    // Production is the third column: two steps right, then P.
    session.press(b"\x1b[C");
    session.press(b"\x1b[C");
    session.screen.wait_for("production: release/");
    session.press(b"P");
    session.screen.wait_for("Promote release/");
    session.screen.wait_for("arriving  ABC-102, ABC-103");
    // Cancelled first: nothing moves.
    session.press(b"n");
    session.screen.wait_for("nothing was written");
    session.press(b"P");
    session.screen.wait_for("y/enter promote");
    session.press(b"y");
    session.screen.wait_for("promoted release/");
    session.quit();

    // The production remote's branch holds a deployment of what acceptance held.
    let after: serde_json::Value =
        serde_json::from_str(&session.storyboard(&["status", "--json", "--fetch"])).unwrap();
    let production = support::environment(&after, "production");
    assert_eq!(production["source"].as_str(), Some(acceptance.as_str()));
    let stories = production["stories"].to_string();
    assert!(
        stories.contains("ABC-102") && stories.contains("ABC-103"),
        "{stories}"
    );
    let remote = production["remote"].as_str().unwrap();
    let branch = production["branch"].as_str().unwrap();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&session.clone)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let tip = git(&["ls-remote", remote, &format!("refs/heads/{branch}")]);
    let tip = tip.split_whitespace().next().unwrap().to_string();
    let message = git(&["log", "-1", "--format=%B", &tip]);
    assert!(
        message.contains(&format!("Storyboard-Source: {acceptance}")),
        "{message}"
    );
    assert!(message.contains("Storyboard-Promoted-By:"), "{message}");
}

#[test]
fn a_tester_accepts_one_story_and_rejects_another_from_the_board() {
    let mut session = Session::open();
    session.screen.wait_for("Pipeline (7)");
    session.press(b"5");
    session.press(b"\x1b[C");
    session.screen.wait_for("acceptance: release/");
    // The second row is ABC-102.
    session.press(b"j");
    session.screen.wait_for("ABC-102 deployed");
    session.press(b"a");
    session.screen.wait_for("Accept ABC-102 on acceptance");
    session.press(b"y");
    session.screen.wait_for("accepted ABC-102 on acceptance");
    session.press(b"j");
    session.screen.wait_for("ABC-103 deployed");
    session.press(b"r");
    session.screen.wait_for("Reject ABC-103 on acceptance");
    for c in "refund reasons missing".bytes() {
        session.press(&[c]);
    }
    session.press(b"\r");
    session.screen.wait_for("y/enter record the rejection");
    session.press(b"y");
    session.screen.wait_for("rejected ABC-103 on acceptance");
    session.quit();

    let status: serde_json::Value =
        serde_json::from_str(&session.storyboard(&["status", "--json"])).unwrap();
    let row = |key: &str| support::json_row(&status["stories"], "key", key).clone();
    assert_eq!(
        row("ABC-102")["accepted_on"],
        serde_json::json!(["acceptance"])
    );
    assert_eq!(
        row("ABC-103")["rejected_on"],
        serde_json::json!(["acceptance"])
    );
    // Recorded on the team remote, where every clone reads them.
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(&session.clone)
        .args(["ls-remote", "origin", "refs/storyboard/acceptance/*"])
        .output()
        .unwrap();
    let refs = String::from_utf8_lossy(&out.stdout);
    assert!(
        refs.contains("refs/storyboard/acceptance/ABC-102"),
        "{refs}"
    );
    assert!(
        refs.contains("refs/storyboard/acceptance/ABC-103"),
        "{refs}"
    );
}
