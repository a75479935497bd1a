//! The places of a rendered file, derived from the canonical file's places and the
//! edits that made it, without parsing the rendered text: so a render parses each
//! file once, and the leak guard and the inverse edits work from the same list.
//!
//! The derivation must give exactly the places a parse of the rendered text would.
//! It holds where every edit provably leaves the file lexing and parsing as before,
//! with only the edited bytes changed: in modern LookML, each edit lies inside one
//! token and passes the token's own test ([`TokenKind::can_hold`], what
//! [`crate::lookml::SyntaxTree::edited`] requires); in YAML, each edit replaces a
//! word (ASCII letters, digits, `_`) inside one scalar with another word. Elsewhere
//! it gives `None`, and the caller parses the rendered text. The property tests
//! below compare the two ways, place by place and render by render, on generated
//! projects and environments with awkward names.

use std::ops::Range;

use super::places::{Place, PlaceKind, url_places};
use crate::lookml::{LookmlFile, SyntaxTree, TokenKind};

/// The places of `rendered`, the canonical text of `file` with `edits` (sorted,
/// non-overlapping) applied, from `places`, the canonical places; `None` when they
/// cannot be derived.
pub(crate) fn after_edits<'a>(
    file: &LookmlFile,
    places: &[Place<'a>],
    edits: &[(Range<usize>, String)],
    rendered: &'a str,
) -> Option<Vec<Place<'a>>> {
    let shifts = Shifts::new(edits)?;
    match file {
        LookmlFile::Modern(tree) => modern(tree, places, edits, &shifts, rendered),
        LookmlFile::Yaml(y) => yaml(y.text(), places, edits, &shifts, rendered),
    }
}

/// How positions move: the running sum of the edits' length changes.
struct Shifts {
    starts: Vec<usize>,
    /// `sums[k]`: the change made by the first `k` edits.
    sums: Vec<isize>,
}

impl Shifts {
    fn new(edits: &[(Range<usize>, String)]) -> Option<Shifts> {
        let mut sums = Vec::with_capacity(edits.len() + 1);
        let mut sum = 0isize;
        sums.push(0);
        for (range, new) in edits {
            let delta = isize::try_from(new.len()).ok()? - isize::try_from(range.len()).ok()?;
            sum = sum.checked_add(delta)?;
            sums.push(sum);
        }
        Some(Shifts {
            starts: edits.iter().map(|(r, _)| r.start).collect(),
            sums,
        })
    }

    /// Where byte `x` of the canonical text is in the rendered text, counting the
    /// edits that start before it (an edit starting at `x` belongs to what starts
    /// there).
    fn at(&self, x: usize) -> Option<usize> {
        let k = self.starts.partition_point(|&s| s < x);
        x.checked_add_signed(*self.sums.get(k)?)
    }

    /// A holder's range in the rendered text; its edits are inside it.
    fn span(&self, r: &Range<usize>) -> Option<Range<usize>> {
        Some(self.at(r.start)?..self.at(r.end)?)
    }

    /// The change made by the edits `k` (indices into the edits).
    fn change(&self, k: &Range<usize>) -> Option<isize> {
        self.sums.get(k.end)?.checked_sub(*self.sums.get(k.start)?)
    }
}

/// A place moved whole by the edits before it (none are inside its holder).
fn moved<'a>(p: &Place<'a>, shifts: &Shifts, rendered: &'a str) -> Option<Place<'a>> {
    let range = shifts.at(p.range.start)?..shifts.at(p.range.end)?;
    Some(Place {
        text: rendered.get(range.clone())?,
        range,
        holder: shifts.span(&p.holder)?,
        escaped: p.escaped.clone(),
        ..*p
    })
}

/// The indices of the edits inside `r`.
fn edits_in(edits: &[(Range<usize>, String)], r: &Range<usize>) -> Range<usize> {
    let lo = edits.partition_point(|(e, _)| e.start < r.start);
    let hi = edits.partition_point(|(e, _)| e.start < r.end);
    lo..hi
}

fn modern<'a>(
    tree: &SyntaxTree,
    places: &[Place<'a>],
    edits: &[(Range<usize>, String)],
    shifts: &Shifts,
    rendered: &'a str,
) -> Option<Vec<Place<'a>>> {
    // The tokens holding edits, each edit checked as `SyntaxTree::edited` checks it.
    let mut edited: Vec<usize> = Vec::with_capacity(edits.len());
    for (range, new) in edits {
        let t = tree.token_at(range.start)?;
        if range.end > tree.token_span(t).end || !tree.token_kind(t).can_hold(new) {
            return None;
        }
        if edited.last() != Some(&t) {
            edited.push(t);
        }
    }
    let is_edited = |holder: &Range<usize>| {
        !holder.is_empty()
            && tree
                .token_at(holder.start)
                .is_some_and(|t| edited.binary_search(&t).is_ok())
    };
    // URL places come first, in text order: those in edited tokens are found again
    // in the new text of every edited string and expression, which an edit may have
    // given a URL or taken one from.
    let mut urls = Vec::new();
    let mut structural = Vec::new();
    for p in places {
        if p.kind == PlaceKind::UrlModel {
            if !is_edited(&p.holder) {
                urls.push(moved(p, shifts, rendered)?);
            }
        } else if !is_edited(&p.holder) {
            structural.push(moved(p, shifts, rendered)?);
        } else {
            structural.push(edited_value(tree, p, edits, shifts, rendered)?);
        }
    }
    for &t in &edited {
        if matches!(
            tree.token_kind(t),
            TokenKind::String | TokenKind::Expression
        ) {
            let span = shifts.span(&tree.token_span(t))?;
            url_places(rendered.get(span.clone())?, span, &mut urls);
        }
    }
    urls.sort_by_key(|p| p.range.start);
    urls.append(&mut structural);
    Some(urls)
}

/// A modern value place whose token was edited. The token's edits must all be
/// inside the place (they come from it, or from URLs inside it); an expression's
/// place is its trimmed text, so the new text must trim to the same bounds.
fn edited_value<'a>(
    tree: &SyntaxTree,
    p: &Place<'a>,
    edits: &[(Range<usize>, String)],
    shifts: &Shifts,
    rendered: &'a str,
) -> Option<Place<'a>> {
    let inside = edits_in(edits, &p.holder);
    let all_inside = edits[inside.clone()]
        .iter()
        .all(|(e, _)| e.start >= p.range.start && e.end <= p.range.end);
    if !all_inside {
        return None;
    }
    let holder = shifts.span(&p.holder)?;
    let start = shifts.at(p.range.start)?;
    let end =
        start.checked_add_signed(isize::try_from(p.range.len()).ok()? + shifts.change(&inside)?)?;
    let t = tree.token_at(p.holder.start)?;
    if tree.token_kind(t) == TokenKind::Expression {
        let raw = rendered.get(holder.clone())?;
        let lead = raw.len() - raw.trim_start().len();
        let trail = raw.len() - raw.trim_end().len();
        let trimmed = if lead == raw.len() {
            holder.start..holder.start
        } else {
            holder.start + lead..holder.end - trail
        };
        if trimmed != (start..end) {
            return None;
        }
    }
    Some(Place {
        text: rendered.get(start..end)?,
        range: start..end,
        holder,
        escaped: None,
        ..*p
    })
}

/// A word an edit of a YAML scalar may replace or write: it can change neither the
/// scalar's extent nor its decoding, in any style.
fn is_word(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether a whole-value place is exactly the scalar's content: the whole plain
/// scalar, or everything between its quotes. Then the scalar's decoded value is its
/// bytes, before the edits and after.
fn whole_content(text: &str, p: &Place<'_>) -> bool {
    if p.escaped.is_some() {
        return false;
    }
    if p.range == p.holder {
        return true;
    }
    let Some(raw) = text.get(p.holder.clone()) else {
        return false;
    };
    let quoted = |q: char| {
        raw.len() >= 2
            && raw.starts_with(q)
            && raw.ends_with(q)
            && !p.text.contains(q)
            && !(q == '"' && p.text.contains('\\'))
    };
    p.range.start == p.holder.start + 1
        && p.range.end + 1 == p.holder.end
        && (quoted('"') || quoted('\''))
}

fn yaml<'a>(
    text: &str,
    places: &[Place<'a>],
    edits: &[(Range<usize>, String)],
    shifts: &Shifts,
    rendered: &'a str,
) -> Option<Vec<Place<'a>>> {
    // A scalar's places (its URL places, then its value's place) are listed together,
    // scalars in text order.
    let mut out = Vec::with_capacity(places.len());
    // Edits are counted as their scalars claim them, in order: all must be claimed.
    let mut checked = 0;
    let mut claimed = 0;
    let mut i = 0;
    while i < places.len() {
        let holder = &places[i].holder;
        let n = places[i..]
            .iter()
            .take_while(|p| p.holder == *holder)
            .count();
        let group = &places[i..i + n];
        i += n;
        let inside = edits_in(edits, holder);
        if inside.start < checked {
            return None;
        }
        if inside.is_empty() {
            for p in group {
                out.push(moved(p, shifts, rendered)?);
            }
            continue;
        }
        checked = inside.end;
        claimed += inside.len();
        for (range, new) in &edits[inside.clone()] {
            if range.end > holder.end
                || !is_word(new)
                || !text.get(range.clone()).is_some_and(is_word)
            {
                return None;
            }
        }
        let span = shifts.span(holder)?;
        url_places(rendered.get(span.clone())?, span.clone(), &mut out);
        for p in group.iter().filter(|p| p.kind != PlaceKind::UrlModel) {
            let all_inside = edits[inside.clone()]
                .iter()
                .all(|(e, _)| e.start >= p.range.start && e.end <= p.range.end);
            if !all_inside || !whole_content(text, p) {
                return None;
            }
            let range = if p.range == p.holder {
                span.clone()
            } else {
                span.start + 1..span.end - 1
            };
            out.push(Place {
                text: rendered.get(range.clone())?,
                range,
                holder: span.clone(),
                escaped: None,
                ..*p
            });
        }
    }
    (claimed == edits.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use proptest::prelude::*;

    use super::super::places::places;
    use super::super::rewrite::{Located, NameMaps, apply_edits, place_edits};
    use super::super::{RenderedPlaces, render_with};
    use super::*;
    use crate::config::Environment;
    use crate::fileset::FileSet;
    use crate::lookml::parse_file;

    /// Names an environment may give, plain and awkward: quotes, spaces, `;`,
    /// slashes that make URLs, empty.
    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => Just("dev_alice".to_string()),
            1 => Just("d-1".to_string()),
            1 => Just(" dev".to_string()),
            1 => Just("dev ".to_string()),
            1 => Just("a\"b".to_string()),
            1 => Just("a\\b".to_string()),
            1 => Just("a;b".to_string()),
            1 => Just("x/explore/shop/".to_string()),
            1 => Just("/dashboards/sales::".to_string()),
            1 => Just(String::new()),
            1 => Just("a b".to_string()),
            1 => Just("prod".to_string()),
        ]
    }

    fn suffix() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => Just("_alice".to_string()),
            1 => Just("-a".to_string()),
            1 => Just("_a\"b".to_string()),
            1 => Just(" a".to_string()),
            1 => Just("/explore/x/".to_string()),
            1 => Just(String::new()),
        ]
    }

    fn environments() -> impl Strategy<Value = Vec<Environment>> {
        (suffix(), name(), name(), name(), name(), any::<bool>()).prop_map(
            |(model_suffix, conn, events, schema, constant, prefixed)| {
                let dev = Environment {
                    name: "dev".into(),
                    template: None,
                    remote: "d".into(),
                    branch: "dev".into(),
                    protected: false,
                    model_prefix: if prefixed { "x_".into() } else { String::new() },
                    model_suffix,
                    connections: [
                        ("warehouse".to_string(), conn),
                        ("events".to_string(), events),
                    ]
                    .into(),
                    constants: [("SCH".to_string(), constant)].into(),
                    schemas: [("analytics".to_string(), schema)].into(),
                    looker: None,
                };
                let prod = Environment {
                    name: "production".into(),
                    template: None,
                    remote: "p".into(),
                    branch: "main".into(),
                    protected: true,
                    model_prefix: String::new(),
                    model_suffix: String::new(),
                    connections: [("warehouse".to_string(), "prod_wh".to_string())].into(),
                    constants: [("SCH".to_string(), "prod".to_string())].into(),
                    schemas: [("analytics".to_string(), "prod".to_string())].into(),
                    looker: None,
                };
                vec![prod, dev]
            },
        )
    }

    fn model() -> impl Strategy<Value = &'static str> {
        prop_oneof![Just("shop"), Just("sales"), Just("legacy"), Just("other")]
    }

    fn schema() -> impl Strategy<Value = &'static str> {
        prop_oneof![Just("analytics"), Just("prod"), Just("public")]
    }

    /// One entry of a view, with URLs, schemas and spacing of every kind.
    fn view_item() -> impl Strategy<Value = String> {
        (
            0..12usize,
            model(),
            schema(),
            prop_oneof![Just(" "), Just("\n  "), Just("\t")],
        )
            .prop_map(|(k, m, s, sp)| match k {
                0 => format!("  sql_table_name:{sp}{s}.t ;;\n"),
                1 => format!("  sql_table_name: `{s}.t` -- {s}.x\n ;;\n"),
                2 => {
                    format!("  derived_table: {{ sql:{sp}SELECT * FROM {s}.a JOIN '{s}.b' ;; }}\n")
                }
                3 => format!("  dimension: d {{ link: {{ url: \"/explore/{m}/x?f=1\" }} }}\n"),
                4 => format!(
                    "  dimension: h {{ html: <a href=\"/dashboards-next/{m}::d\">{s}.c</a> ;; }}\n"
                ),
                5 => format!("  label: \"/explore/{m}/ and /dashboards/{m}::x\"\n"),
                6 => format!("  sql_table_name:{sp};;\n"),
                7 => format!("  derived_table: {{ sql_create: {s}.x ;; sql: {sp}{s}.y{sp};; }}\n"),
                8 => format!("  sql_table_name\n  : {s}.lit\n"),
                9 => format!("  description: \"/explore/{m}\\\"/x\"\n"),
                10 => format!("  sql_table_name: @{{SCH}}.t /* {s}.z */ ;;\n"),
                _ => format!("  # /explore/{m}/ in a comment\n  html: /explore/{m}/{m}/x ;;\n"),
            })
    }

    /// One element of a dashboard, in every scalar style.
    fn dashboard_item() -> impl Strategy<Value = String> {
        (0..16usize, model()).prop_map(|(k, m)| match k {
            0 => format!("  - name: a\n    model: {m}\n"),
            1 => format!("  - name: b\n    model: '{m}'\n"),
            2 => format!("  - name: c\n    model: \"{m}\"\n"),
            3 => "  - name: d\n    model: \"sh\\x6fp\"\n".to_string(),
            4 => format!("  - name: e\n    body_text: '<a href=\"/explore/{m}/v\">x</a>'\n"),
            5 => format!(
                "  - name: f\n    body_text: |\n      /dashboards/{m}::d and /explore/{m}/x\n"
            ),
            6 => format!("  - name: g\n    body_text: \"\\t/explore/{m}/x\"\n"),
            7 => format!("  - name: h\n    model:\n      {m}\n"),
            8 => format!("  - name: i\n    title: /explore/{m}/x plain\n    model: {m}_x\n"),
            9 => format!("  - name: k\n    model: \"/explore/{m}/x\\t\"\n"),
            10 => format!("  - name: l\n    model: |\n      /explore/{m}/x\n"),
            11 => format!("  - name: m\n    model: /explore/{m}/a\n      b\n"),
            // What Looker's exports write: anchors, aliases and tags.
            12 => format!("  - name: n\n    model: &mm {m}\n  - name: o\n    model: *mm\n"),
            13 => format!(
                "  - name: p\n    q: &qq !ruby/hash:X\n      model: !!str {m}\n      vis: {{maxValue: !!null ''}}\n  - name: r\n    q: *qq\n"
            ),
            14 => format!("  - name: s\n    title: &tt {m}\n    model: *tt\n    ? ''\n    : /explore/{m}/x\n"),
            _ => format!("  - name: j\n    model: '/explore/{m}/x'\n"),
        })
    }

    fn project() -> impl Strategy<Value = FileSet> {
        (
            prop::collection::vec(view_item(), 0..8),
            prop::collection::vec(dashboard_item(), 0..6),
            prop_oneof![
                Just("\"warehouse\""),
                Just("warehouse"),
                Just("\"@{CONN}\""),
                Just("\"ware\\\"house\"")
            ],
            prop_oneof![Just("\"prod\""), Just("analytics"), Just("\"x y\"")],
            schema(),
        )
            .prop_map(|(view, dashboard, conn, sch, s)| {
                let mut set = FileSet::default();
                set.insert(
                    "manifest.lkml",
                    format!(
                        "constant: CONN {{ value: \"events\" }}\nconstant: SCH {{ value: {sch} }}\n"
                    ),
                );
                set.insert(
                    "models/shop.model.lkml",
                    format!("connection: {conn}\nexplore: e {{ link: {{ url: \"/explore/shop/e\" }} }}\n"),
                );
                set.insert("models/sales.model.lkml", "connection: \"events\"\n");
                set.insert(
                    "models/legacy.model.lookml",
                    format!("- connection: warehouse\n- explore: e\n  sql_table_name: {s}.t\n"),
                );
                set.insert(
                    "views/legacy.view.lookml",
                    format!("- view: l\n  derived_table:\n    sql: SELECT 1 FROM {s}.t\n  sql_table_name: \"{s}.u\"\n"),
                );
                set.insert("views/v.view.lkml", format!("view: v {{\n{}}}\n", view.concat()));
                set.insert(
                    "dashboards/d.dashboard.lookml",
                    format!("- dashboard: d\n  elements:\n{}", dashboard.concat()),
                );
                set
            })
    }

    fn maps(env: &Environment) -> NameMaps {
        let models: BTreeMap<String, String> = ["shop", "sales", "legacy"]
            .iter()
            .map(|m| {
                (
                    m.to_string(),
                    format!("{}{m}{}", env.model_prefix, env.model_suffix),
                )
            })
            .collect();
        NameMaps {
            models,
            connections: env.connections.clone(),
            schemas: env.schemas.clone(),
            constants: BTreeMap::new(),
            connection_constants: ["CONN".to_string()].into(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Wherever the derivation gives places, they are the places of the parsed
        /// rendered text, in the same order.
        #[test]
        fn derived_places_are_parsed_places(x in project(), all in environments()) {
            let maps = maps(&all[1]);
            for (path, entry) in &x.files {
                let Ok(file) = parse_file(path, &entry.bytes) else { continue };
                let canonical = places(path, &file);
                let here = Located { path, text: Some(file.text()) };
                let Ok(edits) = place_edits(here, &canonical, &maps, &|_, _| Vec::new()) else {
                    continue;
                };
                let rendered = apply_edits(file.text(), &edits);
                let Some(derived) = after_edits(&file, &canonical, &edits, &rendered) else {
                    continue;
                };
                let reparsed = parse_file(path, rendered.as_bytes())
                    .map_err(|d| TestCaseError::fail(format!("{}: {d:?}\n{rendered}", path.display())))?;
                prop_assert_eq!(derived, places(path, &reparsed), "{}:\n{}", path.display(), rendered);
            }
        }

        /// A render gives the same files, edits, renames and refusals either way.
        #[test]
        fn derived_render_is_parsed_render(x in project(), all in environments()) {
            let dev = &all[1];
            let fast = render_with(&x, dev, &all, RenderedPlaces::Derived);
            let slow = render_with(&x, dev, &all, RenderedPlaces::Parsed);
            match (fast, slow) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(a.files, b.files);
                    prop_assert_eq!(a.edits, b.edits);
                    prop_assert_eq!(a.renamed, b.renamed);
                }
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                (a, b) => prop_assert!(false, "derived {:?}\nparsed {:?}", a.map(|r| r.edits), b.map(|r| r.edits)),
            }
        }
    }

    /// The derivation is the common path: a plain render of every kind of file
    /// derives its places.
    #[test]
    fn plain_renders_derive() {
        let env = Environment {
            name: "dev".into(),
            template: None,
            remote: "d".into(),
            branch: "dev".into(),
            protected: false,
            model_prefix: String::new(),
            model_suffix: "_alice".into(),
            connections: [("warehouse".to_string(), "wh_alice".to_string())].into(),
            constants: BTreeMap::new(),
            schemas: [("analytics".to_string(), "dev_alice".to_string())].into(),
            looker: None,
        };
        let maps = maps(&env);
        for (path, text) in [
            (
                "models/shop.model.lkml",
                "connection: \"warehouse\"\nexplore: e { link: { url: \"/explore/shop/e\" } }\n",
            ),
            (
                "views/v.view.lkml",
                "view: v {\n  sql_table_name: analytics.t ;;\n  derived_table: { sql: SELECT 1 FROM analytics.a ;; }\n  html: <a href=\"/dashboards/sales::d\">x</a> ;;\n}\n",
            ),
            (
                "dashboards/d.dashboard.lookml",
                "- dashboard: d\n  elements:\n  - model: shop\n    body_text: '<a href=\"/explore/sales/x\">x</a>'\n  - model: \"sales\"\n",
            ),
            (
                "models/legacy.model.lookml",
                "- connection: warehouse\n- explore: e\n  sql_table_name: analytics.t\n",
            ),
        ] {
            let path = Path::new(path);
            let file = parse_file(path, text.as_bytes()).unwrap_or_else(|d| panic!("{d:?}"));
            let canonical = places(path, &file);
            let here = Located {
                path,
                text: Some(file.text()),
            };
            let edits = place_edits(here, &canonical, &maps, &|_, _| Vec::new())
                .unwrap_or_else(|d| panic!("{d:?}"));
            assert!(!edits.is_empty(), "{}", path.display());
            let rendered = apply_edits(file.text(), &edits);
            let derived = after_edits(&file, &canonical, &edits, &rendered);
            let reparsed =
                parse_file(path, rendered.as_bytes()).unwrap_or_else(|d| panic!("{d:?}"));
            assert_eq!(derived, Some(places(path, &reparsed)), "{}", path.display());
        }
    }
}
