//! What the app holds while it runs: the course, the records database and
//! what start-up did to it. Either may have failed to open; the failure is
//! kept and shown in the window instead of stopping the app. The database
//! sits behind a lock that can swap it, because restoring a backup over a
//! damaged file replaces the store while the app runs. The course is loaded
//! with the organisation's settings filling its placeholders, and loaded
//! again whenever those settings may have changed.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, RwLock};

use serde::Serialize;
use signpost::course::{self, Course};
use signpost::records::Store;
use signpost::records::settings;
use signpost::records::startup::{self, StartupReport};
use ts_rs::TS;

use crate::ApiError;

/// Environment variable that points the app at another course folder.
pub const COURSE_DIR_ENV: &str = "SIGNPOST_COURSE_DIR";

pub struct AppState {
    course_dir: Result<PathBuf, ApiError>,
    course: RwLock<Result<Course, ApiError>>,
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
    /// Why the records can be read but not changed, when they cannot.
    pub read_only: Option<String>,
}

impl AppState {
    /// Loads the course from `$SIGNPOST_COURSE_DIR`, else the bundled
    /// `modules/` among the app's resources, and opens the database in
    /// `data_dir`.
    pub fn load(resource_dir: Option<&Path>, data_dir: Option<&Path>) -> AppState {
        let course_dir = std::env::var_os(COURSE_DIR_ENV)
            .map(PathBuf::from)
            .or_else(|| resource_dir.map(|dir| dir.join("modules")));
        let course_dir = course_dir.ok_or_else(|| {
            ApiError::new(
                "course_folder_unknown",
                "Signpost cannot tell where its course is installed; set SIGNPOST_COURSE_DIR to the course folder",
            )
        });
        let data_dir = data_dir.map(Path::to_path_buf).ok_or_else(|| {
            ApiError::new(
                "data_folder_unknown",
                "this computer has no per-user data folder; set SIGNPOST_DATA_DIR to a folder Signpost can write",
            )
        });
        AppState::with(course_dir, data_dir)
    }

    /// Loads the course in `course_dir` and opens the database in `data_dir`.
    pub fn load_from(course_dir: &Path, data_dir: &Path) -> AppState {
        AppState::with(Ok(course_dir.to_path_buf()), Ok(data_dir.to_path_buf()))
    }

    /// Opens the database, runs the start-up work (retention, then the
    /// daily backup) on it, and loads the course.
    fn with(
        course_dir: Result<PathBuf, ApiError>,
        data_dir: Result<PathBuf, ApiError>,
    ) -> AppState {
        let mut store = data_dir
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|dir| Store::open_in(dir).map_err(ApiError::from));
        // A read-only database cannot be pruned or backed up into its own
        // folder; it is shown as it is.
        let startup = store
            .as_mut()
            .ok()
            .filter(|store| store.read_only().is_none())
            .map(|store| startup::on_start(store, jiff::Timestamp::now()).map_err(ApiError::from));
        let course = RwLock::new(load_course(&course_dir, &store));
        AppState {
            course_dir,
            course,
            store: Mutex::new(store),
            data_dir,
            startup,
        }
    }

    /// The course as last loaded.
    pub fn course(&self) -> Result<Course, ApiError> {
        match self.course.read() {
            Ok(course) => course.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The folder the course was loaded from.
    pub fn course_dir(&self) -> Result<&Path, ApiError> {
        self.course_dir.as_deref().map_err(Clone::clone)
    }

    /// Loads the course again, after the organisation's settings (or the
    /// whole database) changed, so its placeholders show the new details.
    pub fn reload_course(&self) -> Result<(), ApiError> {
        let course = load_course(&self.course_dir, &*self.slot()?);
        match self.course.write() {
            Ok(mut slot) => *slot = course,
            Err(poisoned) => *poisoned.into_inner() = course,
        }
        Ok(())
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

/// Loads the course in `dir` with the placeholders filled from the settings
/// in `store`; course.toml's own details where the store has none or is not
/// open.
fn load_course(
    dir: &Result<PathBuf, ApiError>,
    store: &Result<Store, ApiError>,
) -> Result<Course, ApiError> {
    let dir = dir.as_ref().map_err(Clone::clone)?;
    let local = store
        .as_ref()
        .ok()
        .and_then(|store| settings::get(store).ok())
        .map(|settings| settings.localisation())
        .unwrap_or_default();
    course::load_with(dir, &local).map_err(ApiError::from)
}
