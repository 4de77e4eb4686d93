//! What the app does with the records each time it starts, as one call for
//! the desktop shell: remove what a write killed part-way left behind, apply
//! the retention period, then make the day's automatic backup (after
//! retention, so a backup never brings back what retention removed) keeping
//! as many as the settings say.

use std::path::PathBuf;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use ts_rs::TS;

use super::retention::{RetentionReport, apply_retention};
use super::{RecordsError, Store, backup, settings};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StartupReport {
    pub retention: RetentionReport,
    /// Today's new backup, if one was made.
    #[ts(type = "string | null")]
    pub backup: Option<PathBuf>,
    /// Unfinished files (an export or document being written when Signpost
    /// was stopped) that were removed.
    #[ts(type = "Array<string>")]
    pub abandoned_writes: Vec<PathBuf>,
}

/// Retention, then the daily backup. `now` is passed in so tests can pick
/// the day; the shell passes `Timestamp::now()`.
pub fn on_start(store: &mut Store, now: Timestamp) -> Result<StartupReport, RecordsError> {
    let abandoned_writes = crate::files::remove_abandoned_writes(store.data_dir());
    let retention = apply_retention(store, now, false)?;
    let keep = settings::get(store)?.backups_to_keep;
    let today = now.to_zoned(TimeZone::system()).date();
    let backup = backup::backup_daily(store, today, keep)?;
    Ok(StartupReport {
        retention,
        backup,
        abandoned_writes,
    })
}
