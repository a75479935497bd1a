//! Story names: the branch a key and slug make under the team's convention
//! (`story/{key}-{slug}`), reading a branch name back into key and slug, and
//! finding the story a user means by key, slug or branch.

/// A story's identity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct StoryName {
    /// The full branch name, without `refs/heads/`.
    pub branch: String,
    pub key: String,
    pub slug: String,
}

/// Lower-case words joined by `-`, as branch names like them.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Why a key or slug cannot make a branch name.
pub fn check_key(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("the story key is empty".into());
    }
    if let Some(c) = key
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == '.'))
    {
        return Err(format!(
            "the story key `{key}` contains `{c}`; use letters, digits, `-`, `_` or `.` (for example ABC-123)"
        ));
    }
    if key.starts_with(['-', '.']) || key.ends_with('.') || key.contains("..") {
        return Err(format!("the story key `{key}` cannot make a branch name"));
    }
    Ok(())
}

/// The branch for `key` and `slug` under `template`. An empty slug takes the
/// separator before `{slug}` with it.
pub fn branch_name(template: &str, key: &str, slug: &str, user: Option<&str>) -> String {
    let mut t = template.to_string();
    if slug.is_empty() {
        for sep in ["-{slug}", "_{slug}", "/{slug}", "{slug}"] {
            t = t.replace(sep, "");
        }
    }
    t.replace("{key}", key)
        .replace("{slug}", slug)
        .replace("{user}", user.unwrap_or("user"))
}

/// Reads a branch name back into key and slug, if it follows `template`.
///
/// A key is taken in the form issue trackers use when one fits (`ABC-123`, `123`),
/// so that `story/ABC-123-fix-totals` is key `ABC-123`, slug `fix-totals`.
pub fn parse_branch(template: &str, branch: &str, user: Option<&str>) -> Option<StoryName> {
    let template = match user {
        Some(u) => template.replace("{user}", u),
        None => template.to_string(),
    };
    // The template with its slug (and separator) left out first: a story made
    // without a slug (`story/ABC-1`) must not read as key `ABC`, slug `1`.
    let bare = branch_name(&template, "{key}", "", user);
    for t in [bare.as_str(), template.as_str()] {
        let (mut key, mut slug) = (None, String::new());
        if match_from(t, branch, &mut key, &mut slug) {
            return key.map(|key| StoryName {
                branch: branch.to_string(),
                key,
                slug,
            });
        }
    }
    None
}

fn match_from(template: &str, text: &str, key: &mut Option<String>, slug: &mut String) -> bool {
    if template.is_empty() {
        return text.is_empty();
    }
    for (placeholder, is_key) in [("{key}", true), ("{slug}", false), ("{user}", false)] {
        if let Some(rest) = template.strip_prefix(placeholder) {
            let candidates = if is_key {
                key_candidates(text)
            } else {
                (1..=text.len())
                    .rev()
                    .filter(|&i| text.is_char_boundary(i))
                    .collect()
            };
            for end in candidates {
                let value = &text[..end];
                if value.contains('/') && placeholder != "{slug}" {
                    continue;
                }
                if match_from(rest, &text[end..], key, slug) {
                    if is_key {
                        *key = Some(value.to_string());
                    } else if placeholder == "{slug}" {
                        *slug = value.to_string();
                    }
                    return true;
                }
            }
            return false;
        }
    }
    let Some(c) = template.chars().next() else {
        return text.is_empty();
    };
    match text.strip_prefix(c) {
        Some(rest) => match_from(&template[c.len_utf8()..], rest, key, slug),
        None => false,
    }
}

/// Where a key may end in `text`, most tracker-like first: `LETTERS-DIGITS`, then
/// `DIGITS`, then any run without `-` or `/`.
fn key_candidates(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if letters > 0 && b.get(letters) == Some(&b'-') {
        let digits = b[letters + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits > 0 {
            out.push(letters + 1 + digits);
        }
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        out.push(digits);
    }
    let word = b.iter().take_while(|c| **c != b'-' && **c != b'/').count();
    if word > 0 {
        out.push(word);
    }
    out.dedup();
    out
}

/// What NAME matched among the stories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found<'a> {
    One(&'a StoryName),
    None { suggestions: Vec<&'a StoryName> },
    Ambiguous(Vec<&'a StoryName>),
}

/// The story `name` means: an exact branch name first, then a key, then a slug
/// (keys ignore case).
pub fn find<'a>(stories: &'a [StoryName], name: &str) -> Found<'a> {
    let name = name.strip_prefix("refs/heads/").unwrap_or(name);
    if let Some(s) = stories.iter().find(|s| s.branch == name) {
        return Found::One(s);
    }
    for matches in [
        stories
            .iter()
            .filter(|s| s.key.eq_ignore_ascii_case(name))
            .collect::<Vec<_>>(),
        stories
            .iter()
            .filter(|s| !s.slug.is_empty() && s.slug == name)
            .collect(),
    ] {
        match matches.len() {
            0 => continue,
            1 => return Found::One(matches[0]),
            _ => return Found::Ambiguous(matches),
        }
    }
    let lower = name.to_ascii_lowercase();
    let suggestions = stories
        .iter()
        .filter(|s| {
            s.branch.to_ascii_lowercase().contains(&lower)
                || strsim::jaro_winkler(&s.key.to_ascii_lowercase(), &lower) > 0.85
        })
        .collect();
    Found::None { suggestions }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "story/{key}-{slug}";

    #[test]
    fn branch_names_follow_the_template() {
        assert_eq!(
            branch_name(T, "ABC-1", "fix-totals", None),
            "story/ABC-1-fix-totals"
        );
        assert_eq!(branch_name(T, "ABC-1", "", None), "story/ABC-1");
        assert_eq!(
            branch_name("{user}/{key}", "42", "x", Some("alice")),
            "alice/42"
        );
    }

    #[test]
    fn branch_names_read_back() {
        let s = parse_branch(T, "story/ABC-123-fix-totals", None).unwrap();
        assert_eq!((s.key.as_str(), s.slug.as_str()), ("ABC-123", "fix-totals"));
        let s = parse_branch(T, "story/42-new-dashboard", None).unwrap();
        assert_eq!((s.key.as_str(), s.slug.as_str()), ("42", "new-dashboard"));
        let s = parse_branch(T, "story/ABC-9", None).unwrap();
        assert_eq!((s.key.as_str(), s.slug.as_str()), ("ABC-9", ""));
        assert_eq!(parse_branch(T, "main", None), None);
        assert_eq!(parse_branch(T, "feature/ABC-1-x", None), None);
        let s = parse_branch("{user}/story-{key}", "alice/story-7", Some("alice")).unwrap();
        assert_eq!(s.key, "7");
    }

    #[test]
    fn slugs_are_branch_friendly() {
        assert_eq!(
            slugify("Fix the Totals!  (orders)"),
            "fix-the-totals-orders"
        );
        assert_eq!(slugify("---"), "");
    }

    #[test]
    fn keys_are_checked() {
        assert!(check_key("ABC-1").is_ok());
        assert!(check_key("a b").unwrap_err().contains("` `"));
        assert!(check_key("").is_err());
        assert!(check_key("..").is_err());
    }

    #[test]
    fn names_resolve_by_branch_key_or_slug() {
        let stories = vec![
            parse_branch(T, "story/ABC-1-totals", None).unwrap(),
            parse_branch(T, "story/ABC-2-totals", None).unwrap(),
            parse_branch(T, "story/ABC-3-margins", None).unwrap(),
        ];
        assert!(matches!(find(&stories, "abc-3"), Found::One(s) if s.slug == "margins"));
        assert!(matches!(find(&stories, "margins"), Found::One(s) if s.key == "ABC-3"));
        assert!(matches!(find(&stories, "story/ABC-1-totals"), Found::One(s) if s.key == "ABC-1"));
        assert!(matches!(find(&stories, "totals"), Found::Ambiguous(v) if v.len() == 2));
        assert!(
            matches!(find(&stories, "ABC-4"), Found::None { suggestions } if !suggestions.is_empty())
        );
    }

    proptest::proptest! {
        #[test]
        fn made_names_read_back(key in "[A-Z]{1,4}-[0-9]{1,4}|[0-9]{1,5}", slug in "[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}") {
            let branch = branch_name(T, &key, &slug, None);
            let back = parse_branch(T, &branch, None).unwrap();
            proptest::prop_assert_eq!(back.key, key);
            proptest::prop_assert_eq!(back.slug, slug);
        }

        #[test]
        fn reading_any_branch_never_panics(branch in "\\PC{0,40}") {
            let _ = parse_branch(T, &branch, None);
            let _ = parse_branch("{user}/{key}/{slug}", &branch, Some("u"));
        }
    }
}
