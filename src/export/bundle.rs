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
//! People are matched by id only: the same person signed in on two laptops
//! arrives as two people. When a new person's email is already someone's
//! here, the report says so, so the trainer knows; nothing is merged.
//!
//! The file is read as a stream, one record at a time straight into the
//! transaction, so memory stays small however large the bundle is; exports
//! are written the same way, row by row. Each kind of record is described
//! once (a [`Kind`]) and every step loops over those descriptions.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufReader, Read};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::{Connection, Row, params};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess};
use serde::ser::{self, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;
use uuid::Uuid;

use super::file::write_whole;
use super::{ExportError, ExportSummary, audit_export};
use crate::records::attempts::{self, AttemptRecord};
use crate::records::attendance::{self, Attendance, Correction};
use crate::records::audit::{self, AuditAction};
use crate::records::certificates::{self, CertificateRecord};
use crate::records::people::{self, Person};
use crate::records::progress::{self, ProgressRecord};
use crate::records::sessions::{self, TrainingSession};
use crate::records::validate::{self, FieldProblem};
use crate::records::{DbContext, RecordsError, Store, sql};

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
    pub people: Vec<Person>,
    pub sessions: Vec<TrainingSession>,
    pub attendance: Vec<Attendance>,
    pub corrections: Vec<Correction>,
    pub attempts: Vec<AttemptRecord>,
    pub progress: Vec<ProgressRecord>,
    pub certificates: Vec<CertificateRecord>,
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

/// What an import did, or would do on a dry run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BundleReport {
    pub added: BundleCounts,
    pub already_present: BundleCounts,
    /// People whose details here were replaced by the bundle's, as chosen.
    pub replaced: u32,
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

/// A record that points to another: which column, which kind it names.
struct Reference {
    column: &'static str,
    kind: &'static str,
}

/// Everything the import and export need to know about one kind of record.
trait Kind: Serialize + DeserializeOwned + PartialEq {
    /// In words, as reports name it.
    const KIND: &'static str;
    /// Its key in the bundle's JSON.
    const FIELD: &'static str;
    const TABLE: &'static str;
    const COLUMNS: &'static str;
    /// The columns that identify a record (a `WHERE` clause on `?1`, `?2`).
    const KEY: &'static str;
    /// The order records are exported in.
    const ORDER: &'static str;
    /// The columns naming other records, checked once all are read.
    const REFERENCES: &'static [Reference] = &[];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self>;
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError>;
    fn check(&self) -> Vec<FieldProblem>;
    fn counter(counts: &mut BundleCounts) -> &mut u32;
    /// The values of [`Kind::KEY`]'s parameters.
    fn key(&self) -> Vec<String>;

    /// Another record here that takes this one's place under a different
    /// key (one line per person per register), as a `WHERE` clause and its
    /// values.
    fn place(&self) -> Option<(&'static str, Vec<String>)> {
        None
    }
    /// Who or what this is, as a person reads it.
    fn label(&self, _conn: &Connection) -> String {
        self.key().join("/")
    }
    /// Whether a record keeper may settle a conflict over this kind by
    /// keeping the record here or taking the bundle's ([`Kind::replace`]).
    const CHOOSABLE: bool = false;
    /// Overwrites the record here with this one (for choosable kinds).
    fn replace(&self, _conn: &Connection) -> Result<(), RecordsError> {
        Ok(())
    }
    /// The id a choice is made by (for choosable kinds).
    fn id(&self) -> Option<Uuid> {
        None
    }
    /// This record as a person, when it is one (new people are compared
    /// with the people here by email).
    fn as_person(&self) -> Option<&Person> {
        None
    }
}

fn name_of(conn: &Connection, person: Uuid) -> String {
    sql::one(
        conn,
        "SELECT name FROM people WHERE id = ?1",
        [person.to_string()],
        |row| row.get::<_, String>(0),
        "read a name for the report",
    )
    .ok()
    .flatten()
    .unwrap_or_else(|| format!("person {person}"))
}

fn title_of(conn: &Connection, session: Uuid) -> String {
    sql::one(
        conn,
        "SELECT title || ' (' || date || ')' FROM training_sessions WHERE id = ?1",
        [session.to_string()],
        |row| row.get::<_, String>(0),
        "read a title for the report",
    )
    .ok()
    .flatten()
    .unwrap_or_else(|| format!("session {session}"))
}

impl Kind for Person {
    const KIND: &'static str = "person";
    const FIELD: &'static str = "people";
    const TABLE: &'static str = "people";
    const COLUMNS: &'static str = people::COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        people::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        people::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::person(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.people
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
    fn label(&self, _conn: &Connection) -> String {
        self.name.clone()
    }
    const CHOOSABLE: bool = true;
    fn replace(&self, conn: &Connection) -> Result<(), RecordsError> {
        people::replace(conn, self)
    }
    fn id(&self) -> Option<Uuid> {
        Some(self.id)
    }
    fn as_person(&self) -> Option<&Person> {
        Some(self)
    }
}

impl Kind for TrainingSession {
    const KIND: &'static str = "session";
    const FIELD: &'static str = "sessions";
    const TABLE: &'static str = "training_sessions";
    const COLUMNS: &'static str = sessions::COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        sessions::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        sessions::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::session(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.sessions
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
    fn label(&self, _conn: &Connection) -> String {
        format!("{} ({})", self.title, self.date)
    }
}

impl Kind for Attendance {
    const KIND: &'static str = "attendance";
    const FIELD: &'static str = "attendance";
    const TABLE: &'static str = "attendance";
    const COLUMNS: &'static str = attendance::COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";
    const REFERENCES: &'static [Reference] = &[
        Reference {
            column: "session_id",
            kind: "session",
        },
        Reference {
            column: "person_id",
            kind: "person",
        },
    ];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        attendance::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        attendance::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        Vec::new()
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.attendance
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
    fn place(&self) -> Option<(&'static str, Vec<String>)> {
        // Two laptops that marked the same person on the same register
        // differently disagree, whatever ids their lines have.
        Some((
            "session_id = ?1 AND person_id = ?2",
            vec![self.session_id.to_string(), self.person_id.to_string()],
        ))
    }
    fn label(&self, conn: &Connection) -> String {
        format!(
            "{} on the register of {}",
            name_of(conn, self.person_id),
            title_of(conn, self.session_id)
        )
    }
}

impl Kind for Correction {
    const KIND: &'static str = "correction";
    const FIELD: &'static str = "corrections";
    const TABLE: &'static str = "attendance_corrections";
    const COLUMNS: &'static str = attendance::CORRECTION_COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";
    const REFERENCES: &'static [Reference] = &[Reference {
        column: "attendance_id",
        kind: "attendance",
    }];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        attendance::correction_from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        attendance::insert_correction(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::correction(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.corrections
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
}

impl Kind for AttemptRecord {
    const KIND: &'static str = "quiz attempt";
    const FIELD: &'static str = "attempts";
    const TABLE: &'static str = "quiz_attempts";
    const COLUMNS: &'static str = attempts::COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";
    const REFERENCES: &'static [Reference] = &[
        Reference {
            column: "person_id",
            kind: "person",
        },
        Reference {
            column: "session_id",
            kind: "session",
        },
    ];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        attempts::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        attempts::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::attempt(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.attempts
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
    fn label(&self, conn: &Connection) -> String {
        format!(
            "{}'s attempt at {}",
            name_of(conn, self.person_id),
            self.module_id
        )
    }
}

impl Kind for ProgressRecord {
    const KIND: &'static str = "progress";
    const FIELD: &'static str = "progress";
    const TABLE: &'static str = "module_progress";
    const COLUMNS: &'static str = progress::COLUMNS;
    const KEY: &'static str = "person_id = ?1 AND module_id = ?2";
    const ORDER: &'static str = "person_id, module_id";
    const REFERENCES: &'static [Reference] = &[Reference {
        column: "person_id",
        kind: "person",
    }];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        progress::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        progress::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::progress(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.progress
    }
    fn key(&self) -> Vec<String> {
        vec![self.person_id.to_string(), self.module_id.clone()]
    }
    fn label(&self, conn: &Connection) -> String {
        format!(
            "{}'s place in {}",
            name_of(conn, self.person_id),
            self.module_id
        )
    }
}

impl Kind for CertificateRecord {
    const KIND: &'static str = "certificate";
    const FIELD: &'static str = "certificates";
    const TABLE: &'static str = "certificates";
    const COLUMNS: &'static str = certificates::COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";
    const REFERENCES: &'static [Reference] = &[Reference {
        column: "person_id",
        kind: "person",
    }];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        certificates::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        certificates::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::certificate(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.certificates
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
    fn label(&self, conn: &Connection) -> String {
        format!("{}'s certificate", name_of(conn, self.person_id))
    }
}

/// Calls `each` with every kind of record, in the order they are exported
/// and in which a record never precedes one it points to.
macro_rules! for_each_kind {
    ($each:ident!($($arg:tt)*)) => {{
        $each!(Person, $($arg)*);
        $each!(TrainingSession, $($arg)*);
        $each!(Attendance, $($arg)*);
        $each!(Correction, $($arg)*);
        $each!(AttemptRecord, $($arg)*);
        $each!(ProgressRecord, $($arg)*);
        $each!(CertificateRecord, $($arg)*);
    }};
}

/// The kind a table holds, and how a row of it is named in a report.
fn kind_of_table(table: &str) -> Option<(&'static str, &'static str)> {
    let mut found = None;
    macro_rules! look {
        ($t:ty,) => {
            if <$t as Kind>::TABLE == table {
                found = Some((<$t>::KIND, key_expression::<$t>()));
            }
        };
    }
    for_each_kind!(look!());
    found
}

/// SQL naming a row of `T`'s table by its key, as the report shows it.
fn key_expression<T: Kind>() -> &'static str {
    if T::KEY.contains("?2") {
        "person_id || '/' || module_id"
    } else {
        "id"
    }
}

fn select<T: Kind>(condition: &str) -> String {
    format!("SELECT {} FROM {} WHERE {condition}", T::COLUMNS, T::TABLE)
}

fn read_all<T: Kind>(conn: &Connection) -> Result<Vec<T>, RecordsError> {
    sql::all(
        conn,
        &format!(
            "SELECT {} FROM {} ORDER BY {}",
            T::COLUMNS,
            T::TABLE,
            T::ORDER
        ),
        [],
        T::from_row,
        "read records for the bundle",
    )
}

/// Every record, in a stable order, in memory: for tests and small
/// installs. [`export_bundle`] writes the same thing without holding it.
pub fn build(store: &Store) -> Result<Bundle, RecordsError> {
    let conn = store.conn_ref();
    Ok(Bundle {
        format: BUNDLE_FORMAT.into(),
        version: BUNDLE_VERSION,
        exported_at: sql::now(),
        people: read_all(conn)?,
        sessions: read_all(conn)?,
        attendance: read_all(conn)?,
        corrections: read_all(conn)?,
        attempts: read_all(conn)?,
        progress: read_all(conn)?,
        certificates: read_all(conn)?,
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
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Out<'c> {
            format: &'static str,
            version: u32,
            exported_at: Timestamp,
            people: TableRows<'c, Person>,
            sessions: TableRows<'c, TrainingSession>,
            attendance: TableRows<'c, Attendance>,
            corrections: TableRows<'c, Correction>,
            attempts: TableRows<'c, AttemptRecord>,
            progress: TableRows<'c, ProgressRecord>,
            certificates: TableRows<'c, CertificateRecord>,
        }
        let out = Out {
            format: BUNDLE_FORMAT,
            version: BUNDLE_VERSION,
            exported_at: sql::now(),
            people: TableRows::new(conn, &count),
            sessions: TableRows::new(conn, &count),
            attendance: TableRows::new(conn, &count),
            corrections: TableRows::new(conn, &count),
            attempts: TableRows::new(conn, &count),
            progress: TableRows::new(conn, &count),
            certificates: TableRows::new(conn, &count),
        };
        write_whole(path, |file| {
            serde_json::to_writer(file, &out).map_err(|source| ExportError::Json {
                path: path.to_path_buf(),
                source,
            })
        })?;
    }
    audit_export(store, "record bundle", path, count.get())
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

fn check_format(format: &str) -> Result<(), String> {
    if format == BUNDLE_FORMAT {
        Ok(())
    } else {
        Err(format!("its format is {format:?}, not {BUNDLE_FORMAT:?}"))
    }
}

fn check_version(version: u64) -> Result<(), String> {
    if version == 0 || version > u64::from(BUNDLE_VERSION) {
        Err(format!(
            "it is version {version}; this Signpost reads up to version {BUNDLE_VERSION}"
        ))
    } else {
        Ok(())
    }
}

/// Reads the bundle at `path` as a stream and imports it; see
/// [`import_bundle_from`].
pub fn import_bundle_file(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
) -> Result<BundleReport, ExportError> {
    let (file, _) = crate::files::open_regular(path)?;
    import_bundle_from(
        store,
        BufReader::with_capacity(256 * 1024, file),
        path,
        options,
    )
}

/// Imports a bundle already in memory, through the same checks.
pub fn import_bundle(
    store: &mut Store,
    bundle: &Bundle,
    source: &str,
    options: &ImportOptions,
) -> Result<BundleReport, ExportError> {
    let json = serde_json::to_vec(bundle).map_err(|source_err| ExportError::Json {
        path: PathBuf::from(source),
        source: source_err,
    })?;
    import_bundle_from(store, json.as_slice(), Path::new(source), options)
}

/// Merges a bundle read from `reader` into the store in one transaction
/// (see the module notes). With a dry run, or while anything blocks,
/// nothing is written and the report says what would have happened.
pub fn import_bundle_from(
    store: &mut Store,
    reader: impl Read,
    source: &Path,
    options: &ImportOptions,
) -> Result<BundleReport, ExportError> {
    store.check_writable()?;
    let tx = store
        .conn()
        .transaction()
        .doing("start importing the bundle")?;
    // Records may arrive in any order (a hand-made bundle might list
    // attendance before sessions); what they point to is checked at the end.
    tx.pragma_update(None, "defer_foreign_keys", true)
        .doing("start importing the bundle")?;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS bundle_seen (
            kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)
         ) WITHOUT ROWID;
         DELETE FROM temp.bundle_seen;",
    )
    .doing("start importing the bundle")?;

    let mut import = Import {
        conn: &tx,
        resolutions: &options.resolutions,
        report: BundleReport {
            dry_run: options.dry_run,
            ..BundleReport::default()
        },
        format: false,
        version: false,
        failure: None,
        reading: None,
        unlisted_blocking: 0,
    };
    let bad = |reason: String| ExportError::BundleFormat {
        path: source.to_path_buf(),
        reason,
    };
    let mut json = serde_json::Deserializer::from_reader(reader);
    let read = json.deserialize_map(&mut import).and_then(|()| json.end());
    if let Err(err) = read {
        match import.failure.take() {
            // Said by the visitor, which does not know the path.
            Some(ExportError::BundleFormat { reason, .. }) => return Err(bad(reason)),
            Some(failure) => return Err(failure),
            None => {}
        }
        let at = match import.reading {
            Some((field, n)) => format!("in {field}, record {n}: "),
            None => String::new(),
        };
        return Err(bad(if err.is_eof() {
            format!("it ends too soon, as if cut off ({at}{err})")
        } else {
            format!("{at}{err}")
        }));
    }
    if !import.format {
        return Err(bad(format!(
            "it does not say its format (\"format\": {BUNDLE_FORMAT:?})"
        )));
    }
    if !import.version {
        return Err(bad("it does not say its version".into()));
    }
    import.missing_references()?;
    let mut report = import.report;
    report.blocking = report
        .conflicts
        .iter()
        .filter(|c| c.resolution.is_none())
        .count() as u32
        + report.problems.len() as u32
        + import.unlisted_blocking;
    let write = !options.dry_run && report.blocking == 0;
    if write {
        audit::write(
            &tx,
            AuditAction::Import,
            &format!(
                "record bundle {}: {} records added, {} already present, {} people replaced",
                source.display(),
                report.added.total(),
                report.already_present.total(),
                report.replaced
            ),
        )?;
        tx.commit().doing("save the imported records")?;
    }
    // Otherwise the transaction is dropped: rolled back, nothing changed.
    report.imported = write;
    Ok(report)
}

/// The state of one import while the bundle streams through it.
struct Import<'c> {
    conn: &'c Connection,
    resolutions: &'c Resolutions,
    report: BundleReport,
    format: bool,
    version: bool,
    /// The error that stopped reading, when it was not the JSON's fault.
    failure: Option<ExportError>,
    /// Which list and record number is being read, for a parse error.
    reading: Option<(&'static str, u64)>,
    unlisted_blocking: u32,
}

impl Import<'_> {
    /// Keeps `err` and gives the parser an error that stops it.
    fn stop<E: de::Error>(&mut self, err: ExportError) -> E {
        let message = err.to_string();
        self.failure = Some(err);
        E::custom(message)
    }

    /// Records that `key` of `kind` was in the bundle; false when it already
    /// had been.
    fn first_time(&self, kind: &str, key: &str) -> Result<bool, RecordsError> {
        let changed = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO temp.bundle_seen (kind, key) VALUES (?1, ?2)")
            .and_then(|mut stmt| stmt.execute(params![kind, key]))
            .doing("note a record of the bundle")?;
        Ok(changed == 1)
    }

    fn seen(&self, kind: &str, key: &str) -> Result<bool, RecordsError> {
        Ok(sql::one(
            self.conn,
            "SELECT 1 FROM temp.bundle_seen WHERE kind = ?1 AND key = ?2",
            params![kind, key],
            |_| Ok(()),
            "look for a record of the bundle",
        )?
        .is_some())
    }

    fn problem(&mut self, kind: &str, id: String, field: &str, reason: String) {
        if self.report.problems.len() < LIST_LIMIT {
            self.report.problems.push(RecordProblem {
                kind: kind.into(),
                id,
                field: field.into(),
                reason,
            });
        } else {
            self.report.not_listed += 1;
            self.unlisted_blocking += 1;
        }
    }

    fn conflict(&mut self, conflict: BundleConflict) {
        if self.report.conflicts.len() < LIST_LIMIT {
            self.report.conflicts.push(conflict);
        } else {
            self.report.not_listed += 1;
            if conflict.resolution.is_none() {
                self.unlisted_blocking += 1;
            }
        }
    }

    fn here<T: Kind>(&self, condition: &str, values: &[String]) -> Result<Option<T>, RecordsError> {
        sql::one(
            self.conn,
            &select::<T>(condition),
            rusqlite::params_from_iter(values),
            T::from_row,
            "compare the bundle with the records here",
        )
    }

    /// Sorts one record into added, already present, conflicting or bad,
    /// and adds it when it is new.
    fn take<T: Kind>(&mut self, item: T) -> Result<(), RecordsError> {
        let key = item.key();
        let id = key.join("/");
        if !self.first_time(T::KIND, &id)? {
            // The bundle holds this id twice: harmless when the copies are
            // the same, a conflict when they differ.
            let first = self.here::<T>(T::KEY, &key)?;
            if first.as_ref() != Some(&item) {
                let label = item.label(self.conn);
                self.conflict(BundleConflict {
                    kind: T::KIND.into(),
                    id,
                    label,
                    reason: "is in the bundle twice, with different content".into(),
                    differences: first.map_or_else(Vec::new, |f| differences(&f, &item)),
                    resolvable: false,
                    resolution: None,
                });
            }
            return Ok(());
        }
        let problems = item.check();
        if !problems.is_empty() {
            for problem in problems {
                self.problem(T::KIND, id.clone(), problem.field, problem.reason);
            }
            return Ok(());
        }
        let mut here = self.here::<T>(T::KEY, &key)?;
        if here.is_none()
            && let Some((condition, values)) = item.place()
        {
            if !self.first_time(&format!("{} place", T::KIND), &values.join("/"))? {
                let label = item.label(self.conn);
                self.conflict(BundleConflict {
                    kind: T::KIND.into(),
                    id,
                    label,
                    reason:
                        "is a second line for the same person on the same register in the bundle"
                            .into(),
                    differences: Vec::new(),
                    resolvable: false,
                    resolution: None,
                });
                return Ok(());
            }
            here = self.here::<T>(condition, &values)?;
        }
        match here {
            None => {
                item.insert(self.conn)?;
                *T::counter(&mut self.report.added) += 1;
                if let Some(person) = item.as_person() {
                    self.same_email(person)?;
                }
            }
            Some(here) if here == item => *T::counter(&mut self.report.already_present) += 1,
            Some(here) => self.disagree(here, item, id)?,
        }
        Ok(())
    }

    /// A record here and the bundle's differ: a conflict, settled when the
    /// record keeper chose for this kind and id.
    fn disagree<T: Kind>(&mut self, here: T, item: T, id: String) -> Result<(), RecordsError> {
        let same_key = here.key() == item.key();
        let resolvable = T::CHOOSABLE && same_key;
        let resolution = item
            .id()
            .filter(|_| resolvable)
            .and_then(|id| self.resolutions.get(&id).copied());
        if resolution == Some(Resolution::TakeBundles) {
            item.replace(self.conn)?;
            self.report.replaced += 1;
        }
        let label = here.label(self.conn);
        self.conflict(BundleConflict {
            kind: T::KIND.into(),
            id,
            label,
            reason: if same_key {
                "is already here with different content".into()
            } else {
                "is already on that register under another record".into()
            },
            differences: differences(&here, &item),
            resolvable,
            resolution,
        });
        Ok(())
    }

    /// Notes a new person whose email someone here (not from this bundle)
    /// already has.
    fn same_email(&mut self, person: &Person) -> Result<(), RecordsError> {
        let Some(email) = person.email.as_deref().filter(|e| !e.is_empty()) else {
            return Ok(());
        };
        let existing = sql::one(
            self.conn,
            "SELECT name FROM people
             WHERE email = ?1 COLLATE NOCASE
               AND id NOT IN (SELECT key FROM temp.bundle_seen WHERE kind = 'person')
             ORDER BY created_at LIMIT 1",
            [email],
            |row| row.get::<_, String>(0),
            "compare the bundle's people with the people here",
        )?;
        if let Some(existing) = existing {
            if self.report.same_email.len() < LIST_LIMIT {
                self.report.same_email.push(SameEmail {
                    email: email.to_string(),
                    incoming: person.name.clone(),
                    existing,
                });
            } else {
                self.report.not_listed += 1;
            }
        }
        Ok(())
    }

    /// Every record that points to a session, person or line of a register
    /// that is neither here nor in the bundle, named with what it points to.
    /// A record it points to that the bundle holds but that was refused is
    /// reported once, as itself.
    fn missing_references(&mut self) -> Result<(), RecordsError> {
        let violations = sql::all(
            self.conn,
            "SELECT \"table\", rowid, fkid FROM pragma_foreign_key_check",
            [],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            },
            "check what the bundle's records point to",
        )?;
        for (table, rowid, fk) in violations {
            let Some((kind, key)) = kind_of_table(&table) else {
                continue;
            };
            let column = sql::one(
                self.conn,
                "SELECT \"from\" FROM pragma_foreign_key_list(?1) WHERE id = ?2",
                params![table, fk],
                |row| row.get::<_, String>(0),
                "check what the bundle's records point to",
            )?
            .unwrap_or_default();
            let reference = references()
                .into_iter()
                .find(|(t, r)| *t == table && r.column == column);
            let Some((_, reference)) = reference else {
                continue;
            };
            let (id, target) = sql::one(
                self.conn,
                &format!("SELECT {key}, {column} FROM {table} WHERE rowid = ?1"),
                [rowid],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
                "check what the bundle's records point to",
            )?
            .unwrap_or_default();
            if self.seen(reference.kind, &target)? {
                continue;
            }
            self.problem(
                kind,
                id,
                &column.replace('_', " "),
                format!(
                    "names {} {target}, which is neither here nor in the bundle",
                    reference.kind
                ),
            );
        }
        Ok(())
    }
}

/// Every kind's references, with its table.
fn references() -> Vec<(&'static str, &'static Reference)> {
    let mut all = Vec::new();
    macro_rules! add {
        ($t:ty,) => {
            for reference in <$t as Kind>::REFERENCES {
                all.push((<$t as Kind>::TABLE, reference));
            }
        };
    }
    for_each_kind!(add!());
    all
}

/// Field by field, where two copies of a record differ, named in words.
fn differences<T: Serialize>(here: &T, bundle: &T) -> Vec<Difference> {
    let (Ok(serde_json::Value::Object(here)), Ok(serde_json::Value::Object(bundle))) =
        (serde_json::to_value(here), serde_json::to_value(bundle))
    else {
        return Vec::new();
    };
    let text = |value: Option<&serde_json::Value>| match value {
        None | Some(serde_json::Value::Null) => "(none)".to_string(),
        Some(serde_json::Value::String(s)) if s.is_empty() => "(empty)".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    here.keys()
        .chain(bundle.keys().filter(|k| !here.contains_key(*k)))
        .filter(|field| here.get(*field) != bundle.get(*field))
        .map(|field| Difference {
            field: words(field),
            here: text(here.get(field)),
            bundle: text(bundle.get(field)),
        })
        .collect()
}

/// `jobRole` → `job role`.
fn words(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_uppercase() {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl<'de> de::Visitor<'de> for &mut Import<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Signpost record bundle (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let import = self;
        while let Some(key) = map.next_key::<String>()? {
            macro_rules! records {
                ($t:ty,) => {
                    if key == <$t as Kind>::FIELD {
                        map.next_value_seed(Records::<$t> {
                            import: &mut *import,
                            kind: PhantomData,
                        })?;
                        continue;
                    }
                };
            }
            match key.as_str() {
                "format" => {
                    let format: String = map.next_value()?;
                    if let Err(reason) = check_format(&format) {
                        return Err(import.stop(ExportError::BundleFormat {
                            path: PathBuf::new(),
                            reason,
                        }));
                    }
                    import.format = true;
                }
                "version" => {
                    let version: u64 = map.next_value()?;
                    if let Err(reason) = check_version(version) {
                        return Err(import.stop(ExportError::BundleFormat {
                            path: PathBuf::new(),
                            reason,
                        }));
                    }
                    import.version = true;
                }
                _ => {
                    for_each_kind!(records!());
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// One list of records, taken one at a time as the parser reads them.
struct Records<'a, 'c, T> {
    import: &'a mut Import<'c>,
    kind: PhantomData<T>,
}

impl<'de, T: Kind> DeserializeSeed<'de> for Records<'_, '_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, json: D) -> Result<(), D::Error> {
        json.deserialize_seq(self)
    }
}

impl<'de, T: Kind> de::Visitor<'de> for Records<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {} records", T::KIND)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0u64;
        loop {
            n += 1;
            self.import.reading = Some((T::FIELD, n));
            let Some(item) = seq.next_element::<T>()? else {
                break;
            };
            if let Err(err) = self.import.take(item) {
                return Err(self.import.stop(err.into()));
            }
        }
        self.import.reading = None;
        Ok(())
    }
}
