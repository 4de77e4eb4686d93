//! The LRS's secret, kept in the operating system's credential store (the
//! Keychain on macOS, Credential Manager on Windows, the Secret Service on
//! Linux) and nowhere else: never in the database, so never in a backup, an
//! export or a record bundle. Where there is no credential store (a
//! headless machine, a desktop without a keyring), nothing is kept and the
//! person is asked for the secret each time; this module only says which.

use super::{LrsConfig, LrsError};

/// The service name the secret is filed under in the credential store.
const SERVICE: &str = "uk.signpost.training: Learning Record Store";

/// What the credential store holds for an LRS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The secret kept for this address and key.
    Found(String),
    /// The store works, but holds no secret for this address and key.
    Missing,
    /// There is no usable credential store here (and why): ask each time.
    Unavailable(String),
}

fn entry(config: &LrsConfig) -> Result<keyring::Entry, keyring::Error> {
    // One entry per address and key, so changing either never sends an
    // old secret to a new place.
    keyring::Entry::new(SERVICE, &format!("{} at {}", config.key, config.endpoint))
}

/// Looks the secret up. Touches only this computer's credential store.
pub fn lookup(config: &LrsConfig) -> Lookup {
    match entry(config).and_then(|entry| entry.get_password()) {
        Ok(secret) => Lookup::Found(secret),
        Err(keyring::Error::NoEntry) => Lookup::Missing,
        Err(err) => Lookup::Unavailable(err.to_string()),
    }
}

/// Keeps `secret` for this address and key. `Ok(false)` when there is no
/// credential store to keep it in (it will be asked for each time); an
/// error when the store exists but refused it.
pub fn keep(config: &LrsConfig, secret: &str) -> Result<bool, LrsError> {
    if secret.is_empty() {
        return Err(LrsError::Invalid {
            field: "secret",
            reason: "is empty".into(),
        });
    }
    match entry(config).and_then(|entry| entry.set_password(secret)) {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_)) => Ok(false),
        Err(err) => Err(LrsError::CredentialStore {
            reason: err.to_string(),
        }),
    }
}

/// Forgets the secret kept for this address and key, if any.
pub fn forget(config: &LrsConfig) {
    // Nothing kept, or no store: either way nothing is left to forget.
    if let Ok(entry) = entry(config) {
        let _ = entry.delete_credential();
    }
}

/// The secret to use: the one given (typed in the window, or from the
/// environment on the command line), else the one kept, else
/// [`LrsError::SecretNeeded`].
pub fn resolve(config: &LrsConfig, given: Option<String>) -> Result<String, LrsError> {
    if let Some(secret) = given.filter(|s| !s.is_empty()) {
        return Ok(secret);
    }
    match lookup(config) {
        Lookup::Found(secret) => Ok(secret),
        Lookup::Missing | Lookup::Unavailable(_) => Err(LrsError::SecretNeeded),
    }
}
