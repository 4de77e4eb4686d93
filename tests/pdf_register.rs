//! Registers on paper, read back with poppler: the sign-in sheet before a
//! session and the completed register after it.

mod common;
mod poppler;

use signpost::pdf::register::{self, RegisterKind as Kind};
use signpost::records::status::AttendanceStatus;
use signpost::records::{attendance, sessions};

const NAMES: [&str; 7] = [
    "مريم الحسيني",
    "王小明",
    "Ольга Петрова",
    "Γιώργος Παπαδόπουλος",
    "דוד כהן",
    "अनुष्का शर्मा",
    "Zażółć Gęślą Jaźń",
];

fn when() -> jiff::Timestamp {
    "2026-03-04T12:00:00Z".parse().unwrap()
}

#[test]
fn the_sign_in_sheet_lists_the_roster_in_every_script_with_the_sessions_details() {
    let (_dir, mut store) = common::store();
    let session = common::session(&mut store);
    for name in NAMES {
        attendance::add_by_hand(
            &mut store,
            session.id,
            &common::person(name),
            AttendanceStatus::Expected,
        )
        .unwrap();
    }
    let (bytes, written) = register::make(&store, session.id, Kind::SignInSheet, when()).unwrap();
    assert_eq!(written.people, 7);
    assert_eq!(poppler::pages(&bytes), written.pages);
    let text = poppler::text(&bytes);
    for name in NAMES {
        assert!(text.contains(name), "{name:?} in:\n{text}");
    }
    for detail in [
        "Sign-in sheet",
        "Morning session",
        "Tess Trainer",
        "Room 1",
        "4 March 2025",
        "Signature",
    ] {
        assert!(text.contains(detail), "{detail:?} in:\n{text}");
    }
    poppler::assert_fonts_embedded_and_subset(&bytes);
}

#[test]
fn the_completed_register_shows_marks_times_and_corrections_with_their_reasons() {
    let (_dir, mut store) = common::store();
    let session = common::session(&mut store);
    let present = attendance::add_by_hand(
        &mut store,
        session.id,
        &common::person(NAMES[2]),
        AttendanceStatus::Present,
    )
    .unwrap();
    attendance::add_by_hand(
        &mut store,
        session.id,
        &common::person(NAMES[0]),
        AttendanceStatus::Late,
    )
    .unwrap();
    attendance::add_by_hand(
        &mut store,
        session.id,
        &common::person(NAMES[1]),
        AttendanceStatus::Expected,
    )
    .unwrap();
    sessions::close(&mut store, session.id).unwrap();
    attendance::set_status(
        &mut store,
        session.id,
        present.id,
        AttendanceStatus::LeftEarly,
        Some("Left at the break"),
    )
    .unwrap();
    let (bytes, _) = register::make(&store, session.id, Kind::Completed, when()).unwrap();
    let text = poppler::text(&bytes);
    for expected in [
        "Attendance register",
        "Left early *",
        "Late",
        "Absent",
        "Left at the break",
        "Present → Left early",
        "2 of 3 on the register",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    let again = register::make(&store, session.id, Kind::Completed, when())
        .unwrap()
        .0;
    assert!(bytes == again, "the same register gives the same bytes");
}

#[test]
fn a_long_register_runs_onto_more_pages_with_the_heading_repeated() {
    let (_dir, mut store) = common::store();
    let session = common::session(&mut store);
    for i in 0..60 {
        attendance::add_by_hand(
            &mut store,
            session.id,
            &common::person(&format!("Person {i:02}")),
            AttendanceStatus::Present,
        )
        .unwrap();
    }
    let (bytes, written) = register::make(&store, session.id, Kind::Completed, when()).unwrap();
    assert!(written.pages >= 2);
    let second = poppler::page(&bytes, 2);
    assert!(
        second.contains("Name") && second.contains("Page 2 of"),
        "{second}"
    );
}
