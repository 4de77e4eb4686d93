//! Getting records out of Signpost and into it: attendance as CSV, Excel and
//! xAPI statements, record bundles for merging installs, and roster CSVs from
//! other systems. An export never changes data (its one audit-log line is
//! written after the file, in its own transaction); an import is one
//! transaction, and a failed one changes nothing.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::records::Store;
use crate::records::audit::{self, AuditAction};

pub mod bundle;
pub mod csv;
mod error;
mod file;
pub mod roster;
pub mod roster_people;
pub mod rows;
pub mod xapi;
pub mod xlsx;

pub use error::ExportError;
pub(crate) use file::write_whole;
pub use rows::DateRange;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportSummary {
    #[ts(type = "string")]
    pub path: PathBuf,
    /// Rows, statements or records written (a JSON number over IPC).
    #[ts(type = "number")]
    pub count: u64,
}

/// The audit line for a finished export, in its own transaction after the
/// file is complete. A read-only database can still be exported (that is
/// often why it was opened), but it cannot take the line.
fn audit_export(
    store: &mut Store,
    what: &str,
    path: &Path,
    count: u64,
) -> Result<ExportSummary, ExportError> {
    if store.read_only().is_none() {
        audit::record_file(
            store,
            AuditAction::Export,
            &format!("{what}: {count} to {}", path.display()),
            path,
        )?;
    }
    Ok(ExportSummary {
        path: path.to_path_buf(),
        count,
    })
}
