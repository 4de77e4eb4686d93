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
    "possible_duplicates",
    "merge_people",
    "get_settings",
    "save_settings",
    "read_logo",
    "list_backups",
    "backup_now",
    "restore_backup",
    "restore_damaged_database",
    "start_learner",
    "continue_learner",
    "learner_overview",
    "save_place",
    "start_quiz",
    "fresh_quiz",
    "answer_question",
    "finish_quiz",
    "export_results_csv",
    "issue_certificate",
    "issue_session_certificates",
    "write_handbook",
    "write_register",
    "verify_certificate",
    "verify_certificate_file",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration is valid");
}
