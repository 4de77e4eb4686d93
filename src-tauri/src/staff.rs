//! The staff lock's one door. While a staff passphrase is set and the app
//! is locked, every command is refused before it runs except those anyone
//! at the computer may use: reading the course, learning, signing in at the
//! kiosk, checking a certificate, presenting, and the lock itself. A
//! command not named here is a staff command, so a new one is closed until
//! someone decides otherwise. The open commands that name a person reach,
//! while locked, only the learner signed in here ([`AppState::for_person`]).

use tauri::ipc::Invoke;
use tauri::{Manager, Runtime};

use crate::{ApiError, AppState};

/// What anyone at the computer may do while the staff screens are locked.
const OPEN: &[&str] = &[
    // The course, and the app finding its feet.
    "get_course",
    "course_image",
    "get_database",
    "get_startup_report",
    "fold_for_search",
    // The lock itself.
    "staff_lock",
    "lock_staff",
    "unlock_staff",
    // The kiosk: one person signing themselves in.
    "sign_in",
    // A learner's own training, certificate and handbook.
    "start_learner",
    "continue_learner",
    "learner_overview",
    "save_place",
    "start_quiz",
    "fresh_quiz",
    "answer_question",
    "finish_quiz",
    "check_certificate",
    "issue_certificate",
    "write_handbook",
    "default_export_folder",
    "open_written_file",
    "reveal_written_file",
    "cancel_task",
    // Checking a certificate someone shows.
    "verify_certificate",
    "verify_certificate_file",
    // Presenting the course to a room: no one's records.
    "start_presenting",
    "audience_deck",
    "speaker_deck",
    "room_view",
    "present_key",
    "present_step",
    "present_displays",
    "swap_displays",
    "end_presenting",
    "record_room_answers",
    "room_answers",
];

/// Why `invoke` may not run now, if it may not.
fn refusal<R: Runtime>(invoke: &Invoke<R>) -> Option<ApiError> {
    let command = invoke.message.command();
    if OPEN.contains(&command) {
        return None;
    }
    let state = invoke.message.webview_ref().try_state::<AppState>()?;
    state.locked().then(ApiError::locked)
}

/// `handler`, behind the staff lock.
pub fn guard<R: Runtime>(
    handler: impl Fn(Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    move |invoke| match refusal(&invoke) {
        Some(error) => {
            invoke.resolver.reject(error);
            true
        }
        None => handler(invoke),
    }
}
