//! The schema: a fresh database is at the latest version, re-opening changes
//! nothing, and a newer or damaged file is refused and left byte for byte.

mod common;

use signpost::records::{SCHEMA_VERSION, Store, StoreError};

#[test]
fn a_fresh_database_is_at_the_latest_schema_version() {
    let (_dir, store) = common::store();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    const { assert!(SCHEMA_VERSION >= 2) };
}

#[test]
fn reopening_a_database_is_a_no_op_that_keeps_its_records() {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    drop(store);
    let store = Store::open_in(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(signpost::records::sessions::get(&store, s.id).unwrap(), s);
}

#[test]
fn a_version_one_database_is_upgraded_with_its_settings_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signpost.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;
             CREATE TABLE audit_log (id TEXT PRIMARY KEY NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '') STRICT;
             INSERT INTO settings VALUES ('organisation_name', 'Old Org');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let settings = signpost::records::settings::get(&store).unwrap();
    assert_eq!(settings.organisation.name, "Old Org");
}

#[test]
fn a_database_from_a_newer_signpost_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signpost.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Newer { found: 999, .. }), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_corrupt_database_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signpost.sqlite3");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 8192));
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "database_corrupt", "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

/// A folder that exists but takes no new files, even for root: sysfs.
#[cfg(target_os = "linux")]
#[test]
fn an_existing_folder_that_cannot_be_written_is_named_as_such() {
    let read_only = std::path::Path::new("/sys/kernel");
    assert!(read_only.is_dir(), "this test needs /sys mounted");
    let err = Store::open_in(read_only).unwrap_err();
    assert_eq!(err.code(), "data_folder_not_writable", "{err}");
    assert!(
        err.to_string()
            .contains("/sys/kernel cannot be created or written"),
        "{err}"
    );
}

#[test]
fn a_version_eight_database_learns_each_place_s_course_from_the_learner_s_attempts() {
    use signpost::records::{attempts, people, progress};
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    let p = people::add(&mut store, &common::person("Ola Nowak")).unwrap();
    let now = jiff::Timestamp::now();
    let attempt = |session_id, module_id: &str, course_title: &str| attempts::NewAttempt {
        person_id: p.id,
        session_id,
        module_id: module_id.into(),
        course_title: course_title.into(),
        course_version: "1".into(),
        score: signpost::quiz::Score::of(4, 4, 70),
        seed: None,
        answers: Vec::new(),
        started_at: now,
        finished_at: now,
    };
    attempts::record(&mut store, &attempt(None, "m1", "Spotting Exploitation")).unwrap();
    let in_session = attempts::record(&mut store, &attempt(Some(s.id), "m2", "")).unwrap();
    progress::save(&mut store, p.id, "ignored", "m1", 3, true).unwrap();
    progress::save(&mut store, p.id, "ignored", "m9", 1, false).unwrap();
    drop(store);
    // The file as version 8 left it: no course with a learner's place.
    let path = dir.path().join("signpost.sqlite3");
    common::as_version(&path, 8);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let places = progress::for_person(&store, p.id).unwrap();
    let course_of = |module: &str| {
        places
            .iter()
            .find(|r| r.module_id == module)
            .map(|r| r.course_title.as_str())
    };
    assert_eq!(course_of("m1"), Some("Spotting Exploitation"));
    assert_eq!(course_of("m9"), Some(""), "no attempt: no course assumed");
    let kept = attempts::for_person(&store, p.id).unwrap();
    let kept = kept.iter().find(|a| a.id == in_session.id).unwrap();
    assert_eq!(
        kept.course_title,
        common::COURSE_TITLE,
        "the session's course"
    );
}

#[test]
fn a_version_ten_database_remembers_whom_its_audit_log_says_were_erased() {
    use signpost::export::bundle::{self, ImportOptions};
    use signpost::records::{erase, people};
    let (dir, mut store) = common::store();
    let p = people::add(&mut store, &common::person("Ola Nowak")).unwrap();
    let before = bundle::build(&store).unwrap();
    erase::erase_person(&mut store, p.id, &signpost::progress::Silent).unwrap();
    drop(store);
    // The file as version 10 left it: erasures only in the audit log.
    let path = dir.path().join("signpost.sqlite3");
    common::as_version(&path, 10);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let report =
        bundle::import_bundle(&mut store, &before, "before", &ImportOptions::import()).unwrap();
    assert!(report.imported);
    assert_eq!((report.erased_left_out, report.added.people), (1, 0));
    assert!(people::get(&store, p.id).is_err());
}

#[test]
fn a_version_eleven_database_keeps_what_the_lrs_acknowledged_and_learns_what_each_was_made_from() {
    use signpost::export::{DateRange, xapi};
    use signpost::records::attendance;
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    attendance::sign_in(&mut store, s.id, &common::person("Ola Nowak")).unwrap();
    let statements = xapi::statements(&store, DateRange::default(), &signpost::progress::Silent);
    let id = statements.unwrap()[0]["id"].as_str().unwrap().to_string();
    drop(store);
    // Acknowledged by a version 11 Signpost: the statement's id only.
    let path = dir.path().join("signpost.sqlite3");
    common::as_version(&path, 11);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO lrs_acknowledged (endpoint, statement_id, at)
             VALUES ('https://lrs.example.org/xapi', ?1, '2026-01-01T00:00:00.000Z')",
            [&id],
        )
        .unwrap();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(signpost::lrs::learn_sent(&mut store).unwrap(), 1);
    assert_eq!(signpost::lrs::learn_sent(&mut store).unwrap(), 0);
    drop(store);
    let (record, person): (String, Option<String>) = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT record, person_id FROM lrs_acknowledged WHERE statement_id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(record.starts_with("attended:"), "{record}");
    assert!(person.is_some());
}
