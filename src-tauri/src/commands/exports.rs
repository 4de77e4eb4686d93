//! Commands that write records to files or read a bundle back in. The path
//! is the one the person chose in a save or open dialog; the library checks
//! it and writes the file whole or not at all. Exports report their progress
//! over the channel the window passes in, and stop when it cancels them.

use std::path::Path;

use signpost::export::bundle::{self, BundleReport, ImportOptions, Resolutions};
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

/// Quiz results and course completions as CSV.
#[tauri::command]
pub async fn export_results_csv(
    state: State<'_, AppState>,
    range: DateRange,
    path: String,
    progress: Channel<Step>,
) -> Result<ExportSummary, ApiError> {
    let progress = state.watch(progress);
    state
        .store(move |store| csv::export_results(store, range, Path::new(&path), &progress))
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

/// The erasure list: who was erased here, by id only, for other installs.
#[tauri::command]
pub async fn export_erasures(
    state: State<'_, AppState>,
    path: String,
) -> Result<ExportSummary, ApiError> {
    state
        .reader(move |store| bundle::export_erasures(store, Path::new(&path)))
        .await
}

/// Imports a record bundle, or with `dry_run` only says what it would do;
/// `resolutions` holds the record keeper's choice for each person in
/// conflict, and `erase` that they agreed to erase whom the bundle says was
/// erased where it was made.
#[tauri::command]
pub async fn import_bundle(
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
    resolutions: Resolutions,
    erase: bool,
    progress: Channel<Step>,
) -> Result<BundleReport, ApiError> {
    let options = ImportOptions {
        dry_run,
        resolutions,
        erase,
    };
    let progress = state.watch(progress);
    state
        .eraser(move |store| {
            bundle::import_bundle_file(store, Path::new(&path), &options, &progress)
        })
        .await
}

/// Asks the long work reporting over channel `task` to stop; false when it
/// has already finished.
#[tauri::command]
pub async fn cancel_task(state: State<'_, AppState>, task: u32) -> Result<bool, ApiError> {
    Ok(state.cancel(task))
}

/// `path` when Signpost wrote it; the window may open or show nothing else.
async fn written(state: &AppState, path: String) -> Result<std::path::PathBuf, ApiError> {
    state
        .store(move |store| audit::written(store, Path::new(&path)))
        .await
}

/// Opens a file an export wrote, in the program the system uses for it.
#[tauri::command]
pub async fn open_written_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), ApiError> {
    let path = written(&state, path).await?;
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
    let path = written(&state, path).await?;
    app.opener().reveal_item_in_dir(path).map_err(|err| {
        ApiError::new(
            "open_failed",
            format!("The folder could not be shown: {err}"),
        )
    })
}
