//! The colours of the terminal UI: dark and light themes shipped in `assets/themes/`,
//! or a theme file of the user's, and no colour at all under `NO_COLOR`.
//!
//! Meaning never rests on colour alone (focus is also a thick border, the selection
//! is also bold or reversed, changes keep their `+ ~ -` markers), so a theme only
//! decides how pleasant it looks, and `NO_COLOR` loses nothing.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

const DARK: &str = include_str!("../../assets/themes/dark.toml");
const LIGHT: &str = include_str!("../../assets/themes/light.toml");

macro_rules! slots {
    ($($slot:ident),* $(,)?) => {
        /// One colour per part of the screen; `None` means the terminal's own.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct Theme {
            $(pub $slot: Option<Color>,)*
            /// Whether colours are turned off (`NO_COLOR`): the view then marks the
            /// selection with reverse video.
            pub no_color: bool,
        }

        const SLOT_NAMES: &[&str] = &[$(stringify!($slot)),*];

        impl Theme {
            fn set(&mut self, slot: &str, color: Color) -> bool {
                match slot {
                    $(stringify!($slot) => self.$slot = Some(color),)*
                    _ => return false,
                }
                true
            }
        }
    };
}

slots!(
    text,
    muted,
    border,
    border_focused,
    title,
    title_focused,
    selection,
    key,
    current,
    ahead,
    behind,
    uncommitted,
    published,
    stale,
    unsynced,
    merged,
    protected,
    error,
    spinner,
    added,
    modified,
    removed,
    moved,
    deployed,
    pending,
    leaving,
    held,
    conflict,
);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    colors: BTreeMap<String, String>,
}

/// A theme that cannot be used, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeError {
    pub source: String,
    pub message: String,
}

impl fmt::Display for ThemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "theme {}: {}", self.source, self.message)
    }
}

impl std::error::Error for ThemeError {}

impl Theme {
    pub fn dark() -> Theme {
        // The shipped files are checked by the tests; should one ever fail to
        // parse, the UI still works, only without colour.
        Theme::from_toml(DARK, Theme::default(), "dark").unwrap_or_default()
    }

    pub fn light() -> Theme {
        Theme::from_toml(LIGHT, Theme::dark(), "light").unwrap_or_default()
    }

    /// No colour; selection and focus shown by bold and reverse video only.
    pub fn plain() -> Theme {
        Theme {
            no_color: true,
            ..Theme::default()
        }
    }

    /// The theme the personal config's `theme` names: `dark` (the default),
    /// `light`, or the path of a theme file, whose missing colours are dark's.
    /// `no_color` (from [`Theme::no_color_requested`]) wins over all of them.
    pub fn load(setting: Option<&str>, no_color: bool) -> Result<Theme, ThemeError> {
        let theme = match setting.map(str::trim) {
            None | Some("") | Some("dark") => Theme::dark(),
            Some("light") => Theme::light(),
            Some(path) => {
                let text = std::fs::read_to_string(Path::new(path)).map_err(|e| ThemeError {
                    source: path.to_string(),
                    message: format!(
                        "cannot read it ({e}); `theme` is `dark`, `light` or the path of a theme file"
                    ),
                })?;
                Theme::from_toml(&text, Theme::dark(), path)?
            }
        };
        Ok(if no_color { Theme::plain() } else { theme })
    }

    /// `NO_COLOR` set to anything but the empty string, as no-color.org says.
    pub fn no_color_requested() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    fn from_toml(text: &str, base: Theme, source: &str) -> Result<Theme, ThemeError> {
        let error = |message: String| ThemeError {
            source: source.to_string(),
            message,
        };
        let file: ThemeFile = toml::from_str(text).map_err(|e| error(e.to_string()))?;
        let mut theme = base;
        for (slot, value) in &file.colors {
            let color = Color::from_str(value.trim()).map_err(|_| {
                error(format!(
                    "`{slot} = \"{value}\"` is not a colour: use a name (red, lightcyan, ...), \"reset\", 0-255 or \"#rrggbb\""
                ))
            })?;
            if !theme.set(slot, color) {
                return Err(error(format!(
                    "unknown colour `{slot}`; colours: {}",
                    SLOT_NAMES.join(", ")
                )));
            }
        }
        Ok(theme)
    }

    /// Text in a colour slot, or unstyled text under `NO_COLOR`.
    pub fn fg(&self, color: Option<Color>) -> Style {
        match color {
            Some(c) if !self.no_color && c != Color::Reset => Style::default().fg(c),
            _ => Style::default(),
        }
    }

    /// The selected row: highlighted in the focused pane, only bold elsewhere.
    pub fn selected(&self, focused: bool) -> Style {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        match (focused, self.selection) {
            (false, _) => bold,
            (true, Some(bg)) if !self.no_color => bold.bg(bg),
            (true, _) => bold.add_modifier(Modifier::REVERSED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_themes_set_every_colour() {
        for (name, text) in [("dark", DARK), ("light", LIGHT)] {
            let file: ThemeFile = toml::from_str(text).unwrap();
            let names: Vec<&str> = file.colors.keys().map(String::as_str).collect();
            let mut expected = SLOT_NAMES.to_vec();
            expected.sort_unstable();
            assert_eq!(names, expected, "{name}");
            Theme::from_toml(text, Theme::default(), name).unwrap();
        }
        assert_ne!(Theme::dark(), Theme::light());
        assert_eq!(Theme::dark().added, Some(Color::LightGreen));
    }

    #[test]
    fn no_color_wins() {
        let theme = Theme::load(Some("light"), true).unwrap();
        assert!(theme.no_color);
        assert_eq!(theme.fg(theme.added), Style::default());
        assert!(
            theme
                .selected(true)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
        assert_eq!(Theme::load(None, false).unwrap(), Theme::dark());
    }

    #[test]
    fn a_theme_file_overrides_dark() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.toml");
        std::fs::write(&path, "[colors]\nadded = \"#00ff00\"\n").unwrap();
        let theme = Theme::load(path.to_str(), false).unwrap();
        assert_eq!(theme.added, Some(Color::Rgb(0, 255, 0)));
        assert_eq!(theme.removed, Theme::dark().removed);

        std::fs::write(&path, "[colors]\nadded = \"greenish\"\n").unwrap();
        let e = Theme::load(path.to_str(), false).unwrap_err();
        assert!(
            e.message.contains("`added = \"greenish\"` is not a colour"),
            "{e}"
        );
        std::fs::write(&path, "[colors]\nadd = \"green\"\n").unwrap();
        let e = Theme::load(path.to_str(), false).unwrap_err();
        assert!(e.message.contains("unknown colour `add`"), "{e}");
        let e = Theme::load(Some("/no/such/theme.toml"), false).unwrap_err();
        assert!(e.message.contains("cannot read it"), "{e}");
    }
}
