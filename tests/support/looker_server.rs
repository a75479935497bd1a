//! A fake Looker instance for the integration tests: a real HTTP/1.1 server on
//! 127.0.0.1 (random port) that answers the few endpoints storyboard calls — the
//! project deploy webhook and a slice of the API 4.0 (login, logout,
//! deploy_ref_to_production, lookml_models, validate) — records every request,
//! and can be scripted to fail or to answer slowly.
//!
//! Include it with `#[path = "support/looker_server.rs"] mod looker_server;`.
//! It uses only std and serde_json, and never contacts any address but its own.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasher, Hasher, RandomState};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};

const DOCS: &str = "https://cloud.google.com/looker/docs/";

/// How the fake instance behaves. Change it while the server runs with
/// [`LookerServer::set`].
#[derive(Clone, Debug, Default)]
pub struct LookerConfig {
    /// The LookML project id served (e.g. "acme_lookml").
    pub project: String,
    /// When set, the webhook needs the header `X-Looker-Deploy-Secret` equal to it.
    pub webhook_secret: Option<String>,
    /// The API credentials `POST /api/4.0/login` accepts.
    pub client_id: String,
    pub client_secret: String,
    /// The model configurations, by name; `POST` and `PATCH` change them.
    pub models: BTreeMap<String, LookmlModel>,
    /// The `ProjectError` objects `validate` answers.
    pub validation_errors: Vec<Value>,
    /// Scripted failures: the first one whose `path_contains` is in the request's
    /// path and whose `times` is above 0 applies, and its `times` goes down by one.
    pub fail: Vec<Failure>,
    /// When set, the webhook answers 200 with this text as the deploy's error.
    pub deploy_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookmlModel {
    pub name: String,
    pub project_name: String,
    pub allowed_db_connection_names: Vec<String>,
}

impl LookmlModel {
    fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "project_name": self.project_name,
            "allowed_db_connection_names": self.allowed_db_connection_names,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Applies to requests whose path (without the query) contains this.
    pub path_contains: String,
    /// The status answered, with `{"message":"Internal server error"}`; 0 only
    /// delays, then answers normally.
    pub status: u16,
    /// Sleep before answering (for client timeouts).
    pub delay_ms: u64,
    /// How many matching requests it still applies to.
    pub times: usize,
}

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The request target's path, without the query, as sent (not percent-decoded).
    pub path: String,
    /// The query's parameters in order, decoded (`+` and `%XX`).
    pub query: Vec<(String, String)>,
    /// In order; names lower-cased, values trimmed.
    pub headers: Vec<(String, String)>,
    /// The body (de-chunked), as UTF-8 (lossy).
    pub body: String,
}

impl Recorded {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body read as `application/x-www-form-urlencoded`, decoded.
    pub fn form(&self) -> Vec<(String, String)> {
        parse_urlencoded(&self.body)
    }

    /// The value of query parameter `name`, if present.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON; panics (failing the test) when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| {
            panic!(
                "{} {}: the body is not JSON ({e}): {:?}",
                self.method, self.path, self.body
            )
        })
    }
}

struct State {
    config: LookerConfig,
    requests: Vec<Recorded>,
    tokens: HashSet<String>,
    /// Open connections, so dropping the server closes them.
    connections: HashMap<u64, TcpStream>,
}

struct Shared {
    state: Mutex<State>,
    shutdown: AtomicBool,
    next_id: AtomicU64,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked inside `set` must not take every later request down.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The running server; dropping it stops accepting and closes open connections.
pub struct LookerServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl LookerServer {
    /// Binds 127.0.0.1 on a random port and starts answering.
    pub fn start(config: LookerConfig) -> LookerServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("the listener's address");
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                config,
                requests: Vec::new(),
                tokens: HashSet::new(),
                connections: HashMap::new(),
            }),
            shutdown: AtomicBool::new(false),
            next_id: AtomicU64::new(0),
        });
        let accept = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("looker-server-accept".into())
                .spawn(move || accept_loop(listener, shared))
                .expect("spawn the accept thread")
        };
        LookerServer {
            addr,
            shared,
            accept: Some(accept),
        }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in order (failed and delayed ones included).
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().requests.clone()
    }

    /// Changes the behaviour while the server runs.
    pub fn set(&self, f: impl FnOnce(&mut LookerConfig)) {
        f(&mut self.shared.lock().config);
    }

    /// A copy of the current configuration (models as changed by the API, the
    /// failures' remaining `times`).
    pub fn config(&self) -> LookerConfig {
        self.shared.lock().config.clone()
    }
}

impl Drop for LookerServer {
    fn drop(&mut self) {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        for (_, stream) in self.shared.lock().connections.drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        // Wake the accept loop so it sees the flag and drops the listener.
        let woke = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok();
        if let Some(accept) = self.accept.take()
            && woke
        {
            let _ = accept.join();
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.shutdown.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let id = shared.next_id.fetch_add(1, Ordering::SeqCst);
        if let Ok(clone) = stream.try_clone() {
            shared.lock().connections.insert(id, clone);
        }
        let for_thread = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("looker-server-conn".into())
            .spawn(move || {
                serve_connection(stream, &for_thread);
                for_thread.lock().connections.remove(&id);
            });
        if spawned.is_err() {
            shared.lock().connections.remove(&id);
        }
    }
}

/// Answers the requests of one connection in turn, until EOF, an error, or
/// `Connection: close`.
fn serve_connection(stream: TcpStream, shared: &Shared) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        if shared.shutdown.load(Ordering::SeqCst) {
            return;
        }
        let request = match read_request(&mut reader, &mut writer) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(_) => {
                let body = json!({"message": "Bad Request"});
                let _ = write_response(&mut writer, 400, Some(&body), true, false);
                return;
            }
        };
        let close = request.close;
        let head = request.recorded.method == "HEAD";
        let (status, body) = handle(shared, request.recorded);
        if write_response(&mut writer, status, body.as_ref(), close, head).is_err() || close {
            let _ = writer.shutdown(Shutdown::Both);
            return;
        }
    }
}

struct Request {
    recorded: Recorded,
    close: bool,
}

fn bad(msg: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg.to_string())
}

/// One line without its CRLF; `None` at EOF.
fn read_line(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<String>> {
    let mut line = Vec::new();
    let n = reader
        .by_ref()
        .take(64 * 1024)
        .read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if line.last() != Some(&b'\n') {
        return Err(bad("line too long or truncated"));
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}

/// The next request on the connection; `None` at a clean EOF between requests.
fn read_request(
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
) -> std::io::Result<Option<Request>> {
    // Empty lines before a request line are allowed (RFC 9112 §2.2).
    let line = loop {
        match read_line(reader)? {
            None => return Ok(None),
            Some(line) if line.is_empty() => continue,
            Some(line) => break line,
        }
    };
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("malformed request line"));
    };
    let method = method.to_string();
    let version = version.to_ascii_uppercase();

    let mut headers = Vec::new();
    loop {
        let line = read_line(reader)?.ok_or_else(|| bad("EOF in the headers"))?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad("malformed header"))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let connection = header("connection").unwrap_or_default();
    let close = connection.contains("close")
        || (version == "HTTP/1.0" && !connection.contains("keep-alive"));
    let chunked = header("transfer-encoding").is_some_and(|te| te.contains("chunked"));
    let length = match header("content-length") {
        Some(n) => n.parse::<usize>().map_err(|_| bad("bad Content-Length"))?,
        None => 0,
    };
    if header("expect").is_some_and(|e| e == "100-continue") && (chunked || length > 0) {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        writer.flush()?;
    }

    let mut body = Vec::new();
    if chunked {
        loop {
            let size_line = read_line(reader)?.ok_or_else(|| bad("EOF in a chunk size"))?;
            let size = size_line.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size, 16).map_err(|_| bad("bad chunk size"))?;
            if size == 0 {
                // Trailers, up to the empty line.
                while !read_line(reader)?.unwrap_or_default().is_empty() {}
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..])?;
            read_line(reader)?; // the CRLF after the chunk
        }
    } else if length > 0 {
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    }

    // Absolute-form targets ("http://host/path") are reduced to their path.
    let target = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    let target = target.split('#').next().unwrap_or("");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));

    Ok(Some(Request {
        recorded: Recorded {
            method,
            path: path.to_string(),
            query: parse_urlencoded(query),
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        },
        close,
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn write_response(
    writer: &mut TcpStream,
    status: u16,
    body: Option<&Value>,
    close: bool,
    head: bool,
) -> std::io::Result<()> {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    if !body.is_empty() {
        out.push_str("Content-Type: application/json\r\n");
    }
    out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    out.push_str(if close {
        "Connection: close\r\n"
    } else {
        "Connection: keep-alive\r\n"
    });
    out.push_str("\r\n");
    if !head {
        out.push_str(&body);
    }
    writer.write_all(out.as_bytes())?;
    writer.flush()
}

/// Records the request, applies a scripted failure if one matches, then routes.
fn handle(shared: &Shared, request: Recorded) -> (u16, Option<Value>) {
    let failure = {
        let mut state = shared.lock();
        state.requests.push(request.clone());
        let failure = state
            .config
            .fail
            .iter_mut()
            .find(|f| f.times > 0 && request.path.contains(&f.path_contains));
        failure.map(|f| {
            f.times -= 1;
            (f.status, f.delay_ms)
        })
    };
    if let Some((status, delay_ms)) = failure {
        if delay_ms > 0 {
            std::thread::sleep(Duration::from_millis(delay_ms));
        }
        if status != 0 {
            return (status, Some(json!({"message": "Internal server error"})));
        }
    }
    route(&mut shared.lock(), &request)
}

fn not_found() -> (u16, Option<Value>) {
    (404, Some(json!({"message": "Not found"})))
}

fn route(state: &mut State, req: &Recorded) -> (u16, Option<Value>) {
    let segments: Vec<String> = req
        .path
        .split('/')
        .skip(1)
        .map(|s| percent_decode(s, false))
        .collect();
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    let method = req.method.as_str();

    if let ["webhooks", "projects", project, "deploy", rest @ ..] = segs.as_slice() {
        let valid = match rest {
            [] => true,
            ["ref", sha] => !sha.is_empty(),
            ["branch", branch @ ..] => !branch.is_empty() && branch.iter().all(|s| !s.is_empty()),
            _ => false,
        };
        if method != "POST" || !valid {
            return not_found();
        }
        return webhook(state, req, project);
    }

    let ["api", "4.0", api @ ..] = segs.as_slice() else {
        return not_found();
    };
    if method == "POST" && api == ["login"] {
        return login(state, req);
    }
    let Some(token) = bearer_token(req).filter(|t| state.tokens.contains(*t)) else {
        return (
            401,
            Some(json!({"message": "Requires authentication.", "documentation_url": DOCS})),
        );
    };
    match (method, api) {
        ("DELETE", ["logout"]) => {
            let token = token.to_string();
            state.tokens.remove(&token);
            (204, None)
        }
        ("POST", ["projects", project, "deploy_ref_to_production"]) => {
            if *project != state.config.project {
                return not_found();
            }
            let given = |name: &str| req.query.iter().any(|(n, v)| n == name && !v.is_empty());
            if !given("ref") && !given("branch") {
                return (
                    400,
                    Some(json!({
                        "message": "Either branch or ref must be specified",
                        "documentation_url": DOCS,
                    })),
                );
            }
            (204, None)
        }
        ("POST", ["projects", project, "validate"]) => {
            if *project != state.config.project {
                return not_found();
            }
            (
                200,
                Some(json!({
                    "errors": state.config.validation_errors,
                    "project_digest": "abc123",
                    "computation_time": 0.1,
                    "models_not_validated": [],
                })),
            )
        }
        ("GET", ["lookml_models", name]) => match state.config.models.get(*name) {
            Some(model) => (200, Some(model.to_json())),
            None => not_found(),
        },
        ("POST", ["lookml_models"]) => create_model(state, req),
        ("PATCH", ["lookml_models", name]) => update_model(state, req, name),
        _ => not_found(),
    }
}

fn webhook(state: &State, req: &Recorded, project: &str) -> (u16, Option<Value>) {
    if project != state.config.project {
        return not_found();
    }
    if let Some(secret) = &state.config.webhook_secret
        && req.header("x-looker-deploy-secret") != Some(secret.as_str())
    {
        return (
            403,
            Some(json!({"message": "Invalid or missing deploy secret"})),
        );
    }
    let body = match &state.config.deploy_error {
        Some(error) => json!({"operations": [{"operation": "deploy", "error": error}]}),
        None => json!({"operations": [
            {"operation": "pull", "error": null},
            {"operation": "deploy", "error": null},
        ]}),
    };
    (200, Some(body))
}

fn login(state: &mut State, req: &Recorded) -> (u16, Option<Value>) {
    // The form body, or (as Looker also accepts) the query string.
    let find = |name: &str| {
        req.form()
            .into_iter()
            .chain(req.query.iter().cloned())
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    };
    let ok = find("client_id").as_deref() == Some(state.config.client_id.as_str())
        && find("client_secret").as_deref() == Some(state.config.client_secret.as_str());
    if !ok {
        return (
            404,
            Some(json!({"message": "Not found", "documentation_url": DOCS})),
        );
    }
    let token = new_token();
    state.tokens.insert(token.clone());
    (
        200,
        Some(json!({"access_token": token, "token_type": "Bearer", "expires_in": 3600})),
    )
}

/// `Authorization: token <t>` or `Bearer <t>` (scheme case-insensitive).
fn bearer_token(req: &Recorded) -> Option<&str> {
    let value = req.header("authorization")?;
    let (scheme, token) = value.split_once(' ')?;
    let scheme = scheme.to_ascii_lowercase();
    (scheme == "token" || scheme == "bearer").then_some(token.trim())
}

fn new_token() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let word = |salt: u64| {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(n);
        h.write_u64(nanos);
        h.write_u64(salt);
        h.finish()
    };
    format!("{:016x}{:016x}{:08x}", word(1), word(2), word(3) as u32)
}

fn validation_failed(field: &str, code: &str, message: &str) -> (u16, Option<Value>) {
    (
        422,
        Some(json!({
            "message": "Validation Failed",
            "errors": [{"field": field, "code": code, "message": message}],
        })),
    )
}

fn json_body(req: &Recorded) -> Result<serde_json::Map<String, Value>, (u16, Option<Value>)> {
    match serde_json::from_str::<Value>(&req.body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err((
            400,
            Some(
                json!({"message": "Request body must be a JSON object", "documentation_url": DOCS}),
            ),
        )),
    }
}

fn string_list(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn create_model(state: &mut State, req: &Recorded) -> (u16, Option<Value>) {
    let body = match json_body(req) {
        Ok(body) => body,
        Err(answer) => return answer,
    };
    let Some(name) = body
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
    else {
        return validation_failed("name", "missing_field", "Missing required field: name");
    };
    if state.config.models.contains_key(name) {
        return validation_failed(
            "name",
            "already_exists",
            "Model with this name already exists",
        );
    }
    let model = LookmlModel {
        name: name.to_string(),
        project_name: body
            .get("project_name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        allowed_db_connection_names: body
            .get("allowed_db_connection_names")
            .map(string_list)
            .unwrap_or_default(),
    };
    let answer = model.to_json();
    state.config.models.insert(model.name.clone(), model);
    (200, Some(answer))
}

fn update_model(state: &mut State, req: &Recorded, name: &str) -> (u16, Option<Value>) {
    if !state.config.models.contains_key(name) {
        return not_found();
    }
    let body = match json_body(req) {
        Ok(body) => body,
        Err(answer) => return answer,
    };
    let model = state.config.models.get_mut(name).expect("checked above");
    // The name is the key; a different `name` in the body is ignored.
    if let Some(project) = body.get("project_name").and_then(Value::as_str) {
        model.project_name = project.to_string();
    }
    if let Some(names) = body.get("allowed_db_connection_names") {
        model.allowed_db_connection_names = string_list(names);
    }
    (200, Some(model.to_json()))
}

/// `a=1&b=x+y%21` → `[("a","1"),("b","x y!")]`; a key without `=` has an empty value.
fn parse_urlencoded(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// Decodes `%XX` (kept as is when malformed) and, when `plus` is set, `+` as a space.
fn percent_decode(text: &str, plus: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' if plus => out.push(b' '),
            b'%' if i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII hex digits");
                out.push(u8::from_str_radix(hex, 16).expect("two hex digits"));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
