//! Signpost's domain library: the course, its quizzes, the training records and
//! the documents made from them. It knows nothing about windows or webviews —
//! the desktop shell in `src-tauri/` and the `signpost` command line are thin
//! adapters over it, so everything here builds and tests without a display.

pub mod course;
pub mod export;
pub mod files;
pub mod learning;
pub mod lrs;
pub mod paths;
pub mod pdf;
pub mod present;
pub mod progress;
pub mod quiz;
pub mod records;
