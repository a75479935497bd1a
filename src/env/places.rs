//! The places in a parsed LookML file that can hold something environment-specific:
//! `connection:` values, manifest constant values, SQL that may qualify schemas
//! (`sql_table_name`, derived-table SQL, and the values of the parameters such SQL
//! pastes in), dashboard `model:` values, and model names inside Looker URLs.
//! Render, unrender and the leak guard all work from this one list.
//!
//! A file's places are found in that file alone; [`coverage_warnings`] reports, for
//! `storyboard check`, the parameter values a render cannot see from there.

use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;

use super::scan::{self, LiquidParameter, ParameterUse};
use crate::diagnostic::Diagnostic;
use crate::fileset::FileSet;
use crate::lookml::yaml::{Node, Scalar};
use crate::lookml::{self, LookmlFile, NodeKind, NodeRef, SyntaxTree, TokenKind, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PlaceKind {
    /// A model file's `connection:` value.
    Connection,
    /// The `value:` of `constant: NAME {}` in the manifest; `key` is NAME.
    Constant,
    /// SQL in `sql_table_name` or a derived table; `key` is the property. Also a
    /// `value:` of an `allowed_value` (`key` is `allowed_value`) or the
    /// `default_value` of a parameter that such SQL of the same view block pastes in
    /// (`{% parameter NAME %}`, `{{ NAME._parameter_value }}`): its value becomes
    /// SQL text, and is scanned as SQL.
    Sql,
    /// A dashboard's (or legacy) `model:` value.
    Model,
    /// A model name inside a Looker URL.
    UrlModel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place<'t> {
    pub kind: PlaceKind,
    /// The bytes of the value (inside quotes).
    pub range: Range<usize>,
    pub text: &'t str,
    pub key: &'t str,
    /// An unquoted LookML literal, which cannot take every value.
    pub literal: bool,
    /// A YAML value whose decoded text does not stand in its bytes as it is (written
    /// with escapes): it cannot be edited in place, so it must not need to be.
    pub escaped: Option<String>,
    /// The token (modern LookML) or YAML scalar the place lies in, whole: what an
    /// edit of the place must leave lexing as it did. Places sharing a holder are
    /// listed together.
    pub holder: Range<usize>,
}

/// The project manifest: `manifest.lkml` at the project root (there is exactly one).
pub(crate) fn is_manifest(path: &Path) -> bool {
    path == Path::new("manifest.lkml")
}

/// Whether a file of this name, somewhere in a project, may decide names:
/// a model file anywhere, or a `manifest.lkml` (which counts only at the root).
pub fn may_decide_names(file_name: &str) -> bool {
    file_name == "manifest.lkml"
        || file_name.ends_with(".model.lkml")
        || file_name.ends_with(".model.lookml")
}

/// The model a file defines, if it is a model file.
pub(crate) fn model_of(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?;
    name.strip_suffix(".model.lkml")
        .or_else(|| name.strip_suffix(".model.lookml"))
}

pub(crate) fn places<'t>(path: &Path, file: &'t LookmlFile) -> Vec<Place<'t>> {
    let mut out = Vec::new();
    match file {
        LookmlFile::Modern(tree) => {
            for i in 0..tree.token_count() {
                if matches!(
                    tree.token_kind(i),
                    TokenKind::String | TokenKind::Expression
                ) {
                    let span = tree.token_span(i);
                    url_places(tree.token_text(i), span, &mut out);
                }
            }
            let walk = Walk {
                tree,
                is_model: model_of(path).is_some(),
                is_manifest: is_manifest(path),
            };
            walk.block(tree.root(), &mut Vec::new(), &[], &mut out);
        }
        LookmlFile::Yaml(y) => {
            let mut keys = Vec::new();
            let mut aliased = false;
            yaml_values(
                y.text(),
                y.root(),
                model_of(path).is_some(),
                &mut keys,
                &mut out,
                &mut aliased,
            );
            if aliased {
                // An alias's places are its anchor's bytes, already listed where the
                // anchor is written unless the alias stands under another key: list
                // each once, and keep the places of one holder together.
                let mut seen = std::collections::HashSet::new();
                out.retain(|p| seen.insert((p.range.clone(), p.kind)));
                out.sort_by_key(|p| p.holder.start);
            }
        }
    }
    out
}

/// The model names in Looker URLs inside `holder`, whose bytes are `text`.
pub(crate) fn url_places<'t>(text: &'t str, holder: Range<usize>, out: &mut Vec<Place<'t>>) {
    let base = holder.start;
    for (range, name) in scan::url_models(text) {
        out.push(Place {
            kind: PlaceKind::UrlModel,
            range: base + range.start..base + range.end,
            text: name,
            key: "",
            literal: false,
            escaped: None,
            holder: holder.clone(),
        });
    }
}

/// The walk over a modern file's blocks for the pairs that are places.
struct Walk<'t> {
    tree: &'t SyntaxTree,
    is_model: bool,
    is_manifest: bool,
}

impl<'t> Walk<'t> {
    /// `ancestors` holds the enclosing blocks, outermost first; `pasted`, inside a
    /// view, the parameters its SQL pastes in. Most pairs are not places, so a
    /// pair's key is matched before anything else of it is looked at, and a block's
    /// name is read only where a place needs it (a manifest constant, a parameter).
    fn block(
        &self,
        node: NodeRef<'t>,
        ancestors: &mut Vec<NodeRef<'t>>,
        pasted: &[&'t str],
        out: &mut Vec<Place<'t>>,
    ) {
        for child in node.children() {
            match child.kind() {
                NodeKind::Block => {
                    let inner;
                    let pasted = if ancestors.is_empty() && child.key() == Some("view") {
                        inner = pasted_parameters(self.tree, child);
                        &inner[..]
                    } else {
                        pasted
                    };
                    ancestors.push(child);
                    self.block(child, ancestors, pasted, out);
                    ancestors.pop();
                }
                NodeKind::Pair => {
                    let Some(key) = child.key() else { continue };
                    let parent = || ancestors.last().and_then(|a| a.key());
                    // A value of a parameter the view's SQL pastes in: SQL too.
                    let pasted_value = |depth: usize| {
                        !pasted.is_empty()
                            && ancestors.len() == depth
                            && ancestors[1].key() == Some("parameter")
                            && ancestors[1].name().is_some_and(|n| pasted.contains(&n))
                    };
                    let (kind, key) = match key {
                        "connection" if self.is_model && ancestors.is_empty() => {
                            (PlaceKind::Connection, key)
                        }
                        "sql_table_name" => (PlaceKind::Sql, key),
                        "sql" | "sql_create" if parent() == Some("derived_table") => {
                            (PlaceKind::Sql, key)
                        }
                        "default_value" if pasted_value(2) => (PlaceKind::Sql, key),
                        "value" if parent() == Some("allowed_value") && pasted_value(3) => {
                            (PlaceKind::Sql, "allowed_value")
                        }
                        "value"
                            if self.is_manifest
                                && parent() == Some("constant")
                                && ancestors.len() == 1 =>
                        {
                            let name = ancestors[0].name().unwrap_or_default();
                            (PlaceKind::Constant, name)
                        }
                        _ => continue,
                    };
                    let Some(value) = child.value() else { continue };
                    let range = value.content_span();
                    out.push(Place {
                        kind,
                        text: self.tree.text().get(range.clone()).unwrap_or_default(),
                        range,
                        key,
                        literal: value.kind == ValueKind::Literal,
                        escaped: None,
                        holder: value.span(),
                    });
                }
                _ => {}
            }
        }
    }
}

/// The SQL of a view block that the walk lists as places: `sql_table_name`, and
/// `sql`/`sql_create` of its `derived_table`, each as its key and content's bytes.
fn view_sql<'t>(view: NodeRef<'t>) -> Vec<(&'t str, Range<usize>)> {
    let mut out = Vec::new();
    let mut push = |key: &'t str, pair: NodeRef<'t>| {
        if let Some(v) = pair.value() {
            out.push((key, v.content_span()));
        }
    };
    for child in view.children() {
        match (child.kind(), child.key()) {
            (NodeKind::Pair, Some(key @ "sql_table_name")) => push(key, child),
            (NodeKind::Block, Some("derived_table")) => {
                for d in child.children() {
                    if let (NodeKind::Pair, Some(key @ ("sql" | "sql_create"))) =
                        (d.kind(), d.key())
                    {
                        push(key, d);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A view's name without the `+` of a refinement.
fn view_name<'t>(view: NodeRef<'t>) -> Option<&'t str> {
    view.name().map(|n| n.strip_prefix('+').unwrap_or(n))
}

/// Whether a Liquid use names a parameter of the view `own` (unqualified, or
/// qualified with the view's own name).
fn names_own(u: &LiquidParameter<'_>, own: Option<&str>) -> bool {
    u.view.is_none() || u.view == own
}

/// The parameters the SQL of a view block pastes in (not those it only compares):
/// their values are places. Only the block's own SQL counts, which is what a render
/// of this file alone can see; what it cannot is reported by [`coverage_warnings`].
fn pasted_parameters<'t>(tree: &'t SyntaxTree, view: NodeRef<'t>) -> Vec<&'t str> {
    let own = view_name(view);
    let mut out = Vec::new();
    for (_, range) in view_sql(view) {
        let sql = tree.text().get(range).unwrap_or_default();
        for u in scan::liquid_parameters(sql) {
            if u.how == ParameterUse::Pasted && names_own(&u, own) && !out.contains(&u.name) {
                out.push(u.name);
            }
        }
    }
    out
}

/// Where a pasted parameter's value lands in SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Just before a `.`: the value is a schema (or database) qualifier, which the
    /// scan of a value as SQL does not see.
    Qualifier,
    /// Where a relation's name stands: the whole of `sql_table_name`, or after
    /// `FROM`, `JOIN`, `INTO`, `UPDATE` or `TABLE`.
    Relation,
    /// Anywhere else (a value, a column, the end of a name whose qualifier is
    /// written in the SQL).
    Other,
}

const RELATION_KEYWORDS: &[&str] = &["FROM", "JOIN", "INTO", "UPDATE", "TABLE"];

fn slot(key: &str, sql: &str, tag: &Range<usize>) -> Slot {
    let b = sql.as_bytes();
    let glued =
        |c: Option<&u8>| c.is_some_and(|&c| c == b'.' || c.is_ascii_alphanumeric() || c == b'_');
    if b.get(tag.end) == Some(&b'.') {
        return Slot::Qualifier;
    }
    if glued(b[..tag.start].last()) {
        return Slot::Other;
    }
    if key == "sql_table_name" {
        return Slot::Relation;
    }
    // The word before, over whitespace and other Liquid tags (`FROM {% if … %}`).
    let mut before = &sql[..tag.start];
    loop {
        before = before.trim_end();
        match before.strip_suffix("%}").and_then(|s| s.rfind("{%")) {
            Some(open) => before = &before[..open],
            None => break,
        }
    }
    let word_start = before
        .bytes()
        .rposition(|c| !(c.is_ascii_alphanumeric() || c == b'_'))
        .map_or(0, |i| i + 1);
    let word = &before[word_start..];
    if RELATION_KEYWORDS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(word))
    {
        Slot::Relation
    } else {
        Slot::Other
    }
}

/// A `parameter:` block of a view: its name and the values that are places when the
/// view's SQL pastes it in.
struct ParameterDef<'t> {
    name: &'t str,
    at: usize,
    has_allowed: bool,
    /// The content bytes and text of each `allowed_value`'s `value:` and of
    /// `default_value`.
    values: Vec<(Range<usize>, &'t str)>,
}

fn parameter_defs<'t>(tree: &'t SyntaxTree, view: NodeRef<'t>) -> Vec<ParameterDef<'t>> {
    let text = |r: &Range<usize>| tree.text().get(r.clone()).unwrap_or_default();
    let mut out = Vec::new();
    for p in view.children() {
        if p.kind() != NodeKind::Block || p.key() != Some("parameter") {
            continue;
        }
        let Some(name) = p.name() else { continue };
        let mut def = ParameterDef {
            name,
            at: p.name_span().map_or(p.span().start, |r| r.start),
            has_allowed: false,
            values: Vec::new(),
        };
        for c in p.children() {
            match (c.kind(), c.key()) {
                (NodeKind::Pair, Some("default_value")) => {
                    if let Some(v) = c.value() {
                        let r = v.content_span();
                        def.values.push((r.clone(), text(&r)));
                    }
                }
                (NodeKind::Block, Some("allowed_value")) => {
                    def.has_allowed = true;
                    for a in c.children() {
                        if let (NodeKind::Pair, Some("value"), Some(v)) =
                            (a.kind(), a.key(), a.value())
                        {
                            let r = v.content_span();
                            def.values.push((r.clone(), text(&r)));
                        }
                    }
                }
                _ => {}
            }
        }
        out.push(def);
    }
    out
}

/// Where a parameter of a view is pasted into SQL (`file:line:col`), for a warning
/// elsewhere.
struct PastedAt {
    location: String,
}

/// Warnings on what a render cannot prove it maps: parameters whose values become
/// SQL (`{% parameter NAME %}`, `{{ NAME._parameter_value }}` in `sql_table_name` or
/// derived-table SQL) where this file's view block does not define them (a
/// refinement, `extends:`, another view, legacy LookML, an explore), values that are
/// not table names the schema scan understands where a table's name stands, values
/// pasted in before a `.` (as a qualifier), parameters taking any typed value there, values
/// compared in Liquid while a render rewrites them, and a parameter's values defined
/// in a block whose own SQL does not paste it while another block of the view does.
pub(crate) fn coverage_warnings(files: &FileSet) -> Vec<Diagnostic> {
    let parsed: Vec<(&std::path::Path, LookmlFile)> = files
        .files
        .par_iter()
        .filter(|(p, e)| {
            // A symbolic link's bytes are a path (git's mode for links), not LookML.
            e.mode != 0o120000
                && lookml::Dialect::of(p).is_some()
                && memchr::memmem::find(&e.bytes, b"parameter").is_some()
        })
        .filter_map(|(p, e)| Some((p.as_path(), lookml::parse_file(p, &e.bytes).ok()?)))
        .collect();
    let mut warnings = Vec::new();
    // (view, parameter) → the first place its SQL pastes it, over every file.
    let mut pasted: std::collections::BTreeMap<(&str, &str), PastedAt> = Default::default();
    for (path, file) in &parsed {
        match file {
            LookmlFile::Modern(tree) => {
                let sql = places(path, file);
                modern_coverage(path, tree, &sql, &mut pasted, &mut warnings);
            }
            LookmlFile::Yaml(y) => {
                for p in places(path, file)
                    .iter()
                    .filter(|p| p.kind == PlaceKind::Sql)
                {
                    for u in scan::liquid_parameters(p.text) {
                        if u.how == ParameterUse::Pasted {
                            warnings.push(
                                Diagnostic::at_offset(
                                    *path,
                                    y.text(),
                                    p.range.start + u.at,
                                    format!(
                                        "`{}` pastes parameter `{}` into `{}` in legacy LookML: storyboard does not rewrite or guard the schemas of its values",
                                        &p.text[u.tag.clone()], u.name, p.key
                                    ),
                                )
                                .with_help("write the table names in the SQL, or move the view to modern LookML"),
                            );
                        }
                    }
                }
            }
        }
    }
    // A parameter's values in a block that does not paste it, while another block
    // of the same view does (a refinement or the refined view).
    for (path, file) in &parsed {
        let LookmlFile::Modern(tree) = file else {
            continue;
        };
        for view in tree.root().children() {
            if view.kind() != NodeKind::Block || view.key() != Some("view") {
                continue;
            }
            let Some(own) = view_name(view) else { continue };
            let here = pasted_parameters(tree, view);
            for def in parameter_defs(tree, view) {
                if def.values.is_empty() || here.contains(&def.name) {
                    continue;
                }
                let Some(at) = pasted.get(&(own, def.name)) else {
                    continue;
                };
                warnings.push(
                    Diagnostic::at_offset(
                        *path,
                        tree.text(),
                        def.at,
                        format!(
                            "the values of parameter `{}` of view `{own}` are pasted into SQL at {}, outside this block, so a render does not rewrite their schemas here",
                            def.name, at.location
                        ),
                    )
                    .with_help("define the parameter's values in the block whose SQL pastes it in"),
                );
            }
        }
    }
    warnings
}

/// The text inside each quoted literal (`'…'` or `"…"`) of a Liquid tag.
fn quoted_literals(tag: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(i) = rest.find(['\'', '"']) {
        let q = rest.as_bytes()[i] as char;
        let after = &rest[i + 1..];
        let Some(j) = after.find(q) else { break };
        out.push(&after[..j]);
        rest = &after[j + 1..];
    }
    out
}

fn modern_coverage<'t>(
    path: &'t std::path::Path,
    tree: &'t SyntaxTree,
    places: &[Place<'t>],
    pasted: &mut std::collections::BTreeMap<(&'t str, &'t str), PastedAt>,
    warnings: &mut Vec<Diagnostic>,
) {
    let text = tree.text();
    let at = |offset: usize, message: String| Diagnostic::at_offset(path, text, offset, message);
    let mut in_views: Vec<Range<usize>> = Vec::new();
    for view in tree.root().children() {
        if view.kind() != NodeKind::Block || view.key() != Some("view") {
            continue;
        }
        let own = view_name(view);
        let defs = parameter_defs(tree, view);
        // Each value, and each parameter without allowed values, is warned about once.
        let mut warned_values: Vec<usize> = Vec::new();
        let mut warned_free: Vec<&str> = Vec::new();
        let mut rewritten: Vec<&ParameterDef<'_>> = Vec::new();
        for (key, range) in view_sql(view) {
            in_views.push(range.clone());
            let sql = text.get(range.clone()).unwrap_or_default();
            for u in scan::liquid_parameters(sql) {
                if u.how != ParameterUse::Pasted {
                    continue;
                }
                let offset = range.start + u.at;
                let tag = &sql[u.tag.clone()];
                if let Some(target) = u.view.or(own) {
                    pasted.entry((target, u.name)).or_insert_with(|| PastedAt {
                        location: crate::diagnostic::location(
                            path,
                            Some(crate::diagnostic::Position::of_offset(text, offset)),
                        ),
                    });
                }
                let def = defs
                    .iter()
                    .find(|d| d.name == u.name)
                    .filter(|_| names_own(&u, own));
                let Some(def) = def else {
                    let whose = match (u.view, own) {
                        (Some(v), Some(o)) if v != o => format!("view `{v}`'s"),
                        _ => "a".to_string(),
                    };
                    warnings.push(
                        at(
                            offset,
                            format!(
                                "`{tag}` in `{key}` pastes in {whose} parameter `{}` that view `{}` does not define in this block: a render does not rewrite or guard the schemas of its values",
                                u.name,
                                view.name().unwrap_or_default()
                            ),
                        )
                        .with_help("define the parameter (with its allowed values) in the same view block as the SQL; storyboard does not follow refinements, `extends:` or other views"),
                    );
                    continue;
                };
                if !rewritten.iter().any(|d| d.name == def.name) {
                    rewritten.push(def);
                }
                let slot = slot(key, sql, &u.tag);
                if slot == Slot::Qualifier {
                    warnings.push(
                        at(
                            offset,
                            format!(
                                "`{tag}` pastes parameter `{}` in before a `.`, as a qualifier: a render rewrites a schema in its values only where a `.` follows it inside the value",
                                u.name
                            ),
                        )
                        .with_help("make the values whole table names (`schema.table`) and paste the parameter where the table's name stands"),
                    );
                    continue;
                }
                if slot != Slot::Relation {
                    continue;
                }
                if !def.has_allowed && !warned_free.contains(&def.name) {
                    warned_free.push(def.name);
                    warnings.push(
                        at(
                            offset,
                            format!(
                                "parameter `{}` has no `allowed_value`, so any table a user types is pasted into `{key}` here, which no render can map",
                                u.name
                            ),
                        )
                        .with_help("list the tables it may name with `allowed_value`"),
                    );
                }
                for (r, value) in &def.values {
                    if scan::is_table_name(value) || warned_values.contains(&r.start) {
                        continue;
                    }
                    warned_values.push(r.start);
                    warnings.push(
                        at(
                            r.start,
                            format!(
                                "`{value}`, a value of parameter `{}` pasted into `{key}`, is not a table name storyboard understands, so it cannot tell which schema it reads",
                                u.name
                            ),
                        )
                        .with_help("write it as `schema.table` (or `db.schema.table`, or in backticks)"),
                    );
                }
            }
        }
        // A rewritten value compared in Liquid is compared unrewritten.
        if rewritten.is_empty() {
            continue;
        }
        let span = view.span();
        let Some(mut t) = tree.token_at(span.start) else {
            continue;
        };
        while t < tree.token_count() && tree.token_span(t).start < span.end {
            if matches!(
                tree.token_kind(t),
                TokenKind::String | TokenKind::Expression
            ) {
                let token = tree.token_text(t);
                let base = tree.token_span(t).start;
                for u in scan::liquid_parameters(token) {
                    if u.how != ParameterUse::Compared || !names_own(&u, own) {
                        continue;
                    }
                    let Some(def) = rewritten.iter().find(|d| d.name == u.name) else {
                        continue;
                    };
                    let tag = &token[u.tag.clone()];
                    let compared = quoted_literals(tag);
                    let value = def.values.iter().find(|(_, v)| {
                        v.contains('.')
                            && compared.iter().any(|c| {
                                c == v
                                    || c.strip_prefix('\'').and_then(|c| c.strip_suffix('\''))
                                        == Some(*v)
                            })
                    });
                    if let Some((_, value)) = value {
                        warnings.push(
                            at(
                                base + u.at,
                                format!(
                                    "parameter `{}` is compared with `{value}` here; a render rewrites the schema in the parameter's values but not in this comparison",
                                    u.name
                                ),
                            )
                            .with_help("compare with a label-like value, or test the parameter in the SQL the render rewrites"),
                        );
                    }
                }
            }
            t += 1;
        }
    }
    // SQL outside a view's own `sql_table_name` and derived table (an explore's or
    // a join's `sql_table_name`).
    for p in places {
        let outside = p.kind == PlaceKind::Sql
            && matches!(p.key, "sql_table_name" | "sql" | "sql_create")
            && !in_views.contains(&p.range);
        if !outside {
            continue;
        }
        for u in scan::liquid_parameters(p.text) {
            if u.how == ParameterUse::Pasted {
                let offset = p.range.start + u.at;
                if let Some(target) = u.view {
                    pasted.entry((target, u.name)).or_insert_with(|| PastedAt {
                        location: crate::diagnostic::location(
                            path,
                            Some(crate::diagnostic::Position::of_offset(text, offset)),
                        ),
                    });
                }
                warnings.push(
                    at(
                        offset,
                        format!(
                            "`{}` pastes parameter `{}` into `{}` outside a view's own `sql_table_name` or derived table: a render does not rewrite or guard the schemas of its values",
                            &p.text[u.tag.clone()], u.name, p.key
                        ),
                    )
                    .with_help("move the SQL into the view that defines the parameter, or write the table names in the SQL"),
                );
            }
        }
    }
}

/// The places among the values under `node`, in source order. `keys` holds the
/// path to `node`: the key of each mapping entry on it, `None` for a sequence item.
/// An alias's places are those of its anchored node, which lie at the anchor, as
/// seen from the alias's own keys; `aliased` says that one was met.
fn yaml_values<'t>(
    text: &'t str,
    node: &'t Node,
    legacy_model: bool,
    keys: &mut Vec<Option<&'t str>>,
    out: &mut Vec<Place<'t>>,
    aliased: &mut bool,
) {
    match node {
        Node::Scalar(s) => yaml_place(text, s, legacy_model, keys, out),
        Node::Mapping(m) => {
            for (k, v) in &m.entries {
                keys.push(Some(k.as_str().unwrap_or_default()));
                yaml_values(text, v, legacy_model, keys, out, aliased);
                keys.pop();
            }
        }
        Node::Sequence(s) => {
            for v in &s.items {
                keys.push(None);
                yaml_values(text, v, legacy_model, keys, out, aliased);
                keys.pop();
            }
        }
        Node::Alias(a) => {
            *aliased = true;
            yaml_values(text, &a.target, legacy_model, keys, out, aliased);
        }
        Node::Null { .. } => {}
    }
}

fn yaml_place<'t>(
    text: &'t str,
    scalar: &'t Scalar,
    legacy_model: bool,
    keys: &[Option<&'t str>],
    out: &mut Vec<Place<'t>>,
) {
    let raw = text.get(scalar.span.clone()).unwrap_or_default();
    url_places(raw, scalar.span.clone(), out);
    let key = keys.last().copied().flatten().unwrap_or_default();
    let parent = match keys.len().checked_sub(2).and_then(|i| keys.get(i)) {
        Some(Some(k)) => k,
        _ => "",
    };
    let (kind, key) = match key {
        "model" => (PlaceKind::Model, "model"),
        "connection" if legacy_model && keys.len() == 2 => (PlaceKind::Connection, "connection"),
        "sql_table_name" => (PlaceKind::Sql, "sql_table_name"),
        "sql" if parent == "derived_table" => (PlaceKind::Sql, "sql"),
        _ => return,
    };
    // A whole-value place is the value's bytes inside the token (inside quotes).
    let (range, escaped) = match kind {
        PlaceKind::Sql => (scalar.span.clone(), None),
        _ if scalar.value.is_empty() => return,
        _ => match raw.find(scalar.value.as_str()) {
            Some(i) => (
                scalar.span.start + i..scalar.span.start + i + scalar.value.len(),
                None,
            ),
            None => (scalar.span.clone(), Some(scalar.value.to_string())),
        },
    };
    out.push(Place {
        kind,
        text: text.get(range.clone()).unwrap_or_default(),
        range,
        key,
        literal: false,
        escaped,
        holder: scalar.span.clone(),
    });
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use proptest::prelude::*;

    use super::super::derive::after_edits;
    use super::super::rewrite::{Located, NameMaps, apply_edits, place_edits};
    use super::super::{RenderedPlaces, render_with};
    use super::*;
    use crate::config::Environment;
    use crate::lookml::parse_file;

    fn sql_places(text: &str) -> Vec<(String, String)> {
        let path = Path::new("views/v.view.lkml");
        let file = parse_file(path, text.as_bytes()).unwrap_or_else(|d| panic!("{d}"));
        places(path, &file)
            .into_iter()
            .filter(|p| p.kind == PlaceKind::Sql)
            .map(|p| (p.key.to_string(), p.text.to_string()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn values_of_pasted_parameters_are_sql_places() {
        let view = "view: v {\n  parameter: p {\n    type: unquoted\n    default_value: \"a.d\"\n    allowed_value: { label: \"L\" value: \"a.t\" }\n    allowed_value: { value: a.lit }\n  }\n  parameter: q { allowed_value: { value: \"a.q\" } }\n  sql_table_name: {% parameter p %} ;;\n}\n";
        assert_eq!(
            sql_places(view),
            pairs(&[
                ("default_value", "a.d"),
                ("allowed_value", "a.t"),
                ("allowed_value", "a.lit"),
                ("sql_table_name", "{% parameter p %}"),
            ])
        );
        // Compared only, another view's, in a dimension's SQL, in a refinement that
        // does not paste it: not places.
        for sql in [
            "sql_table_name: {% if p._parameter_value == 'x' %}a.t{% endif %} ;;",
            "sql_table_name: {% parameter other.p %} ;;",
            "dimension: d { sql: {% parameter p %} ;; }",
            "derived_table: { explore_source: e { column: c {} } }",
        ] {
            let text = view.replace("sql_table_name: {% parameter p %} ;;", sql);
            let values: Vec<_> = sql_places(&text)
                .into_iter()
                .filter(|(k, _)| k.ends_with("_value"))
                .collect();
            assert!(values.is_empty(), "{sql}: {values:?}");
        }
        // Qualified with its own view's name (a refinement's too), and in derived SQL.
        let refined = view.replace("view: v", "view: +v").replace(
            "sql_table_name: {% parameter p %} ;;",
            "derived_table: { sql: SELECT * FROM {{ v.p._parameter_value }} ;; }",
        );
        assert_eq!(sql_places(&refined).len(), 4, "{refined}");
    }

    fn environments() -> Vec<Environment> {
        let env = |name: &str, protected: bool, schemas: &[(&str, &str)]| Environment {
            name: name.into(),
            template: None,
            remote: "r".into(),
            branch: "b".into(),
            protected,
            model_prefix: String::new(),
            model_suffix: if protected {
                String::new()
            } else {
                "_d".into()
            },
            connections: BTreeMap::new(),
            constants: BTreeMap::new(),
            schemas: schemas
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            looker: None,
        };
        vec![
            env("production", true, &[("analytics", "prod")]),
            env(
                "dev",
                false,
                &[("analytics", "dev_alice"), ("staging", "a\"b")],
            ),
        ]
    }

    /// A view whose SQL uses parameter `p` in one of many ways, with values of
    /// every kind (some that cannot take the new names in place).
    fn view() -> impl Strategy<Value = String> {
        let value = prop_oneof![
            Just("\"analytics.t\""),
            Just("\"db.staging.t\""),
            Just("analytics.lit"),
            Just("staging.lit"),
            Just("\"`p.analytics.t`\""),
            Just("\"live\""),
            Just("\"prod.t\""),
            Just("\"/explore/shop/x analytics.u\""),
        ];
        let form = prop_oneof![
            Just("{% parameter p %}"),
            Just("{{ v.p._parameter_value }}"),
            Just("{% if p._parameter_value == 'x' %}analytics.a{% endif %}"),
            Just("analytics.plain"),
        ];
        (
            prop::collection::vec(value, 0..4),
            form,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(values, form, derived, before)| {
                let mut parameter = String::from("  parameter: p {\n");
                for v in values {
                    parameter.push_str(&format!("    allowed_value: {{ value: {v} }}\n"));
                }
                parameter.push_str("  }\n");
                let sql = if derived {
                    format!("  derived_table: {{ sql: SELECT 1 FROM {form} ;; }}\n")
                } else {
                    format!("  sql_table_name: {form} ;;\n")
                };
                if before {
                    format!("view: v {{\n{parameter}{sql}}}\n")
                } else {
                    format!("view: v {{\n{sql}{parameter}}}\n")
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The derivation holds for parameter values: derived places are the parsed
        /// ones, and a render is the same either way.
        #[test]
        fn parameter_places_derive_as_they_parse(text in view()) {
            let all = environments();
            let maps = NameMaps {
                schemas: all[1].schemas.clone(),
                ..NameMaps::default()
            };
            let path = Path::new("views/v.view.lkml");
            let file = parse_file(path, text.as_bytes()).map_err(|d| TestCaseError::fail(d.to_string()))?;
            let canonical = places(path, &file);
            let here = Located { path, text: Some(file.text()) };
            let edits = place_edits(here, &canonical, &maps, &|_, _| Vec::new())
                .map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
            let rendered = apply_edits(file.text(), &edits);
            if let Some(derived) = after_edits(&file, &canonical, &edits, &rendered) {
                let reparsed = parse_file(path, rendered.as_bytes())
                    .map_err(|d| TestCaseError::fail(format!("{d}\n{rendered}")))?;
                prop_assert_eq!(derived, places(path, &reparsed), "{}", rendered);
            }
            let mut set = FileSet::default();
            set.insert("models/shop.model.lkml", "connection: \"w\"\n");
            set.insert(path, text.as_str());
            let fast = render_with(&set, &all[1], &all, RenderedPlaces::Derived);
            let slow = render_with(&set, &all[1], &all, RenderedPlaces::Parsed);
            match (fast, slow) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(a.files, b.files);
                    prop_assert_eq!(a.edits, b.edits);
                }
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                (a, b) => prop_assert!(false, "derived {:?}\nparsed {:?}", a.map(|r| r.edits), b.map(|r| r.edits)),
            }
        }
    }
}
