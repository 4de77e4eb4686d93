//! Training records as xAPI 1.0.3 statements, a JSON array an LRS accepts:
//! `attended` for each person marked present, late or left early at a
//! session; `completed` for each module a learner finished; for each quiz
//! attempt `attempted` when it began, `answered` for each question (whether
//! it was right and the options chosen) and `passed` or `failed` with the
//! score; and `completed` for each course a learner completed.
//!
//! People are identified without giving away their email: by
//! `mbox_sha1sum` when an email is known, otherwise by an `account` whose
//! name is their Signpost id. Activity ids are stable IRIs under
//! [`ACTIVITY_BASE`], and statement ids are UUIDv5s derived from the record,
//! so exporting the same record twice gives the same statement (an LRS then
//! treats the second as a duplicate rather than a new event).

use std::path::Path;

use jiff::tz::TimeZone;
use serde_json::{Value, json};
use uuid::Uuid;

use super::file::write_whole;
use super::rows::{self, DateRange};
use super::{ExportError, ExportSummary, audit_export};
use crate::progress::Progress;
use crate::records::{AttendanceStatus, DbContext, RecordsError, Store};

pub const XAPI_VERSION: &str = "1.0.3";
/// Every activity id starts here; the host is the reverse of the app id.
pub const ACTIVITY_BASE: &str = "https://training.signpost.uk/xapi/";
/// The `homePage` of accounts for people with no email.
pub const ACCOUNT_HOME_PAGE: &str = "https://training.signpost.uk/";
/// Namespace of the statement ids (fixed for ever: changing it would make
/// re-exported statements look new to an LRS).
const STATEMENT_NAMESPACE: Uuid = Uuid::from_u128(0x5f1b_9c2e_7a34_4d0b_9e61_2c8f_03a7_d415);

pub const VERB_ATTENDED: &str = "http://adlnet.gov/expapi/verbs/attended";
pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const VERB_ATTEMPTED: &str = "http://adlnet.gov/expapi/verbs/attempted";
pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
pub const VERB_VOIDED: &str = "http://adlnet.gov/expapi/verbs/voided";

const LANG: &str = "en-GB";

/// `some-title` from `Some Title!`: the IRI-safe part of a course id.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn iri_segment(text: &str) -> String {
    let s = slug(text);
    if s.is_empty() { "unnamed".into() } else { s }
}

/// The activity id of a course.
pub fn course_iri(course_title: &str) -> String {
    format!("{ACTIVITY_BASE}courses/{}", iri_segment(course_title))
}

/// The activity id of a module of a course.
pub fn module_iri(course_title: &str, module_id: &str) -> String {
    format!(
        "{}/modules/{}",
        course_iri(course_title),
        iri_segment(module_id)
    )
}

/// The actor for a person: hashed email, or an account by Signpost id.
pub fn actor(name: &str, email: Option<&str>, person_id: &str) -> Value {
    match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(email) => {
            let mbox = format!("mailto:{}", email.to_lowercase());
            json!({
                "objectType": "Agent",
                "name": name,
                "mbox_sha1sum": sha1_smol::Sha1::from(mbox.as_bytes()).digest().to_string(),
            })
        }
        None => json!({
            "objectType": "Agent",
            "name": name,
            "account": { "homePage": ACCOUNT_HOME_PAGE, "name": person_id },
        }),
    }
}

fn verb(id: &str, display: &str) -> Value {
    json!({ "id": id, "display": { LANG: display } })
}

/// The id of the statement first made from `record` (`kind:record id`).
pub fn statement_id(record: &str) -> String {
    Uuid::new_v5(&STATEMENT_NAMESPACE, record.as_bytes()).to_string()
}

/// The id of the statement that replaces, after a correction, the ones
/// made from `record` before it (`revision` of them so far): never an id
/// used before, as an LRS keeps a statement's id for ever.
pub fn revised_statement_id(record: &str, revision: u64) -> String {
    statement_id(&format!("{record}#{revision}"))
}

/// The statement that withdraws (voids) the statement `voided`, sent
/// before, whose record was corrected or erased since. Signpost itself is
/// its actor; it says nothing about the person.
pub fn voiding(voided: &str) -> Value {
    json!({
        "id": statement_id(&format!("voided:{voided}")),
        "version": XAPI_VERSION,
        "actor": {
            "objectType": "Agent",
            "name": "Signpost",
            "account": { "homePage": ACCOUNT_HOME_PAGE, "name": "signpost" },
        },
        "verb": verb(VERB_VOIDED, "voided"),
        "object": { "objectType": "StatementRef", "id": voided },
    })
}

/// A statement with what it was made from: the record (`kind:record id`,
/// which its id is derived from) and the person it is about.
#[derive(Debug, Clone)]
pub struct Sourced {
    pub record: String,
    pub person_id: String,
    pub statement: Value,
}

impl Sourced {
    fn new(kind: &str, record_id: &str, person_id: &str, mut statement: Value) -> Sourced {
        let record = format!("{kind}:{record_id}");
        statement["id"] = Value::String(statement_id(&record));
        Sourced {
            record,
            person_id: person_id.to_string(),
            statement,
        }
    }

    /// What the statement says: two statements made from the same record
    /// with the same digest say the same thing (the id is the record's
    /// own). A send compares it with the digest of what it sent before, so
    /// a change to how statements are written here is a correction of
    /// every statement sent.
    pub fn digest(&self) -> String {
        struct Hashing(sha1_smol::Sha1);
        impl std::io::Write for Hashing {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.update(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut hashing = Hashing(sha1_smol::Sha1::new());
        // A JSON value written to a writer that cannot fail always is.
        let _ = serde_json::to_writer(&mut hashing, &self.statement);
        hashing.0.digest().to_string()
    }
}

/// The course a statement belongs to. A record that does not name its
/// course (one from a bundle older than that) is put under "unnamed",
/// rather than under a course it may not have been.
fn course_context(course_title: &str) -> Value {
    json!({
        "contextActivities": {
            "parent": [{
                "objectType": "Activity",
                "id": course_iri(course_title),
                "definition": {
                    "name": { LANG: course_title },
                    "type": "http://adlnet.gov/expapi/activities/course",
                },
            }],
        },
        "language": LANG,
    })
}

/// When a session began, as an instant: its local date and start time in
/// this computer's time zone.
fn session_start(date: &str, start: &str) -> Option<String> {
    let date: jiff::civil::Date = date.parse().ok()?;
    let time: jiff::civil::Time = start.parse().ok()?;
    let zoned = date.to_datetime(time).to_zoned(TimeZone::system()).ok()?;
    Some(format!("{:.3}", zoned.timestamp()))
}

/// Every statement for records in the range, attended first, then module
/// completions, then quiz results.
pub fn statements(
    store: &Store,
    range: DateRange,
    progress: &dyn Progress,
) -> Result<Vec<Value>, ExportError> {
    Ok(sourced(store, range, progress)?
        .into_iter()
        .map(|s| s.statement)
        .collect())
}

/// [`statements`], each with what it was made from.
pub fn sourced(
    store: &Store,
    range: DateRange,
    progress: &dyn Progress,
) -> Result<Vec<Sourced>, ExportError> {
    let mut out = Vec::new();
    rows::for_each_attendance(store, range, progress, |row| {
        let status =
            AttendanceStatus::parse(&row.status).ok_or_else(|| RecordsError::BadStoredValue {
                what: "attendance status",
                value: row.status.clone(),
            })?;
        if !status.attended() {
            return Ok(());
        }
        let timestamp = row
            .signed_in_at
            .clone()
            .or_else(|| session_start(&row.date, &row.start_time))
            .unwrap_or_else(|| format!("{}T00:00:00.000Z", row.date));
        out.push(Sourced::new(
            "attended",
            &row.attendance_id,
            &row.person_id,
            json!({
                "version": XAPI_VERSION,
                "actor": actor(&row.name, row.email.as_deref(), &row.person_id),
                "verb": verb(VERB_ATTENDED, "attended"),
                "object": {
                    "objectType": "Activity",
                    "id": format!("{ACTIVITY_BASE}sessions/{}", row.session_id),
                    "definition": {
                        "name": { LANG: row.session_title },
                        "type": "http://adlnet.gov/expapi/activities/meeting",
                    },
                },
                "result": { "completion": status != AttendanceStatus::LeftEarly },
                "context": course_context(&row.course_title),
                "timestamp": timestamp,
            }),
        ));
        Ok(())
    })?;

    let (from, to) = range.moments();
    let mut stmt = store
        .conn_ref()
        .prepare(
            "SELECT m.person_id, m.module_id, m.completed_at, p.name, p.email, m.course_title
             FROM module_progress m JOIN people p ON p.id = m.person_id
             WHERE m.completed_at IS NOT NULL
               AND m.completed_at >= ?1 AND m.completed_at < ?2
             ORDER BY m.completed_at, m.person_id, m.module_id",
        )
        .doing("read module completions for export")?;
    let completions = stmt
        .query_map([from, to], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .doing("read module completions for export")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read module completions for export")?;
    for (person_id, module_id, completed_at, name, email, course_title) in completions {
        let record_id = format!("{person_id}/{module_id}");
        out.push(Sourced::new(
            "completed",
            &record_id,
            &person_id,
            json!({
                "version": XAPI_VERSION,
                "actor": actor(&name, email.as_deref(), &person_id),
                "verb": verb(VERB_COMPLETED, "completed"),
                "object": {
                    "objectType": "Activity",
                    "id": module_iri(&course_title, &module_id),
                    "definition": {
                        "name": { LANG: module_id },
                        "type": "http://adlnet.gov/expapi/activities/module",
                    },
                },
                "result": { "completion": true },
                "context": course_context(&course_title),
                "timestamp": completed_at,
            }),
        ));
    }

    let mut answers: std::collections::HashMap<String, Vec<rows::AnswerRow>> =
        std::collections::HashMap::new();
    for answer in rows::answers_in(store, range)? {
        answers
            .entry(answer.attempt_id.clone())
            .or_default()
            .push(answer);
    }
    rows::for_each_attempt(store, range, |row| {
        let (verb_id, word) = if row.passed {
            (VERB_PASSED, "passed")
        } else {
            (VERB_FAILED, "failed")
        };
        let scaled = if row.total == 0 {
            0.0
        } else {
            f64::from(row.score) / f64::from(row.total)
        };
        let course_title = row.course_title.as_str();
        let mut context = course_context(course_title);
        if let Some(session_id) = &row.session_id {
            context["contextActivities"]["grouping"] = json!([{
                "objectType": "Activity",
                "id": format!("{ACTIVITY_BASE}sessions/{session_id}"),
            }]);
        }
        let actor = actor(&row.name, row.email.as_deref(), &row.person_id);
        let quiz_iri = format!("{}/quiz", module_iri(course_title, &row.module_id));
        let quiz = json!({
            "objectType": "Activity",
            "id": quiz_iri,
            "definition": {
                "name": { LANG: format!("{} knowledge check", row.module_id) },
                "type": "http://adlnet.gov/expapi/activities/assessment",
            },
        });
        out.push(Sourced::new(
            "attempted",
            &row.attempt_id,
            &row.person_id,
            json!({
                "version": XAPI_VERSION,
                "actor": actor,
                "verb": verb(VERB_ATTEMPTED, "attempted"),
                "object": quiz,
                "context": context,
                "timestamp": row.started_at,
            }),
        ));
        for answer in answers.get(&row.attempt_id).into_iter().flatten() {
            let chosen: Vec<u32> = serde_json::from_str(&answer.chosen).unwrap_or_default();
            let mut answer_context = context.clone();
            answer_context["contextActivities"]["parent"] = json!([{
                "objectType": "Activity",
                "id": quiz_iri,
            }]);
            answer_context["contextActivities"]["grouping"] = json!([{
                "objectType": "Activity",
                "id": course_iri(course_title),
            }]);
            let record_id = format!("{}/{}", row.attempt_id, answer.position);
            out.push(Sourced::new("answered", &record_id, &row.person_id, json!({
                "version": XAPI_VERSION,
                "actor": actor,
                "verb": verb(VERB_ANSWERED, "answered"),
                "object": {
                    "objectType": "Activity",
                    "id": format!("{quiz_iri}/questions/{}", iri_segment(&answer.question_id)),
                    "definition": {
                        "name": { LANG: answer.question_id },
                        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                        "interactionType": "choice",
                    },
                },
                "result": {
                    "success": answer.right,
                    "response": chosen.iter().map(u32::to_string).collect::<Vec<_>>().join("[,]"),
                },
                "context": answer_context,
                "timestamp": answer.answered_at.clone().unwrap_or_else(|| row.finished_at.clone()),
            })));
        }
        out.push(Sourced::new(
            "attempt",
            &row.attempt_id,
            &row.person_id,
            json!({
                "version": XAPI_VERSION,
                "actor": actor,
                "verb": verb(verb_id, word),
                "object": quiz,
                "result": {
                    "score": {
                        "scaled": (scaled * 10_000.0).round() / 10_000.0,
                        "raw": row.score,
                        "min": 0,
                        "max": row.total,
                    },
                    "success": row.passed,
                    "completion": true,
                },
                "context": context,
                "timestamp": row.finished_at,
            }),
        ));
        Ok(())
    })?;

    for c in rows::completions_in(store, range)? {
        let record_id = format!("{}/{}", c.person_id, c.course_title);
        out.push(Sourced::new(
            "course-completed",
            &record_id,
            &c.person_id,
            json!({
                "version": XAPI_VERSION,
                "actor": actor(&c.name, c.email.as_deref(), &c.person_id),
                "verb": verb(VERB_COMPLETED, "completed"),
                "object": {
                    "objectType": "Activity",
                    "id": course_iri(&c.course_title),
                    "definition": {
                        "name": { LANG: c.course_title },
                        "type": "http://adlnet.gov/expapi/activities/course",
                    },
                },
                "result": { "completion": true, "success": true },
                "context": { "language": LANG, "extensions": {
                    format!("{ACTIVITY_BASE}extensions/course-version"): c.course_version,
                } },
                "timestamp": c.completed_at,
            }),
        ));
    }
    Ok(out)
}

/// Writes the statements as a JSON array to `path`, then notes the export in
/// the audit log.
pub fn export_statements(
    store: &mut Store,
    range: DateRange,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ExportSummary, ExportError> {
    let all = statements(store, range, progress)?;
    let count = all.len() as u64;
    write_whole(store.data_dir(), path, "json", |out| {
        serde_json::to_writer_pretty(out, &all).map_err(|source| ExportError::Json {
            path: path.to_path_buf(),
            source,
        })
    })?;
    audit_export(store, "xAPI statements", path, count)
}
