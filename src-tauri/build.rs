//! Declares every app command to Tauri's capability system: a command not
//! listed here cannot be granted, and one not granted in `capabilities/`
//! cannot be called from a window.

const COMMANDS: &[&str] = &[
    "get_course",
    "course_image",
    "get_database",
    "get_startup_report",
    "default_export_folder",
    "list_sessions",
    "create_session",
    "get_register",
    "close_session",
    "sign_in",
    "set_attendance",
    "add_to_register",
    "list_corrections",
    "preview_roster",
    "import_roster",
    "export_csv",
    "export_xlsx",
    "export_xapi",
    "export_bundle",
    "import_bundle",
    "cancel_task",
    "open_written_file",
    "reveal_written_file",
    "search_sessions",
    "search_people",
    "person_history",
    "erase_person",
    "get_settings",
    "save_settings",
    "read_logo",
    "list_backups",
    "backup_now",
    "restore_backup",
    "restore_damaged_database",
    "start_presenting",
    "audience_deck",
    "speaker_deck",
    "room_view",
    "present_key",
    "present_step",
    "present_displays",
    "swap_displays",
    "end_presenting",
    "record_room_answers",
    "room_answers",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration is valid");
}
