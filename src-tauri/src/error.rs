//! The one error shape the UI receives: a stable code to branch on and a
//! message a person can read. Library errors are converted here, once.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError {
            code: code.to_string(),
            message: message.into(),
        }
    }

    /// An id sent by the UI that is not a UUID.
    pub fn bad_id(what: &str, text: &str) -> Self {
        ApiError::new("invalid_input", format!("{text:?} is not a {what} id"))
    }
}

macro_rules! from_library_error {
    ($($error:ty),+) => {$(
        impl From<$error> for ApiError {
            fn from(err: $error) -> Self {
                ApiError::new(err.code(), err.to_string())
            }
        }
    )+};
}

from_library_error!(
    signpost::course::CourseError,
    signpost::records::StoreError,
    signpost::records::RecordsError,
    signpost::export::ExportError,
    signpost::present::PresentError
);
