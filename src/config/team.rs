//! The team configuration file, `storyboard.toml`, committed at the LookML repository root.
//!
//! These structs mirror the file one to one; [`super::validate`] turns them into
//! [`super::Config`]. Keys keep their spans so that every later complaint can name
//! the line it is about.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamFile {
    #[serde(default)]
    pub project: ProjectSection,
    #[serde(default)]
    pub pipeline: PipelineSection,
    #[serde(default)]
    pub environment: BTreeMap<Spanned<String>, EnvironmentSection>,
    /// Other repositories of the same stories (warehouse schema, ETL), by
    /// name; they deploy in the order the file lists them, read from the keys'
    /// spans since the map forgets it.
    #[serde(default)]
    pub companion: BTreeMap<Spanned<String>, CompanionSection>,
}

/// `[companion.NAME]`: a repository branched, released, promoted and rolled
/// back with the LookML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanionSection {
    /// A URL, or a remote name of the companion's clone.
    pub remote: Spanned<String>,
    pub main: Option<Spanned<String>>,
    /// The command each promotion runs, as an argv list (no shell).
    pub deploy: Spanned<Vec<Spanned<String>>>,
    /// The command a rollback runs; without one, `deploy` with the reverted rev.
    pub rollback: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectSection {
    /// The canonical branch.
    #[serde(default = "default_main")]
    pub main: String,
    /// The team remote: a remote name of the repository, or a URL.
    #[serde(default = "default_remote")]
    pub remote: String,
    #[serde(default = "default_story_branch")]
    pub story_branch: Spanned<String>,
    #[serde(default = "default_release_branch")]
    pub release_branch: Spanned<String>,
}

impl Default for ProjectSection {
    fn default() -> Self {
        ProjectSection {
            main: default_main(),
            remote: default_remote(),
            story_branch: default_story_branch(),
            release_branch: default_release_branch(),
        }
    }
}

fn default_main() -> String {
    "main".into()
}
fn default_remote() -> String {
    "origin".into()
}
fn default_story_branch() -> Spanned<String> {
    Spanned::new(0..0, "story/{key}-{slug}".into())
}
fn default_release_branch() -> Spanned<String> {
    Spanned::new(0..0, "release/{date}".into())
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineSection {
    #[serde(default)]
    pub stages: Vec<Spanned<String>>,
    /// The first stage that takes release branches (default: the second).
    #[serde(default)]
    pub release_from: Option<Spanned<String>>,
    /// The stage whose sign-off (`storyboard accept`) the stages after it need.
    #[serde(default)]
    pub require_acceptance: Option<Spanned<String>>,
    /// Connection names that two stages may both use, by the team's choice.
    #[serde(default)]
    pub shared_connections: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentSection {
    pub remote: Spanned<String>,
    pub branch: Spanned<String>,
    /// Default: true for the pipeline's last stage, false for the rest.
    pub protected: Option<bool>,
    pub model_suffix: Option<Spanned<String>>,
    pub model_prefix: Option<Spanned<String>>,
    #[serde(default)]
    pub connections: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub constants: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub schemas: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Telling this environment's Looker instance to deploy.
    pub looker: Option<LookerSection>,
}

/// `[environment.NAME.looker]`: the instance, the project, how to deploy, and
/// the secrets by the names of the environment variables that hold them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LookerSection {
    pub url: Spanned<String>,
    pub project: Spanned<String>,
    pub deploy: Spanned<String>,
    pub secret_env: Option<Spanned<String>>,
    pub client_id_env: Option<Spanned<String>>,
    pub client_secret_env: Option<Spanned<String>>,
    #[serde(default)]
    pub validate: bool,
    pub timeout_seconds: Option<Spanned<u64>>,
    // Secrets written into the file itself: read only to refuse them.
    pub secret: Option<Spanned<toml::Value>>,
    pub deploy_secret: Option<Spanned<toml::Value>>,
    pub client_id: Option<Spanned<toml::Value>>,
    pub client_secret: Option<Spanned<toml::Value>>,
    pub token: Option<Spanned<toml::Value>>,
    pub password: Option<Spanned<toml::Value>>,
}
