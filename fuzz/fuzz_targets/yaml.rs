//! The YAML reader and scalar editor on arbitrary bytes: no panic, no hang; node
//! spans (and the spans of tags and anchors) lie on character boundaries inside
//! their parents; aliases stand for an earlier anchor of their name; the meaning
//! (JSON, duplicate keys) is computed without a panic; and editing the first
//! scalar value either fails with a reason or reads back with the new value at
//! the same place, every byte outside the edited span unchanged.
//!
//! Seed it with the YAML corpus and the dictionary, which hold the constructs
//! Looker's exports write (tags, anchors, aliases, `? ` keys, directives):
//! `cargo fuzz run -O yaml fuzz/corpus/yaml ../tests/corpus/yaml -- -dict=yaml.dict`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storyboard::lookml::yaml::{self, Node, PathSeg, Scalar};

fn in_bounds(src: &str, span: &std::ops::Range<usize>) -> bool {
    span.start <= span.end
        && span.end <= src.len()
        && src.is_char_boundary(span.start)
        && src.is_char_boundary(span.end)
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(root) = yaml::parse(src) else {
        return;
    };
    let _ = yaml::to_json(&root);
    let _ = yaml::duplicate_keys(&root);

    // Spans are in bounds, on character boundaries, and nested; properties sit
    // before their node; an alias names an anchor written before it.
    let mut anchors: Vec<(String, usize)> = Vec::new();
    fn props_of(src: &str, node: &Node, anchors: &mut Vec<(String, usize)>) {
        yaml::walk(node, &mut |_, n: &Node| {
            if let Node::Mapping(m) = n {
                for (k, _) in &m.entries {
                    props_of(src, k, anchors);
                }
            }
            let Some(props) = n.props() else { return };
            for span in props
                .tag
                .iter()
                .map(|t| t.span.clone())
                .chain(props.anchor.iter().map(|a| a.span.clone()))
            {
                assert!(in_bounds(src, &span));
                assert!(span.end <= n.span().start.max(span.end));
            }
            if let Some(a) = &props.anchor {
                assert_eq!(src.get(a.span.clone()), Some(format!("&{}", a.name).as_str()));
                anchors.push((a.name.to_string(), a.span.start));
            }
        });
    }
    props_of(src, &root, &mut anchors);
    let mut parents: Vec<std::ops::Range<usize>> = Vec::new();
    yaml::walk(&root, &mut |path: &[PathSeg], node: &Node| {
        let span = node.span();
        assert!(in_bounds(src, &span));
        parents.truncate(path.len());
        if let Some(parent) = parents.last() {
            assert!(parent.start <= span.start && span.end <= parent.end);
        }
        parents.push(span.clone());
        if let Node::Alias(a) = node {
            assert!(!matches!(*a.target, Node::Alias(_)));
            assert!(anchors.iter().any(|(n, at)| *n == a.name.as_str() && *at < span.start));
        }
    });

    // Edit the first scalar value that its path leads to (not one inside a
    // complex key) to a few telling values.
    let mut first: Option<(Vec<PathSeg>, Scalar)> = None;
    yaml::visit_scalars(&root, &mut |path: &[PathSeg], s: &Scalar, is_key: bool| {
        let reached = root.at(path).and_then(Node::as_scalar);
        if first.is_none() && !is_key && reached.is_some_and(|r| r.span == s.span) {
            first = Some((path.to_vec(), s.clone()));
        }
    });
    let Some((path, target)) = first else {
        return;
    };
    // Derive one more value from the input itself.
    let tail = src.get(src.len() / 2..).unwrap_or("").chars().take(16).collect::<String>();
    for value in ["ecommerce_alice", "", "a: b # c", "it's \"q\"\n\n  x\n", "true", tail.as_str()] {
        let Ok(text) = yaml::rewrite_scalar(src, &target, value) else {
            continue;
        };
        let span = target.span.clone();
        let out = yaml::apply_edits(src, &[(span.clone(), text.clone())])
            .expect("a checked edit applies");
        assert_eq!(out.get(..span.start), src.get(..span.start));
        assert_eq!(out.get(span.start + text.len()..), src.get(span.end..));
        let again = yaml::parse(&out).expect("an edited document parses");
        let found = again
            .at(&path)
            .and_then(Node::as_scalar)
            .cloned()
            .expect("the edited scalar is where it was");
        assert_eq!(found.value, value);
        assert_eq!(found.style, target.style);
    }
});
