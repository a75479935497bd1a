//! Telling Looker to deploy, through the real binary, against a real HTTP server
//! on 127.0.0.1 (a random port; nothing else is ever contacted) that answers as
//! Looker's deploy webhook and API 4.0 do, records every request, and fails on
//! demand. The git side is real too: bare remotes reached by `file://` URLs.

#[path = "support/looker_server.rs"]
mod looker_server;
#[path = "support/pipeline.rs"]
mod pipeline;
mod support;
#[path = "support/world.rs"]
mod world;

use looker_server::{Failure, LookerConfig, LookerServer, LookmlModel};
use pipeline::{json, merge_commit, status};
use support::environment;
use world::{World, git_out};

const SECRET: &str = "s3cret-deploy-9f2c";
const CLIENT_SECRET: &str = "client-secret-77ab";

fn server() -> LookerServer {
    LookerServer::start(LookerConfig {
        project: "acme".into(),
        webhook_secret: Some(SECRET.into()),
        client_id: "storyboard-ci".into(),
        client_secret: CLIENT_SECRET.into(),
        ..LookerConfig::default()
    })
}

/// Adds `[environment.ENV.looker]` to alice's team file.
fn looker_table(w: &World, env: &str, body: &str) {
    let path = w.clone.join("storyboard.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n[environment.{env}.looker]\n{body}")).unwrap();
}

fn secrets() -> Vec<(&'static str, &'static str)> {
    vec![
        ("LOOKER_DEPLOY_SECRET", SECRET),
        ("LOOKER_CLIENT_ID", "storyboard-ci"),
        ("LOOKER_CLIENT_SECRET", CLIENT_SECRET),
    ]
}

/// No secret anywhere the user or a script could see it.
fn assert_no_secret(r: &support::Run) {
    for s in [SECRET, CLIENT_SECRET] {
        assert!(
            !r.stdout.contains(s) && !r.stderr.contains(s),
            "a secret leaked:\n{}\n{}",
            r.stdout,
            r.stderr
        );
    }
}

/// A story merged to main, for something to promote.
fn a_change(w: &World, key: &str) {
    w.ok(&["story", "new", key, "change"]);
    let dir = w.story_dir(key);
    let p = dir.join("views/users.view.lkml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, format!("{text}\n# {key}\n")).unwrap();
    git_out(&dir, &["commit", "-q", "-am", &format!("{key} change")]);
    merge_commit(w, &format!("story/{key}-change"), 1);
}

#[test]
fn the_webhook_deploys_the_deployment_commit_and_a_failure_is_retried_alone() {
    let looker = server();
    let w = World::new();
    looker_table(
        &w,
        "integration",
        &format!(
            "url = \"{}\"\nproject = \"acme\"\ndeploy = \"webhook\"\nsecret_env = \"LOOKER_DEPLOY_SECRET\"\n",
            looker.url()
        ),
    );
    a_change(&w, "W-1");

    // The secret's variable is not set: the push stands, Looker is not told.
    let r = w.sb(&["promote", "integration", "--yes"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("is pushed to integration, but Looker did not deploy it")
            && r.stdout.contains("LOOKER_DEPLOY_SECRET is not set"),
        "{}",
        r.stdout
    );
    let pushed = w.remote_tip("integration", "main");
    assert!(!pushed.is_empty(), "the push stands");
    assert!(looker.requests().is_empty());
    let st = status(&w);
    assert_eq!(environment(&st, "integration")["looker"], "behind");
    assert!(
        w.ok(&["status"]).contains("pushed, not deployed in Looker"),
        "the board says so"
    );

    // A wrong secret: Looker's own words.
    let r = w.sb_env(
        &["promote", "integration", "--yes"],
        &[("LOOKER_DEPLOY_SECRET", "wrong")],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("Looker answered 403: Invalid or missing deploy secret"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("wrong"),
        "not even a wrong secret is shown"
    );

    // Again with the secret: only the Looker step runs, for that very commit.
    let r = w.sb_env(&["promote", "integration", "--yes"], &secrets());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_no_secret(&r);
    assert!(
        r.stdout.contains("promoting again tells Looker only"),
        "{}",
        r.stdout
    );
    assert_eq!(
        w.remote_tip("integration", "main"),
        pushed,
        "no new deployment commit"
    );
    let last = looker.requests().pop().expect("a request");
    assert_eq!(last.method, "POST");
    assert_eq!(
        last.path,
        format!("/webhooks/projects/acme/deploy/ref/{pushed}")
    );
    assert_eq!(last.header("x-looker-deploy-secret"), Some(SECRET));
    assert_eq!(
        environment(&status(&w), "integration")["looker"],
        "deployed"
    );

    // Nothing left to tell: a promotion with nothing new makes no request.
    let before = looker.requests().len();
    w.ok(&["promote", "integration", "--yes"]);
    assert_eq!(looker.requests().len(), before);

    // The next promotion tells Looker in the same run; an error in the
    // webhook's operations is shown as Looker wrote it.
    a_change(&w, "W-2");
    looker.set(|c| c.deploy_error = Some("Git pull failed: conflict".into()));
    let r = w.sb_env(&["promote", "integration", "--yes", "--json"], &secrets());
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_no_secret(&r);
    let out = json(&r.stdout);
    assert_eq!(
        out["promoted"]["looker"],
        "failed: deploying ".to_string()
            + &w.remote_tip("integration", "main")[..7]
            + " with Looker's webhook: Looker answered 200: Git pull failed: conflict"
    );
}

#[test]
fn the_api_deploys_configures_new_models_and_refuses_a_leaking_one() {
    let looker = server();
    let w = World::new();
    looker_table(
        &w,
        "integration",
        &format!(
            "url = \"{}\"\nproject = \"acme\"\ndeploy = \"api\"\nclient_id_env = \"LOOKER_CLIENT_ID\"\nclient_secret_env = \"LOOKER_CLIENT_SECRET\"\ntimeout_seconds = 2\n",
            looker.url()
        ),
    );
    // One model is configured already, rightly; a 500 comes first on deploy.
    looker.set(|c| {
        c.models.insert(
            "ecommerce_integration".into(),
            LookmlModel {
                name: "ecommerce_integration".into(),
                project_name: "acme".into(),
                allowed_db_connection_names: vec!["warehouse_integration".into()],
            },
        );
        c.fail.push(Failure {
            path_contains: "deploy_ref_to_production".into(),
            status: 500,
            delay_ms: 0,
            times: 1,
        });
    });
    a_change(&w, "A-1");
    let r = w.sb_env(&["promote", "integration", "--yes", "--json"], &secrets());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_no_secret(&r);
    let sha = w.remote_tip("integration", "main");
    let requests = looker.requests();
    let login = &requests[0];
    assert_eq!(
        (login.method.as_str(), login.path.as_str()),
        ("POST", "/api/4.0/login")
    );
    assert!(
        login
            .form()
            .contains(&("client_secret".to_string(), CLIENT_SECRET.to_string()))
    );
    let created: Vec<_> = requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/api/4.0/lookml_models")
        .collect();
    assert_eq!(created.len(), 1, "only the model not configured yet");
    assert_eq!(
        created[0].json(),
        serde_json::json!({
            "name": "marketing_integration",
            "project_name": "acme",
            "allowed_db_connection_names": ["warehouse_integration"],
        })
    );
    let deploys: Vec<_> = requests
        .iter()
        .filter(|r| r.path == "/api/4.0/projects/acme/deploy_ref_to_production")
        .collect();
    assert_eq!(deploys.len(), 2, "a 500, then again");
    assert_eq!(deploys[1].query_param("ref"), Some(sha.as_str()));
    assert!(
        deploys[1]
            .header("authorization")
            .is_some_and(|a| a.starts_with("token "))
    );
    assert_eq!(
        requests.last().map(|r| r.path.as_str()),
        Some("/api/4.0/logout")
    );
    let out = json(&r.stdout);
    assert_eq!(out["promoted"]["looker"], "deployed");

    // A model configuration that allows production's connection: refused.
    looker.set(|c| {
        c.models.insert(
            "marketing_integration".into(),
            LookmlModel {
                name: "marketing_integration".into(),
                project_name: "acme".into(),
                allowed_db_connection_names: vec![
                    "warehouse_integration".into(),
                    "warehouse".into(),
                ],
            },
        );
    });
    a_change(&w, "A-2");
    let r = w.sb_env(&["promote", "integration", "--yes"], &secrets());
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "`marketing_integration` allows warehouse, which a protected environment uses"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(environment(&status(&w), "integration")["looker"], "behind");

    // No answer in time, three times: said so, and the push stands.
    looker.set(|c| {
        if let Some(m) = c.models.get_mut("marketing_integration") {
            m.allowed_db_connection_names.retain(|n| n != "warehouse");
        }
        c.fail.push(Failure {
            path_contains: "deploy_ref_to_production".into(),
            status: 0,
            delay_ms: 3_000,
            times: 3,
        });
    });
    let r = w.sb_env(&["promote", "integration", "--yes"], &secrets());
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("no answer from Looker") && r.stdout.contains("tried 3 times"),
        "{}",
        r.stdout
    );
    // Then Looker answers: the retry deploys the commit the branch holds.
    let r = w.sb_env(&["promote", "integration", "--yes"], &secrets());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let sha = w.remote_tip("integration", "main");
    let last_deploy = looker
        .requests()
        .into_iter()
        .rfind(|r| r.path.ends_with("deploy_ref_to_production"))
        .expect("a deploy");
    assert_eq!(last_deploy.query_param("ref"), Some(sha.as_str()));
}

#[test]
fn validation_errors_on_the_stage_before_refuse_the_promotion() {
    let looker = server();
    let w = World::new();
    looker_table(
        &w,
        "integration",
        &format!(
            "url = \"{}\"\nproject = \"acme\"\ndeploy = \"api\"\nclient_id_env = \"LOOKER_CLIENT_ID\"\nclient_secret_env = \"LOOKER_CLIENT_SECRET\"\n",
            looker.url()
        ),
    );
    looker_table(
        &w,
        "acceptance",
        &format!(
            "url = \"{}\"\nproject = \"acme\"\ndeploy = \"webhook\"\nsecret_env = \"LOOKER_DEPLOY_SECRET\"\nvalidate = true\n",
            looker.url()
        ),
    );
    a_change(&w, "V-1");
    let r = w.sb_env(&["promote", "integration", "--yes"], &secrets());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let r = w.sb_env(&["release", "cut", "--yes"], &secrets());
    assert_eq!(r.code, 0, "{}", r.stderr);
    looker.set(|c| {
        c.validation_errors = vec![
            serde_json::json!({"severity": "error", "message": "Unknown or inaccessible field \"users.m1\"", "file_path": "acme/views/users.view.lkml", "line_number": 42}),
            serde_json::json!({"severity": "warning", "message": "Dimension is never used"}),
        ];
    });
    let before = w.remote_tip("acceptance", "main");
    let r = w.sb_env(&["promote", "acceptance", "--yes"], &secrets());
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("finds errors")
            && r.stderr
                .contains("acme/views/users.view.lkml:42: error: Unknown or inaccessible field"),
        "{}",
        r.stderr
    );
    assert_eq!(
        w.remote_tip("acceptance", "main"),
        before,
        "nothing written"
    );
    // Warnings alone are shown, not blocking.
    looker.set(|c| c.validation_errors.retain(|e| e["severity"] == "warning"));
    let r = w.sb_env(&["promote", "acceptance", "--yes"], &secrets());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("warning: Dimension is never used"),
        "{}",
        r.stdout
    );
    assert_no_secret(&r);
    assert!(
        looker
            .requests()
            .iter()
            .any(|q| q.path == "/api/4.0/projects/acme/validate")
    );
}

#[test]
fn a_secret_written_into_the_team_file_is_refused() {
    let w = World::new();
    looker_table(
        &w,
        "integration",
        "url = \"https://acme.looker.example\"\nproject = \"acme\"\ndeploy = \"webhok\"\nsecret = \"hunter2\"\n",
    );
    let r = w.sb(&["check"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "`secret` in [environment.integration.looker] writes a secret into storyboard.toml"
        ) && r.stderr.contains("secret_env")
            && r.stderr.contains("did you mean `webhook`?")
            && r.stderr.contains("storyboard.toml:"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
}

#[test]
fn a_developers_environment_with_a_looker_is_told_after_each_publish() {
    let looker = server();
    let w = World::new();
    looker_table(
        &w,
        "\"dev-{user}\"",
        &format!(
            "url = \"{}\"\nproject = \"acme\"\ndeploy = \"webhook\"\nsecret_env = \"LOOKER_DEPLOY_SECRET\"\n",
            looker.url()
        ),
    );
    let r = w.sb_env(&["story", "new", "D-1", "dev"], &secrets());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_no_secret(&r);
    let tip = w.remote_tip("dev-alice", "dev");
    let last = looker.requests().pop().expect("Looker was told");
    assert_eq!(
        last.path,
        format!("/webhooks/projects/acme/deploy/ref/{tip}")
    );
    assert!(
        r.stdout
            .contains(&format!("Looker deployed {} on dev-alice", &tip[..7])),
        "{}",
        r.stdout
    );
    // The log holds no secret either.
    let log = w.home.join("state/storyboard/storyboard.log");
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!text.is_empty(), "a log at {}", log.display());
    assert!(
        !text.contains(SECRET) && !text.contains(CLIENT_SECRET),
        "{text}"
    );
}
