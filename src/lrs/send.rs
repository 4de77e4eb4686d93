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
//!
//! Each acknowledged statement is kept with the record it was made from,
//! whose it is and a digest of what it said, so that a record corrected,
//! merged or erased since is put right at the LRS: the statement sent
//! before is voided and, where the record still says something, what it
//! says now is sent under a new id ([`plan`]).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
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
    /// Of `sent`, those that replace a statement sent before whose record
    /// has been corrected since.
    #[ts(type = "number")]
    pub corrected: u64,
    /// Statements sent before and voided (withdrawn) during this send:
    /// replaced by a corrected one, or their record corrected away or
    /// their person erased.
    #[ts(type = "number")]
    pub withdrawn: u64,
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
    /// What a send would send now: statements the LRS has not acknowledged
    /// (new, or correcting one sent before) and voidings of statements
    /// whose records were corrected or erased.
    #[ts(type = "number")]
    pub new_since: u64,
}

/// A statement the LRS at an address acknowledged.
struct Held {
    statement_id: String,
    /// What it was made from: `None` for one acknowledged before Signpost
    /// kept that, until [`learn_sent`]; empty when that found its record
    /// already gone.
    record: Option<String>,
    person_id: Option<String>,
    digest: Option<String>,
    voided: bool,
}

fn held(store: &Store, endpoint: &str) -> Result<Vec<Held>, LrsError> {
    let mut stmt = store
        .conn_ref()
        .prepare(
            "SELECT statement_id, record, person_id, digest, voided_at IS NOT NULL
             FROM lrs_acknowledged WHERE endpoint = ?1",
        )
        .doing("read which statements were sent")?;
    let rows = stmt
        .query_map([endpoint], |r| {
            Ok(Held {
                statement_id: r.get(0)?,
                record: r.get(1)?,
                person_id: r.get(2)?,
                digest: r.get(3)?,
                voided: r.get(4)?,
            })
        })
        .doing("read which statements were sent")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read which statements were sent")?;
    Ok(rows)
}

/// What a statement's acknowledgement records.
enum Ack {
    /// A record's statement: new, or correcting one sent before.
    Record {
        record: String,
        person_id: String,
        digest: String,
        corrects: bool,
    },
    /// The voiding of the statement with this id.
    Voids(String),
}

/// A statement as this send posts it: the record's own, or a copy under a
/// new id, or a voiding.
struct Outgoing<'a> {
    statement: Cow<'a, Value>,
    ack: Ack,
}

/// What to send to one LRS: the voidings first, then the statements.
struct Plan<'a> {
    outgoing: Vec<Outgoing<'a>>,
    /// Statements in the range the LRS already has as they are now.
    already: u64,
}

/// Compares what the LRS holds with the records: `in_range` are the
/// statements asked for, `everything` all there are now. A statement never
/// sent goes; one whose record now says something else goes under a new id
/// after the old one is voided; one whose record is gone is voided when
/// `withdrawn` says the record was corrected away or its person erased or
/// merged (not when it was only removed from this computer by retention).
/// A record has one standing statement at the LRS: should a voiding have
/// been refused, every other one is voided again.
fn plan<'a>(
    held: &[Held],
    in_range: &'a [xapi::Sourced],
    everything: &[xapi::Sourced],
    withdrawn: impl Fn(&Held) -> Result<bool, LrsError>,
) -> Result<Plan<'a>, LrsError> {
    let by_id: HashMap<&str, &xapi::Sourced> = everything
        .iter()
        .map(|s| (statement_id(&s.statement), s))
        .collect();
    let mut live: HashMap<String, Vec<(&Held, String)>> = HashMap::new();
    let mut revisions: HashMap<String, u64> = HashMap::new();
    for h in held {
        // A row not yet learnt (see [`learn_sent`]) stands for the record
        // its id is made from, as it is now; one learnt as made from
        // nothing known is left alone.
        let known = match (&h.record, &h.digest) {
            (Some(record), Some(digest)) => Some((record.clone(), digest.clone())),
            (Some(_), None) => None,
            (None, _) => by_id
                .get(h.statement_id.as_str())
                .map(|s| (s.record.clone(), s.digest())),
        };
        let Some((record, digest)) = known else {
            continue;
        };
        *revisions.entry(record.clone()).or_default() += 1;
        if !h.voided {
            live.entry(record).or_default().push((h, digest));
        }
    }
    let mut voids = Vec::new();
    let mut statements = Vec::new();
    let mut already = 0;
    for s in in_range {
        let digest = s.digest();
        let earlier = revisions.get(&s.record).copied().unwrap_or(0);
        let standing = live.get(&s.record).map(Vec::as_slice).unwrap_or_default();
        let same = standing.iter().any(|(_, sent)| *sent == digest);
        voids.extend(
            standing
                .iter()
                .filter(|(_, sent)| *sent != digest)
                .map(|(h, _)| h.statement_id.clone()),
        );
        if same {
            already += 1;
            continue;
        }
        let mut statement = Cow::Borrowed(&s.statement);
        if earlier > 0 {
            statement.to_mut()["id"] =
                Value::String(xapi::revised_statement_id(&s.record, earlier));
        }
        statements.push(Outgoing {
            statement,
            ack: Ack::Record {
                record: s.record.clone(),
                person_id: s.person_id.clone(),
                digest,
                corrects: earlier > 0,
            },
        });
    }
    let now: HashSet<&str> = everything.iter().map(|s| s.record.as_str()).collect();
    for (record, standing) in &live {
        for (h, _) in standing {
            if !now.contains(record.as_str()) && withdrawn(h)? {
                voids.push(h.statement_id.clone());
            }
        }
    }
    voids.sort();
    let mut outgoing: Vec<Outgoing> = voids
        .into_iter()
        .map(|id| Outgoing {
            statement: Cow::Owned(xapi::voiding(&id)),
            ack: Ack::Voids(id),
        })
        .collect();
    outgoing.extend(statements);
    Ok(Plan { outgoing, already })
}

/// Whether a statement whose record is gone should be voided: its person
/// was erased or merged into another, or its record is still here but no
/// longer makes a statement (a register line corrected to absent).
fn withdrawn(conn: &rusqlite::Connection, held: &Held) -> Result<bool, LrsError> {
    let person = held.person_id.as_deref().unwrap_or("");
    let attendance = held
        .record
        .as_deref()
        .and_then(|r| r.strip_prefix("attended:"))
        .unwrap_or("");
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM erased_people WHERE id = ?1)
             OR EXISTS (SELECT 1 FROM person_merges WHERE merged_id = ?1)
             OR EXISTS (SELECT 1 FROM attendance WHERE id = ?2)",
    )
    .and_then(|mut stmt| stmt.query_row([person, attendance], |r| r.get(0)))
    .doing("check whether a record sent before was corrected")
    .map_err(LrsError::from)
}

/// The statements a send compares with what an LRS holds: all there are
/// now, and those for the range asked for.
struct Statements {
    everything: Vec<xapi::Sourced>,
    /// `None` when the range is everything.
    in_range: Option<Vec<xapi::Sourced>>,
}

impl Statements {
    fn made(store: &Store, range: DateRange, progress: &dyn Progress) -> Result<Self, LrsError> {
        let everything = xapi::sourced(store, DateRange::default(), progress)?;
        let in_range = if range == DateRange::default() {
            None
        } else {
            Some(xapi::sourced(store, range, &Silent)?)
        };
        Ok(Statements {
            everything,
            in_range,
        })
    }

    fn in_range(&self) -> &[xapi::Sourced] {
        self.in_range.as_deref().unwrap_or(&self.everything)
    }

    /// What to send to the LRS at `endpoint`.
    fn plan(&self, store: &Store, endpoint: &str) -> Result<Plan<'_>, LrsError> {
        let held = held(store, endpoint)?;
        plan(&held, self.in_range(), &self.everything, |h| {
            withdrawn(store.conn_ref(), h)
        })
    }
}

/// Notes what the statements acknowledged before Signpost kept that were
/// made from, from the records as they are now: a record corrected after
/// this is then put right at the next send. Meant for as early as possible
/// after an upgrade: the app does it as it starts and the command line as
/// it opens the records (until then a send matches such a statement by its
/// id to its record as it is). A statement whose record is gone is noted
/// as made from nothing known, and never voided. Returns how many were
/// noted.
pub fn learn_sent(store: &mut Store) -> Result<u64, LrsError> {
    let unknown: Vec<(String, String)> = {
        let mut stmt = store
            .conn_ref()
            .prepare("SELECT endpoint, statement_id FROM lrs_acknowledged WHERE record IS NULL")
            .doing("read which statements were sent")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .doing("read which statements were sent")?
            .collect::<rusqlite::Result<_>>()
            .doing("read which statements were sent")?
    };
    if unknown.is_empty() {
        return Ok(0);
    }
    store.check_writable()?;
    let everything = xapi::sourced(store, DateRange::default(), &Silent)?;
    let by_id: HashMap<&str, &xapi::Sourced> = everything
        .iter()
        .map(|s| (statement_id(&s.statement), s))
        .collect();
    let tx = store
        .conn()
        .transaction()
        .doing("note what was sent before")?;
    {
        let mut update = tx
            .prepare(
                "UPDATE lrs_acknowledged SET record = ?3, person_id = ?4, digest = ?5
                 WHERE endpoint = ?1 AND statement_id = ?2",
            )
            .doing("note what was sent before")?;
        for (endpoint, id) in &unknown {
            let made_from = by_id.get(id.as_str());
            update
                .execute(params![
                    endpoint,
                    id,
                    made_from.map_or(String::new(), |s| s.record.clone()),
                    made_from.map(|s| s.person_id.clone()),
                    made_from.map(|s| s.digest()),
                ])
                .doing("note what was sent before")?;
        }
    }
    tx.commit().doing("note what was sent before")?;
    Ok(unknown.len() as u64)
}

fn record_acknowledged(
    store: &mut Store,
    endpoint: &str,
    batch: &[&Outgoing],
) -> Result<(), LrsError> {
    let at = sql::ts_text(sql::now());
    let tx = store
        .conn()
        .transaction()
        .doing("start recording what the LRS acknowledged")?;
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO lrs_acknowledged (endpoint, statement_id, at, record, person_id, digest)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT DO NOTHING",
            )
            .doing("record what the LRS acknowledged")?;
        let mut void = tx
            .prepare(
                "UPDATE lrs_acknowledged SET voided_at = ?3 WHERE endpoint = ?1 AND statement_id = ?2",
            )
            .doing("record what the LRS acknowledged")?;
        for o in batch {
            match &o.ack {
                Ack::Record {
                    record,
                    person_id,
                    digest,
                    ..
                } => insert.execute(params![
                    endpoint,
                    statement_id(&o.statement),
                    at,
                    record,
                    person_id,
                    digest
                ]),
                Ack::Voids(id) => void.execute(params![endpoint, id, at]),
            }
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

fn statements_of<'a>(batch: &[&'a Outgoing]) -> Vec<&'a Value> {
    batch.iter().map(|o| o.statement.as_ref()).collect()
}

impl SendReport {
    /// Counts a statement the LRS acknowledged.
    fn count(&mut self, sent: &Outgoing) {
        match sent.ack {
            Ack::Record { corrects, .. } => {
                self.sent += 1;
                self.corrected += u64::from(corrects);
            }
            Ack::Voids(_) => self.withdrawn += 1,
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
    let statements = Statements::made(store, range, progress)?;
    let plan = statements.plan(store, &config.endpoint)?;
    let total = statements.in_range().len() as u64;
    let to_send: Vec<&Outgoing> = plan.outgoing.iter().collect();
    let mut report = SendReport {
        endpoint: config.endpoint.clone(),
        total,
        already_sent: plan.already,
        sent: 0,
        corrected: 0,
        withdrawn: 0,
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
        let answer = match clock.post(&client, &body_of(&statements_of(batch))) {
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
                let single = match clock.post(&client, &body_of(&[&statement.statement])) {
                    Ok(single) => single,
                    Err(why) => {
                        report.stopped = Some(why.words().to_string());
                        break 'batches;
                    }
                };
                if is_refusal_of_content(single.status) {
                    report.rejected.push(Rejected {
                        statement_id: statement_id(&statement.statement).to_string(),
                        what: describe(&statement.statement),
                        reason: reason(&single),
                    });
                } else if let Some(why) = stop_reason(&single, &config.endpoint)
                    .or_else(|| unacknowledged(&single, &[&statement.statement]))
                {
                    report.stopped = Some(why);
                    break 'batches;
                } else {
                    record_acknowledged(store, &config.endpoint, &[statement])?;
                    report.count(statement);
                }
                done += 1;
                report.not_sent -= 1;
                progress.step(done, total);
            }
            continue;
        }
        if batch.len() == 1 && is_refusal_of_content(answer.status) {
            report.rejected.push(Rejected {
                statement_id: statement_id(&batch[0].statement).to_string(),
                what: describe(&batch[0].statement),
                reason: reason(&answer),
            });
        } else if let Some(why) = stop_reason(&answer, &config.endpoint)
            .or_else(|| unacknowledged(&answer, &statements_of(batch)))
        {
            report.stopped = Some(why);
            break;
        } else {
            record_acknowledged(store, &config.endpoint, batch)?;
            for o in batch {
                report.count(o);
            }
        }
        done += batch.len() as u64;
        report.not_sent -= batch.len() as u64;
        progress.step(done, total);
    }
    report.timings = clock.timings();
    if report.sent + report.withdrawn > 0 {
        let withdrawn = if report.withdrawn > 0 {
            format!(" ({} sent before withdrawn)", report.withdrawn)
        } else {
            String::new()
        };
        audit::record(
            store,
            AuditAction::Export,
            &format!(
                "xAPI statements: {} sent to the Learning Record Store at {}{withdrawn}",
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
    let statements = Statements::made(store, DateRange::default(), &Silent)?;
    let plan = statements.plan(store, endpoint)?;
    let new_since = plan.outgoing.len() as u64;
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

    fn made(record: &str, says: &str) -> xapi::Sourced {
        xapi::Sourced {
            record: record.into(),
            person_id: "p".into(),
            statement: json!({ "id": xapi::statement_id(record), "says": says }),
        }
    }

    fn held_row(s: &xapi::Sourced, id: &str, known: bool, voided: bool) -> Held {
        Held {
            statement_id: id.into(),
            record: known.then(|| s.record.clone()),
            person_id: known.then(|| s.person_id.clone()),
            digest: known.then(|| s.digest()),
            voided,
        }
    }

    fn ids(plan: &Plan) -> Vec<String> {
        plan.outgoing
            .iter()
            .map(|o| match &o.ack {
                Ack::Voids(id) => format!("void {id}"),
                Ack::Record { .. } => statement_id(&o.statement).to_string(),
            })
            .collect()
    }

    #[test]
    fn statements_sent_before_their_records_were_kept_are_matched_by_id_and_not_sent_again() {
        let now = vec![made("attended:a", "attended")];
        let base = xapi::statement_id("attended:a");
        let held = [held_row(&now[0], &base, false, false)];
        let plan = plan(&held, &now, &now, |_| Ok(true)).unwrap();
        assert!(plan.outgoing.is_empty());
        assert_eq!(plan.already, 1);
    }

    #[test]
    fn a_record_withdrawn_and_then_back_is_sent_under_an_id_never_used_before() {
        let before = made("attended:a", "attended");
        let base = xapi::statement_id("attended:a");
        let revised = xapi::revised_statement_id("attended:a", 1);
        let held = [held_row(&before, &base, true, true)];
        let now = vec![made("attended:a", "attended")];
        let back = plan(&held, &now, &now, |_| Ok(true)).unwrap();
        assert_eq!(ids(&back), vec![revised.clone()]);

        // Changed since it was sent: the old one voided first.
        let held = [held_row(&before, &base, true, false)];
        let now = vec![made("attended:a", "left early")];
        let changed = plan(&held, &now, &now, |_| Ok(true)).unwrap();
        assert_eq!(ids(&changed), vec![format!("void {base}"), revised]);
    }

    #[test]
    fn a_record_with_two_standing_statements_keeps_only_the_one_that_says_what_it_says_now() {
        let before = made("attended:a", "attended");
        let now = vec![made("attended:a", "left early")];
        let base = xapi::statement_id("attended:a");
        let revised = xapi::revised_statement_id("attended:a", 1);
        // The voiding of the first was refused; the corrected one arrived.
        let held = [
            held_row(&before, &base, true, false),
            held_row(&now[0], &revised, true, false),
        ];
        let plan = plan(&held, &now, &now, |_| Ok(true)).unwrap();
        assert_eq!(ids(&plan), vec![format!("void {base}")]);
        assert_eq!(plan.already, 1);
    }

    #[test]
    fn a_record_gone_is_voided_only_when_it_was_withdrawn() {
        let before = made("attended:a", "attended");
        let base = xapi::statement_id("attended:a");
        let held = [held_row(&before, &base, true, false)];
        let kept = plan(&held, &[], &[], |_| Ok(false)).unwrap();
        assert!(kept.outgoing.is_empty());
        let voided = plan(&held, &[], &[], |_| Ok(true)).unwrap();
        assert_eq!(ids(&voided), vec![format!("void {base}")]);
        // Out of the range asked for, but still a record: not voided.
        let out_of_range = plan(&held, &[], std::slice::from_ref(&before), |_| Ok(true)).unwrap();
        assert!(out_of_range.outgoing.is_empty());
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
