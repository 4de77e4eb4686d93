//! Commands of the Records screen: searching people and sessions, a
//! person's history, possible duplicates and merging them, and erasing a
//! person on request.

use signpost::records::duplicates::{self, MergeReport, PossibleDuplicate};
use signpost::records::erase::{self, EraseReport};
use signpost::records::search::{self, PeopleFound, PersonFilter, PersonHistory, SessionFilter};
use signpost::records::sessions::SessionSummary;
use tauri::State;
use tauri::ipc::Channel;

use super::id;
use crate::progress::Step;
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
) -> Result<PeopleFound, ApiError> {
    state
        .store(move |store| search::first_people(store, &filter, search::PEOPLE_SHOWN))
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
    progress: Channel<Step>,
) -> Result<EraseReport, ApiError> {
    let person_id = id("person", &person_id)?;
    let progress = state.watch(progress);
    state
        .eraser(move |store| erase::erase_person(store, person_id, &progress))
        .await
}

/// People who may be one person recorded twice.
#[tauri::command]
pub async fn possible_duplicates(
    state: State<'_, AppState>,
) -> Result<Vec<PossibleDuplicate>, ApiError> {
    state.store(|store| duplicates::possible(store)).await
}

/// Merges `merged` into `kept`: one person, one record.
#[tauri::command]
pub async fn merge_people(
    state: State<'_, AppState>,
    kept: String,
    merged: String,
) -> Result<MergeReport, ApiError> {
    let kept = id("person", &kept)?;
    let merged = id("person", &merged)?;
    state
        .store(move |store| duplicates::merge(store, kept, merged))
        .await
}
