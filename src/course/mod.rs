//! The course: its model, how it is loaded from `modules/`, and the problems
//! found while loading it. One parse produces one [`Course`] value that every
//! consumer (presenter, learner view, handbook, tests) shares; nothing outside
//! this module reads course files.

mod check;
mod front_matter;
mod images;
mod load;
mod markdown;
mod model;
mod placeholders;
mod sections;

pub use images::{MAX_LOGO_BYTES, image_data_url, logo_data_url, logo_file_data_url};
pub use load::{CourseError, Localisation, load, load_with, shipped};
pub use model::*;
