//! Commands of the Settings screen and of the damaged-database screen: the
//! organisation's settings, the backups list, backing up and restoring.

use std::path::Path;

use signpost::records::backup::{self, BackupInfo, RestoreReport};
use signpost::records::retention::{self, RetentionReport};
use signpost::records::settings::{self, Settings};
use tauri::State;
use tauri::ipc::Channel;

use super::shown;
use crate::progress::Step;
use crate::{ApiError, AppState};

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, ApiError> {
    state.store(|store| settings::get(store)).await
}

/// Applies the retention period now, even when that deletes every record
/// (start-up held it back): the person has checked the computer's clock.
#[tauri::command]
pub async fn apply_retention(state: State<'_, AppState>) -> Result<RetentionReport, ApiError> {
    state
        .store(|store| retention::apply_retention(store, jiff::Timestamp::now(), true))
        .await
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, settings: Settings) -> Result<(), ApiError> {
    state
        .run(move |state| {
            state.with_store(|store| settings::save(store, &settings))?;
            state.reload_course()
        })
        .await
}

/// The logo file the person chose, checked by its bytes and size and read
/// as a `data:` URL, so that the Settings screen can show it, or say what is
/// wrong, before it is saved.
#[tauri::command]
pub async fn read_logo(path: String) -> Result<String, ApiError> {
    tauri::async_runtime::spawn_blocking(move || {
        signpost::course::logo_file_data_url(Path::new(&path))
            .map_err(|why| ApiError::new("invalid_input", format!("The logo {why}")))
    })
    .await
    .map_err(|err| ApiError::new("internal", err.to_string()))?
}

/// The backups in the data folder; works even when the database is damaged.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ApiError> {
    state
        .run(|state| Ok(backup::list_backups(state.data_dir()?)?))
        .await
}

/// Backs up into the backups folder now; returns the file written.
#[tauri::command]
pub async fn backup_now(
    state: State<'_, AppState>,
    progress: Channel<Step>,
) -> Result<String, ApiError> {
    let progress = state.watch(progress);
    state
        .store(move |store| backup::backup_now(store, jiff::Timestamp::now(), &progress))
        .await
        .map(shown)
}

/// Replaces the open database with a backup, saving the current one first.
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    path: String,
    progress: Channel<Step>,
) -> Result<RestoreReport, ApiError> {
    let progress = state.watch(progress);
    state
        .run(move |state| {
            let report =
                state.with_store(|store| backup::restore(store, Path::new(&path), &progress))?;
            state.reload_course()?;
            Ok(report)
        })
        .await
}

/// Restores a backup when the database could not be opened: the damaged
/// file is moved aside by the library and the restored store replaces the
/// failure this app was holding.
#[tauri::command]
pub async fn restore_damaged_database(
    state: State<'_, AppState>,
    path: String,
) -> Result<RestoreReport, ApiError> {
    state
        .run(move |state| {
            let mut slot = state.slot()?;
            if slot.store.is_ok() {
                return Err(ApiError::new(
                    "database_open",
                    "the records database is open and working; restore from Settings instead",
                ));
            }
            let (store, report) = backup::restore_into(state.data_dir()?, Path::new(&path))?;
            // Nothing could be checked while there was no database: the
            // restored records open only with their own staff passphrase.
            state.lock_with(&store)?;
            slot.store = Ok(store);
            drop(slot);
            state.reload_course()?;
            Ok(report)
        })
        .await
}
