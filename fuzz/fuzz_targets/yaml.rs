//! The YAML reader and scalar editor on arbitrary bytes: no panic, no hang; node
//! spans lie on character boundaries inside their parents; and editing the first
//! scalar either fails with a reason or reads back with the new value at the same
//! place, every byte outside the edited span unchanged.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storyboard::lookml::yaml::{self, Node, PathSeg, Scalar};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(root) = yaml::parse(src) else {
        return;
    };
    let _ = yaml::to_json(&root);

    // Spans are in bounds, on character boundaries, and nested.
    let mut parents: Vec<std::ops::Range<usize>> = Vec::new();
    yaml::walk(&root, &mut |path: &[PathSeg], node: &Node| {
        let span = node.span();
        assert!(span.start <= span.end && span.end <= src.len());
        assert!(src.is_char_boundary(span.start) && src.is_char_boundary(span.end));
        parents.truncate(path.len());
        if let Some(parent) = parents.last() {
            assert!(parent.start <= span.start && span.end <= parent.end);
        }
        parents.push(span);
    });

    // Edit the first scalar (a key or a value) to a few telling values.
    let mut first: Option<(Vec<PathSeg>, Scalar, bool)> = None;
    yaml::visit_scalars(&root, &mut |path: &[PathSeg], s: &Scalar, is_key: bool| {
        if first.is_none() {
            first = Some((path.to_vec(), s.clone(), is_key));
        }
    });
    let Some((path, target, is_key)) = first else {
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
        let found = if is_key {
            again
                .at(&path)
                .and_then(Node::as_mapping)
                .and_then(|m| m.entries.iter().find(|(k, _)| k.span.start == span.start))
                .map(|(k, _)| k.clone())
        } else {
            again.at(&path).and_then(Node::as_scalar).cloned()
        };
        let found = found.expect("the edited scalar is where it was");
        assert_eq!(found.value, value);
        assert_eq!(found.style, target.style);
    }
});
