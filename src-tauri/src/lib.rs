//! The Signpost desktop shell: builds the Tauri app, resolves where the course
//! and the records live, and registers the commands. It holds no training
//! logic; that is the `signpost` library's job.

mod commands;
mod error;
mod present;
mod progress;
mod staff;
mod state;

pub use commands::staff::StaffLock;
pub use error::ApiError;
pub use progress::Step;
pub use state::{AppState, DatabaseInfo};

use tauri::{Manager, Runtime};

/// The app on top of `base`, generic over the runtime so tests can pass
/// `tauri::test::mock_builder()`. It
/// loads its state at setup unless the caller has already `manage`d one.
pub fn builder<R: Runtime>(base: tauri::Builder<R>) -> tauri::Builder<R> {
    base.plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(present::Presenting::default())
        .on_window_event(present::on_window_event)
        .setup(|app| {
            if app.try_state::<AppState>().is_some() {
                return Ok(()); // a test supplied its own
            }
            let resources = app.path().resource_dir().ok();
            let data_dir = signpost::paths::data_dir().or_else(|| app.path().app_data_dir().ok());
            let state = AppState::load(resources.as_deref(), data_dir.as_deref());
            // Retention and the daily backup run on the store's first use: start
            // it now on a worker thread, so the window opens without waiting.
            let starting = state.clone();
            tauri::async_runtime::spawn_blocking(move || starting.slot().map(drop));
            app.manage(state);
            Ok(())
        })
        .invoke_handler(staff::guard(tauri::generate_handler![
            commands::get_course,
            commands::course_image,
            commands::get_database,
            commands::get_startup_report,
            commands::fold_for_search,
            commands::default_export_folder,
            commands::sessions::list_sessions,
            commands::sessions::create_session,
            commands::sessions::get_register,
            commands::sessions::close_session,
            commands::sessions::sign_in,
            commands::sessions::set_attendance,
            commands::sessions::add_to_register,
            commands::sessions::list_corrections,
            commands::sessions::roster_headings,
            commands::sessions::preview_roster,
            commands::sessions::import_roster,
            commands::exports::export_csv,
            commands::exports::export_results_csv,
            commands::exports::export_xlsx,
            commands::exports::export_xapi,
            commands::exports::export_bundle,
            commands::exports::export_erasures,
            commands::exports::import_bundle,
            commands::exports::cancel_task,
            commands::exports::open_written_file,
            commands::exports::reveal_written_file,
            commands::records::search_sessions,
            commands::records::search_people,
            commands::records::person_history,
            commands::records::erase_person,
            commands::records::possible_duplicates,
            commands::records::merge_people,
            commands::learning::start_learner,
            commands::learning::continue_learner,
            commands::learning::learner_overview,
            commands::learning::save_place,
            commands::learning::start_quiz,
            commands::learning::fresh_quiz,
            commands::learning::answer_question,
            commands::learning::finish_quiz,
            commands::backups::get_settings,
            commands::backups::save_settings,
            commands::backups::apply_retention,
            commands::backups::read_logo,
            commands::backups::list_backups,
            commands::backups::backup_now,
            commands::backups::restore_backup,
            commands::backups::restore_damaged_database,
            commands::lrs::get_lrs_setup,
            commands::lrs::save_lrs_setup,
            commands::lrs::test_lrs_connection,
            commands::lrs::lrs_status,
            commands::lrs::send_to_lrs,
            commands::documents::issue_certificate,
            commands::documents::check_certificate,
            commands::documents::issue_session_certificates,
            commands::documents::write_handbook,
            commands::documents::write_register,
            commands::documents::verify_certificate,
            commands::documents::verify_certificate_file,
            commands::present::start_presenting,
            commands::present::audience_deck,
            commands::present::speaker_deck,
            commands::present::room_view,
            commands::present::present_key,
            commands::present::present_step,
            commands::present::present_displays,
            commands::present::swap_displays,
            commands::present::end_presenting,
            commands::present::record_room_answers,
            commands::present::room_answers,
            commands::staff::staff_lock,
            commands::staff::lock_staff,
            commands::staff::unlock_staff,
            commands::staff::set_staff_passphrase,
        ]))
}

/// Starts the desktop app.
pub fn run() {
    if let Err(err) = builder(tauri::Builder::default()).run(tauri::generate_context!()) {
        eprintln!("Signpost could not start: {err}");
        std::process::exit(1);
    }
}
