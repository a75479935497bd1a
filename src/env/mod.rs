//! Environments: render the canonical LookML for one environment, unrender an
//! environment's tree back to canonical form, and the leak guard.
//!
//! Render renames model files and rewrites exactly the tokens that name an
//! environment-specific thing: `connection:` values (directly or through a
//! `"@{CONSTANT}"`), model names in dashboards and Looker URLs, manifest constant
//! values, and schema qualifiers in `sql_table_name` and derived-table SQL. Every other
//! byte is kept. Each render is proven undoable: unrendering it must give back the
//! input byte for byte, or the render is refused with the place that would change.
//!
//! Everything here is pure: trees of files in, trees of files out.

mod guard;
mod rewrite;
mod scan;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

pub use rewrite::Edit;
pub use scan::{schema_qualifiers, url_models};

use crate::config::Environment;
use crate::diagnostic::Diagnostic;
use crate::fileset::FileSet;
use crate::project::{Object, Project};
use rewrite::{NameMaps, model_of};

/// A rendered (or unrendered) tree, with every token changed and every file renamed.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub files: FileSet,
    pub edits: Vec<Edit>,
    pub renamed: BTreeMap<PathBuf, PathBuf>,
}

/// Why a render or unrender was refused: every place found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    pub problems: Vec<Diagnostic>,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RenderError {}

impl From<Vec<Diagnostic>> for RenderError {
    fn from(problems: Vec<Diagnostic>) -> Self {
        RenderError { problems }
    }
}

/// Renders the canonical tree for `env`. `all` is every environment of the
/// configuration: the protected ones are guarded against leaks.
pub fn render(
    canonical: &FileSet,
    env: &Environment,
    all: &[Environment],
) -> Result<Rendered, RenderError> {
    let project = load(canonical)?;
    let maps = forward_maps(&project, env)?;
    let out = rewrite::apply(canonical, &maps)?;
    if !env.protected {
        guard::check(&project, &out.files, env, all)?;
    }
    let back = unrender(&out.files, env, Some(canonical)).map_err(|e| {
        let mut problems = vec![Diagnostic::in_file(
            "(render)",
            format!("the render for `{}` cannot be undone exactly:", env.name),
        )];
        problems.extend(e.problems);
        RenderError { problems }
    })?;
    if let Some(d) = first_difference(canonical, &back.files, env) {
        return Err(RenderError { problems: vec![d] });
    }
    Ok(Rendered {
        files: out.files,
        edits: out.edits,
        renamed: out.renamed,
    })
}

/// Turns `env`'s tree back into canonical form. `reference` is the canonical tree the
/// environment was rendered from; it is needed to restore manifest constants the
/// environment overrides.
pub fn unrender(
    env_files: &FileSet,
    env: &Environment,
    reference: Option<&FileSet>,
) -> Result<Rendered, RenderError> {
    let project = load(env_files)?;
    let maps = inverse_maps(&project, env, reference)?;
    let out = rewrite::apply(env_files, &maps)?;
    Ok(Rendered {
        files: out.files,
        edits: out.edits,
        renamed: out.renamed,
    })
}

fn load(files: &FileSet) -> Result<Project, RenderError> {
    let project = Project::from_files(files.to_pairs());
    if project.errors.is_empty() {
        Ok(project)
    } else {
        Err(project.errors.into())
    }
}

/// The model name `m` has in `env`.
pub fn env_model_name(m: &str, env: &Environment) -> String {
    format!("{}{m}{}", env.model_prefix, env.model_suffix)
}

/// The canonical name of an environment model name, if it has the environment's
/// prefix and suffix.
fn canonical_model_name<'a>(name: &'a str, env: &Environment) -> Option<&'a str> {
    name.strip_prefix(env.model_prefix.as_str())?
        .strip_suffix(env.model_suffix.as_str())
        .filter(|m| !m.is_empty())
}

fn forward_maps(project: &Project, env: &Environment) -> Result<NameMaps, RenderError> {
    let mut maps = NameMaps {
        connections: env.connections.clone(),
        schemas: env.schemas.clone(),
        connection_constants: connection_constants(project),
        ..NameMaps::default()
    };
    for m in project.models() {
        let to = env_model_name(&m.name, env);
        if to != m.name {
            maps.models.insert(m.name.clone(), to);
        }
    }
    let constants = manifest_constants(project);
    let mut problems = Vec::new();
    for (name, value) in &env.constants {
        if !constants.contains_key(name.as_str()) {
            problems.push(Diagnostic::in_file(
                "manifest.lkml",
                format!("environment `{}` sets constant `{name}`, which manifest.lkml does not define", env.name),
            )
            .with_help(format!("define `constant: {name} {{ value: \"…\" }}` in manifest.lkml, or remove it from the environment")));
        }
        maps.constants.insert(name.clone(), (None, escape(value)));
    }
    if problems.is_empty() {
        Ok(maps)
    } else {
        Err(problems.into())
    }
}

fn inverse_maps(
    project: &Project,
    env: &Environment,
    reference: Option<&FileSet>,
) -> Result<NameMaps, RenderError> {
    let invert =
        |m: &BTreeMap<String, String>| m.iter().map(|(a, b)| (b.clone(), a.clone())).collect();
    let mut maps = NameMaps {
        connections: invert(&env.connections),
        schemas: invert(&env.schemas),
        connection_constants: connection_constants(project),
        ..NameMaps::default()
    };
    let mut problems = Vec::new();
    let renames = !env.model_prefix.is_empty() || !env.model_suffix.is_empty();
    if renames {
        for m in project.models() {
            match canonical_model_name(&m.name, env) {
                Some(c) => {
                    maps.models.insert(m.name.clone(), c.to_string());
                }
                None => problems.push(
                    at(
                        project,
                        m,
                        0..0,
                        format!(
                            "model file `{}` does not have the name `{}` gives it",
                            m.file.display(),
                            env_model_name("<model>", env)
                        ),
                    )
                    .with_help(format!(
                        "rename it to {} in Looker, then sync again",
                        env_model_name(&m.name, env)
                    )),
                ),
            }
        }
        problems.extend(unknown_model_references(project, env, &maps.models));
    }
    problems.extend(canonical_connections_in_env(project, env));
    let reference_constants = reference.map(load).transpose()?;
    let reference_values = reference_constants
        .as_ref()
        .map(manifest_constants)
        .unwrap_or_default();
    let current = manifest_constants(project);
    for (name, value) in &env.constants {
        let env_raw = escape(value);
        match (reference_values.get(name.as_str()), current.get(name.as_str())) {
            (Some(canonical), _) => {
                maps.constants.insert(name.clone(), (Some(env_raw), canonical.to_string()));
            }
            (None, Some(now)) if *now == env_raw && reference.is_none() => problems.push(
                Diagnostic::in_file("manifest.lkml", format!(
                    "constant `{name}` holds `{value}`, the value of environment `{}`; its canonical value is not in this tree",
                    env.name
                ))
                .with_help("give the canonical tree it was rendered from (--reference REV)"),
            ),
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(maps)
    } else {
        Err(problems.into())
    }
}

/// Diagnostics for model references in environment form that name no model of the
/// tree although they carry the environment's prefix and suffix.
fn unknown_model_references(
    project: &Project,
    env: &Environment,
    models: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for file in &project.files {
        let text = file.parsed.text();
        let mut report = |offset: usize, name: &str| {
            if !models.contains_key(name) && canonical_model_name(name, env).is_some() {
                problems.push(
                    Diagnostic::at_offset(
                        &*file.path,
                        text,
                        offset,
                        format!("`{name}` names a model this environment does not have"),
                    )
                    .with_help("fix the reference in Looker (or add the model), then sync again"),
                );
            }
        };
        for (range, name) in url_models(text) {
            report(range.start, name);
        }
        for obj in &file.objects {
            obj.walk(&mut |o: &Object| {
                if let Some(p) = o.property("model") {
                    if let Some(name) = p.value.as_str() {
                        report(p.span.start, name);
                    }
                }
            });
        }
    }
    problems
}

/// `connection:` values in environment form that are canonical names the environment
/// maps to something else: typed by hand in the environment, they would leak.
fn canonical_connections_in_env(project: &Project, env: &Environment) -> Vec<Diagnostic> {
    let env_names: BTreeSet<&String> = env.connections.values().collect();
    let mut problems = Vec::new();
    for m in project.models() {
        if let Some(p) = m.property("connection") {
            if let Some(v) = p.value.as_str() {
                if let Some(to) = env
                    .connections
                    .get(v)
                    .filter(|_| !env_names.contains(&v.to_string()))
                {
                    problems.push(at(project, m, p.span.clone(), format!(
                        "connection `{v}` is a canonical name; in environment `{}` it must be `{to}`",
                        env.name
                    ))
                    .with_help(format!("write `connection: \"{to}\"` in Looker, then sync again")));
                }
            }
        }
    }
    problems
}

/// Constants named by a `connection: "@{NAME}"`.
fn connection_constants(project: &Project) -> BTreeSet<String> {
    project
        .models()
        .filter_map(|m| m.get("connection"))
        .filter_map(|v| v.strip_prefix("@{").and_then(|s| s.strip_suffix('}')))
        .map(str::to_string)
        .collect()
}

/// Manifest constant name → raw value.
fn manifest_constants(project: &Project) -> BTreeMap<&str, &str> {
    project
        .manifest()
        .map(|m| {
            m.children_of("constant")
                .filter_map(|c| Some((c.name.as_str(), c.get("value")?)))
                .collect()
        })
        .unwrap_or_default()
}

/// A value as it is written inside LookML quotes.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A diagnostic at `span` of `obj`'s file (the object's start when the span is empty).
fn at(
    project: &Project,
    obj: &Object,
    span: std::ops::Range<usize>,
    message: String,
) -> Diagnostic {
    let offset = if span.is_empty() {
        obj.span.start
    } else {
        span.start
    };
    match project.files.iter().find(|f| f.path == obj.file) {
        Some(f) => Diagnostic::at_offset(&*obj.file, f.parsed.text(), offset, message),
        None => Diagnostic::in_file(&*obj.file, message),
    }
}

/// The first place where `back` (a render, unrendered) differs from `canonical`.
fn first_difference(canonical: &FileSet, back: &FileSet, env: &Environment) -> Option<Diagnostic> {
    let help = format!(
        "the canonical source must not already contain `{}`'s names (models `{}`, connections, schemas); rename them",
        env.name,
        env_model_name("<model>", env)
    );
    for (path, entry) in &canonical.files {
        let Some(other) = back.files.get(path) else {
            return Some(
                Diagnostic::in_file(
                    path,
                    format!("the render for `{}` loses this file", env.name),
                )
                .with_help(help),
            );
        };
        if other.bytes != entry.bytes {
            let offset = entry
                .bytes
                .iter()
                .zip(&other.bytes)
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let text = String::from_utf8_lossy(&entry.bytes);
            return Some(
                Diagnostic::at_offset(
                    path,
                    &text,
                    offset,
                    format!(
                        "the render for `{}` cannot be undone exactly here",
                        env.name
                    ),
                )
                .with_help(help),
            );
        }
    }
    back.files
        .keys()
        .find(|p| !canonical.files.contains_key(*p))
        .map(|p| {
            Diagnostic::in_file(
                p,
                format!("the render for `{}` would create this file", env.name),
            )
            .with_help(help)
        })
}

/// Every model a project defines, by file.
pub fn models_of(files: &FileSet) -> Vec<(&Path, &str)> {
    files
        .files
        .keys()
        .filter_map(|p| Some((p.as_path(), model_of(p)?)))
        .collect()
}
