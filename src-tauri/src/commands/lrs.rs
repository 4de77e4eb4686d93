//! Commands for the Learning Record Store: its settings, the connection
//! test and the send. These are the only commands that reach the network,
//! and only because a person pressed *Test connection* or *Send*. The send
//! runs on a connection of its own (like an export), so the window's other
//! commands do not wait for the LRS.

use signpost::export::DateRange;
use signpost::lrs::{self, ConnectionCheck, LrsSetup, SendReport, SendStatus};
use tauri::State;
use tauri::ipc::Channel;

use crate::progress::Step;
use crate::{ApiError, AppState};

#[tauri::command]
pub async fn get_lrs_setup(state: State<'_, AppState>) -> Result<LrsSetup, ApiError> {
    state.store(|store| lrs::setup(store)).await
}

/// Saves the address and key; a non-empty `secret` goes to the credential
/// store, never to the database.
#[tauri::command]
pub async fn save_lrs_setup(
    state: State<'_, AppState>,
    endpoint: String,
    key: String,
    secret: Option<String>,
) -> Result<LrsSetup, ApiError> {
    state
        .store(move |store| lrs::save_setup(store, &endpoint, &key, secret.as_deref()))
        .await
}

#[tauri::command]
pub async fn test_lrs_connection(
    state: State<'_, AppState>,
    endpoint: String,
    key: String,
    secret: Option<String>,
) -> Result<ConnectionCheck, ApiError> {
    state
        .run(move |_| lrs::check(&endpoint, &key, secret).map_err(ApiError::from))
        .await
}

#[tauri::command]
pub async fn lrs_status(state: State<'_, AppState>) -> Result<Option<SendStatus>, ApiError> {
    state.reader(|store| lrs::configured_status(store)).await
}

#[tauri::command]
pub async fn send_to_lrs(
    state: State<'_, AppState>,
    range: DateRange,
    secret: Option<String>,
    progress: Channel<Step>,
) -> Result<SendReport, ApiError> {
    let progress = state.watch(progress);
    state
        .reader(move |store| lrs::send_to_configured(store, secret, range, &progress))
        .await
}
