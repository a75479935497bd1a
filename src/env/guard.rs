//! The leak guard: no render for an unprotected environment may reference what a
//! protected environment (production) owns — its connections, the values it gives
//! environment-specific constants, its schemas — after constants are substituted.
//!
//! Compartmentalising patient data is why teams give every environment its own
//! database; a development render that still points at production's connection is
//! the failure this program exists to prevent, so this check is not optional.

use std::collections::{BTreeMap, BTreeSet};

use super::{manifest_constants, schema_qualifiers};
use crate::config::Environment;
use crate::diagnostic::Diagnostic;
use crate::fileset::FileSet;
use crate::project::{Object, Project};

/// What the protected environments own.
#[derive(Debug, Default)]
struct Owned {
    connections: BTreeMap<String, String>,
    constant_values: BTreeMap<String, String>,
    schemas: BTreeMap<String, String>,
}

pub(super) fn check(
    canonical: &Project,
    rendered: &FileSet,
    env: &Environment,
    all: &[Environment],
) -> Result<(), Vec<Diagnostic>> {
    let owned = owned(canonical, env, all);
    if owned.connections.is_empty() && owned.constant_values.is_empty() && owned.schemas.is_empty()
    {
        return Ok(());
    }
    let project = Project::from_files(rendered.to_pairs());
    if !project.errors.is_empty() {
        return Err(project.errors);
    }
    let constants: BTreeMap<String, String> = manifest_constants(&project)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut problems = Vec::new();
    let mut leak = |obj: &Object, span: &std::ops::Range<usize>, what: String, owner: &str| {
        let text = project
            .files
            .iter()
            .find(|f| f.path == obj.file)
            .map(|f| f.parsed.text())
            .unwrap_or("");
        problems.push(
            Diagnostic::at_offset(
                &*obj.file,
                text,
                span.start,
                format!(
                    "the render for `{}` {what}, which belongs to protected environment `{owner}`",
                    env.name
                ),
            )
            .with_help(format!(
                "map it in [environment.{}] of storyboard.toml (connections, constants or schemas)",
                quoted(env)
            )),
        );
    };

    for model in project.models() {
        if let Some(p) = model.property("connection") {
            if let Some(raw) = p.value.as_str() {
                let value = substitute(raw, &constants);
                if let Some(owner) = owned.connections.get(&value) {
                    let via = if value == raw {
                        String::new()
                    } else {
                        format!(" (through `{raw}`)")
                    };
                    leak(
                        model,
                        &p.span,
                        format!("uses connection `{value}`{via}"),
                        owner,
                    );
                }
            }
        }
    }
    if let Some(manifest) = project.manifest() {
        for c in manifest.children_of("constant") {
            let Some(p) = c.property("value") else {
                continue;
            };
            let Some(raw) = p.value.as_str() else {
                continue;
            };
            let value = substitute(raw, &constants);
            let owner = owned
                .constant_values
                .get(&value)
                .or_else(|| owned.connections.get(&value));
            if let Some(owner) = owner {
                leak(
                    c,
                    &p.span,
                    format!("gives constant `{}` the value `{value}`", c.name),
                    owner,
                );
            }
        }
    }
    for file in &project.files {
        for obj in &file.objects {
            obj.walk(&mut |o: &Object| {
                let in_derived_table = o.kind == "derived_table";
                for p in &o.properties {
                    let is_sql = p.key == "sql_table_name"
                        || (in_derived_table && (p.key == "sql" || p.key == "sql_create"));
                    let Some(raw) = p.value.as_str().filter(|_| is_sql) else {
                        continue;
                    };
                    let sql = substitute(raw, &constants);
                    for r in schema_qualifiers(&sql, &owned.schemas) {
                        let schema = &sql[r];
                        if let Some(owner) = owned.schemas.get(schema) {
                            leak(
                                o,
                                &p.span,
                                format!("reads schema `{schema}` in `{}`", p.key),
                                owner,
                            );
                        }
                    }
                }
            });
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn quoted(env: &Environment) -> String {
    let name = env.template.as_deref().unwrap_or(&env.name);
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

/// Each owned name → the protected environment owning it.
fn owned(canonical: &Project, target: &Environment, all: &[Environment]) -> Owned {
    let constants: BTreeMap<String, String> = manifest_constants(canonical)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let used_connections: BTreeSet<String> = canonical
        .models()
        .filter_map(|m| m.get("connection"))
        .map(|raw| substitute(raw, &constants))
        .collect();
    let overridden: BTreeSet<&String> = all.iter().flat_map(|e| e.constants.keys()).collect();
    let mapped_schemas: BTreeSet<&String> = all.iter().flat_map(|e| e.schemas.keys()).collect();
    let mut owned = Owned::default();
    for p in all.iter().filter(|e| e.protected && e.name != target.name) {
        for c in &used_connections {
            let name = p.connections.get(c).unwrap_or(c);
            owned.connections.insert(name.clone(), p.name.clone());
        }
        for name in p.connections.values() {
            owned.connections.insert(name.clone(), p.name.clone());
        }
        for name in &overridden {
            if let Some(v) = p.constants.get(*name).or_else(|| constants.get(*name)) {
                owned.constant_values.insert(v.clone(), p.name.clone());
            }
        }
        for s in &mapped_schemas {
            let name = p.schemas.get(*s).unwrap_or(s);
            owned.schemas.insert(name.clone(), p.name.clone());
        }
    }
    owned
}

/// `text` with every `@{NAME}` replaced by the constant's value (nested constants
/// too, a few levels deep).
fn substitute(text: &str, constants: &BTreeMap<String, String>) -> String {
    let mut s = text.to_string();
    for _ in 0..4 {
        if !s.contains("@{") {
            break;
        }
        let mut out = String::with_capacity(s.len());
        let mut rest = s.as_str();
        while let Some(i) = rest.find("@{") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            match after.find('}') {
                Some(j) => {
                    match constants.get(&after[..j]) {
                        Some(v) => out.push_str(v),
                        None => out.push_str(&rest[i..i + 3 + j]),
                    }
                    rest = &after[j + 1..];
                }
                None => {
                    out.push_str(&rest[i..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        s = out;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_nested_constants() {
        let c: BTreeMap<String, String> =
            [("A".into(), "x_@{B}".into()), ("B".into(), "y".into())].into();
        assert_eq!(substitute("@{A}.t @{C} @{", &c), "x_y.t @{C} @{");
    }
}
