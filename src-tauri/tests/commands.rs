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

/// The first paragraph of the course's first slide.
fn first_words(course: &serde_json::Value) -> String {
    course["modules"][0]["slides"][0]["body"][0]["spans"]
        .as_array()
        .expect("spans")
        .iter()
        .map(|span| span["text"].as_str().expect("text"))
        .collect()
}

#[test]
fn saving_the_organisation_s_settings_fills_the_course_placeholders_and_logo() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = app_with(AppState::load_from(&fixture("course"), data.path()));
    let course = invoke(&app, "get_course", json!({})).expect("course");
    assert_eq!(first_words(&course), "Hello from Fixture organisation.");

    let mut settings = invoke(&app, "get_settings", json!({})).expect("settings");
    settings["organisation"]["name"] = json!("Southshire Council");
    settings["contacts"] =
        json!([{ "name": "Safeguarding team", "number": "01234 567890", "when": "" }]);
    let svg = data.path().join("logo.svg");
    std::fs::write(&svg, r#"<svg xmlns="http://www.w3.org/2000/svg"/>"#).expect("write logo");
    let logo = invoke(&app, "read_logo", json!({ "path": svg })).expect("a logo");
    assert!(
        logo.as_str()
            .expect("text")
            .starts_with("data:image/svg+xml;base64,")
    );
    settings["logo"] = logo.clone();
    invoke(&app, "save_settings", json!({ "settings": settings })).expect("saved");

    let course = invoke(&app, "get_course", json!({})).expect("course");
    assert_eq!(first_words(&course), "Hello from Southshire Council.");
    assert_eq!(course["contacts"][0]["name"], "Safeguarding team");
    assert_eq!(course["logo"], logo);
    let text = data.path().join("roster.png");
    std::fs::write(&text, "Name,Email\n").expect("write text");
    let error = invoke(&app, "read_logo", json!({ "path": text })).expect_err("not an image");
    assert!(
        error["message"]
            .as_str()
            .expect("text")
            .starts_with("The logo is not an image")
    );

    let reopened = app_with(AppState::load_from(&fixture("course"), data.path()));
    let course = invoke(&reopened, "get_course", json!({})).expect("course");
    assert_eq!(
        first_words(&course),
        "Hello from Southshire Council.",
        "kept across a restart"
    );
}

#[test]
fn course_images_are_sent_as_data_urls_and_nothing_outside_the_course_is() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = app_with(AppState::load_from(&fixture("course"), data.path()));
    let url = invoke(
        &app,
        "course_image",
        json!({ "src": "assets/signpost.svg" }),
    )
    .expect("image");
    assert!(
        url.as_str()
            .expect("text")
            .starts_with("data:image/svg+xml;base64,")
    );
    let error = invoke(
        &app,
        "course_image",
        json!({ "src": "../course/course.toml" }),
    )
    .expect_err("refused");
    assert_eq!(error["code"], "course_image_unavailable");
}

#[test]
fn a_data_folder_that_cannot_be_made_is_reported_and_the_course_still_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let in_the_way = dir.path().join("records");
    std::fs::write(&in_the_way, b"a file, not a folder").expect("write");
    let app = app_with(AppState::load_from(
        &fixture("course"),
        &in_the_way.join("signpost"),
    ));
    let error = invoke(&app, "get_database", json!({})).expect_err("no database");
    assert_eq!(error["code"], "data_folder_not_writable");
    assert!(
        error["message"]
            .as_str()
            .expect("message")
            .contains("cannot be created or written")
    );
    invoke(&app, "get_course", json!({})).expect("the course still loads");
}
