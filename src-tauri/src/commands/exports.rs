//! Commands that write records to files or read a bundle back in. The path
//! is the one the person chose in a save or open dialog; the library checks
//! it and writes the file whole or not at all. Exports report their progress
//! over the channel the window passes in, and stop when it cancels them.

use std::path::Path;

use signpost::export::bundle::{self, BundleReport};
use signpost::export::{DateRange, ExportSummary, csv, xapi, xlsx};
use signpost::records::audit;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::progress::Step;
use crate::{ApiError, AppState};

#[tauri::command]
pub async fn export_csv(
    state: State<'_, AppState>,
    range: DateRange,
    path: String,
    progress: Channel<Step>,
) -> Result<ExportSummary, ApiError> {
    let progress = state.watch(progress);
    state
        .reader(move |store| csv::export_attendance(store, range, Path::new(&path), &progress))
        .await
}

#[tauri::command]
pub async fn export_xlsx(
    state: State<'_, AppState>,
    range: DateRange,
    path: String,
    progress: Channel<Step>,
) -> Result<ExportSummary, ApiError> {
    let progress = state.watch(progress);
    state
        .reader(move |store| xlsx::export_attendance(store, range, Path::new(&path), &progress))
        .await
}

#[tauri::command]
pub async fn export_xapi(
    state: State<'_, AppState>,
    range: DateRange,
    path: String,
    progress: Channel<Step>,
) -> Result<ExportSummary, ApiError> {
    let progress = state.watch(progress);
    state
        .reader(move |store| xapi::export_statements(store, range, Path::new(&path), &progress))
        .await
}

#[tauri::command]
pub async fn export_bundle(
    state: State<'_, AppState>,
    path: String,
) -> Result<ExportSummary, ApiError> {
    state
        .reader(move |store| bundle::export_bundle(store, Path::new(&path)))
        .await
}

/// Imports a record bundle, or with `dry_run` only says what it would do.
#[tauri::command]
pub async fn import_bundle(
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
) -> Result<BundleReport, ApiError> {
    state
        .store(move |store| bundle::import_bundle_file(store, Path::new(&path), dry_run))
        .await
}

/// Asks the long work reporting over channel `task` to stop; false when it
/// has already finished.
#[tauri::command]
pub async fn cancel_task(state: State<'_, AppState>, task: u32) -> Result<bool, ApiError> {
    Ok(state.cancel(task))
}

/// Opens a file an export wrote, in the program the system uses for it.
#[tauri::command]
pub async fn open_written_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), ApiError> {
    let path = state
        .store(move |store| audit::written(store, Path::new(&path)))
        .await?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|err| {
            ApiError::new(
                "open_failed",
                format!("The file could not be opened: {err}"),
            )
        })
}

/// Shows a file an export wrote in its folder.
#[tauri::command]
pub async fn reveal_written_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), ApiError> {
    let path = state
        .store(move |store| audit::written(store, Path::new(&path)))
        .await?;
    app.opener().reveal_item_in_dir(path).map_err(|err| {
        ApiError::new(
            "open_failed",
            format!("The folder could not be shown: {err}"),
        )
    })
}
