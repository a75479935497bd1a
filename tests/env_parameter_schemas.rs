//! Tables chosen through a LookML parameter: the values of a parameter that a
//! view's `sql_table_name` or derived-table SQL pastes in (`{% parameter NAME %}`,
//! `{{ NAME._parameter_value }}`) are SQL too, so the schema map rewrites them, the
//! leak guard reads them, and unrender gives them back; what a render cannot see
//! (a parameter defined elsewhere, a value that is not a table name) is a warning of
//! `storyboard check`. Through the library and through the binary.

mod support;

use std::fmt::Write;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use storyboard::check;
use storyboard::config::{Config, Environment};
use storyboard::diagnostic::Position;
use storyboard::env::{self, Rendered};
use storyboard::fileset::FileSet;
use support::{project_root, run};

const FIXTURE: &str = "tests/corpus/parameters";

fn fixture_team() -> String {
    std::fs::read_to_string(project_root().join(FIXTURE).join("project/storyboard.toml"))
        .expect("the fixture's storyboard.toml")
}

fn fixture() -> FileSet {
    let mut set =
        FileSet::read_dir(&project_root().join(FIXTURE).join("project")).expect("fixture project");
    set.files.remove(Path::new("storyboard.toml"));
    set
}

fn named<'a>(all: &'a [Environment], name: &str) -> &'a Environment {
    all.iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no environment {name}"))
}

fn tree(files: &[(&str, &str)]) -> FileSet {
    let mut set = FileSet::default();
    for (p, t) in files {
        set.insert(*p, *t);
    }
    set
}

fn text(set: &FileSet, path: &str) -> String {
    String::from_utf8_lossy(set.get(Path::new(path)).expect("file exists")).into_owned()
}

/// Every edit as `file:line:col old -> new`.
fn describe(original: &FileSet, r: &Rendered) -> Vec<String> {
    r.edits
        .iter()
        .map(|e| {
            let text = String::from_utf8_lossy(original.get(&e.file).expect("edited file"));
            let p = Position::of_offset(&text, e.range.start);
            format!(
                "{}:{}:{} {} -> {}",
                e.file.display(),
                p.line,
                p.column,
                e.old,
                e.new
            )
        })
        .collect()
}

fn round_trips(canonical: &FileSet, r: &Rendered, e: &Environment) {
    let back = env::unrender(&r.files, e, Some(canonical)).expect("unrenders");
    assert_eq!(&back.files, canonical, "unrender(render(x)) == x");
    let without = env::unrender(&r.files, e, None).expect("unrenders without the reference");
    assert_eq!(&without.files, canonical, "without the reference too");
}

const MODEL: (&str, &str) = ("models/shop.model.lkml", "connection: \"warehouse\"\n");

/// The example of real projects: a table chosen through an unquoted parameter.
const EVENTS: &str = r#"view: events {
  parameter: source {
    type: unquoted
    allowed_value: { label: "Live" value: "analytics.events" }
    allowed_value: { label: "Archive" value: "analytics.events_archive" }
  }
  sql_table_name: {% parameter source %} ;;
}
"#;

#[test]
fn the_values_of_a_pasted_parameter_are_rewritten_and_nothing_else() {
    let all = support::environments(&fixture_team());
    let acceptance = named(&all, "acceptance");
    let canonical = tree(&[MODEL, ("views/events.view.lkml", EVENTS)]);
    let r = env::render(&canonical, acceptance, &all).expect("renders");
    assert_eq!(
        text(&r.files, "views/events.view.lkml"),
        EVENTS.replace("\"analytics.", "\"analytics_acceptance."),
    );
    assert_eq!(
        describe(&canonical, &r),
        [
            "models/shop.model.lkml:1:14 warehouse -> warehouse_acceptance",
            "views/events.view.lkml:4:44 analytics -> analytics_acceptance",
            "views/events.view.lkml:5:47 analytics -> analytics_acceptance",
        ]
    );
    round_trips(&canonical, &r, acceptance);
}

#[test]
fn the_fixture_renders_byte_for_byte_as_its_golden_files() {
    let all = support::environments(&fixture_team());
    let canonical = fixture();
    for name in ["acceptance", "dev-alice", "production"] {
        let e = named(&all, name);
        let r = env::render(&canonical, e, &all).unwrap_or_else(|err| panic!("{name}: {err}"));
        round_trips(&canonical, &r, e);
        // Only schema qualifiers change in the views: the map's own names.
        for edit in r.edits.iter().filter(|e| e.file.starts_with("views")) {
            assert_eq!(edit.old, "analytics", "{edit:?}");
            assert_eq!(&edit.new, &e.schemas["analytics"], "{edit:?}");
        }
    }
    let r = env::render(&canonical, named(&all, "acceptance"), &all).expect("renders");
    let golden = project_root().join(FIXTURE).join("acceptance/views");
    let mut seen = 0;
    for entry in std::fs::read_dir(&golden).expect("golden views") {
        let entry = entry.expect("entry");
        let rel = PathBuf::from("views").join(entry.file_name());
        let want = std::fs::read(entry.path()).expect("golden");
        assert_eq!(
            String::from_utf8_lossy(r.files.get(&rel).expect("rendered view")),
            String::from_utf8_lossy(&want),
            "{}",
            rel.display()
        );
        seen += 1;
    }
    assert_eq!(seen, 4);
    // The `{% if %}` form compares its values: they are not table names, and stay.
    let orders = text(&r.files, "views/orders.view.lkml");
    assert!(orders.contains("value: \"history\""), "{orders}");
    assert!(
        orders.contains("analytics_acceptance.orders_history"),
        "{orders}"
    );
}

#[test]
fn the_parameter_value_forms_are_pasted_uses() {
    let all = support::environments(&fixture_team());
    let acceptance = named(&all, "acceptance");
    for sql in [
        "{{ source._parameter_value }}",
        "{{- events.source._parameter_value -}}",
        "{{ source._parameter_value | replace: \"'\", \"\" }}",
        "{%- parameter events.source -%}",
        "{% assign t = source._parameter_value %}{{ t }}",
    ] {
        let view = EVENTS.replace("{% parameter source %}", sql);
        let canonical = tree(&[MODEL, ("views/events.view.lkml", &view)]);
        let r = env::render(&canonical, acceptance, &all).unwrap_or_else(|e| panic!("{sql}: {e}"));
        assert_eq!(
            text(&r.files, "views/events.view.lkml"),
            view.replace("\"analytics.", "\"analytics_acceptance."),
            "{sql}"
        );
        round_trips(&canonical, &r, acceptance);
    }
}

#[test]
fn a_parameter_only_compared_in_if_tags_keeps_its_values() {
    let all = support::environments(&fixture_team());
    let acceptance = named(&all, "acceptance");
    // The values are compared, not pasted: the tables are in the SQL, which the
    // render rewrites; rewriting the values would break the comparisons.
    let view = r#"view: events {
  parameter: source {
    type: unquoted
    allowed_value: { value: "analytics.events" }
    allowed_value: { value: "analytics.events_archive" }
  }
  sql_table_name: {% if source._parameter_value == 'analytics.events' %}analytics.events{% else %}analytics.events_archive{% endif %} ;;
}
"#;
    let canonical = tree(&[MODEL, ("views/events.view.lkml", view)]);
    let r = env::render(&canonical, acceptance, &all).expect("renders");
    assert_eq!(
        text(&r.files, "views/events.view.lkml"),
        view.replace("%}analytics.", "%}analytics_acceptance.")
    );
    round_trips(&canonical, &r, acceptance);
    let report = check_report(&canonical);
    assert!(!report.problems.contains("warning"), "{}", report.problems);
}

#[test]
fn a_derived_table_pasting_a_parameter() {
    let all = support::environments(&fixture_team());
    let dev = named(&all, "dev-alice");
    let view = r#"view: daily {
  derived_table: {
    sql: SELECT * FROM {% parameter source %} JOIN analytics.calendar USING (day) ;;
  }
  parameter: source {
    type: unquoted
    default_value: "analytics.events"
    allowed_value: { value: "analytics.events" }
    allowed_value: { value: "`project.analytics.events`" }
    allowed_value: { value: analytics.events_literal }
    allowed_value: { value: "public.events" }
  }
}
"#;
    let canonical = tree(&[MODEL, ("views/daily.view.lkml", view)]);
    let r = env::render(&canonical, dev, &all).expect("renders");
    assert_eq!(
        text(&r.files, "views/daily.view.lkml"),
        view.replace("analytics.", "dev_alice.")
    );
    round_trips(&canonical, &r, dev);
}

/// Developers map nothing; acceptance maps `analytics`, so production's
/// `analytics` is a name a developer's render must not read.
const UNMAPPED_TEAM: &str = r#"
[environment.production]
remote = "p"
branch = "main"
protected = true

[environment.acceptance]
remote = "a"
branch = "main"
model_suffix = "_acceptance"
connections = { warehouse = "warehouse_acceptance" }
schemas = { analytics = "analytics_acceptance" }

[environment."dev-{user}"]
remote = "d"
branch = "dev"
model_suffix = "_{user}"
connections = { warehouse = "warehouse_{user}" }
"#;

#[test]
fn a_value_left_in_a_protected_schema_is_refused_with_its_place() {
    let all = support::environments(UNMAPPED_TEAM);
    let canonical = tree(&[MODEL, ("views/events.view.lkml", EVENTS)]);
    let err = env::render(&canonical, named(&all, "dev-alice"), &all).expect_err("refused");
    let msg = err.to_string();
    assert!(
        msg.contains("views/events.view.lkml:4:44: the render for `dev-alice` reads schema `analytics` in `allowed_value`, which belongs to protected environment `production`"),
        "{msg}"
    );
    assert!(msg.contains("views/events.view.lkml:5:47:"), "{msg}");
    assert!(msg.contains("[environment.\"dev-{user}\"]"), "{msg}");

    // Production's own schema name, written in a value, is refused where the
    // environment maps the canonical one.
    let team = r#"
[environment.production]
remote = "p"
branch = "main"
protected = true
schemas = { analytics = "analytics_prod" }

[environment."dev-{user}"]
remote = "d"
branch = "dev"
schemas = { analytics = "dev_{user}" }
"#;
    let all = support::environments(team);
    let view = EVENTS.replace(
        "\"analytics.events_archive\"",
        "\"analytics_prod.events_archive\"",
    );
    let canonical = tree(&[MODEL, ("views/events.view.lkml", &view)]);
    let msg = env::render(&canonical, named(&all, "dev-alice"), &all)
        .expect_err("refused")
        .to_string();
    assert!(
        msg.contains("views/events.view.lkml:5:47: the render for `dev-alice` reads schema `analytics_prod` in `allowed_value`"),
        "{msg}"
    );
    // A default value too.
    let view = EVENTS.replace(
        "    type: unquoted\n",
        "    type: unquoted\n    default_value: \"analytics_prod.events\"\n",
    );
    let canonical = tree(&[MODEL, ("views/events.view.lkml", &view)]);
    let msg = env::render(&canonical, named(&all, "dev-alice"), &all)
        .expect_err("refused")
        .to_string();
    assert!(
        msg.contains("views/events.view.lkml:4:21: the render for `dev-alice` reads schema `analytics_prod` in `default_value`"),
        "{msg}"
    );
}

fn check_report(files: &FileSet) -> check::CheckReport {
    let config = Config::from_texts(
        (Path::new("storyboard.toml"), &fixture_team()),
        Some((Path::new("alice.toml"), "user = \"alice\"\n")),
    )
    .expect("valid");
    check::check(&config, Path::new("/project"), files)
}

/// The warnings of `check` on `files`, one line each (`file:line:col: message`).
fn warnings(files: &FileSet) -> Vec<String> {
    check_report(files)
        .problems
        .lines()
        .filter_map(|l| l.strip_prefix("warning: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_fixture_has_nothing_to_warn_about() {
    let report = check_report(&fixture());
    assert!(report.ok, "{}", report.out);
    assert_eq!(report.problems, "");
}

#[test]
fn check_warns_where_a_render_cannot_see_a_parameter() {
    let files = tree(&[
        MODEL,
        // Refined elsewhere: the refinement pastes a parameter it does not define.
        (
            "views/events.view.lkml",
            "view: events {\n  parameter: source {\n    type: unquoted\n    allowed_value: { value: \"analytics.events\" }\n  }\n  dimension: id {}\n}\n",
        ),
        (
            "views/events_refined.view.lkml",
            "view: +events {\n  sql_table_name: {% parameter source %} ;;\n}\n",
        ),
        // Another view's parameter.
        (
            "views/other.view.lkml",
            "view: other {\n  sql_table_name: {{ events.source._parameter_value }} ;;\n}\n",
        ),
        // An explore's sql_table_name.
        (
            "models/more.model.lkml",
            "connection: \"warehouse\"\nexplore: e {\n  sql_table_name: {% parameter events.source %} ;;\n}\n",
        ),
    ]);
    let w = warnings(&files);
    let has =
        |prefix: &str, words: &str| w.iter().any(|l| l.starts_with(prefix) && l.contains(words));
    assert!(
        has(
            "views/events_refined.view.lkml:2:32: ",
            "pastes in a parameter `source` that view `+events` does not define in this block"
        ),
        "{w:#?}"
    );
    assert!(
        has(
            "views/events.view.lkml:2:14: ",
            "the values of parameter `source` of view `events` are pasted into SQL at models/more.model.lkml:3:32, outside this block"
        ),
        "{w:#?}"
    );
    assert!(
        has(
            "views/other.view.lkml:2:22: ",
            "view `events`'s parameter `source`"
        ),
        "{w:#?}"
    );
    assert!(
        has(
            "models/more.model.lkml:3:32: ",
            "outside a view's own `sql_table_name` or derived table"
        ),
        "{w:#?}"
    );
    assert_eq!(w.len(), 4, "{w:#?}");
    // Warnings, not refusals.
    assert!(check_report(&files).ok);
}

#[test]
fn check_warns_about_values_that_are_not_table_names_it_understands() {
    let view = r#"view: events {
  parameter: source {
    type: unquoted
    allowed_value: { value: "analytics.events" }
    allowed_value: { value: "(SELECT * FROM analytics.events)" }
    allowed_value: { value: "\"analytics\".\"events\"" }
    default_value: "analytics.events WHERE 1 = 1"
  }
  parameter: schema {
    type: unquoted
    allowed_value: { value: "analytics" }
  }
  parameter: free { type: unquoted }
  sql_table_name: {% parameter source %} ;;
  derived_table: {
    sql: SELECT * FROM {% parameter schema %}.events JOIN {% parameter free %} WHERE {% parameter free %} > 0 ;;
  }
}
"#;
    let w = warnings(&tree(&[MODEL, ("views/events.view.lkml", view)]));
    let expected = [
        "views/events.view.lkml:5:30: `(SELECT * FROM analytics.events)`, a value of parameter `source` pasted into `sql_table_name`, is not a table name storyboard understands",
        "views/events.view.lkml:6:30: `\\\"analytics\\\".\\\"events\\\"`, a value of parameter `source`",
        "views/events.view.lkml:7:21: `analytics.events WHERE 1 = 1`, a value of parameter `source`",
        "views/events.view.lkml:16:37: `{% parameter schema %}` pastes parameter `schema` in before a `.`, as a qualifier",
        "views/events.view.lkml:16:72: parameter `free` has no `allowed_value`, so any table a user types is pasted into `sql` here",
    ];
    for e in expected {
        assert!(w.iter().any(|l| l.starts_with(e)), "{e}\n{w:#?}");
    }
    assert_eq!(w.len(), expected.len(), "{w:#?}");
}

#[test]
fn check_warns_when_a_rewritten_value_is_also_compared() {
    let view = r#"view: events {
  parameter: source {
    type: unquoted
    allowed_value: { value: "analytics.events" }
    allowed_value: { value: "analytics.events_archive" }
  }
  sql_table_name: {% parameter source %} ;;
  dimension: archived {
    type: yesno
    sql: {% if source._parameter_value == 'analytics.events_archive' %}TRUE{% else %}FALSE{% endif %} ;;
  }
}
"#;
    let w = warnings(&tree(&[MODEL, ("views/events.view.lkml", view)]));
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].starts_with("views/events.view.lkml:10:16: parameter `source` is compared with `analytics.events_archive` here"),
        "{w:#?}"
    );
}

#[test]
fn legacy_lookml_pasting_a_parameter_is_a_warning() {
    let files = tree(&[
        ("shop.model.lookml", "- connection: warehouse\n"),
        (
            "events.view.lookml",
            "- view: events\n  sql_table_name: '{% parameter source %}'\n",
        ),
    ]);
    let w = warnings(&files);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].starts_with("events.view.lookml:2:33: `{% parameter source %}` pastes parameter `source` into `sql_table_name` in legacy LookML"),
        "{w:#?}"
    );
}

// ---------------------------------------------------------------------------
// Through the binary.

type Repo = support::ProjectRepo;

fn fixture_repo() -> Repo {
    support::ProjectRepo::new(std::path::Path::new(&format!("{FIXTURE}/project")))
}

#[test]
fn storyboard_render_and_unrender_rewrite_parameter_values() {
    let r = fixture_repo();
    let out = r.home.join("acceptance");
    let res = run(r
        .sb()
        .args(["render", "--env", "acceptance", "--rev", "HEAD", "--out"])
        .arg(&out));
    assert_eq!(res.code, 0, "{}", res.stderr);
    let golden = project_root().join(FIXTURE).join("acceptance/views");
    for name in [
        "events.view.lkml",
        "sessions.view.lkml",
        "orders.view.lkml",
        "daily_events.view.lkml",
    ] {
        assert_eq!(
            std::fs::read_to_string(out.join("views").join(name)).expect("rendered"),
            std::fs::read_to_string(golden.join(name)).expect("golden"),
            "{name}"
        );
    }
    let back = r.home.join("back");
    let res = run(r
        .sb()
        .args(["unrender", "--env", "acceptance", "--dir"])
        .arg(&out)
        .arg("--out")
        .arg(&back));
    assert_eq!(res.code, 0, "{}", res.stderr);
    for rel in [
        "views/events.view.lkml",
        "views/sessions.view.lkml",
        "views/orders.view.lkml",
        "views/daily_events.view.lkml",
        "models/shop.model.lkml",
    ] {
        assert_eq!(
            std::fs::read(back.join(rel)).expect("unrendered"),
            std::fs::read(r.repo.join(rel)).expect("original"),
            "{rel}"
        );
    }
}

#[test]
fn storyboard_render_refuses_a_value_left_in_production_and_check_warns() {
    let r = fixture_repo();
    // Developers lose their schema map: production's `analytics` would stay in
    // every parameter value a developer's Looker offers.
    let team = std::fs::read_to_string(r.repo.join("storyboard.toml")).expect("team");
    let unmapped = team.replace("schemas = { analytics = \"dev_{user}\" }\n", "");
    assert_ne!(team, unmapped);
    std::fs::write(r.repo.join("storyboard.toml"), unmapped).expect("write");
    let res = run(r
        .sb()
        .args(["render", "--env", "dev-alice", "--dir", ".", "--out"])
        .arg(r.home.join("dev")));
    assert_eq!(res.code, 1, "{}{}", res.stdout, res.stderr);
    assert!(
        res.stderr.contains("views/events.view.lkml:4:44: the render for `dev-alice` reads schema `analytics` in `allowed_value`, which belongs to protected environment `production`"),
        "{}",
        res.stderr
    );
    assert!(!r.home.join("dev").exists(), "nothing written when refused");

    let res = run(r.sb().arg("check"));
    assert_eq!(res.code, 1, "{}{}", res.stdout, res.stderr);
    assert!(res.stdout.contains("dev-alice: refused"), "{}", res.stdout);
    assert!(
        res.stderr
            .contains("views/daily_events.view.lkml:12:44: the render for `dev-alice` reads schema `analytics` in `allowed_value`"),
        "{}",
        res.stderr
    );

    // A refinement pasting a parameter it does not define: a warning with its place.
    std::fs::write(r.repo.join("storyboard.toml"), team).expect("write");
    std::fs::write(
        r.repo.join("views/events_refined.view.lkml"),
        "view: +events {\n  derived_table: {\n    sql: SELECT * FROM {% parameter window %} ;;\n  }\n}\n",
    )
    .expect("write");
    let res = run(r.sb().arg("check"));
    assert_eq!(res.code, 0, "{}{}", res.stdout, res.stderr);
    assert!(
        res.stderr.contains("warning: views/events_refined.view.lkml:3:37: `{% parameter window %}` in `sql` pastes in a parameter `window` that view `+events` does not define in this block"),
        "{}",
        res.stderr
    );
    // The only warning on the LookML (the others are on remotes this clone lacks).
    assert_eq!(
        res.stderr.matches("warning: views/").count(),
        1,
        "{}",
        res.stderr
    );
}

// ---------------------------------------------------------------------------
// Property: generated views choosing tables through parameters render as
// expected, and unrender(render(x)) == x.

const PROPS_TEAM: &str = r#"
[environment.production]
remote = "p"
branch = "main"
protected = true

[environment."dev-{user}"]
remote = "d"
branch = "dev"
model_suffix = "_{user}"
connections = { warehouse = "warehouse_{user}" }
schemas = { analytics = "dev_{user}", staging = "staging_{user}" }
"#;

/// A piece of a view: its canonical text and its text rendered for dev-alice.
#[derive(Debug, Clone, Default)]
struct Piece {
    canonical: String,
    rendered: String,
}

impl Piece {
    /// `template` with `{q}` a schema qualifier the render rewrites when `rewritten`,
    /// and `{k}` the schema kept as it is.
    fn of(template: &str, schema: &str, rewritten: bool) -> Piece {
        let mapped = match schema {
            "analytics" if rewritten => "dev_alice",
            "staging" if rewritten => "staging_alice",
            s => s,
        };
        Piece {
            canonical: template.replace("{q}", schema).replace("{k}", schema),
            rendered: template.replace("{q}", mapped).replace("{k}", schema),
        }
    }

    fn push(&mut self, other: &Piece) {
        self.canonical.push_str(&other.canonical);
        self.rendered.push_str(&other.rendered);
    }
}

fn schema() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("analytics"), Just("staging"), Just("public")]
}

fn space() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just(" "), Just("\n    "), Just("\t"), Just("  ")]
}

/// A value of a parameter: written as SQL pasted in, in every quoting.
fn value_template() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("\"{q}.t\""),
        Just("\"db.{q}.t\""),
        Just("\"`proj.{q}.t`\""),
        Just("{q}.lit"),
        Just("\"live\""),
        Just("\"'{k}.t'\""),
        Just("\"{q}.t -- {k}.c\""),
        Just("\"\""),
    ]
}

/// How the view's SQL uses its parameter `p`: pasted (the values are rewritten),
/// compared only, or not at all.
fn use_form() -> impl Strategy<Value = (&'static str, bool)> {
    prop_oneof![
        Just(("{% parameter p %}", true)),
        Just(("{%- parameter VIEW.p -%}", true)),
        Just(("{{ p._parameter_value }}", true)),
        Just(("{{VIEW.p._parameter_value}}", true)),
        Just(("{{ p._parameter_value | replace: \"'\", \"\" }}", true)),
        Just((
            "{% if p._parameter_value == 'live' %}{q}.a{% else %}{q}.b{% endif %}",
            false
        )),
        Just(("{q}.plain", false)),
        // Another view's parameter: not this one's.
        Just(("{% parameter other.p %}", false)),
    ]
}

fn view(i: usize) -> impl Strategy<Value = Piece> {
    (
        prop::collection::vec((value_template(), schema()), 0..4),
        prop::option::of((value_template(), schema())),
        use_form(),
        schema(),
        any::<bool>(),
        any::<bool>(),
        space(),
    )
        .prop_map(
            move |(values, default, (form, pasted), s, derived, parameter_first, sp)| {
                let name = format!("v{i}");
                let form = form.replace("VIEW", &name);
                let mut parameter = Piece::of("  parameter: p {\n    type: unquoted\n", s, false);
                if let Some((t, vs)) = default {
                    parameter.push(&Piece::of(
                        &format!("    default_value:{sp}{t}\n"),
                        vs,
                        pasted,
                    ));
                }
                for (t, vs) in &values {
                    parameter.push(&Piece::of(
                        &format!("    allowed_value: {{{sp}label: \"L\" value: {t} }}\n"),
                        vs,
                        pasted,
                    ));
                }
                parameter.push(&Piece::of("  }\n", s, false));
                let sql = if derived {
                    format!(
                        "  derived_table: {{\n    sql: SELECT * FROM {form}{sp}JOIN {{q}}.c USING (id) -- {{k}}.x\n ;;\n  }}\n"
                    )
                } else {
                    format!("  sql_table_name:{sp}{form} ;;\n")
                };
                let sql = Piece::of(&sql, s, true);
                let mut out = Piece::of(&format!("view: {name} {{\n"), s, false);
                if parameter_first {
                    out.push(&parameter);
                    out.push(&sql);
                } else {
                    out.push(&sql);
                    out.push(&parameter);
                }
                out.push(&Piece::of(
                    "  dimension: d {\n    sql: {k}.x || '{k}.y' ;;\n  }\n}\n",
                    s,
                    false,
                ));
                out
            },
        )
}

fn project() -> impl Strategy<Value = Vec<Piece>> {
    (1..5usize).prop_flat_map(|n| (0..n).map(view).collect::<Vec<_>>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn views_with_parameters_render_as_expected_and_back(views in project()) {
        let all = support::environments(PROPS_TEAM);
        let dev = named(&all, "dev-alice");
        let mut x = FileSet::default();
        x.insert("models/shop.model.lkml", "connection: \"warehouse\"\ninclude: \"/views/*.view\"\n");
        for (i, v) in views.iter().enumerate() {
            x.insert(format!("views/v{i}.view.lkml"), v.canonical.as_str());
            // A refinement in another file: its values are not pasted by its block.
            x.insert(
                format!("views/v{i}_refined.view.lkml"),
                format!("view: +v{i} {{\n  parameter: p {{\n    allowed_value: {{ value: \"public.r\" }}\n  }}\n}}\n"),
            );
        }
        let r = env::render(&x, dev, &all).map_err(|e| TestCaseError::fail(format!("{e}\n{views:#?}")))?;
        for (i, v) in views.iter().enumerate() {
            let path = format!("views/v{i}.view.lkml");
            let mut report = String::new();
            let _ = write!(report, "{}", v.canonical);
            prop_assert_eq!(text(&r.files, &path), v.rendered.clone(), "{}", report);
        }
        let back = env::unrender(&r.files, dev, Some(&x)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back.files, &x);
        let without = env::unrender(&r.files, dev, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&without.files, &x);
    }
}
