//! Commands of presenting: starting it from the main window, what each
//! presenting window draws from, the keys and buttons both windows send,
//! and the room's knowledge-check counts. The windows themselves are
//! `crate::present`'s; the rules are the library's `signpost::present`.

use signpost::present::audience::{AudienceDeck, SpeakerDeck};
use signpost::present::{self, CountedQuestion, RoomStep, RoomView};
use signpost::records::room_answers::RoomCounts;
use signpost::records::sessions;
use tauri::{AppHandle, Runtime, State, WebviewWindow};

use super::id;
use crate::present::{Displays, Presenting};
use crate::{ApiError, AppState};

/// Opens the audience and speaker windows on the chosen modules (all when
/// `modules` is empty), for a session when `session_id` is given. Async, so
/// the windows are made off the main thread (made inside a synchronous
/// command, they deadlock on Windows).
#[tauri::command]
pub async fn start_presenting<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    presenting: State<'_, Presenting>,
    modules: Vec<String>,
    session_id: Option<String>,
) -> Result<(), ApiError> {
    let session = match session_id {
        Some(text) => {
            let session_id = id("session", &text)?;
            Some(
                state
                    .store(move |store| sessions::get(store, session_id))
                    .await?,
            )
        }
        None => None,
    };
    let course = state.course()?;
    let prepared = present::prepare(&course, &modules, session, jiff::Timestamp::now())?;
    presenting.start(
        &app,
        prepared.presentation,
        prepared.audience,
        prepared.speaker,
    )
}

/// The audience window's copy of the deck: no notes, no right answers.
#[tauri::command]
pub async fn audience_deck(presenting: State<'_, Presenting>) -> Result<AudienceDeck, ApiError> {
    presenting.audience_deck()
}

/// The speaker window's copy of the deck: everything.
#[tauri::command]
pub async fn speaker_deck(presenting: State<'_, Presenting>) -> Result<SpeakerDeck, ApiError> {
    presenting.speaker_deck()
}

/// Where the presentation is now; after that, `room` events say.
#[tauri::command]
pub async fn room_view(presenting: State<'_, Presenting>) -> Result<RoomView, ApiError> {
    presenting.view()
}

/// A key pressed in a presenting window; the window is known by its label.
#[tauri::command]
pub async fn present_key<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    presenting: State<'_, Presenting>,
    key: String,
) -> Result<(), ApiError> {
    presenting.press(&app, window.label(), &key)
}

/// A button of the speaker view.
#[tauri::command]
pub async fn present_step<R: Runtime>(
    app: AppHandle<R>,
    presenting: State<'_, Presenting>,
    step: RoomStep,
) -> Result<(), ApiError> {
    presenting.step(&app, step)
}

/// How the windows share the displays now.
#[tauri::command]
pub async fn present_displays(presenting: State<'_, Presenting>) -> Result<Displays, ApiError> {
    presenting.displays()
}

/// Puts each window on the other's display.
#[tauri::command]
pub async fn swap_displays<R: Runtime>(
    app: AppHandle<R>,
    presenting: State<'_, Presenting>,
) -> Result<Displays, ApiError> {
    presenting.swap(&app)
}

/// Ends presenting and closes both windows.
#[tauri::command]
pub async fn end_presenting<R: Runtime>(
    app: AppHandle<R>,
    presenting: State<'_, Presenting>,
) -> Result<(), ApiError> {
    presenting.end(&app);
    Ok(())
}

/// Keeps the hands raised for each option of a question, against the
/// presentation's own session and module (never ones a window names).
#[tauri::command]
pub async fn record_room_answers(
    state: State<'_, AppState>,
    presenting: State<'_, Presenting>,
    question_id: String,
    hands: Vec<u32>,
) -> Result<RoomCounts, ApiError> {
    let presentation = presenting.presentation(|presentation| Ok(presentation.clone()))?;
    state
        .store(move |store| present::record_answers(store, &presentation, &question_id, &hands))
        .await
}

/// The knowledge-check counts recorded in a session.
#[tauri::command]
pub async fn room_answers(
    state: State<'_, AppState>,
    session_id: String,
) -> Result<Vec<CountedQuestion>, ApiError> {
    let session_id = id("session", &session_id)?;
    let course = state.course()?;
    state
        .store(move |store| present::counted_questions(store, &course, session_id))
        .await
}
