//! The staff lock through the real IPC path: once a staff passphrase is
//! set, the records open only to someone who types it; a learner signing
//! in, or anyone pressing Lock, closes them again; and learning, the kiosk
//! and presenting go on while they are closed.

mod common;

use common::{app_with, fixture, invoke};
use serde_json::{Value, json};
use signpost_app::AppState;

const PASSPHRASE: &str = "kettle on at four";

/// What the main window may call while the records are locked: the course,
/// the lock, the kiosk, a learner's own training, checking a certificate
/// and presenting. Everything else it is granted is a staff command.
const OPEN_TO_ANYONE: &[&str] = &[
    "get_course",
    "course_image",
    "get_database",
    "get_startup_report",
    "fold_for_search",
    "staff_lock",
    "lock_staff",
    "unlock_staff",
    "sign_in",
    "start_learner",
    "continue_learner",
    "learner_overview",
    "save_place",
    "start_quiz",
    "fresh_quiz",
    "answer_question",
    "finish_quiz",
    "check_certificate",
    "issue_certificate",
    "write_handbook",
    "default_export_folder",
    "open_written_file",
    "reveal_written_file",
    "cancel_task",
    "verify_certificate",
    "verify_certificate_file",
    "start_presenting",
    "end_presenting",
    "room_answers",
];

fn new_session() -> Value {
    json!({ "session": {
        "title": "Morning session", "courseTitle": "Fixture course", "courseVersion": "1",
        "date": "2026-03-04", "startTime": "09:30:00", "endTime": null,
        "location": "Room 1", "trainer": "Tess Trainer",
    }})
}

fn code(result: Result<Value, Value>) -> String {
    result.expect_err("refused")["code"]
        .as_str()
        .expect("a code")
        .to_string()
}

/// Every command the main window is granted, from its capability file.
fn main_window_commands() -> Vec<String> {
    let file = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/main.json"),
    )
    .expect("the main window's capabilities");
    let capability: Value = serde_json::from_str(&file).expect("json");
    capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

#[test]
fn with_a_staff_passphrase_set_the_records_open_only_to_whoever_types_it() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = app_with(AppState::load_from(&fixture("course"), data.path()));

    // Nothing set: everything is open, as before there was a lock.
    let status = invoke(&app, "staff_lock", json!({})).expect("status");
    assert_eq!(status, json!({ "set": false, "locked": false }));
    let session = invoke(&app, "create_session", new_session()).expect("created");
    let session_id = session["id"].as_str().expect("id").to_string();
    assert_eq!(
        invoke(&app, "lock_staff", json!({})).expect("lock"),
        json!({ "set": false, "locked": false }),
        "with no passphrase, Lock has nothing to lock"
    );

    // Too short: refused beside the field, nothing set.
    let short = invoke(
        &app,
        "set_staff_passphrase",
        json!({ "current": "", "new": "short" }),
    )
    .expect_err("too short");
    assert_eq!(short["field"], "the passphrase");

    let set = invoke(
        &app,
        "set_staff_passphrase",
        json!({ "current": "", "new": PASSPHRASE }),
    )
    .expect("set");
    assert_eq!(
        set,
        json!({ "set": true, "locked": false }),
        "whoever set it stays in"
    );
    invoke(&app, "list_sessions", json!({})).expect("still open");

    let locked = invoke(&app, "lock_staff", json!({})).expect("locked");
    assert_eq!(locked, json!({ "set": true, "locked": true }));
    for (command, args) in [
        ("list_sessions", json!({})),
        ("get_register", json!({ "sessionId": session_id })),
        ("search_people", json!({ "filter": {} })),
        ("get_settings", json!({})),
        (
            "set_staff_passphrase",
            json!({ "current": PASSPHRASE, "new": null }),
        ),
    ] {
        assert_eq!(code(invoke(&app, command, args)), "locked", "{command}");
    }

    // The kiosk still signs people in while the records are closed.
    let details = json!({ "name": "Ольга Петрова", "organisation": "", "team": "", "jobRole": "", "email": null });
    let olga = invoke(
        &app,
        "sign_in",
        json!({ "sessionId": session_id, "details": details }),
    )
    .expect("signed in at the kiosk")["person"]["id"]
        .as_str()
        .expect("her id")
        .to_string();

    let wrong = invoke(
        &app,
        "unlock_staff",
        json!({ "passphrase": "kettle on at five" }),
    )
    .expect_err("wrong");
    assert_eq!(wrong["code"], "wrong_passphrase");
    assert_eq!(code(invoke(&app, "list_sessions", json!({}))), "locked");

    let open = invoke(&app, "unlock_staff", json!({ "passphrase": PASSPHRASE })).expect("open");
    assert_eq!(open, json!({ "set": true, "locked": false }));
    let register =
        invoke(&app, "get_register", json!({ "sessionId": session_id })).expect("register");
    assert_eq!(register["entries"][0]["person"]["name"], "Ольга Петрова");

    // A learner at the computer closes the records behind them.
    let learner = json!({ "details": { "name": "Sam Taylor", "team": "", "key": "S-1" } });
    let sam = invoke(&app, "start_learner", learner).expect("learning")["personId"]
        .as_str()
        .expect("his id")
        .to_string();
    assert_eq!(
        invoke(&app, "staff_lock", json!({})).expect("status"),
        json!({ "set": true, "locked": true })
    );
    assert_eq!(
        code(invoke(&app, "search_people", json!({ "filter": {} }))),
        "locked"
    );
    // The learner's own commands reach their records, and nobody else's.
    invoke(&app, "learner_overview", json!({ "personId": sam })).expect("his own");
    for (command, args) in [
        ("learner_overview", json!({ "personId": olga })),
        (
            "check_certificate",
            json!({ "personId": olga, "sessionId": null }),
        ),
        (
            "save_place",
            json!({ "personId": olga, "moduleId": "x", "slide": 0 }),
        ),
    ] {
        assert_eq!(code(invoke(&app, command, args)), "locked", "{command}");
    }

    // Removing it takes the passphrase, and opens everything again.
    invoke(&app, "unlock_staff", json!({ "passphrase": PASSPHRASE })).expect("open");
    let wrong = invoke(
        &app,
        "set_staff_passphrase",
        json!({ "current": "guess", "new": null }),
    )
    .expect_err("not without it");
    assert_eq!(wrong["code"], "wrong_passphrase");
    invoke(
        &app,
        "set_staff_passphrase",
        json!({ "current": PASSPHRASE, "new": null }),
    )
    .expect("removed");
    assert_eq!(
        invoke(&app, "lock_staff", json!({})).expect("lock"),
        json!({ "set": false, "locked": false })
    );
}

#[test]
fn the_app_starts_locked_when_a_passphrase_is_set() {
    let data = tempfile::tempdir().expect("temp dir");
    {
        let app = app_with(AppState::load_from(&fixture("course"), data.path()));
        invoke(
            &app,
            "set_staff_passphrase",
            json!({ "current": "", "new": PASSPHRASE }),
        )
        .expect("set");
    }
    let app = app_with(AppState::load_from(&fixture("course"), data.path()));
    assert_eq!(
        invoke(&app, "staff_lock", json!({})).expect("status"),
        json!({ "set": true, "locked": true })
    );
    assert_eq!(code(invoke(&app, "list_sessions", json!({}))), "locked");
    invoke(&app, "get_course", json!({})).expect("the course is open to anyone");
}

#[test]
fn every_command_of_the_main_window_is_either_open_to_anyone_or_locked() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = app_with(AppState::load_from(&fixture("course"), data.path()));
    invoke(
        &app,
        "set_staff_passphrase",
        json!({ "current": "", "new": PASSPHRASE }),
    )
    .expect("set");
    invoke(&app, "lock_staff", json!({})).expect("locked");

    let commands = main_window_commands();
    assert!(commands.len() > 60, "{commands:?}");
    let mut wrong = Vec::new();
    for command in &commands {
        // No arguments: a locked command is refused before they are read,
        // an open one fails on them (or runs, harmlessly).
        let refused = invoke(&app, command, json!({}))
            .err()
            .is_some_and(|error| error["code"] == "locked");
        let open = OPEN_TO_ANYONE.contains(&command.as_str());
        if refused == open {
            wrong.push(format!(
                "{command}: {}",
                if open { "refused" } else { "allowed" }
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
}
