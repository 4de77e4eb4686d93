//! Commands of the staff lock: what it is now, locking, unlocking with the
//! passphrase, and setting, changing or removing the passphrase. The rule
//! of which commands it closes lives in `crate::staff`.

use std::time::Duration;

use serde::Serialize;
use signpost::records::{RecordsError, staff_lock};
use tauri::State;
use ts_rs::TS;

use crate::{ApiError, AppState};

/// A wrong passphrase is answered only after this long, so that guessing
/// at the keyboard is slow.
const WRONG_PAUSE: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StaffLock {
    /// A staff passphrase is set.
    pub set: bool,
    /// The staff screens are closed until it is typed.
    pub locked: bool,
}

fn now(state: &AppState, set: bool) -> StaffLock {
    StaffLock {
        set,
        locked: state.locked(),
    }
}

#[tauri::command]
pub async fn staff_lock(state: State<'_, AppState>) -> Result<StaffLock, ApiError> {
    state
        .run(|state| {
            let set = state.with_store(|store| staff_lock::is_set(store))?;
            Ok(now(state, set))
        })
        .await
}

/// Closes the staff screens (if a passphrase is set): someone is leaving
/// the computer, or handing it to attendees at the kiosk.
#[tauri::command]
pub async fn lock_staff(state: State<'_, AppState>) -> Result<StaffLock, ApiError> {
    state
        .run(|state| {
            let set = state.with_store(|store| state.lock_with(store))?;
            Ok(now(state, set))
        })
        .await
}

#[tauri::command]
pub async fn unlock_staff(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<StaffLock, ApiError> {
    state
        .run(move |state| {
            let right = state.with_store(|store| staff_lock::matches(store, &passphrase))?;
            if !right {
                std::thread::sleep(WRONG_PAUSE);
                return Err(RecordsError::WrongPassphrase.into());
            }
            state.unlock();
            let set = state.with_store(|store| staff_lock::is_set(store))?;
            Ok(now(state, set))
        })
        .await
}

/// Sets, changes or (`new` null) removes the staff passphrase; `current`
/// must be the one set, if any. Whoever did it stays in.
#[tauri::command]
pub async fn set_staff_passphrase(
    state: State<'_, AppState>,
    current: String,
    new: Option<String>,
) -> Result<StaffLock, ApiError> {
    state
        .run(move |state| {
            let set = state.with_store(|store| {
                staff_lock::change(store, &current, new.as_deref())?;
                staff_lock::is_set(store)
            });
            if matches!(&set, Err(error) if error.code == "wrong_passphrase") {
                std::thread::sleep(WRONG_PAUSE);
            }
            let set = set?;
            state.unlock();
            Ok(now(state, set))
        })
        .await
}
