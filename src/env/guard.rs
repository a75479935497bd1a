//! The leak guard: no render for an unprotected environment may reference what a
//! protected environment (production) owns — its connections, the values it gives
//! environment-specific constants, its schemas — after constants are substituted.
//!
//! Compartmentalising patient data is why teams give every environment its own
//! database; a development render that still points at production's connection is
//! the failure this program exists to prevent, so this check is not optional.

use std::collections::{BTreeMap, BTreeSet};

use super::Facts;
use super::places::{Place, PlaceKind};
use super::rewrite::Located;
use super::scan::schema_qualifiers;
use crate::config::Environment;
use crate::diagnostic::Diagnostic;

/// Each name a protected environment owns → that environment.
#[derive(Debug, Default)]
struct Owned {
    connections: BTreeMap<String, String>,
    constant_values: BTreeMap<String, String>,
    schemas: BTreeMap<String, String>,
}

/// The leak check of one rendered file, for a render for `env`.
pub(super) struct Guard<'a> {
    owned: Owned,
    constants: &'a BTreeMap<String, String>,
    env: &'a Environment,
}

impl<'a> Guard<'a> {
    /// `None` when there is nothing to guard (the target is protected, or nothing is).
    pub fn new(
        canonical: &Facts,
        rendered: &'a Facts,
        env: &'a Environment,
        all: &[Environment],
    ) -> Option<Guard<'a>> {
        if env.protected {
            return None;
        }
        let owned = owned(canonical, env, all);
        if owned.connections.is_empty()
            && owned.constant_values.is_empty()
            && owned.schemas.is_empty()
        {
            return None;
        }
        Some(Guard {
            owned,
            constants: &rendered.constants,
            env,
        })
    }

    pub fn check(&self, entry: Located<'_>, places: &[Place<'_>]) -> Vec<Diagnostic> {
        check_entry(entry, places, &self.owned, self.constants, self.env)
    }
}

fn check_entry(
    entry: Located<'_>,
    places: &[Place<'_>],
    owned: &Owned,
    constants: &BTreeMap<String, String>,
    env: &Environment,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let leak = |offset: usize, what: String, owner: &str| {
        entry
            .at(
                offset,
                format!(
                    "the render for `{}` {what}, which belongs to protected environment `{owner}`",
                    env.name
                ),
            )
            .with_help(format!(
                "map it in [environment.{}] of storyboard.toml (connections, constants or schemas)",
                table_name(env)
            ))
    };
    for p in places {
        let value = substitute(p.text, constants);
        match p.kind {
            PlaceKind::Connection => {
                if let Some(owner) = owned.connections.get(&value) {
                    let via = if value == p.text {
                        String::new()
                    } else {
                        format!(" (through `{}`)", p.text)
                    };
                    problems.push(leak(
                        p.range.start,
                        format!("uses connection `{value}`{via}"),
                        owner,
                    ));
                }
            }
            PlaceKind::Constant => {
                if let Some(owner) = owned
                    .constant_values
                    .get(&value)
                    .or_else(|| owned.connections.get(&value))
                {
                    problems.push(leak(
                        p.range.start,
                        format!("gives constant `{}` the value `{value}`", p.key),
                        owner,
                    ));
                }
            }
            PlaceKind::Sql => {
                for r in schema_qualifiers(&value, &owned.schemas) {
                    // At the qualifier itself, unless constants were substituted.
                    let at = if value == p.text {
                        p.range.start + r.start
                    } else {
                        p.range.start
                    };
                    let schema = &value[r];
                    if let Some(owner) = owned.schemas.get(schema) {
                        problems.push(leak(
                            at,
                            format!("reads schema `{schema}` in `{}`", p.key),
                            owner,
                        ));
                    }
                }
            }
            PlaceKind::Model | PlaceKind::UrlModel => {}
        }
    }
    problems
}

/// How the environment's table is written in storyboard.toml.
fn table_name(env: &Environment) -> String {
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

fn owned(canonical: &Facts, target: &Environment, all: &[Environment]) -> Owned {
    let used_connections: BTreeSet<String> = canonical
        .connections
        .iter()
        .map(|raw| substitute(raw, &canonical.constants))
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
            if let Some(v) = p
                .constants
                .get(*name)
                .or_else(|| canonical.constants.get(*name))
            {
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
