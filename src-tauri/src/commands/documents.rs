//! Commands that make documents: certificates (one person's, or a whole
//! session's with progress), the handbook, registers, and checking a
//! certificate code. Each deserialises, calls one library function on a
//! worker thread and converts the error; the path is the one the person
//! chose in a save dialog or folder dialog.

use std::path::{Path, PathBuf};

use signpost::pdf::handbook::{self, Edition, HandbookSummary};
use signpost::pdf::issue::{self, IssuedCertificates, Output};
use signpost::pdf::register::{self, RegisterKind, RegisterSummary};
use signpost::pdf::{Keys, Verdict, signing};
use tauri::State;
use tauri::ipc::Channel;

use super::id;
use crate::progress::Step;
use crate::{ApiError, AppState};

/// Issues one person's certificate: of attendance for `session_id`, or of
/// completing the course without one. The learner's results page and a
/// person's history both call this.
#[tauri::command]
pub async fn issue_certificate(
    state: State<'_, AppState>,
    person_id: String,
    session_id: Option<String>,
    path: String,
) -> Result<IssuedCertificates, ApiError> {
    let person = state.for_person(id("person", &person_id)?)?;
    let session = session_id.map(|s| id("session", &s)).transpose()?;
    state
        .run(move |state| {
            let course = state.course()?;
            let keys = Keys::open(state.data_dir()?)?;
            state.with_store(|store| {
                issue::issue_for_person(
                    store,
                    &keys,
                    &course,
                    person,
                    session,
                    Path::new(&path),
                    jiff::Timestamp::now(),
                )
            })
        })
        .await
}

/// Why a person cannot have that certificate (not on the register, a quiz
/// not yet passed), asked before the save dialog; nothing when they can.
#[tauri::command]
pub async fn check_certificate(
    state: State<'_, AppState>,
    person_id: String,
    session_id: Option<String>,
) -> Result<(), ApiError> {
    let person = state.for_person(id("person", &person_id)?)?;
    let session = session_id.map(|s| id("session", &s)).transpose()?;
    state
        .run(move |state| {
            let course = state.course()?;
            state.with_store(|store| issue::check_for_person(store, &course, person, session))
        })
        .await
}

/// Certificates of attendance for everyone present or late at a session:
/// one PDF each in `folder`, or (with `one_file`) one PDF at `path`.
#[tauri::command]
pub async fn issue_session_certificates(
    state: State<'_, AppState>,
    session_id: String,
    path: String,
    one_file: bool,
    progress: Channel<Step>,
) -> Result<IssuedCertificates, ApiError> {
    let session = id("session", &session_id)?;
    let progress = state.watch(progress);
    state
        .run(move |state| {
            let course = state.course()?;
            let keys = Keys::open(state.data_dir()?)?;
            let output = if one_file {
                Output::File(PathBuf::from(&path))
            } else {
                Output::Folder(PathBuf::from(&path))
            };
            state.with_store(|store| {
                issue::issue_for_session(
                    store,
                    &keys,
                    &course,
                    session,
                    &output,
                    jiff::Timestamp::now(),
                    &progress,
                )
            })
        })
        .await
}

#[tauri::command]
pub async fn write_handbook(
    state: State<'_, AppState>,
    edition: Edition,
    path: String,
    progress: Channel<Step>,
) -> Result<HandbookSummary, ApiError> {
    let progress = state.watch(progress);
    state
        .run(move |state| {
            let course = state.course()?;
            let course_dir = state.course_dir()?.to_path_buf();
            state.with_store(|store| {
                handbook::write(
                    store,
                    &course,
                    &course_dir,
                    edition,
                    Path::new(&path),
                    jiff::Timestamp::now(),
                    &progress,
                )
            })
        })
        .await
}

#[tauri::command]
pub async fn write_register(
    state: State<'_, AppState>,
    session_id: String,
    kind: RegisterKind,
    path: String,
) -> Result<RegisterSummary, ApiError> {
    let session = id("session", &session_id)?;
    state
        .store(move |store| {
            register::write(
                store,
                session,
                kind,
                Path::new(&path),
                jiff::Timestamp::now(),
            )
        })
        .await
}

/// Checks a certificate code as typed (or pasted) by a person.
#[tauri::command]
pub async fn verify_certificate(
    state: State<'_, AppState>,
    code: String,
) -> Result<Verdict, ApiError> {
    state
        .run(move |state| {
            let keys = Keys::open(state.data_dir()?)?;
            Ok(keys.verify(&code)?)
        })
        .await
}

/// Checks every certificate in a PDF the person chose.
#[tauri::command]
pub async fn verify_certificate_file(
    state: State<'_, AppState>,
    path: String,
) -> Result<Vec<Verdict>, ApiError> {
    state
        .run(move |state| {
            let keys = Keys::open(state.data_dir()?)?;
            Ok(signing::verify_file(&keys, Path::new(&path))?)
        })
        .await
}
