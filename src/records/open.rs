//! Opening the records database. The order matters: the file is inspected
//! before anything is written to it, so a corrupt database or one made by a
//! newer Signpost is refused and left exactly as it was.
//!
//! A database that cannot be written (the file is read-only, or its folder
//! is, as on a locked-down share or a write-protected USB stick) is not
//! damaged: it is opened read-only, so its records can still be listed,
//! searched and exported, and every write is refused with a message saying
//! why. Writes that read first take the write lock up front (`BEGIN
//! IMMEDIATE`), so a second writer, in this program or another, waits its
//! turn under the busy timeout instead of failing at once.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::migrations::{self, SCHEMA_VERSION};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the data folder {path} cannot be created or written: {source}")]
    FolderNotWritable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the records database {path} was made by a newer version of Signpost (schema {found}; this version knows up to {supported}). Install the newer Signpost to open it; the file has not been changed"
    )]
    Newer {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "the records database {path} is damaged ({detail}). It has not been changed; restore it from a backup"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "the records database {path} is read-only ({why}) and needs upgrading before this version of Signpost can use it; make it writable and open it again. It has not been changed"
    )]
    ReadOnlyNeedsUpgrade { path: PathBuf, why: &'static str },
    #[error("the records database {path} could not be opened: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// A short stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::FolderNotWritable { .. } => "data_folder_not_writable",
            StoreError::Newer { .. } => "database_newer",
            StoreError::Corrupt { .. } => "database_corrupt",
            StoreError::ReadOnlyNeedsUpgrade { .. } => "database_read_only",
            StoreError::Sqlite { .. } => "database_error",
        }
    }
}

/// An open, migrated records database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Why the database cannot be written, when it cannot.
    read_only: Option<&'static str>,
}

impl Store {
    /// Opens (creating if needed) the database `signpost.sqlite3` in `data_dir`.
    pub fn open_in(data_dir: &Path) -> Result<Store, StoreError> {
        let not_writable = |source| StoreError::FolderNotWritable {
            path: data_dir.to_path_buf(),
            source,
        };
        let db = data_dir.join(crate::paths::DATABASE_FILE);
        // A read-only folder that already holds a database is opened
        // read-only below; only a folder that cannot even be made is an error.
        if !db.exists() {
            std::fs::create_dir_all(data_dir).map_err(not_writable)?;
        }
        Store::open(&db).map_err(|err| match err {
            StoreError::Sqlite { .. } if !db.exists() => {
                probe_writable(data_dir).err().map_or(err, not_writable)
            }
            other => other,
        })
    }

    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date; a database that cannot be written is opened
    /// read-only (see the module notes).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        match Store::open_writable(path) {
            Ok(store) => Ok(store),
            Err(err @ StoreError::Newer { .. }) => Err(err),
            // Only when opening fails is the file's writability looked at,
            // so a good start pays nothing.
            Err(err) => match read_only_reason(path) {
                Some(why) if path.exists() => Store::open_read_only(path, why),
                _ => Err(err),
            },
        }
    }

    fn open_writable(path: &Path) -> Result<Store, StoreError> {
        let sqlite = |source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        if path.exists() {
            inspect(path)?;
        }
        let mut conn = Connection::open(path).map_err(sqlite)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sqlite)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(sqlite)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sqlite)?;
        // Deleted rows are overwritten, not just unlinked: erasure and
        // retention must not leave names in free pages.
        conn.pragma_update(None, "secure_delete", true)
            .map_err(sqlite)?;
        // Every write transaction takes the write lock when it begins. A
        // deferred one that reads first and writes later cannot wait for the
        // lock (SQLite answers "database is locked" at once, since its
        // snapshot may be stale), so the busy timeout would never apply.
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        migrations::migrate(&mut conn).map_err(sqlite)?;
        super::people::fill_missing_keys(&mut conn).map_err(sqlite)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            read_only: None,
        })
    }

    /// Opens a database that cannot be written, for reading only: first as
    /// SQLite normally reads one, then, when its folder cannot take the
    /// shared-memory file that write-ahead logging needs, as an immutable
    /// file (nobody can be writing to it: nobody can write there).
    fn open_read_only(path: &Path, why: &'static str) -> Result<Store, StoreError> {
        let conn = match read_only_connection(path, false) {
            Ok(conn) => conn,
            Err(_) => read_only_connection(path, true).map_err(|err| StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: err.to_string(),
            })?,
        };
        let version = migrations::user_version(&conn).map_err(|source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        })?;
        if version < SCHEMA_VERSION {
            return Err(StoreError::ReadOnlyNeedsUpgrade {
                path: path.to_path_buf(),
                why,
            });
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            read_only: Some(why),
        })
    }

    /// Why the records cannot be changed, when they cannot: the database
    /// was opened read-only.
    pub fn read_only(&self) -> Option<&'static str> {
        self.read_only
    }

    /// Refuses up front, naming the database, when it cannot be written.
    pub fn check_writable(&self) -> Result<(), super::RecordsError> {
        match self.read_only {
            Some(why) => Err(super::RecordsError::ReadOnly {
                path: self.path.clone(),
                why,
            }),
            None => Ok(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrations::user_version(&self.conn).map_err(|source| StoreError::Sqlite {
            path: self.path.clone(),
            source,
        })
    }

    /// The connection, for the table modules of this crate.
    pub(crate) fn conn(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The connection for reading, for the table modules of this crate.
    pub(crate) fn conn_ref(&self) -> &Connection {
        &self.conn
    }

    /// The folder holding the database (and its `backups/`).
    pub fn data_dir(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new("."))
    }
}

/// How long a writer waits for another to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the database at `path` cannot be written, if that is the trouble.
fn read_only_reason(path: &Path) -> Option<&'static str> {
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().readonly()
    {
        return Some("the file cannot be written");
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty())?;
    match probe_writable(folder) {
        Err(err)
            if matches!(
                err.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            Some("its folder cannot be written")
        }
        _ => None,
    }
}

/// A read-only connection that has proved it can read the schema and
/// passes SQLite's quick check.
fn read_only_connection(path: &Path, immutable: bool) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = if immutable {
        Connection::open_with_flags(format!("{}?immutable=1", file_uri(path)), flags)?
    } else {
        Connection::open_with_flags(path, flags - OpenFlags::SQLITE_OPEN_URI)?
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let check: String = conn.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
    if check != "ok" {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some(check),
        ));
    }
    Ok(conn)
}

/// `path` as an SQLite `file:` URI, with the characters URIs reserve escaped.
fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file:");
    if !text.starts_with('/') {
        uri.push_str("///");
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                uri.push(byte as char)
            }
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    uri
}

/// Proves a folder takes new files (the database, its WAL and backups all
/// need to).
fn probe_writable(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(".signpost-write-probe");
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe)?;
    std::fs::remove_file(probe)
}

/// Checks an existing file read-only: is it a sound SQLite database of a
/// schema this build understands?
pub(super) fn inspect(path: &Path) -> Result<(), StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|err| corrupt(err.to_string()))?;
    let found = migrations::user_version(&conn).map_err(|err| corrupt(err.to_string()))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|err| corrupt(err.to_string()))?;
    if check != "ok" {
        return Err(corrupt(check));
    }
    Ok(())
}
