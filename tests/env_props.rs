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
