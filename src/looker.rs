//! Telling an environment's Looker instance what was deployed: pushing its
//! branch is half a deployment, the instance must pull it. Through the deploy
//! webhook (`POST /webhooks/projects/{project}/deploy/ref/{sha}`, with the
//! `X-Looker-Deploy-Secret` header) or API 4.0 (`login`, then
//! `deploy_ref_to_production?ref={sha}`, then `logout`). With API credentials,
//! every model name a render introduces gets its model configuration (Looker
//! serves a model only when one exists), with exactly the environment's
//! connections; one that already allows a protected environment's connection
//! is refused: the leak guard, on Looker's side. And the gate: asking a stage's
//! Looker to validate its project before the next stage takes it.
//!
//! Secrets are read from the environment variables the configuration names, at
//! the moment of the request, and never written anywhere: not in errors, logs
//! or reports. Requests time out, and 5xx answers and network failures are
//! retried with a backoff.

use std::fmt;
use std::time::Duration;

use crate::config::{Looker, LookerDeploy};

/// Why Looker was not told, or did not do it. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookerError {
    /// A variable the configuration names is not set.
    MissingSecret { variable: String },
    /// Looker answered with an error: its status and its own words.
    Refused {
        what: String,
        status: u16,
        message: String,
    },
    /// No answer: the network, a timeout.
    Unreachable { what: String, detail: String },
    /// The leak guard, on Looker's side.
    ModelLeak {
        model: String,
        connections: Vec<String>,
    },
}

impl fmt::Display for LookerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookerError::MissingSecret { variable } => write!(
                f,
                "the environment variable {variable} is not set (storyboard.toml names it for the Looker secret)"
            ),
            LookerError::Refused {
                what,
                status,
                message,
            } => write!(f, "{what}: Looker answered {status}: {message}"),
            LookerError::Unreachable { what, detail } => {
                write!(f, "{what}: no answer from Looker: {detail}")
            }
            LookerError::ModelLeak { model, connections } => write!(
                f,
                "Looker's model configuration `{model}` allows {}, which a protected environment uses; storyboard does not deploy over it",
                connections.join(", ")
            ),
        }
    }
}

impl std::error::Error for LookerError {}

pub type Result<T> = std::result::Result<T, LookerError>;

/// A problem Looker's validator found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ValidationProblem {
    pub severity: String,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<u64>,
}

impl ValidationProblem {
    pub fn is_error(&self) -> bool {
        !matches!(self.severity.as_str(), "warning" | "info")
    }
}

impl fmt::Display for ValidationProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            _ => {}
        }
        write!(f, "{}: {}", self.severity, self.message)
    }
}

/// What telling Looker did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Told {
    /// Model configurations created for names the render introduced.
    pub models_created: Vec<String>,
}

/// A model name and the connections it may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelNeed {
    pub name: String,
    pub connections: Vec<String>,
}

/// One Looker instance, as an environment's configuration reaches it.
pub struct Instance<'a> {
    config: &'a Looker,
    agent: ureq::Agent,
    /// Read an environment variable (the process's; tests may stand in).
    var: &'a dyn Fn(&str) -> Option<String>,
}

/// How many times a request is tried, and the first pause between tries.
const TRIES: u32 = 3;
const BACKOFF: Duration = Duration::from_millis(250);

impl<'a> Instance<'a> {
    pub fn new(config: &'a Looker, var: &'a dyn Fn(&str) -> Option<String>) -> Instance<'a> {
        let tls = ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::NativeTls)
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(config.timeout_seconds)))
            .tls_config(tls)
            .build()
            .new_agent();
        Instance { config, agent, var }
    }

    fn secret(&self, variable: &str) -> Result<String> {
        (self.var)(variable)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| LookerError::MissingSecret {
                variable: variable.to_string(),
            })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.url)
    }

    /// Deploys exactly `sha`, first making sure every model in `models` has
    /// its configuration when API credentials are there. `protected` are the
    /// connections of protected environments, which no model configuration of
    /// a non-protected environment may allow.
    pub fn deploy(&self, sha: &str, models: &[ModelNeed], protected: &[String]) -> Result<Told> {
        let mut told = Told::default();
        let session = match &self.config.api {
            Some(_) => Some(self.login()?),
            None => None,
        };
        let result = (|| {
            if let Some(token) = &session {
                told.models_created = self.ensure_models(token, models, protected)?;
            }
            match (self.config.deploy, &session) {
                (LookerDeploy::Api, Some(token)) => self.deploy_by_api(token, sha),
                _ => self.deploy_by_webhook(sha),
            }
        })();
        if let Some(token) = &session {
            self.logout(token);
        }
        result.map(|()| told)
    }

    fn deploy_by_webhook(&self, sha: &str) -> Result<()> {
        let what = format!("deploying {} with Looker's webhook", short(sha));
        let path = format!(
            "/webhooks/projects/{}/deploy/ref/{sha}",
            self.config.project
        );
        let secret = match &self.config.secret_env {
            Some(v) => Some(self.secret(v)?),
            None => None,
        };
        let (status, body) = self.request(&what, || {
            let mut r = self.agent.post(self.url(&path));
            if let Some(s) = &secret {
                r = r.header("X-Looker-Deploy-Secret", s);
            }
            r.send_empty()
        })?;
        if !(200..300).contains(&status) {
            return Err(refused(&what, status, &body));
        }
        // The webhook answers 200 and says in its operations what failed.
        let errors: Vec<String> = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("operations").and_then(|o| o.as_array()).cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|op| op.get("error").and_then(|e| e.as_str()).map(str::to_string))
            .collect();
        if !errors.is_empty() {
            return Err(LookerError::Refused {
                what,
                status,
                message: errors.join("; "),
            });
        }
        Ok(())
    }

    fn login(&self) -> Result<String> {
        let Some((id_var, secret_var)) = &self.config.api else {
            return Err(LookerError::MissingSecret {
                variable: "client_id_env".into(),
            });
        };
        let (id, secret) = (self.secret(id_var)?, self.secret(secret_var)?);
        let what = "logging in to Looker's API".to_string();
        let (status, body) = self.request(&what, || {
            self.agent.post(self.url("/api/4.0/login")).send_form([
                ("client_id", id.as_str()),
                ("client_secret", secret.as_str()),
            ])
        })?;
        if status != 200 {
            return Err(refused(&what, status, &body));
        }
        serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("access_token")?.as_str().map(str::to_string))
            .ok_or_else(|| LookerError::Refused {
                what,
                status,
                message: "the answer holds no access_token".into(),
            })
    }

    fn logout(&self, token: &str) {
        let _ = self
            .agent
            .delete(self.url("/api/4.0/logout"))
            .header("Authorization", &format!("token {token}"))
            .call();
    }

    fn deploy_by_api(&self, token: &str, sha: &str) -> Result<()> {
        let what = format!("deploying {} with Looker's API", short(sha));
        let path = format!(
            "/api/4.0/projects/{}/deploy_ref_to_production",
            self.config.project
        );
        let (status, body) = self.request(&what, || {
            self.agent
                .post(self.url(&path))
                .query("ref", sha)
                .header("Authorization", &format!("token {token}"))
                .send_empty()
        })?;
        if !(200..300).contains(&status) {
            return Err(refused(&what, status, &body));
        }
        Ok(())
    }

    /// Every model in `models` gets its configuration; returns those created.
    fn ensure_models(
        &self,
        token: &str,
        models: &[ModelNeed],
        protected: &[String],
    ) -> Result<Vec<String>> {
        let mut created = Vec::new();
        for m in models {
            let what = format!("reading the model configuration `{}`", m.name);
            let path = format!("/api/4.0/lookml_models/{}", m.name);
            let (status, body) = self.request(&what, || {
                self.agent
                    .get(self.url(&path))
                    .header("Authorization", &format!("token {token}"))
                    .call()
            })?;
            match status {
                200 => {
                    let allowed: Vec<String> = serde_json::from_str::<serde_json::Value>(&body)
                        .ok()
                        .and_then(|v| v.get("allowed_db_connection_names")?.as_array().cloned())
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|c| c.as_str().map(str::to_string))
                        .collect();
                    let leaks: Vec<String> = allowed
                        .iter()
                        .filter(|c| protected.contains(c) && !m.connections.contains(c))
                        .cloned()
                        .collect();
                    if !leaks.is_empty() {
                        return Err(LookerError::ModelLeak {
                            model: m.name.clone(),
                            connections: leaks,
                        });
                    }
                }
                404 => {
                    let what = format!("creating the model configuration `{}`", m.name);
                    let json = serde_json::json!({
                        "name": m.name,
                        "project_name": self.config.project,
                        "allowed_db_connection_names": m.connections,
                    })
                    .to_string();
                    let (status, body) = self.request(&what, || {
                        self.agent
                            .post(self.url("/api/4.0/lookml_models"))
                            .header("Authorization", &format!("token {token}"))
                            .header("Content-Type", "application/json")
                            .send(json.as_str())
                    })?;
                    if !(200..300).contains(&status) {
                        return Err(refused(&what, status, &body));
                    }
                    created.push(m.name.clone());
                }
                _ => return Err(refused(&what, status, &body)),
            }
        }
        Ok(created)
    }

    /// Asks Looker to validate the project it holds.
    pub fn validate(&self) -> Result<Vec<ValidationProblem>> {
        let token = self.login()?;
        let what = format!("validating `{}` in Looker", self.config.project);
        let path = format!("/api/4.0/projects/{}/validate", self.config.project);
        let result = self.request(&what, || {
            self.agent
                .post(self.url(&path))
                .header("Authorization", &format!("token {token}"))
                .send_empty()
        });
        self.logout(&token);
        let (status, body) = result?;
        if !(200..300).contains(&status) {
            return Err(refused(&what, status, &body));
        }
        Ok(validation_problems(&body))
    }

    /// One request, tried again after a 5xx answer or a network failure,
    /// with a growing pause: its status and body.
    fn request(
        &self,
        what: &str,
        send: impl Fn() -> std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<(u16, String)> {
        let mut pause = BACKOFF;
        let mut last = String::new();
        for attempt in 1..=TRIES {
            match send() {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let body = response.body_mut().read_to_string().unwrap_or_default();
                    if status < 500 || attempt == TRIES {
                        return Ok((status, body));
                    }
                    last = format!("{status}: {}", looker_message(&body));
                }
                Err(e) => last = e.to_string(),
            }
            tracing::warn!("{what}: attempt {attempt} failed: {last}");
            std::thread::sleep(pause);
            pause *= 2;
        }
        Err(LookerError::Unreachable {
            what: what.to_string(),
            detail: format!("{last} (tried {TRIES} times)"),
        })
    }
}

fn short(sha: &str) -> &str {
    sha.get(..7).unwrap_or(sha)
}

fn refused(what: &str, status: u16, body: &str) -> LookerError {
    LookerError::Refused {
        what: what.to_string(),
        status,
        message: looker_message(body),
    }
}

/// Looker's own words from an error answer: its `message`, else the body.
fn looker_message(body: &str) -> String {
    let text = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("message")?.as_str().map(str::to_string))
        .unwrap_or_else(|| body.trim().to_string());
    let mut text: String = text.chars().take(500).collect();
    if text.is_empty() {
        text = "(no message)".to_string();
    }
    text
}

/// The problems of a `ProjectValidation` answer.
fn validation_problems(body: &str) -> Vec<ValidationProblem> {
    let value: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    value
        .get("errors")
        .and_then(|e| e.as_array())
        .map(|errors| {
            errors
                .iter()
                .map(|e| ValidationProblem {
                    severity: e
                        .get("severity")
                        .and_then(|s| s.as_str())
                        .unwrap_or("error")
                        .to_string(),
                    message: e
                        .get("message")
                        .and_then(|s| s.as_str())
                        .unwrap_or("(no message)")
                        .to_string(),
                    file: e
                        .get("file_path")
                        .and_then(|s| s.as_str())
                        .map(str::to_string),
                    line: e.get("line_number").and_then(serde_json::Value::as_u64),
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookers_words_are_its_message_or_its_body() {
        assert_eq!(
            looker_message(r#"{"message":"Not found","documentation_url":"x"}"#),
            "Not found"
        );
        assert_eq!(looker_message("plain text\n"), "plain text");
        assert_eq!(looker_message(""), "(no message)");
        assert_eq!(looker_message(&"x".repeat(2000)).len(), 500);
    }

    #[test]
    fn validation_problems_keep_file_line_and_severity() {
        let body = r#"{"errors":[{"severity":"error","message":"Unknown field","file_path":"views/a.view.lkml","line_number":12},{"severity":"warning","message":"Unused"}]}"#;
        let p = validation_problems(body);
        assert_eq!(p.len(), 2);
        assert!(p[0].is_error() && !p[1].is_error());
        assert_eq!(
            p[0].to_string(),
            "views/a.view.lkml:12: error: Unknown field"
        );
        assert!(validation_problems("not json").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_answer_reads_without_panic(body in "\\PC{0,200}") {
            let _ = looker_message(&body);
            let _ = validation_problems(&body);
        }
    }
}
