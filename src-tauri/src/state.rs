//! What the app holds while it runs: the course, loaded once at start, and
//! the records database. Either may have failed to open; the failure is kept
//! and shown in the window instead of stopping the app.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use signpost::course::{self, Course};
use signpost::records::Store;
use ts_rs::TS;

use crate::ApiError;

/// Environment variable that points the app at another course folder.
pub const COURSE_DIR_ENV: &str = "SIGNPOST_COURSE_DIR";

pub struct AppState {
    pub course: Result<Course, ApiError>,
    pub store: Result<Mutex<Store>, ApiError>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DatabaseInfo {
    pub path: String,
    pub schema_version: u32,
}

impl AppState {
    /// Loads the course from `$SIGNPOST_COURSE_DIR`, else the bundled
    /// `modules/` among the app's resources, and opens the database in
    /// `data_dir`.
    pub fn load(resource_dir: Option<&Path>, data_dir: Option<&Path>) -> AppState {
        let course_dir = std::env::var_os(COURSE_DIR_ENV)
            .map(PathBuf::from)
            .or_else(|| resource_dir.map(|dir| dir.join("modules")));
        let course = course_dir.ok_or_else(|| {
            ApiError::new(
                "course_folder_unknown",
                "Signpost cannot tell where its course is installed; set SIGNPOST_COURSE_DIR to the course folder",
            )
        });
        let data_dir = data_dir.ok_or_else(|| {
            ApiError::new(
                "data_folder_unknown",
                "this computer has no per-user data folder; set SIGNPOST_DATA_DIR to a folder Signpost can write",
            )
        });
        AppState {
            course: course.and_then(|dir| course::load(&dir).map_err(ApiError::from)),
            store: data_dir.and_then(open_store),
        }
    }

    /// Loads the course in `course_dir` and opens the database in `data_dir`.
    pub fn load_from(course_dir: &Path, data_dir: &Path) -> AppState {
        AppState {
            course: course::load(course_dir).map_err(ApiError::from),
            store: open_store(data_dir),
        }
    }
}

fn open_store(data_dir: &Path) -> Result<Mutex<Store>, ApiError> {
    Ok(Mutex::new(Store::open_in(data_dir)?))
}
