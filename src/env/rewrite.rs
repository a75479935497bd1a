//! Name maps applied to parsed files: the engine under both render and unrender,
//! which differ only in the maps they give it.
//!
//! Every change is a byte-range edit inside one token (a quoted string, an
//! expression, a literal, a YAML scalar); files are never re-serialised. Model files
//! named in the model map are renamed in place (same directory). Files are
//! processed in parallel, and a modern file's new tree is derived from the old one
//! when the edits cannot change how it lexes, so a render does not lex twice.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::places::{Place, PlaceKind, model_of, places};
use super::scan;
use crate::diagnostic::Diagnostic;
use crate::fileset::{FileEntry, FileSet};
use crate::lookml::{self, LookmlFile};

/// What to rename, by kind of name.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameMaps {
    /// Model name → model name (file names and every reference).
    pub models: BTreeMap<String, String>,
    /// Connection name → connection name, in `connection:` and in manifest constants
    /// that a `connection: "@{…}"` refers to.
    pub connections: BTreeMap<String, String>,
    /// Schema → schema, as a qualifier in `sql_table_name` and derived-table SQL.
    pub schemas: BTreeMap<String, String>,
    /// Manifest constant → (the raw value it must have now, if only then; its new raw
    /// value).
    pub constants: BTreeMap<String, (Option<String>, String)>,
    /// Constants used as `connection: "@{NAME}"`.
    pub connection_constants: BTreeSet<String>,
}

/// One changed token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The file's path before the rewrite.
    pub file: PathBuf,
    pub range: Range<usize>,
    pub old: String,
    pub new: String,
}

/// A file of a tree: parsed when it is LookML (the tree holds its text), raw bytes
/// otherwise.
pub(crate) struct Entry<'a> {
    pub path: PathBuf,
    pub mode: u32,
    pub content: Content<'a>,
}

pub(crate) enum Content<'a> {
    Raw(Cow<'a, [u8]>),
    Parsed(LookmlFile),
}

impl Entry<'_> {
    pub fn bytes(&self) -> &[u8] {
        match &self.content {
            Content::Raw(b) => b,
            Content::Parsed(p) => p.text().as_bytes(),
        }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        match self.content {
            Content::Raw(b) => b.into_owned(),
            Content::Parsed(p) => p.into_text().into_bytes(),
        }
    }

    pub fn parsed(&self) -> Option<&LookmlFile> {
        match &self.content {
            Content::Parsed(p) => Some(p),
            Content::Raw(_) => None,
        }
    }

    pub fn places(&self) -> Vec<Place<'_>> {
        self.parsed()
            .map(|p| places(&self.path, p))
            .unwrap_or_default()
    }

    /// A diagnostic at byte `offset` of this file.
    pub fn at(&self, offset: usize, message: String) -> Diagnostic {
        self.located().at(offset, message)
    }

    pub fn located(&self) -> Located<'_> {
        Located {
            path: &self.path,
            text: self.parsed().map(LookmlFile::text),
        }
    }
}

/// A file's path and, when it is LookML, its text: what a diagnostic at a byte
/// offset needs. A rendered file has one before it has (or without) a parsed form.
#[derive(Clone, Copy)]
pub(crate) struct Located<'a> {
    pub path: &'a Path,
    pub text: Option<&'a str>,
}

impl Located<'_> {
    /// A diagnostic at byte `offset` of this file.
    pub fn at(&self, offset: usize, message: String) -> Diagnostic {
        match self.text {
            Some(text) => Diagnostic::at_offset(self.path, text, offset, message),
            None => Diagnostic::in_file(self.path, message),
        }
    }
}

/// Parses every LookML file of `files`, in parallel.
pub(crate) fn parse_all(files: &FileSet) -> Result<Vec<Entry<'_>>, Vec<Diagnostic>> {
    let results: Vec<Result<Entry<'_>, Diagnostic>> = files
        .files
        .par_iter()
        .map(|(path, entry)| parse_one(path, entry))
        .collect();
    collect(results)
}

/// One file as an entry, parsed when it is LookML.
pub(crate) fn parse_one<'a>(path: &Path, entry: &'a FileEntry) -> Result<Entry<'a>, Diagnostic> {
    let content = match lookml::Dialect::of(path) {
        Some(_) => Content::Parsed(lookml::parse_file(path, &entry.bytes)?),
        None => Content::Raw(Cow::Borrowed(&entry.bytes)),
    };
    Ok(Entry {
        path: path.to_path_buf(),
        mode: entry.mode,
        content,
    })
}

fn collect<T>(results: Vec<Result<T, Diagnostic>>) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut ok = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(ok)
    } else {
        Err(problems)
    }
}

/// The outcome of rewriting a tree.
pub(crate) struct Rewritten<'a> {
    pub entries: Vec<Entry<'a>>,
    pub edits: Vec<Edit>,
    pub renamed: BTreeMap<PathBuf, PathBuf>,
}

impl Rewritten<'_> {
    pub fn into_fileset(self) -> FileSet {
        let mut set = FileSet::default();
        for e in self.entries {
            let (path, mode) = (e.path.clone(), e.mode);
            set.files.insert(
                path,
                FileEntry {
                    bytes: e.into_bytes(),
                    mode,
                },
            );
        }
        set
    }
}

/// Whether a rewrite must give parsed trees of its output (for a further pass over
/// it) or only bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    Trees,
    Bytes,
}

/// One rewritten entry and its edits.
pub(crate) type Rewrote<'a> = (Entry<'a>, Vec<Edit>);

/// Checks each file's places (for refusals and the leak guard).
pub(crate) type Inspect<'f> = &'f (dyn Fn(Located<'_>, &[Place<'_>]) -> Vec<Diagnostic> + Sync);

/// Applies `maps` to every entry, in parallel.
pub(crate) fn apply<'a>(
    entries: &[Entry<'_>],
    maps: &NameMaps,
    output: Output,
    inspect: Inspect<'_>,
) -> Result<Rewritten<'a>, Vec<Diagnostic>> {
    let results: Vec<Result<Rewrote<'a>, Vec<Diagnostic>>> = entries
        .par_iter()
        .map(|e| rewrite_entry(e, maps, output, inspect))
        .collect();
    let mut out = Rewritten {
        entries: Vec::with_capacity(entries.len()),
        edits: Vec::new(),
        renamed: BTreeMap::new(),
    };
    let mut problems = Vec::new();
    let existing: BTreeSet<&PathBuf> = entries.iter().map(|e| &e.path).collect();
    for (source, r) in entries.iter().zip(results) {
        match r {
            Ok((entry, mut edits)) => {
                if entry.path != source.path {
                    if existing.contains(&entry.path) {
                        problems.push(overwrite(&source.path, &entry.path));
                    }
                    out.renamed.insert(source.path.clone(), entry.path.clone());
                }
                out.edits.append(&mut edits);
                out.entries.push(entry);
            }
            Err(mut d) => problems.append(&mut d),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Where `source` with `edits` applied first differs from `want`, without building it.
/// A model file whose new name is taken by another file of the tree.
pub(crate) fn overwrite(from: &Path, to: &Path) -> Diagnostic {
    Diagnostic::in_file(
        from,
        format!(
            "renaming the model would overwrite {}, which already exists",
            to.display()
        ),
    )
}

pub(crate) fn first_mismatch(
    source: &[u8],
    edits: &[(Range<usize>, String)],
    want: &[u8],
) -> Option<usize> {
    fn compare(piece: &[u8], want: &[u8], at: &mut usize) -> Option<usize> {
        let end = *at + piece.len();
        let Some(expected) = want.get(*at..end) else {
            return Some((*at).min(want.len()));
        };
        if expected != piece {
            return Some(
                *at + expected
                    .iter()
                    .zip(piece)
                    .position(|(a, b)| a != b)
                    .unwrap_or(0),
            );
        }
        *at = end;
        None
    }
    let mut at = 0;
    let mut last = 0;
    for (range, new) in edits {
        let Some(before) = source.get(last..range.start) else {
            return Some(at);
        };
        if let Some(m) = compare(before, want, &mut at) {
            return Some(m);
        }
        if let Some(m) = compare(new.as_bytes(), want, &mut at) {
            return Some(m);
        }
        last = range.end;
    }
    let Some(rest) = source.get(last..) else {
        return Some(at);
    };
    if let Some(m) = compare(rest, want, &mut at) {
        return Some(m);
    }
    (at != want.len()).then_some(at)
}

/// The sorted, non-overlapping edits `maps` makes to the `places` of one file.
pub(crate) fn place_edits(
    file: Located<'_>,
    places: &[Place<'_>],
    maps: &NameMaps,
    inspect: Inspect<'_>,
) -> Result<Vec<(Range<usize>, String)>, Vec<Diagnostic>> {
    let mut problems = inspect(file, places);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for place in places {
        match edits_for(place, maps) {
            Ok(mut e) => edits.append(&mut e),
            Err(message) => problems.push(file.at(place.range.start, message)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    edits.sort_by_key(|(r, _)| r.start);
    edits.dedup();
    if let Some(w) = edits.windows(2).find(|w| w[0].0.end > w[1].0.start) {
        return Err(vec![file.at(
            w[1].0.start,
            "two rewrites overlap here (a bug: please report it with the file)".into(),
        )]);
    }
    Ok(edits)
}

pub(crate) fn rewrite_entry<'a>(
    entry: &Entry<'_>,
    maps: &NameMaps,
    output: Output,
    inspect: Inspect<'_>,
) -> Result<Rewrote<'a>, Vec<Diagnostic>> {
    let path = renamed_path(&entry.path, &maps.models);
    let Some(parsed) = entry.parsed() else {
        let content = Content::Raw(Cow::Owned(entry.bytes().to_vec()));
        return Ok((
            Entry {
                path,
                mode: entry.mode,
                content,
            },
            Vec::new(),
        ));
    };
    let edits = place_edits(entry.located(), &entry.places(), maps, inspect)?;
    let text = parsed.text();
    let records = records(&entry.path, text, &edits);
    let derived = match (output, parsed) {
        (Output::Trees, _) if edits.is_empty() => Some(parsed.clone()),
        (Output::Trees, LookmlFile::Modern(tree)) => tree.edited(&edits).map(LookmlFile::Modern),
        _ => None,
    };
    let content = match derived {
        Some(p) => Content::Parsed(p),
        None => {
            let out = apply_edits(text, &edits);
            match output {
                Output::Trees => {
                    Content::Parsed(lookml::parse_file(&path, out.as_bytes()).map_err(|d| vec![d])?)
                }
                Output::Bytes => Content::Raw(Cow::Owned(out.into_bytes())),
            }
        }
    };
    Ok((
        Entry {
            path,
            mode: entry.mode,
            content,
        },
        records,
    ))
}

/// `text` with `edits` (sorted, non-overlapping, on character boundaries) applied.
pub(crate) fn apply_edits(text: &str, edits: &[(Range<usize>, String)]) -> String {
    let grown: usize = edits.iter().map(|(_, new)| new.len()).sum();
    let mut out = String::with_capacity(text.len() + grown);
    let mut last = 0;
    for (range, new) in edits {
        out.push_str(&text[last..range.start]);
        out.push_str(new);
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// The edits made to `file`, whose text is `text`, as they are reported.
pub(crate) fn records(file: &Path, text: &str, edits: &[(Range<usize>, String)]) -> Vec<Edit> {
    edits
        .iter()
        .map(|(range, new)| Edit {
            file: file.to_path_buf(),
            range: range.clone(),
            old: text[range.clone()].to_string(),
            new: new.clone(),
        })
        .collect()
}

/// The edits one place needs under `maps`; an error when it cannot be edited.
fn edits_for(place: &Place<'_>, maps: &NameMaps) -> Result<Vec<(Range<usize>, String)>, String> {
    if let Some(value) = &place.escaped {
        let named = maps.models.contains_key(value) || maps.connections.contains_key(value);
        return if named {
            Err(format!(
                "`{value}` is written with escapes here, so it cannot be renamed in place; write it plainly"
            ))
        } else {
            Ok(Vec::new())
        };
    }
    let whole = |to: Option<&String>| {
        to.map(|t| vec![(place.range.clone(), t.clone())])
            .unwrap_or_default()
    };
    Ok(match place.kind {
        PlaceKind::Model | PlaceKind::UrlModel => whole(maps.models.get(place.text)),
        PlaceKind::Connection => whole(maps.connections.get(place.text)),
        PlaceKind::Sql => scan::schema_qualifiers(place.text, &maps.schemas)
            .into_iter()
            .filter_map(|r| {
                let to = maps.schemas.get(&place.text[r.clone()])?;
                Some((
                    place.range.start + r.start..place.range.start + r.end,
                    to.clone(),
                ))
            })
            .collect(),
        PlaceKind::Constant => match constant_value(place.key, place.text, maps) {
            Some(new) if place.literal && !is_literal(&new) => {
                return Err(format!(
                    "constant `{}` is unquoted, and its new value `{new}` needs quotes; write the value in quotes in manifest.lkml",
                    place.key
                ));
            }
            Some(new) => vec![(place.range.clone(), new)],
            None => Vec::new(),
        },
    })
}

/// The new raw value of constant `name`, whose raw value now is `current`.
fn constant_value(name: &str, current: &str, maps: &NameMaps) -> Option<String> {
    if let Some((only_if, new)) = maps.constants.get(name) {
        return match only_if {
            Some(expected) if expected != current => None,
            _ => (new != current).then(|| new.clone()),
        };
    }
    if maps.connection_constants.contains(name) {
        return maps.connections.get(current).cloned();
    }
    None
}

fn is_literal(s: &str) -> bool {
    !s.is_empty() && !s.contains(|c: char| c.is_whitespace() || ":{}[],\"#;".contains(c))
}

pub(crate) fn renamed_path(path: &Path, models: &BTreeMap<String, String>) -> PathBuf {
    let Some(model) = model_of(path) else {
        return path.to_path_buf();
    };
    let Some(to) = models.get(model) else {
        return path.to_path_buf();
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let ending = &name[model.len()..];
    path.with_file_name(format!("{to}{ending}"))
}
