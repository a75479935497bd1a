use crate::lookml::yaml::testing::*;
use crate::lookml::yaml::*;
use proptest::prelude::*;

#[test]
fn plain_scalars_read_whole_or_folded() {
    for src in [
        "a: one two  three\n",
        "a: one\tTab # comment\n",
        "a:   é ü  x\n",
        "a: one  two\n   three   four\n",
        "a: one\n\n   two\n\n\n   three\n",
        "- x y\n  z\n- [a b, c  d]\n",
        "k: first line \n  second\n",
    ] {
        agree(src);
    }
    assert_eq!(
        j("a: one  two\n   three   four\n"),
        serde_json::json!({"a": "one  two three   four"})
    );
}

#[test]
fn block_mappings_and_sequences() {
    let src = "a: 1\nb:\n  c: x\n  d:\n    - 1\n    - two\ne: end\n";
    agree(src);
    let n = p(src);
    assert_eq!(
        n.get("b").and_then(|b| b.get("c")).and_then(Node::as_str),
        Some("x")
    );
    assert_eq!(sc(&n, &[k("b"), k("d"), i(1)]).span, 34..37);
    assert_eq!(n.span(), 0..src.len() - 1);
}

#[test]
fn compact_and_indentless_sequences() {
    agree("- explore: comments\n  joins:\n    - join: headlines\n      foreign_key: headline_id\n");
    agree("a:\n- 1\n- 2\nb:\n  - 3\n");
    agree("- a:\n  - x\n  b: c\n- d\n");
    agree("- - a\n  - b\n- - c\n");
    agree("-   a: 1\n    b: 2\n");
    agree("- a\n-\n- # c\n- b\n");
    agree("key:\n      - deep\n      - er\nnext: 1\n");
    agree("  a: 1\n  b: 2\n");
    let n = p("a:\n- x\n- y\n");
    let seq = n.get("a").and_then(Node::as_sequence).expect("seq");
    assert!(!seq.flow);
    assert_eq!(seq.span, 3..10);
}

#[test]
fn legacy_lookml_model_and_view() {
    let model = "# x.model.lookml\n- connection: headline_smasher\n- scoping: true\n- include: \"*.view.lookml\"\n- include: \"*.dashboard.lookml\"\n\n- explore: comments\n  joins:\n    - join: headlines\n      foreign_key: headline_id\n";
    agree(model);
    let n = p(model);
    let conn = sc(&n, &[i(0), k("connection")]);
    assert_eq!(conn.value, "headline_smasher");
    assert_eq!(model.get(conn.span.clone()), Some("headline_smasher"));
    let view = "- view: users\n  fields:\n  - dimension: id\n    primary_key: true\n    type: int\n    sql: ${TABLE}.id\n  - dimension_group: created\n    type: time\n    timeframes: [time, date, week, month]\n    sql: ${TABLE}.created_at\n  - measure: count\n    type: count\n    detail: detail*\n  sets:\n    detail: [id, comments.count]\n";
    agree(view);
    let n = p(view);
    assert_eq!(
        sc(&n, &[i(0), k("fields"), i(1), k("timeframes"), i(3)]).value,
        "month"
    );
    assert_eq!(
        sc(&n, &[i(0), k("fields"), i(0), k("sql")]).value,
        "${TABLE}.id"
    );
}

const DASHBOARD: &str = "- dashboard: sales_overview   # the main one\n  title: \"Sales Overview\"\n  layout: newspaper\n  preferred_viewer: dashboards-next\n\n  filters:\n  - name: date\n    type: field_filter\n    model:   ecommerce\n    explore: order_items\n    field: order_items.created_date\n    listens_to_filters: []\n\n  elements:\n  - name: total\n    type: single_value\n    model: 'ecommerce'\n    explore: order_items\n    fields: [order_items.total_revenue]\n    limit: 500\n    listen:\n      date: order_items.created_date\n  - name: note\n    type: text\n    title_text: Links\n    body_text: |\n      <a href=\"/dashboards/ecommerce::sales_overview\">Sales</a>\n      <a href=\"/explore/ecommerce/order_items\">Explore</a>\n  - name: merged\n    merged_queries:\n    - model: \"ecommerce\"\n      explore: orders\n    - {model: ecommerce, explore: users}\n";

#[test]
fn lookml_dashboard() {
    agree(DASHBOARD);
    let n = p(DASHBOARD);
    let d = n.item(0).expect("dashboard");
    assert_eq!(
        d.get("dashboard").and_then(Node::as_str),
        Some("sales_overview")
    );
    assert_eq!(
        sc(d, &[k("filters"), i(0), k("model")]).style,
        ScalarStyle::Plain
    );
    assert_eq!(
        sc(d, &[k("elements"), i(0), k("model")]).style,
        ScalarStyle::SingleQuoted
    );
    assert_eq!(sc(d, &[k("elements"), i(0), k("limit")]).value, "500");
    assert_eq!(to_json(d)["elements"][0]["limit"], serde_json::json!(500));
    let body = sc(d, &[k("elements"), i(1), k("body_text")]);
    assert_eq!(body.style, ScalarStyle::Literal);
    assert!(
        body.value
            .starts_with("<a href=\"/dashboards/ecommerce::sales_overview\">")
    );
    assert!(body.value.ends_with("Explore</a>\n"));
    let mut models = Vec::new();
    walk(&n, &mut |path, node| {
        if let (Some(PathSeg::Key(key)), Node::Scalar(s)) = (path.last(), node)
            && key == "model"
        {
            models.push((s.value.clone(), s.style));
        }
    });
    assert_eq!(models.len(), 4);
    assert!(models.iter().all(|(v, _)| v == "ecommerce"));
}

#[test]
fn rename_model_everywhere_in_a_dashboard() {
    let root = p(DASHBOARD);
    let mut edits = Vec::new();
    visit_scalars(&root, &mut |path, s, is_key| {
        let last = path.last();
        if !is_key && last == Some(&PathSeg::Key("model".into())) {
            edits.push((
                s.span.clone(),
                rewrite_scalar(DASHBOARD, s, "ecommerce_alice").expect("model"),
            ));
        }
        if !is_key && last == Some(&PathSeg::Key("body_text".into())) {
            let t = replace_in_scalar(DASHBOARD, s, "ecommerce", "ecommerce_alice").expect("body");
            edits.push((s.span.clone(), t));
        }
    });
    assert_eq!(edits.len(), 5);
    let out = apply_edits(DASHBOARD, &edits).expect("apply");
    let expected = DASHBOARD
        .replace("model:   ecommerce", "model:   ecommerce_alice")
        .replace("model: 'ecommerce'", "model: 'ecommerce_alice'")
        .replace("model: \"ecommerce\"", "model: \"ecommerce_alice\"")
        .replace("{model: ecommerce,", "{model: ecommerce_alice,")
        .replace("/dashboards/ecommerce::", "/dashboards/ecommerce_alice::")
        .replace("/explore/ecommerce/", "/explore/ecommerce_alice/");
    assert_eq!(out, expected);
    assert_eq!(serde_json_of(&out).expect("serde"), j(&out));
}

// --- scalars -----------------------------------------------------------

#[test]
fn plain_scalars() {
    agree("a: b #c\nd: b# c\ne: http://x:y\nf: -b\ng: :b\nh: ?b\ni: a:b\nj: x, y]\n");
    agree("a: plain\n  multi\n line\n\n  end\nb: 1\n");
    agree("- a\n - b\n");
    agree("--- a\n  b\n");
    agree("a\n");
    agree("a: b\tc\t\nd: x\t# t\n");
    agree("key  : v\n\"q\" : w\n");
    agree("a: é ☃ 𝄞\n");
    let n = p("a: some  spaced   words   # trailing\n");
    let s = sc(&n, &[k("a")]);
    assert_eq!(s.value, "some  spaced   words");
    assert_eq!(s.span, 3..23);
}

#[test]
fn quoted_scalars() {
    agree("a: 'it''s'\nb: \"say \\\"hi\\\"\"\n");
    agree("a: \"\\x41\\u263A\\U0001F600\\0\\a\\b\\e\\f\\v\\N\\_\\L\\P\\ \\/\\t\t|\"\n");
    agree("a: \"one  \n  two\n\n   three \\\n     four\\\n five\"\n");
    agree("a: 'one  \n  two\n\n   three'\n");
    agree("'a''b': 'multi\n  line'\n");
    agree("a: \"x\"  \nb: 'y'\t\nc: \"z\"# comment\n");
    agree("a: 'x\n  ---\n  y'\n");
    agree("a: \"\"\nb: ''\n");
    agree("a: \"\\\\server\\\\share\"\n");
}

#[test]
fn block_scalars() {
    agree("a: | # c\n  x\nb: |+\n  y\n\n\nc: |-\n  z\n\nd: |\n\ne: >+\n\nf: x\n");
    agree("a: >\n  one\n  two\n\n  three\n   more\n  back\n");
    agree("a: |2\n   x\n  y\n");
    agree("- |1\n  x\n");
    agree("|2\n  x\n");
    agree("--- >-\n x\n y\n");
    agree("a: |\n  x\n  # not a comment\n # a comment\nb: 1\n");
    agree("a: >\n  x\n  \n  y\n");
    agree("a: |\n  x\n     \n  y\n");
    agree("a: |\n  trailing spaces   \n  \ttab inside\n");
    agree("a: >-\n\n  leading blank\n  folded\n\n\n  kept\n   indented\n  tail\n");
    agree("- a: |\n    in a seq map\n  b: >2\n     more\n    x\n");
    agree("a: |\n  no final newline");
    agree("a: |+\n  keep at eof\n\n");
    agree("a: |\n");
    agree("a: >\n");
    // libyaml accepts a block scalar at its key's or entry's own column.
    agree("a:\n|\n x\nb: 1\n");
    agree("-\n>\n  y\n- z\n");
    agree("  k:\n  >-\n   v\n  m: 1\n");
    let src = "a: |\n  x\n\n\nb: 1\n";
    let n = p(src);
    let s = sc(&n, &[k("a")]);
    assert_eq!(s.value, "x\n");
    assert_eq!(src.get(s.span.clone()), Some("|\n  x\n\n"));
}

#[test]
fn flow_collections() {
    agree("[http://x, a:b, c: d]\n");
    agree("{a: b, c, \"d\":e, f: [1, 2], }\n");
    agree("[a, b, ]\n");
    agree("[a: b, c]\n");
    agree("a: [b,\nc]\n");
    agree("a: [b\n  c, d # comment\n  ]\n");
    agree(
        "a: [b, {c: d, e: [f]}]\n- x\n"
            .split("- x")
            .next()
            .unwrap_or(""),
    );
    agree("- [a, b]\n- {c: d}\n");
    agree("a: [\n  b,\n  c\n]\n");
    agree("[a\n# c\n, b]\n");
    agree("a: { }\nb: [ ]\nc: {b: }\nd: {b}\ne: [b: ]\n");
    agree("[a, b: [c]]\n");
    agree("{a:b}\n");
    agree("{\"a\" : b, c : d}\n");
    agree("a: {x: 1,\n  y: 2}\nb: c\n");
    agree("[ 'q', \"r\", 'multi\n  line' ]\n");
    let n = p("a: [x, {y: z}]\n");
    let seq = n.get("a").and_then(Node::as_sequence).expect("seq");
    assert!(seq.flow);
    assert_eq!(seq.span, 3..14);
    assert_eq!(n.at(&[k("a"), i(1)]).map(Node::span), Some(7..13));
}

#[test]
fn comments_everywhere() {
    agree(
        "# head\n\na: 1 # one\n  # indented comment\n# flush comment\nb:   # nothing yet\n  # between\n  c: 2\n\n\n# tail\n",
    );
    agree("- a # c\n# c\n-   # c\n  b\n");
    agree("a:\n  # c\n  b: 1\n");
}

#[test]
fn document_markers_bom_and_line_breaks() {
    agree("---\na: 1\n...\n");
    agree("--- # c\na: 1\n... # c\n");
    agree("{}\n...\n...\n");
    agree("%YAML 1.2\n---\na: 1\n");
    agree("--- |\n  x\n");
    agree("--- {a: b}\n");
    agree("--- \"x\"\n");
    agree("\u{feff}a: 1\n");
    agree("a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  l1\r\n  l2\r\nd: \"q\r\n  r\"\r\n");
    agree("a: 'x\u{2028}  y'\nb: |\n  x\u{2028}  y\n");
    agree("a: >\n  one\u{85}  two\n");
    // A block ended by a YAML 1.1 line break other than `\n` at the end of input.
    agree("|\n\u{2028}");
    agree("a: >\n  x\n\u{85}");
    check_spans("?: #", &p("?: #"));
    check_spans("-: x", &p("-: x"));
    assert!(p("").is_null());
    assert!(p("# only a comment\n").is_null());
    assert!(p("---\n...\n").is_null());
    assert_eq!(p("\u{feff}a: 1").span(), 3..7);
    let crlf = p("a: 1\r\nb: two\r\n");
    assert_eq!(sc(&crlf, &[k("b")]).span, 9..12);
}

#[test]
fn structure_agrees_with_serde_yaml() {
    agree(
        "a: [1_000, 1e3, .5, +1, 1., -0, inf, nan, NaN, .NaN, -.inf, 0o17, 0b11, 012, -012, 0.1e-1, +.inf, 1e400, 0x, -0x10, +0x10]\n",
    );
    agree(
        "a: [true, True, TRUE, tRue, false, yes, no, on, off, y, n, ~, null, Null, NULL, nULL]\n",
    );
    agree(
        "a: [18446744073709551615, -9223372036854775808, 1.7976931348623157e308, -0.0, 0.0, 007, 0x_1, 1__0]\n",
    );
    agree("0x10: a\n1.5: b\ntrue: c\n12: d\n'13': e\n1e2: f\n");
    agree("a: \"true\"\nb: '1'\nc: |\n  1\n");
    assert_eq!(j("a: 99999999999999999999\n")["a"], serde_json::json!(1e20));
}

#[test]
fn to_json_resolves_plain_scalars_as_yaml_1_1() {
    use serde_json::json;
    assert_eq!(
        j("a: [yes, No, on, OFF, y, n, tRue, ~, null, Null, '', NULL, nULL]\n")["a"],
        json!([
            true, false, true, false, "y", "n", "tRue", null, null, null, "", null, "nULL"
        ])
    );
    assert_eq!(
        j("a: [0777, 0x1F, 0b101, 1_000, 1:30, 1:30:00, -1:30, 08, 0o17, 0, -0, +12]\n")["a"],
        json!([511, 31, 5, 1000, 90, 5400, -90, "08", "0o17", 0, 0, 12])
    );
    assert_eq!(
        j("a: [1e3, 1.5e+3, 1.5e3, .5, 1., -.inf, .NaN, .nAn, 1:30.5, 1_0.5, +.5, .inf]\n")["a"],
        json!([
            "1e3", 1500.0, "1.5e3", 0.5, 1.0, null, null, ".nAn", 90.5, 10.5, "+.5", null
        ])
    );
    assert_eq!(
        j("a: [2024-01-31, =, <<]\n")["a"],
        json!(["2024-01-31", "=", "<<"])
    );
    assert_eq!(j("a: 99999999999999999999\n")["a"], json!(1e20));
    assert_eq!(j("a: -9223372036854775808\n")["a"], json!(i64::MIN));
    assert_eq!(
        j("~: a\n1.5: b\nyes: c\n0x10: d\n1e20: e\n100000000000000000000.0: f\n.00001: g\n"),
        json!({"null": "a", "1.5": "b", "true": "c", "16": "d", "1e20": "e", "1e+20": "f", "1e-05": "g"})
    );
}

#[test]
fn duplicate_keys_are_kept() {
    let n = p("a: 1\nb: 2\na: 3\n");
    let m = n.as_mapping().expect("map");
    assert_eq!(m.entries.len(), 3);
    assert_eq!(n.get("a").and_then(Node::as_str), Some("3"));
    assert_eq!(to_json(&n), serde_json::json!({"a": 3, "b": 2}));
    assert_eq!(
        serde_json::to_string(&to_json(&n)).ok().as_deref(),
        Some("{\"a\":3,\"b\":2}")
    );
}

#[test]
fn walk_visits_paths() {
    let n = p("a:\n  - x\n  - {b: y}\n");
    let mut seen = Vec::new();
    walk(&n, &mut |path, node| {
        let name: String = path.iter().map(ToString::to_string).collect();
        seen.push((name, node.as_str().map(str::to_string)));
    });
    let want: Vec<(String, Option<String>)> = vec![
        (String::new(), None),
        (".a".into(), None),
        (".a[0]".into(), Some("x".into())),
        (".a[1]".into(), None),
        (".a[1].b".into(), Some("y".into())),
    ];
    assert_eq!(seen, want);
    let mut keys = Vec::new();
    visit_scalars(&n, &mut |_, s, is_key| keys.push((s.value.clone(), is_key)));
    assert_eq!(
        keys,
        vec![
            ("a".into(), true),
            ("x".into(), false),
            ("b".into(), true),
            ("y".into(), false)
        ]
    );
}

#[test]
fn null_values_have_empty_spans() {
    let n = p("a:\nb: # c\n");
    assert_eq!(
        n.get("a"),
        Some(&Node::Null {
            span: 2..2,
            props: None
        })
    );
    assert_eq!(
        n.get("b"),
        Some(&Node::Null {
            span: 5..5,
            props: None
        })
    );
    let n = p("- \n-\n");
    assert_eq!(
        n.item(0),
        Some(&Node::Null {
            span: 1..1,
            props: None
        })
    );
    assert_eq!(
        n.item(1),
        Some(&Node::Null {
            span: 4..4,
            props: None
        })
    );
    let n = p("c:\n- \n-\n");
    assert_eq!(
        n.get("c").and_then(|c| c.item(1)),
        Some(&Node::Null {
            span: 7..7,
            props: None
        })
    );
}

// --- errors ------------------------------------------------------------

#[test]
fn errors_have_positions_and_messages() {
    let e = err("a: 1\nb: *x\n");
    assert_eq!((e.line, e.column, e.offset), (2, 4, 8));
    assert!(e.message.contains("no anchor &x before it"), "{e}");
    assert!(err("a: *x\nb: &x 1\n").message.contains("no anchor"));
    assert!(
        err("a: &x &y 1\n")
            .message
            .contains("one tag and one anchor")
    );
    assert!(
        err("a: !!str !!int 1\n")
            .message
            .contains("one tag and one anchor")
    );
    assert!(err("a: &x *y\n").message.contains("alias cannot have"));
    assert!(err("a: !e!x 1\n").message.contains("%TAG !e!"));
    assert!(err("a: !<x 1\n").message.contains("'>'"));
    assert!(err("a: & 1\n").message.contains("needs a name"));
    assert!(err("a: &x\"y 1\n").message.contains("anchor name"));
    assert!(
        err("%TAG x y\n---\na: 1\n")
            .message
            .contains("not a tag handle")
    );
    assert!(err("a: \"open\n").message.contains("unterminated"));
    assert!(err("a: 'open\n").message.contains("unterminated"));
    assert!(err("a: [1, 2\n").message.contains("missing ']'"));
    assert!(err("a: {b: 1\n").message.contains("missing '}'"));
    assert!(err("a: b: c\n").message.contains("mapping values"));
    assert!(err("a: - b\n").message.contains("block sequence"));
    assert!(err("a:\n    b: 1\n  c: 2\n").message.contains("indent"));
    let e = err("a:\n\tb: 1\n");
    assert!(e.message.contains("tab"), "{e}");
    assert_eq!((e.line, e.column), (2, 1));
    assert!(
        err("a: 1\n---\nb: 2\n")
            .message
            .contains("multiple documents")
    );
    assert!(err("a: \"\\q\"\n").message.contains("escape"));
    assert!(err("a: \"\\uD800\"\n").message.contains("unicode"));
    let e = err("a: b\u{1}c\n");
    assert_eq!((e.line, e.column), (1, 5));
    assert!(e.message.contains("U+0001"), "{e}");
    assert!(
        err("a: |0\n  x\n")
            .message
            .contains("indentation indicator")
    );
    assert!(err("a: [x]: b\n").message.contains("'? '"));
    assert!(err("- a\nb: c\n").message.contains("sequence entry"));
    let e = err("a: 1\n  b: 2\n");
    assert_eq!(e.line, 2);
    for e in [
        err("a: |\n\tx\n"),
        err("a: 'x' y\n"),
        err("a: %x\n"),
        err("a: ,x\n"),
        err("a: [b, c: d: e]\n"),
    ] {
        assert!(!e.message.is_empty() && !e.message.contains('\n'));
        assert!(e.message.starts_with(|c: char| c.is_lowercase()), "{e}");
    }
    assert_eq!(
        err("a: *x").to_string(),
        "line 1, column 4: the alias *x has no anchor &x before it"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let flow = "[".repeat(100_000);
    assert!(err(&flow).message.contains("nested deeper"));
    let flow_ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&flow_ok).is_ok());
    let mut block = String::new();
    for d in 0..MAX_DEPTH + 5 {
        block.push_str(&" ".repeat(d));
        block.push_str("k:\n");
    }
    assert!(err(&block).message.contains("nested deeper"));
    let mut seqs = String::new();
    for d in 0..MAX_DEPTH + 5 {
        seqs.push_str(&" ".repeat(d * 2));
        seqs.push_str("- \n");
    }
    seqs.push_str(&" ".repeat((MAX_DEPTH + 5) * 2));
    seqs.push_str("x\n");
    assert!(err(&seqs).message.contains("nested deeper"));
    let compact = format!("{}x\n", "- ".repeat(MAX_DEPTH + 1));
    assert!(err(&compact).message.contains("nested deeper"));
    let fine = format!("{}x\n", "- ".repeat(MAX_DEPTH));
    assert!(parse(&fine).is_ok());
}

#[test]
fn generated_documents_agree_with_serde_yaml() {
    for seed in 0..1500 {
        check_generated(seed);
    }
}

/// A longer run of the generated checks: `YAML_SEEDS=200000 cargo test
/// --release generated_long_run -- --ignored`.
#[test]
#[ignore]
fn generated_long_run() {
    let n: u64 = std::env::var("YAML_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    for seed in 0..n {
        check_generated(seed);
        check_generated_edit(seed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn prop_generated_documents_agree(seed in any::<u64>()) {
        check_generated(seed);
    }

    #[test]
    fn prop_parse_never_panics(src in any::<String>()) {
        let _ = parse(&src).map(|n| to_json(&n));
    }
}

// --- properties, aliases, explicit keys -----------------------------------------

#[test]
fn properties_keep_their_spans_and_leave_the_scalar_token_alone() {
    let src = "a: !!null ''\nb: &x !local 12\nc: !<tag:yaml.org,2002:str> 12\nd: *x\n";
    let n = p(src);
    let a = n.get("a").expect("a");
    assert!(a.is_null());
    assert_eq!(a.tag(), Some("tag:yaml.org,2002:null"));
    let a = a.as_scalar().expect("scalar");
    assert_eq!((&src[a.span.clone()], a.value.as_str()), ("''", ""));
    let props = a.props.as_deref().expect("props");
    assert_eq!(
        &src[props.tag.as_ref().expect("tag").span.clone()],
        "!!null"
    );
    let b = n.get("b").expect("b");
    let anchor = b.props().and_then(|p| p.anchor.as_ref()).expect("anchor");
    assert_eq!(
        (&src[anchor.span.clone()], anchor.name.as_str()),
        ("&x", "x")
    );
    assert_eq!(b.tag(), Some("!local"));
    let d = n.get("d").expect("d");
    assert!(matches!(d, Node::Alias(a) if a.name == "x" && &src[a.span.clone()] == "*x"));
    assert_eq!(d.as_str(), Some("12"));
    assert_eq!(
        to_json(&n),
        serde_json::json!({"a": null, "b": 12, "c": "12", "d": 12})
    );
    check_spans(src, &n);
}

#[test]
fn aliases_stand_for_collections_keys_and_the_latest_anchor() {
    let src = "- listen: &listen\n    Date: orders.date\n  k: &k key\n- listen: *listen\n  *k : v\n  ? *k\n  : w\n- &listen other\n- *listen\n";
    let n = p(src);
    assert_eq!(
        to_json(&n),
        serde_json::json!([
            {"listen": {"Date": "orders.date"}, "k": "key"},
            {"listen": {"Date": "orders.date"}, "key": "w"},
            "other",
            "other"
        ])
    );
    // Places are read where they are written: the alias has none of its own.
    let mut scalars = Vec::new();
    visit_scalars(&n, &mut |_, s, _| scalars.push(s.value.to_string()));
    assert_eq!(
        scalars,
        [
            "listen",
            "Date",
            "orders.date",
            "k",
            "key",
            "listen",
            "v",
            "w",
            "other"
        ]
    );
}

#[test]
fn explicit_and_complex_keys() {
    let src = "series_colors:\n  ? ''\n  : \"#cb62d4\"\n  ? [mobile, count]\n  : red\n  ? - a\n    - b\n  : blue\n  ? lonely\n  plain: 1\n  : empty key\nflow: {? a : b, ? c, [x]: y, : z}\nseq: [? k : v, l: m]\n";
    let n = p(src);
    assert_eq!(
        to_json(&n),
        serde_json::json!({
            "series_colors": {"": "#cb62d4", "[\"mobile\",\"count\"]": "red", "[\"a\",\"b\"]": "blue", "lonely": null, "plain": 1, "null": "empty key"},
            "flow": {"a": "b", "c": null, "[\"x\"]": "y", "null": "z"},
            "seq": [{"k": "v"}, {"l": "m"}]
        })
    );
    check_spans(src, &n);
}

#[test]
fn a_flow_collection_can_be_an_implicit_key() {
    let src = "[a, 'b]']: 1\n{x: y}: 2\nk: v\n- not: [a]\n";
    assert!(err(src).message.contains("sequence entry"));
    let src = "[a, 'b]']: 1\n{x: y}: 2\nk: v\nn:\n  - [q]: r\n";
    assert_eq!(
        to_json(&p(src)),
        serde_json::json!({"[\"a\",\"b]\"]": 1, "{\"x\":\"y\"}": 2, "k": "v", "n": [{"[\"q\"]": "r"}]})
    );
}

#[test]
fn tag_directives_name_handles() {
    let src = "%YAML 1.1\n%TAG !e! tag:example.com,2000:app/\n%TAG !! tag:other.org:\n--- !e!dashboard\na: !!str 1\nb: !e!x 2\nc: !<tag:yaml.org,2002:str> 3\n...\n";
    let n = p(src);
    assert_eq!(n.tag(), Some("tag:example.com,2000:app/dashboard"));
    assert_eq!(n.get("a").and_then(Node::tag), Some("tag:other.org:str"));
    // `!!` no longer names YAML's types here, so `!!str 1` is the number 1.
    assert_eq!(to_json(&n), serde_json::json!({"a": 1, "b": 2, "c": "3"}));
}

#[test]
fn a_billion_laughs_is_an_error_not_a_hang() {
    let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        src.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            [prev.as_str(); 10].join(", ")
        ));
    }
    let e = err(&src);
    assert!(e.message.contains("stand for more than"), "{e}");
    assert!(e.line > 4, "{e}");
}

/// Inserts a local tag, an anchor, or both before some scalars of a generated
/// document: the document still reads, means the same, and edits still check.
fn check_decorated(seed: u64) {
    let mut g = Gen::new(seed);
    let doc = g.document();
    let root = p(&doc);
    let mut starts = Vec::new();
    visit_scalars(&root, &mut |_, s, _| starts.push(s.span.start));
    let mut edits = Vec::new();
    for (i, at) in starts.into_iter().enumerate() {
        let props = match g.below(5) {
            0 => format!("!local{i} "),
            1 => format!("&a{i} "),
            2 => format!("&a{i} !ruby/hash:X "),
            _ => continue,
        };
        edits.push((at..at, props));
    }
    let decorated = apply_edits(&doc, &edits).expect("apply");
    let node = parse(&decorated).unwrap_or_else(|e| panic!("{e}\n{decorated}"));
    assert_eq!(to_json(&node), to_json(&root), "seed {seed}:\n{decorated}");
    check_spans(&decorated, &node);
    let mut all = Vec::new();
    visit_scalars(&node, &mut |path, s, is_key| {
        all.push((path.to_vec(), s.clone(), is_key))
    });
    if let Some((path, target, is_key)) = all.get(g.below(all.len().max(1))).cloned() {
        let value = g.new_value();
        if let Ok(text) = rewrite_scalar(&decorated, &target, &value) {
            let out =
                apply_edits(&decorated, &[(target.span.clone(), text.clone())]).expect("apply");
            let key = is_key.then(|| target.value.to_string());
            assert_round_trip(
                &decorated,
                &out,
                &target,
                &text,
                &path,
                key.as_deref(),
                &value,
            );
        }
    }
}

#[test]
fn generated_documents_with_tags_and_anchors_mean_the_same() {
    for seed in 0..1000 {
        check_decorated(seed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn prop_decorated_documents_mean_the_same(seed in any::<u64>()) {
        check_decorated(seed);
    }
}

#[test]
fn keys_nested_in_keys_stop_before_their_text_explodes() {
    // Each level's JSON key holds the level below as escaped text.
    let fine = "? ? ? ? a\n";
    assert!(parse(fine).is_ok());
    let deep = format!("{}a\n", "? ".repeat(MAX_KEY_NESTING + 2));
    assert!(err(&deep).message.contains("nested more than"), "{deep}");
    let fuzzed = " ? ? ?  ?  ?  ? ? ?  ? ?  ?  ?  ?  ? ? ?  ?  ?  ? ? ?  ? ?  ?  ?  ? ? ? ? ?  ? ? ?  ? ? ? ? ?  ? ? ?  ?\n";
    assert!(err(fuzzed).message.contains("nested more than"));
    let through_aliases =
        "a: &k1 {x: y}\nb: &k2 {*k1 : 1}\nc: &k3 {*k2 : 1}\nd: &k4 {*k3 : 1}\ne: {*k4 : 1}\n";
    assert!(parse(through_aliases).is_ok());
    let through_aliases = format!("{through_aliases}f: &k5 {{*k4 : 1}}\ng: {{*k5 : 1}}\n");
    assert!(err(&through_aliases).message.contains("nested more than"));
}

#[test]
fn crafted_anchors_and_properties_are_errors_not_crashes() {
    // A line of properties per line nests one level each: bounded like collections.
    let props_only = format!("{}x\n", "!a\n".repeat(20_000));
    assert!(
        err(&props_only).message.contains("nested deeper"),
        "{}",
        err(&props_only)
    );
    // Nested anchors each keep a copy of what they hold: counted like aliases.
    let items = vec!["x"; 20_000].join(", ");
    let mut nested = format!("[{items}]");
    for i in 0..60 {
        nested = format!("&a{i} [{nested}]");
    }
    let e = err(&format!("k: {nested}\n"));
    assert!(e.message.contains("stand for more than"), "{e}");
    // Many anchors and aliases are found by name, not by a search of them all.
    let many: String = (0..20_000)
        .map(|i| format!("a{i}: &x{i} v\nb{i}: *x{i}\n"))
        .collect();
    assert_eq!(p(&many).as_mapping().map(|m| m.entries.len()), Some(40_000));
    // An alias chain may not nest the document past what readers of it recurse.
    let mut chain = String::from("a0: &a0 [[[[x]]]]\n");
    for i in 1..200 {
        chain.push_str(&format!("a{i}: &a{i} [[[[*a{}]]]]\n", i - 1));
    }
    let e = err(&chain);
    assert!(e.message.contains("deeper than"), "{e}");
    // An anchor name ends at a blank or an indicator, as libyaml reads it.
    assert!(err("k: &a[1]\n").message.contains("anchor name"));
}

#[test]
fn explicit_values_tags_and_typed_scalars_as_libyaml_reads_them() {
    // After a `: ` of its own, a sequence may sit at the indicator's column.
    assert_eq!(
        to_json(&p("? a\n:\n- x\n- y\n")),
        serde_json::json!({"a": ["x", "y"]})
    );
    // A tag is a URI: a quote ends nothing, it is an error.
    assert!(err("k: !!str\"x\"\n").message.contains("a tag holds only"));
    // `!!int` takes integers only: anything else stays the text it is.
    assert_eq!(
        to_json(&p("a: !!int \"1.5\"\nb: !!int \"1e3\"\nc: !!int \"12\"\n")),
        serde_json::json!({"a": "1.5", "b": "1e3", "c": 12})
    );
}

#[test]
fn a_quote_inside_a_plain_scalar_opens_nothing() {
    // Found by the generated-documents property test: `e"` is a plain
    // scalar, so the quote after the comma opens the next item, and the
    // flow sequence is no implicit key.
    assert_eq!(j("[e\",\"}: \"]\n"), serde_json::json!(["e\"", "}: "]));
    assert_eq!(
        j("k:\n   -  [Z, h\"/ x,\"}: \\/\\_\\\n     \" ]\n"),
        serde_json::json!({"k": [["Z", "h\"/ x", "}: /\u{a0}"]]})
    );
}

#[test]
fn a_quoted_scalar_after_properties_does_not_end_a_flow_key_lookahead() {
    // The lookahead that asks whether `[...]` is a key read the quote after
    // `!t ` as a plain character, and so took `]` inside the string for the
    // collection's end.
    let src = "['':!t \"}: ]\n\"]\n";
    assert_eq!(to_json(&p(src)), serde_json::json!([{"": "}: ] "}]));
    let src = "[&a !t \"x]: y\", z]\n";
    assert_eq!(to_json(&p(src)), serde_json::json!(["x]: y", "z"]));
    // The generated document where the property test found it.
    check_decorated(12_643_528_507_634_527_119);
}
