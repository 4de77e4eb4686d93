//! The HTTP conversation with an LRS, and nothing else: requests with HTTP
//! Basic authentication and `X-Experience-API-Version: 1.0.3`, over rustls
//! (no OpenSSL), with timeouts, and every failure put into words a record
//! keeper can act on (no network, wrong address, refused credentials, not
//! an LRS). What is sent and what the answers mean for the records is
//! `send.rs`'s business.

use std::io::ErrorKind;
use std::time::Duration;

use base64::Engine;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::LrsConfig;
use crate::export::xapi::XAPI_VERSION;

/// How long to wait for a connection, and for a whole request: a batch of
/// statements is small, so a minute without an answer means trouble.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a request got no answer at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unanswered {
    NoNetwork(String),
    WrongAddress(String),
}

impl Unanswered {
    pub(crate) fn words(&self) -> &str {
        match self {
            Unanswered::NoNetwork(words) | Unanswered::WrongAddress(words) => words,
        }
    }
}

/// An answer: its status, where it redirects to (if it does) and its body.
pub(crate) struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

pub(crate) struct Client {
    agent: ureq::Agent,
    endpoint: String,
    authorization: String,
}

fn host_of(endpoint: &str) -> &str {
    let rest = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

impl Client {
    pub(crate) fn new(config: &LrsConfig, secret: &str) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(REQUEST_TIMEOUT))
            // Statuses are answers to read, not failures to raise.
            .http_status_as_error(false)
            // A redirect is an answer too: followed, a POST would become a
            // GET to a sign-in page whose "200 OK" acknowledges nothing.
            .max_redirects(0)
            .user_agent(concat!("Signpost/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        let credentials =
            base64::engine::general_purpose::STANDARD.encode(format!("{}:{secret}", config.key));
        Client {
            agent,
            endpoint: config.endpoint.clone(),
            authorization: format!("Basic {credentials}"),
        }
    }

    fn unanswered(&self, err: ureq::Error) -> Unanswered {
        let host = host_of(&self.endpoint);
        match err {
            ureq::Error::HostNotFound => Unanswered::WrongAddress(format!(
                "The host name {host} could not be found: check the address, and that this computer is online."
            )),
            ureq::Error::BadUri(why) => {
                Unanswered::WrongAddress(format!("The address cannot be used: {why}."))
            }
            ureq::Error::Io(io) => match io.kind() {
                ErrorKind::ConnectionRefused => Unanswered::WrongAddress(format!(
                    "Nothing answered at {host} (the connection was refused): check the address and port, and that the LRS is running."
                )),
                ErrorKind::NetworkUnreachable
                | ErrorKind::HostUnreachable
                | ErrorKind::NetworkDown => Unanswered::NoNetwork(format!(
                    "This computer could not reach {host}: it may be offline ({io})."
                )),
                ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe
                | ErrorKind::UnexpectedEof => Unanswered::NoNetwork(format!(
                    "The connection to {host} was cut off part-way ({io})."
                )),
                _ => Unanswered::NoNetwork(format!("The connection to {host} failed: {io}.")),
            },
            ureq::Error::Timeout(_) => Unanswered::NoNetwork(format!(
                "{host} did not answer in time: the network or the LRS may be down."
            )),
            ureq::Error::ConnectionFailed => Unanswered::NoNetwork(format!(
                "No connection could be made to {host}: the network or the LRS may be down."
            )),
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) => Unanswered::WrongAddress(format!(
                "The secure connection to {host} failed ({err}): check that the address is the LRS's own."
            )),
            other => Unanswered::NoNetwork(format!("The request to {host} failed: {other}.")),
        }
    }

    fn answer(
        &self,
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Answer, Unanswered> {
        let mut response = result.map_err(|err| self.unanswered(err))?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|err| self.unanswered(err))?;
        Ok(Answer {
            status,
            location,
            body,
        })
    }

    /// `GET <endpoint>/<path>`, with the credentials when `authenticated`.
    pub(crate) fn get(&self, path: &str, authenticated: bool) -> Result<Answer, Unanswered> {
        let mut request = self
            .agent
            .get(format!("{}/{path}", self.endpoint))
            .header("X-Experience-API-Version", XAPI_VERSION);
        if authenticated {
            request = request.header("Authorization", &self.authorization);
        }
        self.answer(request.call())
    }

    /// `POST <endpoint>/statements` with a JSON array of statements.
    pub(crate) fn post_statements(&self, body: &[u8]) -> Result<Answer, Unanswered> {
        let request = self
            .agent
            .post(format!("{}/statements", self.endpoint))
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Authorization", &self.authorization)
            .content_type("application/json");
        self.answer(request.send(body))
    }
}

/// What a connection test found, in a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectionOutcome {
    Ok,
    NoNetwork,
    WrongAddress,
    CredentialsRefused,
    NotAnLrs,
}

/// What a connection test found, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionCheck {
    pub outcome: ConnectionOutcome,
    pub message: String,
    /// The xAPI versions the LRS says it speaks (from `/about`), if it said.
    pub version: Option<String>,
}

impl From<Unanswered> for ConnectionCheck {
    fn from(why: Unanswered) -> ConnectionCheck {
        let outcome = match why {
            Unanswered::NoNetwork(_) => ConnectionOutcome::NoNetwork,
            Unanswered::WrongAddress(_) => ConnectionOutcome::WrongAddress,
        };
        ConnectionCheck {
            outcome,
            message: why.words().to_string(),
            version: None,
        }
    }
}

/// What an LRS said in a refusal: FastAPI's `detail`, the spec's
/// `message`, or the start of the body.
pub(crate) fn reason(answer: &Answer) -> String {
    let said = serde_json::from_str::<Value>(&answer.body)
        .ok()
        .and_then(|json| {
            let detail = json.get("detail").or_else(|| json.get("message"))?;
            Some(match detail {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
        })
        .unwrap_or_else(|| answer.body.trim().to_string());
    let said: String = said.chars().take(400).collect();
    if said.is_empty() {
        format!("status {}", answer.status)
    } else {
        format!("{said} (status {})", answer.status)
    }
}

/// What to say of an answer that redirects elsewhere (a sign-in page, or
/// the LRS at another address): Signpost follows no redirect.
pub(crate) fn redirected(answer: &Answer, host: &str) -> String {
    let to = answer.location.as_deref().unwrap_or("another address");
    format!(
        "{host} answered with a redirect to {to} (status {}), which Signpost does not follow: put the LRS's own xAPI address in Settings.",
        answer.status
    )
}

/// Asks the LRS who it is (`GET /about`) and whether it accepts the key and
/// secret (`GET /statements?limit=1`). The only network requests made, and
/// only when a person asks for the test.
pub fn test_connection(config: &LrsConfig, secret: &str) -> ConnectionCheck {
    let client = Client::new(config, secret);
    let host = host_of(&config.endpoint);
    let about = match client.get("about", false) {
        Ok(answer) => answer,
        Err(why) => return why.into(),
    };
    let version = (about.status == 200)
        .then(|| serde_json::from_str::<Value>(&about.body).ok())
        .flatten()
        .and_then(|json| {
            let versions: Vec<String> = json
                .get("version")?
                .as_array()?
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            (!versions.is_empty()).then(|| versions.join(", "))
        });
    let statements = match client.get("statements?limit=1", true) {
        Ok(answer) => answer,
        Err(why) => return why.into(),
    };
    let check = |outcome, message: String| ConnectionCheck {
        outcome,
        message,
        version: version.clone(),
    };
    match statements.status {
        200 => {
            let is_lrs = serde_json::from_str::<Value>(&statements.body)
                .ok()
                .is_some_and(|json| json.get("statements").is_some_and(Value::is_array));
            if is_lrs {
                let speaks = version
                    .as_deref()
                    .map(|v| format!(" It speaks xAPI {v}."))
                    .unwrap_or_default();
                check(
                    ConnectionOutcome::Ok,
                    format!("The LRS at {host} answered and accepted the key and secret.{speaks}"),
                )
            } else {
                check(
                    ConnectionOutcome::NotAnLrs,
                    format!(
                        "{host} answered, but not as an LRS does: check that this is the LRS's xAPI address (it often ends in /xAPI)."
                    ),
                )
            }
        }
        401 => check(
            ConnectionOutcome::CredentialsRefused,
            format!("The LRS at {host} answered, but refused this key and secret: check them."),
        ),
        403 => check(
            ConnectionOutcome::CredentialsRefused,
            format!(
                "The LRS at {host} knows this key but does not let it read statements (403): ask its administrator for a key that may read and write statements."
            ),
        ),
        300..=399 => check(
            ConnectionOutcome::WrongAddress,
            redirected(&statements, host),
        ),
        404 if version.is_none() => check(
            ConnectionOutcome::WrongAddress,
            format!(
                "{host} answered, but there is no LRS at this address (404): check the path (it often ends in /xAPI)."
            ),
        ),
        _ => check(
            ConnectionOutcome::NotAnLrs,
            format!(
                "{host} answered, but not as an LRS does: {}.",
                reason(&statements)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_is_named_without_scheme_or_path() {
        assert_eq!(
            host_of("https://lrs.example.org:8443/xAPI"),
            "lrs.example.org:8443"
        );
        assert_eq!(host_of("http://127.0.0.1:8100"), "127.0.0.1:8100");
    }

    #[test]
    fn a_refusal_is_read_from_the_lrss_detail() {
        let answer = Answer {
            status: 409,
            location: None,
            body: r#"{"detail":"Differing statements already exist with the same ID: x"}"#.into(),
        };
        assert_eq!(
            reason(&answer),
            "Differing statements already exist with the same ID: x (status 409)"
        );
        let bare = Answer {
            status: 500,
            location: None,
            body: String::new(),
        };
        assert_eq!(reason(&bare), "status 500");
    }
}
