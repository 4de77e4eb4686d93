//! The room's knowledge-check counts as records: stored per option against
//! the session, module and question; entered again, they replace; they go
//! with their session; they travel in the record bundle and appear in the
//! Excel export.

mod common;

use std::path::Path;

use signpost::course::{self, Module};
use signpost::export::bundle;
use signpost::export::rows::DateRange;
use signpost::records::room_answers::{self, RoomCounts};
use signpost::records::settings::{self, Settings};
use signpost::records::{RecordsError, retention};
use uuid::Uuid;

fn module(id: &str) -> Module {
    let course =
        course::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/present/room"))
            .unwrap();
    course.modules.into_iter().find(|m| m.id == id).unwrap()
}

fn stored_rows(store_dir: &Path) -> Vec<(String, String, String, u32, bool, u32)> {
    let conn = rusqlite::Connection::open(store_dir.join("signpost.sqlite3")).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT session_id, module_id, question_id, option, correct, hands
             FROM room_answers ORDER BY question_id, option",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn counts_are_stored_per_option_against_the_session_module_and_question() {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    let counts =
        room_answers::record(&mut store, s.id, &module("first"), "first/1", &[2, 11, 0]).unwrap();
    assert_eq!(counts.hands, [2, 11, 0]);
    assert_eq!(
        counts.correct,
        [false, true, false],
        "rightness comes from the course"
    );
    let rows = stored_rows(dir.path());
    let sid = s.id.to_string();
    assert_eq!(
        rows,
        [
            (sid.clone(), "first".into(), "first/1".into(), 0, false, 2),
            (sid.clone(), "first".into(), "first/1".into(), 1, true, 11),
            (sid, "first".into(), "first/1".into(), 2, false, 0),
        ]
    );
}

#[test]
fn entering_a_questions_counts_again_replaces_them_instead_of_adding() {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    let first = module("first");
    room_answers::record(&mut store, s.id, &first, "first/1", &[2, 11, 0]).unwrap();
    room_answers::record(&mut store, s.id, &first, "first/1", &[3, 10, 1]).unwrap();
    room_answers::record(&mut store, s.id, &first, "first/1", &[3, 10, 1]).unwrap();
    let hands: Vec<u32> = stored_rows(dir.path()).iter().map(|r| r.5).collect();
    assert_eq!(hands, [3, 10, 1]);
}

#[test]
fn a_sessions_counts_come_back_one_entry_per_question_in_question_order() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let other = common::session(&mut store);
    let first = module("first");
    room_answers::record(&mut store, s.id, &first, "first/2", &[4, 1, 5]).unwrap();
    room_answers::record(&mut store, s.id, &first, "first/1", &[1, 9, 0]).unwrap();
    room_answers::record(&mut store, other.id, &first, "first/1", &[7, 7, 7]).unwrap();
    let counts: Vec<RoomCounts> = room_answers::for_session(&store, s.id).unwrap();
    let ids: Vec<&str> = counts.iter().map(|c| c.question_id.as_str()).collect();
    assert_eq!(ids, ["first/1", "first/2"]);
    assert_eq!(counts[0].hands, [1, 9, 0]);
    assert_eq!(counts[1].correct, [true, false, true]);
}

#[test]
fn counts_that_do_not_fit_the_question_are_refused_and_nothing_is_stored() {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    let first = module("first");
    let wrong_length = room_answers::record(&mut store, s.id, &first, "first/1", &[1, 2]);
    assert!(matches!(
        wrong_length,
        Err(RecordsError::Invalid {
            field: "counts",
            ..
        })
    ));
    let too_many = room_answers::record(&mut store, s.id, &first, "first/1", &[1, 2, 100_000]);
    assert!(matches!(
        too_many,
        Err(RecordsError::Invalid {
            field: "counts",
            ..
        })
    ));
    let elsewhere = room_answers::record(&mut store, s.id, &first, "second/1", &[1, 2]);
    assert!(matches!(
        elsewhere,
        Err(RecordsError::Invalid {
            field: "question",
            ..
        })
    ));
    let nobody = room_answers::record(&mut store, Uuid::new_v4(), &first, "first/1", &[1, 2, 3]);
    assert!(matches!(
        nobody,
        Err(RecordsError::NotFound {
            what: "session",
            ..
        })
    ));
    assert!(stored_rows(dir.path()).is_empty());
}

#[test]
fn counts_can_still_be_kept_after_the_register_was_closed() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    signpost::records::sessions::close(&mut store, s.id).unwrap();
    room_answers::record(&mut store, s.id, &module("second"), "second/1", &[3, 12]).unwrap();
    assert_eq!(room_answers::for_session(&store, s.id).unwrap().len(), 1);
}

#[test]
fn counts_are_erased_with_their_session() {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store); // held on 2025-03-04
    room_answers::record(&mut store, s.id, &module("first"), "first/1", &[2, 11, 0]).unwrap();
    settings::save(
        &mut store,
        &Settings {
            retention_months: Some(1),
            ..Settings::default()
        },
    )
    .unwrap();
    let report =
        retention::apply_retention(&mut store, "2026-01-01T00:00:00Z".parse().unwrap(), false)
            .unwrap();
    assert_eq!(report.sessions, 1);
    assert!(stored_rows(dir.path()).is_empty());
}

#[test]
fn counts_travel_in_the_record_bundle_and_importing_twice_adds_nothing() {
    let (dir, mut laptop) = common::store();
    let s = common::session(&mut laptop);
    room_answers::record(&mut laptop, s.id, &module("first"), "first/1", &[2, 11, 0]).unwrap();
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();

    let (_office_dir, mut office) = common::store();
    let report = bundle::import_bundle_file(
        &mut office,
        &file,
        &bundle::ImportOptions::import(),
        &signpost::progress::Silent,
    )
    .unwrap();
    assert_eq!(report.added.room_answers, 3);
    assert_eq!(
        room_answers::for_session(&office, s.id).unwrap(),
        room_answers::for_session(&laptop, s.id).unwrap()
    );
    let again = bundle::import_bundle_file(
        &mut office,
        &file,
        &bundle::ImportOptions::import(),
        &signpost::progress::Silent,
    )
    .unwrap();
    assert_eq!(again.added.room_answers, 0);
    assert_eq!(again.already_present.room_answers, 3);
}

#[test]
fn counts_entered_again_on_the_laptop_bring_the_office_up_to_date_and_an_older_bundle_takes_nothing_back()
 {
    let (dir, mut laptop) = common::store();
    let s = common::session(&mut laptop);
    let first = module("first");
    room_answers::record(&mut laptop, s.id, &first, "first/1", &[2, 11, 0]).unwrap();
    let earlier = dir.path().join("earlier.json");
    bundle::export_bundle(&mut laptop, &earlier).unwrap();
    let (office_dir, mut office) = common::store();
    let import = |office: &mut signpost::records::Store, file: &Path| {
        bundle::import_bundle_file(
            office,
            file,
            &bundle::ImportOptions::import(),
            &signpost::progress::Silent,
        )
        .unwrap()
    };
    import(&mut office, &earlier);

    // The trainer counts the hands again, a moment later.
    std::thread::sleep(std::time::Duration::from_millis(5));
    room_answers::record(&mut laptop, s.id, &first, "first/1", &[5, 8, 0]).unwrap();
    let later = dir.path().join("later.json");
    bundle::export_bundle(&mut laptop, &later).unwrap();
    let hands = |dir: &Path| -> Vec<u32> { stored_rows(dir).iter().map(|r| r.5).collect() };
    let report = import(&mut office, &later);
    assert!(
        report.imported && report.conflicts.is_empty(),
        "{report:#?}"
    );
    assert_eq!(report.updated.room_answers, 3);
    assert_eq!(hands(office_dir.path()), vec![5, 8, 0]);

    let again = import(&mut office, &earlier);
    assert!(again.imported && again.conflicts.is_empty());
    assert_eq!(again.updated.room_answers, 0);
    assert_eq!(hands(office_dir.path()), vec![5, 8, 0], "nothing goes back");
}

#[test]
fn a_bundle_made_before_room_answers_existed_still_imports() {
    let (dir, mut laptop) = common::store();
    common::session(&mut laptop);
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    json.as_object_mut().unwrap().remove("roomAnswers");
    std::fs::write(&file, serde_json::to_vec(&json).unwrap()).unwrap();
    let (_office_dir, mut office) = common::store();
    let report = bundle::import_bundle_file(
        &mut office,
        &file,
        &bundle::ImportOptions::import(),
        &signpost::progress::Silent,
    )
    .unwrap();
    assert!(report.imported);
    assert_eq!(report.added.sessions, 1);
}

#[test]
fn the_excel_export_has_a_sheet_of_the_rooms_counts() {
    use calamine::{Reader, Xlsx, open_workbook};
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    room_answers::record(&mut store, s.id, &module("second"), "second/1", &[3, 12]).unwrap();
    let path = dir.path().join("attendance.xlsx");
    signpost::export::xlsx::export_attendance(
        &mut store,
        DateRange::default(),
        &path,
        &signpost::progress::Silent,
    )
    .unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("Room knowledge check").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 3, "a heading and one row per option");
    assert_eq!(rows[1][1], "Morning session");
    assert_eq!(rows[1][3], "second/1");
    assert_eq!(
        (
            rows[1][4].as_str(),
            rows[1][5].as_str(),
            rows[1][6].as_str()
        ),
        ("A", "no", "3")
    );
    assert_eq!(
        (
            rows[2][4].as_str(),
            rows[2][5].as_str(),
            rows[2][6].as_str()
        ),
        ("B", "yes", "12")
    );
}
