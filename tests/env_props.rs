//! Property: on generated projects, render succeeds and unrender(render(x)) == x byte
//! for byte, with and without the reference tree.

mod support;

use proptest::prelude::*;
use storyboard::config::Environment;
use storyboard::env;
use storyboard::fileset::FileSet;

const TEAM: &str = r#"
[environment.production]
remote = "p"
branch = "main"
protected = true

[environment."dev-{user}"]
remote = "d"
branch = "dev"
model_prefix = "x_"
model_suffix = "_{user}"
connections = { warehouse = "warehouse_{user}", events = "events_{user}" }
schemas = { analytics = "dev_{user}", staging = "staging_{user}" }
"#;

fn envs() -> Vec<Environment> {
    support::environments(TEAM)
}

fn space() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(" "),
        Just("  "),
        Just("\t"),
        Just("\r\n  "),
        Just("\n    # note\n    ")
    ]
}

fn model_ref() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("shop"), Just("sales"), Just("foreign_model")]
}

fn schema() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("analytics"), Just("staging"), Just("public")]
}

fn view(i: usize) -> impl Strategy<Value = (String, String)> {
    (schema(), model_ref(), model_ref(), space(), any::<bool>()).prop_map(move |(s, m1, m2, sp, quoted)| {
        let label = if quoted { "\"Orders\"".to_string() } else { "Orders".to_string() };
        let text = format!(
            "view: v{i} {{{sp}sql_table_name: {s}.t{i} ;;\n  label: {label}\n  dimension: id {{\n    sql: '{s}.x' || ${{TABLE}}.id ;;\n    link: {{ url: \"/explore/{m1}/v{i}?f=1\" }}\n    html: <a href=\"/dashboards-next/{m2}::d{i}\">x</a> -- {s}.c ;;\n  }}\n  derived_table: {{ sql: SELECT * FROM {s}.raw_{i} -- {s}.y\n ;; }}\n}}\n"
        );
        (format!("views/v{i}.view.lkml"), text)
    })
}

fn project() -> impl Strategy<Value = FileSet> {
    (
        prop::collection::vec(0..6usize, 1..6),
        any::<bool>(),
        model_ref(),
        space(),
    )
        .prop_flat_map(|(views, via_constant, dash_model, sp)| {
            let n = views.len();
            (prop::collection::vec(view(0), n), Just((via_constant, dash_model, sp)))
        })
        .prop_map(|(views, (via_constant, dash_model, sp))| {
            let mut set = FileSet::default();
            set.insert("manifest.lkml", format!("constant: CONN {{{sp}value: \"events\"\n}}\nconstant: OTHER {{ value: \"x\" }}\n"));
            let conn = if via_constant { "\"@{CONN}\"" } else { "\"warehouse\"" };
            set.insert("models/shop.model.lkml", format!("connection: {conn}\ninclude: \"/views/*.view\"\n"));
            set.insert("models/sales.model.lkml", "connection:   \"warehouse\"\n");
            set.insert(
                "dashboards/d.dashboard.lookml",
                if via_constant {
                    // Looker's exports: an anchored model the next element aliases,
                    // secondary tags, and a local tag on a mapping.
                    format!("- dashboard: d\n  elements:\n  - name: e\n    model: &m {dash_model}\n    body_text: '<a href=\"/explore/{dash_model}/v0\">x</a>'\n    listen: &listen !ruby/hash:X\n      Date: v0.id\n  - name: f\n    model: *m\n    vis: {{maxValue: !!null '', minValue: !!null ''}}\n    listen: *listen\n    ? ''\n    : !!str {dash_model}\n")
                } else {
                    format!("- dashboard: d\n  elements:\n  - name: e\n    model:  {dash_model}\n    body_text: '<a href=\"/explore/{dash_model}/v0\">x</a>'\n")
                },
            );
            for (i, (_, text)) in views.into_iter().enumerate() {
                set.insert(format!("views/v{i}.view.lkml"), text.replace("v0", &format!("v{i}")));
            }
            set.insert("README.md", "/explore/shop/x\n");
            set
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn unrender_undoes_render(x in project()) {
        let all = envs();
        let dev = all.iter().find(|e| e.name == "dev-alice").ok_or_else(|| TestCaseError::fail("no dev env"))?;
        let r = env::render(&x, dev, &all).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(r.files.files.keys().any(|p| p.ends_with("x_shop_alice.model.lkml")));
        let back = env::unrender(&r.files, dev, Some(&x)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back.files, &x);
        let without = env::unrender(&r.files, dev, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&without.files, &x);
    }
}

/// A team file whose last stage is production, not marked protected: the
/// default protects it. Another environment maps every schema, so each is
/// environment-specific; the developer's maps are a generated subset.
fn unmarked_team(map_warehouse: bool, schemas: &[&str]) -> Vec<Environment> {
    let schema_map: Vec<String> = schemas
        .iter()
        .map(|s| format!("{s} = \"{s}_{{user}}\""))
        .collect();
    let team = format!(
        "[pipeline]\nstages = [\"production\"]\n\n[environment.production]\nremote = \"p\"\nbranch = \"main\"\n\n[environment.integration]\nremote = \"i\"\nbranch = \"main\"\nmodel_suffix = \"_integration\"\nconnections = {{ warehouse = \"warehouse_integration\", events = \"events_integration\" }}\nschemas = {{ analytics = \"analytics_i\", staging = \"staging_i\", public = \"public_i\" }}\n\n[environment.\"dev-{{user}}\"]\nremote = \"d\"\nbranch = \"dev\"\nmodel_suffix = \"_{{user}}\"\nconnections = {{ {} }}\nschemas = {{ {} }}\n",
        if map_warehouse {
            "warehouse = \"warehouse_{user}\", events = \"events_{user}\""
        } else {
            "events = \"events_{user}\""
        },
        schema_map.join(", ")
    );
    support::environments(&team)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// With production protected by default, a render either maps every
    /// connection and schema the project uses, or is refused: no generated
    /// configuration leaves production's names in a developer's render.
    #[test]
    fn no_render_leaves_a_protected_name_unless_mapped(
        x in project(),
        map_warehouse in any::<bool>(),
        mapped in prop::sample::subsequence(vec!["analytics", "staging", "public"], 0..=3),
    ) {
        let all = unmarked_team(map_warehouse, &mapped);
        let production = all.iter().find(|e| e.name == "production").ok_or_else(|| TestCaseError::fail("no production"))?;
        prop_assert!(production.protected, "the last stage is protected by default");
        let dev = all.iter().find(|e| e.name == "dev-alice").ok_or_else(|| TestCaseError::fail("no dev env"))?;
        let used: std::collections::BTreeSet<&str> = ["analytics", "staging", "public"]
            .into_iter()
            .filter(|s| x.files.iter().any(|(p, e)| {
                p.to_string_lossy().ends_with(".view.lkml")
                    && String::from_utf8_lossy(&e.bytes).contains(&format!("sql_table_name: {s}."))
            }))
            .collect();
        let covered = map_warehouse && used.iter().all(|s| mapped.contains(s));
        let rendered = env::render(&x, dev, &all);
        if covered {
            prop_assert!(rendered.is_ok(), "{:?}", rendered.err().map(|e| e.to_string()));
        } else {
            prop_assert!(rendered.is_err(), "a render that keeps a protected name: used {used:?}, mapped {mapped:?}, warehouse mapped {map_warehouse}");
        }
    }
}
