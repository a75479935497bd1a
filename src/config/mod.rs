//! Configuration: the team's `storyboard.toml` and each developer's personal file.
//!
//! Reading is split in two. [`Config::from_texts`] is pure: it takes the files' text and
//! returns either a validated [`Config`], with every `{user}` template expanded, or
//! every problem found as a [`Diagnostic`] naming file, line and key. [`load`] and
//! [`find_team_file`] are the small I/O shell around it.

mod companions;
mod personal;
mod team;
mod template;
mod validate;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use personal::{KEY_ACTIONS, LookerCredentials};
pub use template::{expand, placeholders};
pub(crate) use validate::nearest;

use crate::diagnostic::Diagnostic;

/// The team file's name, at the LookML repository root.
pub const TEAM_FILE: &str = "storyboard.toml";
/// The environment variable naming the personal file.
pub const PERSONAL_ENV: &str = "STORYBOARD_CONFIG";

/// A validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub team_file: PathBuf,
    pub personal_file: Option<PathBuf>,
    pub project: Project,
    /// The pipeline's stages in order; each names an environment.
    pub stages: Vec<String>,
    /// The first stage that takes release branches (`[pipeline] release_from`,
    /// default the second stage); `None` with fewer than two stages.
    pub release_from: Option<String>,
    /// The stage whose sign-off the stages after it need (`[pipeline]
    /// require_acceptance`): promotion past it takes only stories accepted
    /// there, and not stale since.
    pub require_acceptance: Option<String>,
    /// Every environment, templates expanded, sorted by name.
    pub environments: Vec<Environment>,
    /// Other repositories of the same stories, in the order they deploy
    /// (before the LookML).
    pub companions: Vec<Companion>,
    pub personal: Personal,
    /// Where `user` came from: the personal file, git's `user.email`, ...
    pub user_source: Option<String>,
}

/// What stands in for a personal file that is missing or says less: who you
/// are by git (or the system), and where the personal file would be, to name
/// it in messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fallback {
    /// A user name and where it came from.
    pub user: Option<(String, String)>,
    pub personal_location: Option<PathBuf>,
}

impl Fallback {
    /// The fallback user from git's `user.email` (its local part), else
    /// `user.name`, else `$USER`, each made into a name `{user}` can take.
    pub fn user_from(
        email: Option<&str>,
        name: Option<&str>,
        login: Option<&str>,
    ) -> Option<(String, String)> {
        let candidates = [
            (email.and_then(|e| e.split('@').next()), "git user.email"),
            (name, "git user.name"),
            (login, "$USER"),
        ];
        candidates.into_iter().find_map(|(value, from)| {
            let user = normalise_user(value?);
            (!user.is_empty()).then(|| (user, from.to_string()))
        })
    }
}

/// What `{user}` may become: lower-case letters, digits and `_` (it ends up
/// in model names, which take nothing else).
pub fn normalise_user(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub main: String,
    pub remote: String,
    pub story_branch: String,
    pub release_branch: String,
}

impl Project {
    /// What every release branch's name starts with: the naming convention up
    /// to its `{date}` (`release/`).
    pub fn release_prefix(&self) -> &str {
        let t = self.release_branch.as_str();
        &t[..t.find('{').unwrap_or(t.len())]
    }
}

/// An environment: how to transform the canonical tree for it, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    pub name: String,
    /// The name as written when it was a template (`dev-{user}`).
    pub template: Option<String>,
    pub remote: String,
    pub branch: String,
    pub protected: bool,
    pub model_prefix: String,
    pub model_suffix: String,
    /// Canonical connection name → this environment's.
    pub connections: BTreeMap<String, String>,
    /// Manifest constant name → this environment's value.
    pub constants: BTreeMap<String, String>,
    /// Canonical schema → this environment's.
    pub schemas: BTreeMap<String, String>,
    /// Its Looker instance, told to deploy after each deployment.
    pub looker: Option<Looker>,
}

/// How to reach an environment's Looker instance. Secrets are named by the
/// environment variables that hold them, never held here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Looker {
    /// The instance, `https://acme.looker.com`, without a trailing `/`.
    pub url: String,
    /// The LookML project's id on the instance.
    pub project: String,
    pub deploy: LookerDeploy,
    /// The variable holding the webhook's deploy secret.
    pub secret_env: Option<String>,
    /// The variables holding API 4.0 credentials: (client id, client secret).
    pub api: Option<(String, String)>,
    /// Before promoting here, the previous stage's Looker validates its project.
    pub validate: bool,
    pub timeout_seconds: u64,
}

/// How storyboard asks Looker to deploy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookerDeploy {
    /// `POST /webhooks/projects/{project}/deploy/ref/{sha}`.
    Webhook,
    /// `deploy_ref_to_production` of API 4.0.
    Api,
}

/// A companion repository (`[companion.NAME]`): another repository of the
/// same stories, deployed before the LookML by a command of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Companion {
    pub name: String,
    /// A URL, or a remote name of the companion's clone.
    pub remote: String,
    pub main: String,
    /// argv with `{env}`, `{rev}` and `{path}` inside its arguments.
    pub deploy: Vec<String>,
    pub rollback: Option<Vec<String>>,
}

impl Companion {
    /// `command` with its placeholders filled: one argument stays one
    /// argument whatever it holds, since no shell reads it.
    pub fn argv(command: &[String], env: &str, rev: &str, path: &Path) -> Vec<String> {
        let path = path.to_string_lossy();
        command
            .iter()
            .map(|arg| {
                expand(arg, |p| match p {
                    "env" => Some(env.to_string()),
                    "rev" => Some(rev.to_string()),
                    "path" => Some(path.to_string()),
                    _ => None,
                })
            })
            .collect()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Personal {
    pub user: Option<String>,
    pub worktrees: Option<PathBuf>,
    pub fork: Option<String>,
    pub theme: Option<String>,
    pub keys: BTreeMap<String, String>,
    pub looker: BTreeMap<String, LookerCredentials>,
    /// Companion name → where it is cloned, as the file says it.
    pub companions: BTreeMap<String, PathBuf>,
}

impl Config {
    /// Parses and validates both files from their text. `personal` is `None` when
    /// there is no personal file.
    pub fn from_texts(
        team: (&Path, &str),
        personal: Option<(&Path, &str)>,
    ) -> Result<Config, ConfigError> {
        Config::from_texts_with(team, personal, &Fallback::default())
    }

    /// [`Config::from_texts`], with who you are by git when the personal file
    /// does not say.
    pub fn from_texts_with(
        team: (&Path, &str),
        personal: Option<(&Path, &str)>,
        fallback: &Fallback,
    ) -> Result<Config, ConfigError> {
        validate::validate(team, personal, fallback)
            .map_err(|diagnostics| ConfigError { diagnostics })
    }

    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }

    /// Where the companion `name` is cloned for the LookML clone at
    /// `workdir`: the personal file's path (relative to `workdir`), else a
    /// sibling directory named after it.
    pub fn companion_path(&self, workdir: &Path, name: &str) -> PathBuf {
        match self.personal.companions.get(name) {
            Some(p) if p.is_absolute() => p.clone(),
            Some(p) => workdir.join(p),
            None => workdir
                .parent()
                .map_or_else(|| PathBuf::from(name), |parent| parent.join(name)),
        }
    }
}

/// Every problem found in the configuration files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::diagnostic::write_all(f, &self.diagnostics)
    }
}

impl std::error::Error for ConfigError {}

impl From<Diagnostic> for ConfigError {
    fn from(d: Diagnostic) -> Self {
        ConfigError {
            diagnostics: vec![d],
        }
    }
}

/// Finds `storyboard.toml` in `start` or its parents, stopping at the repository
/// root (the first directory holding `.git`).
pub fn find_team_file(start: &Path) -> Result<PathBuf, ConfigError> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let candidate = d.join(TEAM_FILE);
        if candidate.is_file() {
            return Ok(candidate);
        }
        if d.join(".git").exists() {
            return Err(Diagnostic::in_file(
                start,
                format!(
                    "no {TEAM_FILE} here or in any parent up to the repository root {}",
                    d.display()
                ),
            )
            .with_help(format!(
                "create {TEAM_FILE} at the repository root; config.example.toml documents every key"
            ))
            .into());
        }
        dir = d.parent();
    }
    Err(Diagnostic::in_file(
        start,
        format!("no {TEAM_FILE} here or in any parent, and no git repository around it"),
    )
    .with_help(format!(
        "run storyboard inside a LookML repository that has a {TEAM_FILE} at its root (or pass -C DIR)"
    ))
    .into())
}

/// Where the personal file is: `--config`, else `STORYBOARD_CONFIG`, else
/// `config.toml` in the platform's configuration directory. The flag says whether the
/// user named it (then it must exist).
pub fn personal_file_location(
    flag: Option<&Path>,
    env_value: Option<&std::ffi::OsStr>,
) -> Option<(PathBuf, bool)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), true));
    }
    if let Some(v) = env_value.filter(|v| !v.is_empty()) {
        return Some((PathBuf::from(v), true));
    }
    directories::ProjectDirs::from("", "", "storyboard")
        .map(|d| (d.config_dir().join("config.toml"), false))
}

/// Reads and validates the configuration for the repository around `start`.
pub fn load(start: &Path, personal: Option<(PathBuf, bool)>) -> Result<Config, ConfigError> {
    let team_path = find_team_file(start)?;
    let team_text = read_text(&team_path)?;
    let personal_text = match &personal {
        Some((path, explicit)) => match std::fs::read(path) {
            Ok(bytes) => Some((path.as_path(), text_of(path, bytes)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => None,
            Err(e) => {
                return Err(Diagnostic::in_file(
                    path,
                    format!("cannot read the personal configuration: {e}"),
                )
                .with_help(format!(
                    "create it, or point --config or {PERSONAL_ENV} at an existing file"
                ))
                .into());
            }
        },
        None => None,
    };
    // Who you are by git, for a personal file that is missing or sets no user.
    let repo = crate::git::Repo::discover(team_path.parent().unwrap_or(start)).ok();
    let git = |key: &str| repo.as_ref().and_then(|r| r.config_value(key));
    let login = std::env::var("USER").ok();
    let fallback = Fallback {
        user: Fallback::user_from(
            git("user.email").as_deref(),
            git("user.name").as_deref(),
            login.as_deref(),
        ),
        personal_location: personal.as_ref().map(|(p, _)| p.clone()),
    };
    Config::from_texts_with(
        (&team_path, &team_text),
        personal_text.as_ref().map(|(p, t)| (*p, t.as_str())),
        &fallback,
    )
}

fn read_text(path: &Path) -> Result<String, ConfigError> {
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::in_file(path, format!("cannot read: {e}")))?;
    text_of(path, bytes)
}

fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, ConfigError> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::at_offset(path, &text, at, "the file is not valid UTF-8")
            .with_help("save it as UTF-8")
            .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallback_user_is_the_email_local_part_made_into_a_name() {
        assert_eq!(
            Fallback::user_from(
                Some("Alice.Analyst@acme.example"),
                Some("Alice"),
                Some("root")
            ),
            Some(("alice_analyst".to_string(), "git user.email".to_string()))
        );
        assert_eq!(
            Fallback::user_from(None, Some("Bob Builder"), None),
            Some(("bob_builder".to_string(), "git user.name".to_string()))
        );
        assert_eq!(
            Fallback::user_from(Some("@x"), Some("  "), Some("carol")),
            Some(("carol".to_string(), "$USER".to_string()))
        );
        assert_eq!(Fallback::user_from(None, None, None), None);
        assert_eq!(normalise_user("ÿ-é"), "");
    }
}
