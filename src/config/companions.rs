//! `[companion.NAME]` of the team file and `[companions]` of the personal
//! file, validated: each command an argv list whose placeholders are known,
//! names a branch and a directory can carry, and every path in the personal
//! file naming a companion that exists.

use std::collections::BTreeMap;
use std::path::PathBuf;

use toml::Spanned;

use super::Companion;
use super::team::{CompanionSection, TeamFile};
use super::template::placeholders;
use super::validate::{Reporter, nearest};

/// What a companion's commands may say.
const PLACEHOLDERS: &[&str] = &["env", "rev", "path"];

/// The companions in the order the file lists them (the order they deploy).
pub(super) fn check_companions(team: &TeamFile, r: &mut Reporter) -> Vec<Companion> {
    let mut listed: Vec<(&Spanned<String>, &CompanionSection)> = team.companion.iter().collect();
    listed.sort_by_key(|(name, _)| name.span().start);
    let mut out = Vec::new();
    for (name, section) in listed {
        let n = name.get_ref();
        if n.is_empty()
            || !n
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            r.at(
                &name.span(),
                format!("companion name `{n}` is not a plain name"),
                Some(
                    "use letters, digits, `-` and `_`: it names a directory and a trailer"
                        .to_string(),
                ),
            );
            continue;
        }
        if section.remote.get_ref().trim().is_empty() {
            r.at(
                &section.remote.span(),
                format!("`remote` of [companion.{n}] is empty"),
                Some("a URL, or the name of a remote of the companion's clone".to_string()),
            );
        }
        let main = match &section.main {
            Some(m) if !crate::git::is_valid_branch_name(m.get_ref()) => {
                r.at(
                    &m.span(),
                    format!("`main` of [companion.{n}] is not a branch name"),
                    Some("the companion's canonical branch, for example \"main\"".to_string()),
                );
                String::new()
            }
            Some(m) => m.get_ref().clone(),
            None => "main".to_string(),
        };
        let deploy = command(n, "deploy", &section.deploy, r);
        let rollback = section
            .rollback
            .as_ref()
            .map(|c| command(n, "rollback", c, r));
        out.push(Companion {
            name: n.clone(),
            remote: section.remote.get_ref().clone(),
            main,
            deploy,
            rollback,
        });
    }
    out
}

/// One command: a non-empty argv list whose placeholders are known.
fn command(
    companion: &str,
    key: &str,
    argv: &Spanned<Vec<Spanned<String>>>,
    r: &mut Reporter,
) -> Vec<String> {
    if argv.get_ref().is_empty() || argv.get_ref()[0].get_ref().trim().is_empty() {
        r.at(
            &argv.span(),
            format!("`{key}` of [companion.{companion}] names no program"),
            Some(format!(
                "an argv list, run without a shell: {key} = [\"make\", \"-C\", \"{{path}}\", \"{key}\", \"ENV={{env}}\", \"REV={{rev}}\"]"
            )),
        );
    }
    for arg in argv.get_ref() {
        for (p, _) in placeholders(arg.get_ref()) {
            if !PLACEHOLDERS.contains(&p) {
                let help = match nearest(p, PLACEHOLDERS.iter().copied()) {
                    Some(s) => format!("did you mean `{{{s}}}`? placeholders: {{env}}, {{rev}}, {{path}}"),
                    None => "placeholders: {env} (the environment), {rev} (the commit to deploy), {path} (the companion's clone)".to_string(),
                };
                r.at(
                    &arg.span(),
                    format!(
                        "`{key}` of [companion.{companion}] uses an unknown placeholder `{{{p}}}`"
                    ),
                    Some(help),
                );
            }
        }
    }
    argv.get_ref().iter().map(|a| a.get_ref().clone()).collect()
}

/// The personal file's `[companions]`: each names a companion of the team file.
pub(super) fn check_paths(
    paths: BTreeMap<Spanned<String>, Spanned<PathBuf>>,
    companions: &[&str],
    r: &mut Reporter,
) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for (name, path) in paths {
        if !companions.contains(&name.get_ref().as_str()) {
            let help = match nearest(name.get_ref(), companions.iter().copied()) {
                Some(n) => format!("did you mean `{n}`? companions: {}", companions.join(", ")),
                None if companions.is_empty() => {
                    "storyboard.toml lists no [companion.NAME]".to_string()
                }
                None => format!("companions: {}", companions.join(", ")),
            };
            r.at(
                &name.span(),
                format!("a path for `{}`, which is no companion", name.get_ref()),
                Some(help),
            );
            continue;
        }
        out.insert(name.into_inner(), path.into_inner());
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Config;

    const TEAM: &str = r#"
[companion.warehouse]
remote = "git@example.com:acme/warehouse.git"
deploy = ["make", "-C", "{path}", "migrate", "ENV={env}", "REV={rev}"]

[companion.etl]
remote = "etl"
main = "trunk"
deploy = ["sh", "{path}/deploy.sh", "{env}", "{rev}"]
rollback = ["sh", "{path}/undo.sh", "{env}", "{rev}"]
"#;

    #[test]
    fn companions_keep_the_order_the_file_lists_them() {
        let config = Config::from_texts((Path::new("storyboard.toml"), TEAM), None)
            .unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = config.companions.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["warehouse", "etl"]);
        assert_eq!(config.companions[0].main, "main");
        assert_eq!(config.companions[1].main, "trunk");
        assert!(config.companions[1].rollback.is_some());
        assert_eq!(
            config.companion_path(Path::new("/src/looker"), "etl"),
            Path::new("/src/etl")
        );
    }

    #[test]
    fn unknown_placeholders_keys_and_companions_are_named_with_a_suggestion() {
        let team = TEAM.replace("REV={rev}", "REV={revision}");
        let Err(e) = Config::from_texts((Path::new("storyboard.toml"), &team), None) else {
            panic!("refused");
        };
        let text = e.to_string();
        assert!(text.contains("unknown placeholder `{revision}`"), "{text}");
        assert!(text.contains("did you mean `{rev}`"), "{text}");
        assert!(text.contains("storyboard.toml:4:"), "{text}");

        let team = TEAM.replace("rollback =", "rolback =");
        let Err(e) = Config::from_texts((Path::new("storyboard.toml"), &team), None) else {
            panic!("refused");
        };
        assert!(e.to_string().contains("did you mean `rollback`"), "{e}");

        let personal = "[companions]\nwarehuose = \"../wh\"\n";
        let Err(e) = Config::from_texts(
            (Path::new("storyboard.toml"), TEAM),
            Some((Path::new("config.toml"), personal)),
        ) else {
            panic!("refused");
        };
        let text = e.to_string();
        assert!(text.contains("config.toml:2:1"), "{text}");
        assert!(text.contains("did you mean `warehouse`"), "{text}");

        let team = TEAM.replace(
            "deploy = [\"sh\", \"{path}/deploy.sh\", \"{env}\", \"{rev}\"]",
            "deploy = []",
        );
        let Err(e) = Config::from_texts((Path::new("storyboard.toml"), &team), None) else {
            panic!("refused");
        };
        assert!(e.to_string().contains("names no program"), "{e}");
    }
}
