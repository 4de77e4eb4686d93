//! Where a self-paced learner is in each module, so they can resume: the
//! slide they were on and when they finished. It does not decide what counts
//! as finishing a module; the caller says so.

use jiff::Timestamp;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::sql::{self, opt_ts_at, ts_at, uuid_at};
use super::validate;

/// A learner's place in one module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProgressRecord {
    pub person_id: Uuid,
    pub module_id: String,
    /// Zero-based index of the slide they last saw.
    pub slide: u32,
    pub updated_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    /// The course the module belongs to (empty in a record bundle written
    /// before this was kept).
    #[serde(default)]
    pub course_title: String,
}

pub(crate) const COLUMNS: &str =
    "person_id, module_id, slide, updated_at, completed_at, course_title";

pub(crate) fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ProgressRecord> {
    Ok(ProgressRecord {
        person_id: uuid_at(row, 0)?,
        module_id: row.get(1)?,
        slide: row.get(2)?,
        updated_at: ts_at(row, 3)?,
        completed_at: opt_ts_at(row, 4)?,
        course_title: row.get(5)?,
    })
}

/// A place's values in [`COLUMNS`] order, for writing it.
fn values(p: &ProgressRecord) -> (String, &str, u32, String, Option<String>, &str) {
    (
        p.person_id.to_string(),
        &p.module_id,
        p.slide,
        sql::ts_text(p.updated_at),
        p.completed_at.map(sql::ts_text),
        &p.course_title,
    )
}

pub(crate) fn insert(conn: &Connection, p: &ProgressRecord) -> Result<(), RecordsError> {
    conn.execute(
        &format!("INSERT INTO module_progress ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
        values(p),
    )
    .doing("save progress")?;
    Ok(())
}

/// Brings a learner's place up to a later copy of it (a bundle's).
pub(crate) fn update(conn: &Connection, p: &ProgressRecord) -> Result<(), RecordsError> {
    conn.execute(
        "UPDATE module_progress SET slide = ?3, updated_at = ?4, completed_at = ?5,
                                    course_title = ?6
         WHERE person_id = ?1 AND module_id = ?2",
        values(p),
    )
    .doing("bring the place up to date")?;
    Ok(())
}

/// Saves the slide a learner is on in a module of `course_title`;
/// `completed` marks the module finished (a finished module stays finished
/// if they go back to look again).
pub fn save(
    store: &mut Store,
    person_id: Uuid,
    course_title: &str,
    module_id: &str,
    slide: u32,
    completed: bool,
) -> Result<ProgressRecord, RecordsError> {
    let now = sql::now();
    validate::first(validate::progress(&ProgressRecord {
        person_id,
        module_id: module_id.to_string(),
        slide,
        updated_at: now,
        completed_at: None,
        course_title: course_title.to_string(),
    }))?;
    let now = sql::ts_text(now);
    let tx = store.conn().transaction().doing("start saving progress")?;
    tx.execute(
        "INSERT INTO module_progress
            (person_id, module_id, slide, updated_at, completed_at, course_title)
         VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 THEN ?4 END, ?6)
         ON CONFLICT (person_id, module_id) DO UPDATE SET
            slide = excluded.slide,
            updated_at = excluded.updated_at,
            course_title = excluded.course_title,
            completed_at = COALESCE(module_progress.completed_at, excluded.completed_at)",
        params![
            person_id.to_string(),
            module_id,
            slide,
            now,
            completed,
            course_title
        ],
    )
    .doing("save progress")?;
    let saved = tx
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM module_progress WHERE person_id = ?1 AND module_id = ?2"
            ),
            params![person_id.to_string(), module_id],
            from_row,
        )
        .doing("read progress back")?;
    tx.commit().doing("save progress")?;
    Ok(saved)
}

/// A learner's place in every module they have opened.
pub fn for_person(store: &Store, person_id: Uuid) -> Result<Vec<ProgressRecord>, RecordsError> {
    let mut stmt = store
        .conn_ref()
        .prepare(&format!(
            "SELECT {COLUMNS} FROM module_progress WHERE person_id = ?1 ORDER BY module_id"
        ))
        .doing("read progress")?;
    stmt.query_map([person_id.to_string()], from_row)
        .doing("read progress")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read progress")
}
