//! Commands of the Sessions screens: creating, listing and closing sessions,
//! the register, kiosk sign-in and roster import.

use std::path::Path;

use signpost::export::roster::{self, ColumnMapping, RecognisedHeadings, RosterImported};
use signpost::export::roster_people::{self, RosterCheck, RowChoices};
use signpost::records::AttendanceStatus;
use signpost::records::attendance::{self, Correction, SignedIn};
use signpost::records::people::{Person, PersonDetails};
use signpost::records::sessions::{self, NewSession, Register, SessionSummary, TrainingSession};
use tauri::{AppHandle, Runtime, State};

use super::id;
use crate::present::Presenting;
use crate::{ApiError, AppState};

#[tauri::command]
pub async fn list_sessions(state: State<'_, AppState>) -> Result<Vec<SessionSummary>, ApiError> {
    state.store(|store| sessions::list(store)).await
}

#[tauri::command]
pub async fn create_session(
    state: State<'_, AppState>,
    session: NewSession,
) -> Result<TrainingSession, ApiError> {
    state
        .run(move |state| {
            let course = state.course()?;
            state.with_store(|store| sessions::create_for_course(store, &course, &session))
        })
        .await
}

#[tauri::command]
pub async fn get_register(
    state: State<'_, AppState>,
    session_id: String,
) -> Result<Register, ApiError> {
    let session_id = id("session", &session_id)?;
    state
        .store(move |store| sessions::register(store, session_id))
        .await
}

/// Closes a session; if it is being presented, the speaker view stops
/// offering latecomers' sign-in.
#[tauri::command]
pub async fn close_session<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    presenting: State<'_, Presenting>,
    session_id: String,
) -> Result<TrainingSession, ApiError> {
    let session_id = id("session", &session_id)?;
    let closed = state
        .store(move |store| sessions::close(store, session_id))
        .await?;
    presenting.session_closed(&app, session_id)?;
    Ok(closed)
}

#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    session_id: String,
    details: PersonDetails,
) -> Result<SignedIn, ApiError> {
    let session_id = id("session", &session_id)?;
    state
        .store(move |store| attendance::sign_in(store, session_id, &details))
        .await
}

/// Marks someone on a register; on a closed session `reason` is required and
/// the change is kept as the returned correction.
#[tauri::command]
pub async fn set_attendance(
    state: State<'_, AppState>,
    session_id: String,
    person_id: String,
    status: AttendanceStatus,
    reason: Option<String>,
) -> Result<Option<Correction>, ApiError> {
    let session_id = id("session", &session_id)?;
    let person_id = id("person", &person_id)?;
    state
        .store(move |store| {
            attendance::set_status(store, session_id, person_id, status, reason.as_deref())
        })
        .await
}

/// Puts someone on an open register by hand, with a mark.
#[tauri::command]
pub async fn add_to_register(
    state: State<'_, AppState>,
    session_id: String,
    details: PersonDetails,
    status: AttendanceStatus,
) -> Result<Person, ApiError> {
    let session_id = id("session", &session_id)?;
    state
        .store(move |store| attendance::add_by_hand(store, session_id, &details, status))
        .await
}

#[tauri::command]
pub async fn list_corrections(
    state: State<'_, AppState>,
    session_id: String,
) -> Result<Vec<Correction>, ApiError> {
    let session_id = id("session", &session_id)?;
    state
        .store(move |store| attendance::corrections(store, session_id))
        .await
}

/// The headings a roster's columns are recognised by without a mapping.
#[tauri::command]
pub fn roster_headings() -> Vec<RecognisedHeadings> {
    roster::recognised_headings()
}

/// What a roster file would import, and which rows share an email with
/// someone of another name. Reads the records; changes nothing.
#[tauri::command]
pub async fn preview_roster(
    state: State<'_, AppState>,
    path: String,
    mapping: ColumnMapping,
) -> Result<RosterCheck, ApiError> {
    state
        .store(move |store| roster_people::check(store, Path::new(&path), &mapping))
        .await
}

/// Imports a roster with the record keeper's choice for each flagged row.
#[tauri::command]
pub async fn import_roster(
    state: State<'_, AppState>,
    session_id: String,
    path: String,
    mapping: ColumnMapping,
    choices: RowChoices,
    fingerprint: String,
) -> Result<RosterImported, ApiError> {
    let session_id = id("session", &session_id)?;
    state
        .store(move |store| {
            roster_people::import_csv(
                store,
                session_id,
                Path::new(&path),
                &mapping,
                &choices,
                Some(&fingerprint),
            )
        })
        .await
}
