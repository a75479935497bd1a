//! `storyboard init`: a first `storyboard.toml` for an existing LookML project.
//!
//! Core: [`survey`] reads what a project says about its environments — the model
//! files and their `connection:` values (through `"@{CONSTANT}"` too), the manifest's
//! constants, the schemas qualifying relations in `sql_table_name` and derived-table
//! SQL — from the same places a render rewrites (`env::places`); [`team_file`] turns
//! that and a few answers into the commented file. Shell: [`GitDefaults`], what the
//! clone says of the team remote and the main branch.

mod git_defaults;
mod schemas;
mod team_file;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;

pub use git_defaults::GitDefaults;
pub use schemas::relation_schemas;
pub use team_file::{
    Answers, DEFAULT_STAGES, DEV_ENVIRONMENT, Placeholder, TeamFile, parse_stages, team_file,
};

use crate::diagnostic::Diagnostic;
use crate::env::places::{self, PlaceKind};
use crate::lookml;

/// What a project's files say that its environments depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Survey {
    /// How many LookML files were read.
    pub files: usize,
    /// Model name → its file, in path order.
    pub models: Vec<(String, PathBuf)>,
    /// Connection name (constants substituted) → the models that use it.
    pub connections: BTreeMap<String, Vec<String>>,
    /// `connection:` values that name no connection init can tell: a constant
    /// the manifest does not define, or a value built from several parts.
    /// (model, raw value).
    pub unresolved: Vec<(String, String)>,
    /// The manifest's constants, in the manifest's order.
    pub constants: Vec<Constant>,
    /// Schemas that qualify relations in `sql_table_name` and derived-table SQL,
    /// with how many places use each.
    pub schemas: BTreeMap<String, usize>,
    /// Files that do not parse: left out of the survey.
    pub unparsed: Vec<Diagnostic>,
}

/// A manifest constant and what it is for, as far as the project tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constant {
    pub name: String,
    /// The raw value, as written between the quotes.
    pub value: String,
    pub role: Role,
}

/// Why a constant differs between environments, or that nothing says it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A model's `connection: "@{NAME}"`: its value follows the environment's
    /// `connections` map, so it needs no entry of its own.
    Connection,
    /// It names a schema: its value qualifies relations (`@{NAME}.orders`), is a
    /// schema or connection found elsewhere, or its name says so (`*SCHEMA*`,
    /// `*DATABASE*`, `*DATASET*`, `*CATALOG*`, `*CONNECTION*`).
    Environment,
    /// A URL, a format, an expression of other constants, a label: the same in
    /// every environment unless the team says otherwise.
    Shared,
}

/// What one file contributes.
#[derive(Debug, Default)]
struct FileFacts {
    model: Option<(String, PathBuf)>,
    connections: Vec<String>,
    constants: Vec<(String, String)>,
    schemas: Vec<String>,
    /// Constants used as a schema: `@{NAME}.table` in SQL.
    schema_constants: Vec<String>,
}

/// Surveys a project's LookML files, `(path relative to the project root,
/// bytes)`, parsed in parallel. A file that does not parse is listed in
/// `unparsed` and otherwise left out.
pub fn survey(files: &[(PathBuf, Vec<u8>)]) -> Survey {
    let results: Vec<Result<FileFacts, Diagnostic>> = files
        .par_iter()
        .map(|(path, bytes)| {
            let parsed = lookml::parse_file(path, bytes)?;
            Ok(file_facts(path, &parsed))
        })
        .collect();
    let mut survey = Survey {
        files: files.len(),
        ..Survey::default()
    };
    let mut raw_connections: Vec<(String, String)> = Vec::new();
    let mut schema_constants = BTreeSet::new();
    for r in results {
        let facts = match r {
            Ok(f) => f,
            Err(d) => {
                survey.unparsed.push(d);
                continue;
            }
        };
        if let Some((model, path)) = facts.model {
            for c in facts.connections {
                raw_connections.push((model.clone(), c));
            }
            survey.models.push((model, path));
        }
        for (name, value) in facts.constants {
            survey.constants.push(Constant {
                name,
                value,
                role: Role::Shared,
            });
        }
        for s in facts.schemas {
            *survey.schemas.entry(s).or_default() += 1;
        }
        schema_constants.extend(facts.schema_constants);
    }
    let values: BTreeMap<&str, &str> = survey
        .constants
        .iter()
        .map(|c| (c.name.as_str(), c.value.as_str()))
        .collect();
    let mut connection_constants = BTreeSet::new();
    for (model, raw) in &raw_connections {
        if let Some(name) = constant_reference(raw) {
            connection_constants.insert(name.to_string());
        }
        match resolve(raw, &values) {
            Some(name) => {
                let users = survey.connections.entry(name).or_default();
                if !users.contains(model) {
                    users.push(model.clone());
                }
            }
            None => survey.unresolved.push((model.clone(), raw.clone())),
        }
    }
    let connections: BTreeSet<String> = survey.connections.keys().cloned().collect();
    for c in &mut survey.constants {
        c.role = if connection_constants.contains(&c.name) {
            Role::Connection
        } else if is_plain(&c.value)
            && (schema_constants.contains(&c.name)
                || survey.schemas.contains_key(&c.value)
                || connections.contains(&c.value)
                || names_a_place(&c.name))
        {
            Role::Environment
        } else {
            Role::Shared
        };
    }
    survey
}

impl Survey {
    /// The constants an environment gives its own value.
    pub fn environment_constants(&self) -> impl Iterator<Item = &Constant> {
        self.constants
            .iter()
            .filter(|c| c.role == Role::Environment)
    }
}

fn file_facts(path: &std::path::Path, file: &lookml::LookmlFile) -> FileFacts {
    let mut facts = FileFacts {
        model: places::model_of(path).map(|m| (m.to_string(), path.to_path_buf())),
        ..FileFacts::default()
    };
    for p in places::places(path, file) {
        // A YAML value written with escapes holds its meaning apart from its bytes.
        let text = p.escaped.as_deref().unwrap_or(p.text);
        match p.kind {
            PlaceKind::Connection => facts.connections.push(text.to_string()),
            PlaceKind::Constant => facts.constants.push((p.key.to_string(), text.to_string())),
            PlaceKind::Sql => {
                let anywhere = p.key == "sql_table_name";
                facts.schemas.extend(
                    relation_schemas(text, anywhere)
                        .into_iter()
                        .map(str::to_string),
                );
                facts.schema_constants.extend(schema_constant_uses(text));
            }
            PlaceKind::Model | PlaceKind::UrlModel => {}
        }
    }
    facts
}

/// `NAME` when `raw` is exactly `@{NAME}`.
fn constant_reference(raw: &str) -> Option<&str> {
    raw.trim()
        .strip_prefix("@{")
        .and_then(|s| s.strip_suffix('}'))
        .filter(|n| !n.is_empty() && !n.contains(['{', '}']))
}

/// The connection a `connection:` value names, through constants that are
/// exactly `@{NAME}` (a few levels deep), if it ends at a plain name.
fn resolve(raw: &str, constants: &BTreeMap<&str, &str>) -> Option<String> {
    let mut value = raw.trim();
    for _ in 0..4 {
        match constant_reference(value) {
            Some(name) => value = constants.get(name)?.trim(),
            None => break,
        }
    }
    is_plain(value).then(|| value.to_string())
}

/// Constants used as schema qualifiers: `@{NAME}.` in SQL.
fn schema_constant_uses(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = sql;
    while let Some(i) = rest.find("@{") {
        rest = &rest[i + 2..];
        if let Some(end) = rest.find('}') {
            let name = &rest[..end];
            if rest[end + 1..].starts_with('.') && is_plain(name) {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// A name storyboard.toml can map: what its validation takes as a plain name.
pub fn is_plain(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.$".contains(c))
}

/// Whether a constant's name says it holds where data lives.
fn names_a_place(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["SCHEMA", "DATABASE", "DATASET", "CATALOG", "CONNECTION"]
        .iter()
        .any(|w| upper.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(PathBuf, Vec<u8>)> {
        list.iter()
            .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn connections_through_constants_and_schemas_of_relations() {
        let s = survey(&files(&[
            (
                "manifest.lkml",
                "constant: CONN { value: \"warehouse\" }\nconstant: SCHEMA { value: \"analytics\" }\nconstant: STAGING_SCHEMA { value: \"staging\" }\nconstant: FMT { value: \"%Y\" }\nconstant: CURRENCY { value: \"EUR\" }\nconstant: T { value: \"@{SCHEMA}.t\" }\n",
            ),
            ("a.model.lkml", "connection: \"@{CONN}\"\n"),
            ("b.model.lkml", "connection: \"warehouse\"\n"),
            ("c.model.lkml", "connection: \"@{MISSING}\"\n"),
            (
                "v.view.lkml",
                "view: v { sql_table_name: analytics.orders ;; }\nview: w { derived_table: { sql: SELECT o.id FROM raw.orders AS o JOIN @{SCHEMA}.x ON o.a = x.b -- other.t\n ;; } }\n",
            ),
            ("broken.view.lkml", "view: {"),
        ]));
        assert_eq!(s.files, 6);
        assert_eq!(s.models.len(), 3);
        assert_eq!(
            s.connections.get("warehouse"),
            Some(&vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(s.unresolved, vec![("c".into(), "@{MISSING}".into())]);
        assert_eq!(s.schemas.keys().collect::<Vec<_>>(), ["analytics", "raw"]);
        let roles: Vec<(&str, Role)> = s
            .constants
            .iter()
            .map(|c| (c.name.as_str(), c.role))
            .collect();
        assert_eq!(
            roles,
            [
                ("CONN", Role::Connection),
                ("SCHEMA", Role::Environment),
                ("STAGING_SCHEMA", Role::Environment),
                ("FMT", Role::Shared),
                ("CURRENCY", Role::Shared),
                ("T", Role::Shared),
            ]
        );
        assert_eq!(s.unparsed.len(), 1);
    }

    #[test]
    fn legacy_yaml_models_and_views() {
        let s = survey(&files(&[
            ("x.model.lookml", "- connection: legacy_db\n"),
            (
                "y.view.lookml",
                "- view: users\n  sql_table_name: legacy_schema.users\n",
            ),
        ]));
        assert_eq!(
            s.models,
            [("x".to_string(), PathBuf::from("x.model.lookml"))]
        );
        assert_eq!(s.connections.keys().collect::<Vec<_>>(), ["legacy_db"]);
        assert_eq!(s.schemas.keys().collect::<Vec<_>>(), ["legacy_schema"]);
    }
}
