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
//! A symbolic link is passed through as it is (its bytes are a path, never parsed
//! or rewritten; the file it points at is rendered where it is), and refused when
//! it may lead outside the project, when it stands for a model file or the
//! manifest, or when the model file it points at is renamed.
//!
//! Everything here is pure: trees of files in, trees of files out.

mod derive;
mod guard;
pub(crate) mod places;
mod rewrite;
mod scan;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use rayon::prelude::*;

pub use rewrite::Edit;
pub use scan::{schema_qualifiers, url_models};

use crate::config::Environment;
use crate::diagnostic::Diagnostic;
use crate::fileset::{FileEntry, FileSet};
use crate::lookml;
use places::{Place, PlaceKind, is_manifest, model_of};
use rewrite::{Entry, Located, NameMaps, Output};

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
    /// The problems are files that do not parse: nothing environment-specific is
    /// wrong, and every environment's render waits for the same fix.
    pub unparsed: bool,
}

impl RenderError {
    fn unparsed(problems: Vec<Diagnostic>) -> RenderError {
        RenderError {
            problems,
            unparsed: true,
        }
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.unparsed {
            return crate::diagnostic::write_all(f, &self.problems);
        }
        for (i, d) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: cannot parse {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RenderError {}

impl From<Vec<Diagnostic>> for RenderError {
    fn from(problems: Vec<Diagnostic>) -> Self {
        RenderError {
            problems,
            unparsed: false,
        }
    }
}

/// What a tree says about itself that the maps depend on.
#[derive(Debug, Default)]
struct Facts {
    /// Model names, from model file names.
    models: Vec<String>,
    /// Raw `connection:` values of the model files.
    connections: Vec<String>,
    /// Constants used as `connection: "@{NAME}"`.
    connection_constants: BTreeSet<String>,
    /// Manifest constant → raw value.
    constants: BTreeMap<String, String>,
}

impl Facts {
    fn of(entries: &[Entry<'_>]) -> Facts {
        let mut facts = Facts::default();
        for e in entries {
            let is_manifest = is_manifest(&e.path);
            let Some(model) = model_of(&e.path) else {
                if is_manifest {
                    for p in e.places().iter().filter(|p| p.kind == PlaceKind::Constant) {
                        facts
                            .constants
                            .insert(p.key.to_string(), p.text.to_string());
                    }
                }
                continue;
            };
            facts.models.push(model.to_string());
            for p in e
                .places()
                .iter()
                .filter(|p| p.kind == PlaceKind::Connection)
            {
                if let Some(name) = p.text.strip_prefix("@{").and_then(|s| s.strip_suffix('}')) {
                    facts.connection_constants.insert(name.to_string());
                }
                facts.connections.push(p.text.to_string());
            }
        }
        facts
    }
}

/// Each model of a tree and the connections it names (a `"@{CONSTANT}"`
/// resolved through the manifest): what Looker's model configurations must
/// allow. Files that do not parse are left out.
pub fn model_connections(files: &FileSet) -> BTreeMap<String, Vec<String>> {
    let heads = name_files(files);
    let Ok(entries) = rewrite::parse_all(&heads) else {
        return BTreeMap::new();
    };
    let facts = Facts::of(&entries);
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in &entries {
        let Some(model) = model_of(&e.path) else {
            continue;
        };
        let names = out.entry(model.to_string()).or_default();
        for p in e
            .places()
            .iter()
            .filter(|p| p.kind == PlaceKind::Connection)
        {
            let raw = p.text.to_string();
            let name = match raw.strip_prefix("@{").and_then(|s| s.strip_suffix('}')) {
                Some(constant) => match facts.constants.get(constant) {
                    Some(v) => v.clone(),
                    None => continue,
                },
                None => raw,
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    out
}

/// Whether a file decides the name maps of a render: a model file (its name is a
/// model's) or the manifest (its constants). Every other file renders on its own, so
/// rendering a subset that holds all of these gives those files' bytes exactly as a
/// render of the whole tree would.
pub fn decides_names(path: &std::path::Path) -> bool {
    model_of(path).is_some() || is_manifest(path)
}

pub use places::may_decide_names;

/// Renders the canonical tree for `env`. `all` is every environment of the
/// configuration: the protected ones are guarded against leaks.
///
/// The model files and the manifest decide every name map, so they are rendered
/// first; then each other file is parsed, rendered, guarded and proven undoable on
/// its own, in parallel, keeping only its rendered bytes.
pub fn render(
    canonical: &FileSet,
    env: &Environment,
    all: &[Environment],
) -> Result<Rendered, RenderError> {
    render_with(canonical, env, all, RenderedPlaces::Derived)
}

/// How a rendered file's places are found: derived from the canonical file's (what
/// a render does), or by parsing the rendered text (what tests hold the derivation to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RenderedPlaces {
    Derived,
    #[cfg_attr(not(test), allow(dead_code))]
    Parsed,
}

fn render_with(
    canonical: &FileSet,
    env: &Environment,
    all: &[Environment],
    how: RenderedPlaces,
) -> Result<Rendered, RenderError> {
    let links = link_refusals(canonical);
    if !links.is_empty() {
        return Err(links.into());
    }
    let heads = name_files(canonical);
    let head_entries = rewrite::parse_all(&heads).map_err(RenderError::unparsed)?;
    let facts = Facts::of(&head_entries);
    let maps = forward_maps(&facts, env)?;
    let dangling = links_to_renamed(canonical, &maps.models, "render", env);
    if !dangling.is_empty() {
        return Err(dangling.into());
    }
    let head_out = rewrite::apply(&head_entries, &maps, Output::Trees, &|_, _| Vec::new())?;
    let rendered_facts = Facts::of(&head_out.entries);
    let guard = guard::Guard::new(&facts, &rendered_facts, env, all);
    let inverse = inverse_maps(
        &head_out.entries,
        &rendered_facts,
        env,
        Some(&facts.constants),
    )?;
    drop(head_out);

    // Symbolic links are not rendered: they are put back as they are.
    let results: Vec<Result<OneFile, Problems>> = canonical
        .files
        .par_iter()
        .filter(|(_, entry)| !entry.is_symlink())
        .map(|(path, entry)| render_one(path, entry, &maps, &inverse, guard.as_ref(), env, how))
        .collect();

    let mut rendered = Rendered {
        files: FileSet::default(),
        edits: Vec::new(),
        renamed: BTreeMap::new(),
    };
    let (mut unparsed, mut leaks, mut refused, mut mismatch) =
        (Vec::new(), Vec::new(), Vec::new(), None);
    // In the canonical order, which renames barely disturb: the map is then built
    // in one pass rather than by a search for each file.
    let mut files = Vec::with_capacity(results.len());
    let not_links = canonical.files.iter().filter(|(_, e)| !e.is_symlink());
    for (r, (path, _)) in results.into_iter().zip(not_links) {
        match r {
            Ok(one) => {
                if one.path != *path {
                    if canonical.files.contains_key(&one.path) {
                        refused.push(rewrite::overwrite(path, &one.path));
                    }
                    rendered.renamed.insert(path.clone(), one.path.clone());
                }
                rendered.edits.extend(one.edits);
                files.push((
                    one.path,
                    crate::fileset::FileEntry {
                        bytes: one.bytes,
                        mode: one.mode,
                    },
                ));
            }
            Err(Problems::Unparsed(d)) => unparsed.push(d),
            Err(Problems::Leaks(mut d)) => leaks.append(&mut d),
            Err(Problems::Refused(mut d)) => refused.append(&mut d),
            Err(Problems::Differs(d)) => {
                mismatch.get_or_insert(d);
            }
        }
    }
    rendered.files.files = files.into_iter().collect();
    rendered.files.files.extend(symlinks(canonical));
    if !unparsed.is_empty() {
        return Err(RenderError::unparsed(unparsed));
    }
    if !leaks.is_empty() {
        return Err(leaks.into());
    }
    if !refused.is_empty() {
        let mut problems = vec![
            Diagnostic::in_file(
                "(render)",
                format!("the render for `{}` cannot be undone exactly:", env.name),
            )
            .with_help(canonical_help(env)),
        ];
        problems.extend(refused);
        return Err(problems.into());
    }
    if let Some(d) = mismatch {
        return Err(vec![d].into());
    }
    Ok(rendered)
}

/// One rendered file.
struct OneFile {
    path: PathBuf,
    mode: u32,
    bytes: Vec<u8>,
    edits: Vec<Edit>,
}

/// Why one file's render failed.
enum Problems {
    /// It does not parse.
    Unparsed(Diagnostic),
    /// The leak guard found something a protected environment owns.
    Leaks(Vec<Diagnostic>),
    /// Unrender would refuse it.
    Refused(Vec<Diagnostic>),
    /// Unrendering it does not give back the original bytes.
    Differs(Diagnostic),
}

/// Renders one file, guards it and proves it undoable. The file is parsed once: the
/// rendered file's places are derived from the canonical file's and the edits
/// (`derive`), and the rendered text is parsed only where they cannot be.
fn render_one(
    path: &std::path::Path,
    entry: &crate::fileset::FileEntry,
    maps: &NameMaps,
    inverse: &NameMaps,
    guard: Option<&guard::Guard<'_>>,
    env: &Environment,
    how: RenderedPlaces,
) -> Result<OneFile, Problems> {
    let source = rewrite::parse_one(path, entry).map_err(Problems::Unparsed)?;
    let new_path = rewrite::renamed_path(path, &maps.models);
    let Some(parsed) = source.parsed() else {
        return Ok(OneFile {
            path: new_path,
            mode: entry.mode,
            bytes: entry.bytes.clone(),
            edits: Vec::new(),
        });
    };
    let places = source.places();
    let forward = rewrite::place_edits(source.located(), &places, maps, &|_, _| Vec::new())
        .map_err(Problems::Refused)?;
    let edits = rewrite::records(path, parsed.text(), &forward);
    // Unedited, the rendered file is the canonical one, places and all.
    let text = (!forward.is_empty()).then(|| rewrite::apply_edits(parsed.text(), &forward));
    let reparsed;
    let derived;
    let rendered_places: &[Place<'_>] = match &text {
        None => &places,
        Some(t) => match (how == RenderedPlaces::Derived)
            .then(|| derive::after_edits(parsed, &places, &forward, t))
            .flatten()
        {
            Some(p) => {
                derived = p;
                &derived
            }
            None => {
                reparsed = lookml::parse_file(&new_path, t.as_bytes())
                    .map_err(|d| Problems::Refused(vec![d]))?;
                derived = places::places(&new_path, &reparsed);
                &derived
            }
        },
    };
    let rendered = Located {
        path: &new_path,
        text: Some(text.as_deref().unwrap_or(parsed.text())),
    };
    if let Some(g) = guard {
        let leaks = g.check(rendered, rendered_places);
        if !leaks.is_empty() {
            return Err(Problems::Leaks(leaks));
        }
    }
    let back = rewrite::place_edits(rendered, rendered_places, inverse, &|f, p| {
        refusals(f, p, env, inverse)
    })
    .map_err(Problems::Refused)?;
    let rendered_bytes = text.as_deref().unwrap_or(parsed.text()).as_bytes();
    if let Some(offset) = rewrite::first_mismatch(rendered_bytes, &back, &entry.bytes) {
        return Err(Problems::Differs(
            source
                .at(
                    offset,
                    format!(
                        "the render for `{}` cannot be undone exactly here",
                        env.name
                    ),
                )
                .with_help(canonical_help(env)),
        ));
    }
    Ok(OneFile {
        path: new_path,
        mode: entry.mode,
        bytes: text.map_or_else(|| entry.bytes.clone(), String::into_bytes),
        edits,
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
    let links = link_refusals(env_files);
    if !links.is_empty() {
        return Err(links.into());
    }
    // Symbolic links are not unrendered: they are put back as they are.
    let files: Cow<'_, FileSet> = if env_files.has_symlinks() {
        Cow::Owned(FileSet {
            files: env_files
                .files
                .iter()
                .filter(|(_, e)| !e.is_symlink())
                .map(|(p, e)| (p.clone(), e.clone()))
                .collect(),
        })
    } else {
        Cow::Borrowed(env_files)
    };
    let entries = rewrite::parse_all(&files).map_err(RenderError::unparsed)?;
    let facts = Facts::of(&entries);
    let reference_constants = match reference {
        Some(r) => {
            let manifest: FileSet = FileSet {
                files: r
                    .files
                    .iter()
                    .filter(|(p, e)| is_manifest(p) && !e.is_symlink())
                    .map(|(p, e)| (p.clone(), e.clone()))
                    .collect(),
            };
            Some(Facts::of(&rewrite::parse_all(&manifest)?).constants)
        }
        None => None,
    };
    let maps = inverse_maps(&entries, &facts, env, reference_constants.as_ref())?;
    let dangling = links_to_renamed(env_files, &maps.models, "unrender", env);
    if !dangling.is_empty() {
        return Err(dangling.into());
    }
    let mut out = rewrite::apply(&entries, &maps, Output::Bytes, &|e, p| {
        refusals(e, p, env, &maps)
    })?;
    let overwritten: Vec<Diagnostic> = out
        .renamed
        .iter()
        .filter(|(_, to)| env_files.files.get(*to).is_some_and(FileEntry::is_symlink))
        .map(|(from, to)| rewrite::overwrite(from, to))
        .collect();
    if !overwritten.is_empty() {
        return Err(overwritten.into());
    }
    let renamed = std::mem::take(&mut out.renamed);
    let edits = std::mem::take(&mut out.edits);
    let mut files = out.into_fileset();
    files.files.extend(symlinks(env_files));
    Ok(Rendered {
        edits,
        renamed,
        files,
    })
}

/// The model files and the manifest of a tree (never a symbolic link): what
/// decides the name maps.
fn name_files(files: &FileSet) -> FileSet {
    FileSet {
        files: files
            .files
            .iter()
            .filter(|(p, e)| decides_names(p) && !e.is_symlink())
            .map(|(p, e)| (p.clone(), e.clone()))
            .collect(),
    }
}

/// The symbolic links of a tree, as they are.
fn symlinks(files: &FileSet) -> impl Iterator<Item = (PathBuf, FileEntry)> + '_ {
    files
        .files
        .iter()
        .filter(|(_, e)| e.is_symlink())
        .map(|(p, e)| (p.clone(), e.clone()))
}

/// The symbolic links no render or unrender passes through: one that may lead
/// outside the project (it is never followed), and one that stands for a model
/// file or the manifest (whose name and text render must change, not a link's).
fn link_refusals(files: &FileSet) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (path, entry) in files.files.iter().filter(|(_, e)| e.is_symlink()) {
        let target = String::from_utf8_lossy(&entry.bytes);
        if let Err(why) = crate::fileset::link_destination(path, &entry.bytes) {
            problems.push(
                Diagnostic::in_file(
                    path,
                    format!(
                        "`{}` is a symbolic link to `{target}`, {why}; storyboard does not follow it",
                        path.display()
                    ),
                )
                .with_help(
                    "replace the link with a copy of what it points at, or point it inside the project with a relative path such as `../common/shared.view.lkml`",
                ),
            );
        } else if decides_names(path) {
            problems.push(
                Diagnostic::in_file(
                    path,
                    format!(
                        "`{}` is a symbolic link to `{target}`: a model file or the manifest must be a file, since render renames and rewrites it",
                        path.display()
                    ),
                )
                .with_help("replace the link with a copy of the file it points at"),
            );
        }
    }
    problems
}

/// The symbolic links pointing at a model file that `models` renames: they would
/// point at nothing once it is.
fn links_to_renamed(
    files: &FileSet,
    models: &BTreeMap<String, String>,
    what: &str,
    env: &Environment,
) -> Vec<Diagnostic> {
    if models.is_empty() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for (path, entry) in files.files.iter().filter(|(_, e)| e.is_symlink()) {
        let Ok(to) = crate::fileset::link_destination(path, &entry.bytes) else {
            continue;
        };
        let renamed = rewrite::renamed_path(&to, models);
        if renamed != to {
            problems.push(
                Diagnostic::in_file(
                    path,
                    format!(
                        "`{}` is a symbolic link to the model file {}, which the {what} for `{}` renames to {}: the link would point at nothing",
                        path.display(),
                        to.display(),
                        env.name,
                        renamed.display()
                    ),
                )
                .with_help("replace the link with a copy of the model file, or remove it"),
            );
        }
    }
    problems
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

fn renames_models(env: &Environment) -> bool {
    !env.model_prefix.is_empty() || !env.model_suffix.is_empty()
}

fn forward_maps(facts: &Facts, env: &Environment) -> Result<NameMaps, RenderError> {
    let mut maps = NameMaps {
        connections: env.connections.clone(),
        schemas: env.schemas.clone(),
        connection_constants: facts.connection_constants.clone(),
        ..NameMaps::default()
    };
    if renames_models(env) {
        for m in &facts.models {
            maps.models.insert(m.clone(), env_model_name(m, env));
        }
    }
    let mut problems = Vec::new();
    for (name, value) in &env.constants {
        if !facts.constants.contains_key(name) {
            problems.push(
                Diagnostic::in_file(
                    "manifest.lkml",
                    format!("environment `{}` sets constant `{name}`, which manifest.lkml does not define", env.name),
                )
                .with_help(format!(
                    "define `constant: {name} {{ value: \"…\" }}` in manifest.lkml, or remove it from the environment"
                )),
            );
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
    entries: &[Entry<'_>],
    facts: &Facts,
    env: &Environment,
    reference_constants: Option<&BTreeMap<String, String>>,
) -> Result<NameMaps, RenderError> {
    let invert =
        |m: &BTreeMap<String, String>| m.iter().map(|(a, b)| (b.clone(), a.clone())).collect();
    let mut maps = NameMaps {
        connections: invert(&env.connections),
        schemas: invert(&env.schemas),
        connection_constants: facts.connection_constants.clone(),
        ..NameMaps::default()
    };
    let mut problems = Vec::new();
    if renames_models(env) {
        for e in entries {
            let Some(m) = model_of(&e.path) else { continue };
            match canonical_model_name(m, env) {
                Some(c) => {
                    maps.models.insert(m.to_string(), c.to_string());
                }
                None => problems.push(
                    e.at(
                        0,
                        format!(
                            "model file `{}` does not have the name `{}` gives it",
                            e.path.display(),
                            env_model_name("<model>", env)
                        ),
                    )
                    .with_help(format!(
                        "rename it to {} in Looker, then sync again",
                        env_model_name(m, env)
                    )),
                ),
            }
        }
    }
    for (name, value) in &env.constants {
        let env_raw = escape(value);
        match (reference_constants.and_then(|r| r.get(name)), facts.constants.get(name)) {
            (Some(canonical), _) => {
                maps.constants.insert(name.clone(), (Some(env_raw), canonical.clone()));
            }
            (None, Some(now)) if *now == env_raw && reference_constants.is_none() => problems.push(
                Diagnostic::in_file(
                    "manifest.lkml",
                    format!(
                        "constant `{name}` holds `{value}`, the value of environment `{}`; its canonical value is not in this tree",
                        env.name
                    ),
                )
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

/// What unrender refuses in an environment's tree: canonical connection names typed
/// in the environment, and references to environment models that do not exist.
fn refusals(
    entry: Located<'_>,
    places: &[Place<'_>],
    env: &Environment,
    inverse: &NameMaps,
) -> Vec<Diagnostic> {
    let env_names: BTreeSet<&String> = env.connections.values().collect();
    let mut problems = Vec::new();
    for p in places {
        match p.kind {
            PlaceKind::Connection => {
                if let Some(to) = env
                    .connections
                    .get(p.text)
                    .filter(|_| !env_names.contains(&p.text.to_string()))
                {
                    problems.push(
                        entry
                            .at(p.range.start, format!(
                                "connection `{}` is a canonical name; in environment `{}` it must be `{to}`",
                                p.text, env.name
                            ))
                            .with_help(format!("write `connection: \"{to}\"` in Looker, then sync again")),
                    );
                }
            }
            PlaceKind::Model | PlaceKind::UrlModel
                if renames_models(env)
                    && !inverse.models.contains_key(p.text)
                    && canonical_model_name(p.text, env).is_some() =>
            {
                problems.push(
                    entry
                        .at(
                            p.range.start,
                            format!("`{}` names a model this environment does not have", p.text),
                        )
                        .with_help(
                            "fix the reference in Looker (or add the model), then sync again",
                        ),
                );
            }
            _ => {}
        }
    }
    problems
}

/// A value as it is written inside LookML quotes.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

fn canonical_help(env: &Environment) -> String {
    format!(
        "the canonical source must not already contain `{}`'s names (models `{}`, connections, schemas); rename them",
        env.name,
        env_model_name("<model>", env)
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn environments() -> Vec<Environment> {
        let team = "[project]\nmain = \"main\"\nremote = \"origin\"\n\n\
            [environment.dev]\nremote = \"dev\"\nbranch = \"dev\"\nmodel_suffix = \"_dev\"\n\
            connections = { warehouse = \"warehouse_dev\" }\nschemas = { analytics = \"dev\" }\n";
        crate::config::Config::from_texts(
            (Path::new("storyboard.toml"), team),
            Some((Path::new("me.toml"), "user = \"me\"\n")),
        )
        .expect("a valid team file")
        .environments
    }

    fn project() -> FileSet {
        let mut files = FileSet::default();
        files.insert(
            "models/shop.model.lkml",
            "connection: \"warehouse\"\ninclude: \"/views/*.view\"\n",
        );
        files.insert(
            "common/stores.view.lkml",
            "view: stores {\n  sql_table_name: analytics.stores ;;\n}\n",
        );
        // A link's bytes are a path: parsed, they would not be LookML.
        files.insert_symlink("views/stores.view.lkml", "../common/stores.view.lkml");
        files.insert_symlink("views/common", "../common");
        files
    }

    #[test]
    fn links_pass_through_render_and_unrender_as_they_are() {
        let all = environments();
        let canonical = project();
        let rendered = render(&canonical, &all[0], &all).expect("renders");
        for link in ["views/stores.view.lkml", "views/common"] {
            assert_eq!(
                rendered.files.files[Path::new(link)],
                canonical.files[Path::new(link)],
                "{link}"
            );
        }
        assert_eq!(
            rendered.files.get(Path::new("common/stores.view.lkml")),
            Some(&b"view: stores {\n  sql_table_name: dev.stores ;;\n}\n"[..])
        );
        let back = unrender(&rendered.files, &all[0], None).expect("unrenders");
        assert_eq!(back.files, canonical);
    }

    #[test]
    fn links_that_may_lead_outside_or_stand_for_a_model_are_refused() {
        let all = environments();
        for (link, target, says) in [
            ("views/passwd.view.lkml", "/etc/passwd", "an absolute path"),
            ("views/out", "../../out", "above the project's root"),
            ("models/other.model.lkml", "shop.model.lkml", "a model file"),
            ("views/m.lkml", "../models/shop.model.lkml", "renames to"),
        ] {
            let mut files = project();
            files.insert_symlink(link, target);
            let err = render(&files, &all[0], &all).expect_err("refused");
            let text = err.to_string();
            assert!(
                text.contains(&format!("`{link}` is a symbolic link to `{target}`"))
                    || text.contains(&format!("`{link}` is a symbolic link to the model file")),
                "{text}"
            );
            assert!(text.contains(says), "{text}");
            if !says.contains("renames") {
                assert!(unrender(&files, &all[0], None).is_err(), "{link}");
            }
        }
    }
}
