//! The records database: one SQLite file in the data folder. This module owns
//! opening it safely (pragmas, corruption and version checks) and its schema;
//! the tables' own operations live in files named for them, each a set of
//! free functions taking the [`Store`] — one call per thing a screen does.

pub mod attempts;
pub mod attendance;
pub mod audit;
pub mod backup;
pub mod certificates;
pub mod completions;
pub mod duplicates;
pub mod erase;
mod error;
pub mod learners;
mod migrations;
pub mod names;
mod open;
pub mod people;
pub mod progress;
pub mod retention;
pub mod room_answers;
pub mod search;
pub mod sessions;
pub mod settings;
pub mod sql;
pub mod staff_lock;
pub mod startup;
pub mod status;
pub mod validate;

pub(crate) use error::DbContext;
pub use error::RecordsError;
pub use migrations::SCHEMA_VERSION;
pub use open::{Store, StoreError};
pub use status::{AttendanceSource, AttendanceStatus, SessionStatus};
