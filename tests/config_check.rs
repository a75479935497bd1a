//! `storyboard check` on real files in a real git repository: the example passes, and
//! every broken configuration is refused with exit code 2, the file, the line and the key.

mod support;

use std::path::{Path, PathBuf};

use support::{Run, git_init, project_root, run, storyboard};

struct Repo {
    _tmp: tempfile::TempDir,
    home: PathBuf,
    repo: PathBuf,
}

impl Repo {
    fn new(team: &str) -> Repo {
        let tmp = tempfile::tempdir().expect("temp dir");
        let home = tmp.path().join("home");
        let repo = tmp.path().join("repo");
        git_init(&repo);
        std::fs::write(repo.join("storyboard.toml"), team).expect("write team file");
        Repo {
            _tmp: tmp,
            home,
            repo,
        }
    }

    fn personal(&self, text: &str) -> PathBuf {
        let p = self.home.join("personal.toml");
        std::fs::create_dir_all(&self.home).expect("home");
        std::fs::write(&p, text).expect("write personal file");
        p
    }

    fn check(&self, personal: Option<&Path>) -> Run {
        let mut cmd = storyboard(&self.home);
        cmd.arg("-C").arg(&self.repo).arg("check");
        if let Some(p) = personal {
            cmd.arg("--config").arg(p);
        }
        run(&mut cmd)
    }
}

/// The personal file documented in config.example.toml's commented block.
fn example_personal(example: &str) -> String {
    let start = example
        .find("# user = ")
        .expect("the example documents `user`");
    example[start..]
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .or_else(|| l.strip_prefix('#'))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const MINIMAL: &str = r#"
[pipeline]
stages = ["integration", "production"]

[environment.production]
remote = "file:///srv/production.git"
branch = "main"
protected = true

[environment.integration]
remote = "file:///srv/integration.git"
branch = "main"
model_suffix = "_integration"
connections = { warehouse = "warehouse_integration" }
"#;

fn assert_refused(r: &Run, line: u32, needles: &[&str]) {
    assert_eq!(r.code, 2, "exit code; stderr:\n{}", r.stderr);
    let at = format!("storyboard.toml:{line}:");
    assert!(r.stderr.contains(&at), "expected `{at}` in:\n{}", r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "expected `{n}` in:\n{}", r.stderr);
    }
    assert!(
        r.stdout.is_empty(),
        "nothing on stdout when refused: {}",
        r.stdout
    );
}

#[test]
fn the_example_configuration_passes_check() {
    let example =
        std::fs::read_to_string(project_root().join("config.example.toml")).expect("example");
    let repo = Repo::new(&example);
    let personal = repo.personal(&example_personal(&example));
    let r = repo.check(Some(&personal));
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert!(
        r.stdout
            .contains("dev-alice  -> git@github.com:alice/looker.git dev  (from dev-{user})"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("pipeline: integration -> acceptance -> production"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("production  -> git@github.com:acme/looker-production.git main  (protected)")
    );
}

#[test]
fn check_finds_the_team_file_from_a_subdirectory() {
    let repo = Repo::new(MINIMAL);
    let sub = repo.repo.join("views/deep");
    std::fs::create_dir_all(&sub).expect("subdir");
    let r = run(storyboard(&repo.home).arg("-C").arg(&sub).arg("check"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("pipeline: integration -> production"));
}

#[test]
fn unknown_key_names_the_line_and_suggests_the_nearest() {
    let r = Repo::new("[project]\nmain = \"main\"\nstory_brnach = \"s/{key}\"\n").check(None);
    assert_refused(
        &r,
        3,
        &["unknown key `story_brnach`", "did you mean `story_branch`?"],
    );
}

#[test]
fn unknown_key_in_an_environment() {
    let text = MINIMAL.replace("protected = true", "protectd = true");
    let r = Repo::new(&text).check(None);
    assert_refused(
        &r,
        8,
        &["unknown key `protectd`", "did you mean `protected`?"],
    );
}

#[test]
fn a_stage_that_names_no_environment() {
    let text = MINIMAL.replace(
        r#"["integration", "production"]"#,
        r#"["integraton", "production"]"#,
    );
    let r = Repo::new(&text).check(None);
    assert_refused(
        &r,
        3,
        &[
            "pipeline stage `integraton` names no environment",
            "did you mean `integration`?",
        ],
    );
}

#[test]
fn release_from_must_be_a_later_stage() {
    let with = |value: &str| {
        MINIMAL.replace(
            r#"stages = ["integration", "production"]"#,
            &format!("stages = [\"integration\", \"production\"]\nrelease_from = \"{value}\""),
        )
    };
    let r = Repo::new(&with("prodution")).check(None);
    assert_refused(
        &r,
        4,
        &[
            "`release_from` names `prodution`, which is not a pipeline stage",
            "did you mean `production`?",
        ],
    );
    let r = Repo::new(&with("integration")).check(None);
    assert_refused(
        &r,
        4,
        &[
            "`release_from` cannot be the first stage `integration`",
            "`production`",
        ],
    );
    let r = Repo::new(&with("production")).check(None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "releases: release/{date}, cut from what integration holds, taken from production on"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn require_acceptance_names_a_stage_with_a_stage_after_it() {
    let with = |value: &str| {
        MINIMAL.replace(
            r#"stages = ["integration", "production"]"#,
            &format!(
                "stages = [\"integration\", \"production\"]\nrequire_acceptance = \"{value}\""
            ),
        )
    };
    let r = Repo::new(&with("integraton")).check(None);
    assert_refused(
        &r,
        4,
        &[
            "`require_acceptance` names `integraton`, which is not a pipeline stage",
            "did you mean `integration`?",
        ],
    );
    let r = Repo::new(&with("production")).check(None);
    assert_refused(
        &r,
        4,
        &[
            "`require_acceptance` names the last stage `production`",
            "`integration`",
        ],
    );
    let r = Repo::new(&with("integration")).check(None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("sign-off: production take(s) only stories accepted on integration"),
        "{}",
        r.stdout
    );
}

#[test]
fn two_canonical_connections_mapped_to_one() {
    let text = MINIMAL.replace(
        r#"{ warehouse = "warehouse_integration" }"#,
        r#"{ warehouse = "shared", events = "shared" }"#,
    );
    let r = Repo::new(&text).check(None);
    assert_refused(
        &r,
        14,
        &["both map to `shared`", "unrender could not tell them apart"],
    );
}

#[test]
fn an_environment_connection_equal_to_a_canonical_one() {
    let text = MINIMAL.replace(
        r#"{ warehouse = "warehouse_integration" }"#,
        r#"{ warehouse = "events", events = "events_integration" }"#,
    );
    let r = Repo::new(&text).check(None);
    assert_refused(
        &r,
        14,
        &["`events` is both a canonical name and an environment name"],
    );
}

#[test]
fn a_user_template_without_a_user() {
    let text = format!(
        "{MINIMAL}\n[environment.\"dev-{{user}}\"]\nremote = \"file:///srv/{{user}}.git\"\nbranch = \"dev\"\n"
    );
    let repo = Repo::new(&text);
    let personal = repo.personal("theme = \"dark\"\n");
    // Nobody to stand in: no git identity, no $USER.
    let r = run(storyboard(&repo.home)
        .arg("-C")
        .arg(&repo.repo)
        .args(["--config"])
        .arg(&personal)
        .arg("check")
        .env_remove("USER")
        .env("GIT_CONFIG_NOSYSTEM", "1"));
    assert_refused(
        &r,
        16,
        &[
            "`dev-{user}` uses `{user}`",
            "no `user` is known",
            "personal.toml",
        ],
    );
}

#[test]
fn without_a_personal_file_you_are_who_git_says() {
    let text = format!(
        "{MINIMAL}\n[environment.\"dev-{{user}}\"]\nremote = \"file:///srv/{{user}}.git\"\nbranch = \"dev\"\nmodel_suffix = \"_{{user}}\"\n"
    );
    let repo = Repo::new(&text);
    support::git(
        &repo.repo,
        &["config", "user.email", "Dana.Lead@acme.example"],
    );
    let r = run(storyboard(&repo.home)
        .arg("-C")
        .arg(&repo.repo)
        .arg("check")
        .env("GIT_CONFIG_NOSYSTEM", "1"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("personal:      (none)"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("user:          dana_lead (from git user.email)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("dev-dana_lead  -> file:///srv/dana_lead.git"),
        "{}",
        r.stdout
    );
    // With no identity at all, the message names where the personal file goes.
    let bare = Repo::new(&text);
    let r = run(storyboard(&bare.home)
        .arg("-C")
        .arg(&bare.repo)
        .arg("check")
        .env_remove("USER")
        .env("GIT_CONFIG_NOSYSTEM", "1"));
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("no `user` is known"), "{}", r.stderr);
    assert!(
        r.stderr.contains("config.toml"),
        "names the default personal file: {}",
        r.stderr
    );
}

#[test]
fn duplicate_environment_names_after_expansion() {
    let text = format!(
        "{MINIMAL}\n[environment.\"dev-{{user}}\"]\nremote = \"a\"\nbranch = \"dev\"\n\n[environment.dev-alice]\nremote = \"b\"\nbranch = \"dev\"\n"
    );
    let repo = Repo::new(&text);
    let personal = repo.personal("user = \"alice\"\n");
    let r = repo.check(Some(&personal));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("environment `dev-alice` is defined twice"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("storyboard.toml:"), "{}", r.stderr);
}

#[test]
fn a_story_branch_template_without_key() {
    let r = Repo::new("[project]\nstory_branch = \"story/{slug}\"\n").check(None);
    assert_refused(&r, 2, &["`story_branch` has no `{key}`"]);
}

#[test]
fn bad_toml_syntax() {
    let r = Repo::new("[project\nmain = \"main\"\n").check(None);
    assert_refused(&r, 1, &["fix the TOML syntax"]);
}

#[test]
fn a_missing_required_key() {
    let text = MINIMAL.replace("branch = \"main\"\nprotected = true", "protected = true");
    let r = Repo::new(&text).check(None);
    assert_refused(&r, 5, &["missing key `branch`"]);
}

#[test]
fn a_secret_in_the_personal_file_is_refused() {
    let repo = Repo::new(MINIMAL);
    let personal = repo.personal("user = \"alice\"\n[looker.integration]\nclient_id_env = \"ID\"\nclient_secret = \"hunter2\"\n");
    let r = repo.check(Some(&personal));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("personal.toml:4:1: unknown key `client_secret`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("did you mean `client_secret_env`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_key_action_in_the_personal_file() {
    let repo = Repo::new(MINIMAL);
    let personal = repo.personal("[keys]\nqiut = \"x\"\n");
    let r = repo.check(Some(&personal));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("personal.toml:2:1: unknown key action `qiut`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("did you mean `quit`?"), "{}", r.stderr);
}

#[test]
fn a_named_personal_file_that_does_not_exist() {
    let repo = Repo::new(MINIMAL);
    let r = repo.check(Some(&repo.home.join("nope.toml")));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("nope.toml: cannot read the personal configuration"),
        "{}",
        r.stderr
    );
}

#[test]
fn no_team_file_in_the_repository() {
    let tmp = tempfile::tempdir().expect("tmp");
    git_init(&tmp.path().join("repo"));
    let r = run(storyboard(tmp.path())
        .arg("-C")
        .arg(tmp.path().join("repo"))
        .arg("check"));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("no storyboard.toml here or in any parent up to the repository root"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("config.example.toml"), "{}", r.stderr);
}

#[test]
fn a_missing_directory_for_dash_c() {
    let tmp = tempfile::tempdir().expect("tmp");
    let r = run(storyboard(tmp.path())
        .arg("-C")
        .arg(tmp.path().join("nowhere"))
        .arg("check"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no such directory"), "{}", r.stderr);
}

#[test]
fn version_and_help() {
    let tmp = tempfile::tempdir().expect("tmp");
    let r = run(storyboard(tmp.path()).arg("--version"));
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("storyboard "));
    let r = run(storyboard(tmp.path()).arg("--help"));
    assert_eq!(r.code, 0);
    for flag in [
        "-C <DIR>",
        "--config <PATH>",
        "--log-level <LEVEL>",
        "check",
    ] {
        assert!(r.stdout.contains(flag), "help lacks {flag}:\n{}", r.stdout);
    }
}

#[test]
fn logs_go_to_a_file_in_the_state_directory() {
    let repo = Repo::new(MINIMAL);
    let r = repo.check(None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let log = std::fs::read_to_string(repo.home.join("state/storyboard/storyboard.log"))
        .expect("log file");
    assert!(log.contains("start"), "{log}");
}

#[test]
fn a_connection_name_that_is_not_a_plain_name() {
    let text = MINIMAL.replace(
        r#"{ warehouse = "warehouse_integration" }"#,
        r#"{ warehouse = "ware house\"" }"#,
    );
    let r = Repo::new(&text).check(None);
    assert_refused(&r, 14, &["connections: `ware house\"` is not a plain name"]);
}

#[test]
fn the_terminal_ui_settings_are_checked_too() {
    let repo = Repo::new(MINIMAL);
    for (personal, needles) in [
        (
            "user = \"alice\"\n[keys]\nquit = \"ctrl-c\"\n",
            &["[keys] quit", "ctrl-c always quits", "fix [keys] in"][..],
        ),
        (
            "user = \"alice\"\n[keys]\nswitch = \"shift-banana\"\n",
            &["[keys] switch", "shift-banana"][..],
        ),
        (
            "user = \"alice\"\ntheme = \"/no/such/theme.toml\"\n",
            &[
                "theme /no/such/theme.toml",
                "`dark`, `light` or the path of a theme file",
            ][..],
        ),
    ] {
        let r = repo.check(Some(&repo.personal(personal)));
        assert_eq!(r.code, 2, "{personal}: {}", r.stdout);
        for n in needles {
            assert!(
                r.stderr.contains(n),
                "{personal}: missing {n:?} in {}",
                r.stderr
            );
        }
    }
}

#[test]
fn the_last_stage_is_protected_unless_the_team_says_otherwise() {
    let unmarked = MINIMAL.replace("protected = true\n", "");
    let r = Repo::new(&unmarked).check(None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("production  -> file:///srv/production.git main  (protected)"),
        "{}",
        r.stdout
    );
    let opted_out = MINIMAL.replace("protected = true\n", "protected = false\n");
    let r = Repo::new(&opted_out).check(None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stdout.contains("(protected)"),
        "said in so many words: {}",
        r.stdout
    );
}

#[test]
fn with_production_unmarked_a_connection_left_unmapped_is_refused() {
    let text = format!(
        "{}\n[environment.\"dev-{{user}}\"]\nremote = \"file:///srv/{{user}}.git\"\nbranch = \"dev\"\nmodel_suffix = \"_{{user}}\"\n",
        MINIMAL.replace("protected = true\n", "")
    );
    let repo = Repo::new(&text);
    std::fs::write(
        repo.repo.join("shop.model.lkml"),
        "connection: \"warehouse\"\ninclude: \"*.view.lkml\"\nexplore: orders {}\n",
    )
    .expect("model");
    std::fs::write(
        repo.repo.join("orders.view.lkml"),
        "view: orders {\n  sql_table_name: analytics.orders ;;\n  dimension: id { sql: ${TABLE}.id ;; }\n}\n",
    )
    .expect("view");
    let personal = repo.personal("user = \"bob\"\n");
    let r = repo.check(Some(&personal));
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("dev-bob: refused"), "{}", r.stdout);
    assert!(
        r.stderr.contains("shop_bob.model.lkml:1:14")
            && r.stderr.contains("warehouse")
            && r.stderr.contains("production"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_stage_may_not_use_user() {
    let text = MINIMAL.replace(
        "model_suffix = \"_integration\"",
        "model_suffix = \"_{user}\"",
    );
    let repo = Repo::new(&text);
    let personal = repo.personal("user = \"bob\"\n");
    let r = repo.check(Some(&personal));
    assert_refused(
        &r,
        10,
        &[
            "environment `integration` is a pipeline stage and uses `{user}`",
            "dev-{user}",
        ],
    );
}

#[test]
fn two_stages_on_one_connection_need_the_teams_allowance() {
    let text = format!(
        "{}\n[environment.acceptance]\nremote = \"file:///srv/acceptance.git\"\nbranch = \"main\"\nmodel_suffix = \"_acceptance\"\nconnections = {{ warehouse = \"warehouse_integration\" }}\n",
        MINIMAL.replace(
            r#"stages = ["integration", "production"]"#,
            r#"stages = ["integration", "acceptance", "production"]"#
        )
    );
    let r = Repo::new(&text).check(None);
    assert_refused(
        &r,
        16,
        &[
            "stages `integration` and `acceptance` both map a connection to `warehouse_integration`",
            "shared_connections = [\"warehouse_integration\"]",
        ],
    );
    let allowed = text.replace(
        r#"stages = ["integration", "acceptance", "production"]"#,
        "stages = [\"integration\", \"acceptance\", \"production\"]\nshared_connections = [\"warehouse_integration\"]",
    );
    let r = Repo::new(&allowed).check(None);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn with_production_unmarked_a_constant_left_at_productions_value_is_refused() {
    let text = format!(
        "{}\n[environment.\"dev-{{user}}\"]\nremote = \"file:///srv/{{user}}.git\"\nbranch = \"dev\"\nmodel_suffix = \"_{{user}}\"\nconnections = {{ warehouse = \"warehouse_{{user}}\" }}\n",
        MINIMAL
            .replace("protected = true\n", "")
            .replace(
                "connections = { warehouse = \"warehouse_integration\" }",
                "connections = { warehouse = \"warehouse_integration\" }\nconstants = { SCHEMA = \"analytics_integration\" }",
            )
    );
    let repo = Repo::new(&text);
    std::fs::write(
        repo.repo.join("manifest.lkml"),
        "constant: SCHEMA {\n  value: \"analytics\"\n}\n",
    )
    .expect("manifest");
    std::fs::write(
        repo.repo.join("shop.model.lkml"),
        "connection: \"warehouse\"\ninclude: \"*.view.lkml\"\n",
    )
    .expect("model");
    std::fs::write(
        repo.repo.join("orders.view.lkml"),
        "view: orders {\n  sql_table_name: @{SCHEMA}.orders ;;\n}\n",
    )
    .expect("view");
    let personal = repo.personal("user = \"bob\"\n");
    let r = repo.check(Some(&personal));
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("integration: ok"), "{}", r.stdout);
    assert!(r.stdout.contains("dev-bob: refused"), "{}", r.stdout);
    assert!(
        r.stderr.contains("manifest.lkml:2:")
            && r.stderr.contains("analytics")
            && r.stderr.contains("production"),
        "{}",
        r.stderr
    );
}
