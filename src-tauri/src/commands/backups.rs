//! Commands of the Settings screen and of the damaged-database screen: the
//! organisation's settings, the backups list, backing up and restoring.

use std::path::Path;

use signpost::records::backup::{self, BackupInfo, RestoreReport};
use signpost::records::settings::{self, Settings};
use tauri::State;

use super::shown;
use crate::{ApiError, AppState};

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, ApiError> {
    state.with_store(|store| settings::get(store))
}

#[tauri::command]
pub fn save_settings(state: State<'_, AppState>, settings: Settings) -> Result<(), ApiError> {
    state.with_store(|store| settings::save(store, &settings))?;
    state.reload_course()
}

/// A logo the person chose, checked and labelled by its bytes, so that the
/// Settings screen can show it, or say what is wrong, before it is saved.
#[tauri::command]
pub fn check_logo(image: String) -> Result<String, ApiError> {
    signpost::course::logo_data_url(&image)
        .map_err(|why| ApiError::new("invalid_input", format!("The logo {why}")))
}

/// The backups in the data folder; works even when the database is damaged.
#[tauri::command]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ApiError> {
    let data_dir = state.data_dir.as_ref().map_err(Clone::clone)?;
    Ok(backup::list_backups(data_dir)?)
}

/// Backs up into the backups folder now; returns the file written.
#[tauri::command]
pub fn backup_now(state: State<'_, AppState>) -> Result<String, ApiError> {
    state
        .with_store(|store| backup::backup_now(store, jiff::Timestamp::now()))
        .map(shown)
}

/// Replaces the open database with a backup, saving the current one first.
#[tauri::command]
pub fn restore_backup(state: State<'_, AppState>, path: String) -> Result<RestoreReport, ApiError> {
    let report = state.with_store(|store| backup::restore(store, Path::new(&path)))?;
    state.reload_course()?;
    Ok(report)
}

/// Restores a backup when the database could not be opened: the damaged
/// file is moved aside by the library and the restored store replaces the
/// failure this app was holding.
#[tauri::command]
pub fn restore_damaged_database(
    state: State<'_, AppState>,
    path: String,
) -> Result<RestoreReport, ApiError> {
    let data_dir = state.data_dir.as_ref().map_err(Clone::clone)?;
    let mut slot = state.slot()?;
    if slot.is_ok() {
        return Err(ApiError::new(
            "database_open",
            "the records database is open and working; restore from Settings instead",
        ));
    }
    let (store, report) = backup::restore_into(data_dir, Path::new(&path))?;
    *slot = Ok(store);
    drop(slot);
    state.reload_course()?;
    Ok(report)
}
