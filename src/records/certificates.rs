//! Certificates as records: who was given one, for which course and version,
//! when, whether for completing the course or attending a session, the score
//! printed on it and the signed code it carries. Drawing and signing the
//! certificate is `crate::pdf`'s job; this file only keeps the fact that it
//! was issued.

use jiff::Timestamp;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::error::{DbContext, RecordsError};
use super::people;
use super::sql::{self, opt_uuid_at, ts_at, uuid_at};
use super::validate;

/// The short number printed on a certificate (and in its file's name):
/// the first 10 base32 characters of its id, in two groups.
pub fn number(id: Uuid) -> String {
    let text = data_encoding::BASE32_NOPAD.encode(id.as_bytes());
    format!("{}-{}", &text[..5], &text[5..10])
}

/// What a certificate certifies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CertificateKind {
    /// Every module's quiz passed.
    #[default]
    Completion,
    /// Present at (or late to) a training session.
    Attendance,
}

impl CertificateKind {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateKind::Completion => "completion",
            CertificateKind::Attendance => "attendance",
        }
    }

    pub fn parse(text: &str) -> Option<CertificateKind> {
        match text {
            "completion" => Some(CertificateKind::Completion),
            "attendance" => Some(CertificateKind::Attendance),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CertificateRecord {
    pub id: Uuid,
    pub person_id: Uuid,
    pub course_title: String,
    pub course_version: String,
    pub issued_at: Timestamp,
    #[serde(default)]
    pub kind: CertificateKind,
    /// The session attended, for a certificate of attendance.
    #[serde(default)]
    pub session_id: Option<Uuid>,
    /// The score printed on it, in percent.
    #[serde(default)]
    pub score: Option<u32>,
    /// The signed code printed on it (empty for certificates recorded
    /// before codes existed).
    #[serde(default)]
    pub code: String,
}

pub(crate) const COLUMNS: &str =
    "id, person_id, course_title, course_version, issued_at, kind, session_id, score, code";

pub(crate) fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<CertificateRecord> {
    Ok(CertificateRecord {
        id: uuid_at(row, 0)?,
        person_id: uuid_at(row, 1)?,
        course_title: row.get(2)?,
        course_version: row.get(3)?,
        issued_at: ts_at(row, 4)?,
        kind: sql::enum_at(row, 5, "certificate kind", CertificateKind::parse)?,
        session_id: opt_uuid_at(row, 6)?,
        score: row.get(7)?,
        code: row.get(8)?,
    })
}

pub(crate) fn insert(conn: &Connection, c: &CertificateRecord) -> Result<(), RecordsError> {
    conn.execute(
        &format!(
            "INSERT INTO certificates ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ),
        params![
            c.id.to_string(),
            c.person_id.to_string(),
            c.course_title,
            c.course_version,
            sql::ts_text(c.issued_at),
            c.kind.as_str(),
            c.session_id.map(|s| s.to_string()),
            c.score,
            c.code,
        ],
    )
    .doing("record the certificate")?;
    Ok(())
}

/// Records certificates that were issued, with the files that hold them
/// (certificates name people: erasing someone lists the files made before),
/// all or none, in one transaction however many there are.
pub fn record_all(
    store: &mut super::Store,
    certificates: &[CertificateRecord],
    files: &[&std::path::Path],
) -> Result<(), RecordsError> {
    let tx = store
        .conn()
        .transaction()
        .doing("start recording the certificates")?;
    for certificate in certificates {
        validate::first(validate::certificate(certificate))?;
        if people::find(&tx, certificate.person_id)?.is_none() {
            return Err(RecordsError::NotFound {
                what: "person",
                id: certificate.person_id,
            });
        }
        insert(&tx, certificate)?;
    }
    for file in files {
        super::audit::write_with_path(
            &tx,
            super::audit::AuditAction::Export,
            "certificate",
            Some(file),
        )?;
    }
    tx.commit().doing("save the certificates")?;
    Ok(())
}

/// One certificate by id.
pub fn get(store: &super::Store, id: Uuid) -> Result<CertificateRecord, RecordsError> {
    use rusqlite::OptionalExtension;
    store
        .conn_ref()
        .query_row(
            &format!("SELECT {COLUMNS} FROM certificates WHERE id = ?1"),
            [id.to_string()],
            from_row,
        )
        .optional()
        .doing("read the certificate")?
        .ok_or(RecordsError::NotFound {
            what: "certificate",
            id,
        })
}

/// Records that a person was given a certificate of completion, without a
/// code (what certificates from outside Signpost's PDFs are kept as).
pub fn issue(
    store: &mut super::Store,
    person_id: Uuid,
    course_title: &str,
    course_version: &str,
) -> Result<CertificateRecord, RecordsError> {
    let certificate = CertificateRecord {
        id: Uuid::new_v4(),
        person_id,
        course_title: course_title.to_string(),
        course_version: course_version.to_string(),
        issued_at: sql::now(),
        kind: CertificateKind::Completion,
        session_id: None,
        score: None,
        code: String::new(),
    };
    record_all(store, std::slice::from_ref(&certificate), &[])?;
    Ok(certificate)
}
