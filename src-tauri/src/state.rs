//! What the app holds while it runs: the course, loaded once at start, the
//! records database and what start-up did to it. Either may have failed to
//! open; the failure is kept and shown in the window instead of stopping the
//! app. The database sits behind a lock that can swap it, because restoring
//! a backup over a damaged file replaces the store while the app runs.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use signpost::course::{self, Course};
use signpost::records::Store;
use signpost::records::startup::{self, StartupReport};
use ts_rs::TS;

use crate::ApiError;

/// Environment variable that points the app at another course folder.
pub const COURSE_DIR_ENV: &str = "SIGNPOST_COURSE_DIR";

pub struct AppState {
    pub course: Result<Course, ApiError>,
    pub store: Mutex<Result<Store, ApiError>>,
    /// The folder holding the database and its backups, known even when the
    /// database itself could not be opened (so its backups can be offered).
    pub data_dir: Result<PathBuf, ApiError>,
    /// What retention and the daily backup did at start-up; `None` when the
    /// database did not open.
    pub startup: Option<Result<StartupReport, ApiError>>,
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
        let course = course_dir
            .ok_or_else(|| {
                ApiError::new(
                    "course_folder_unknown",
                    "Signpost cannot tell where its course is installed; set SIGNPOST_COURSE_DIR to the course folder",
                )
            })
            .and_then(|dir| course::load(&dir).map_err(ApiError::from));
        let data_dir = data_dir.map(Path::to_path_buf).ok_or_else(|| {
            ApiError::new(
                "data_folder_unknown",
                "this computer has no per-user data folder; set SIGNPOST_DATA_DIR to a folder Signpost can write",
            )
        });
        AppState::with(course, data_dir)
    }

    /// Loads the course in `course_dir` and opens the database in `data_dir`.
    pub fn load_from(course_dir: &Path, data_dir: &Path) -> AppState {
        let course = course::load(course_dir).map_err(ApiError::from);
        AppState::with(course, Ok(data_dir.to_path_buf()))
    }

    /// Opens the database and runs the start-up work (retention, then the
    /// daily backup) on it.
    fn with(course: Result<Course, ApiError>, data_dir: Result<PathBuf, ApiError>) -> AppState {
        let mut store = data_dir
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|dir| Store::open_in(dir).map_err(ApiError::from));
        let startup = store
            .as_mut()
            .ok()
            .map(|store| startup::on_start(store, jiff::Timestamp::now()).map_err(ApiError::from));
        AppState {
            course,
            store: Mutex::new(store),
            data_dir,
            startup,
        }
    }

    /// The store's slot, whether or not the database opened.
    pub fn slot(&self) -> Result<MutexGuard<'_, Result<Store, ApiError>>, ApiError> {
        self.store.lock().map_err(|_| {
            ApiError::new(
                "database_busy",
                "the records database is unavailable after an earlier failure; restart Signpost",
            )
        })
    }

    /// Runs `work` on the open database, or says why it is not open.
    pub fn with_store<T, E: Into<ApiError>>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, ApiError> {
        let mut slot = self.slot()?;
        let store = slot.as_mut().map_err(|err| err.clone())?;
        work(store).map_err(Into::into)
    }
}
