//! The records database: one SQLite file in the data folder. This module owns
//! opening it safely (pragmas, corruption and version checks) and its schema;
//! the tables' own operations live in files named for them.

mod migrations;
mod open;

pub use migrations::SCHEMA_VERSION;
pub use open::{Store, StoreError};
