//! The audit log: one line for every export, import, erasure, retention run,
//! backup, restore and merge of two people's records, saying what happened
//! and when. A line never holds a person's name or contact details (an
//! erasure or a merge is logged by id only), so the log itself never needs
//! erasing. Exports and backups also note the file they wrote, so that an
//! erasure can list the files made before it.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::sql::{self, enum_at, ts_at, uuid_at};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AuditAction {
    Export,
    Import,
    Erase,
    Retention,
    Backup,
    Restore,
    /// Two records of one person made into one (logged by ids only).
    Merge,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Export => "export",
            AuditAction::Import => "import",
            AuditAction::Erase => "erase",
            AuditAction::Retention => "retention",
            AuditAction::Backup => "backup",
            AuditAction::Restore => "restore",
            AuditAction::Merge => "merge",
        }
    }

    pub fn parse(text: &str) -> Option<AuditAction> {
        Some(match text {
            "export" => AuditAction::Export,
            "import" => AuditAction::Import,
            "erase" => AuditAction::Erase,
            "retention" => AuditAction::Retention,
            "backup" => AuditAction::Backup,
            "restore" => AuditAction::Restore,
            "merge" => AuditAction::Merge,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: Timestamp,
    pub action: AuditAction,
    pub detail: String,
}

/// Adds a line inside the caller's transaction (or on its own).
pub(crate) fn write(
    conn: &Connection,
    action: AuditAction,
    detail: &str,
) -> Result<AuditEntry, RecordsError> {
    write_with_path(conn, action, detail, None)
}

/// Adds a line naming a file written, inside the caller's transaction.
pub(crate) fn write_with_path(
    conn: &Connection,
    action: AuditAction,
    detail: &str,
    path: Option<&Path>,
) -> Result<AuditEntry, RecordsError> {
    let entry = AuditEntry {
        id: Uuid::new_v4(),
        at: sql::now(),
        action,
        detail: detail.to_string(),
    };
    conn.execute(
        "INSERT INTO audit_log (id, at, action, detail, path) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            entry.id.to_string(),
            sql::ts_text(entry.at),
            action.as_str(),
            entry.detail,
            path.map(|p| p.to_string_lossy().into_owned()),
        ],
    )
    .doing("write the audit log")?;
    Ok(entry)
}

/// Adds a line in a transaction of its own (after an export is written).
pub fn record(
    store: &mut Store,
    action: AuditAction,
    detail: &str,
) -> Result<AuditEntry, RecordsError> {
    let tx = store
        .conn()
        .transaction()
        .doing("start writing the audit log")?;
    let entry = write(&tx, action, detail)?;
    tx.commit().doing("write the audit log")?;
    Ok(entry)
}

/// Notes a file an export or backup wrote, in a transaction of its own.
pub fn record_file(
    store: &mut Store,
    action: AuditAction,
    detail: &str,
    path: &Path,
) -> Result<AuditEntry, RecordsError> {
    let tx = store
        .conn()
        .transaction()
        .doing("start writing the audit log")?;
    let entry = write_with_path(&tx, action, detail, Some(path))?;
    tx.commit().doing("write the audit log")?;
    Ok(entry)
}

/// A file Signpost wrote (an export or a backup), as the audit log has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WrittenFile {
    #[ts(type = "string")]
    pub path: PathBuf,
    pub at: Timestamp,
    pub action: AuditAction,
    /// Whether the file is still there now.
    pub exists: bool,
}

/// Every file exports and backups wrote, newest first, each once (the
/// latest time it was written).
pub fn written_files(store: &Store) -> Result<Vec<WrittenFile>, RecordsError> {
    let mut stmt = store
        .conn_ref()
        .prepare(
            "SELECT path, max(at), action FROM audit_log WHERE path IS NOT NULL
             GROUP BY path ORDER BY max(at) DESC, path",
        )
        .doing("read the files written")?;
    stmt.query_map([], |row| {
        let path = PathBuf::from(row.get::<_, String>(0)?);
        Ok(WrittenFile {
            exists: path.exists(),
            path,
            at: ts_at(row, 1)?,
            action: enum_at(row, 2, "audit action", AuditAction::parse)?,
        })
    })
    .doing("read the files written")?
    .collect::<rusqlite::Result<Vec<_>>>()
    .doing("read the files written")
}

/// `path` as an export or backup wrote it, or an error when Signpost never
/// wrote it: the window may open or show only files Signpost made.
pub fn written(store: &Store, path: &Path) -> Result<PathBuf, RecordsError> {
    let known: bool = store
        .conn_ref()
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE path = ?1)",
            [path.to_string_lossy()],
            |row| row.get(0),
        )
        .doing("look up a file written")?;
    if known {
        Ok(path.to_path_buf())
    } else {
        Err(RecordsError::invalid(
            "file",
            format!(
                "{} was not written by Signpost, so it is not opened from here",
                path.display()
            ),
        ))
    }
}

/// The most recent `limit` lines, newest first.
pub fn list(store: &Store, limit: u32) -> Result<Vec<AuditEntry>, RecordsError> {
    let mut stmt = store
        .conn_ref()
        .prepare("SELECT id, at, action, detail FROM audit_log ORDER BY at DESC, id LIMIT ?1")
        .doing("read the audit log")?;
    stmt.query_map([limit], |row| {
        Ok(AuditEntry {
            id: uuid_at(row, 0)?,
            at: ts_at(row, 1)?,
            action: enum_at(row, 2, "audit action", AuditAction::parse)?,
            detail: row.get(3)?,
        })
    })
    .doing("read the audit log")?
    .collect::<rusqlite::Result<Vec<_>>>()
    .doing("read the audit log")
}
