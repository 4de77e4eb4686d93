//! Certificates as records: who was given one, for which course and version,
//! and when. Drawing the certificate PDF is `crate::pdf`'s job; this file only
//! keeps the fact that it was issued.

use jiff::Timestamp;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::people;
use super::sql::{self, ts_at, uuid_at};
use super::validate;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CertificateRecord {
    pub id: Uuid,
    pub person_id: Uuid,
    pub course_title: String,
    pub course_version: String,
    pub issued_at: Timestamp,
}

pub(crate) const COLUMNS: &str = "id, person_id, course_title, course_version, issued_at";

pub(crate) fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<CertificateRecord> {
    Ok(CertificateRecord {
        id: uuid_at(row, 0)?,
        person_id: uuid_at(row, 1)?,
        course_title: row.get(2)?,
        course_version: row.get(3)?,
        issued_at: ts_at(row, 4)?,
    })
}

pub(crate) fn insert(conn: &Connection, c: &CertificateRecord) -> Result<(), RecordsError> {
    conn.execute(
        &format!("INSERT INTO certificates ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)"),
        params![
            c.id.to_string(),
            c.person_id.to_string(),
            c.course_title,
            c.course_version,
            sql::ts_text(c.issued_at),
        ],
    )
    .doing("record the certificate")?;
    Ok(())
}

/// Records that a person was given a certificate.
pub fn issue(
    store: &mut Store,
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
    };
    validate::first(validate::certificate(&certificate))?;
    let tx = store
        .conn()
        .transaction()
        .doing("start recording the certificate")?;
    if people::find(&tx, person_id)?.is_none() {
        return Err(RecordsError::NotFound {
            what: "person",
            id: person_id,
        });
    }
    insert(&tx, &certificate)?;
    tx.commit().doing("save the certificate")?;
    Ok(certificate)
}
