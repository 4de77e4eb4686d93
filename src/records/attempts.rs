//! Quiz attempts as records: who answered which module's quiz, when, and how
//! they scored. Scoring itself is the quiz module's business; this file only
//! stores and reads the outcome.

use jiff::Timestamp;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::sql::{self, opt_uuid_at, ts_at, uuid_at};
use super::validate;

/// One finished quiz attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AttemptRecord {
    pub id: Uuid,
    pub person_id: Uuid,
    /// The session it was taken in, or none when self-paced.
    pub session_id: Option<Uuid>,
    pub module_id: String,
    pub course_version: String,
    pub score: u32,
    pub total: u32,
    pub percent: u32,
    pub passed: bool,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
}

/// A finished attempt to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewAttempt {
    pub person_id: Uuid,
    #[serde(default)]
    pub session_id: Option<Uuid>,
    pub module_id: String,
    pub course_version: String,
    pub score: u32,
    pub total: u32,
    /// The pass mark in percent the attempt was judged against.
    pub pass_mark: u32,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
}

pub(crate) const COLUMNS: &str = "id, person_id, session_id, module_id, course_version, score, \
     total, percent, passed, started_at, finished_at";

pub(crate) fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AttemptRecord> {
    Ok(AttemptRecord {
        id: uuid_at(row, 0)?,
        person_id: uuid_at(row, 1)?,
        session_id: opt_uuid_at(row, 2)?,
        module_id: row.get(3)?,
        course_version: row.get(4)?,
        score: row.get(5)?,
        total: row.get(6)?,
        percent: row.get(7)?,
        passed: row.get(8)?,
        started_at: ts_at(row, 9)?,
        finished_at: ts_at(row, 10)?,
    })
}

pub(crate) fn insert(conn: &Connection, a: &AttemptRecord) -> Result<(), RecordsError> {
    conn.execute(
        &format!(
            "INSERT INTO quiz_attempts ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        ),
        params![
            a.id.to_string(),
            a.person_id.to_string(),
            a.session_id.map(|s| s.to_string()),
            a.module_id,
            a.course_version,
            a.score,
            a.total,
            a.percent,
            a.passed,
            sql::ts_text(a.started_at),
            sql::ts_text(a.finished_at),
        ],
    )
    .doing("record the quiz attempt")?;
    Ok(())
}

/// Records a finished attempt, working out the percentage and the result.
pub fn record(store: &mut Store, new: &NewAttempt) -> Result<AttemptRecord, RecordsError> {
    validate::first(validate::new_attempt(new))?;
    let percent = validate::percent(new.score, new.total);
    let attempt = AttemptRecord {
        id: Uuid::new_v4(),
        person_id: new.person_id,
        session_id: new.session_id,
        module_id: new.module_id.clone(),
        course_version: new.course_version.clone(),
        score: new.score,
        total: new.total,
        percent,
        passed: u64::from(new.score) * 100 >= u64::from(new.pass_mark) * u64::from(new.total),
        started_at: sql::stored(new.started_at),
        finished_at: sql::stored(new.finished_at),
    };
    let tx = store
        .conn()
        .transaction()
        .doing("start recording the attempt")?;
    insert(&tx, &attempt)?;
    tx.commit().doing("save the quiz attempt")?;
    Ok(attempt)
}
