//! Backups of the records database: at most one automatic backup a day into
//! `backups/` in the data folder (keeping the newest N), a backup on request
//! to any file, listing them, and restoring — both into an open store and,
//! when the database is too damaged to open, into the data folder.
//!
//! Every copy is made with SQLite's online backup API, so it is a consistent
//! snapshot even while the app is writing, and is switched to rollback-journal
//! mode so that a backup is one self-contained file. Nothing here ever
//! destroys a database: restoring first saves the current one beside the
//! backups, and a damaged file is moved into `damaged/` with a timestamped
//! name. Cleaning backups of an erased person is `erase.rs`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::audit::{self, AuditAction};
use super::error::{DbContext, RecordsError};
use super::migrations::{self, SCHEMA_VERSION};
use super::open::inspect;
use super::{Store, StoreError, erase, sql};
use crate::progress::{Progress, Silent};

/// The folder of automatic backups inside the data folder.
pub const BACKUPS_DIR: &str = "backups";
/// Where damaged databases are moved when a backup is restored over them.
pub const DAMAGED_DIR: &str = "damaged";

const DAILY_PREFIX: &str = "signpost-";
const BEFORE_RESTORE_PREFIX: &str = "signpost-before-restore-";
const MANUAL_PREFIX: &str = "signpost-manual-";
const EXTENSION: &str = ".sqlite3";
/// A backup's copy while a restore makes it ready, in the data folder (so
/// that an erasure cleans it, should one be left behind).
const RESTORING_FILE: &str = "signpost.sqlite3.restoring";

/// A backup file found in the backups folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupInfo {
    #[ts(type = "string")]
    pub path: PathBuf,
    pub kind: BackupKind,
    /// The day of an automatic backup; `None` for any other kind.
    #[ts(type = "string | null")]
    pub date: Option<Date>,
    /// A JSON number over IPC (a backup stays far below 2^53 bytes).
    #[ts(type = "number")]
    pub bytes: u64,
}

/// How a file in the backups folder came to be there, read from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BackupKind {
    Daily,
    OnRequest,
    BeforeRestore,
    /// Put there by someone, under a name Signpost did not give it.
    Other,
}

impl BackupKind {
    fn of(stem: &str) -> (BackupKind, Option<Date>) {
        if stem.starts_with(BEFORE_RESTORE_PREFIX) {
            (BackupKind::BeforeRestore, None)
        } else if stem.starts_with(MANUAL_PREFIX) {
            (BackupKind::OnRequest, None)
        } else if let Some(date) = stem
            .strip_prefix(DAILY_PREFIX)
            .and_then(|day| day.parse::<Date>().ok())
        {
            (BackupKind::Daily, Some(date))
        } else {
            (BackupKind::Other, None)
        }
    }
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RestoreReport {
    #[ts(type = "string")]
    pub restored_from: PathBuf,
    /// Where the database that was replaced now is, if there was one.
    #[ts(type = "string | null")]
    pub saved_current_as: Option<PathBuf>,
    /// People erased from the replaced database whom the backup still
    /// held: erased again in the restored one, since an erasure is never
    /// undone by a restore.
    pub erased_again: u32,
}

pub fn backups_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUPS_DIR)
}

fn file_error(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> RecordsError {
    let path = path.to_path_buf();
    move |source| RecordsError::File {
        action,
        path,
        source,
    }
}

fn stamp(now: Timestamp) -> String {
    now.strftime("%Y%m%dT%H%M%S%.3fZ").to_string()
}

/// Copies `from` into `to` a few pages at a time, telling `progress` how
/// many pages are done. When cancelled it stops, and SQLite rolls `to` back
/// to what it held before.
fn copy_pages(
    from: &Connection,
    to: &mut Connection,
    progress: &dyn Progress,
) -> Result<(), RecordsError> {
    let backup = Backup::new(from, to).doing("start copying the database")?;
    loop {
        if progress.cancelled() {
            return Err(RecordsError::Cancelled);
        }
        let stepped = backup.step(256).doing("copy the database")?;
        let pages = backup.progress();
        let total = u64::try_from(pages.pagecount).unwrap_or(0);
        let left = u64::try_from(pages.remaining).unwrap_or(0);
        progress.step(total.saturating_sub(left), total);
        match stepped {
            StepResult::Done => return Ok(()),
            StepResult::Busy | StepResult::Locked => std::thread::sleep(Duration::from_millis(10)),
            _ => {}
        }
    }
}

/// Copies a live connection's database to `dest` (through a temporary file,
/// so `dest` is either the old file or the complete new one).
fn copy_database(
    conn: &Connection,
    dest: &Path,
    progress: &dyn Progress,
) -> Result<(), RecordsError> {
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(file_error("cannot create the folder", parent))?;
    }
    let temp = dest.with_extension("sqlite3.partial");
    let _ = std::fs::remove_file(&temp);
    let copied = (|| {
        let mut out = Connection::open(&temp).doing("create the backup file")?;
        copy_pages(conn, &mut out, progress)?;
        out.pragma_update(None, "journal_mode", "DELETE")
            .doing("finish the backup file")?;
        drop(out);
        std::fs::rename(&temp, dest).map_err(file_error("cannot move the backup to", dest))
    })();
    if copied.is_err() {
        // A half-made copy of personal data is never left behind.
        let _ = std::fs::remove_file(&temp);
    }
    copied
}

/// Backs the database up to any file (the `signpost backup -o FILE`
/// command), and notes it in the audit log.
pub fn backup_to(
    store: &mut Store,
    dest: &Path,
    progress: &dyn Progress,
) -> Result<(), RecordsError> {
    copy_database(store.conn_ref(), dest, progress)?;
    audit::record_file(
        store,
        AuditAction::Backup,
        &format!("backup to {}", dest.display()),
        dest,
    )?;
    Ok(())
}

/// Backs the database up into the backups folder now, on request, under a
/// timestamped name (so it never replaces a daily backup and is never pruned
/// as one). Returns the file written.
pub fn backup_now(
    store: &mut Store,
    now: Timestamp,
    progress: &dyn Progress,
) -> Result<PathBuf, RecordsError> {
    let dest =
        backups_dir(store.data_dir()).join(format!("{MANUAL_PREFIX}{}{EXTENSION}", stamp(now)));
    backup_to(store, &dest, progress)?;
    Ok(dest)
}

/// Makes today's automatic backup unless there already is one, then keeps
/// only the newest `keep` automatic backups. Returns the new file, if one
/// was made. Call it at start-up.
pub fn backup_daily(
    store: &mut Store,
    today: Date,
    keep: u32,
) -> Result<Option<PathBuf>, RecordsError> {
    let dir = backups_dir(store.data_dir());
    let dest = dir.join(format!(
        "{DAILY_PREFIX}{}{EXTENSION}",
        sql::date_text(today)
    ));
    let made = if dest.exists() {
        None
    } else {
        copy_database(store.conn_ref(), &dest, &Silent)?;
        audit::record_file(
            store,
            AuditAction::Backup,
            &format!("daily backup {}", sql::date_text(today)),
            &dest,
        )?;
        Some(dest)
    };
    let daily: Vec<BackupInfo> = list_backups(store.data_dir())?
        .into_iter()
        .filter(|b| b.date.is_some())
        .collect();
    // list_backups sorts newest first.
    for old in daily.iter().skip(keep.max(1) as usize) {
        std::fs::remove_file(&old.path)
            .map_err(file_error("cannot remove the old backup", &old.path))?;
    }
    Ok(made)
}

/// Deletes every backup in the backups folder, of any kind, last written
/// before `cutoff` (the retention period's start); returns what went.
pub fn remove_made_before(
    data_dir: &Path,
    cutoff: Timestamp,
) -> Result<Vec<PathBuf>, RecordsError> {
    let mut removed = Vec::new();
    for backup in list_backups(data_dir)? {
        let written = std::fs::metadata(&backup.path)
            .and_then(|meta| meta.modified())
            .map_err(file_error("cannot read the date of", &backup.path))?;
        let written = Timestamp::try_from(written)
            .map_err(|err| RecordsError::invalid("backup date", err.to_string()))?;
        if written < cutoff {
            std::fs::remove_file(&backup.path)
                .map_err(file_error("cannot remove the old backup", &backup.path))?;
            removed.push(backup.path);
        }
    }
    Ok(removed)
}

/// Every `.sqlite3` file in the data folder's backups folder: the automatic
/// daily ones newest first, then the others (made on request, saved before a
/// restore, or copied there by hand) by name, newest first.
pub fn list_backups(data_dir: &Path) -> Result<Vec<BackupInfo>, RecordsError> {
    let dir = backups_dir(data_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(file_error("cannot read the backups folder", &dir)(err)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(file_error("cannot read the backups folder", &dir))?;
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(EXTENSION) else {
            continue;
        };
        let (kind, date) = BackupKind::of(stem);
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        found.push((
            name,
            BackupInfo {
                path: entry.path(),
                kind,
                date,
                bytes,
            },
        ));
    }
    found.sort_by(|(an, a), (bn, b)| {
        b.date
            .is_some()
            .cmp(&a.date.is_some())
            .then(b.date.cmp(&a.date))
            .then(bn.cmp(an))
    });
    Ok(found.into_iter().map(|(_, b)| b).collect())
}

/// Checks that a file is a sound Signpost database this version can read.
pub fn check_backup(path: &Path) -> Result<(), RecordsError> {
    let bad = |reason: String| RecordsError::BadBackup {
        path: path.to_path_buf(),
        reason,
    };
    if !path.is_file() {
        return Err(bad("there is no such file".into()));
    }
    inspect(path).map_err(|err| match err {
        // The database's own messages say "restore it from a backup",
        // which is no help about a backup.
        StoreError::Corrupt { detail, .. } => bad(format!(
            "the file is damaged ({detail}), so nothing was changed; choose another backup"
        )),
        StoreError::Newer { found, .. } => bad(format!(
            "it was made by a newer Signpost (schema {found}); restore it with that version, or choose another backup"
        )),
        other => bad(other.to_string()),
    })?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|err| bad(err.to_string()))?;
    let version = migrations::user_version(&conn).map_err(|err| bad(err.to_string()))?;
    if version == 0 || version > SCHEMA_VERSION {
        return Err(bad(format!(
            "it is not a Signpost records database (schema {version})"
        )));
    }
    Ok(())
}

/// Replaces the open database's contents with a backup's. The current
/// database is first saved into the backups folder (never destroyed); the
/// backup is checked before anything changes. A copy of it is then made
/// ready apart, in the data folder: brought up to this version's schema,
/// with everyone erased since it was made erased again. Only that copy is
/// put in, in one transaction, so that an interruption at any point leaves
/// the database either as it was or restored, and never holds, even for a
/// moment, someone erased since.
///
/// `progress` counts the pages copied (the current database saved, the
/// backup made ready, then put in). Cancelling leaves the database as it
/// was.
pub fn restore(
    store: &mut Store,
    from: &Path,
    progress: &dyn Progress,
) -> Result<RestoreReport, RecordsError> {
    store.check_writable()?;
    check_backup(from)?;
    let saved = backups_dir(store.data_dir()).join(format!(
        "{BEFORE_RESTORE_PREFIX}{}{EXTENSION}",
        stamp(sql::now())
    ));
    let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .doing("open the backup")?;
    let pages = |conn: &Connection| -> u64 {
        conn.query_row("PRAGMA page_count", [], |row| row.get::<_, i64>(0))
            .map_or(0, |n| n.unsigned_abs())
    };
    let (first, second) = (pages(store.conn_ref()), pages(&source));
    let part = |before| Part {
        inner: progress,
        before,
        total: first + 2 * second,
    };
    copy_database(store.conn_ref(), &saved, &part(0))?;
    let erased = erase::erased_ids(store.conn_ref()).doing("read who was erased")?;
    let ready = store.data_dir().join(RESTORING_FILE);
    copy_database(&source, &ready, &part(first))?;
    drop(source);
    let restored = make_ready(&ready, &erased).and_then(|(copy, erased_again)| {
        copy_pages(&copy, store.conn(), &part(first + second))?;
        Ok(erased_again)
    });
    // The copy holds personal data: it never stays behind.
    let _ = std::fs::remove_file(&ready);
    let erased_again = restored?;
    audit::record_file(
        store,
        AuditAction::Restore,
        &format!(
            "restored from {}; previous database saved as {}{}",
            from.display(),
            saved.display(),
            match erased_again {
                0 => String::new(),
                n => format!("; {n} people erased since the backup was made erased again"),
            }
        ),
        &saved,
    )?;
    Ok(RestoreReport {
        restored_from: from.to_path_buf(),
        saved_current_as: Some(saved),
        erased_again,
    })
}

/// Makes the backup's copy at `path` ready to be the database: brought up
/// to this version's schema, with people's keys, and with everyone in
/// `erased` erased again (then compacted, since its pages are copied whole,
/// free ones too). Returns it open, and how many of them it held.
fn make_ready(path: &Path, erased: &[Uuid]) -> Result<(Connection, u32), RecordsError> {
    let mut copy = Connection::open(path).doing("open the backup's copy")?;
    migrations::migrate(&mut copy).doing("upgrade the restored database")?;
    // A backup from before people's keys: they are matched and found by them.
    super::people::fill_missing_keys(&mut copy).doing("fill in people's keys")?;
    let erased_again =
        erase::erase_again(&mut copy, erased).doing("erase again in the restored database")?;
    if erased_again > 0 {
        erase::compact(&copy).doing("compact the restored database")?;
    }
    Ok((copy, erased_again))
}

/// One step of work counted as a part of the whole.
struct Part<'p> {
    inner: &'p dyn Progress,
    before: u64,
    total: u64,
}

impl Progress for Part<'_> {
    fn step(&self, done: u64, _total: u64) {
        self.inner.step(self.before + done, self.total);
    }
    fn cancelled(&self) -> bool {
        self.inner.cancelled()
    }
}

/// Restores a backup when the database could not be opened (damaged, say).
/// The damaged file and its `-wal`/`-shm` companions are moved into
/// `damaged/` with a timestamped name — never overwritten — and the backup is
/// copied into place (writable, whatever the medium it came from) and
/// opened. Everyone erased before is erased again in it: the damaged file
/// may not say whom it had erased, but every backup in the data folder was
/// cleaned of them and says so, while a backup kept elsewhere was not.
pub fn restore_into(data_dir: &Path, from: &Path) -> Result<(Store, RestoreReport), RecordsError> {
    check_backup(from)?;
    let db = data_dir.join(crate::paths::DATABASE_FILE);
    let mut erased: Vec<Uuid> = std::iter::once(db.clone())
        .chain(list_backups(data_dir)?.into_iter().map(|b| b.path))
        .flat_map(|file| erase::erased_in_file(&file))
        .collect();
    erased.sort_unstable();
    erased.dedup();
    // Made ready before anything is moved, so that the file put in place
    // is whole, upgraded and without anyone erased, or nothing changes.
    let ready = data_dir.join(RESTORING_FILE);
    // Copied as bytes into a new file, which takes this folder's
    // permissions: a copy of a read-only backup would open read-only.
    let made = std::fs::File::open(from)
        .and_then(|mut source| {
            let mut copy = std::fs::File::create(&ready)?;
            std::io::copy(&mut source, &mut copy)?;
            copy.sync_all()
        })
        .map_err(file_error("cannot copy the backup", from))
        .and_then(|()| make_ready(&ready, &erased));
    let erased_again = match made {
        Ok((copy, erased_again)) => {
            drop(copy);
            erased_again
        }
        Err(err) => {
            let _ = std::fs::remove_file(&ready);
            return Err(err);
        }
    };
    let mut saved = None;
    if db.exists() {
        let damaged = data_dir.join(DAMAGED_DIR);
        std::fs::create_dir_all(&damaged)
            .map_err(file_error("cannot create the folder", &damaged))?;
        let aside = damaged.join(format!("signpost-damaged-{}{EXTENSION}", stamp(sql::now())));
        for suffix in ["-wal", "-shm"] {
            let companion = PathBuf::from(format!("{}{suffix}", db.display()));
            if companion.exists() {
                let to = PathBuf::from(format!("{}{suffix}", aside.display()));
                std::fs::rename(&companion, &to)
                    .map_err(file_error("cannot move aside", &companion))?;
            }
        }
        std::fs::rename(&db, &aside).map_err(file_error("cannot move aside", &db))?;
        saved = Some(aside);
    }
    std::fs::rename(&ready, &db).map_err(file_error("cannot put the backup in place at", &db))?;
    let mut store = Store::open(&db)?;
    audit::record(
        &mut store,
        AuditAction::Restore,
        &format!(
            "restored from {} after the database could not be opened{}{}",
            from.display(),
            saved
                .as_ref()
                .map(|p| format!("; damaged file kept as {}", p.display()))
                .unwrap_or_default(),
            match erased_again {
                0 => String::new(),
                n => format!("; {n} people erased since the backup was made erased again"),
            }
        ),
    )?;
    Ok((
        store,
        RestoreReport {
            restored_from: from.to_path_buf(),
            saved_current_as: saved,
            erased_again,
        },
    ))
}
