//! The room's knowledge check as records: while presenting a session, the
//! trainer may count the hands raised for each option of a question, and the
//! counts are kept against the session, the module and the question. They
//! are counts, never people, so they name nobody; they are deleted with
//! their session (the foreign key cascades). Entering a question's counts
//! again replaces them, so a corrected count is never added twice.
//!
//! Which options were right is taken from the course when the counts are
//! recorded, so the records still say so after the course changes.
//! Counts may be recorded on a closed session: they are not part of its
//! register, and a room's answers should not be lost because someone closed
//! the register in the main window first.

use jiff::Timestamp;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::error::{DbContext, RecordsError};
use super::sql::{self, ts_at, uuid_at};
use super::{Store, sessions};
use crate::course::Module;

/// The most hands a count may hold: more than any room, fewer than a typo
/// with extra zeros.
pub const MAX_HANDS: u32 = 10_000;

/// The hands raised for one option of one question in one session: the row
/// as stored and as carried in a record bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RoomAnswer {
    pub session_id: Uuid,
    pub module_id: String,
    pub question_id: String,
    /// Index of the option in the course's order (A is 0).
    pub option: u32,
    pub correct: bool,
    pub hands: u32,
    pub recorded_at: Timestamp,
}

/// One question's counts, as the register view shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RoomCounts {
    pub module_id: String,
    pub question_id: String,
    /// Hands for each option, in the course's order.
    pub hands: Vec<u32>,
    /// Whether each option was right when the counts were recorded.
    pub correct: Vec<bool>,
    pub recorded_at: Timestamp,
}

pub(crate) const COLUMNS: &str =
    "session_id, module_id, question_id, option, correct, hands, recorded_at";

pub(crate) fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RoomAnswer> {
    Ok(RoomAnswer {
        session_id: uuid_at(row, 0)?,
        module_id: row.get(1)?,
        question_id: row.get(2)?,
        option: row.get(3)?,
        correct: row.get(4)?,
        hands: row.get(5)?,
        recorded_at: ts_at(row, 6)?,
    })
}

/// A count's values in [`COLUMNS`] order, for writing it.
fn values(a: &RoomAnswer) -> (String, &str, &str, u32, bool, u32, String) {
    (
        a.session_id.to_string(),
        &a.module_id,
        &a.question_id,
        a.option,
        a.correct,
        a.hands,
        sql::ts_text(a.recorded_at),
    )
}

pub(crate) fn insert(conn: &Connection, a: &RoomAnswer) -> Result<(), RecordsError> {
    conn.execute(
        &format!("INSERT INTO room_answers ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        values(a),
    )
    .doing("save the room's answers")?;
    Ok(())
}

/// Brings a count of hands up to a later copy of it (a bundle's).
pub(crate) fn update(conn: &Connection, a: &RoomAnswer) -> Result<(), RecordsError> {
    conn.execute(
        "UPDATE room_answers SET hands = ?6, recorded_at = ?7
         WHERE session_id = ?1 AND question_id = ?3 AND option = ?4",
        values(a),
    )
    .doing("bring the room's answers up to date")?;
    Ok(())
}

/// Records the hands raised for each option of `question_id` (one of
/// `module`'s questions) in the session, replacing any counts entered for
/// that question before. One transaction.
pub fn record(
    store: &mut Store,
    session_id: Uuid,
    module: &Module,
    question_id: &str,
    hands: &[u32],
) -> Result<RoomCounts, RecordsError> {
    let question = module
        .questions
        .iter()
        .find(|q| q.id == question_id)
        .ok_or_else(|| {
            RecordsError::invalid(
                "question",
                format!(
                    "{question_id:?} is not a question of the module {:?}",
                    module.id
                ),
            )
        })?;
    if hands.len() != question.options.len() {
        return Err(RecordsError::invalid(
            "counts",
            format!(
                "give one count for each of the question's {} options, not {}",
                question.options.len(),
                hands.len()
            ),
        ));
    }
    if let Some(too_many) = hands.iter().find(|&&h| h > MAX_HANDS) {
        return Err(RecordsError::invalid(
            "counts",
            format!("{too_many} hands is more than a room can hold (at most {MAX_HANDS})"),
        ));
    }
    let recorded_at = sql::now();
    let tx = store
        .conn()
        .transaction()
        .doing("start saving the room's answers")?;
    sessions::find(&tx, session_id)?;
    tx.execute(
        "DELETE FROM room_answers WHERE session_id = ?1 AND question_id = ?2",
        params![session_id.to_string(), question_id],
    )
    .doing("replace the room's answers")?;
    for (option, (&count, o)) in hands.iter().zip(&question.options).enumerate() {
        insert(
            &tx,
            &RoomAnswer {
                session_id,
                module_id: module.id.clone(),
                question_id: question_id.to_string(),
                option: option as u32,
                correct: o.correct,
                hands: count,
                recorded_at,
            },
        )?;
    }
    tx.commit().doing("save the room's answers")?;
    Ok(RoomCounts {
        module_id: module.id.clone(),
        question_id: question_id.to_string(),
        hands: hands.to_vec(),
        correct: question.options.iter().map(|o| o.correct).collect(),
        recorded_at,
    })
}

/// Gathers rows (sorted by question, then option) into one entry per question.
pub(crate) fn group(rows: Vec<RoomAnswer>) -> Vec<RoomCounts> {
    let mut out: Vec<RoomCounts> = Vec::new();
    for row in rows {
        match out.last_mut() {
            Some(last) if last.question_id == row.question_id => {
                last.hands.push(row.hands);
                last.correct.push(row.correct);
                last.recorded_at = last.recorded_at.max(row.recorded_at);
            }
            _ => out.push(RoomCounts {
                module_id: row.module_id,
                question_id: row.question_id,
                hands: vec![row.hands],
                correct: vec![row.correct],
                recorded_at: row.recorded_at,
            }),
        }
    }
    out
}

/// The number of a question within its module (`<module id>/<n>`), so
/// question 10 sorts after question 9.
fn question_number(id: &str) -> u32 {
    id.rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u32::MAX)
}

/// The counts recorded in a session, one entry per question, by module id
/// and then question number.
pub fn for_session(store: &Store, session_id: Uuid) -> Result<Vec<RoomCounts>, RecordsError> {
    let conn = store.conn_ref();
    sessions::find(conn, session_id)?;
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM room_answers WHERE session_id = ?1
             ORDER BY module_id, question_id, option"
        ))
        .doing("read the room's answers")?;
    let rows = stmt
        .query_map([session_id.to_string()], from_row)
        .doing("read the room's answers")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read the room's answers")?;
    let mut counts = group(rows);
    counts.sort_by(|a, b| {
        (&a.module_id, question_number(&a.question_id))
            .cmp(&(&b.module_id, question_number(&b.question_id)))
    });
    Ok(counts)
}
