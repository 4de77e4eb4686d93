//! Sending statements to an LRS and remembering what it acknowledged.
//!
//! The statements are the xAPI export's own (one builder, in
//! `export/xapi.rs`); their ids are stable, so a statement is the same
//! statement every time it is built. Those the LRS has acknowledged at this
//! address are recorded (`lrs_acknowledged`) batch by batch, each batch in
//! its own transaction the moment the LRS says yes, so a send that stops
//! part-way (network down, timeout, a 5xx answer, Cancel) keeps what got
//! through, and the next send carries on with the rest: nothing is sent
//! twice, nothing is lost. When the LRS refuses a batch as bad (a 4xx
//! other than refused credentials), its statements are sent one at a time
//! to find which, and each refused one is named with the LRS's reason while
//! the rest still go. Nothing else in the records changes; one audit line
//! notes how many statements left the computer, and for where.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use rusqlite::params;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::client::{Answer, Client, reason, redirected};
use super::{LrsConfig, LrsError};
use crate::export::DateRange;
use crate::export::xapi;
use crate::progress::{Progress, Silent};
use crate::records::audit::{self, AuditAction};
use crate::records::sql::{self, ts_at};
use crate::records::{DbContext, Store};

/// Statements per request: large enough that 10,000 go in 20 requests,
/// small enough that one request's body (about 1 MB) is quick to resend.
pub const BATCH_SIZE: usize = 500;

/// A statement the LRS refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Rejected {
    pub statement_id: String,
    /// Who did what, and when, in words.
    pub what: String,
    /// The LRS's own reason.
    pub reason: String,
}

/// Where the time of a send went (milliseconds): Signpost's own share is
/// the time before the first request and between one answer and the next
/// request; the rest is the network and the LRS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SendTimings {
    pub before_first_request_ms: f64,
    pub between_batches_ms: f64,
    pub waiting_for_lrs_ms: f64,
    pub total_ms: f64,
    #[ts(type = "number")]
    pub requests: u64,
}

/// What a send did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SendReport {
    pub endpoint: String,
    /// Statements for the records in the range.
    #[ts(type = "number")]
    pub total: u64,
    /// Acknowledged by an earlier send, so not sent again.
    #[ts(type = "number")]
    pub already_sent: u64,
    /// Acknowledged by the LRS during this send.
    #[ts(type = "number")]
    pub sent: u64,
    pub rejected: Vec<Rejected>,
    /// Not sent because the send stopped (see `stopped`, `cancelled`).
    #[ts(type = "number")]
    pub not_sent: u64,
    /// Why the send stopped before the end, in words.
    pub stopped: Option<String>,
    pub cancelled: bool,
    pub timings: SendTimings,
}

/// What has been sent to the LRS at an address, for the window's line
/// "312 statements sent on 2 Dec 2026, 4 new since".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SendStatus {
    pub endpoint: String,
    /// Statements the LRS has acknowledged, all sends together.
    #[ts(type = "number")]
    pub sent: u64,
    /// When it last acknowledged one.
    pub last_sent_at: Option<Timestamp>,
    /// Statements Signpost could send that it has not acknowledged.
    #[ts(type = "number")]
    pub new_since: u64,
}

fn acknowledged(store: &Store, endpoint: &str) -> Result<HashSet<String>, LrsError> {
    let mut stmt = store
        .conn_ref()
        .prepare("SELECT statement_id FROM lrs_acknowledged WHERE endpoint = ?1")
        .doing("read which statements were sent")?;
    let ids = stmt
        .query_map([endpoint], |r| r.get::<_, String>(0))
        .doing("read which statements were sent")?
        .collect::<rusqlite::Result<HashSet<_>>>()
        .doing("read which statements were sent")?;
    Ok(ids)
}

fn record_acknowledged(store: &mut Store, endpoint: &str, ids: &[&str]) -> Result<(), LrsError> {
    let at = sql::ts_text(sql::now());
    let tx = store
        .conn()
        .transaction()
        .doing("start recording what the LRS acknowledged")?;
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO lrs_acknowledged (endpoint, statement_id, at) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
            )
            .doing("record what the LRS acknowledged")?;
        for id in ids {
            insert
                .execute(params![endpoint, id, at])
                .doing("record what the LRS acknowledged")?;
        }
    }
    tx.commit().doing("record what the LRS acknowledged")?;
    Ok(())
}

fn statement_id(statement: &Value) -> &str {
    statement.get("id").and_then(Value::as_str).unwrap_or("")
}

fn text_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(value, |v, key| v.get(*key))
        .and_then(Value::as_str)
}

/// "Zoë Adams attended Morning session on 2026-03-04": who did what, when.
fn describe(statement: &Value) -> String {
    let who = text_at(statement, &["actor", "name"]).unwrap_or("someone");
    let did = statement
        .pointer("/verb/display")
        .and_then(Value::as_object)
        .and_then(|names| names.values().next())
        .and_then(Value::as_str)
        .unwrap_or("did");
    let what = statement
        .pointer("/object/definition/name")
        .and_then(Value::as_object)
        .and_then(|names| names.values().next())
        .and_then(Value::as_str)
        .or_else(|| text_at(statement, &["object", "id"]))
        .unwrap_or("an activity");
    let when = text_at(statement, &["timestamp"])
        .map(|t| format!(" on {}", t.get(..10).unwrap_or(t)))
        .unwrap_or_default();
    format!("{who} {did} {what}{when}")
}

fn is_refusal_of_content(status: u16) -> bool {
    (400..500).contains(&status) && !matches!(status, 401 | 403 | 404 | 405 | 408 | 429)
}

/// Why a send must stop at this answer, or `None` when it was accepted.
fn stop_reason(answer: &Answer, host_endpoint: &str) -> Option<String> {
    match answer.status {
        200..=299 => None,
        300..=399 => Some(redirected(answer, host_endpoint)),
        401 | 403 => Some(
            LrsError::CredentialsRefused {
                status: answer.status,
            }
            .to_string(),
        ),
        404 | 405 => Some(format!(
            "there is no LRS at {host_endpoint} ({}): check the address in Settings",
            reason(answer)
        )),
        500..=599 | 408 | 429 => Some(format!(
            "the LRS could not take the statements just now ({}); send again later to carry on",
            reason(answer)
        )),
        _ => Some(format!(
            "the LRS gave an answer Signpost does not understand ({})",
            reason(answer)
        )),
    }
}

/// Why an accepting answer does not acknowledge `batch`, if it does not: an
/// LRS answers a POST with the ids of the statements it stored, and a
/// proxy's or portal's page that says "200 OK" is no proof they arrived.
fn unacknowledged(answer: &Answer, batch: &[&Value]) -> Option<String> {
    let lower = |id: &str| id.to_ascii_lowercase();
    let said: Option<HashSet<String>> = serde_json::from_str::<Vec<String>>(&answer.body)
        .ok()
        .map(|ids| ids.iter().map(|id| lower(id)).collect());
    let sent: HashSet<String> = batch.iter().map(|s| lower(statement_id(s))).collect();
    (said.as_ref() != Some(&sent)).then(|| {
        format!(
            "the answer did not acknowledge the statements sent, so none is taken as sent ({}): check that the address in Settings is the LRS's xAPI address",
            reason(answer)
        )
    })
}

/// Time spent waiting for answers, and Signpost's own time around them.
struct Clock {
    started: Instant,
    first_request: Option<Duration>,
    waiting: Duration,
    last_answer: Option<Instant>,
    between: Duration,
    requests: u64,
}

impl Clock {
    fn new() -> Clock {
        Clock {
            started: Instant::now(),
            first_request: None,
            waiting: Duration::ZERO,
            last_answer: None,
            between: Duration::ZERO,
            requests: 0,
        }
    }

    fn post(&mut self, client: &Client, body: &[u8]) -> Result<Answer, super::client::Unanswered> {
        let now = Instant::now();
        if self.first_request.is_none() {
            self.first_request = Some(now - self.started);
        }
        if let Some(last) = self.last_answer {
            self.between += now - last;
        }
        let answer = client.post_statements(body);
        let answered = Instant::now();
        self.waiting += answered - now;
        self.last_answer = Some(answered);
        self.requests += 1;
        answer
    }

    fn timings(&self) -> SendTimings {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        SendTimings {
            before_first_request_ms: ms(self.first_request.unwrap_or(self.started.elapsed())),
            between_batches_ms: ms(self.between),
            waiting_for_lrs_ms: ms(self.waiting),
            total_ms: ms(self.started.elapsed()),
            requests: self.requests,
        }
    }
}

fn body_of(statements: &[&Value]) -> Vec<u8> {
    // A Vec of JSON values always serialises.
    serde_json::to_vec(statements).unwrap_or_default()
}

/// Sends every statement for the records in `range` that the LRS at
/// `config.endpoint` has not acknowledged yet (see the module notes).
/// Errors only for what stops it before the first request (the database);
/// a send that stops part-way returns its report with `stopped` set.
pub fn send(
    store: &mut Store,
    config: &LrsConfig,
    secret: &str,
    range: DateRange,
    progress: &dyn Progress,
) -> Result<SendReport, LrsError> {
    store.check_writable()?;
    let mut clock = Clock::new();
    let all = xapi::statements(store, range, progress)?;
    let done_before = acknowledged(store, &config.endpoint)?;
    let to_send: Vec<&Value> = all
        .iter()
        .filter(|s| !done_before.contains(statement_id(s)))
        .collect();
    let mut report = SendReport {
        endpoint: config.endpoint.clone(),
        total: all.len() as u64,
        already_sent: (all.len() - to_send.len()) as u64,
        sent: 0,
        rejected: Vec::new(),
        not_sent: to_send.len() as u64,
        stopped: None,
        cancelled: false,
        timings: SendTimings::default(),
    };
    let client = Client::new(config, secret);
    let total = to_send.len() as u64;
    let mut done = 0u64;
    progress.step(0, total);
    'batches: for batch in to_send.chunks(BATCH_SIZE) {
        if progress.cancelled() {
            report.cancelled = true;
            break;
        }
        let answer = match clock.post(&client, &body_of(batch)) {
            Ok(answer) => answer,
            Err(why) => {
                report.stopped = Some(why.words().to_string());
                break;
            }
        };
        if batch.len() > 1 && is_refusal_of_content(answer.status) {
            // One or more statements in the batch are refused: find which.
            for statement in batch {
                if progress.cancelled() {
                    report.cancelled = true;
                    break 'batches;
                }
                let single = match clock.post(&client, &body_of(&[statement])) {
                    Ok(single) => single,
                    Err(why) => {
                        report.stopped = Some(why.words().to_string());
                        break 'batches;
                    }
                };
                if is_refusal_of_content(single.status) {
                    report.rejected.push(Rejected {
                        statement_id: statement_id(statement).to_string(),
                        what: describe(statement),
                        reason: reason(&single),
                    });
                } else if let Some(why) = stop_reason(&single, &config.endpoint)
                    .or_else(|| unacknowledged(&single, &[statement]))
                {
                    report.stopped = Some(why);
                    break 'batches;
                } else {
                    record_acknowledged(store, &config.endpoint, &[statement_id(statement)])?;
                    report.sent += 1;
                }
                done += 1;
                report.not_sent -= 1;
                progress.step(done, total);
            }
            continue;
        }
        if batch.len() == 1 && is_refusal_of_content(answer.status) {
            report.rejected.push(Rejected {
                statement_id: statement_id(batch[0]).to_string(),
                what: describe(batch[0]),
                reason: reason(&answer),
            });
        } else if let Some(why) =
            stop_reason(&answer, &config.endpoint).or_else(|| unacknowledged(&answer, batch))
        {
            report.stopped = Some(why);
            break;
        } else {
            let ids: Vec<&str> = batch.iter().map(|s| statement_id(s)).collect();
            record_acknowledged(store, &config.endpoint, &ids)?;
            report.sent += batch.len() as u64;
        }
        done += batch.len() as u64;
        report.not_sent -= batch.len() as u64;
        progress.step(done, total);
    }
    report.timings = clock.timings();
    if report.sent > 0 {
        audit::record(
            store,
            AuditAction::Export,
            &format!(
                "xAPI statements: {} sent to the Learning Record Store at {}",
                report.sent, config.endpoint
            ),
        )?;
    }
    Ok(report)
}

/// How much has been sent to the LRS at `endpoint`, and how many statements
/// have appeared since that it has not acknowledged.
pub fn status(store: &Store, endpoint: &str) -> Result<SendStatus, LrsError> {
    let (sent, last_sent_at) = store
        .conn_ref()
        .query_row(
            "SELECT count(*), max(at) FROM lrs_acknowledged WHERE endpoint = ?1",
            [endpoint],
            |r| {
                let last = match r.get::<_, Option<String>>(1)? {
                    Some(_) => Some(ts_at(r, 1)?),
                    None => None,
                };
                Ok((r.get::<_, i64>(0)?.max(0) as u64, last))
            },
        )
        .doing("read what was sent to the Learning Record Store")?;
    let done = acknowledged(store, endpoint)?;
    let new_since = xapi::statements(store, DateRange::default(), &Silent)?
        .iter()
        .filter(|s| !done.contains(statement_id(s)))
        .count() as u64;
    Ok(SendStatus {
        endpoint: endpoint.to_string(),
        sent,
        last_sent_at,
        new_since,
    })
}

/// Every LRS address that has acknowledged any statement: places a person's
/// statements may also be, which Signpost cannot erase.
pub fn acknowledged_endpoints(store: &Store) -> Result<Vec<String>, LrsError> {
    Ok(endpoints_in(store.conn_ref()).doing("read where statements were sent")?)
}

/// [`acknowledged_endpoints`] inside a caller's transaction (an erasure).
pub(crate) fn endpoints_in(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT endpoint FROM lrs_acknowledged ORDER BY endpoint")?;
    stmt.query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_statement_is_described_by_who_did_what_and_when() {
        let statement = json!({
            "actor": { "name": "Zoë Adams" },
            "verb": { "display": { "en-GB": "attended" } },
            "object": { "id": "x", "definition": { "name": { "en-GB": "Morning session" } } },
            "timestamp": "2026-03-04T09:00:00.000Z",
        });
        assert_eq!(
            describe(&statement),
            "Zoë Adams attended Morning session on 2026-03-04"
        );
    }

    #[test]
    fn only_a_refusal_of_the_statements_themselves_is_looked_into_one_by_one() {
        assert!(is_refusal_of_content(400));
        assert!(is_refusal_of_content(409));
        assert!(is_refusal_of_content(413));
        assert!(!is_refusal_of_content(401));
        assert!(!is_refusal_of_content(404));
        assert!(!is_refusal_of_content(503));
        assert!(!is_refusal_of_content(200));
    }
}
