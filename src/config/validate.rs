//! From the files' text to a [`Config`]: TOML syntax, unknown keys, templates, and the
//! rules that keep render and unrender exact.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::personal::{KEY_ACTIONS, PersonalFile};
use super::team::{EnvironmentSection, LookerSection, TeamFile};
use super::template::{expand, placeholders};
use super::{Config, Environment, Fallback, Looker, LookerDeploy, Personal, Project};
use crate::diagnostic::Diagnostic;

/// Collects diagnostics for one file's text.
pub(super) struct Reporter<'a> {
    path: &'a Path,
    pub(super) text: &'a str,
    pub(super) diagnostics: &'a mut Vec<Diagnostic>,
}

impl Reporter<'_> {
    pub(super) fn at(&mut self, span: &Range<usize>, message: String, help: Option<String>) {
        let mut d = Diagnostic::at_offset(self.path, self.text, span.start, message);
        d.help = help;
        self.diagnostics.push(d);
    }

    /// Like [`Reporter::at`], without the source line: it holds a secret.
    fn at_secret(&mut self, span: &Range<usize>, message: String, help: Option<String>) {
        let mut d = Diagnostic::at_offset(self.path, self.text, span.start, message);
        d.help = help;
        d.source_line = None;
        self.diagnostics.push(d);
    }
}

pub(super) fn validate(
    team: (&Path, &str),
    personal: Option<(&Path, &str)>,
    fallback: &Fallback,
) -> Result<Config, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let team_file: Option<TeamFile> = parse_toml(team.0, team.1, &mut diagnostics);
    let personal_file: Option<PersonalFile> = match personal {
        Some((path, text)) => parse_toml(path, text, &mut diagnostics),
        None => Some(PersonalFile::default()),
    };
    let (Some(team_file), Some(personal_file)) = (team_file, personal_file) else {
        return Err(diagnostics);
    };

    let (user, user_source) = match &personal_file.user {
        Some(u) => (
            Some(u.get_ref().clone()),
            Some("the personal file".to_string()),
        ),
        None => match &fallback.user {
            Some((u, from)) => (Some(u.clone()), Some(from.clone())),
            None => (None, None),
        },
    };
    let mut r = Reporter {
        path: team.0,
        text: team.1,
        diagnostics: &mut diagnostics,
    };
    let project = check_project(&team_file, &mut r);
    let environments = check_environments(
        &team_file,
        user.as_deref(),
        personal
            .map(|(p, _)| p)
            .or(fallback.personal_location.as_deref()),
        &mut r,
    );
    let names: Vec<&str> = environments.iter().map(|e| e.name.as_str()).collect();
    let stages = check_stages(&team_file, &names, &mut r);
    let release_from = check_release_from(&team_file, &stages, &mut r);
    let require_acceptance = check_require_acceptance(&team_file, &stages, &mut r);
    check_shared_connections(&team_file, &environments, &stages, &mut r);
    let companions = super::companions::check_companions(&team_file, &mut r);
    let companion_names: Vec<&str> = companions.iter().map(|c| c.name.as_str()).collect();

    let personal_out = match personal {
        Some((path, text)) => {
            let mut pr = Reporter {
                path,
                text,
                diagnostics: &mut diagnostics,
            };
            check_personal(personal_file, &names, &companion_names, &mut pr)
        }
        None => Personal::default(),
    };
    let personal_out = Personal {
        user: user.clone(),
        ..personal_out
    };

    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(Config {
        team_file: team.0.to_path_buf(),
        personal_file: personal.map(|(p, _)| p.to_path_buf()),
        project,
        stages,
        release_from,
        require_acceptance,
        environments,
        companions,
        personal: personal_out,
        user_source,
    })
}

/// Deserialises one file, turning TOML's errors into diagnostics that name the key
/// and suggest the nearest valid one.
fn parse_toml<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let (message, help) = explain_toml_error(e.message());
            let mut d = Diagnostic::at_offset(path, text, offset, message);
            d.help = help;
            diagnostics.push(d);
            None
        }
    }
}

fn explain_toml_error(message: &str) -> (String, Option<String>) {
    let one_line = message.trim().replace('\n', "; ");
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let help = match nearest(name, expected.iter().copied()) {
            Some(s) => format!(
                "did you mean `{s}`? valid keys here: {}",
                expected.join(", ")
            ),
            None if expected.is_empty() => "this table takes no keys".to_string(),
            None => format!("valid keys here: {}", expected.join(", ")),
        };
        return (format!("unknown key `{name}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return (
            format!("missing key `{name}`"),
            Some(format!("add `{name} = ...` to this table")),
        );
    }
    (
        one_line,
        Some("fix the TOML syntax at this place".to_string()),
    )
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn check_project(team: &TeamFile, r: &mut Reporter) -> Project {
    let p = &team.project;
    check_template(
        &p.story_branch,
        &["key", "slug", "user"],
        "key",
        "story_branch",
        r,
    );
    check_template(&p.release_branch, &["date"], "date", "release_branch", r);
    Project {
        main: p.main.clone(),
        remote: p.remote.clone(),
        story_branch: p.story_branch.get_ref().clone(),
        release_branch: p.release_branch.get_ref().clone(),
    }
}

fn check_template(
    value: &Spanned<String>,
    allowed: &[&str],
    required: &str,
    key: &str,
    r: &mut Reporter,
) {
    let found = placeholders(value.get_ref());
    for (name, _) in &found {
        if !allowed.contains(name) {
            r.at(
                &value.span(),
                format!("`{key}` uses an unknown placeholder `{{{name}}}`"),
                Some(format!("placeholders allowed here: {}", braces(allowed))),
            );
        }
    }
    if !found.iter().any(|(n, _)| *n == required) {
        r.at(
            &value.span(),
            format!("`{key}` has no `{{{required}}}`, so every name it makes would be the same"),
            Some(format!(
                "include `{{{required}}}`, for example \"{}\"",
                if required == "date" {
                    "release/{date}"
                } else {
                    "story/{key}-{slug}"
                }
            )),
        );
    }
}

fn braces(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("{{{n}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_environments(
    team: &TeamFile,
    user: Option<&str>,
    personal: Option<&Path>,
    r: &mut Reporter,
) -> Vec<Environment> {
    let mut out: Vec<Environment> = Vec::new();
    let mut defined_at: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for (name, section) in &team.environment {
        let strings = section_strings(name, section);
        let mut uses_user = false;
        for s in &strings {
            for (p, _) in placeholders(s.get_ref()) {
                if p == "user" {
                    uses_user = true;
                } else {
                    r.at(
                        &s.span(),
                        format!(
                            "unknown placeholder `{{{p}}}` in environment `{}`",
                            name.get_ref()
                        ),
                        Some("environments may use `{user}` only".to_string()),
                    );
                }
            }
        }
        let is_stage = team
            .pipeline
            .stages
            .iter()
            .any(|s| s.get_ref() == name.get_ref());
        if uses_user && is_stage {
            r.at(
                &name.span(),
                format!(
                    "environment `{}` is a pipeline stage and uses `{{user}}`: it would render differently for each developer who runs storyboard",
                    name.get_ref()
                ),
                Some("a shared stage names its remote, branch and maps the same for everyone; `{user}` belongs in a developer's environment like \"dev-{user}\"".to_string()),
            );
            continue;
        }
        if uses_user && user.is_none() {
            let where_ = personal.map_or_else(
                || "your personal configuration file (see --config)".to_string(),
                |p| p.display().to_string(),
            );
            r.at(
                &name.span(),
                format!(
                    "environment `{}` uses `{{user}}`, but no `user` is known: the personal configuration sets none, and git knows no user.email or user.name",
                    name.get_ref()
                ),
                Some(format!("add `user = \"yourname\"` to {where_}")),
            );
            continue;
        }
        let fill = |s: &str| {
            expand(s, |p| {
                (p == "user").then(|| user.unwrap_or_default().to_string())
            })
        };
        let expanded = fill(name.get_ref());
        if expanded.is_empty() || expanded.chars().any(|c| c.is_whitespace() || c == ':') {
            r.at(
                &name.span(),
                format!("environment name `{expanded}` is empty or holds a space or `:`"),
                Some("use letters, digits, `-` and `_`".to_string()),
            );
        }
        if let Some(first) = defined_at.get(&expanded) {
            let first_line = crate::diagnostic::Position::of_offset(r.text, first.start).line;
            r.at(
                &name.span(),
                format!("environment `{expanded}` is defined twice (first on line {first_line}) once templates are expanded"),
                Some("rename one of them, or remove the duplicate".to_string()),
            );
            continue;
        }
        defined_at.insert(expanded.clone(), name.span());

        for (key, value) in [
            ("model_suffix", &section.model_suffix),
            ("model_prefix", &section.model_prefix),
        ] {
            if let Some(v) = value {
                let filled = fill(v.get_ref());
                if !filled
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    r.at(
                        &v.span(),
                        format!("`{key}` = \"{filled}\" would make invalid model names"),
                        Some("use only letters, digits and `_`".to_string()),
                    );
                }
            }
        }
        for (key, value) in [("remote", &section.remote), ("branch", &section.branch)] {
            if value.get_ref().trim().is_empty() {
                r.at(
                    &value.span(),
                    format!("`{key}` is empty"),
                    Some(format!("set the environment's {key}")),
                );
            }
        }
        let connections = invertible_map("connections", &section.connections, &fill, r);
        let schemas = invertible_map("schemas", &section.schemas, &fill, r);
        out.push(Environment {
            name: expanded.clone(),
            template: (expanded != *name.get_ref()).then(|| name.get_ref().clone()),
            remote: fill(section.remote.get_ref()),
            branch: fill(section.branch.get_ref()),
            // The last stage is production: protected unless the team says
            // otherwise in so many words.
            protected: section.protected.unwrap_or_else(|| {
                team.pipeline.stages.last().map(|s| s.get_ref()) == Some(name.get_ref())
            }),
            model_prefix: section
                .model_prefix
                .as_ref()
                .map(|v| fill(v.get_ref()))
                .unwrap_or_default(),
            model_suffix: section
                .model_suffix
                .as_ref()
                .map(|v| fill(v.get_ref()))
                .unwrap_or_default(),
            connections,
            constants: section
                .constants
                .iter()
                .map(|(k, v)| (k.get_ref().clone(), fill(v.get_ref())))
                .collect(),
            schemas,
            looker: section
                .looker
                .as_ref()
                .and_then(|l| check_looker(name.get_ref(), l, r)),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Every string of an environment's section that may hold a template.
fn section_strings<'a>(
    name: &'a Spanned<String>,
    s: &'a EnvironmentSection,
) -> Vec<&'a Spanned<String>> {
    let mut v = vec![name, &s.remote, &s.branch];
    v.extend(s.model_suffix.iter());
    v.extend(s.model_prefix.iter());
    for map in [&s.connections, &s.constants, &s.schemas] {
        for (k, val) in map {
            v.push(k);
            v.push(val);
        }
    }
    v
}

/// A canonical → environment name map that unrender must be able to invert: no two
/// canonical names share an environment name, and no environment name is also a
/// canonical one.
fn invertible_map(
    key: &str,
    map: &BTreeMap<Spanned<String>, Spanned<String>>,
    fill: &dyn Fn(&str) -> String,
    r: &mut Reporter,
) -> BTreeMap<String, String> {
    let canonical: BTreeSet<&str> = map.keys().map(|k| k.get_ref().as_str()).collect();
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for (from, to) in map {
        let target = fill(to.get_ref());
        for (name, span) in [
            (from.get_ref().as_str(), from.span()),
            (target.as_str(), to.span()),
        ] {
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_-.$".contains(c))
            {
                r.at(
                    &span,
                    format!("{key}: `{name}` is not a plain name"),
                    Some("use letters, digits, `_`, `-`, `.` and `$`: the name is written into LookML and SQL as it is".to_string()),
                );
            }
        }
        if let Some(other) = seen.get(&target) {
            r.at(
                &to.span(),
                format!(
                    "{key}: `{other}` and `{}` both map to `{target}`, so unrender could not tell them apart",
                    from.get_ref()
                ),
                Some("give each canonical name its own environment name".to_string()),
            );
        } else if canonical.contains(target.as_str()) && target != *from.get_ref() {
            r.at(
                &to.span(),
                format!("{key}: `{target}` is both a canonical name and an environment name"),
                Some("choose an environment name that no canonical name uses".to_string()),
            );
        }
        seen.insert(target.clone(), from.get_ref());
        out.insert(from.get_ref().clone(), target);
    }
    out
}

/// An environment's `looker` table: a URL, a project, a way to deploy, and
/// secrets only by the names of environment variables.
fn check_looker(env: &str, l: &LookerSection, r: &mut Reporter) -> Option<Looker> {
    let before = r.diagnostics.len();
    for (key, value) in [
        ("secret", &l.secret),
        ("deploy_secret", &l.deploy_secret),
        ("client_id", &l.client_id),
        ("client_secret", &l.client_secret),
        ("token", &l.token),
        ("password", &l.password),
    ] {
        if let Some(v) = value {
            let named = match key {
                "client_id" => "client_id_env",
                "client_secret" => "client_secret_env",
                _ => "secret_env",
            };
            r.at_secret(
                &v.span(),
                format!(
                    "`{key}` in [environment.{env}.looker] writes a secret into storyboard.toml, which every clone and every environment branch carries"
                ),
                Some(format!(
                    "remove it, and name the environment variable that holds it instead: {named} = \"LOOKER_...\""
                )),
            );
        }
    }
    let url = l.url.get_ref().trim_end_matches('/').to_string();
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(' ') {
        r.at(
            &l.url.span(),
            format!("`url` of [environment.{env}.looker] is not an http(s) URL: `{url}`"),
            Some("the instance's address, for example \"https://acme.looker.com\"".to_string()),
        );
    }
    let project = l.project.get_ref().clone();
    if project.is_empty() || project.contains(['/', ' ', '?', '#']) {
        r.at(
            &l.project.span(),
            format!(
                "`project` of [environment.{env}.looker] is not a LookML project id: `{project}`"
            ),
            Some("the project's name as Looker's Develop menu shows it".to_string()),
        );
    }
    let deploy = match l.deploy.get_ref().as_str() {
        "webhook" => Some(LookerDeploy::Webhook),
        "api" => Some(LookerDeploy::Api),
        other => {
            let help = match nearest(other, ["webhook", "api"].into_iter()) {
                Some(n) => format!("did you mean `{n}`? `webhook` or `api`"),
                None => {
                    "`webhook` (the deploy webhook) or `api` (API 4.0's deploy_ref_to_production)"
                        .to_string()
                }
            };
            r.at(
                &l.deploy.span(),
                format!("`deploy` of [environment.{env}.looker] is `{other}`"),
                Some(help),
            );
            None
        }
    };
    let var = |v: &Option<toml::Spanned<String>>, r: &mut Reporter| -> Option<String> {
        let v = v.as_ref()?;
        let name = v.get_ref();
        let ok = !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            r.at(
                &v.span(),
                format!("`{name}` is not the name of an environment variable"),
                Some(
                    "name the variable that holds the secret, in capitals: LOOKER_CLIENT_SECRET"
                        .to_string(),
                ),
            );
        }
        Some(name.clone())
    };
    let secret_env = var(&l.secret_env, r);
    let id = var(&l.client_id_env, r);
    let secret = var(&l.client_secret_env, r);
    let api = match (id, secret) {
        (Some(i), Some(s)) => Some((i, s)),
        (None, None) => None,
        _ => {
            r.at(
                &l.deploy.span(),
                format!("[environment.{env}.looker] names only one of client_id_env and client_secret_env"),
                Some("the API needs both".to_string()),
            );
            None
        }
    };
    if deploy == Some(LookerDeploy::Api) && api.is_none() && l.client_id_env.is_none() {
        r.at(
            &l.deploy.span(),
            format!("[environment.{env}.looker] deploys through the API but names no credentials"),
            Some("add client_id_env and client_secret_env: the environment variables holding an API key".to_string()),
        );
    }
    let timeout_seconds = match &l.timeout_seconds {
        Some(t) if *t.get_ref() == 0 || *t.get_ref() > 3600 => {
            r.at(
                &t.span(),
                "`timeout_seconds` must be between 1 and 3600".to_string(),
                None,
            );
            30
        }
        Some(t) => *t.get_ref(),
        None => 30,
    };
    if r.diagnostics.len() > before {
        return None;
    }
    Some(Looker {
        url,
        project,
        deploy: deploy?,
        secret_env,
        api,
        validate: l.validate,
        timeout_seconds,
    })
}

fn check_stages(team: &TeamFile, names: &[&str], r: &mut Reporter) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for stage in &team.pipeline.stages {
        let s = stage.get_ref();
        if !names.contains(&s.as_str()) {
            let help = match nearest(s, names.iter().copied()) {
                Some(n) => format!("did you mean `{n}`? environments: {}", names.join(", ")),
                None if names.is_empty() => "define it as [environment.NAME]".to_string(),
                None => format!(
                    "define [environment.{s}] or use one of: {}",
                    names.join(", ")
                ),
            };
            r.at(
                &stage.span(),
                format!("pipeline stage `{s}` names no environment"),
                Some(help),
            );
        } else if !seen.insert(s.clone()) {
            r.at(
                &stage.span(),
                format!("pipeline stage `{s}` is listed twice"),
                Some("each environment is one stage of the pipeline".to_string()),
            );
        }
        out.push(s.clone());
    }
    out
}

/// Two stages reading through one connection is one database for both:
/// refused unless the team allows that connection by name.
fn check_shared_connections(
    team: &TeamFile,
    environments: &[Environment],
    stages: &[String],
    r: &mut Reporter,
) {
    let allowed: BTreeSet<&str> = team
        .pipeline
        .shared_connections
        .iter()
        .map(|s| s.get_ref().as_str())
        .collect();
    let mut first_user: BTreeMap<&str, &str> = BTreeMap::new();
    for stage in stages {
        let Some(env) = environments.iter().find(|e| &e.name == stage) else {
            continue;
        };
        for target in env.connections.values() {
            if allowed.contains(target.as_str()) {
                continue;
            }
            match first_user.get(target.as_str()) {
                Some(other) if *other != env.name => {
                    let span = team
                        .environment
                        .keys()
                        .find(|k| k.get_ref() == &env.name)
                        .map(|k| k.span())
                        .unwrap_or(0..0);
                    r.at(
                        &span,
                        format!(
                            "stages `{other}` and `{}` both map a connection to `{target}`: they would read one database",
                            env.name
                        ),
                        Some(format!(
                            "give each stage its own connection, or allow it by name: [pipeline] shared_connections = [\"{target}\"]"
                        )),
                    );
                }
                _ => {
                    first_user.insert(target.as_str(), env.name.as_str());
                }
            }
        }
    }
}

/// The first stage that takes releases: a stage, and not the first (which
/// takes main, and releases are cut from what it holds).
fn check_release_from(team: &TeamFile, stages: &[String], r: &mut Reporter) -> Option<String> {
    let Some(wanted) = &team.pipeline.release_from else {
        return stages.get(1).cloned();
    };
    let name = wanted.get_ref();
    match stages.iter().position(|s| s == name) {
        Some(0) => {
            r.at(
                &wanted.span(),
                format!("`release_from` cannot be the first stage `{name}`"),
                Some(format!(
                    "the first stage takes main and releases are cut from what it holds; name a later stage{}",
                    stages
                        .get(1)
                        .map(|s| format!(" (for example `{s}`)"))
                        .unwrap_or_default()
                )),
            );
            None
        }
        Some(_) => Some(name.clone()),
        None => {
            not_a_stage("release_from", wanted, stages, r);
            None
        }
    }
}

/// Reports a `[pipeline]` key naming what is not a stage, with the nearest
/// stage's name.
fn not_a_stage(key: &str, wanted: &Spanned<String>, stages: &[String], r: &mut Reporter) {
    let name = wanted.get_ref();
    let help = match nearest(name, stages.iter().map(String::as_str)) {
        Some(n) => format!("did you mean `{n}`? stages: {}", stages.join(", ")),
        None if stages.is_empty() => {
            "list the pipeline's stages in [pipeline] stages first".to_string()
        }
        None => format!("stages: {}", stages.join(", ")),
    };
    r.at(
        &wanted.span(),
        format!("`{key}` names `{name}`, which is not a pipeline stage"),
        Some(help),
    );
}

/// The stage whose sign-off later stages need: a stage with a stage after it
/// (the last one gates nothing).
fn check_require_acceptance(
    team: &TeamFile,
    stages: &[String],
    r: &mut Reporter,
) -> Option<String> {
    let wanted = team.pipeline.require_acceptance.as_ref()?;
    let name = wanted.get_ref();
    match stages.iter().position(|s| s == name) {
        Some(i) if i + 1 == stages.len() => {
            r.at(
                &wanted.span(),
                format!(
                    "`require_acceptance` names the last stage `{name}`: no stage comes after it to need its sign-off"
                ),
                Some(match i.checked_sub(1).and_then(|p| stages.get(p)) {
                    Some(p) => format!(
                        "name the stage whose sign-off `{name}` needs (for example `{p}`)"
                    ),
                    None => "name a stage that has a stage after it".to_string(),
                }),
            );
            None
        }
        Some(_) => Some(name.clone()),
        None => {
            not_a_stage("require_acceptance", wanted, stages, r);
            None
        }
    }
}

fn check_personal(
    file: PersonalFile,
    environments: &[&str],
    companions: &[&str],
    r: &mut Reporter,
) -> Personal {
    for action in file.keys.keys() {
        if !KEY_ACTIONS.contains(&action.get_ref().as_str()) {
            let help = match nearest(action.get_ref(), KEY_ACTIONS.iter().copied()) {
                Some(n) => format!("did you mean `{n}`? actions: {}", KEY_ACTIONS.join(", ")),
                None => format!("actions: {}", KEY_ACTIONS.join(", ")),
            };
            r.at(
                &action.span(),
                format!("unknown key action `{}`", action.get_ref()),
                Some(help),
            );
        }
    }
    for env in file.looker.keys() {
        if !environments.contains(&env.get_ref().as_str()) {
            r.at(
                &env.span(),
                format!(
                    "Looker credentials for `{}`, which is no environment",
                    env.get_ref()
                ),
                Some(format!("environments: {}", environments.join(", "))),
            );
        }
    }
    let companion_paths = super::companions::check_paths(file.companions, companions, r);
    Personal {
        companions: companion_paths,
        user: file.user.map(|u| u.into_inner()),
        worktrees: file.worktrees,
        fork: file.fork,
        theme: file.theme,
        keys: file
            .keys
            .into_iter()
            .map(|(k, v)| (k.into_inner(), v))
            .collect(),
        looker: file
            .looker
            .into_iter()
            .map(|(k, v)| (k.into_inner(), v))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_gets_the_nearest_suggestion() {
        let (m, h) = explain_toml_error(
            "unknown field `mian`, expected one of `main`, `remote`, `story_branch`, `release_branch`",
        );
        assert_eq!(m, "unknown key `mian`");
        assert!(h.unwrap().starts_with("did you mean `main`?"));
    }

    #[test]
    fn nearest_refuses_far_words() {
        assert_eq!(nearest("zzz", ["main", "remote"].into_iter()), None);
        assert_eq!(
            nearest("brnach", ["remote", "branch"].into_iter()),
            Some("branch")
        );
    }
}
