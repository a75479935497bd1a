//! Render and unrender on the demo projects and on hand-made trees: exactly the
//! tokens that name an environment change, the round trip is exact, every refusal
//! says where and why, and the leak guard holds on every path a leak could take.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use storyboard::config::{Config, Environment};
use storyboard::diagnostic::Position;
use storyboard::env::{self, Rendered};
use storyboard::fileset::FileSet;
use support::project_root;

fn demo_config() -> Config {
    let team = std::fs::read_to_string(project_root().join("assets/demo/project/storyboard.toml"))
        .expect("team file");
    Config::from_texts(
        (Path::new("storyboard.toml"), &team),
        Some((Path::new("alice.toml"), "user = \"alice\"\n")),
    )
    .expect("demo config is valid")
}

fn envs(team: &str) -> Vec<Environment> {
    support::environments(team)
}

fn demo(dir: &str) -> FileSet {
    FileSet::read_dir(&project_root().join(dir)).expect("demo project")
}

/// Every edit as `file:line:col old -> new`, then the renames: the golden form.
fn describe(original: &FileSet, r: &Rendered) -> String {
    let mut s = String::new();
    for e in &r.edits {
        let text = String::from_utf8_lossy(original.get(&e.file).expect("edited file exists"));
        let p = Position::of_offset(&text, e.range.start);
        let _ = writeln!(
            s,
            "{}:{}:{} {} -> {}",
            e.file.display(),
            p.line,
            p.column,
            e.old,
            e.new
        );
    }
    for (from, to) in &r.renamed {
        let _ = writeln!(s, "rename {} -> {}", from.display(), to.display());
    }
    s
}

/// Checks that the render differs from the original exactly at its edits (and file
/// renames), and that every changed line names something of the environment.
fn assert_only_edits_changed(original: &FileSet, r: &Rendered, env: &Environment) {
    let back: BTreeMap<&PathBuf, &PathBuf> = r.renamed.iter().map(|(a, b)| (b, a)).collect();
    assert_eq!(original.files.len(), r.files.files.len());
    for (path, entry) in &r.files.files {
        let source = back.get(path).copied().unwrap_or(path);
        let before = original
            .files
            .get(source)
            .expect("every rendered file has a source");
        assert_eq!(before.mode, entry.mode, "{}: mode kept", path.display());
        let mut rebuilt = Vec::new();
        let mut last = 0;
        for e in r.edits.iter().filter(|e| &e.file == source) {
            rebuilt.extend_from_slice(&before.bytes[last..e.range.start]);
            rebuilt.extend_from_slice(e.new.as_bytes());
            last = e.range.end;
        }
        rebuilt.extend_from_slice(&before.bytes[last..]);
        assert_eq!(
            rebuilt,
            entry.bytes,
            "{}: bytes outside the edits changed",
            path.display()
        );
        let before_text = String::from_utf8_lossy(&before.bytes);
        let after_text = String::from_utf8_lossy(&entry.bytes);
        for (a, b) in before_text.lines().zip(after_text.lines()) {
            if a != b {
                let names: Vec<&String> = env
                    .connections
                    .values()
                    .chain(env.schemas.values())
                    .chain(env.constants.values())
                    .collect();
                let marked = b.contains(env.model_suffix.as_str()) && !env.model_suffix.is_empty()
                    || names.iter().any(|n| b.contains(n.as_str()));
                assert!(
                    marked,
                    "{}: changed line carries no environment name: {b}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn demo_project_renders_for_every_environment() {
    let config = demo_config();
    let canonical = demo("assets/demo/project");
    for name in ["dev-alice", "acceptance", "production"] {
        let e = config.environment(name).expect("environment");
        let r = env::render(&canonical, e, &config.environments)
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_only_edits_changed(&canonical, &r, e);
        let back = env::unrender(&r.files, e, Some(&canonical)).expect("unrenders");
        assert_eq!(back.files, canonical, "{name}: unrender(render(x)) == x");
        insta::assert_snapshot!(format!("demo_{name}"), describe(&canonical, &r));
    }
}

#[test]
fn every_model_file_is_renamed_and_every_reference_follows() {
    let config = demo_config();
    let e = config.environment("dev-alice").expect("dev-alice");
    let r = env::render(&demo("assets/demo/project"), e, &config.environments).expect("renders");
    let names: Vec<String> = r
        .renamed
        .values()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "models/ecommerce_alice.model.lkml",
            "models/marketing_alice.model.lkml"
        ]
    );
    for (path, entry) in &r.files.files {
        let text = String::from_utf8_lossy(&entry.bytes);
        for (_, model) in env::url_models(&text) {
            assert!(
                model.ends_with("_alice"),
                "{}: URL to {model}",
                path.display()
            );
        }
        for line in text
            .lines()
            .filter(|l| l.trim_start().starts_with("model:"))
        {
            assert!(line.contains("_alice"), "{}: {line}", path.display());
        }
    }
}

/// Legacy projects predate manifests: their environments map connections and schemas.
const LEGACY_TEAM: &str = r#"
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
schemas = { analytics = "dev_{user}" }
"#;

#[test]
fn legacy_yaml_project_renders_and_back() {
    let all = envs(LEGACY_TEAM);
    let canonical = demo("assets/demo/legacy");
    for name in ["dev-alice", "acceptance"] {
        let e = all.iter().find(|e| e.name == name).expect("environment");
        let r = env::render(&canonical, e, &all).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_only_edits_changed(&canonical, &r, e);
        insta::assert_snapshot!(format!("legacy_{name}"), describe(&canonical, &r));
    }
}

const TEAM: &str = r#"
[environment.production]
remote = "p"
branch = "main"
protected = true

[environment."dev-{user}"]
remote = "d"
branch = "dev"
model_suffix = "_{user}"
connections = { warehouse = "warehouse_{user}" }
schemas = { analytics = "dev_{user}" }
"#;

fn tree(files: &[(&str, &str)]) -> FileSet {
    let mut set = FileSet::default();
    for (p, t) in files {
        set.insert(*p, *t);
    }
    set
}

fn refusal(result: Result<Rendered, env::RenderError>) -> String {
    match result {
        Ok(_) => panic!("expected a refusal"),
        Err(e) => e.to_string(),
    }
}

fn dev(envs: &[Environment]) -> &Environment {
    envs.iter()
        .find(|e| e.name == "dev-alice")
        .expect("dev-alice")
}

#[test]
fn render_refuses_canonical_text_that_already_holds_an_environment_name() {
    let envs = envs(TEAM);
    let t = tree(&[
        ("models/shop.model.lkml", "connection: \"warehouse\"\n"),
        (
            "views/a.view.lkml",
            "view: a {\n  dimension: x {\n    html: <a href=\"/explore/shop_alice/a\">x</a> ;;\n  }\n}\n",
        ),
    ]);
    let msg = refusal(env::render(&t, dev(&envs), &envs));
    assert!(msg.contains("views/a.view.lkml:3:"), "{msg}");
    assert!(msg.contains("cannot be undone exactly"), "{msg}");
    assert!(msg.contains("must not already contain"), "{msg}");
}

#[test]
fn unrender_refuses_a_canonical_connection_typed_in_the_environment() {
    let envs = envs(TEAM);
    let t = tree(&[(
        "models/shop_alice.model.lkml",
        "connection: \"warehouse\"\n",
    )]);
    let msg = refusal(env::unrender(&t, dev(&envs), None));
    assert!(
        msg.contains(
            "models/shop_alice.model.lkml:1:14: connection `warehouse` is a canonical name"
        ),
        "{msg}"
    );
    assert!(msg.contains("must be `warehouse_alice`"), "{msg}");
}

#[test]
fn unrender_refuses_a_model_file_without_the_suffix() {
    let envs = envs(TEAM);
    let t = tree(&[
        (
            "models/shop_alice.model.lkml",
            "connection: \"warehouse_alice\"\n",
        ),
        (
            "models/scratch.model.lkml",
            "connection: \"warehouse_alice\"\n",
        ),
    ]);
    let msg = refusal(env::unrender(&t, dev(&envs), None));
    assert!(msg.contains("models/scratch.model.lkml:1:1: model file `models/scratch.model.lkml` does not have the name"), "{msg}");
    assert!(msg.contains("rename it to scratch_alice"), "{msg}");
}

#[test]
fn unrender_refuses_a_url_to_an_environment_model_that_does_not_exist() {
    let envs = envs(TEAM);
    let t = tree(&[
        (
            "models/shop_alice.model.lkml",
            "connection: \"warehouse_alice\"\n",
        ),
        (
            "views/a.view.lkml",
            "view: a {\n  link: { url: \"/dashboards/ghost_alice::x\" }\n}\n",
        ),
        (
            "d.dashboard.lookml",
            "- dashboard: d\n  elements:\n  - name: e\n    model: other_alice\n",
        ),
    ]);
    let msg = refusal(env::unrender(&t, dev(&envs), None));
    assert!(
        msg.contains(
            "views/a.view.lkml:2:29: `ghost_alice` names a model this environment does not have"
        ),
        "{msg}"
    );
    assert!(
        msg.contains("d.dashboard.lookml:4:12: `other_alice` names a model"),
        "{msg}"
    );
}

#[test]
fn unrender_needs_the_reference_to_restore_overridden_constants() {
    let team = TEAM.replace(
        "schemas = { analytics = \"dev_{user}\" }",
        "constants = { SCHEMA = \"dev_{user}\" }",
    );
    let envs = envs(&team);
    let canonical = tree(&[
        (
            "manifest.lkml",
            "constant: SCHEMA { value: \"analytics\" }\n",
        ),
        ("models/shop.model.lkml", "connection: \"warehouse\"\n"),
    ]);
    let r = env::render(&canonical, dev(&envs), &envs).expect("renders");
    let msg = refusal(env::unrender(&r.files, dev(&envs), None));
    assert!(msg.contains("constant `SCHEMA` holds `dev_alice`"), "{msg}");
    assert!(msg.contains("--reference"), "{msg}");
    let back = env::unrender(&r.files, dev(&envs), Some(&canonical)).expect("with the reference");
    assert_eq!(back.files, canonical);
}

#[test]
fn leak_guard_direct_connection() {
    let team = TEAM.replace("connections = { warehouse = \"warehouse_{user}\" }\n", "");
    let envs = envs(&team);
    let t = tree(&[(
        "models/shop.model.lkml",
        "connection: \"warehouse\"\ninclude: \"*.view\"\n",
    )]);
    let msg = refusal(env::render(&t, dev(&envs), &envs));
    assert!(msg.contains("models/shop_alice.model.lkml:1:14: the render for `dev-alice` uses connection `warehouse`, which belongs to protected environment `production`"), "{msg}");
    assert!(msg.contains("[environment.\"dev-{user}\"]"), "{msg}");
}

#[test]
fn leak_guard_connection_through_a_constant() {
    let team = TEAM.replace("connections = { warehouse = \"warehouse_{user}\" }\n", "");
    let envs = envs(&team);
    let t = tree(&[
        (
            "manifest.lkml",
            "constant: CONN {\n  value: \"warehouse\"\n}\n",
        ),
        ("models/shop.model.lkml", "connection: \"@{CONN}\"\n"),
    ]);
    let msg = refusal(env::render(&t, dev(&envs), &envs));
    assert!(
        msg.contains("uses connection `warehouse` (through `@{CONN}`)"),
        "{msg}"
    );
    assert!(msg.contains("manifest.lkml:2:11: the render for `dev-alice` gives constant `CONN` the value `warehouse`"), "{msg}");
}

#[test]
fn leak_guard_manifest_constant_value() {
    let team = format!(
        "{TEAM}\n[environment.acceptance]\nremote = \"a\"\nbranch = \"main\"\nconstants = {{ SCHEMA = \"acceptance\" }}\n"
    );
    let envs = envs(&team);
    // dev-alice does not override SCHEMA, which acceptance does: production's value leaks.
    let t = tree(&[
        (
            "manifest.lkml",
            "constant: SCHEMA { value: \"analytics\" }\n",
        ),
        ("models/shop.model.lkml", "connection: \"warehouse\"\n"),
    ]);
    let msg = refusal(env::render(&t, dev(&envs), &envs));
    assert!(msg.contains("manifest.lkml:1:28: the render for `dev-alice` gives constant `SCHEMA` the value `analytics`"), "{msg}");
}

#[test]
fn leak_guard_schema_in_sql_table_name_through_a_constant() {
    let envs = envs(TEAM);
    let t = tree(&[
        (
            "manifest.lkml",
            "constant: SCHEMA { value: \"analytics\" }\n",
        ),
        ("models/shop.model.lkml", "connection: \"warehouse\"\n"),
        (
            "views/a.view.lkml",
            "view: a {\n  sql_table_name: @{SCHEMA}.orders ;;\n}\n",
        ),
    ]);
    let msg = refusal(env::render(&t, dev(&envs), &envs));
    assert!(msg.contains("views/a.view.lkml:2:19: the render for `dev-alice` reads schema `analytics` in `sql_table_name`"), "{msg}");
}

#[test]
fn leak_guard_legacy_yaml_connection() {
    let team = TEAM.replace("connections = { warehouse = \"warehouse_{user}\" }\n", "");
    let envs = envs(&team);
    let t = tree(&[(
        "shop.model.lookml",
        "- connection: warehouse\n- explore: orders\n",
    )]);
    let msg = refusal(env::render(&t, dev(&envs), &envs));
    assert!(
        msg.contains(
            "shop_alice.model.lookml:1:15: the render for `dev-alice` uses connection `warehouse`"
        ),
        "{msg}"
    );
}

#[test]
fn schemas_are_rewritten_only_as_qualifiers_in_sql() {
    let envs = envs(TEAM);
    let t = tree(&[
        ("models/shop.model.lkml", "connection: \"warehouse\"\n"),
        (
            "views/a.view.lkml",
            "view: a {\n  derived_table: {\n    sql: SELECT 'analytics.x' AS s, a.analytics FROM analytics.orders -- analytics.y\n ;;\n  }\n  dimension: d { sql: analytics.z ;; }\n}\n",
        ),
    ]);
    let r = env::render(&t, dev(&envs), &envs).expect("renders");
    let out = String::from_utf8_lossy(r.files.get(Path::new("views/a.view.lkml")).expect("view"));
    assert!(
        out.contains("SELECT 'analytics.x' AS s, a.analytics FROM dev_alice.orders -- analytics.y"),
        "{out}"
    );
    assert!(
        out.contains("dimension: d { sql: analytics.z ;; }"),
        "only sql_table_name and derived tables: {out}"
    );
}

#[test]
fn non_lookml_files_and_modes_are_kept() {
    let envs = envs(TEAM);
    let mut t = tree(&[
        ("models/shop.model.lkml", "connection: \"warehouse\"\n"),
        ("README.md", "/explore/shop/x\n"),
    ]);
    if let Some(e) = t.files.get_mut(Path::new("README.md")) {
        e.mode = storyboard::fileset::MODE_EXECUTABLE;
    }
    let r = env::render(&t, dev(&envs), &envs).expect("renders");
    let readme = r.files.files.get(Path::new("README.md")).expect("kept");
    assert_eq!(readme.bytes, b"/explore/shop/x\n");
    assert_eq!(readme.mode, storyboard::fileset::MODE_EXECUTABLE);
}

#[test]
fn render_refuses_a_canonical_schema_that_is_already_an_environment_name() {
    let envs = envs(TEAM);
    let t = tree(&[
        ("models/shop.model.lkml", "connection: \"warehouse\"\n"),
        (
            "views/a.view.lkml",
            "view: a {\n  sql_table_name: dev_alice.orders ;;\n}\n",
        ),
    ]);
    let msg = refusal(env::render(&t, dev(&envs), &envs));
    assert!(
        msg.contains(
            "views/a.view.lkml:2:19: the render for `dev-alice` cannot be undone exactly here"
        ),
        "{msg}"
    );
    assert!(msg.contains("must not already contain"), "{msg}");
}

#[test]
fn a_dashboard_model_written_with_escapes_is_refused_not_left_behind() {
    let envs = envs(TEAM);
    let t = tree(&[
        ("models/shop.model.lkml", "connection: \"warehouse\"\n"),
        (
            "d.dashboard.lookml",
            "- dashboard: d\n  elements:\n  - name: e\n    model: \"sh\\x6fp\"\n",
        ),
    ]);
    let msg = refusal(env::render(&t, dev(&envs), &envs));
    assert!(
        msg.contains("d.dashboard.lookml:4:12: `shop` is written with escapes here"),
        "{msg}"
    );
}

#[test]
fn render_refuses_a_rename_onto_an_existing_file() {
    let envs = envs(TEAM);
    let t = tree(&[
        ("models/shop.model.lkml", "connection: \"warehouse\"\n"),
        (
            "models/shop_alice.model.lkml",
            "connection: \"warehouse\"\n",
        ),
    ]);
    let msg = refusal(env::render(&t, dev(&envs), &envs));
    assert!(msg.contains("models/shop.model.lkml: renaming the model would overwrite models/shop_alice.model.lkml"), "{msg}");
}
