//! The records commands through the real IPC path: a session created, a
//! person signed in and another added by hand, the register read back, a CSV written where the person
//! typed, and a damaged database restored from its backup.

mod common;

use common::{app_with, fixture, invoke};
use serde_json::json;
use signpost_app::AppState;

fn new_session() -> serde_json::Value {
    json!({
        "title": "Morning session",
        "courseTitle": "Fixture course",
        "courseVersion": "1",
        "date": "2026-03-04",
        "startTime": "09:30:00",
        "endTime": null,
        "location": "Room 1",
        "trainer": "Tess Trainer",
    })
}

#[test]
fn a_person_signed_in_at_the_kiosk_is_on_the_register_and_in_the_csv_export() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = app_with(AppState::load_from(&fixture("course"), data.path()));
    let session = invoke(&app, "create_session", json!({ "session": new_session() }))
        .expect("the session is created");
    let session_id = session["id"].as_str().expect("id");

    let details = json!({ "name": "Ольга Петрова", "organisation": "Herts", "team": "", "jobRole": "Nurse", "email": null });
    let signed = invoke(
        &app,
        "sign_in",
        json!({ "sessionId": session_id, "details": details }),
    )
    .expect("signed in");
    assert_eq!(signed["person"]["name"], "Ольга Петрова");

    let walk_in = json!({ "name": "Sam Taylor", "organisation": "", "team": "", "jobRole": "", "email": null });
    let added = invoke(
        &app,
        "add_to_register",
        json!({ "sessionId": session_id, "details": walk_in, "status": "late" }),
    )
    .expect("added by hand");
    assert_eq!(added["name"], "Sam Taylor");

    let register =
        invoke(&app, "get_register", json!({ "sessionId": session_id })).expect("register");
    let entries = register["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2);
    assert!(
        entries
            .iter()
            .any(|e| e["person"]["name"] == "Sam Taylor" && e["status"] == "late")
    );

    let path = data.path().join("attendance.csv");
    // The window passes a channel for the export's progress.
    let summary = invoke(
        &app,
        "export_csv",
        json!({ "range": {}, "path": path.display().to_string(), "progress": "__CHANNEL__:7" }),
    )
    .expect("exported");
    assert_eq!(summary["count"], 2);
    let csv = std::fs::read_to_string(&path).expect("the CSV was written");
    assert!(csv.contains("Ольга Петрова") && csv.contains("Sam Taylor"));
}

#[test]
fn an_id_that_is_not_a_uuid_is_an_invalid_input_error() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = app_with(AppState::load_from(&fixture("course"), data.path()));
    let error =
        invoke(&app, "get_register", json!({ "sessionId": "not-an-id" })).expect_err("refused");
    assert_eq!(error["code"], "invalid_input");
}

#[test]
fn start_up_makes_the_daily_backup_and_a_damaged_database_is_restored_from_it() {
    let data = tempfile::tempdir().expect("temp dir");
    {
        let app = app_with(AppState::load_from(&fixture("course"), data.path()));
        invoke(&app, "create_session", json!({ "session": new_session() })).expect("created");
        let report = invoke(&app, "get_startup_report", json!({})).expect("report");
        assert!(
            report["backup"].is_string(),
            "a daily backup was made: {report}"
        );
    }
    // The daily backup was made before the session, so restoring it gives an empty list.
    let db = data.path().join("signpost.sqlite3");
    for companion in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{companion}", db.display()));
    }
    std::fs::write(&db, b"this is not a database, it was damaged").expect("damage the file");

    let app = app_with(AppState::load_from(&fixture("course"), data.path()));
    let error = invoke(&app, "list_sessions", json!({})).expect_err("damaged");
    assert_eq!(error["code"], "database_corrupt");
    let backups = invoke(&app, "list_backups", json!({})).expect("backups listed");
    let backup = backups[0]["path"].as_str().expect("a backup").to_string();

    let report =
        invoke(&app, "restore_damaged_database", json!({ "path": backup })).expect("restored");
    let aside = report["savedCurrentAs"]
        .as_str()
        .expect("the damaged file was kept");
    assert_eq!(
        std::fs::read(aside).expect("read the damaged file"),
        b"this is not a database, it was damaged"
    );
    assert_eq!(
        invoke(&app, "list_sessions", json!({})).expect("open again"),
        json!([])
    );
}

#[test]
fn an_erasure_waits_for_an_export_under_way_so_the_export_cannot_hold_whom_it_erased() {
    use std::sync::mpsc;
    use std::time::Duration;
    use tauri::async_runtime::{block_on, spawn};

    let data = tempfile::tempdir().expect("temp dir");
    let state = AppState::load_from(&fixture("course"), data.path());
    let (reading, read_started) = mpsc::channel();
    let (let_finish, finish) = mpsc::channel::<()>();
    let exporter = state.clone();
    let export = spawn(async move {
        exporter
            .reader(move |_store| {
                reading.send(()).expect("the test waits");
                finish.recv().expect("the test lets it finish");
                Ok::<_, signpost_app::ApiError>(())
            })
            .await
    });
    read_started.recv().expect("the export started");

    let (erased, erasure_done) = mpsc::channel();
    let eraser = state.clone();
    let erasure = spawn(async move {
        eraser
            .eraser(move |_store| {
                erased.send(()).expect("the test waits");
                Ok::<_, signpost_app::ApiError>(())
            })
            .await
    });
    assert!(
        erasure_done
            .recv_timeout(Duration::from_millis(300))
            .is_err(),
        "the erasure ran while the export was reading"
    );
    let_finish.send(()).expect("the export waits");
    block_on(export)
        .expect("joined")
        .expect("the export finished");
    erasure_done
        .recv_timeout(Duration::from_secs(30))
        .expect("the erasure ran once the export was done");
    block_on(erasure)
        .expect("joined")
        .expect("the erasure finished");
}
