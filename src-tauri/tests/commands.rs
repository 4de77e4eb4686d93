//! The app's commands through Tauri's real IPC path on a mock runtime, with
//! the real capabilities: what the UI receives for a good course, a missing
//! one and a database from a newer Signpost.

mod common;

use common::{app_with, fixture, invoke};
use serde_json::json;
use signpost_app::AppState;

#[test]
fn get_course_returns_the_modules_the_library_loaded() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = app_with(AppState::load_from(&fixture("course"), data.path()));
    let course = invoke(&app, "get_course", json!({})).expect("the course loads");
    let titles: Vec<&str> = course["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .map(|m| m["title"].as_str().expect("title"))
        .collect();
    assert_eq!(titles, ["First steps", "Second steps"]);
    assert_eq!(course["modules"][0]["minutes"], 10);
}

#[test]
fn a_missing_course_folder_is_an_error_with_a_code_and_message() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = app_with(AppState::load_from(&fixture("no-such-course"), data.path()));
    let error = invoke(&app, "get_course", json!({})).expect_err("no course");
    assert_eq!(error["code"], "course_folder_unreadable");
    assert!(
        error["message"]
            .as_str()
            .expect("message")
            .contains("no-such-course")
    );
}

#[test]
fn get_database_reports_the_file_and_schema_version_in_the_data_folder() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = app_with(AppState::load_from(&fixture("course"), data.path()));
    let info = invoke(&app, "get_database", json!({})).expect("database opens");
    assert_eq!(info["schemaVersion"], signpost::records::SCHEMA_VERSION);
    assert!(data.path().join("signpost.sqlite3").exists());
}

#[test]
fn a_newer_database_is_reported_and_left_untouched() {
    let data = tempfile::tempdir().expect("temp dir");
    let db = data.path().join("signpost.sqlite3");
    rusqlite::Connection::open(&db)
        .and_then(|conn| conn.pragma_update(None, "user_version", 999))
        .expect("make a newer database");
    let before = std::fs::read(&db).expect("read db");
    let app = app_with(AppState::load_from(&fixture("course"), data.path()));
    let error = invoke(&app, "get_database", json!({})).expect_err("refused");
    assert_eq!(error["code"], "database_newer");
    assert_eq!(std::fs::read(&db).expect("read db"), before);
}
