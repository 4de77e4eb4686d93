//! The one error type of making PDFs and checking certificates. Each variant
//! says what was being done and with which file or text, so the message can
//! be shown to a person as it is. Records and course errors are wrapped, not
//! repeated.

use std::path::PathBuf;

use crate::course::CourseError;
use crate::export::ExportError;
use crate::learning::LearningError;
use crate::records::RecordsError;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// Text no bundled or installed font can draw: refused before anything
    /// is written, so nobody is handed a certificate with empty boxes.
    #[error(
        "no font on this computer can print {characters} in {text:?}; change the text or install a font that has them"
    )]
    MissingGlyphs { text: String, characters: String },
    #[error("could not {action} {path}: {source}")]
    File {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the signing key {path} cannot be used: {reason}")]
    BadKey { path: PathBuf, reason: String },
    #[error("this is not a Signpost public key file: {0}")]
    BadPublicKey(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the PDF could not be made: {0}")]
    Internal(String),
    #[error("stopped before finishing; nothing was written")]
    Cancelled,
    #[error(transparent)]
    Records(#[from] RecordsError),
    #[error(transparent)]
    Course(#[from] CourseError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Learning(#[from] LearningError),
}

impl PdfError {
    /// A short stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::MissingGlyphs { .. } => "missing_glyphs",
            PdfError::File { .. } => "file_error",
            PdfError::BadKey { .. } => "bad_key",
            PdfError::BadPublicKey(_) => "bad_public_key",
            PdfError::Invalid(_) => "invalid_input",
            PdfError::Internal(_) => "pdf_error",
            PdfError::Cancelled => "cancelled",
            PdfError::Records(inner) => inner.code(),
            PdfError::Course(inner) => inner.code(),
            PdfError::Export(inner) => inner.code(),
            PdfError::Learning(inner) => inner.code(),
        }
    }
}
