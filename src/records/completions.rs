//! Course completions: the moment a learner had passed every module's quiz
//! of a course, kept once per person and course. Deciding that the course
//! is complete is the learning module's job; this file only stores and
//! reads the fact.

use jiff::Timestamp;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::sql::{self, ts_at, uuid_at};

/// A course a person completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompletionRecord {
    pub person_id: Uuid,
    pub course_title: String,
    pub course_version: String,
    pub completed_at: Timestamp,
}

pub(crate) const COLUMNS: &str = "person_id, course_title, course_version, completed_at";

pub(crate) fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<CompletionRecord> {
    Ok(CompletionRecord {
        person_id: uuid_at(row, 0)?,
        course_title: row.get(1)?,
        course_version: row.get(2)?,
        completed_at: ts_at(row, 3)?,
    })
}

/// Records that the person completed the course, unless already recorded
/// (the first completion stands). Runs inside the caller's transaction.
pub(crate) fn insert(conn: &Connection, c: &CompletionRecord) -> Result<bool, RecordsError> {
    let added = conn
        .execute(
            &format!(
                "INSERT INTO course_completions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (person_id, course_title) DO NOTHING"
            ),
            params![
                c.person_id.to_string(),
                c.course_title,
                c.course_version,
                sql::ts_text(c.completed_at),
            ],
        )
        .doing("record the course completion")?;
    Ok(added > 0)
}

/// Records a completion; returns the one kept (an earlier one stands).
pub fn record(store: &mut Store, c: &CompletionRecord) -> Result<CompletionRecord, RecordsError> {
    let tx = store
        .conn()
        .transaction()
        .doing("start recording the completion")?;
    insert(
        &tx,
        &CompletionRecord {
            completed_at: sql::stored(c.completed_at),
            ..c.clone()
        },
    )?;
    let kept = tx
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM course_completions WHERE person_id = ?1 AND course_title = ?2"
            ),
            params![c.person_id.to_string(), c.course_title],
            from_row,
        )
        .doing("read the completion back")?;
    tx.commit().doing("save the course completion")?;
    Ok(kept)
}

/// A person's completions, oldest first.
pub fn for_person(store: &Store, person_id: Uuid) -> Result<Vec<CompletionRecord>, RecordsError> {
    let mut stmt = store
        .conn_ref()
        .prepare(&format!(
            "SELECT {COLUMNS} FROM course_completions WHERE person_id = ?1 ORDER BY completed_at"
        ))
        .doing("read course completions")?;
    stmt.query_map([person_id.to_string()], from_row)
        .doing("read course completions")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read course completions")
}
