//! Commands of the Records screen: searching people and sessions, a
//! person's history, and erasing a person on request.

use signpost::records::erase::{self, EraseReport};
use signpost::records::people::Person;
use signpost::records::search::{self, PersonFilter, PersonHistory, SessionFilter};
use signpost::records::sessions::SessionSummary;
use tauri::State;

use super::id;
use crate::{ApiError, AppState};

#[tauri::command]
pub async fn search_sessions(
    state: State<'_, AppState>,
    filter: SessionFilter,
) -> Result<Vec<SessionSummary>, ApiError> {
    state
        .store(move |store| search::sessions(store, &filter))
        .await
}

#[tauri::command]
pub async fn search_people(
    state: State<'_, AppState>,
    filter: PersonFilter,
) -> Result<Vec<Person>, ApiError> {
    state
        .store(move |store| search::people(store, &filter))
        .await
}

#[tauri::command]
pub async fn person_history(
    state: State<'_, AppState>,
    person_id: String,
) -> Result<PersonHistory, ApiError> {
    let person_id = id("person", &person_id)?;
    state
        .store(move |store| search::person_history(store, person_id))
        .await
}

#[tauri::command]
pub async fn erase_person(
    state: State<'_, AppState>,
    person_id: String,
) -> Result<EraseReport, ApiError> {
    let person_id = id("person", &person_id)?;
    state
        .store(move |store| erase::erase_person(store, person_id))
        .await
}
