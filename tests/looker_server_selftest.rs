//! The fake Looker instance of `support/looker_server.rs`, checked with raw
//! HTTP/1.1 over `std::net::TcpStream`.

#[path = "support/looker_server.rs"]
mod looker_server;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use looker_server::{Failure, LookerConfig, LookerServer, LookmlModel};
use serde_json::{Value, json};

const PROJECT: &str = "acme_lookml";
const CLIENT_ID: &str = "id-123";
/// Needs encoding in a form body: '@', ' ' and '+'.
const CLIENT_SECRET: &str = "p@ss word+1";
const LOGIN_FORM: &str = "client_id=id-123&client_secret=p%40ss+word%2B1";

fn config() -> LookerConfig {
    let mut models = BTreeMap::new();
    models.insert(
        "acme".to_string(),
        LookmlModel {
            name: "acme".into(),
            project_name: PROJECT.into(),
            allowed_db_connection_names: vec!["warehouse".into()],
        },
    );
    LookerConfig {
        project: PROJECT.into(),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        models,
        ..LookerConfig::default()
    }
}

struct Response {
    status: u16,
    /// Names lower-cased.
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }
}

fn request_text(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
    close: bool,
) -> String {
    let mut text = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        text.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    if close {
        text.push_str("Connection: close\r\n");
    }
    text.push_str("\r\n");
    text.push_str(body);
    text
}

/// Reads one response, its body by `Content-Length` (which must be present).
fn read_response(reader: &mut impl BufRead) -> std::io::Result<Response> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    assert_eq!(parts.next(), Some("HTTP/1.1"), "status line {line:?}");
    let status: u16 = parts.next().and_then(|s| s.parse().ok()).expect("a status");
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("a header");
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map(|(_, v)| v.parse().expect("a number"))
        .expect("Content-Length is always set");
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Response {
        status,
        headers,
        body: String::from_utf8(body).expect("UTF-8"),
    })
}

/// One request on its own connection (`Connection: close`); checks the server
/// then closes it.
fn send(
    server: &LookerServer,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut stream = TcpStream::connect(server.addr()).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
        .write_all(request_text(method, path, headers, body, true).as_bytes())
        .unwrap();
    let mut reader = BufReader::new(stream);
    let response = read_response(&mut reader).expect("a response");
    assert_eq!(response.header("connection"), Some("close"));
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).expect("the server closes");
    assert!(rest.is_empty(), "nothing after the body: {rest:?}");
    response
}

fn login(server: &LookerServer) -> String {
    let r = send(
        server,
        "POST",
        "/api/4.0/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        LOGIN_FORM,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["access_token"]
        .as_str()
        .expect("a token")
        .to_string()
}

#[test]
fn url_is_local() {
    let server = LookerServer::start(config());
    let url = server.url();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(url, format!("http://{}", server.addr()));
    assert_ne!(server.addr().port(), 0);
}

#[test]
fn webhook_checks_the_secret_and_the_project() {
    let server = LookerServer::start(LookerConfig {
        webhook_secret: Some("s3cret".into()),
        ..config()
    });
    let hook = "/webhooks/projects/acme_lookml/deploy/ref/0123abcd";
    let forbidden = json!({"message": "Invalid or missing deploy secret"});

    let r = send(&server, "POST", hook, &[], "");
    assert_eq!((r.status, r.json()), (403, forbidden.clone()));
    assert_eq!(r.header("content-type"), Some("application/json"));
    let r = send(
        &server,
        "POST",
        hook,
        &[("X-Looker-Deploy-Secret", "nope")],
        "",
    );
    assert_eq!((r.status, r.json()), (403, forbidden));

    let ok =
        r#"{"operations":[{"operation":"pull","error":null},{"operation":"deploy","error":null}]}"#;
    for path in [
        hook,
        "/webhooks/projects/acme_lookml/deploy",
        "/webhooks/projects/acme_lookml/deploy/branch/feature%2Fx",
        "/webhooks/projects/acme_lookml/deploy/branch/feature/x",
    ] {
        let r = send(
            &server,
            "POST",
            path,
            &[("x-looker-deploy-secret", "s3cret")],
            "",
        );
        assert_eq!((r.status, r.body.as_str()), (200, ok), "{path}");
    }

    let r = send(
        &server,
        "POST",
        "/webhooks/projects/other/deploy/ref/0123abcd",
        &[("X-Looker-Deploy-Secret", "s3cret")],
        "",
    );
    assert_eq!(
        (r.status, r.body.as_str()),
        (404, r#"{"message":"Not found"}"#)
    );
    let r = send(
        &server,
        "POST",
        "/webhooks/projects/acme_lookml/deploy/tag/v1",
        &[],
        "",
    );
    assert_eq!(r.status, 404);

    server.set(|c| {
        c.webhook_secret = None;
        c.deploy_error = Some("merge conflict in views/orders.view.lkml".into());
    });
    let r = send(&server, "POST", hook, &[], "");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"operations": [{"operation": "deploy", "error": "merge conflict in views/orders.view.lkml"}]})
    );
}

#[test]
fn login_deploy_logout() {
    let server = LookerServer::start(config());
    let deploy = "/api/4.0/projects/acme_lookml/deploy_ref_to_production?ref=0123abcd";

    let r = send(
        &server,
        "POST",
        "/api/4.0/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        "client_id=id-123&client_secret=wrong",
    );
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json(),
        json!({"message": "Not found", "documentation_url": "https://cloud.google.com/looker/docs/"})
    );

    let r = send(&server, "POST", deploy, &[], "");
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["message"], "Requires authentication.");
    let r = send(
        &server,
        "POST",
        deploy,
        &[("Authorization", "token made-up")],
        "",
    );
    assert_eq!(r.status, 401);

    let r = send(
        &server,
        "POST",
        "/api/4.0/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        LOGIN_FORM,
    );
    assert_eq!(r.status, 200);
    let answer = r.json();
    assert_eq!(answer["token_type"], "Bearer");
    assert_eq!(answer["expires_in"], 3600);
    let token = answer["access_token"].as_str().unwrap().to_string();
    assert!(token.len() >= 32, "{token}");
    assert_ne!(token, login(&server), "each login issues a new token");

    let auth = format!("token {token}");
    let r = send(&server, "POST", deploy, &[("Authorization", &auth)], "");
    assert_eq!((r.status, r.body.as_str()), (204, ""));
    assert_eq!(r.header("content-length"), Some("0"));
    let bearer = format!("Bearer {token}");
    let r = send(
        &server,
        "POST",
        "/api/4.0/projects/acme_lookml/deploy_ref_to_production?branch=main",
        &[("Authorization", &bearer)],
        "",
    );
    assert_eq!(r.status, 204);

    let r = send(
        &server,
        "POST",
        "/api/4.0/projects/acme_lookml/deploy_ref_to_production",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"],
        "Either branch or ref must be specified"
    );
    let r = send(
        &server,
        "POST",
        "/api/4.0/projects/other/deploy_ref_to_production?ref=0123abcd",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!((r.status, r.json()), (404, json!({"message": "Not found"})));
    let r = send(
        &server,
        "GET",
        "/api/4.0/no_such_thing",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(r.status, 404);

    let r = send(
        &server,
        "DELETE",
        "/api/4.0/logout",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!((r.status, r.body.as_str()), (204, ""));
    let r = send(&server, "POST", deploy, &[("Authorization", &auth)], "");
    assert_eq!(r.status, 401);
    let r = send(
        &server,
        "DELETE",
        "/api/4.0/logout",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(r.status, 401);
}

#[test]
fn models_get_create_duplicate_update() {
    let server = LookerServer::start(config());
    let auth = format!("token {}", login(&server));
    let auth = [("Authorization", auth.as_str())];

    let r = send(&server, "GET", "/api/4.0/lookml_models/acme", &auth, "");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        r#"{"name":"acme","project_name":"acme_lookml","allowed_db_connection_names":["warehouse"]}"#
    );
    let r = send(&server, "GET", "/api/4.0/lookml_models/acme_dev", &auth, "");
    assert_eq!((r.status, r.json()), (404, json!({"message": "Not found"})));

    let model = json!({"name": "acme_dev", "project_name": PROJECT, "allowed_db_connection_names": ["dev"]});
    let json_auth = [auth[0], ("Content-Type", "application/json")];
    let r = send(
        &server,
        "POST",
        "/api/4.0/lookml_models",
        &json_auth,
        &model.to_string(),
    );
    assert_eq!((r.status, r.json()), (200, model.clone()));
    let r = send(&server, "GET", "/api/4.0/lookml_models/acme_dev", &auth, "");
    assert_eq!((r.status, r.json()), (200, model.clone()));
    assert_eq!(
        server.config().models["acme_dev"].allowed_db_connection_names,
        ["dev"]
    );

    let r = send(
        &server,
        "POST",
        "/api/4.0/lookml_models",
        &json_auth,
        &model.to_string(),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json(),
        json!({"message": "Validation Failed", "errors": [
            {"field": "name", "code": "already_exists", "message": "Model with this name already exists"}
        ]})
    );

    let patch = json!({"allowed_db_connection_names": ["dev", "warehouse"]});
    let r = send(
        &server,
        "PATCH",
        "/api/4.0/lookml_models/acme_dev",
        &json_auth,
        &patch.to_string(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json()["allowed_db_connection_names"],
        json!(["dev", "warehouse"])
    );
    assert_eq!(r.json()["project_name"], PROJECT);
    let r = send(
        &server,
        "PATCH",
        "/api/4.0/lookml_models/nope",
        &json_auth,
        &patch.to_string(),
    );
    assert_eq!(r.status, 404);

    // The models are unreachable without a token.
    let r = send(&server, "GET", "/api/4.0/lookml_models/acme", &[], "");
    assert_eq!(r.status, 401);
}

#[test]
fn validate_returns_the_configured_errors() {
    let error = json!({
        "code": "lookml_error",
        "severity": "error",
        "kind": "field",
        "message": "Unknown view \"orders\"",
        "field_name": "orders.total",
        "file_path": "acme_lookml/views/orders.view.lkml",
        "line_number": 12,
        "model_id": "acme",
        "explore": "orders",
        "help_url": null,
        "params": {},
        "sanitized_message": "Unknown view"
    });
    let server = LookerServer::start(LookerConfig {
        validation_errors: vec![error.clone()],
        ..config()
    });
    let auth = format!("token {}", login(&server));
    let r = send(
        &server,
        "POST",
        "/api/4.0/projects/acme_lookml/validate",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"errors": [error], "project_digest": "abc123", "computation_time": 0.1, "models_not_validated": []})
    );

    server.set(|c| c.validation_errors.clear());
    let r = send(
        &server,
        "POST",
        "/api/4.0/projects/acme_lookml/validate",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(r.json()["errors"], json!([]));
    let r = send(
        &server,
        "POST",
        "/api/4.0/projects/other/validate",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(r.status, 404);
}

#[test]
fn a_scripted_failure_then_success() {
    let server = LookerServer::start(LookerConfig {
        fail: vec![
            Failure {
                path_contains: "/webhooks/".into(),
                status: 500,
                delay_ms: 0,
                times: 1,
            },
            Failure {
                path_contains: "/login".into(),
                status: 503,
                delay_ms: 0,
                times: 2,
            },
        ],
        ..config()
    });
    let hook = "/webhooks/projects/acme_lookml/deploy/ref/0123abcd";
    let r = send(&server, "POST", hook, &[], "");
    assert_eq!(
        (r.status, r.json()),
        (500, json!({"message": "Internal server error"}))
    );
    let r = send(&server, "POST", hook, &[], "");
    assert_eq!(r.status, 200);

    for _ in 0..2 {
        let r = send(&server, "POST", "/api/4.0/login", &[], LOGIN_FORM);
        assert_eq!(r.status, 503);
    }
    login(&server);
    let fail = server.config().fail;
    assert_eq!(fail.iter().map(|f| f.times).collect::<Vec<_>>(), [0, 0]);
    // Failed requests are recorded too.
    assert_eq!(server.requests().len(), 5);
}

#[test]
fn a_delayed_answer_and_a_client_timeout() {
    let server = LookerServer::start(config());
    server.set(|c| {
        c.fail.push(Failure {
            path_contains: "/deploy".into(),
            status: 0,
            delay_ms: 250,
            times: 1,
        })
    });
    let hook = "/webhooks/projects/acme_lookml/deploy";
    let started = Instant::now();
    let r = send(&server, "POST", hook, &[], "");
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert_eq!(r.status, 200, "status 0 only delays");
    let started = Instant::now();
    assert_eq!(send(&server, "POST", hook, &[], "").status, 200);
    assert!(started.elapsed() < Duration::from_millis(250));

    // A client that gives up before the answer; the request is recorded anyway.
    server.set(|c| {
        c.fail.push(Failure {
            path_contains: "validate".into(),
            status: 500,
            delay_ms: 400,
            times: 1,
        })
    });
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    stream
        .write_all(
            request_text(
                "POST",
                "/api/4.0/projects/acme_lookml/validate",
                &[],
                "",
                true,
            )
            .as_bytes(),
        )
        .unwrap();
    let mut buf = [0; 64];
    let err = stream.read(&mut buf).expect_err("no answer within 100 ms");
    assert!(
        matches!(
            err.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
        "{err}"
    );
    let last = server.requests().pop().unwrap();
    assert_eq!(last.path, "/api/4.0/projects/acme_lookml/validate");
}

#[test]
fn requests_are_recorded_decoded() {
    let server = LookerServer::start(config());
    let body = r#"{"name":"x y"}"#;
    send(
        &server,
        "POST",
        "/api/4.0/projects/acme_lookml/deploy_ref_to_production?ref=a%2Fb&branch=x+y%21&flag",
        &[
            ("X-Custom-Header", "  Some Value "),
            ("Content-Type", "application/json"),
        ],
        body,
    );
    send(
        &server,
        "POST",
        "/api/4.0/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        LOGIN_FORM,
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let first = &requests[0];
    assert_eq!(first.method, "POST");
    assert_eq!(
        first.path,
        "/api/4.0/projects/acme_lookml/deploy_ref_to_production"
    );
    assert_eq!(
        first.query,
        [
            ("ref".to_string(), "a/b".to_string()),
            ("branch".to_string(), "x y!".to_string()),
            ("flag".to_string(), String::new()),
        ]
    );
    assert_eq!(first.query_param("ref"), Some("a/b"));
    assert!(
        first
            .headers
            .contains(&("x-custom-header".to_string(), "Some Value".to_string())),
        "{:?}",
        first.headers
    );
    assert!(
        first
            .headers
            .iter()
            .all(|(n, _)| *n == n.to_ascii_lowercase())
    );
    assert_eq!(first.header("X-CUSTOM-HEADER"), Some("Some Value"));
    assert_eq!(first.header("host"), Some("127.0.0.1"));
    assert_eq!(first.header("authorization"), None);
    assert_eq!(first.body, body);
    assert_eq!(first.json(), json!({"name": "x y"}));

    let second = &requests[1];
    assert_eq!(
        second.form(),
        [
            ("client_id".to_string(), CLIENT_ID.to_string()),
            ("client_secret".to_string(), CLIENT_SECRET.to_string()),
        ]
    );
    assert!(second.query.is_empty());
}

#[test]
fn keep_alive_and_chunked_bodies() {
    let server = LookerServer::start(config());
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());

    // A chunked login, then a request with the token, on the same connection.
    stream
        .write_all(
            b"POST /api/4.0/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\
              14\r\nclient_id=id-123&cli\r\n18\r\nent_secret=p%40ss+word%2\r\n2\r\nB1\r\n0\r\n\r\n",
        )
        .unwrap();
    let r = read_response(&mut reader).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("connection"), Some("keep-alive"));
    let token = r.json()["access_token"].as_str().unwrap().to_string();

    let auth = format!("token {token}");
    stream
        .write_all(
            request_text(
                "GET",
                "/api/4.0/lookml_models/acme",
                &[("Authorization", &auth)],
                "",
                false,
            )
            .as_bytes(),
        )
        .unwrap();
    let r = read_response(&mut reader).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["name"], "acme");
    assert_eq!(server.requests()[0].body, LOGIN_FORM);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn dropping_the_server_closes_it() {
    let server = LookerServer::start(config());
    let addr = server.addr();
    let idle = TcpStream::connect(addr).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    drop(server);
    // The open connection is closed (EOF or reset, not a timeout) ...
    let mut buf = [0; 16];
    match (&idle).read(&mut buf) {
        Ok(n) => assert_eq!(n, 0),
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
    // ... and nothing listens any more.
    assert!(TcpStream::connect(addr).is_err());
}
