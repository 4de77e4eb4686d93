//! Marks on a register: signing in at the kiosk, a trainer ticking someone
//! present, late, left early or absent, and corrections once a session is
//! closed. A closed register is never overwritten silently: each change to it
//! is kept as a correction with a reason. Putting a whole roster on a register
//! is `crate::export::roster`; creating and closing sessions is `sessions.rs`.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, Zoned};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::people::{self, Person, PersonDetails};
use super::sessions::{self, TrainingSession};
use super::sql::{self, enum_at, opt_ts_at, ts_at, uuid_at};
use super::status::{AttendanceSource, AttendanceStatus, SessionStatus};
use super::validate;

/// Why a correction without a reason is refused, in words that say what to do.
const REASON_NEEDED: &str =
    "is needed: say why a closed register is being changed, such as \"signed the paper register\"";

/// Someone signing in this long after the start time is marked late.
pub const LATE_AFTER: SignedDuration = SignedDuration::from_mins(10);

/// What the kiosk shows after someone signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SignedIn {
    pub person: Person,
    pub attendance_id: Uuid,
    pub status: AttendanceStatus,
    pub signed_in_at: Timestamp,
    /// True when no earlier record matched these details.
    pub new_person: bool,
    /// True when this person had already signed in to this session.
    pub already_signed_in: bool,
}

/// A change made to a closed register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Correction {
    pub id: Uuid,
    pub attendance_id: Uuid,
    pub old_status: AttendanceStatus,
    pub new_status: AttendanceStatus,
    pub reason: String,
    pub at: Timestamp,
}

/// One attendance row as stored (used by bundles and exports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Attendance {
    pub id: Uuid,
    pub session_id: Uuid,
    pub person_id: Uuid,
    pub status: AttendanceStatus,
    pub signed_in_at: Option<Timestamp>,
    pub source: AttendanceSource,
    pub updated_at: Timestamp,
}

pub(crate) const COLUMNS: &str =
    "id, session_id, person_id, status, signed_in_at, source, updated_at";

pub(crate) fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Attendance> {
    Ok(Attendance {
        id: uuid_at(row, 0)?,
        session_id: uuid_at(row, 1)?,
        person_id: uuid_at(row, 2)?,
        status: enum_at(row, 3, "attendance status", AttendanceStatus::parse)?,
        signed_in_at: opt_ts_at(row, 4)?,
        source: enum_at(row, 5, "attendance source", AttendanceSource::parse)?,
        updated_at: ts_at(row, 6)?,
    })
}

/// A line's values in [`COLUMNS`] order, for writing it.
fn values(a: &Attendance) -> (String, String, String, &str, Option<String>, &str, String) {
    (
        a.id.to_string(),
        a.session_id.to_string(),
        a.person_id.to_string(),
        a.status.as_str(),
        a.signed_in_at.map(sql::ts_text),
        a.source.as_str(),
        sql::ts_text(a.updated_at),
    )
}

pub(crate) fn insert(conn: &Connection, a: &Attendance) -> Result<(), RecordsError> {
    conn.execute(
        &format!("INSERT INTO attendance ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        values(a),
    )
    .doing("put the person on the register")?;
    Ok(())
}

/// Writes a line's mark, sign-in and source over the stored ones (the same
/// line, on the same register: a bundle's later copy, or a merge).
pub(crate) fn update(conn: &Connection, a: &Attendance) -> Result<(), RecordsError> {
    conn.execute(
        "UPDATE attendance SET status = ?4, signed_in_at = ?5, source = ?6, updated_at = ?7
         WHERE id = ?1",
        values(a),
    )
    .doing("bring the register line up to date")?;
    Ok(())
}

pub(crate) const CORRECTION_COLUMNS: &str = "id, attendance_id, old_status, new_status, reason, at";

pub(crate) fn correction_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Correction> {
    Ok(Correction {
        id: uuid_at(row, 0)?,
        attendance_id: uuid_at(row, 1)?,
        old_status: enum_at(row, 2, "attendance status", AttendanceStatus::parse)?,
        new_status: enum_at(row, 3, "attendance status", AttendanceStatus::parse)?,
        reason: row.get(4)?,
        at: ts_at(row, 5)?,
    })
}

pub(crate) fn insert_correction(conn: &Connection, c: &Correction) -> Result<(), RecordsError> {
    write_correction(
        conn,
        &format!(
            "INSERT INTO attendance_corrections ({CORRECTION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        ),
        c,
    )
}

/// Puts `c` in place of the correction with its id: the same correction
/// as recorded elsewhere (see `duplicates`' merge correction).
pub(crate) fn replace_correction(conn: &Connection, c: &Correction) -> Result<(), RecordsError> {
    write_correction(
        conn,
        "UPDATE attendance_corrections
         SET attendance_id = ?2, old_status = ?3, new_status = ?4, reason = ?5, at = ?6
         WHERE id = ?1",
        c,
    )
}

fn write_correction(
    conn: &Connection,
    statement: &str,
    c: &Correction,
) -> Result<(), RecordsError> {
    conn.execute(
        statement,
        params![
            c.id.to_string(),
            c.attendance_id.to_string(),
            c.old_status.as_str(),
            c.new_status.as_str(),
            c.reason,
            sql::ts_text(c.at),
        ],
    )
    .doing("record the correction")?;
    Ok(())
}

pub(crate) fn find(
    conn: &Connection,
    session_id: Uuid,
    person_id: Uuid,
) -> Result<Option<Attendance>, RecordsError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM attendance WHERE session_id = ?1 AND person_id = ?2"),
        params![session_id.to_string(), person_id.to_string()],
        from_row,
    )
    .optional()
    .doing("read the register")
}

/// Signs someone in at the kiosk now. See [`sign_in_at`].
pub fn sign_in(
    store: &mut Store,
    session_id: Uuid,
    details: &PersonDetails,
) -> Result<SignedIn, RecordsError> {
    let now = sql::now().to_zoned(TimeZone::system());
    sign_in_at(store, session_id, details, &now)
}

/// Signs someone in: finds or adds the person and marks them present, or
/// late when `at` is more than [`LATE_AFTER`] past the session's local start
/// time. Someone already on the register (from a roster, say) keeps their
/// line; signing in twice changes nothing. One transaction.
pub fn sign_in_at(
    store: &mut Store,
    session_id: Uuid,
    details: &PersonDetails,
    at: &Zoned,
) -> Result<SignedIn, RecordsError> {
    let details = details.cleaned()?;
    let now = sql::stored(at.timestamp());
    let tx = store.conn().transaction().doing("start signing in")?;
    let session = sessions::find(&tx, session_id)?;
    if session.status == SessionStatus::Closed {
        return Err(RecordsError::SessionClosed { id: session_id });
    }
    let (person, new_person) = people::find_or_create(&tx, &details, Some(session_id), now)?;
    let status = if is_late(&session, at) {
        AttendanceStatus::Late
    } else {
        AttendanceStatus::Present
    };
    let existing = find(&tx, session_id, person.id)?;
    let signed_in = match existing {
        Some(a) if a.status.attended() && a.signed_in_at.is_some() => SignedIn {
            person,
            attendance_id: a.id,
            status: a.status,
            signed_in_at: a.signed_in_at.unwrap_or(now),
            new_person,
            already_signed_in: true,
        },
        Some(a) => {
            tx.execute(
                "UPDATE attendance SET status = ?2, signed_in_at = ?3, updated_at = ?3 WHERE id = ?1",
                params![a.id.to_string(), status.as_str(), sql::ts_text(now)],
            )
            .doing("mark the person present")?;
            SignedIn {
                person,
                attendance_id: a.id,
                status,
                signed_in_at: now,
                new_person,
                already_signed_in: false,
            }
        }
        None => {
            let a = Attendance {
                id: Uuid::new_v4(),
                session_id,
                person_id: person.id,
                status,
                signed_in_at: Some(now),
                source: AttendanceSource::Kiosk,
                updated_at: now,
            };
            insert(&tx, &a)?;
            SignedIn {
                person,
                attendance_id: a.id,
                status,
                signed_in_at: now,
                new_person,
                already_signed_in: false,
            }
        }
    };
    tx.commit().doing("save the sign-in")?;
    Ok(signed_in)
}

fn is_late(session: &TrainingSession, at: &Zoned) -> bool {
    let start = session.date.to_datetime(session.start_time);
    match start.to_zoned(at.time_zone().clone()) {
        Ok(start) => at.timestamp().duration_since(start.timestamp()) > LATE_AFTER,
        Err(_) => false,
    }
}

/// A trainer sets someone's mark. On an open session this adds them to the
/// register if needed and sets the mark. On a closed session the person must
/// already be on it, `reason` is required, and the change is kept as a
/// [`Correction`] as well as applied. Returns the correction, if one was made.
pub fn set_status(
    store: &mut Store,
    session_id: Uuid,
    person_id: Uuid,
    status: AttendanceStatus,
    reason: Option<&str>,
) -> Result<Option<Correction>, RecordsError> {
    let now = sql::now();
    let tx = store
        .conn()
        .transaction()
        .doing("start changing the register")?;
    let session = sessions::find(&tx, session_id)?;
    if people::find(&tx, person_id)?.is_none() {
        return Err(RecordsError::NotFound {
            what: "person",
            id: person_id,
        });
    }
    let existing = find(&tx, session_id, person_id)?;
    let correction = match (session.status, existing) {
        (SessionStatus::Open, existing) => {
            mark_open(&tx, session_id, person_id, existing, status, now)?;
            None
        }
        (SessionStatus::Closed, None) => {
            return Err(RecordsError::invalid(
                "person",
                "is not on this closed register",
            ));
        }
        (SessionStatus::Closed, Some(a)) => {
            let reason = reason
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .ok_or(RecordsError::invalid("reason", REASON_NEEDED))?;
            if a.status == status {
                return Ok(None);
            }
            let correction = Correction {
                id: Uuid::new_v4(),
                attendance_id: a.id,
                old_status: a.status,
                new_status: status,
                reason: reason.to_string(),
                at: now,
            };
            validate::first(validate::correction(&correction))?;
            insert_correction(&tx, &correction)?;
            tx.execute(
                "UPDATE attendance SET status = ?2, updated_at = ?3 WHERE id = ?1",
                params![a.id.to_string(), status.as_str(), sql::ts_text(now)],
            )
            .doing("apply the correction")?;
            Some(correction)
        }
    };
    tx.commit().doing("save the register")?;
    Ok(correction)
}

/// Sets a mark on an open register, adding the person to it if needed.
fn mark_open(
    conn: &Connection,
    session_id: Uuid,
    person_id: Uuid,
    existing: Option<Attendance>,
    status: AttendanceStatus,
    now: Timestamp,
) -> Result<(), RecordsError> {
    match existing {
        Some(a) => {
            conn.execute(
                "UPDATE attendance SET status = ?2, updated_at = ?3 WHERE id = ?1",
                params![a.id.to_string(), status.as_str(), sql::ts_text(now)],
            )
            .doing("change the mark")?;
        }
        None => insert(
            conn,
            &Attendance {
                id: Uuid::new_v4(),
                session_id,
                person_id,
                status,
                signed_in_at: None,
                source: AttendanceSource::Trainer,
                updated_at: now,
            },
        )?,
    }
    Ok(())
}

/// A trainer puts someone on an open register by hand (someone who came
/// without signing in, or who is expected): finds the person by their
/// details or adds them, then sets their mark. One transaction.
pub fn add_by_hand(
    store: &mut Store,
    session_id: Uuid,
    details: &PersonDetails,
    status: AttendanceStatus,
) -> Result<Person, RecordsError> {
    let details = details.cleaned()?;
    let now = sql::now();
    let tx = store
        .conn()
        .transaction()
        .doing("start changing the register")?;
    let session = sessions::find(&tx, session_id)?;
    if session.status == SessionStatus::Closed {
        return Err(RecordsError::SessionClosed { id: session_id });
    }
    let (person, _) = people::find_or_create(&tx, &details, Some(session_id), now)?;
    let existing = find(&tx, session_id, person.id)?;
    mark_open(&tx, session_id, person.id, existing, status, now)?;
    tx.commit().doing("save the register")?;
    Ok(person)
}

/// Every correction made to a session's register, oldest first.
pub fn corrections(store: &Store, session_id: Uuid) -> Result<Vec<Correction>, RecordsError> {
    let cols = sql::prefixed(CORRECTION_COLUMNS, "c");
    let mut stmt = store
        .conn_ref()
        .prepare(&format!(
            "SELECT {cols} FROM attendance_corrections c
             JOIN attendance a ON a.id = c.attendance_id
             WHERE a.session_id = ?1 ORDER BY c.at, c.id"
        ))
        .doing("read the corrections")?;
    stmt.query_map([session_id.to_string()], correction_from_row)
        .doing("read the corrections")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read the corrections")
}
