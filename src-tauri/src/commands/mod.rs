//! Tauri commands: each deserialises its arguments, calls the library once
//! and converts the error. Nothing else belongs here. This file holds the
//! course and database commands and the small conversions the others share;
//! the records commands are grouped by screen in the files beside it.

pub mod backups;
pub mod documents;
pub mod exports;
pub mod learning;
pub mod lrs;
pub mod present;
pub mod records;
pub mod sessions;
pub mod staff;

use std::path::PathBuf;

use signpost::course::Course;
use signpost::records::startup::StartupReport;
use tauri::State;
use uuid::Uuid;

use crate::{ApiError, AppState, DatabaseInfo};

/// Reads an id the UI sent.
pub(crate) fn id(what: &str, text: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text).map_err(|_| ApiError::bad_id(what, text))
}

/// A path as the UI shows it.
pub(crate) fn shown(path: PathBuf) -> String {
    path.display().to_string()
}

/// The course without its question pools: questions reach the window one
/// quiz attempt at a time, without their answers (see `start_quiz`).
#[tauri::command]
pub async fn get_course(state: State<'_, AppState>) -> Result<Course, ApiError> {
    state
        .course()
        .map(|course| signpost::quiz::without_questions(&course))
}

/// An image of the course (`src` as written in a module) as a `data:` URL.
#[tauri::command]
pub async fn course_image(state: State<'_, AppState>, src: String) -> Result<String, ApiError> {
    state
        .run(move |state| Ok(signpost::course::image_data_url(state.course_dir()?, &src)?))
        .await
}

#[tauri::command]
pub async fn get_database(state: State<'_, AppState>) -> Result<DatabaseInfo, ApiError> {
    state
        .store(|store| {
            Ok::<_, ApiError>(DatabaseInfo {
                path: store.path().display().to_string(),
                schema_version: store.schema_version()?,
                read_only: store.read_only().map(str::to_string),
            })
        })
        .await
}

/// What retention and the daily backup did when the app started.
#[tauri::command]
pub async fn get_startup_report(
    state: State<'_, AppState>,
) -> Result<Option<StartupReport>, ApiError> {
    state.run(|state| state.startup_report()).await
}

/// Text as search folds it (case, accents and compatibility forms, see
/// `names::search_key`), for a screen that finds among what it shows: the
/// one rule stays in the library.
#[tauri::command]
pub async fn fold_for_search(text: String) -> String {
    signpost::records::names::search_key(&text)
}

/// The folder suggested for exports: Documents, else home.
#[tauri::command]
pub async fn default_export_folder() -> Result<String, ApiError> {
    signpost::paths::documents_dir().map(shown).ok_or_else(|| {
        ApiError::new(
            "no_documents_folder",
            "this computer has no Documents or home folder; type the full path of the file to write",
        )
    })
}
