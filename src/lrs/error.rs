//! The one error type of sending to a Learning Record Store: what stops a
//! send or a connection test before it can say anything more useful. A
//! send that starts and is then interrupted (the network drops, the LRS
//! answers 5xx) is not an error: it is a [`super::SendReport`] that says
//! where it stopped, because what was acknowledged before is kept.

use crate::export::ExportError;
use crate::records::RecordsError;

#[derive(Debug, thiserror::Error)]
pub enum LrsError {
    #[error(transparent)]
    Records(#[from] RecordsError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(
        "no Learning Record Store is set up: give its address and key in Settings → Learning Record Store (or with `signpost lrs set`)"
    )]
    NotConfigured,
    #[error("the Learning Record Store's {field} {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error(
        "the Learning Record Store's secret is needed: none is kept in this computer's credential store (where there is none, it is asked for each time)"
    )]
    SecretNeeded,
    #[error(
        "the Learning Record Store refused the key and secret ({status}): check them in Settings"
    )]
    CredentialsRefused { status: u16 },
    #[error("the credential store could not keep the secret: {reason}")]
    CredentialStore { reason: String },
}

impl LrsError {
    /// A short stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            LrsError::Records(inner) => inner.code(),
            LrsError::Export(inner) => inner.code(),
            LrsError::NotConfigured => "lrs_not_configured",
            LrsError::Invalid { .. } => "invalid_input",
            LrsError::SecretNeeded => "lrs_secret_needed",
            LrsError::CredentialsRefused { .. } => "lrs_credentials_refused",
            LrsError::CredentialStore { .. } => "credential_store",
        }
    }

    /// The input field an [`LrsError::Invalid`] is about.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            LrsError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}
