//! Erasing a person on request: every row about them goes, from the database
//! and from every SQLite file in the data folder (backups of every kind, in
//! any subfolder, whatever they are named), and nothing that names them is
//! left in those files' bytes.
//!
//! Backups are *rewritten* with the same deletion rather than deleted, so
//! erasing one person does not throw away everyone else's history; a backup
//! that cannot be opened to be cleaned is deleted instead, because keeping
//! the name is the one thing not allowed. Files in `damaged/` (databases too
//! broken to open) cannot be cleaned and are listed in the report for a
//! person to decide about, as are the files written outside the data folder
//! before the erasure (exports, backups kept elsewhere), which Signpost knows
//! from its audit log but must not go looking through. So is every Learning
//! Record Store that acknowledged statements from this computer: the
//! person's statements may be there too, and Signpost cannot erase them
//! there: the next send to each withdraws (voids) them, but only whoever
//! runs it can delete them (the audit line of the erasure names those
//! addresses). The audit
//! log records the erasure by id only. Records merged into the person earlier (see
//! `duplicates.rs`) are gone from the database already, but backups from
//! before the merge hold them under their own ids, so those ids are cleaned
//! from backups too (the merges are kept, ids only, so that an erasure that
//! stopped part-way can be finished by erasing again).

use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::audit::{self, AuditAction, WrittenFile};
use super::backup::DAMAGED_DIR;
use super::error::{DbContext, RecordsError};
use super::{Store, certificates, people, sql};
use crate::progress::Progress;

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
    /// Files written before the erasure outside the data folder (exports,
    /// backups kept elsewhere) that may still hold the person, and whether
    /// each is still there.
    pub written_before: Vec<WrittenFile>,
    /// Learning Record Stores that acknowledged statements sent from here:
    /// the person's may be among them, and Signpost cannot erase them there
    /// (the next send withdraws them).
    pub lrs_endpoints: Vec<String>,
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
    (
        "quiz_attempts",
        "DELETE FROM quiz_attempts WHERE person_id = ?1",
    ),
    (
        "quiz_open_attempts",
        "DELETE FROM quiz_open_attempts WHERE person_id = ?1",
    ),
    (
        "course_completions",
        "DELETE FROM course_completions WHERE person_id = ?1",
    ),
    (
        "module_progress",
        "DELETE FROM module_progress WHERE person_id = ?1",
    ),
    (
        "certificates",
        "DELETE FROM certificates WHERE person_id = ?1",
    ),
    ("people", "DELETE FROM people WHERE id = ?1"),
];

fn has_table(conn: &Connection, table: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [table],
        |r| r.get(0),
    )
}

/// The audit line of an erasure begins with this and the person's id, and
/// migration 11 reads erased ids from lines that do.
fn erased_line(person_id: Uuid) -> String {
    format!("person erased {person_id}")
}

/// Deletes every row about `person_id`, and notes the id as erased (so a
/// bundle or a restored backup cannot bring them back): in `erased_people`,
/// or in a file from before that table, in the audit log, from which the
/// file's upgrade will carry it over.
fn delete_person(conn: &Connection, person_id: Uuid) -> rusqlite::Result<()> {
    forget_certificate_files(conn, person_id)?;
    for (table, deletion) in DELETIONS {
        if has_table(conn, table)? {
            conn.execute(deletion, [person_id.to_string()])?;
        }
    }
    let now = sql::now();
    if has_table(conn, "erased_people")? {
        note_erased(
            conn,
            &Erased {
                id: person_id,
                erased_at: now,
            },
        )?;
    } else if has_table(conn, "audit_log")? {
        conn.execute(
            "INSERT INTO audit_log (id, at, action, detail) VALUES (?1, ?2, ?3, ?4)",
            [
                Uuid::new_v4().to_string(),
                sql::ts_text(now),
                AuditAction::Erase.as_str().to_string(),
                erased_line(person_id),
            ],
        )?;
    }
    Ok(())
}

/// What the audit log says instead of a certificate file's path once its
/// person is erased.
const CERTIFICATE_FORGOTTEN: &str = "certificate of a person since erased";

/// A certificate issued into a folder is named after its person ("…
/// Certificate - Ольга Петрова - ABCDE-FGHIJ.pdf"), and the audit log keeps
/// the path: the lines of the person's certificates keep that one was
/// written, and lose the path, which is found by the certificate's number.
fn forget_certificate_files(conn: &Connection, person_id: Uuid) -> rusqlite::Result<()> {
    if !has_table(conn, "certificates")? || !has_column(conn, "audit_log", "path")? {
        return Ok(());
    }
    let mut stmt = conn.prepare("SELECT id FROM certificates WHERE person_id = ?1")?;
    let ids = stmt
        .query_map([person_id.to_string()], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for id in ids.iter().filter_map(|id| Uuid::parse_str(id).ok()) {
        conn.execute(
            "UPDATE audit_log SET path = NULL, detail = ?2
             WHERE path IS NOT NULL AND instr(path, ?1) > 0",
            [
                format!(" - {}", certificates::number(id)),
                CERTIFICATE_FORGOTTEN.to_string(),
            ],
        )?;
    }
    Ok(())
}

fn has_column(conn: &Connection, table: &str, column: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)",
        [table, column],
        |r| r.get(0),
    )
}

/// Whether `person_id` was erased from this database.
pub(crate) fn is_erased(conn: &Connection, person_id: Uuid) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM erased_people WHERE id = ?1)")?
        .query_row([person_id.to_string()], |row| row.get(0))
}

/// Someone erased from this database, by id only (never a name), as record
/// bundles carry them to other installs so that they are erased there too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Erased {
    pub id: Uuid,
    pub erased_at: Timestamp,
}

/// Everyone erased from this database, in the order of their ids.
pub(crate) fn erased(conn: &Connection) -> rusqlite::Result<Vec<Erased>> {
    let mut stmt = conn.prepare("SELECT id, erased_at FROM erased_people ORDER BY id")?;
    let rows = stmt.query_map([], |row| {
        Ok(Erased {
            id: sql::uuid_at(row, 0)?,
            erased_at: sql::ts_at(row, 1)?,
        })
    })?;
    rows.collect()
}

/// The ids of everyone erased from this database.
pub(crate) fn erased_ids(conn: &Connection) -> rusqlite::Result<Vec<Uuid>> {
    Ok(erased(conn)?.into_iter().map(|e| e.id).collect())
}

/// Everyone another database file says was erased, read without writing
/// to it: from its list, or (a file from before the list) from its audit
/// log. A file that cannot be read says nothing.
pub(crate) fn erased_in_file(path: &Path) -> Vec<Uuid> {
    let read = || -> rusqlite::Result<Vec<String>> {
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let query = if has_table(&conn, "erased_people")? {
            "SELECT id FROM erased_people"
        } else if has_table(&conn, "audit_log")? {
            "SELECT substr(detail, 15, 36) FROM audit_log
             WHERE action = 'erase' AND detail LIKE 'person erased %'"
        } else {
            return Ok(Vec::new());
        };
        let mut stmt = conn.prepare(query)?;
        stmt.query_map([], |row| row.get(0))?.collect()
    };
    read()
        .unwrap_or_default()
        .iter()
        .filter_map(|id| Uuid::parse_str(id).ok())
        .collect()
}

/// Notes that `erased` was erased (once: the first time is kept), so that
/// no bundle or restored backup brings them in later.
pub(crate) fn note_erased(conn: &Connection, erased: &Erased) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO erased_people (id, erased_at) VALUES (?1, ?2)",
        [erased.id.to_string(), sql::ts_text(erased.erased_at)],
    )?;
    Ok(())
}

/// Erases again, in a database just put in place (a restored backup),
/// everyone erased before from the one it replaced, and says how many of
/// them it held. The caller compacts the file.
pub(crate) fn erase_again(conn: &mut Connection, ids: &[Uuid]) -> rusqlite::Result<u32> {
    let tx = conn.transaction()?;
    let mut held = 0;
    for id in ids {
        let here: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1)",
            [id.to_string()],
            |row| row.get(0),
        )?;
        held += u32::from(here);
        delete_person(&tx, *id)?;
    }
    tx.commit()?;
    Ok(held)
}

/// Every record id merged into `person_id` (see `duplicates::merge`).
fn merged_into(conn: &Connection, person_id: Uuid) -> rusqlite::Result<Vec<Uuid>> {
    let mut stmt = conn.prepare("SELECT merged_id FROM person_merges WHERE kept_id = ?1")?;
    let ids = stmt
        .query_map([person_id.to_string()], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids
        .iter()
        .filter_map(|id| Uuid::parse_str(id).ok())
        .collect())
}

/// Rewrites the database file so that freed pages and old WAL frames that
/// held the person are gone.
pub(crate) fn compact(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("VACUUM;")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
}

/// Erases a person everywhere (see the module notes). One transaction in
/// the database, then compaction, then each backup, counted on `progress`
/// as files done (the database first). An erasure is never cancelled half
/// way: once begun it cleans every file.
pub fn erase_person(
    store: &mut Store,
    person_id: Uuid,
    progress: &dyn Progress,
) -> Result<EraseReport, RecordsError> {
    // The files written before, as the audit log names them before the
    // erasure forgets the paths of the person's certificates.
    let written_before = audit::written_files(store)?;
    let tx = store
        .conn()
        .transaction()
        .doing("start erasing the person")?;
    let here = people::find(&tx, person_id)?.is_some();
    // Someone already erased here is an erasure that stopped part-way (the
    // disk filled while compacting, a backup could be neither cleaned nor
    // removed): the database is done, and it carries on with the rest.
    if !here && !is_erased(&tx, person_id).doing("read who was erased")? {
        return Err(RecordsError::NotFound {
            what: "person",
            id: person_id,
        });
    }
    // Records merged into this person are gone from the database but may
    // still be in backups made before the merge, under their own ids (the
    // merges are kept, ids only, for that).
    let merged_ids = merged_into(&tx, person_id).doing("find merged records")?;
    let lrs_endpoints = crate::lrs::endpoints_in(&tx).doing("read where statements were sent")?;
    if here {
        // The merged ids are the same person's too: none may come back.
        for id in std::iter::once(person_id).chain(merged_ids.iter().copied()) {
            delete_person(&tx, id).doing("erase the person")?;
        }
        let elsewhere = if lrs_endpoints.is_empty() {
            String::new()
        } else {
            format!(
                "; their statements may also be in the Learning Record Store at {}, which Signpost cannot erase (the next send withdraws them)",
                lrs_endpoints.join(", ")
            )
        };
        audit::write(
            &tx,
            AuditAction::Erase,
            &format!("{}{elsewhere}", erased_line(person_id)),
        )?;
    }
    tx.commit().doing("save the erasure")?;
    compact(store.conn_ref()).doing("compact the database after erasing")?;

    let mut report = EraseReport {
        person_id,
        backups_cleaned: Vec::new(),
        backups_deleted: Vec::new(),
        not_cleaned: Vec::new(),
        written_before: Vec::new(),
        lrs_endpoints,
    };
    let data_dir = store.data_dir().to_path_buf();
    let every_id: Vec<Uuid> = std::iter::once(person_id).chain(merged_ids).collect();
    let live = store.path().to_path_buf();
    let damaged = data_dir.join(DAMAGED_DIR);
    let mut found = Vec::new();
    files_under(&data_dir, &mut found)?;
    // Anything set aside as damaged may hold the person and cannot be
    // opened to clean; every other database is cleaned.
    let (not_cleaned, others): (Vec<PathBuf>, Vec<PathBuf>) = found
        .into_iter()
        .filter(|path| *path != live)
        .partition(|path| path.starts_with(&damaged));
    report.not_cleaned = not_cleaned;
    let others: Vec<PathBuf> = others.into_iter().filter(|path| is_sqlite(path)).collect();
    let total = others.len() as u64 + 1;
    progress.step(1, total);
    for (done, path) in (2..).zip(others) {
        let cleaned = clean_backup(&path, &every_id);
        progress.step(done, total);
        match cleaned {
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
    report.written_before = written_before
        .into_iter()
        .filter(|file| !file.path.starts_with(&data_dir))
        .collect();
    Ok(report)
}

/// Whether the file starts as every SQLite database does, whatever its name.
fn is_sqlite(path: &Path) -> bool {
    let mut header = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut header))
        .is_ok_and(|()| &header == b"SQLite format 3\0")
}

/// Every file under `dir`, in any subfolder, sorted by path. Links are not
/// followed: only what is really inside the folder is touched.
fn files_under(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), RecordsError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(RecordsError::File {
                action: "cannot read the folder",
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut here: Vec<(PathBuf, std::fs::FileType)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_type().ok().map(|kind| (e.path(), kind)))
        .collect();
    here.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in here {
        if kind.is_dir() {
            files_under(&path, found)?;
        } else if kind.is_file() {
            found.push(path);
        }
    }
    Ok(())
}

/// Applies the same deletion to a backup file and compacts it. A backup
/// from before the people table existed holds no one, and is left as it is.
fn clean_backup(path: &Path, person_ids: &[Uuid]) -> rusqlite::Result<()> {
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
        // A backup made after a merge knows of it too.
        let mut ids = person_ids.to_vec();
        if has_table(&conn, "person_merges")? {
            for id in person_ids {
                ids.extend(merged_into(&conn, *id)?);
            }
        }
        conn.execute_batch("BEGIN")?;
        if let Err(err) = ids.iter().try_for_each(|id| delete_person(&conn, *id)) {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(err);
        }
        conn.execute_batch("COMMIT; VACUUM;")?;
    }
    Ok(())
}
