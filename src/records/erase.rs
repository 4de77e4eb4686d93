//! Erasing a person on request: every row about them goes, from the database
//! and from the automatic backups, and nothing that names them is left in
//! the files' bytes.
//!
//! Backups are *rewritten* with the same deletion rather than deleted, so
//! erasing one person does not throw away everyone else's history; a backup
//! that cannot be opened to be cleaned is deleted instead, because keeping
//! the name is the one thing not allowed. Files in `damaged/` (databases too
//! broken to open) cannot be cleaned and are listed in the report for a
//! person to decide about. The audit log records the erasure by id only.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::audit::{self, AuditAction};
use super::backup::{DAMAGED_DIR, backups_dir};
use super::error::{DbContext, RecordsError};
use super::{Store, people};

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EraseReport {
    pub person_id: Uuid,
    #[ts(type = "string[]")]
    pub backups_cleaned: Vec<PathBuf>,
    /// Backups that could not be cleaned and so were deleted.
    #[ts(type = "string[]")]
    pub backups_deleted: Vec<PathBuf>,
    /// Damaged databases that may still hold the person; delete them by hand
    /// once they are no longer needed.
    #[ts(type = "string[]")]
    pub not_cleaned: Vec<PathBuf>,
}

/// The deletions, in an order the foreign keys accept, each with the table
/// it needs: a backup made before a table existed holds nothing in it.
const DELETIONS: &[(&str, &str)] = &[
    (
        "attendance_corrections",
        "DELETE FROM attendance_corrections WHERE attendance_id IN
            (SELECT id FROM attendance WHERE person_id = ?1)",
    ),
    ("attendance", "DELETE FROM attendance WHERE person_id = ?1"),
    (
        "quiz_answers",
        "DELETE FROM quiz_answers WHERE attempt_id IN
            (SELECT id FROM quiz_attempts WHERE person_id = ?1)",
    ),
    ("quiz_attempts", "DELETE FROM quiz_attempts WHERE person_id = ?1"),
    (
        "quiz_open_attempts",
        "DELETE FROM quiz_open_attempts WHERE person_id = ?1",
    ),
    (
        "course_completions",
        "DELETE FROM course_completions WHERE person_id = ?1",
    ),
    ("module_progress", "DELETE FROM module_progress WHERE person_id = ?1"),
    ("certificates", "DELETE FROM certificates WHERE person_id = ?1"),
    ("people", "DELETE FROM people WHERE id = ?1"),
];

fn delete_person(conn: &Connection, person_id: Uuid) -> rusqlite::Result<()> {
    for (table, deletion) in DELETIONS {
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [table],
            |r| r.get(0),
        )?;
        if exists {
            conn.execute(deletion, [person_id.to_string()])?;
        }
    }
    Ok(())
}

/// Rewrites the database file so that freed pages and old WAL frames that
/// held the person are gone.
fn compact(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("VACUUM;")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
}

/// Erases a person everywhere (see the module notes). One transaction in
/// the database, then compaction, then each backup.
pub fn erase_person(store: &mut Store, person_id: Uuid) -> Result<EraseReport, RecordsError> {
    let tx = store
        .conn()
        .transaction()
        .doing("start erasing the person")?;
    if people::find(&tx, person_id)?.is_none() {
        return Err(RecordsError::NotFound {
            what: "person",
            id: person_id,
        });
    }
    delete_person(&tx, person_id).doing("erase the person")?;
    audit::write(
        &tx,
        AuditAction::Erase,
        &format!("person erased {person_id}"),
    )?;
    tx.commit().doing("save the erasure")?;
    compact(store.conn_ref()).doing("compact the database after erasing")?;

    let mut report = EraseReport {
        person_id,
        backups_cleaned: Vec::new(),
        backups_deleted: Vec::new(),
        not_cleaned: Vec::new(),
    };
    let data_dir = store.data_dir().to_path_buf();
    for path in sqlite_files(&backups_dir(&data_dir))? {
        match clean_backup(&path, person_id) {
            Ok(()) => report.backups_cleaned.push(path),
            Err(_) => {
                std::fs::remove_file(&path).map_err(|source| RecordsError::File {
                    action: "cannot remove the uncleanable backup",
                    path: path.clone(),
                    source,
                })?;
                report.backups_deleted.push(path);
            }
        }
    }
    report.not_cleaned = sqlite_files(&data_dir.join(DAMAGED_DIR))?;
    Ok(report)
}

fn sqlite_files(dir: &Path) -> Result<Vec<PathBuf>, RecordsError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(RecordsError::File {
                action: "cannot read the folder",
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sqlite3"))
        .collect();
    files.sort();
    Ok(files)
}

/// Applies the same deletion to a backup file and compacts it. A backup
/// from before the people table existed holds no one, and is left as it is.
fn clean_backup(path: &Path, person_id: Uuid) -> rusqlite::Result<()> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.pragma_update(None, "secure_delete", true)?;
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(rusqlite::Error::InvalidQuery);
    }
    let has_people: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'people')",
        [],
        |r| r.get(0),
    )?;
    if has_people {
        conn.execute_batch("BEGIN")?;
        if let Err(err) = delete_person(&conn, person_id) {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(err);
        }
        conn.execute_batch("COMMIT; VACUUM;")?;
    }
    Ok(())
}
