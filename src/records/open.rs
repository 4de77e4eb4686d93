//! Opening the records database. The order matters: the file is inspected
//! before anything is written to it, so a corrupt database or one made by a
//! newer Signpost is refused and left exactly as it was.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

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
            StoreError::Sqlite { .. } => "database_error",
        }
    }
}

/// An open, migrated records database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database `signpost.sqlite3` in `data_dir`.
    pub fn open_in(data_dir: &Path) -> Result<Store, StoreError> {
        let not_writable = |source| StoreError::FolderNotWritable {
            path: data_dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(not_writable)?;
        // Only when SQLite itself fails is the folder probed, so that a
        // read-only folder is named as such; a good start pays nothing.
        Store::open(&data_dir.join(crate::paths::DATABASE_FILE)).map_err(|err| match err {
            StoreError::Sqlite { .. } => probe_writable(data_dir).err().map_or(err, not_writable),
            other => other,
        })
    }

    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let sqlite = |source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        if path.exists() {
            inspect(path)?;
        }
        let mut conn = Connection::open(path).map_err(sqlite)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(sqlite)?;
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
        let version = migrations::user_version(&conn).map_err(sqlite)?;
        migrations::migrate(&mut conn, version).map_err(sqlite)?;
        super::people::fill_missing_keys(&mut conn).map_err(sqlite)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
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
