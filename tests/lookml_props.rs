//! Property tests of the modern LookML parser: generated files print back byte for
//! byte and keep their values; arbitrary input never panics and errors stay in bounds.

use proptest::prelude::*;
use storyboard::lookml::{self, NodeKind, SyntaxTree};

/// Trivia as real files have it: spaces, tabs, CRLF, blank lines and comments.
fn trivia() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" ".to_string()),
        Just("\n  ".to_string()),
        Just("\r\n\t".to_string()),
        Just("\n\n    ".to_string()),
        "[ \t]{1,3}#[ -~]{0,20}\n".prop_map(|s| s),
        Just("  ".to_string()),
    ]
}

fn name() -> impl Strategy<Value = String> {
    // Not `sql…`, `html…` or `expression…`: those keys take `;;` expressions.
    "[a-dfgi-rt-z][a-z0-9_]{0,12}".prop_map(|s| s)
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9_.]{1,10}".prop_map(|s| s),
        "[ -!#-\\[\\]-~é€]{0,16}".prop_map(|s| format!("\"{s}\"")),
        "[a-z ]{0,6}".prop_map(|s| format!("\"{s}\\\"{s}\"")),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    "[ -:<-~\n]{0,40}".prop_map(|s| s)
}

/// A generated item: a pair, an expression, a list or a block holding more items.
fn item() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (name(), trivia(), value()).prop_map(|(k, t, v)| format!("{k}:{t}{v}")),
        (
            prop_oneof![
                Just("sql"),
                Just("sql_on"),
                Just("html"),
                Just("expression")
            ],
            expression()
        )
            .prop_map(|(k, e)| format!("{k}: {e} ;;")),
        (
            name(),
            prop::collection::vec((value(), trivia()), 0..5),
            any::<bool>()
        )
            .prop_map(|(k, vs, trailing)| {
                let items: Vec<String> = vs.into_iter().map(|(v, t)| format!("{t}{v}")).collect();
                let comma = if trailing && !items.is_empty() {
                    ","
                } else {
                    ""
                };
                format!("{k}: [{}{comma}]", items.join(","))
            }),
        (name(), prop::collection::vec((name(), value()), 1..4)).prop_map(|(k, ps)| {
            let items: Vec<String> = ps.into_iter().map(|(a, b)| format!("{a}: {b}")).collect();
            format!("{k}: [{}]", items.join(",\n  "))
        }),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        (
            name(),
            prop::option::of(prop_oneof![name(), name().prop_map(|n| format!("+{n}"))]),
            prop::collection::vec((trivia(), inner), 0..6),
            trivia(),
        )
            .prop_map(|(k, n, items, t)| {
                let body: String = items.into_iter().map(|(t, i)| format!("{t}{i}")).collect();
                match n {
                    Some(n) => format!("{k}: {n} {{{body}{t}}}"),
                    None => format!("{k}: {{{body}{t}}}"),
                }
            })
    })
}

fn file() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec((trivia(), item()), 0..8),
        trivia(),
    )
        .prop_map(|(bom, items, t)| {
            let body: String = items.into_iter().map(|(t, i)| format!("{t}{i}")).collect();
            format!("{}{body}{t}", if bom { "\u{feff}" } else { "" })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_files_print_back_exactly(text in file()) {
        let tree = SyntaxTree::parse(text.as_str()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(tree.print(), text);
    }

    #[test]
    fn every_pair_value_lies_inside_its_node(text in file()) {
        let tree = SyntaxTree::parse(text.as_str()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let mut stack = vec![tree.root()];
        while let Some(node) = stack.pop() {
            let span = node.span();
            if let Some(v) = node.value() {
                let c = v.content_span();
                prop_assert!(span.start <= c.start && c.end <= span.end);
                if node.kind() == NodeKind::Pair {
                    let t = v.text();
                    prop_assert_eq!(t.as_ref(), &text[c]);
                }
            }
            stack.extend(node.children());
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[ -~\\t\\r\\n{}\\[\\]:;,\"#é]{0,200}") {
        match SyntaxTree::parse(text.as_str()) {
            Ok(tree) => prop_assert_eq!(tree.print(), text),
            Err(e) => prop_assert!(e.offset <= text.len()),
        }
    }

    #[test]
    fn arbitrary_bytes_give_a_diagnostic_or_a_tree(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let path = std::path::Path::new("x.view.lkml");
        match lookml::check_round_trip(path, &bytes) {
            Ok(()) => {}
            Err(d) => prop_assert!(d.position.is_some() || !d.message.is_empty()),
        }
    }
}
