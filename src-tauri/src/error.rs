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
}

impl From<signpost::course::CourseError> for ApiError {
    fn from(err: signpost::course::CourseError) -> Self {
        ApiError::new(err.code(), err.to_string())
    }
}

impl From<signpost::records::StoreError> for ApiError {
    fn from(err: signpost::records::StoreError) -> Self {
        ApiError::new(err.code(), err.to_string())
    }
}
