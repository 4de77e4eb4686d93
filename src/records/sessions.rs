//! Training sessions: creating one, listing them with their head counts,
//! reading one with its register, and closing it. It deliberately does not
//! change anyone's mark on a register — that is `attendance.rs`, which also
//! knows what closing means for later changes.

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::people::{self, Person};
use super::sql::{self, date_at, enum_at, opt_time_at, opt_ts_at, time_at, ts_at, uuid_at};
use super::status::{AttendanceSource, AttendanceStatus, SessionStatus};
use super::validate;

/// A training session as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrainingSession {
    pub id: Uuid,
    pub title: String,
    pub course_title: String,
    pub course_version: String,
    /// The local date the session is held on.
    #[ts(type = "string")]
    pub date: Date,
    /// Local time of day (`HH:MM:SS` over IPC).
    #[ts(type = "string")]
    pub start_time: Time,
    #[ts(type = "string | null")]
    pub end_time: Option<Time>,
    pub location: String,
    pub trainer: String,
    pub status: SessionStatus,
    pub created_at: Timestamp,
    pub closed_at: Option<Timestamp>,
}

/// What a trainer fills in to set up a session. The course's title and
/// version are not the window's to choose: [`create_for_course`] takes them
/// from the loaded course, and the command line from its options or the
/// shipped course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewSession {
    pub title: String,
    #[serde(default)]
    #[ts(skip)]
    pub course_title: String,
    #[serde(default)]
    #[ts(skip)]
    pub course_version: String,
    #[ts(type = "string")]
    pub date: Date,
    #[ts(type = "string")]
    pub start_time: Time,
    #[serde(default)]
    #[ts(type = "string | null")]
    pub end_time: Option<Time>,
    #[serde(default)]
    pub location: String,
    pub trainer: String,
}

/// A session with how many are on its register and how many came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionSummary {
    pub session: TrainingSession,
    pub on_register: u32,
    /// Present, late or left early.
    pub attended: u32,
    pub absent: u32,
    pub expected: u32,
}

/// One line of a register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RegisterEntry {
    pub attendance_id: Uuid,
    pub person: Person,
    pub status: AttendanceStatus,
    pub signed_in_at: Option<Timestamp>,
    pub source: AttendanceSource,
    pub updated_at: Timestamp,
    /// How many corrections were made after the session closed.
    pub corrections: u32,
    /// The person's details folded as search folds them
    /// ([`super::names::search_key`]), so a trainer finds them on the
    /// register by typing "zoe" for "Zoë", however the name was written.
    pub found_by: String,
}

/// A session and everyone on its register, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Register {
    pub session: TrainingSession,
    pub entries: Vec<RegisterEntry>,
}

pub(crate) const COLUMNS: &str = "id, title, course_title, course_version, date, start_time, \
     end_time, location, trainer, status, created_at, closed_at";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<TrainingSession> {
    Ok(TrainingSession {
        id: uuid_at(row, 0)?,
        title: row.get(1)?,
        course_title: row.get(2)?,
        course_version: row.get(3)?,
        date: date_at(row, 4)?,
        start_time: time_at(row, 5)?,
        end_time: opt_time_at(row, 6)?,
        location: row.get(7)?,
        trainer: row.get(8)?,
        status: enum_at(row, 9, "session status", SessionStatus::parse)?,
        created_at: ts_at(row, 10)?,
        closed_at: opt_ts_at(row, 11)?,
    })
}

pub(crate) fn insert(conn: &Connection, s: &TrainingSession) -> Result<(), RecordsError> {
    conn.execute(
        &format!("INSERT INTO training_sessions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        params![
            s.id.to_string(),
            s.title,
            s.course_title,
            s.course_version,
            sql::date_text(s.date),
            sql::time_text(s.start_time),
            s.end_time.map(sql::time_text),
            s.location,
            s.trainer,
            s.status.as_str(),
            sql::ts_text(s.created_at),
            s.closed_at.map(sql::ts_text),
        ],
    )
    .doing("add the session")?;
    Ok(())
}

/// Brings a session up to a later copy of it (a bundle's): only closing
/// changes a session once it is made.
pub(crate) fn update(conn: &Connection, s: &TrainingSession) -> Result<(), RecordsError> {
    conn.execute(
        "UPDATE training_sessions SET status = ?2, closed_at = ?3 WHERE id = ?1",
        params![
            s.id.to_string(),
            s.status.as_str(),
            s.closed_at.map(sql::ts_text)
        ],
    )
    .doing("bring the session up to date")?;
    Ok(())
}

pub(crate) fn find(conn: &Connection, id: Uuid) -> Result<TrainingSession, RecordsError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM training_sessions WHERE id = ?1"),
        [id.to_string()],
        from_row,
    )
    .optional()
    .doing("read the session")?
    .ok_or(RecordsError::NotFound {
        what: "session",
        id,
    })
}

/// Sets up a new, open session.
/// Adds a session of the loaded `course`, whatever course the form named.
pub fn create_for_course(
    store: &mut Store,
    course: &crate::course::Course,
    new: &NewSession,
) -> Result<TrainingSession, RecordsError> {
    create(
        store,
        &NewSession {
            course_title: course.title.clone(),
            course_version: course.version.clone(),
            ..new.clone()
        },
    )
}

pub fn create(store: &mut Store, new: &NewSession) -> Result<TrainingSession, RecordsError> {
    let new = NewSession {
        title: new.title.trim().to_string(),
        course_title: new.course_title.trim().to_string(),
        course_version: new.course_version.trim().to_string(),
        location: new.location.trim().to_string(),
        trainer: new.trainer.trim().to_string(),
        ..new.clone()
    };
    validate::first(validate::new_session(&new))?;
    let session = TrainingSession {
        id: Uuid::new_v4(),
        title: new.title,
        course_title: new.course_title,
        course_version: new.course_version,
        date: new.date,
        start_time: new.start_time,
        end_time: new.end_time,
        location: new.location,
        trainer: new.trainer,
        status: SessionStatus::Open,
        created_at: sql::now(),
        closed_at: None,
    };
    let tx = store.conn().transaction().doing("start adding a session")?;
    insert(&tx, &session)?;
    tx.commit().doing("save the new session")?;
    Ok(session)
}

/// One session by id.
pub fn get(store: &Store, id: Uuid) -> Result<TrainingSession, RecordsError> {
    find(store.conn_ref(), id)
}

/// Every session, newest first, with head counts.
pub fn list(store: &Store) -> Result<Vec<SessionSummary>, RecordsError> {
    summaries(store.conn_ref(), "1 = 1", &[])
}

/// Sessions matching a `WHERE` clause over `s` (the session table), with
/// head counts; shared with `search.rs`.
pub(crate) fn summaries(
    conn: &Connection,
    condition: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<SessionSummary>, RecordsError> {
    let columns = sql::prefixed(COLUMNS, "s");
    let query = format!(
        "SELECT {columns},
            COUNT(a.session_id),
            COALESCE(SUM(a.status IN ('present', 'late', 'left_early')), 0),
            COALESCE(SUM(a.status = 'absent'), 0),
            COALESCE(SUM(a.status = 'expected'), 0)
         FROM training_sessions s LEFT JOIN attendance a ON a.session_id = s.id
         WHERE {condition}
         GROUP BY s.id
         ORDER BY s.date DESC, s.start_time DESC, s.created_at DESC"
    );
    let mut stmt = conn.prepare(&query).doing("list sessions")?;
    let rows = stmt
        .query_map(args, |row| {
            Ok(SessionSummary {
                session: from_row(row)?,
                on_register: row.get(12)?,
                attended: row.get(13)?,
                absent: row.get(14)?,
                expected: row.get(15)?,
            })
        })
        .doing("list sessions")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .doing("list sessions")
}

/// A session with everyone on its register, sorted by name.
pub fn register(store: &Store, id: Uuid) -> Result<Register, RecordsError> {
    let conn = store.conn_ref();
    let session = find(conn, id)?;
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {}, a.id, a.status, a.signed_in_at, a.source, a.updated_at,
                (SELECT COUNT(*) FROM attendance_corrections c WHERE c.attendance_id = a.id),
                COALESCE(p.search_key, '')
             FROM attendance a JOIN people p ON p.id = a.person_id
             WHERE a.session_id = ?1
             ORDER BY p.name COLLATE NOCASE, p.id",
            sql::prefixed(people::COLUMNS, "p")
        ))
        .doing("read the register")?;
    let entries = stmt
        .query_map([id.to_string()], |row| {
            // The person's columns come first, as `people::from_row` reads them.
            Ok(RegisterEntry {
                person: people::from_row(row)?,
                attendance_id: uuid_at(row, 8)?,
                status: enum_at(row, 9, "attendance status", AttendanceStatus::parse)?,
                signed_in_at: opt_ts_at(row, 10)?,
                source: enum_at(row, 11, "attendance source", AttendanceSource::parse)?,
                updated_at: ts_at(row, 12)?,
                corrections: row.get(13)?,
                found_by: row.get(14)?,
            })
        })
        .doing("read the register")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read the register")?;
    Ok(Register { session, entries })
}

/// Closes a session's register. Anyone still only expected is marked
/// absent; from now on every change is a recorded correction. Closing a
/// closed session changes nothing.
pub fn close(store: &mut Store, id: Uuid) -> Result<TrainingSession, RecordsError> {
    let now = sql::now();
    let tx = store
        .conn()
        .transaction()
        .doing("start closing the session")?;
    let session = find(&tx, id)?;
    if session.status == SessionStatus::Closed {
        return Ok(session);
    }
    tx.execute(
        "UPDATE attendance SET status = 'absent', updated_at = ?2
         WHERE session_id = ?1 AND status = 'expected'",
        params![id.to_string(), sql::ts_text(now)],
    )
    .doing("mark those who did not come as absent")?;
    tx.execute(
        "UPDATE training_sessions SET status = 'closed', closed_at = ?2 WHERE id = ?1",
        params![id.to_string(), sql::ts_text(now)],
    )
    .doing("close the session")?;
    let closed = find(&tx, id)?;
    tx.commit().doing("save the closed session")?;
    Ok(closed)
}
