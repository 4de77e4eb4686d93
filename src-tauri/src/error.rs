//! The one error shape the UI receives: a stable code to branch on, a
//! message a person can read and, when the input was at fault, which field,
//! so a form can show the message beside it. Library errors are converted
//! here, once.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    /// The input field the message is about (`"name"`, `"email"`, `"reason"`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError {
            code: code.to_string(),
            message: message.into(),
            field: None,
        }
    }

    /// Refused while the staff passphrase has the records locked.
    pub fn locked() -> Self {
        ApiError::new(
            "locked",
            "the records are locked: type the staff passphrase to open them",
        )
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

from_library_error!(signpost::course::CourseError, signpost::records::StoreError);

impl From<signpost::records::RecordsError> for ApiError {
    fn from(err: signpost::records::RecordsError) -> Self {
        ApiError {
            field: err.field().map(str::to_string),
            ..ApiError::new(err.code(), err.to_string())
        }
    }
}

impl From<signpost::export::ExportError> for ApiError {
    fn from(err: signpost::export::ExportError) -> Self {
        match err {
            signpost::export::ExportError::Records(inner) => inner.into(),
            other => ApiError::new(other.code(), other.to_string()),
        }
    }
}

impl From<signpost::learning::LearningError> for ApiError {
    fn from(err: signpost::learning::LearningError) -> Self {
        match err {
            signpost::learning::LearningError::Records(inner) => inner.into(),
            other => ApiError::new(other.code(), other.to_string()),
        }
    }
}

impl From<signpost::lrs::LrsError> for ApiError {
    fn from(err: signpost::lrs::LrsError) -> Self {
        match err {
            signpost::lrs::LrsError::Records(inner) => inner.into(),
            signpost::lrs::LrsError::Export(inner) => inner.into(),
            other => ApiError {
                field: other.field().map(str::to_string),
                ..ApiError::new(other.code(), other.to_string())
            },
        }
    }
}

impl From<signpost::pdf::PdfError> for ApiError {
    fn from(err: signpost::pdf::PdfError) -> Self {
        match err {
            signpost::pdf::PdfError::Records(inner) => inner.into(),
            signpost::pdf::PdfError::Learning(inner) => inner.into(),
            other => ApiError::new(other.code(), other.to_string()),
        }
    }
}

impl From<signpost::present::PresentError> for ApiError {
    fn from(err: signpost::present::PresentError) -> Self {
        match err {
            signpost::present::PresentError::Records(inner) => inner.into(),
            other => ApiError::new(other.code(), other.to_string()),
        }
    }
}
