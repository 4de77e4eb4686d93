//! Tauri commands: each deserialises its arguments, calls the library once
//! and converts the error. Nothing else belongs here.

use signpost::course::Course;
use tauri::State;

use crate::{ApiError, AppState, DatabaseInfo};

fn locked<'a>(
    state: &'a AppState,
) -> Result<std::sync::MutexGuard<'a, signpost::records::Store>, ApiError> {
    let store = state.store.as_ref().map_err(Clone::clone)?;
    store.lock().map_err(|_| {
        ApiError::new(
            "database_busy",
            "the records database is unavailable after an earlier failure; restart Signpost",
        )
    })
}

#[tauri::command]
pub fn get_course(state: State<'_, AppState>) -> Result<Course, ApiError> {
    state.course.clone()
}

#[tauri::command]
pub fn get_database(state: State<'_, AppState>) -> Result<DatabaseInfo, ApiError> {
    let store = locked(&state)?;
    Ok(DatabaseInfo {
        path: store.path().display().to_string(),
        schema_version: store.schema_version()?,
    })
}
