//! The one error type of exports and imports. Variants carry the file and
//! what was being done; record-level failures are wrapped from
//! [`RecordsError`] rather than repeated.

use std::path::PathBuf;

use crate::records::RecordsError;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Records(#[from] RecordsError),
    #[error(transparent)]
    Read(#[from] crate::files::FileError),
    #[error("{action} {path}: {source}")]
    File {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not write the CSV file {path}: {source}")]
    Csv { path: PathBuf, source: csv::Error },
    #[error("could not write the Excel file {path}: {source}")]
    Xlsx {
        path: PathBuf,
        source: rust_xlsxwriter::XlsxError,
    },
    #[error("could not write {path}: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot save to {path}: it {reason}")]
    Destination { path: PathBuf, reason: String },
    #[error("{path} is not a Signpost record bundle this version can read: {reason}")]
    BundleFormat { path: PathBuf, reason: String },
    #[error(
        "the roster has {count} row(s) with problems; fix them and preview again — nothing was imported"
    )]
    RosterHasErrors { count: usize },
    #[error(
        "{path} has changed since it was checked; check it again before importing — nothing was imported"
    )]
    RosterChanged { path: PathBuf },
}

impl ExportError {
    /// A short stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::Records(inner) => inner.code(),
            ExportError::Read(inner) => inner.code(),
            ExportError::File { .. } => "file_error",
            ExportError::Csv { .. } => "csv_error",
            ExportError::Xlsx { .. } => "xlsx_error",
            ExportError::Json { .. } => "json_error",
            ExportError::Destination { .. } => "bad_destination",
            ExportError::BundleFormat { .. } => "bundle_format",
            ExportError::RosterHasErrors { .. } => "roster_has_errors",
            ExportError::RosterChanged { .. } => "roster_changed",
        }
    }
}
