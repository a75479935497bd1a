//! Which key does what: the default map (lazygit's habits) and the personal overrides.
//!
//! Keys are data, so the help overlay and the command bar list the keys actually in
//! force, and a bad `[keys]` entry is reported with the action it was meant for
//! instead of being silently ignored. Ctrl-C is not in the map: it always quits.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::KEY_ACTIONS;

/// Something a key can be bound to; the names are the `[keys]` table's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Help,
    Filter,
    NextPane,
    PreviousPane,
    PaneStories,
    PaneBranches,
    PaneEnvironments,
    PaneDiff,
    Down,
    Up,
    Enter,
    Back,
    Quit,
    NewStory,
    Switch,
    Publish,
    Sync,
    Diff,
    Fetch,
    PullRequest,
    PanePipeline,
    Left,
    Right,
    Promote,
    ReleaseCut,
    Rollback,
    History,
    Wrap,
    NextChange,
    PreviousChange,
    Edit,
    Accept,
    Reject,
}

impl Action {
    /// In the order of [`KEY_ACTIONS`], which is also the help overlay's order.
    pub const ALL: [Action; 33] = [
        Action::Help,
        Action::Filter,
        Action::NextPane,
        Action::PreviousPane,
        Action::PaneStories,
        Action::PaneBranches,
        Action::PaneEnvironments,
        Action::PaneDiff,
        Action::Down,
        Action::Up,
        Action::Enter,
        Action::Back,
        Action::Quit,
        Action::NewStory,
        Action::Switch,
        Action::Publish,
        Action::Sync,
        Action::Diff,
        Action::Fetch,
        Action::PullRequest,
        Action::PanePipeline,
        Action::Left,
        Action::Right,
        Action::Promote,
        Action::ReleaseCut,
        Action::Rollback,
        Action::History,
        Action::Wrap,
        Action::NextChange,
        Action::PreviousChange,
        Action::Edit,
        Action::Accept,
        Action::Reject,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Action::Help => "help",
            Action::Filter => "filter",
            Action::NextPane => "next_pane",
            Action::PreviousPane => "previous_pane",
            Action::PaneStories => "pane_stories",
            Action::PaneBranches => "pane_branches",
            Action::PaneEnvironments => "pane_environments",
            Action::PaneDiff => "pane_diff",
            Action::Down => "down",
            Action::Up => "up",
            Action::Enter => "enter",
            Action::Back => "back",
            Action::Quit => "quit",
            Action::NewStory => "new_story",
            Action::Switch => "switch",
            Action::Publish => "publish",
            Action::Sync => "sync",
            Action::Diff => "diff",
            Action::Fetch => "fetch",
            Action::PullRequest => "pull_request",
            Action::PanePipeline => "pane_pipeline",
            Action::Left => "left",
            Action::Right => "right",
            Action::Promote => "promote",
            Action::ReleaseCut => "release_cut",
            Action::Rollback => "rollback",
            Action::History => "history",
            Action::Wrap => "wrap",
            Action::NextChange => "next_change",
            Action::PreviousChange => "previous_change",
            Action::Edit => "edit",
            Action::Accept => "accept",
            Action::Reject => "reject",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// What the help overlay says the key does.
    pub fn description(self) -> &'static str {
        match self {
            Action::Help => "this help",
            Action::Filter => "filter the focused list",
            Action::NextPane => "next pane",
            Action::PreviousPane => "previous pane",
            Action::PaneStories => "stories pane",
            Action::PaneBranches => "branches pane",
            Action::PaneEnvironments => "environments pane",
            Action::PaneDiff => "semantic diff pane",
            Action::Down => "down / scroll down",
            Action::Up => "up / scroll up",
            Action::Enter => "switch, open",
            Action::Back => "close, clear the filter",
            Action::Quit => "quit",
            Action::NewStory => "new story",
            Action::Switch => "switch story (fuzzy finder)",
            Action::Publish => "publish to my environment",
            Action::Sync => "sync edits made in Looker",
            Action::Diff => "full-screen diff",
            Action::Fetch => "fetch remotes",
            Action::PullRequest => "push for review: pull request",
            Action::PanePipeline => "pipeline pane",
            Action::Left => "previous stage; the diff sideways",
            Action::Right => "next stage; the diff sideways",
            Action::Promote => "promote the selected stage",
            Action::ReleaseCut => "cut a release",
            Action::Rollback => "roll the story back from the stage",
            Action::History => "the selected stage's deployments",
            Action::Wrap => "wrap long diff lines (or scroll ←/→)",
            Action::NextChange => "next changed object in the diff",
            Action::PreviousChange => "previous changed object in the diff",
            Action::Edit => "open the change in $EDITOR (also o)",
            Action::Accept => "accept the story as tested on the stage",
            Action::Reject => "reject it there, saying why",
        }
    }
}

/// What an operation's action acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    /// The story selected in the stories pane.
    OnSelectedStory,
    /// Nothing selected: the workspace, or your environment.
    Alone,
    /// What an overlay asks for first (the finder's story, the form's key and slug).
    OnInput,
}

impl Action {
    /// Whether the action runs an operation in the background, and on what.
    pub fn runs(self) -> Option<Runs> {
        match self {
            Action::PullRequest => Some(Runs::OnSelectedStory),
            // Sync takes what your environment holds, whichever story is selected.
            Action::Sync | Action::Fetch => Some(Runs::Alone),
            // Publish takes the current story, and asks before taking another;
            // the pipeline's writes are planned and shown first.
            Action::Switch
            | Action::NewStory
            | Action::Publish
            | Action::Promote
            | Action::ReleaseCut
            | Action::Rollback
            | Action::Accept
            | Action::Reject => Some(Runs::OnInput),
            _ => None,
        }
    }

    /// What the status line says while the operation runs on `args`.
    pub fn running(self, args: &[String]) -> String {
        let first = args.first().map(String::as_str).unwrap_or_default();
        match self {
            Action::Publish => format!("publishing {first}"),
            Action::Sync => "syncing your environment's edits from Looker".to_string(),
            Action::Fetch => "fetching remotes".to_string(),
            Action::PullRequest => format!("pushing {first} for review"),
            Action::Switch => format!("switching to {first}"),
            Action::NewStory => format!("creating story {}", args.join("-")),
            Action::Promote => format!("promoting {first}"),
            Action::ReleaseCut => format!("cutting {first}"),
            Action::Rollback => format!("rolling back {first}"),
            Action::Accept => format!("recording the acceptance of {first}"),
            Action::Reject => format!("recording the rejection of {first}"),
            other => other.description().to_string(),
        }
    }
}

/// One key with its modifiers, compared the way terminals report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    code: KeyName,
    ctrl: bool,
    alt: bool,
}

/// The key itself, without modifiers; a private mirror of crossterm's `KeyCode`
/// restricted to what can be bound, so that keys can be ordered and printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum KeyName {
    Char(char),
    Function(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Delete,
    Insert,
}

const NAMED: &[(&str, KeyName)] = &[
    ("enter", KeyName::Enter),
    ("return", KeyName::Enter),
    ("esc", KeyName::Esc),
    ("escape", KeyName::Esc),
    ("tab", KeyName::Tab),
    ("backtab", KeyName::BackTab),
    ("shift-tab", KeyName::BackTab),
    ("backspace", KeyName::Backspace),
    ("up", KeyName::Up),
    ("down", KeyName::Down),
    ("left", KeyName::Left),
    ("right", KeyName::Right),
    ("pgup", KeyName::PageUp),
    ("pageup", KeyName::PageUp),
    ("pgdn", KeyName::PageDown),
    ("pagedown", KeyName::PageDown),
    ("home", KeyName::Home),
    ("end", KeyName::End),
    ("delete", KeyName::Delete),
    ("del", KeyName::Delete),
    ("insert", KeyName::Insert),
    ("space", KeyName::Char(' ')),
];

impl Key {
    pub fn char(c: char) -> Key {
        Key {
            code: KeyName::Char(c),
            ctrl: false,
            alt: false,
        }
    }

    /// The key a terminal event stands for, if it is one that can be bound.
    pub fn of_event(event: &KeyEvent) -> Option<Key> {
        let code = match event.code {
            KeyCode::Char(c) => KeyName::Char(c),
            KeyCode::F(n) => KeyName::Function(n),
            KeyCode::Enter => KeyName::Enter,
            KeyCode::Esc => KeyName::Esc,
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyName::BackTab,
            KeyCode::Tab => KeyName::Tab,
            KeyCode::BackTab => KeyName::BackTab,
            KeyCode::Backspace => KeyName::Backspace,
            KeyCode::Up => KeyName::Up,
            KeyCode::Down => KeyName::Down,
            KeyCode::Left => KeyName::Left,
            KeyCode::Right => KeyName::Right,
            KeyCode::PageUp => KeyName::PageUp,
            KeyCode::PageDown => KeyName::PageDown,
            KeyCode::Home => KeyName::Home,
            KeyCode::End => KeyName::End,
            KeyCode::Delete => KeyName::Delete,
            KeyCode::Insert => KeyName::Insert,
            _ => return None,
        };
        // Shift is part of the character itself (`?`, `G`), so it is not compared.
        Some(Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// Parses `q`, `G`, `?`, `space`, `ctrl-c`, `alt-enter`, `F5`, `shift-tab`, ...
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err("the key is empty".to_string());
        }
        let (mut ctrl, mut alt) = (false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyName::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some((_, name)) = NAMED.iter().find(|(n, _)| *n == lower) {
                    *name
                } else if let Some(n) = lower
                    .strip_prefix('f')
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=24).contains(n))
                {
                    KeyName::Function(n)
                } else {
                    return Err(format!(
                        "`{text}` is not a key: write one character (`q`, `?`), a name (space, enter, esc, tab, shift-tab, backspace, up, down, left, right, pgup, pgdn, home, end, delete, insert, F1 to F24), with `ctrl-` or `alt-` before it if needed"
                    ));
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }

    fn is_ctrl_c(self) -> bool {
        self.ctrl && matches!(self.code, KeyName::Char('c' | 'C'))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyName::Char(' ') => f.write_str("space"),
            KeyName::Char(c) => write!(f, "{c}"),
            KeyName::Function(n) => write!(f, "F{n}"),
            KeyName::Enter => f.write_str("enter"),
            KeyName::Esc => f.write_str("esc"),
            KeyName::Tab => f.write_str("tab"),
            KeyName::BackTab => f.write_str("shift-tab"),
            KeyName::Backspace => f.write_str("backspace"),
            KeyName::Up => f.write_str("↑"),
            KeyName::Down => f.write_str("↓"),
            KeyName::Left => f.write_str("←"),
            KeyName::Right => f.write_str("→"),
            KeyName::PageUp => f.write_str("pgup"),
            KeyName::PageDown => f.write_str("pgdn"),
            KeyName::Home => f.write_str("home"),
            KeyName::End => f.write_str("end"),
            KeyName::Delete => f.write_str("delete"),
            KeyName::Insert => f.write_str("insert"),
        }
    }
}

/// A `[keys]` entry that cannot be used, named by its action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    pub action: String,
    pub message: String,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[keys] {}: {}", self.action, self.message)
    }
}

impl std::error::Error for KeyError {}

/// Every binding in force: each action's keys, in the order they are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    bindings: BTreeMap<Action, Vec<Key>>,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        let named = |n: KeyName| Key {
            code: n,
            ctrl: false,
            alt: false,
        };
        let bindings = Action::ALL
            .iter()
            .map(|&action| {
                let keys = match action {
                    Action::Help => vec![Key::char('?')],
                    Action::Filter => vec![Key::char('/')],
                    Action::NextPane => vec![named(KeyName::Tab)],
                    Action::PreviousPane => vec![named(KeyName::BackTab)],
                    Action::PaneStories => vec![Key::char('1')],
                    Action::PaneBranches => vec![Key::char('2')],
                    Action::PaneEnvironments => vec![Key::char('3')],
                    Action::PaneDiff => vec![Key::char('4')],
                    Action::Down => vec![Key::char('j'), named(KeyName::Down)],
                    Action::Up => vec![Key::char('k'), named(KeyName::Up)],
                    Action::Enter => vec![named(KeyName::Enter)],
                    Action::Back => vec![named(KeyName::Esc)],
                    Action::Quit => vec![Key::char('q')],
                    Action::NewStory => vec![Key::char('n')],
                    Action::Switch => vec![Key::char('s'), Key::char(' ')],
                    Action::Publish => vec![Key::char('p')],
                    Action::Sync => vec![Key::char('y')],
                    Action::Diff => vec![Key::char('d')],
                    Action::Fetch => vec![Key::char('f')],
                    Action::PullRequest => vec![Key::char('o')],
                    Action::PanePipeline => vec![Key::char('5')],
                    Action::Left => vec![named(KeyName::Left)],
                    Action::Right => vec![named(KeyName::Right)],
                    Action::Promote => vec![Key::char('P')],
                    Action::ReleaseCut => vec![Key::char('R')],
                    Action::Rollback => vec![Key::char('X')],
                    Action::History => vec![Key::char('h')],
                    Action::Wrap => vec![Key::char('w')],
                    Action::NextChange => vec![Key::char(']')],
                    Action::PreviousChange => vec![Key::char('[')],
                    Action::Edit => vec![Key::char('e')],
                    Action::Accept => vec![Key::char('a')],
                    Action::Reject => vec![Key::char('r')],
                };
                (action, keys)
            })
            .collect();
        KeyMap { bindings }
    }
}

impl KeyMap {
    /// The default map with the personal `[keys]` table applied: each entry replaces
    /// all the default keys of its action. Two actions on one key, an unknown action,
    /// an unreadable key or a binding of ctrl-c are refused.
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> Result<KeyMap, KeyError> {
        let mut map = KeyMap::default();
        for (name, text) in overrides {
            let error = |message: String| KeyError {
                action: name.clone(),
                message,
            };
            let action = Action::from_name(name).ok_or_else(|| {
                error(format!(
                    "no such action; actions: {}",
                    KEY_ACTIONS.join(", ")
                ))
            })?;
            let key = Key::parse(text).map_err(error)?;
            if key.is_ctrl_c() {
                return Err(error(
                    "ctrl-c always quits and cannot be bound to an action".to_string(),
                ));
            }
            map.bindings.insert(action, vec![key]);
        }
        let mut seen: BTreeMap<Key, Action> = BTreeMap::new();
        for (&action, keys) in &map.bindings {
            for &key in keys {
                if let Some(other) = seen.insert(key, action) {
                    let (overridden, kept) = if overrides.contains_key(action.name()) {
                        (action, other)
                    } else {
                        (other, action)
                    };
                    return Err(KeyError {
                        action: overridden.name().to_string(),
                        message: format!(
                            "`{key}` is also the key of `{}`; bind that action to another key too",
                            kept.name()
                        ),
                    });
                }
            }
        }
        Ok(map)
    }

    /// The action a key press stands for.
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        let key = Key::of_event(event)?;
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(&key))
            .map(|(action, _)| *action)
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings.get(&action).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The action's keys as the help overlay and command bar write them: `j/↓`.
    pub fn label(&self, action: Action) -> String {
        let keys: Vec<String> = self.keys(action).iter().map(Key::to_string).collect();
        keys.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn action_names_are_the_configuration_names() {
        let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(names, KEY_ACTIONS);
        for name in KEY_ACTIONS {
            assert_eq!(Action::from_name(name).map(Action::name), Some(*name));
        }
    }

    #[test]
    fn default_map_follows_lazygit() {
        let map = KeyMap::default();
        let none = KeyModifiers::NONE;
        let cases = [
            (KeyCode::Char('?'), KeyModifiers::SHIFT, Action::Help),
            (KeyCode::Char('/'), none, Action::Filter),
            (KeyCode::Tab, none, Action::NextPane),
            (KeyCode::BackTab, KeyModifiers::SHIFT, Action::PreviousPane),
            (KeyCode::Char('1'), none, Action::PaneStories),
            (KeyCode::Char('4'), none, Action::PaneDiff),
            (KeyCode::Char('j'), none, Action::Down),
            (KeyCode::Down, none, Action::Down),
            (KeyCode::Char('k'), none, Action::Up),
            (KeyCode::Up, none, Action::Up),
            (KeyCode::Enter, none, Action::Enter),
            (KeyCode::Esc, none, Action::Back),
            (KeyCode::Char('q'), none, Action::Quit),
            (KeyCode::Char('n'), none, Action::NewStory),
            (KeyCode::Char('s'), none, Action::Switch),
            (KeyCode::Char(' '), none, Action::Switch),
            (KeyCode::Char('p'), none, Action::Publish),
            (KeyCode::Char('y'), none, Action::Sync),
            (KeyCode::Char('d'), none, Action::Diff),
            (KeyCode::Char('f'), none, Action::Fetch),
            (KeyCode::Char('o'), none, Action::PullRequest),
        ];
        for (code, modifiers, action) in cases {
            assert_eq!(
                map.action(&press(code, modifiers)),
                Some(action),
                "{code:?}"
            );
        }
        assert_eq!(
            map.action(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            None
        );
        assert_eq!(map.label(Action::Down), "j/↓");
        assert_eq!(map.label(Action::Switch), "s/space");
    }

    #[test]
    fn descriptions_are_short_enough_for_two_columns_of_help() {
        // Two columns of help fit a 110-column terminal while each is at most 40.
        for action in Action::ALL {
            let d = action.description();
            assert!(d.chars().count() <= 40, "{}: {d}", action.name());
        }
    }

    #[test]
    fn parses_key_strings() {
        let cases = [
            ("q", "q"),
            ("Q", "Q"),
            ("ctrl-x", "ctrl-x"),
            ("CTRL-x", "ctrl-x"),
            ("alt-enter", "alt-enter"),
            ("space", "space"),
            ("F5", "F5"),
            ("f12", "F12"),
            ("shift-tab", "shift-tab"),
            ("-", "-"),
            ("PgDn", "pgdn"),
        ];
        for (text, shown) in cases {
            assert_eq!(
                Key::parse(text).map(|k| k.to_string()),
                Ok(shown.to_string())
            );
        }
        for bad in ["", "ctrl-", "F0", "F25", "spacebar", "jk"] {
            assert!(Key::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn overrides_replace_an_actions_keys() {
        let overrides = BTreeMap::from([
            ("quit".to_string(), "ctrl-q".to_string()),
            ("fetch".to_string(), "F5".to_string()),
        ]);
        let map = KeyMap::with_overrides(&overrides).unwrap();
        assert_eq!(
            map.action(&press(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('q'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            map.action(&press(KeyCode::F(5), KeyModifiers::NONE)),
            Some(Action::Fetch)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('f'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn bad_overrides_name_the_action() {
        let err = |action: &str, key: &str| {
            KeyMap::with_overrides(&BTreeMap::from([(action.to_string(), key.to_string())]))
                .unwrap_err()
        };
        let e = err("publish", "hyper-p");
        assert_eq!(e.action, "publish");
        assert!(
            e.to_string()
                .starts_with("[keys] publish: `hyper-p` is not a key")
        );
        let e = err("quit", "ctrl-c");
        assert!(e.message.contains("always quits"), "{e}");
        let e = err("publish", "j");
        assert_eq!(e.action, "publish");
        assert!(e.message.contains("`down`"), "{e}");
        let e = err("publsh", "p");
        assert!(e.message.contains("no such action"), "{e}");
    }
}
