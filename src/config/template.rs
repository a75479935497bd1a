//! `{placeholder}` templates in names and values (`dev-{user}`, `story/{key}-{slug}`).

/// The placeholders of `template`, each with its byte offset (of the `{`).
/// An unclosed `{` is not a placeholder.
pub fn placeholders(template: &str) -> Vec<(&str, usize)> {
    let mut found = Vec::new();
    let mut rest = template;
    let mut base = 0;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find(['}', '{']) {
            Some(close) if after.as_bytes()[close] == b'}' => {
                found.push((&after[..close], base + open));
                let consumed = open + 1 + close + 1;
                base += consumed;
                rest = &rest[consumed..];
            }
            _ => {
                base += open + 1;
                rest = after;
            }
        }
    }
    found
}

/// Replaces every `{name}` of `template` for which `value(name)` is `Some`.
pub fn expand(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut last = 0;
    for (name, at) in placeholders(template) {
        if let Some(v) = value(name) {
            out.push_str(&template[last..at]);
            out.push_str(&v);
            last = at + name.len() + 2;
        }
    }
    out.push_str(&template[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_placeholders_with_offsets() {
        assert_eq!(
            placeholders("story/{key}-{slug}"),
            vec![("key", 6), ("slug", 12)]
        );
        assert_eq!(placeholders("a{b{c}"), vec![("c", 3)]);
        assert!(placeholders("no { close").is_empty());
    }

    #[test]
    fn expands_known_placeholders_only() {
        let v = |n: &str| (n == "user").then(|| "alice".to_string());
        assert_eq!(expand("dev-{user}", v), "dev-alice");
        assert_eq!(expand("{other}-{user}{user}", v), "{other}-alicealice");
    }
}
