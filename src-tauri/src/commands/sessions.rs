//! Commands of the Sessions screens: creating, listing and closing sessions,
//! the register, kiosk sign-in and roster import.

use signpost::export::roster::{ColumnMapping, RosterImported};
use signpost::export::roster_people::{self, RosterCheck, RowChoices};
use signpost::records::AttendanceStatus;
use signpost::records::attendance::{self, Correction, SignedIn};
use signpost::records::people::{Person, PersonDetails};
use signpost::records::sessions::{self, NewSession, Register, SessionSummary, TrainingSession};
use tauri::State;

use super::id;
use crate::{ApiError, AppState};

#[tauri::command]
pub fn list_sessions(state: State<'_, AppState>) -> Result<Vec<SessionSummary>, ApiError> {
    state.with_store(|store| sessions::list(store))
}

#[tauri::command]
pub fn create_session(
    state: State<'_, AppState>,
    session: NewSession,
) -> Result<TrainingSession, ApiError> {
    state.with_store(|store| sessions::create(store, &session))
}

#[tauri::command]
pub fn get_register(state: State<'_, AppState>, session_id: String) -> Result<Register, ApiError> {
    let session_id = id("session", &session_id)?;
    state.with_store(|store| sessions::register(store, session_id))
}

#[tauri::command]
pub fn close_session(
    state: State<'_, AppState>,
    session_id: String,
) -> Result<TrainingSession, ApiError> {
    let session_id = id("session", &session_id)?;
    state.with_store(|store| sessions::close(store, session_id))
}

#[tauri::command]
pub fn sign_in(
    state: State<'_, AppState>,
    session_id: String,
    details: PersonDetails,
) -> Result<SignedIn, ApiError> {
    let session_id = id("session", &session_id)?;
    state.with_store(|store| attendance::sign_in(store, session_id, &details))
}

/// Marks someone on a register; on a closed session `reason` is required and
/// the change is kept as the returned correction.
#[tauri::command]
pub fn set_attendance(
    state: State<'_, AppState>,
    session_id: String,
    person_id: String,
    status: AttendanceStatus,
    reason: Option<String>,
) -> Result<Option<Correction>, ApiError> {
    let session_id = id("session", &session_id)?;
    let person_id = id("person", &person_id)?;
    state.with_store(|store| {
        attendance::set_status(store, session_id, person_id, status, reason.as_deref())
    })
}

/// Puts someone on an open register by hand, with a mark.
#[tauri::command]
pub fn add_to_register(
    state: State<'_, AppState>,
    session_id: String,
    details: PersonDetails,
    status: AttendanceStatus,
) -> Result<Person, ApiError> {
    let session_id = id("session", &session_id)?;
    state.with_store(|store| attendance::add_by_hand(store, session_id, &details, status))
}

#[tauri::command]
pub fn list_corrections(
    state: State<'_, AppState>,
    session_id: String,
) -> Result<Vec<Correction>, ApiError> {
    let session_id = id("session", &session_id)?;
    state.with_store(|store| attendance::corrections(store, session_id))
}

/// What a roster file would import, and which rows share an email with
/// someone of another name. Reads the records; changes nothing.
#[tauri::command]
pub async fn preview_roster(
    state: State<'_, AppState>,
    bytes: Vec<u8>,
    mapping: ColumnMapping,
) -> Result<RosterCheck, ApiError> {
    state.with_store(|store| roster_people::check(store, &bytes, &mapping))
}

/// Imports a roster with the record keeper's choice for each flagged row.
#[tauri::command]
pub async fn import_roster(
    state: State<'_, AppState>,
    session_id: String,
    bytes: Vec<u8>,
    mapping: ColumnMapping,
    choices: RowChoices,
) -> Result<RosterImported, ApiError> {
    let session_id = id("session", &session_id)?;
    state.with_store(|store| {
        roster_people::import_csv(store, session_id, &bytes, &mapping, &choices)
    })
}
