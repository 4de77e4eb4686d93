//! Sending training records to the organisation's Learning Record Store
//! (LRS), an explicit act: nothing here runs unless a person presses *Send*
//! or *Test connection*, or runs `signpost send`; Signpost makes no network
//! request otherwise.
//!
//! This module owns where the LRS is (its address and key, kept as
//! settings), the secret (kept in the operating system's credential store,
//! see `secret.rs`, never in the database), the HTTP conversation
//! (`client.rs`) and which statements the LRS has acknowledged
//! (`send.rs`). It does not build statements: they are exactly the ones the
//! xAPI export writes, from [`crate::export::xapi::statements`].

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::records::{DbContext, Store};

mod client;
mod error;
pub mod secret;
mod send;

pub use client::{ConnectionCheck, ConnectionOutcome, test_connection};
pub use error::LrsError;
pub(crate) use send::endpoints_in;
pub use send::{
    BATCH_SIZE, Rejected, SendReport, SendStatus, SendTimings, acknowledged_endpoints, learn_sent,
    send, status,
};

/// Where the LRS is and who Signpost is to it. The secret is not here: it
/// lives in the credential store, or is asked for each time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LrsConfig {
    /// The xAPI endpoint, e.g. `https://lrs.example.org/xAPI`, with no
    /// trailing slash; statements go to `<endpoint>/statements`.
    pub endpoint: String,
    /// The HTTP Basic user name (the LRS's "key").
    pub key: String,
}

impl LrsConfig {
    /// The configuration with the address tidied (spaces and trailing
    /// slashes dropped) and checked, or why it cannot be used.
    pub fn checked(endpoint: &str, key: &str) -> Result<LrsConfig, LrsError> {
        let endpoint = endpoint.trim().trim_end_matches('/').to_string();
        let key = key.trim().to_string();
        let invalid = |field, reason: &str| LrsError::Invalid {
            field,
            reason: reason.to_string(),
        };
        let rest = endpoint
            .strip_prefix("https://")
            .or_else(|| endpoint.strip_prefix("http://"))
            .ok_or_else(|| {
                invalid(
                    "address",
                    "must start with https:// (or http:// for one on this computer or network)",
                )
            })?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err(invalid("address", "has no host name after https://"));
        }
        if endpoint.starts_with("http://") && !on_this_network(rest) {
            return Err(invalid(
                "address",
                "must start with https:// for an LRS beyond this computer or network: over http:// the key, the secret and learners' names would cross the internet unencrypted",
            ));
        }
        if endpoint
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid("address", "cannot contain spaces"));
        }
        if endpoint.contains(['?', '#']) {
            return Err(invalid(
                "address",
                "is the LRS's xAPI address itself, without ? or # (statements are sent to the address followed by /statements)",
            ));
        }
        if key.is_empty() {
            return Err(invalid("key", "is needed (the user name the LRS gave you)"));
        }
        if key.contains(':') || key.chars().any(char::is_control) {
            return Err(invalid("key", "cannot contain a colon or a line break"));
        }
        Ok(LrsConfig { endpoint, key })
    }
}

/// Whether the host of `rest` (an address after its scheme) is this
/// computer or its own network: a loopback, private or link-local address,
/// a name without dots, or one under `.local`, `.lan`, `.internal`,
/// `.home.arpa` or `localhost`.
fn on_this_network(rest: &str) -> bool {
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => authority.split(':').next().unwrap_or(authority),
    };
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback() || ip.is_private() || ip.is_link_local(),
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.is_unique_local() || ip.is_unicast_link_local()
        }
        Err(_) => {
            let host = host.to_ascii_lowercase();
            !host.contains('.')
                || [".local", ".lan", ".internal", ".home.arpa", ".localhost"]
                    .iter()
                    .any(|suffix| host.ends_with(suffix))
        }
    }
}

const ENDPOINT_KEY: &str = "lrs_endpoint";
const KEY_KEY: &str = "lrs_key";

fn read_setting(store: &Store, key: &str) -> Result<Option<String>, LrsError> {
    Ok(store
        .conn_ref()
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get::<_, String>(0)
        })
        .optional()
        .doing("read the Learning Record Store settings")?
        .filter(|value| !value.is_empty()))
}

/// The LRS set up in this database, if any.
pub fn config(store: &Store) -> Result<Option<LrsConfig>, LrsError> {
    match (
        read_setting(store, ENDPOINT_KEY)?,
        read_setting(store, KEY_KEY)?,
    ) {
        (Some(endpoint), Some(key)) => Ok(Some(LrsConfig { endpoint, key })),
        _ => Ok(None),
    }
}

/// Saves the LRS's address and key (checked first) in one transaction.
pub fn save_config(store: &mut Store, endpoint: &str, key: &str) -> Result<LrsConfig, LrsError> {
    let config = LrsConfig::checked(endpoint, key)?;
    let tx = store
        .conn()
        .transaction()
        .doing("start saving the Learning Record Store settings")?;
    for (key, value) in [(ENDPOINT_KEY, &config.endpoint), (KEY_KEY, &config.key)] {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )
        .doing("save the Learning Record Store settings")?;
    }
    tx.commit()
        .doing("save the Learning Record Store settings")?;
    Ok(config)
}

/// What the Settings screen shows of the LRS: where it is, and whether its
/// secret is kept in the credential store (or why there is none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LrsSetup {
    pub config: Option<LrsConfig>,
    /// Whether the credential store holds the secret for this address and key.
    pub secret_kept: bool,
    /// Why this computer has no usable credential store, when it has none:
    /// the secret is then asked for each time.
    pub no_credential_store: Option<String>,
}

fn setup_of(config: Option<LrsConfig>) -> LrsSetup {
    let Some(config) = config else {
        return LrsSetup::default();
    };
    let (secret_kept, no_credential_store) = match secret::lookup(&config) {
        secret::Lookup::Found(_) => (true, None),
        secret::Lookup::Missing => (false, None),
        secret::Lookup::Unavailable(why) => (false, Some(why)),
    };
    LrsSetup {
        config: Some(config),
        secret_kept,
        no_credential_store,
    }
}

/// The LRS as set up here (no network: the credential store is local).
pub fn setup(store: &Store) -> Result<LrsSetup, LrsError> {
    Ok(setup_of(config(store)?))
}

/// Saves the address and key, and keeps the secret in the credential store
/// when one is given (an empty secret keeps the one already kept).
pub fn save_setup(
    store: &mut Store,
    endpoint: &str,
    key: &str,
    given_secret: Option<&str>,
) -> Result<LrsSetup, LrsError> {
    let config = LrsConfig::checked(endpoint, key)?;
    if let Some(given) = given_secret.filter(|s| !s.is_empty()) {
        secret::keep(&config, given)?;
    }
    let config = save_config(store, &config.endpoint, &config.key)?;
    Ok(setup_of(Some(config)))
}

/// Tests the LRS at the address and key given (saved or not), with the
/// secret given or else the one kept for them.
pub fn check(
    endpoint: &str,
    key: &str,
    given_secret: Option<String>,
) -> Result<ConnectionCheck, LrsError> {
    let config = LrsConfig::checked(endpoint, key)?;
    let secret = secret::resolve(&config, given_secret)?;
    Ok(test_connection(&config, &secret))
}

/// Sends to the LRS set up here (see [`send`]), with the secret given or
/// else the one kept.
pub fn send_to_configured(
    store: &mut Store,
    given_secret: Option<String>,
    range: crate::export::DateRange,
    progress: &dyn crate::progress::Progress,
) -> Result<SendReport, LrsError> {
    let config = config(store)?.ok_or(LrsError::NotConfigured)?;
    let secret = secret::resolve(&config, given_secret)?;
    send(store, &config, &secret, range, progress)
}

/// What has been sent to the LRS set up here; `None` when none is.
pub fn configured_status(store: &Store) -> Result<Option<SendStatus>, LrsError> {
    match config(store)? {
        Some(config) => Ok(Some(status(store, &config.endpoint)?)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::LrsConfig;

    #[test]
    fn plain_http_is_taken_only_for_an_lrs_on_this_computer_or_network() {
        for local in [
            "http://127.0.0.1:8100/xAPI",
            "http://localhost:8100",
            "http://[::1]:8100/xAPI",
            "http://192.168.1.20/xAPI",
            "http://10.0.0.5:8080",
            "http://lrs/xAPI",
            "http://lrs.office.lan/xAPI",
            "https://lrs.example.org/xAPI",
        ] {
            assert!(LrsConfig::checked(local, "key").is_ok(), "{local}");
        }
        for remote in [
            "http://lrs.example.org/xAPI",
            "http://8.8.8.8/xAPI",
            "http://[2001:db8::1]/xAPI",
        ] {
            let err = LrsConfig::checked(remote, "key").unwrap_err();
            assert!(err.to_string().contains("unencrypted"), "{remote}: {err}");
        }
    }
}
