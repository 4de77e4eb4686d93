//! Record bundles: every record of an install in one JSON file, tagged with a
//! format name and version, so that several trainers' laptops can be merged
//! into one. Settings and the audit log stay local and are not bundled.
//!
//! Importing is one transaction and is idempotent by id: a record already
//! present with the same content is skipped, so importing the same bundle
//! twice adds nothing. Every record passes the same checks as one typed in
//! the window ([`crate::records::validate`]); a record that fails is named
//! (kind, id, field, why). A record whose id (or whose place on a register)
//! is already taken by *different* content is a conflict, and so is an id
//! the bundle holds twice with different content; a record that points to a
//! session or person that is neither here nor in the bundle is named with
//! what it points to. Conflicts are never resolved by guessing: a record
//! keeper may keep the person here or take the bundle's, person by person,
//! and while anything else is wrong nothing at all is imported. A dry run is
//! the same import, rolled back, so it finds exactly what the import would.
//!
//! Nothing about a person erased here comes back: their records, and the
//! parts of those records, are left out and counted, whenever the bundle
//! was made. Erasures travel the other way too: a bundle lists everyone
//! erased where it was made (by id only), and importing it erases those
//! people here as well, once the record keeper has seen who they are and
//! agreed ([`ImportOptions::erase`]). An *erasure list* is a bundle with
//! that list and no records ([`export_erasures`]), for an office to send to
//! the laptops without spreading everyone's records to them.
//!
//! People are matched by id only: the same person signed in on two laptops
//! arrives as two people. When a new person's email is already someone's
//! here, the report says so, so the trainer knows; nothing is merged by
//! guessing. Merges a record keeper made travel, by ids: a bundle lists
//! every record merged into another where it was made, and an import
//! merges the two here too when both are here (or once the kept one
//! arrives), so that the records moved by the merge are the same records
//! in both places. Records merged here stay merged when a bundle that
//! still holds them arrives.
//!
//! The file is read as a stream, one record at a time straight into the
//! transaction, so memory stays small however large the bundle is; exports
//! are written the same way, row by row. Each kind of record is described
//! once (`kinds.rs`) and every step loops over those descriptions; the
//! import itself is `import.rs`.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::BufReader;
use std::marker::PhantomData;
use std::path::Path;

use jiff::Timestamp;
use rusqlite::Connection;
use serde::ser::{self, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};
use ts_rs::TS;
use uuid::Uuid;

use super::file::write_whole;
use super::{ExportError, ExportSummary, audit_export};
use crate::records::attempts::{AnswerRecord, AttemptRecord};
use crate::records::attendance::{Attendance, Correction};
use crate::records::certificates::CertificateRecord;
use crate::records::completions::CompletionRecord;
use crate::records::duplicates::{self, PersonMerge};
use crate::records::erase::{self, EraseReport, Erased};
use crate::records::people::Person;
use crate::records::progress::ProgressRecord;
use crate::records::room_answers::RoomAnswer;
use crate::records::sessions::TrainingSession;
use crate::records::{DbContext, RecordsError, Store, sql};

mod import;
mod kinds;

pub use import::{import_bundle, import_bundle_file, import_bundle_from};
use kinds::{Kind, read_all};

pub const BUNDLE_FORMAT: &str = "signpost-records";
pub const BUNDLE_VERSION: u32 = 1;

/// How many conflicts, problems or shared emails a report lists; the rest
/// are counted in [`BundleReport::not_listed`]. A hostile bundle can hold a
/// million bad records; nobody reads past the first screenful.
pub const LIST_LIMIT: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub exported_at: Timestamp,
    /// The records merged into others where the bundle was made, by ids.
    /// Bundles made before Signpost carried them have none.
    #[serde(default)]
    pub merges: Vec<PersonMerge>,
    /// Everyone erased where the bundle was made. Bundles made before
    /// Signpost carried them have none.
    #[serde(default)]
    pub erased: Vec<Erased>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub sessions: Vec<TrainingSession>,
    #[serde(default)]
    pub attendance: Vec<Attendance>,
    #[serde(default)]
    pub corrections: Vec<Correction>,
    #[serde(default)]
    pub attempts: Vec<AttemptRecord>,
    /// The answers of those attempts, question by question. Bundles made
    /// before Signpost carried them have none.
    #[serde(default)]
    pub quiz_answers: Vec<AnswerRecord>,
    #[serde(default)]
    pub progress: Vec<ProgressRecord>,
    #[serde(default)]
    pub certificates: Vec<CertificateRecord>,
    /// Bundles made before Signpost kept these have none.
    #[serde(default)]
    pub completions: Vec<CompletionRecord>,
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
    pub quiz_answers: u32,
    pub progress: u32,
    pub certificates: u32,
    pub completions: u32,
    pub room_answers: u32,
}

impl BundleCounts {
    pub fn total(&self) -> u32 {
        self.people
            + self.sessions
            + self.attendance
            + self.corrections
            + self.attempts
            + self.quiz_answers
            + self.progress
            + self.certificates
            + self.completions
            + self.room_answers
    }
}

/// One field on which a record here and the bundle's copy disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Difference {
    /// The field, in words ("job role").
    pub field: String,
    pub here: String,
    pub bundle: String,
}

/// What a record keeper chose for a person who is here and in the bundle
/// with different details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Resolution {
    /// Keep the details here; the bundle's copy of this person is not used.
    KeepOurs,
    /// Replace the details here with the bundle's.
    TakeBundles,
}

/// A choice per conflicting person, by id.
pub type Resolutions = BTreeMap<Uuid, Resolution>;

/// A record in the bundle that disagrees with one already here, or with
/// another copy of itself in the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BundleConflict {
    /// Which kind of record: `person`, `session`, `attendance`, …
    pub kind: String,
    /// The record's id (or key, for progress).
    pub id: String,
    /// Who or what the record is, as a person reads it: a person's name, a
    /// session's title and date, whose mark on which register.
    pub label: String,
    pub reason: String,
    /// Field by field, what is here and what the bundle has.
    pub differences: Vec<Difference>,
    /// True when the record keeper can settle it by keeping the record here
    /// or taking the bundle's (people, for now).
    pub resolvable: bool,
    /// The choice made, when one was.
    pub resolution: Option<Resolution>,
}

/// A record the bundle holds that no door would let in, or that points to
/// a record that is nowhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecordProblem {
    pub kind: String,
    pub id: String,
    /// The field, in words.
    pub field: String,
    /// Reads after the field: "is needed", "names session …, which is …".
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

/// Someone here whom the bundle says was erased where it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ToErase {
    pub id: Uuid,
    pub name: String,
}

/// Two records here of one person, merged where the bundle was made: by
/// the names they have here, so the record keeper sees who becomes one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ToMerge {
    /// The record kept.
    pub kept: String,
    /// The record merged into it.
    pub merged: String,
}

/// What an import did, or would do on a dry run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BundleReport {
    pub added: BundleCounts,
    /// Records here that the bundle holds a later copy of (a session closed
    /// since, a mark changed, a place moved on), brought up to it.
    pub updated: BundleCounts,
    /// Records here already, the same or further on than in the bundle.
    pub already_present: BundleCounts,
    /// People whose details here were replaced by the bundle's, as chosen.
    pub replaced: u32,
    /// People recorded twice here whom the bundle's install had merged
    /// into one: merged here too, as a record keeper's merge does.
    pub to_merge: Vec<ToMerge>,
    /// Records about people erased here (the bundle was made before the
    /// erasure, or elsewhere), left out: an erasure is never undone.
    pub erased_left_out: u32,
    /// People here whom the bundle says were erased where it was made (or
    /// who were merged, here or there, with someone it names): erased here
    /// too when the bundle is imported with [`ImportOptions::erase`].
    pub to_erase: Vec<ToErase>,
    /// People the bundle says were erased where it was made who were never
    /// here: noted, so that no later bundle brings them in.
    pub erasures_noted: u32,
    /// What erasing each of [`BundleReport::to_erase`] did, once imported.
    pub erasures: Vec<EraseReport>,
    pub conflicts: Vec<BundleConflict>,
    /// Records that break the rules, or point to nothing; any one stops
    /// the import.
    pub problems: Vec<RecordProblem>,
    /// New people who share an email address with someone here; they are
    /// added as separate people all the same.
    pub same_email: Vec<SameEmail>,
    /// Conflicts, problems and shared emails found beyond the
    /// [`LIST_LIMIT`] listed of each.
    pub not_listed: u32,
    /// Conflicts without a choice plus problems (listed or not): while this
    /// is above zero nothing is imported.
    pub blocking: u32,
    pub dry_run: bool,
    /// True only when the records were actually written.
    pub imported: bool,
}

/// How to import: for real or as a dry run, and the record keeper's choice
/// for each person in conflict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    pub dry_run: bool,
    pub resolutions: Resolutions,
    /// Whether the record keeper agreed to erase here the people the bundle
    /// says were erased where it was made. Without it, a bundle that would
    /// erase anyone here imports nothing.
    pub erase: bool,
}

impl ImportOptions {
    pub fn dry_run() -> ImportOptions {
        ImportOptions {
            dry_run: true,
            ..ImportOptions::default()
        }
    }

    pub fn import() -> ImportOptions {
        ImportOptions::default()
    }
}

/// Every record, in a stable order, in memory: for tests and small
/// installs. [`export_bundle`] writes the same thing without holding it.
pub fn build(store: &Store) -> Result<Bundle, RecordsError> {
    let conn = store.conn_ref();
    Ok(Bundle {
        format: BUNDLE_FORMAT.into(),
        version: BUNDLE_VERSION,
        exported_at: sql::now(),
        merges: duplicates::merges(conn)?,
        erased: erase::erased(conn).doing("read who was erased")?,
        people: read_all(conn)?,
        sessions: read_all(conn)?,
        attendance: read_all(conn)?,
        corrections: read_all(conn)?,
        attempts: read_all(conn)?,
        quiz_answers: read_all(conn)?,
        progress: read_all(conn)?,
        certificates: read_all(conn)?,
        completions: read_all(conn)?,
        room_answers: read_all(conn)?,
    })
}

/// One table written as a JSON array straight from its rows, counting them.
struct TableRows<'c, T> {
    conn: &'c Connection,
    count: &'c Cell<u64>,
    kind: PhantomData<T>,
}

impl<'c, T> TableRows<'c, T> {
    fn new(conn: &'c Connection, count: &'c Cell<u64>) -> Self {
        TableRows {
            conn,
            count,
            kind: PhantomData,
        }
    }
}

impl<T: Kind> Serialize for TableRows<'_, T> {
    fn serialize<S: Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        let query = format!(
            "SELECT {} FROM {} ORDER BY {}",
            T::COLUMNS,
            T::TABLE,
            T::ORDER
        );
        let mut stmt = self.conn.prepare(&query).map_err(ser::Error::custom)?;
        let rows = stmt
            .query_map([], T::from_row)
            .map_err(ser::Error::custom)?;
        let mut seq = out.serialize_seq(None)?;
        for row in rows {
            seq.serialize_element(&row.map_err(ser::Error::custom)?)?;
            self.count.set(self.count.get() + 1);
        }
        seq.end()
    }
}

/// Writes every record to `path` as a bundle, row by row, then notes the
/// export in the audit log.
pub fn export_bundle(store: &mut Store, path: &Path) -> Result<ExportSummary, ExportError> {
    let count = Cell::new(0u64);
    {
        let conn = store.conn_ref();
        // Every table is read from one snapshot, so a sign-in or a quiz
        // finished meanwhile cannot leave a line without its person.
        let snapshot = conn
            .unchecked_transaction()
            .doing("start reading the records")?;
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Out<'c> {
            format: &'static str,
            version: u32,
            exported_at: Timestamp,
            merges: Vec<PersonMerge>,
            erased: Vec<Erased>,
            people: TableRows<'c, Person>,
            sessions: TableRows<'c, TrainingSession>,
            attendance: TableRows<'c, Attendance>,
            corrections: TableRows<'c, Correction>,
            attempts: TableRows<'c, AttemptRecord>,
            quiz_answers: TableRows<'c, AnswerRecord>,
            progress: TableRows<'c, ProgressRecord>,
            certificates: TableRows<'c, CertificateRecord>,
            completions: TableRows<'c, CompletionRecord>,
            room_answers: TableRows<'c, RoomAnswer>,
        }
        let out = Out {
            format: BUNDLE_FORMAT,
            version: BUNDLE_VERSION,
            exported_at: sql::now(),
            // Before the records, so that an import knows whom the records
            // are about: merged people are one here too, and erased people's
            // records are left out.
            merges: duplicates::merges(conn)?,
            erased: erase::erased(conn).doing("read who was erased")?,
            people: TableRows::new(conn, &count),
            sessions: TableRows::new(conn, &count),
            attendance: TableRows::new(conn, &count),
            corrections: TableRows::new(conn, &count),
            attempts: TableRows::new(conn, &count),
            quiz_answers: TableRows::new(conn, &count),
            progress: TableRows::new(conn, &count),
            certificates: TableRows::new(conn, &count),
            completions: TableRows::new(conn, &count),
            room_answers: TableRows::new(conn, &count),
        };
        write_whole(store.data_dir(), path, "json", |file| {
            serde_json::to_writer(file, &out).map_err(|source| ExportError::Json {
                path: path.to_path_buf(),
                source,
            })
        })?;
        drop(snapshot);
    }
    audit_export(store, "record bundle", path, count.get())
}

/// Writes the erasure list to `path`: a bundle holding only who was erased
/// here, by id, for other installs to erase them too (see the module notes).
pub fn export_erasures(store: &mut Store, path: &Path) -> Result<ExportSummary, ExportError> {
    let erased = erase::erased(store.conn_ref()).doing("read who was erased")?;
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Out<'a> {
        format: &'static str,
        version: u32,
        exported_at: Timestamp,
        erased: &'a [Erased],
    }
    let out = Out {
        format: BUNDLE_FORMAT,
        version: BUNDLE_VERSION,
        exported_at: sql::now(),
        erased: &erased,
    };
    write_whole(store.data_dir(), path, "json", |file| {
        serde_json::to_writer(file, &out).map_err(|source| ExportError::Json {
            path: path.to_path_buf(),
            source,
        })
    })?;
    audit_export(store, "erasure list", path, erased.len() as u64)
}

/// Reads a whole bundle into memory, checking its format and version: for
/// tests and tools that want to look at one. Importing never does this.
pub fn read_bundle(path: &Path) -> Result<Bundle, ExportError> {
    let bad = |reason: String| ExportError::BundleFormat {
        path: path.to_path_buf(),
        reason,
    };
    let open = || {
        crate::files::open_regular(path)
            .map(|(file, _)| BufReader::new(file))
            .map_err(ExportError::from)
    };
    #[derive(Deserialize)]
    struct Head {
        format: Option<String>,
        version: Option<u64>,
    }
    let head: Head =
        serde_json::from_reader(open()?).map_err(|err| bad(format!("not JSON ({err})")))?;
    check_format(head.format.as_deref().unwrap_or("")).map_err(bad)?;
    check_version(head.version.unwrap_or(0)).map_err(bad)?;
    serde_json::from_reader(open()?).map_err(|err| bad(err.to_string()))
}

pub(super) fn check_format(format: &str) -> Result<(), String> {
    if format == BUNDLE_FORMAT {
        Ok(())
    } else {
        Err(format!("its format is {format:?}, not {BUNDLE_FORMAT:?}"))
    }
}

pub(super) fn check_version(version: u64) -> Result<(), String> {
    if version == 0 || version > u64::from(BUNDLE_VERSION) {
        Err(format!(
            "it is version {version}; this Signpost reads up to version {BUNDLE_VERSION}"
        ))
    } else {
        Ok(())
    }
}
