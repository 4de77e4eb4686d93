//! What the app holds while it runs: the course, the records database and
//! what start-up did to it. Either may have failed to open; the failure is
//! kept and shown in the window instead of stopping the app. The database
//! sits behind a lock that can swap it, because restoring a backup over a
//! damaged file replaces the store while the app runs. The course is loaded
//! with the organisation's settings filling its placeholders, and loaded
//! again whenever those settings may have changed.
//!
//! The state is a cheap handle (`Clone`), so commands can hand it to a
//! worker thread: no disk or database work runs on the thread that draws the
//! windows. The start-up work (retention, the daily backup) runs on the first
//! use of the store, which the shell triggers on a worker thread as the app
//! opens; anything else waiting for the store waits behind it, so the window
//! stays responsive and nothing reads the records before retention ran.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use serde::Serialize;
use signpost::course::{self, Course};
use signpost::records::Store;
use signpost::records::settings;
use signpost::records::staff_lock;
use signpost::records::startup::{self, StartupReport};
use ts_rs::TS;

use tauri::ipc::Channel;

use crate::ApiError;
use crate::progress::{Step, Tasks, Watched};

/// Environment variable that points the app at another course folder.
pub const COURSE_DIR_ENV: &str = "SIGNPOST_COURSE_DIR";

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

struct Shared {
    course_dir: Result<PathBuf, ApiError>,
    course: RwLock<Result<Course, ApiError>>,
    store: Mutex<Slot>,
    /// The folder holding the database and its backups, known even when the
    /// database itself could not be opened (so its backups can be offered).
    data_dir: Result<PathBuf, ApiError>,
    /// Long work running now, so a window can stop it.
    tasks: Arc<Tasks>,
    /// Held shared by work on a connection of its own ([`AppState::reader`]:
    /// exports, sends) and alone by work that erases someone
    /// ([`AppState::eraser`]), so that no export reads a person from before
    /// their erasure and writes them after it, where the erasure's report
    /// of files written before could not name it.
    erasing: RwLock<()>,
    /// Whether the staff commands are refused until the staff passphrase
    /// is typed (see `staff`): from start-up, when someone locks, when the
    /// kiosk starts and when a learner signs in, as long as one is set.
    locked: AtomicBool,
    /// The learner last signed in at this computer: while locked, the
    /// commands that name a person reach only their records.
    learner: Mutex<Option<uuid::Uuid>>,
}

/// The database, or why it is not open, and what start-up did to it.
pub struct Slot {
    pub store: Result<Store, ApiError>,
    /// What retention and the daily backup did; `None` until they have run
    /// (or when the database did not open).
    startup: Option<Result<StartupReport, ApiError>>,
}

impl Slot {
    /// Runs retention and the daily backup once, before the store's first use.
    /// A read-only database cannot be pruned or backed up into its own
    /// folder; it is shown as it is.
    fn start(&mut self) {
        if self.startup.is_none()
            && let Ok(store) = self.store.as_mut()
            && store.read_only().is_none()
        {
            self.startup =
                Some(startup::on_start(store, jiff::Timestamp::now()).map_err(ApiError::from));
            // Before anything can be corrected: what statements sent by an
            // earlier Signpost were made from. Should it fail, the next
            // send does it.
            if let Err(err) = signpost::lrs::learn_sent(store) {
                eprintln!("signpost: could not note what was sent to the LRS before: {err}");
            }
        }
    }
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

    /// Opens the database and loads the course. The start-up work waits
    /// for the store's first use (see the module's documentation).
    fn with(
        course_dir: Result<PathBuf, ApiError>,
        data_dir: Result<PathBuf, ApiError>,
    ) -> AppState {
        let store = data_dir
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|dir| Store::open_in(dir).map_err(ApiError::from));
        let course = RwLock::new(load_course(&course_dir, &store));
        // A database whose passphrase cannot be read stays locked.
        let locked = store
            .as_ref()
            .is_ok_and(|store| staff_lock::is_set(store).unwrap_or(true));
        AppState(Arc::new(Shared {
            course_dir,
            course,
            store: Mutex::new(Slot {
                store,
                startup: None,
            }),
            data_dir,
            tasks: Arc::default(),
            erasing: RwLock::new(()),
            locked: AtomicBool::new(locked),
            learner: Mutex::new(None),
        }))
    }

    /// Starts reporting long work's progress over `channel`; the work stops
    /// when [`AppState::cancel`] is called with the channel's id.
    pub fn watch(&self, channel: Channel<Step>) -> Watched {
        self.0.tasks.watch(channel)
    }

    /// Asks the task reporting over channel `id` to stop.
    pub fn cancel(&self, id: u32) -> bool {
        self.0.tasks.cancel(id)
    }

    /// Runs `work` with this state on a worker thread, so that the windows
    /// keep answering while it reads or writes the disk.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        tauri::async_runtime::spawn_blocking(move || work(&state))
            .await
            .map_err(|err| {
                ApiError::new(
                    "internal",
                    format!("Signpost stopped part-way through this: {err}"),
                )
            })?
    }

    /// Runs `work` on the open database on a worker thread, or says why the
    /// database is not open.
    pub async fn store<T: Send + 'static, E: Into<ApiError>>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, E> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.run(move |state| state.with_store(work)).await
    }

    /// Runs long reading work (an export) on a connection of its own to the
    /// same database, on a worker thread, so that the window's other
    /// commands do not queue behind it. SQLite lets readers run beside the
    /// one writer, and the export's closing audit line waits its turn like
    /// any other write.
    pub async fn reader<T: Send + 'static, E: Into<ApiError>>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, E> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.run(move |state| {
            let _reading = state.0.erasing.read().unwrap_or_else(|p| p.into_inner());
            let path = state.with_store(|store| Ok::<_, ApiError>(store.path().to_path_buf()))?;
            let mut own = Store::open(&path)?;
            work(&mut own).map_err(Into::into)
        })
        .await
    }

    /// Runs work that may erase someone on the open database, on a worker
    /// thread, once no export or send is reading beside it; none starts
    /// until it is done.
    pub async fn eraser<T: Send + 'static, E: Into<ApiError>>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, E> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.run(move |state| {
            let _alone = state.0.erasing.write().unwrap_or_else(|p| p.into_inner());
            state.with_store(work)
        })
        .await
    }

    /// Whether the staff commands are refused now.
    pub fn locked(&self) -> bool {
        self.0.locked.load(Ordering::SeqCst)
    }

    /// Locks the staff commands, if `store` has a staff passphrase; says
    /// whether it has.
    pub fn lock_with(&self, store: &Store) -> Result<bool, ApiError> {
        let set = staff_lock::is_set(store)?;
        self.0.locked.store(set, Ordering::SeqCst);
        Ok(set)
    }

    /// `person` signed in as a learner at this computer.
    pub fn learner_signed_in(&self, person: uuid::Uuid) {
        *self.0.learner.lock().unwrap_or_else(|p| p.into_inner()) = Some(person);
    }

    /// `person`, if this computer may work on their records now: always
    /// while the staff commands are open, else only the learner signed in.
    pub fn for_person(&self, person: uuid::Uuid) -> Result<uuid::Uuid, ApiError> {
        let learner = *self.0.learner.lock().unwrap_or_else(|p| p.into_inner());
        if self.locked() && learner != Some(person) {
            return Err(ApiError::locked());
        }
        Ok(person)
    }

    /// Opens the staff commands: the passphrase was typed, or just set.
    pub fn unlock(&self) {
        self.0.locked.store(false, Ordering::SeqCst);
    }

    /// The course as last loaded.
    pub fn course(&self) -> Result<Course, ApiError> {
        match self.0.course.read() {
            Ok(course) => course.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The folder the course was loaded from.
    pub fn course_dir(&self) -> Result<&Path, ApiError> {
        self.0.course_dir.as_deref().map_err(Clone::clone)
    }

    /// The data folder, known even when the database did not open.
    pub fn data_dir(&self) -> Result<&Path, ApiError> {
        self.0.data_dir.as_deref().map_err(Clone::clone)
    }

    /// What retention and the daily backup did when the app started, once
    /// they have run; `None` when the database did not open.
    pub fn startup_report(&self) -> Result<Option<StartupReport>, ApiError> {
        self.slot()?.startup.clone().transpose()
    }

    /// Loads the course again, after the organisation's settings (or the
    /// whole database) changed, so its placeholders show the new details.
    pub fn reload_course(&self) -> Result<(), ApiError> {
        let course = load_course(&self.0.course_dir, &self.slot()?.store);
        match self.0.course.write() {
            Ok(mut slot) => *slot = course,
            Err(poisoned) => *poisoned.into_inner() = course,
        }
        Ok(())
    }

    /// The store's slot, whether or not the database opened, after the
    /// start-up work has run on it.
    pub fn slot(&self) -> Result<MutexGuard<'_, Slot>, ApiError> {
        let mut slot = self.0.store.lock().map_err(|_| {
            ApiError::new(
                "database_busy",
                "the records database is unavailable after an earlier failure; restart Signpost",
            )
        })?;
        slot.start();
        Ok(slot)
    }

    /// Runs `work` on the open database on this thread, or says why it is
    /// not open. Commands use [`AppState::store`] instead.
    pub fn with_store<T, E: Into<ApiError>>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, ApiError> {
        let mut slot = self.slot()?;
        let store = slot.store.as_mut().map_err(|err| err.clone())?;
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
