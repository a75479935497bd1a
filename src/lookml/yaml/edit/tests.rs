use crate::lookml::yaml::testing::*;
use crate::lookml::yaml::*;
use proptest::prelude::*;

// --- edits -------------------------------------------------------------

#[test]
fn rewrite_plain() {
    let src = "connection: warehouse   # prod\nmodel: ecommerce\n";
    let out = edit_at(src, &[k("connection")], None, "warehouse_alice").expect("edit");
    assert_eq!(
        out,
        "connection: warehouse_alice   # prod\nmodel: ecommerce\n"
    );
    let out = edit_at(src, &[k("model")], None, "ecommerce_alice").expect("edit");
    assert_eq!(
        out,
        "connection: warehouse   # prod\nmodel: ecommerce_alice\n"
    );
    let out = edit_at(src, &[], Some("model"), "explore").expect("key");
    assert_eq!(out, "connection: warehouse   # prod\nexplore: ecommerce\n");
    for bad in [
        "", " lead", "a: b", "x #y", "- x", "true", "12", "~", "'q", "a\nb", "\u{1}",
    ] {
        let e = edit_at(src, &[k("model")], None, bad).expect_err(bad);
        assert!(!e.message.is_empty());
        assert_eq!(e.span, 38..47);
    }
    let typed = "limit: 500\n";
    assert_eq!(
        edit_at(typed, &[k("limit")], None, "1000").expect("edit"),
        "limit: 1000\n"
    );
    let flow = "fields: [a, b]\n";
    assert!(edit_at(flow, &[k("fields"), i(0)], None, "x,y").is_err());
    assert_eq!(
        edit_at(flow, &[k("fields"), i(1)], None, "c.d").expect("edit"),
        "fields: [a, c.d]\n"
    );
    let multi = "a: one\n  two\nb: 1\n";
    assert_eq!(
        edit_at(multi, &[k("a")], None, "three").expect("edit"),
        "a: three\nb: 1\n"
    );
}

#[test]
fn rewrite_quoted() {
    let src = "a: 'ecommerce' # c\nb: \"x\\ty\"\n";
    assert_eq!(
        edit_at(src, &[k("a")], None, "it's").expect("e"),
        "a: 'it''s' # c\nb: \"x\\ty\"\n"
    );
    assert_eq!(
        edit_at(src, &[k("a")], None, "").expect("e"),
        "a: '' # c\nb: \"x\\ty\"\n"
    );
    edit_at(src, &[k("a")], None, "two\nlines").expect("e");
    edit_at(src, &[k("a")], None, "\n\nblank\n\nlines\n").expect("e");
    assert!(edit_at(src, &[k("a")], None, "space \nbefore").is_err());
    assert!(edit_at(src, &[k("a")], None, "tab\u{7}").is_err());
    assert!(edit_at(src, &[k("a")], None, "cr\r").is_err());
    let out = edit_at(
        src,
        &[k("b")],
        None,
        "say \"hi\"\\ \u{1}\u{85}\u{2028}\u{feff}\n\t\r\0é",
    )
    .expect("e");
    assert!(out.starts_with(
        "a: 'ecommerce' # c\nb: \"say \\\"hi\\\"\\\\ \\x01\\N\\L\\uFEFF\\n\t\\r\\0é\""
    ));
    edit_at("k: [\"a\", 'b']\n", &[k("k"), i(1)], None, "x, ]").expect("flow");
    edit_at("'key': v\n", &[], Some("key"), "new key").expect("quoted key");
    assert!(edit_at("'key': v\n", &[], Some("key"), "two\nlines").is_err());
}

#[test]
fn rewrite_block_scalars() {
    let src = "a: |\n  <a href=\"/dashboards/m::d\">x</a>\n\nb: 1\n";
    let out = edit_at(src, &[k("a")], None, "new\n").expect("e");
    assert_eq!(out, "a: |\n  new\n\nb: 1\n");
    let out = edit_at(src, &[k("a")], None, "no newline").expect("e");
    assert_eq!(out, "a: |-\n  no newline\n\nb: 1\n");
    edit_at(src, &[k("a")], None, "two\n\n").expect("keep");
    edit_at(src, &[k("a")], None, "").expect("empty");
    edit_at(src, &[k("a")], None, "\n").expect("newline only");
    edit_at(src, &[k("a")], None, "\n\nx\n  more\n\n").expect("mixed");
    edit_at(src, &[k("a")], None, "  leading space\n").expect("indicator added");
    edit_at(src, &[k("a")], None, "\tleading tab\n").expect("indicator added");
    assert!(edit_at(src, &[k("a")], None, "cr\r\n").is_err());
    let folded = "- name: t\n  body_text: >-\n    one two\n    three\n\n    four\n  x: 1\n";
    let path = [i(0), k("body_text")];
    for v in [
        "a b c",
        "a\nb",
        "a\n\nb",
        "a\n b\nc",
        " x\ny",
        "x\n\n\n",
        "",
        "p\n  q\n\n r\n",
    ] {
        edit_at(folded, &path, None, v).unwrap_or_else(|e| panic!("{v:?}: {e}"));
    }
    let keep = "a: |+\n  x\n\n";
    edit_at(keep, &[k("a")], None, "y\n").expect("keep");
    edit_at(keep, &[k("a")], None, "y").expect("keep");
    edit_at(keep, &[k("a")], None, "y\n\n\n").expect("keep");
    let ind = "- |2\n   x\n  y\nz: 1\n".replace("z: 1\n", "");
    edit_at(&ind, &[i(0)], None, " a\nb\n").expect("indicator kept");
    let eof = "a: >\n  x";
    assert_eq!(edit_at(eof, &[k("a")], None, "y").expect("e"), "a: >-\n  y");
    assert_eq!(
        edit_at(eof, &[k("a")], None, "y\n").expect("e"),
        "a: >\n  y\n"
    );
    let comment = "a: | # keep me\n  x\n";
    assert_eq!(
        edit_at(comment, &[k("a")], None, "y").expect("e"),
        "a: |- # keep me\n  y\n"
    );
}

#[test]
fn replace_keeps_the_token_layout() {
    let src = "body_text: \"<a href=\\\"/dashboards/ecommerce::d\\\">\n  see</a> and\n  /explore/ecommerce/x\"\n";
    let root = p(src);
    let s = sc(&root, &[k("body_text")]);
    let t = replace_in_scalar(src, s, "ecommerce", "shop_dev").expect("replace");
    let out = apply_edits(src, &[(s.span.clone(), t)]).expect("apply");
    assert_eq!(out, src.replace("ecommerce", "shop_dev"));
    assert_eq!(
        p(&out).get("body_text").and_then(Node::as_str),
        Some(s.value.replace("ecommerce", "shop_dev").as_str())
    );
    let t = replace_in_scalar(src, s, "see</a> and /explore", "x").expect("across a fold");
    let out = apply_edits(src, &[(s.span.clone(), t)]).expect("apply");
    assert_eq!(
        p(&out).get("body_text").and_then(Node::as_str),
        Some(s.value.replace("see</a> and /explore", "x").as_str())
    );
    assert!(replace_in_scalar(src, s, "", "x").is_err());
    let plain = "model: ecommerce\n";
    let s = sc(&p(plain), &[k("model")]).clone();
    assert!(replace_in_scalar(plain, &s, "ecommerce", "1").is_err());
}

#[test]
fn apply_edits_checks_ranges() {
    let src = "abcdef";
    let out = apply_edits(
        src,
        &[(4..5, "E".into()), (0..1, "A".into()), (2..2, "+".into())],
    )
    .expect("ok");
    assert_eq!(out, "Ab+cdEf");
    assert!(apply_edits(src, &[(1..3, String::new()), (2..4, String::new())]).is_err());
    assert!(apply_edits(src, &[(2..2, "x".into()), (2..3, "y".into())]).is_err());
    assert!(apply_edits(src, &[(5..9, String::new())]).is_err());
    assert!(apply_edits("é", &[(1..2, String::new())]).is_err());
    assert_eq!(apply_edits(src, &[]).expect("none"), src);
    assert_eq!(
        apply_edits(src, &[(0..3, "x".into()), (3..6, "y".into())]).expect("adjacent"),
        "xy"
    );
}

#[test]
fn rewrite_refuses_foreign_scalars() {
    let src = "a: b\n";
    let stranger = Scalar {
        value: "zz".into(),
        style: ScalarStyle::Plain,
        span: 3..4,
        props: None,
    };
    assert!(rewrite_scalar(src, &stranger, "c").is_err());
    let nowhere = Scalar {
        value: "b".into(),
        style: ScalarStyle::Plain,
        span: 1..2,
        props: None,
    };
    assert!(rewrite_scalar(src, &nowhere, "c").is_err());
    assert!(rewrite_scalar("a: [\n", &stranger, "c").is_err());
}
#[test]
fn batch_rewrites() {
    let src = "- model: a\n  explore: 'b'\n- model: \"c\"\n  note: |\n    see /explore/a/b\n";
    let root = p(src);
    let m0 = sc(&root, &[i(0), k("model")]);
    let m1 = sc(&root, &[i(1), k("model")]);
    let ex = sc(&root, &[i(0), k("explore")]);
    let edits = rewrite_scalars(src, &[(m1, "c_dev"), (m0, "a_dev"), (ex, "b b")]).expect("batch");
    assert_eq!(edits.len(), 3);
    assert_eq!(edits[0].0, m1.span);
    let out = apply_edits(src, &edits).expect("apply");
    assert_eq!(
        out,
        "- model: a_dev\n  explore: 'b b'\n- model: \"c_dev\"\n  note: |\n    see /explore/a/b\n"
    );
    let e = rewrite_scalars(src, &[(m0, "fine"), (m1, "ok"), (ex, "x\n y")]).expect_err("bad one");
    assert_eq!(e.span, ex.span);
    let e = rewrite_scalars(src, &[(m0, "x"), (m0, "y")]).expect_err("same scalar twice");
    assert_eq!(e.span, m0.span);
    assert_eq!(rewrite_scalars(src, &[]).expect("nothing"), Vec::new());
    let note = sc(&root, &[i(1), k("note")]);
    let edits = replace_in_scalars(src, &[note, m0, ex], "a", "shop").expect("replace");
    let out = apply_edits(src, &edits).expect("apply");
    assert_eq!(
        out,
        "- model: shop\n  explore: 'b'\n- model: \"c\"\n  note: |\n    see /explore/shop/b\n"
    );
    let e = replace_in_scalars(src, &[m0], "a", "true").expect_err("typed");
    assert!(e.message.contains("boolean"), "{e}");
}

#[test]
fn key_edits() {
    let src =
        "model: a\n'quoted': b\n\"dq\": c\n[x, y: z]\n".replace("[x, y: z]\n", "f: [x, y: z]\n");
    assert!(edit_at(&src, &[], Some("model"), "two\nlines").is_err());
    assert!(edit_at(&src, &[], Some("quoted"), "two\nlines").is_err());
    let out = edit_at(&src, &[], Some("dq"), "two\nlines").expect("double-quoted key");
    assert!(out.contains("\"two\\nlines\": c"));
    edit_at(&src, &[k("f"), i(1)], Some("y"), "w").expect("flow pair key");
    assert!(edit_at(&src, &[k("f"), i(1)], Some("y"), "w,v").is_err());
    assert!(edit_at(&src, &[], Some("model"), "a: b").is_err());
    let root = "---\n";
    assert!(parse(root).is_ok());
    let top = "x\n";
    assert!(edit_at(top, &[], None, "---").is_err());
    assert!(edit_at(top, &[], None, "...").is_err());
    assert_eq!(
        edit_at(top, &[], None, "--x").expect("not a marker"),
        "--x\n"
    );
}

#[test]
fn generated_edits_round_trip() {
    for seed in 0..1500 {
        check_generated_edit(seed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn prop_generated_edits_round_trip(seed in any::<u64>()) {
        check_generated_edit(seed);
    }

    #[test]
    fn prop_token_soup_never_panics(src in soup()) {
        if let Ok(node) = parse(&src) {
            let _ = to_json(&node);
            check_spans(&src, &node);
            let mut first = None;
            visit_scalars(&node, &mut |_, s, _| { first.get_or_insert_with(|| s.clone()); });
            if let Some(s) = first {
                for v in ["x", "", "a b\n", " q'\"\n\n"] {
                    if let Ok(t) = rewrite_scalar(&src, &s, v) {
                        let out = apply_edits(&src, &[(s.span.clone(), t)]).expect("apply");
                        prop_assert!(parse(&out).is_ok());
                    }
                }
            }
        }
    }

    #[test]
    fn prop_edit_random_value(seed in any::<u64>(), value in "[ -~\t\né'\"\\\\]{0,12}") {
        let mut g = Gen::new(seed);
        let doc = g.document();
        let root = p(&doc);
        let mut all = Vec::new();
        visit_scalars(&root, &mut |path, s, is_key| all.push((path.to_vec(), s.clone(), is_key)));
        if let Some((path, target, is_key)) = all.get(g.below(all.len())).cloned() {
            if let Ok(text) = rewrite_scalar(&doc, &target, &value) {
                let out = apply_edits(&doc, &[(target.span.clone(), text.clone())]).expect("apply");
                let key = if is_key { Some(target.value.as_str()) } else { None };
                assert_round_trip(&doc, &out, &target, &text, &path, key, &value);
            } else {
                prop_assert!(target.style != ScalarStyle::DoubleQuoted);
            }
        }
    }
}

mod regressions {
    use super::*;

    #[test]
    fn backslash_colons_soup() {
        let src = "\\:: \n";
        if let Ok(node) = parse(src) {
            let _ = to_json(&node);
            check_spans(src, &node);
            let mut first = None;
            visit_scalars(&node, &mut |_, s, _| {
                first.get_or_insert_with(|| s.clone());
            });
            if let Some(s) = first {
                for v in ["x", "", "a b\n", " q'\"\n\n"] {
                    if let Ok(t) = rewrite_scalar(src, &s, v) {
                        let out = apply_edits(src, &[(s.span.clone(), t)]).expect("apply");
                        assert!(parse(&out).is_ok(), "{v:?} -> {out:?}");
                    }
                }
            }
        }
    }
}
