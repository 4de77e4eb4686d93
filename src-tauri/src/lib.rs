//! The Signpost desktop shell: builds the Tauri app, resolves where the course
//! and the records live, and registers the commands. It holds no training
//! logic; that is the `signpost` library's job.

mod commands;
mod error;
mod state;

pub use error::ApiError;
pub use state::{AppState, DatabaseInfo};

use tauri::{Manager, Runtime};

/// The app, generic over the runtime so tests can run it on a mock one.
pub fn builder<R: Runtime>() -> tauri::Builder<R> {
    tauri::Builder::default()
        .setup(|app| {
            let resources = app.path().resource_dir().ok();
            let data_dir = signpost::paths::data_dir().or_else(|| app.path().app_data_dir().ok());
            app.manage(AppState::load(resources.as_deref(), data_dir.as_deref()));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::get_course,
            commands::get_database
        ])
}

/// Starts the desktop app.
pub fn run() {
    if let Err(err) = builder().run(tauri::generate_context!()) {
        eprintln!("Signpost could not start: {err}");
        std::process::exit(1);
    }
}
