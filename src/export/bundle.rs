//! Record bundles: every record of an install in one JSON file, tagged with a
//! format name and version, so that several trainers' laptops can be merged
//! into one. Settings and the audit log stay local and are not bundled.
//!
//! Importing is one transaction and is idempotent by id: a record already
//! present with the same content is skipped, so importing the same bundle
//! twice adds nothing. A record whose id (or whose place on a register)
//! is already taken by *different* content is a conflict; conflicts are
//! reported, never resolved by guessing, and then nothing at all is imported.
//! People are matched by id only: the same person signed in on two laptops
//! arrives as two people. When a new person's email is already someone's
//! here, the report says so, so the trainer knows; nothing is merged.

use std::path::Path;

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::file::write_whole;
use super::{ExportError, ExportSummary, audit_export};
use crate::records::attempts::{self, AttemptRecord};
use crate::records::attendance::{self, Attendance, Correction};
use crate::records::audit::{self, AuditAction};
use crate::records::certificates::{self, CertificateRecord};
use crate::records::people::{self, Person};
use crate::records::progress::{self, ProgressRecord};
use crate::records::room_answers::{self, RoomAnswer};
use crate::records::sessions::{self, TrainingSession};
use crate::records::{DbContext, RecordsError, Store, sql};

pub const BUNDLE_FORMAT: &str = "signpost-records";
pub const BUNDLE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub exported_at: Timestamp,
    pub people: Vec<Person>,
    pub sessions: Vec<TrainingSession>,
    pub attendance: Vec<Attendance>,
    pub corrections: Vec<Correction>,
    pub attempts: Vec<AttemptRecord>,
    pub progress: Vec<ProgressRecord>,
    pub certificates: Vec<CertificateRecord>,
    /// The room's knowledge-check counts; bundles made before they existed
    /// have none.
    #[serde(default)]
    pub room_answers: Vec<RoomAnswer>,
}

/// How many records of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BundleCounts {
    pub people: u32,
    pub sessions: u32,
    pub attendance: u32,
    pub corrections: u32,
    pub attempts: u32,
    pub progress: u32,
    pub certificates: u32,
    pub room_answers: u32,
}

impl BundleCounts {
    pub fn total(&self) -> u32 {
        self.people
            + self.sessions
            + self.attendance
            + self.corrections
            + self.attempts
            + self.progress
            + self.certificates
            + self.room_answers
    }
}

/// A record in the bundle that disagrees with one already here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BundleConflict {
    /// Which kind of record: `person`, `session`, `attendance`, …
    pub kind: String,
    /// The record's id (or key, for progress).
    pub id: String,
    pub reason: String,
}

/// A person the bundle adds whose email address someone here already has:
/// perhaps the same person, signed in on another laptop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SameEmail {
    pub email: String,
    /// The name in the bundle.
    pub incoming: String,
    /// The name already here.
    pub existing: String,
}

/// What an import did, or would do on a dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BundleReport {
    pub added: BundleCounts,
    pub already_present: BundleCounts,
    pub conflicts: Vec<BundleConflict>,
    /// New people who share an email address with someone here; they are
    /// added as separate people all the same.
    pub same_email: Vec<SameEmail>,
    pub dry_run: bool,
    /// True only when the records were actually written.
    pub imported: bool,
}

fn all<T>(
    conn: &Connection,
    query: &str,
    map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, RecordsError> {
    let mut stmt = conn.prepare(query).doing("read records for the bundle")?;
    stmt.query_map([], map)
        .doing("read records for the bundle")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read records for the bundle")
}

/// Every record, in a stable order.
pub fn build(store: &Store) -> Result<Bundle, RecordsError> {
    let conn = store.conn_ref();
    Ok(Bundle {
        format: BUNDLE_FORMAT.into(),
        version: BUNDLE_VERSION,
        exported_at: sql::now(),
        people: all(
            conn,
            &format!("SELECT {} FROM people ORDER BY id", people::COLUMNS),
            people::from_row,
        )?,
        sessions: all(
            conn,
            &format!(
                "SELECT {} FROM training_sessions ORDER BY id",
                sessions::COLUMNS
            ),
            sessions::from_row,
        )?,
        attendance: all(
            conn,
            &format!("SELECT {} FROM attendance ORDER BY id", attendance::COLUMNS),
            attendance::from_row,
        )?,
        corrections: all(
            conn,
            &format!(
                "SELECT {} FROM attendance_corrections ORDER BY id",
                attendance::CORRECTION_COLUMNS
            ),
            attendance::correction_from_row,
        )?,
        attempts: all(
            conn,
            &format!(
                "SELECT {} FROM quiz_attempts ORDER BY id",
                attempts::COLUMNS
            ),
            attempts::from_row,
        )?,
        progress: all(
            conn,
            &format!(
                "SELECT {} FROM module_progress ORDER BY person_id, module_id",
                progress::COLUMNS
            ),
            progress::from_row,
        )?,
        certificates: all(
            conn,
            &format!(
                "SELECT {} FROM certificates ORDER BY id",
                certificates::COLUMNS
            ),
            certificates::from_row,
        )?,
        room_answers: room_answers::all(conn)?,
    })
}

/// Writes every record to `path` as a bundle, then notes the export in the
/// audit log.
pub fn export_bundle(store: &mut Store, path: &Path) -> Result<ExportSummary, ExportError> {
    let bundle = build(store)?;
    let count = u64::from(
        BundleCounts {
            people: bundle.people.len() as u32,
            sessions: bundle.sessions.len() as u32,
            attendance: bundle.attendance.len() as u32,
            corrections: bundle.corrections.len() as u32,
            attempts: bundle.attempts.len() as u32,
            progress: bundle.progress.len() as u32,
            certificates: bundle.certificates.len() as u32,
            room_answers: bundle.room_answers.len() as u32,
        }
        .total(),
    );
    write_whole(path, "json", |out| {
        serde_json::to_writer(out, &bundle).map_err(|source| ExportError::Json {
            path: path.to_path_buf(),
            source,
        })
    })?;
    audit_export(store, "record bundle", path, count)
}

/// Reads and checks a bundle file.
pub fn read_bundle(path: &Path) -> Result<Bundle, ExportError> {
    let bad = |reason: String| ExportError::BundleFormat {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|source| ExportError::File {
        action: "cannot read",
        path: path.to_path_buf(),
        source,
    })?;
    let head: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|err| bad(format!("not JSON ({err})")))?;
    let format = head.get("format").and_then(|f| f.as_str()).unwrap_or("");
    if format != BUNDLE_FORMAT {
        return Err(bad(format!(
            "its format is {format:?}, not {BUNDLE_FORMAT:?}"
        )));
    }
    let version = head.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if version == 0 || version > u64::from(BUNDLE_VERSION) {
        return Err(bad(format!(
            "it is version {version}; this Signpost reads up to version {BUNDLE_VERSION}"
        )));
    }
    serde_json::from_value(head).map_err(|err| bad(err.to_string()))
}

/// Reads `path` and imports it; see [`import_bundle`].
pub fn import_bundle_file(
    store: &mut Store,
    path: &Path,
    dry_run: bool,
) -> Result<BundleReport, ExportError> {
    let bundle = read_bundle(path)?;
    import_bundle(store, &bundle, &path.display().to_string(), dry_run)
}

/// Sorts one kind of record into new, already present and conflicting.
fn sort<'a, T: PartialEq>(
    items: &'a [T],
    kind: &str,
    key: impl Fn(&T) -> String,
    existing: impl Fn(&T) -> Result<Option<T>, RecordsError>,
    same: &mut u32,
    conflicts: &mut Vec<BundleConflict>,
) -> Result<Vec<&'a T>, RecordsError> {
    let mut new = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for item in items {
        if !seen.insert(key(item)) {
            continue;
        }
        match existing(item)? {
            None => new.push(item),
            Some(here) if here == *item => *same += 1,
            Some(_) => conflicts.push(BundleConflict {
                kind: kind.into(),
                id: key(item),
                reason: "already here with different content".into(),
            }),
        }
    }
    Ok(new)
}

fn one<T>(
    conn: &Connection,
    query: &str,
    args: impl rusqlite::Params,
    map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Option<T>, RecordsError> {
    conn.query_row(query, args, map)
        .optional()
        .doing("compare the bundle with the records here")
}

/// The new people whose email address (ignoring case) someone here has.
fn same_email(conn: &Connection, new_people: &[&Person]) -> Result<Vec<SameEmail>, RecordsError> {
    let mut here = std::collections::HashMap::new();
    let mut stmt = conn
        .prepare("SELECT email, name FROM people WHERE email <> '' ORDER BY created_at DESC")
        .doing("compare the bundle's people with the people here")?;
    let rows = stmt
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .doing("compare the bundle's people with the people here")?;
    for row in rows {
        let (email, name) = row.doing("compare the bundle's people with the people here")?;
        here.insert(email.to_lowercase(), name); // the earliest-made person wins
    }
    Ok(new_people
        .iter()
        .filter_map(|p| {
            let email = p.email.as_deref().filter(|e| !e.is_empty())?;
            here.get(&email.to_lowercase()).map(|existing| SameEmail {
                email: email.to_string(),
                incoming: p.name.clone(),
                existing: existing.clone(),
            })
        })
        .collect())
}

/// Merges a bundle into the store in one transaction (see the module notes).
/// With `dry_run`, or when there are conflicts, nothing is written and the
/// report says what would have happened.
pub fn import_bundle(
    store: &mut Store,
    bundle: &Bundle,
    source: &str,
    dry_run: bool,
) -> Result<BundleReport, ExportError> {
    let tx = store
        .conn()
        .transaction()
        .doing("start importing the bundle")?;
    let mut same = BundleCounts::default();
    let mut conflicts = Vec::new();
    let c: &Connection = &tx;

    let new_people = sort(
        &bundle.people,
        "person",
        |p| p.id.to_string(),
        |p| {
            one(
                c,
                &format!("SELECT {} FROM people WHERE id = ?1", people::COLUMNS),
                [p.id.to_string()],
                people::from_row,
            )
        },
        &mut same.people,
        &mut conflicts,
    )?;
    let new_sessions = sort(
        &bundle.sessions,
        "session",
        |s| s.id.to_string(),
        |s| {
            one(
                c,
                &format!(
                    "SELECT {} FROM training_sessions WHERE id = ?1",
                    sessions::COLUMNS
                ),
                [s.id.to_string()],
                sessions::from_row,
            )
        },
        &mut same.sessions,
        &mut conflicts,
    )?;
    let new_attendance = sort(
        &bundle.attendance,
        "attendance",
        |a| a.id.to_string(),
        |a| {
            let by_id = one(
                c,
                &format!(
                    "SELECT {} FROM attendance WHERE id = ?1",
                    attendance::COLUMNS
                ),
                [a.id.to_string()],
                attendance::from_row,
            )?;
            if by_id.is_some() {
                return Ok(by_id);
            }
            // The same person on the same register under another id is a
            // conflict too: two laptops marked them differently.
            let by_place = one(
                c,
                &format!(
                    "SELECT {} FROM attendance WHERE session_id = ?1 AND person_id = ?2",
                    attendance::COLUMNS
                ),
                params![a.session_id.to_string(), a.person_id.to_string()],
                attendance::from_row,
            )?;
            Ok(by_place)
        },
        &mut same.attendance,
        &mut conflicts,
    )?;
    let new_corrections = sort(
        &bundle.corrections,
        "correction",
        |x| x.id.to_string(),
        |x| {
            one(
                c,
                &format!(
                    "SELECT {} FROM attendance_corrections WHERE id = ?1",
                    attendance::CORRECTION_COLUMNS
                ),
                [x.id.to_string()],
                attendance::correction_from_row,
            )
        },
        &mut same.corrections,
        &mut conflicts,
    )?;
    let new_attempts = sort(
        &bundle.attempts,
        "quiz attempt",
        |a| a.id.to_string(),
        |a| {
            one(
                c,
                &format!(
                    "SELECT {} FROM quiz_attempts WHERE id = ?1",
                    attempts::COLUMNS
                ),
                [a.id.to_string()],
                attempts::from_row,
            )
        },
        &mut same.attempts,
        &mut conflicts,
    )?;
    let new_progress = sort(
        &bundle.progress,
        "progress",
        |p| format!("{}/{}", p.person_id, p.module_id),
        |p| {
            one(
                c,
                &format!(
                    "SELECT {} FROM module_progress WHERE person_id = ?1 AND module_id = ?2",
                    progress::COLUMNS
                ),
                params![p.person_id.to_string(), p.module_id],
                progress::from_row,
            )
        },
        &mut same.progress,
        &mut conflicts,
    )?;
    let new_certificates = sort(
        &bundle.certificates,
        "certificate",
        |x| x.id.to_string(),
        |x| {
            one(
                c,
                &format!(
                    "SELECT {} FROM certificates WHERE id = ?1",
                    certificates::COLUMNS
                ),
                [x.id.to_string()],
                certificates::from_row,
            )
        },
        &mut same.certificates,
        &mut conflicts,
    )?;
    let new_room_answers = sort(
        &bundle.room_answers,
        "room answer",
        |a| format!("{}/{}/{}", a.session_id, a.question_id, a.option),
        |a| room_answers::find(c, a),
        &mut same.room_answers,
        &mut conflicts,
    )?;

    let same_email = same_email(c, &new_people)?;

    let added = BundleCounts {
        people: new_people.len() as u32,
        sessions: new_sessions.len() as u32,
        attendance: new_attendance.len() as u32,
        corrections: new_corrections.len() as u32,
        attempts: new_attempts.len() as u32,
        progress: new_progress.len() as u32,
        certificates: new_certificates.len() as u32,
        room_answers: new_room_answers.len() as u32,
    };
    let write = !dry_run && conflicts.is_empty();
    if write {
        for p in new_people {
            people::insert(c, p)?;
        }
        for s in new_sessions {
            sessions::insert(c, s)?;
        }
        for a in new_attendance {
            attendance::insert(c, a)?;
        }
        for x in new_corrections {
            attendance::insert_correction(c, x)?;
        }
        for a in new_attempts {
            attempts::insert(c, a)?;
        }
        for p in new_progress {
            progress::insert(c, p)?;
        }
        for x in new_certificates {
            certificates::insert(c, x)?;
        }
        for a in new_room_answers {
            room_answers::insert(c, a)?;
        }
        audit::write(
            c,
            AuditAction::Import,
            &format!(
                "record bundle {source}: {} records added, {} already present",
                added.total(),
                same.total()
            ),
        )?;
        tx.commit().doing("save the imported records")?;
    }
    // Otherwise the transaction is dropped: rolled back, nothing changed.
    Ok(BundleReport {
        added,
        already_present: same,
        conflicts,
        same_email,
        dry_run,
        imported: write,
    })
}
