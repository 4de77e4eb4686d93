//! Commands that write records to files or read a bundle back in. The path
//! is whatever the person typed; the library writes the file whole or not at
//! all.

use std::path::Path;

use signpost::export::bundle::{self, BundleReport};
use signpost::export::{DateRange, ExportSummary, csv, xapi, xlsx};
use tauri::State;

use crate::{ApiError, AppState};

#[tauri::command]
pub fn export_csv(
    state: State<'_, AppState>,
    range: DateRange,
    path: String,
) -> Result<ExportSummary, ApiError> {
    state.with_store(|store| csv::export_attendance(store, range, Path::new(&path)))
}

/// Quiz results and course completions as CSV.
#[tauri::command]
pub async fn export_results_csv(
    state: State<'_, AppState>,
    range: DateRange,
    path: String,
) -> Result<ExportSummary, ApiError> {
    state.with_store(|store| csv::export_results(store, range, Path::new(&path)))
}

#[tauri::command]
pub fn export_xlsx(
    state: State<'_, AppState>,
    range: DateRange,
    path: String,
) -> Result<ExportSummary, ApiError> {
    state.with_store(|store| xlsx::export_attendance(store, range, Path::new(&path)))
}

#[tauri::command]
pub fn export_xapi(
    state: State<'_, AppState>,
    range: DateRange,
    path: String,
) -> Result<ExportSummary, ApiError> {
    state.with_store(|store| xapi::export_statements(store, range, Path::new(&path)))
}

#[tauri::command]
pub fn export_bundle(state: State<'_, AppState>, path: String) -> Result<ExportSummary, ApiError> {
    state.with_store(|store| bundle::export_bundle(store, Path::new(&path)))
}

/// Imports a record bundle, or with `dry_run` only says what it would do.
#[tauri::command]
pub fn import_bundle(
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
) -> Result<BundleReport, ApiError> {
    state.with_store(|store| bundle::import_bundle_file(store, Path::new(&path), dry_run))
}
