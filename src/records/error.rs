//! The one error type of the records operations (people, sessions, the
//! register, backups, erasure, retention). Each variant says what was being
//! done and with which record or file, so the message can be shown to a person
//! as it is. Opening the database has its own error, [`StoreError`], which is
//! wrapped here rather than repeated; exports have theirs in `crate::export`.

use std::path::PathBuf;

use uuid::Uuid;

use super::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    #[error("could not {action}: {source}")]
    Database {
        action: &'static str,
        source: rusqlite::Error,
    },
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: Uuid },
    #[error("{field} {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("the session {id} is closed; changes to its register need a correction with a reason")]
    SessionClosed { id: Uuid },
    #[error("the stored {what} {value:?} could not be read")]
    BadStoredValue { what: &'static str, value: String },
    #[error("{action} {path}: {source}")]
    File {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the backup {path} cannot be used: {reason}")]
    BadBackup { path: PathBuf, reason: String },
    #[error(
        "the records database {path} is read-only ({why}): its records can be listed, searched and exported, but not changed. Make it writable (or copy it to a folder you can write and point Signpost there) to change them"
    )]
    ReadOnly { path: PathBuf, why: &'static str },
    #[error(
        "could not {action}: the records database is read-only, so its records can be listed, searched and exported but not changed"
    )]
    WriteRefused { action: &'static str },
    #[error("stopped before it finished, as asked; nothing was changed or written")]
    Cancelled,
    #[error(
        "no training was found for that name with that email, staff number or team; check them, or start the training"
    )]
    NoLearner,
    #[error("that is not the staff passphrase")]
    WrongPassphrase,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl RecordsError {
    /// A short stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            RecordsError::Database { .. } => "database_error",
            RecordsError::NotFound { .. } => "not_found",
            RecordsError::Invalid { .. } => "invalid_input",
            RecordsError::SessionClosed { .. } => "session_closed",
            RecordsError::BadStoredValue { .. } => "database_error",
            RecordsError::File { .. } => "file_error",
            RecordsError::BadBackup { .. } => "bad_backup",
            RecordsError::ReadOnly { .. } | RecordsError::WriteRefused { .. } => "read_only",
            RecordsError::Cancelled => "cancelled",
            RecordsError::NoLearner => "learner_not_found",
            RecordsError::WrongPassphrase => "wrong_passphrase",
            RecordsError::Store(inner) => inner.code(),
        }
    }

    /// The input field an [`RecordsError::Invalid`] is about, so a form can
    /// show the message beside it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            RecordsError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> RecordsError {
        RecordsError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}

/// Attaches what was being done to a database error.
pub(crate) trait DbContext<T> {
    fn doing(self, action: &'static str) -> Result<T, RecordsError>;
}

impl<T> DbContext<T> for rusqlite::Result<T> {
    fn doing(self, action: &'static str) -> Result<T, RecordsError> {
        self.map_err(|source| match source.sqlite_error_code() {
            // Said once here, so no write anywhere can call a read-only
            // database by another name.
            Some(rusqlite::ErrorCode::ReadOnly) => RecordsError::WriteRefused { action },
            _ => RecordsError::Database { action, source },
        })
    }
}
