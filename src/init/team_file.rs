//! The text of a first `storyboard.toml`: every section and key commented, the
//! names found in the project mapped for every environment but production, and
//! each value init had to guess marked `edit:` and listed as a [`Placeholder`].

use std::fmt::Write;

use super::{Role, Survey};

/// The pipeline init proposes.
pub const DEFAULT_STAGES: [&str; 3] = ["integration", "acceptance", "production"];
/// Every developer's environment.
pub const DEV_ENVIRONMENT: &str = "dev-{user}";

/// What the team decides (asked on a terminal, or the defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    /// The canonical branch.
    pub main: String,
    /// The team remote: a remote name of the clone, or a URL.
    pub remote: String,
    /// Whether the clone has that remote (or it is a URL): otherwise it is a
    /// placeholder.
    pub remote_known: bool,
    /// The team remote's URL, when known: environment remotes are guessed from it.
    pub remote_url: Option<String>,
    /// The pipeline's stages, first to last; the last is protected.
    pub stages: Vec<String>,
}

/// A value init had to guess, which the team must replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// The table, as written in the file (`[environment.acceptance]`).
    pub section: String,
    /// The key (or keys) holding it.
    pub key: String,
    /// What it holds now.
    pub value: String,
    /// What to put there.
    pub what: String,
}

/// A team file's text, and what in it is a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamFile {
    pub text: String,
    pub placeholders: Vec<Placeholder>,
}

/// The stages of an answer such as `integration, acceptance, production`
/// (commas or spaces between them).
pub fn parse_stages(answer: &str) -> Result<Vec<String>, String> {
    let stages: Vec<String> = answer
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if stages.is_empty() {
        return Err("name at least one stage (the last one is production)".into());
    }
    for (i, s) in stages.iter().enumerate() {
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(format!(
                "`{s}` cannot name an environment: use letters, digits, `-` and `_`"
            ));
        }
        if stages[..i].contains(s) {
            return Err(format!("`{s}` is named twice"));
        }
    }
    Ok(stages)
}

/// The team file for a project surveyed as `survey`, with `answers`.
pub fn team_file(survey: &Survey, answers: &Answers) -> TeamFile {
    let mut w = Writer {
        text: String::new(),
        placeholders: Vec::new(),
    };
    w.header(survey);
    w.project(answers);
    w.pipeline(answers);
    w.environments_preface();
    let last = answers.stages.len().saturating_sub(1);
    for (i, stage) in answers.stages.iter().enumerate() {
        let remote = sibling_remote(answers.remote_url.as_deref(), stage);
        if i == last {
            w.protected(stage, &remote);
        } else {
            let suffix = format!("_{}", suffix_of(stage));
            w.mapped(
                survey,
                &Mapped {
                    name: stage,
                    what: format!("{stage}: a shared stage, on its own connections and schemas."),
                    remote,
                    branch: "main",
                    suffix: &suffix,
                },
            );
        }
    }
    w.mapped(
        survey,
        &Mapped {
            name: DEV_ENVIRONMENT,
            what: "One environment per developer: {user} is the `user` of each developer's personal file (with user = \"alice\" this is dev-alice)."
                .to_string(),
            remote: answers.remote.clone(),
            branch: "dev-{user}",
            suffix: "_{user}",
        },
    );
    TeamFile {
        text: w.text,
        placeholders: w.placeholders,
    }
}

/// A mapped environment's settings.
struct Mapped<'a> {
    name: &'a str,
    /// The comment above its table.
    what: String,
    remote: String,
    branch: &'a str,
    /// Its model suffix, also what its names are guessed with.
    suffix: &'a str,
}

struct Writer {
    text: String,
    placeholders: Vec<Placeholder>,
}

impl Writer {
    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }

    fn header(&mut self, survey: &Survey) {
        self.line("# storyboard.toml: how storyboard renders this LookML project for each");
        self.line("# environment (model names, connections, constants, schemas), and the");
        self.line("# pipeline its stories and releases go through. Commit it here, at the");
        self.line("# project's root.");
        self.line("#");
        let _ = writeln!(
            self.text,
            "# `storyboard init` wrote it from the {} LookML files it found:",
            survey.files
        );
        let models: Vec<&str> = survey.models.iter().map(|(m, _)| m.as_str()).collect();
        self.listed("models", &models);
        let connections: Vec<String> = survey
            .connections
            .iter()
            .map(|(c, users)| format!("{c} ({})", users.join(", ")))
            .collect();
        self.listed("connections", &connections);
        let constants: Vec<&str> = survey.constants.iter().map(|c| c.name.as_str()).collect();
        self.listed("constants", &constants);
        let schemas: Vec<&str> = survey.schemas.keys().map(String::as_str).collect();
        self.listed("schemas", &schemas);
        for (model, raw) in &survey.unresolved {
            let _ = writeln!(
                self.text,
                "#   not understood: model {model}'s connection `{raw}` (map it by hand)"
            );
        }
        if !survey.unparsed.is_empty() {
            let _ = writeln!(
                self.text,
                "#   not read: {} file(s) that do not parse (`storyboard check` lists them)",
                survey.unparsed.len()
            );
        }
        self.line("#");
        self.line(
            "# Each value marked \"edit:\" is a guess or a placeholder: replace it with your",
        );
        self.line("# team's name. Then `storyboard check` validates this file and renders every");
        self.line("# environment in memory.");
        self.line("");
    }

    fn listed(&mut self, label: &str, items: &[impl AsRef<str>]) {
        let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        let list = if items.is_empty() {
            "(none)".to_string()
        } else {
            items.join(", ")
        };
        self.wrapped(&format!("#   {label:<12} "), &list);
    }

    /// A comment, wrapped to the width of the file's other comments.
    fn comment(&mut self, text: &str) {
        self.wrapped("# ", text);
    }

    /// `first` then `text`, wrapped at 80 columns; later lines are indented to
    /// line up under the text, as comments.
    fn wrapped(&mut self, first: &str, text: &str) {
        const WIDTH: usize = 80;
        let rest = format!("#{}", " ".repeat(first.chars().count().saturating_sub(1)));
        let mut line = first.to_string();
        let mut empty = true;
        for word in text.split(' ') {
            if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
                self.line(line.trim_end());
                line = rest.clone();
                empty = true;
            }
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
            empty = false;
        }
        self.line(line.trim_end());
    }

    fn project(&mut self, answers: &Answers) {
        self.line("[project]");
        self.line("# The canonical branch: the LookML as production runs it, with nothing");
        self.line("# environment-specific. Stories start from it and are merged into it.");
        let _ = writeln!(self.text, "main = {}", quote(&answers.main));
        self.line("# The team remote: a remote name of your clone, or a URL.");
        if !answers.remote_known {
            self.line(
                "# edit: this clone has no such remote: add it (`git remote add NAME URL`), or",
            );
            self.line("# write the team repository's URL here.");
            self.placeholders.push(Placeholder {
                section: "[project]".into(),
                key: "remote".into(),
                value: answers.remote.clone(),
                what: "the team remote: add it to your clone, or write its URL".into(),
            });
        }
        let _ = writeln!(self.text, "remote = {}", quote(&answers.remote));
        self.line(
            "# How story branches are named: {key} is required; {slug} and {user} may be used.",
        );
        self.line("story_branch = \"story/{key}-{slug}\"");
        self.line("# How release branches are named: {date} (YYYY-MM-DD) is required; a second");
        self.line("# cut on the same day gets -2.");
        self.line("release_branch = \"release/{date}\"");
        self.line("");
    }

    fn pipeline(&mut self, answers: &Answers) {
        self.line("[pipeline]");
        self.line("# The shared environments a change goes through, in order; each is an");
        self.line("# [environment.NAME] below. The first takes main, and release branches are");
        self.line("# cut from what it holds; each later stage takes what the one before holds.");
        let stages: Vec<String> = answers.stages.iter().map(|s| quote(s)).collect();
        let _ = writeln!(self.text, "stages = [{}]", stages.join(", "));
        if let Some(second) = answers.stages.get(1) {
            self.line("# The first stage that takes release branches (default: the second).");
            let _ = writeln!(self.text, "# release_from = {}", quote(second));
        }
        self.line("");
    }

    fn environments_preface(&mut self) {
        self.line("# Environments: each is a Looker project with its own git remote and branch.");
        self.line("# storyboard renders the canonical LookML for each, renaming its models and");
        self.line("# mapping names, and undoes the render when it reads an edit made there.");
        self.line(
            "#   remote        the git remote (a URL or a remote name) its Looker project uses",
        );
        self.line("#   branch        the branch that Looker project reads");
        self.line("#   protected     no other environment may use its connections, constant");
        self.line("#                 values or schemas (production)");
        self.line("#   model_suffix  appended to every model name and model file name");
        self.line("#   connections   canonical connection (`connection:` of the models) = its own");
        self.line("#   constants     manifest.lkml constant = its own value");
        self.line(
            "#   schemas       canonical schema = its own, in sql_table_name and derived-table SQL",
        );
        self.line("# Any value may use {user}: each developer's `user`.");
        self.line("");
    }

    fn protected(&mut self, name: &str, remote: &str) {
        let table = table(name);
        self.comment(&format!(
            "{name}: the last stage. It runs the canonical LookML as it is on main: no model is renamed and nothing is mapped."
        ));
        let _ = writeln!(self.text, "[{table}]");
        self.remote(&table, name, remote);
        self.line("# The branch its Looker project reads.");
        self.line("branch = \"main\"");
        self.line("# Renders for the other environments may not use its names (the leak guard).");
        self.line("protected = true");
        self.line("");
    }

    fn remote(&mut self, table: &str, name: &str, remote: &str) {
        if name == DEV_ENVIRONMENT {
            // Works on the first day: Looker's development mode reads each
            // developer's branch of the project's own repository.
            self.comment(
                "Each developer's Looker development mode reads a branch of the team's repository: dev-{user} on the team remote. Change remote and branch if your developers' Looker projects read elsewhere.",
            );
            let _ = writeln!(self.text, "remote = {}", quote(remote));
            return;
        }
        let _ = writeln!(
            self.text,
            "# edit: the git remote of {}'s Looker project (a guess).",
            if name == DEV_ENVIRONMENT {
                "each developer"
            } else {
                name
            }
        );
        let _ = writeln!(self.text, "remote = {}", quote(remote));
        self.placeholders.push(Placeholder {
            section: format!("[{table}]"),
            key: "remote".into(),
            value: remote.to_string(),
            what: format!(
                "the git remote of {}'s Looker project",
                if name == DEV_ENVIRONMENT {
                    "each developer"
                } else {
                    name
                }
            ),
        });
    }

    fn mapped(&mut self, survey: &Survey, env: &Mapped<'_>) {
        let table = table(env.name);
        let suffix = env.suffix;
        self.comment(&env.what);
        let _ = writeln!(self.text, "[{table}]");
        self.remote(&table, env.name, &env.remote);
        self.line("# The branch its Looker project reads.");
        let _ = writeln!(self.text, "branch = {}", quote(env.branch));
        match survey.models.first() {
            Some((model, path)) => {
                let file = path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let renamed = file.replacen(model.as_str(), &format!("{model}{suffix}"), 1);
                self.comment(&format!(
                    "Appended to every model's name and file name: {file} becomes {renamed}, and every reference to model {model} follows."
                ));
            }
            None => self.comment("Appended to every model's name and file name."),
        }
        let _ = writeln!(self.text, "model_suffix = {}", quote(suffix));

        let mut guessed = Vec::new();
        let connections = guesses(survey.connections.keys(), suffix);
        if connections.is_empty() {
            self.line("# No model file here names a connection: map them once there are some.");
            self.line("# connections = { warehouse = \"warehouse_...\" }");
        } else {
            self.line(
                "# edit: the connection it uses in place of each (Looker's Admin > Connections).",
            );
            let _ = writeln!(self.text, "connections = {}", inline(&connections));
            guessed.push("connections");
        }

        // A constant holding a schema's (or a connection's) name takes that
        // name's guess.
        let schemas = guesses(survey.schemas.keys(), suffix);
        let named: std::collections::BTreeMap<&str, &str> = schemas
            .iter()
            .chain(&connections)
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        let constants: Vec<(&str, String)> = survey
            .environment_constants()
            .map(|c| {
                let value = named
                    .get(c.value.as_str())
                    .map_or_else(|| format!("{}{suffix}", c.value), |v| v.to_string());
                (c.name.as_str(), value)
            })
            .collect();
        let following: Vec<&str> = survey
            .constants
            .iter()
            .filter(|c| c.role == Role::Connection)
            .map(|c| c.name.as_str())
            .collect();
        let shared: Vec<&str> = survey
            .constants
            .iter()
            .filter(|c| c.role == Role::Shared)
            .map(|c| c.name.as_str())
            .collect();
        if !constants.is_empty() {
            self.line("# edit: its value of each manifest constant that says where data lives.");
        }
        if !following.is_empty() {
            self.comment(&format!(
                "{} follow{} `connections`: the models use {} as their connection.",
                following.join(", "),
                if following.len() == 1 { "s" } else { "" },
                if following.len() == 1 { "it" } else { "them" }
            ));
        }
        if !shared.is_empty() {
            self.comment(&format!(
                "The same in every environment unless added here: {}.",
                shared.join(", ")
            ));
        }
        if constants.is_empty() {
            if survey.constants.is_empty() {
                self.line("# No manifest.lkml constants here.");
            }
            self.line("# constants = { NAME = \"value\" }");
        } else {
            let _ = writeln!(self.text, "constants = {}", inline(&constants));
            guessed.push("constants");
        }

        if schemas.is_empty() {
            self.line("# No sql_table_name or derived table here names a schema.");
            self.line("# schemas = { analytics = \"analytics_...\" }");
        } else {
            self.line("# edit: the schema it reads in place of each.");
            let _ = writeln!(self.text, "schemas = {}", inline(&schemas));
            guessed.push("schemas");
        }
        self.line("");
        if !guessed.is_empty() {
            self.placeholders.push(Placeholder {
                section: format!("[{table}]"),
                key: guessed.join(", "),
                value: format!("<name>{suffix}"),
                what: format!("the names {} uses", env.name),
            });
        }
    }
}

/// Each canonical name of a map with an environment's name for it: the name
/// and the suffix, added again while that is a canonical name or another's
/// (unrender could not tell them apart).
fn guesses<'a>(
    names: impl Iterator<Item = &'a String> + Clone,
    suffix: &str,
) -> Vec<(&'a str, String)> {
    let mut taken: std::collections::BTreeSet<String> = names.clone().cloned().collect();
    names
        .map(|name| {
            let mut out = format!("{name}{suffix}");
            while taken.contains(&out) {
                out.push_str(suffix);
            }
            taken.insert(out.clone());
            (name.as_str(), out)
        })
        .collect()
}

/// `environment.NAME` as a TOML table header.
fn table(name: &str) -> String {
    format!("environment.{}", key(name))
}

/// A TOML key: bare when it can be.
fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        quote(k)
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `{ a = "b", c = "d" }`.
fn inline(pairs: &[(&str, String)]) -> String {
    let items: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{} = {}", key(k), quote(v)))
        .collect();
    format!("{{ {} }}", items.join(", "))
}

/// What a stage's name gives its model suffix: letters, digits and `_`.
fn suffix_of(stage: &str) -> String {
    stage
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// `(prefix, owner, repository, extension)` of a remote URL such as
/// `git@github.com:acme/looker.git` or `https://github.com/acme/looker.git`.
fn split_url(url: &str) -> Option<(&str, &str, &str, &str)> {
    let slash = url.rfind('/')?;
    let last = &url[slash + 1..];
    let (name, ext) = match last.strip_suffix(".git") {
        Some(n) => (n, ".git"),
        None => (last, ""),
    };
    let before = &url[..slash];
    let owner_start = before.rfind(['/', ':']).map_or(0, |i| i + 1);
    let (prefix, owner) = before.split_at(owner_start);
    // `https://host/repo.git`: the "owner" would be the host.
    if name.is_empty() || owner.is_empty() || prefix.ends_with("//") {
        return None;
    }
    Some((prefix, owner, name, ext))
}

/// A guess at a stage's remote: the team repository's sibling named after it.
fn sibling_remote(team_url: Option<&str>, stage: &str) -> String {
    match team_url.and_then(split_url) {
        Some((prefix, owner, name, ext)) => format!("{prefix}{owner}/{name}-{stage}{ext}"),
        None => format!("git@github.com:your-org/looker-{stage}.git"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::path::Path;

    fn answers() -> Answers {
        Answers {
            main: "main".into(),
            remote: "origin".into(),
            remote_known: true,
            remote_url: Some("git@github.com:acme/looker.git".into()),
            stages: DEFAULT_STAGES.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn valid(text: &str) -> Config {
        Config::from_texts(
            (Path::new("storyboard.toml"), text),
            Some((Path::new("p.toml"), "user = \"alice\"\n")),
        )
        .unwrap_or_else(|e| panic!("valid: {e}\n{text}"))
    }

    #[test]
    fn guesses_remotes_from_the_team_remote() {
        let u = Some("git@github.com:acme/looker.git");
        assert_eq!(
            sibling_remote(u, "acceptance"),
            "git@github.com:acme/looker-acceptance.git"
        );
        assert_eq!(
            sibling_remote(Some("https://gitlab.example/a/b/lookml"), "production"),
            "https://gitlab.example/a/b/lookml-production"
        );
        assert_eq!(
            sibling_remote(Some("https://host/x.git"), "production"),
            "git@github.com:your-org/looker-production.git"
        );
    }

    #[test]
    fn an_empty_project_still_gives_a_valid_file() {
        let f = team_file(&Survey::default(), &answers());
        let config = valid(&f.text);
        assert_eq!(config.stages, DEFAULT_STAGES);
        assert!(
            config
                .environment("production")
                .is_some_and(|e| e.protected)
        );
        assert!(config.environment("dev-alice").is_some());
    }

    #[test]
    fn stages_with_odd_names_and_quoted_values() {
        let mut a = answers();
        a.stages = parse_stages("pre-prod, prod").expect("stages");
        a.remote = "te\"am".into();
        a.remote_known = false;
        let mut survey = Survey::default();
        survey.connections.insert("wh".into(), vec!["m".into()]);
        let f = team_file(&survey, &a);
        let config = valid(&f.text);
        let pre = config.environment("pre-prod").expect("pre-prod");
        assert_eq!(pre.model_suffix, "_pre_prod");
        assert_eq!(pre.connections["wh"], "wh_pre_prod");
        assert_eq!(config.project.remote, "te\"am");
        assert!(f.placeholders.iter().any(|p| p.section == "[project]"));
    }

    #[test]
    fn guesses_are_never_canonical_names() {
        let mut survey = Survey::default();
        for s in ["analytics", "analytics_acceptance"] {
            survey.schemas.insert(s.into(), 1);
        }
        let config = valid(&team_file(&survey, &answers()).text);
        let acceptance = config.environment("acceptance").expect("acceptance");
        assert_eq!(
            acceptance.schemas["analytics"],
            "analytics_acceptance_acceptance"
        );
        survey.constants.push(super::super::Constant {
            name: "SCHEMA".into(),
            value: "analytics".into(),
            role: Role::Environment,
        });
        let config = valid(&team_file(&survey, &answers()).text);
        let acceptance = config.environment("acceptance").expect("acceptance");
        assert_eq!(
            acceptance.constants["SCHEMA"],
            "analytics_acceptance_acceptance"
        );
    }

    #[test]
    fn stage_answers() {
        assert_eq!(
            parse_stages(" a,b  c ").expect("ok"),
            ["a", "b", "c"].map(String::from)
        );
        assert!(parse_stages("").is_err());
        assert!(parse_stages("a a").is_err());
        assert!(parse_stages("dev-{user}").is_err());
    }
}
