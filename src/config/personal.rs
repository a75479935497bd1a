//! The personal configuration file: who I am and how my terminal looks.
//!
//! It lives in the platform's configuration directory (`directories`), or wherever
//! `STORYBOARD_CONFIG` or `--config` say. It never holds a secret: Looker credentials
//! are named by the environment variables that hold them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

/// Every action a key can be bound to in the `[keys]` table.
pub const KEY_ACTIONS: &[&str] = &[
    "help",
    "filter",
    "next_pane",
    "previous_pane",
    "pane_stories",
    "pane_branches",
    "pane_environments",
    "pane_diff",
    "down",
    "up",
    "enter",
    "back",
    "quit",
    "new_story",
    "switch",
    "publish",
    "sync",
    "diff",
    "fetch",
    "pull_request",
    "pane_pipeline",
    "left",
    "right",
    "promote",
    "release_cut",
    "rollback",
    "history",
    "wrap",
    "next_change",
    "previous_change",
    "edit",
    "accept",
    "reject",
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalFile {
    /// Fills `{user}` in environment templates (`dev-{user}`).
    pub user: Option<Spanned<String>>,
    /// Where story worktrees live; default: the platform's data directory.
    pub worktrees: Option<PathBuf>,
    /// A personal fork (URL or remote name) that `story pr` pushes to instead of the team remote.
    pub fork: Option<String>,
    /// `dark`, `light`, or the path of a theme file.
    pub theme: Option<String>,
    /// Action name → key, overriding the default key map.
    #[serde(default)]
    pub keys: BTreeMap<Spanned<String>, String>,
    /// Environment name → the environment variables that hold its Looker API credentials.
    #[serde(default)]
    pub looker: BTreeMap<Spanned<String>, LookerCredentials>,
    /// Companion name → where it is cloned (relative: to the LookML clone's
    /// directory); default: a sibling directory named after the companion.
    #[serde(default)]
    pub companions: BTreeMap<Spanned<String>, Spanned<PathBuf>>,
}

/// Names of environment variables, never their values.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LookerCredentials {
    pub client_id_env: String,
    pub client_secret_env: String,
}
