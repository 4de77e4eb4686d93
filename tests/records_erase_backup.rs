//! Erasure, backups, restores and retention: a person erased leaves no trace
//! in any file's bytes; backups are daily, pruned and restorable; nothing is
//! ever destroyed by a restore; old records go when the retention period
//! says so.

mod common;

use jiff::civil::date;
use signpost::records::backup::{self, BackupKind};
use signpost::records::erase::erase_person;
use signpost::records::retention::apply_retention;
use signpost::records::settings::{self, Settings};
use signpost::records::{
    AttendanceStatus, Store, attempts, attendance, audit, certificates, people, progress, search,
    sessions,
};

const SECRET: &str = "Zażółć Gęślą-Erasable";

#[test]
fn an_erased_person_leaves_no_trace_in_the_database_wal_or_backups() {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    let start = common::start(&s);
    let mut details = common::person(SECRET);
    details.email = Some("erasable@example.org".into());
    let p = attendance::sign_in_at(&mut store, s.id, &details, &start)
        .unwrap()
        .person;
    attendance::sign_in_at(&mut store, s.id, &common::person("Stays Here"), &start).unwrap();
    let now = jiff::Timestamp::now();
    attempts::record(
        &mut store,
        &attempts::NewAttempt {
            person_id: p.id,
            session_id: Some(s.id),
            module_id: "m1".into(),
            course_title: "Course".into(),
            course_version: "1".into(),
            score: signpost::quiz::Score::of(3, 4, 70),
            seed: None,
            answers: Vec::new(),
            started_at: now,
            finished_at: now,
        },
    )
    .unwrap();
    progress::save(&mut store, p.id, common::COURSE_TITLE, "m1", 2, true).unwrap();
    certificates::issue(&mut store, p.id, "Course", "1").unwrap();
    sessions::close(&mut store, s.id).unwrap();
    attendance::set_status(
        &mut store,
        s.id,
        p.id,
        AttendanceStatus::LeftEarly,
        Some("left early"),
    )
    .unwrap();
    backup::backup_daily(&mut store, date(2025, 3, 4), 5).unwrap();
    backup::backup_daily(&mut store, date(2025, 3, 5), 5).unwrap();

    let before: Vec<u8> = common::files_under(dir.path())
        .iter()
        .flat_map(|f| std::fs::read(f).unwrap())
        .collect();
    assert!(
        common::contains(&before, SECRET),
        "the name was written somewhere to begin with"
    );

    let report = erase_person(&mut store, p.id, &signpost::progress::Silent).unwrap();
    assert_eq!(report.backups_cleaned.len(), 2);
    assert!(report.backups_deleted.is_empty());

    for file in common::files_under(dir.path()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !common::contains(&bytes, SECRET),
            "the name is still in {}",
            file.display()
        );
        assert!(
            !common::contains(&bytes, "erasable@example.org"),
            "the email is still in {}",
            file.display()
        );
    }
    assert!(search::person_history(&store, p.id).is_err());
    let register = sessions::register(&store, s.id).unwrap();
    assert_eq!(register.entries.len(), 1, "everyone else stays");
    let log = audit::list(&store, 10).unwrap();
    let line = log
        .iter()
        .find(|e| e.action == audit::AuditAction::Erase)
        .unwrap();
    assert_eq!(line.detail, format!("person erased {}", p.id));
    // A cleaned backup still opens and still holds everyone else.
    let cleaned = Store::open(&report.backups_cleaned[0]).unwrap();
    assert_eq!(
        search::people(&cleaned, &Default::default()).unwrap().len(),
        1
    );
}

#[test]
fn a_backup_from_before_the_list_of_erased_people_learns_of_an_erasure_from_its_audit_log() {
    use signpost::export::bundle::{self, ImportOptions};
    let (_dir, mut store) = common::store();
    let p = people::add(&mut store, &common::person(SECRET)).unwrap();
    let before = bundle::build(&store).unwrap();
    let old = backup::backup_now(
        &mut store,
        jiff::Timestamp::now(),
        &signpost::progress::Silent,
    )
    .unwrap();
    // The backup as a version 10 Signpost made it: no list of erased people.
    common::as_version(&old, 10);

    let report = erase_person(&mut store, p.id, &signpost::progress::Silent).unwrap();
    assert_eq!(report.backups_cleaned, vec![old.clone()]);
    assert!(!common::contains(&std::fs::read(&old).unwrap(), SECRET));
    // Opened (so brought up to date) and offered the bundle from before,
    // the cleaned backup still refuses the person.
    let mut opened = Store::open(&old).unwrap();
    let merged =
        bundle::import_bundle(&mut opened, &before, "before", &ImportOptions::import()).unwrap();
    assert_eq!((merged.erased_left_out, merged.added.people), (1, 0));
    assert!(people::get(&opened, p.id).is_err());
}

#[test]
fn restoring_a_backup_kept_elsewhere_erases_again_whom_it_held() {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    let start = common::start(&s);
    let p = attendance::sign_in_at(&mut store, s.id, &common::person(SECRET), &start)
        .unwrap()
        .person;
    attendance::sign_in_at(&mut store, s.id, &common::person("Stays Here"), &start).unwrap();
    // A copy on a memory stick, which an erasure cannot reach.
    let elsewhere = tempfile::tempdir().unwrap();
    let stick = elsewhere.path().join("records.sqlite3");
    backup::backup_to(&mut store, &stick, &signpost::progress::Silent).unwrap();
    erase_person(&mut store, p.id, &signpost::progress::Silent).unwrap();

    let report = backup::restore(&mut store, &stick, &signpost::progress::Silent).unwrap();
    assert_eq!(report.erased_again, 1);
    assert!(people::get(&store, p.id).is_err());
    let register = sessions::register(&store, s.id).unwrap();
    assert_eq!(register.entries.len(), 1, "everyone else is restored");
    drop(store);
    for file in common::files_under(dir.path()) {
        assert!(
            !common::contains(&std::fs::read(&file).unwrap(), SECRET),
            "the name is back in {}",
            file.display()
        );
    }
    let store = Store::open(&dir.path().join("signpost.sqlite3")).unwrap();
    let log = audit::list(&store, 10).unwrap();
    assert!(
        log.iter().any(|e| e.action == audit::AuditAction::Restore
            && e.detail
                .contains("1 people erased since the backup was made erased again")),
        "{log:?}"
    );
}

#[test]
fn an_erasure_that_stopped_part_way_is_finished_by_erasing_again() {
    let (dir, mut store) = common::store();
    let p = people::add(&mut store, &common::person(SECRET)).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let before = elsewhere.path().join("before.sqlite3");
    backup::backup_to(&mut store, &before, &signpost::progress::Silent).unwrap();
    erase_person(&mut store, p.id, &signpost::progress::Silent).unwrap();
    // As if the first run had stopped before reaching this backup.
    let missed = dir.path().join("backups").join("missed.sqlite3");
    std::fs::create_dir_all(missed.parent().unwrap()).unwrap();
    std::fs::copy(&before, &missed).unwrap();

    let again = erase_person(&mut store, p.id, &signpost::progress::Silent).unwrap();
    assert!(again.backups_cleaned.contains(&missed));
    assert!(!common::contains(&std::fs::read(&missed).unwrap(), SECRET));
    let erasures = audit::list(&store, 20)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == audit::AuditAction::Erase)
        .count();
    assert_eq!(erasures, 1, "the erasure is recorded once");
    let nobody = erase_person(
        &mut store,
        uuid::Uuid::new_v4(),
        &signpost::progress::Silent,
    );
    assert!(nobody.is_err(), "someone never here is still not found");
}

#[test]
fn a_daily_backup_is_made_at_most_once_a_day_and_only_the_newest_are_kept() {
    let (dir, mut store) = common::store();
    common::session(&mut store);
    let made = backup::backup_daily(&mut store, date(2025, 1, 1), 2).unwrap();
    assert!(made.is_some());
    assert!(
        backup::backup_daily(&mut store, date(2025, 1, 1), 2)
            .unwrap()
            .is_none()
    );
    backup::backup_daily(&mut store, date(2025, 1, 2), 2).unwrap();
    backup::backup_daily(&mut store, date(2025, 1, 3), 2).unwrap();
    let dates: Vec<_> = backup::list_backups(dir.path())
        .unwrap()
        .into_iter()
        .map(|b| b.date)
        .collect();
    assert_eq!(dates, vec![Some(date(2025, 1, 3)), Some(date(2025, 1, 2))]);
    let file = dir.path().join("backups/signpost-2025-01-03.sqlite3");
    let opened = Store::open(&file).unwrap();
    assert_eq!(sessions::list(&opened).unwrap().len(), 1);
}

#[test]
fn backups_made_on_request_or_copied_in_are_listed_and_survive_the_pruning_of_daily_ones() {
    let (dir, mut store) = common::store();
    common::session(&mut store);
    let now: jiff::Timestamp = "2025-01-01T10:00:00Z".parse().unwrap();
    let made = backup::backup_now(&mut store, now, &signpost::progress::Silent).unwrap();
    backup::backup_daily(&mut store, date(2025, 1, 2), 1).unwrap();
    backup::backup_daily(&mut store, date(2025, 1, 3), 1).unwrap();
    let by_hand = dir
        .path()
        .join("backups")
        .join("copied from a usb stick.sqlite3");
    std::fs::copy(&made, &by_hand).unwrap();
    backup::backup_daily(&mut store, date(2025, 1, 4), 1).unwrap();
    let listed = backup::list_backups(dir.path()).unwrap();
    let paths: Vec<_> = listed.iter().map(|b| b.path.clone()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert_eq!(
        listed[0].date,
        Some(date(2025, 1, 4)),
        "the daily one first"
    );
    assert!(paths.contains(&made), "the backup made on request is kept");
    let kinds: Vec<_> = listed.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [BackupKind::Daily, BackupKind::OnRequest, BackupKind::Other],
        "daily first, then the others by name, newest first"
    );
    assert!(
        paths.contains(&by_hand),
        "a copy put there by hand is listed"
    );
    assert_eq!(
        sessions::list(&Store::open(&made).unwrap()).unwrap().len(),
        1
    );
}

#[test]
fn restoring_saves_the_current_database_aside_first() {
    let (dir, mut store) = common::store();
    let first = common::session(&mut store);
    let snapshot = dir.path().join("snapshot.sqlite3");
    backup::backup_to(&mut store, &snapshot, &signpost::progress::Silent).unwrap();
    let second = sessions::create(&mut store, &common::new_session("After the backup")).unwrap();

    let report = backup::restore(&mut store, &snapshot, &signpost::progress::Silent).unwrap();
    let ids: Vec<_> = sessions::list(&store)
        .unwrap()
        .into_iter()
        .map(|s| s.session.id)
        .collect();
    assert_eq!(ids, vec![first.id]);
    let saved = Store::open(report.saved_current_as.as_ref().unwrap()).unwrap();
    let saved_ids: Vec<_> = sessions::list(&saved)
        .unwrap()
        .into_iter()
        .map(|s| s.session.id)
        .collect();
    assert!(
        saved_ids.contains(&second.id),
        "the replaced database was kept"
    );
}

#[test]
fn people_restored_from_a_backup_older_than_their_keys_are_found_at_once() {
    let (dir, mut store) = common::store();
    let zoe = people::add(&mut store, &common::person("Zoë Łukasiewicz")).unwrap();
    let old = dir.path().join("old.sqlite3");
    backup::backup_to(&mut store, &old, &signpost::progress::Silent).unwrap();
    // As a Signpost before the keys wrote its people.
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch("UPDATE people SET name_key = NULL, search_key = NULL;")
        .unwrap();
    backup::restore(&mut store, &old, &signpost::progress::Silent).unwrap();
    let found = search::people(
        &store,
        &search::PersonFilter {
            text: Some("lukasiewicz".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), vec![zoe.id]);
}

#[test]
fn a_damaged_database_is_moved_aside_not_overwritten_when_a_backup_is_restored() {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    backup::backup_daily(&mut store, date(2025, 2, 1), 5).unwrap();
    drop(store);
    let db = dir.path().join("signpost.sqlite3");
    let _ = std::fs::remove_file(dir.path().join("signpost.sqlite3-wal"));
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0x5Au8, 4096));
    std::fs::write(&db, &bytes).unwrap();
    assert_eq!(
        Store::open_in(dir.path()).unwrap_err().code(),
        "database_corrupt"
    );

    let from = backup::list_backups(dir.path()).unwrap()[0].path.clone();
    let (store, report) = backup::restore_into(dir.path(), &from).unwrap();
    assert_eq!(sessions::get(&store, s.id).unwrap().id, s.id);
    let aside = report.saved_current_as.unwrap();
    assert!(aside.starts_with(dir.path().join("damaged")));
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        bytes,
        "the damaged file is kept byte for byte"
    );
}

#[test]
fn a_read_only_backup_kept_elsewhere_restored_over_a_damaged_database_does_not_bring_back_the_erased()
 {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    let start = common::start(&s);
    let person = attendance::sign_in_at(&mut store, s.id, &common::person(SECRET), &start)
        .unwrap()
        .person;
    // A backup kept on a USB stick, from before the erasure, and read-only
    // as a stick's files may be; then a daily backup, cleaned by it.
    let usb = tempfile::tempdir().unwrap();
    let outside = usb.path().join("signpost-backup.sqlite3");
    backup::backup_to(&mut store, &outside, &signpost::progress::Silent).unwrap();
    let mut permissions = std::fs::metadata(&outside).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&outside, permissions).unwrap();
    backup::backup_daily(&mut store, date(2025, 2, 1), 5).unwrap();
    erase_person(&mut store, person.id, &signpost::progress::Silent).unwrap();
    drop(store);
    // The database is damaged beyond reading whom it erased.
    let _ = std::fs::remove_file(dir.path().join("signpost.sqlite3-wal"));
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0x5Au8, 4096));
    std::fs::write(dir.path().join("signpost.sqlite3"), &bytes).unwrap();

    let (mut store, report) = backup::restore_into(dir.path(), &outside).unwrap();
    assert_eq!(report.erased_again, 1);
    assert!(people::get(&store, person.id).is_err());
    assert!(sessions::register(&store, s.id).unwrap().entries.is_empty());
    let database = std::fs::read(dir.path().join("signpost.sqlite3")).unwrap();
    assert!(
        !database
            .windows(SECRET.len())
            .any(|w| w == SECRET.as_bytes()),
        "the name is gone from the file's bytes"
    );
    // Writable, though the backup was not.
    let restored = std::fs::metadata(dir.path().join("signpost.sqlite3")).unwrap();
    assert!(!restored.permissions().readonly());
    sessions::create(&mut store, &common::new_session("After the restore")).unwrap();
}

#[test]
fn a_file_that_is_not_a_signpost_database_is_not_restored() {
    let (dir, mut store) = common::store();
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, b"not a database at all, not even close....").unwrap();
    let err = backup::restore(&mut store, &junk, &signpost::progress::Silent).unwrap_err();
    assert_eq!(err.code(), "bad_backup", "{err}");
}

#[test]
fn retention_deletes_records_older_than_the_period_and_keeps_newer_ones() {
    let (_dir, mut store) = common::store();
    settings::save(
        &mut store,
        &Settings {
            retention_months: Some(12),
            ..Settings::default()
        },
    )
    .unwrap();
    let mut old = common::new_session("Old");
    old.date = date(2023, 1, 10);
    let old = sessions::create(&mut store, &old).unwrap();
    let mut recent = common::new_session("Recent");
    recent.date = date(2025, 2, 1);
    let recent = sessions::create(&mut store, &recent).unwrap();
    attendance::sign_in_at(
        &mut store,
        old.id,
        &common::person("Only Old"),
        &common::start(&old),
    )
    .unwrap();
    attendance::sign_in_at(
        &mut store,
        recent.id,
        &common::person("Recent Rita"),
        &common::start(&recent),
    )
    .unwrap();

    // People are added at the moment they first signed in.
    let report =
        apply_retention(&mut store, "2025-06-01T00:00:00Z".parse().unwrap(), false).unwrap();
    assert_eq!((report.sessions, report.people), (1, 1));
    let ids: Vec<_> = sessions::list(&store)
        .unwrap()
        .into_iter()
        .map(|s| s.session.id)
        .collect();
    assert_eq!(ids, vec![recent.id]);
    // A clock years ahead would delete every record: held back, with
    // nothing deleted, until a person says the clock is right.
    let ahead: jiff::Timestamp = "2040-01-01T00:00:00Z".parse().unwrap();
    let held = apply_retention(&mut store, ahead, false).unwrap();
    assert!(held.held_back);
    assert_eq!((held.sessions, held.people, held.backups), (0, 0, 0));
    assert_eq!(sessions::list(&store).unwrap().len(), 1);
    let later = apply_retention(&mut store, ahead, true).unwrap();
    assert!(!later.held_back);
    assert_eq!((later.sessions, later.people), (1, 1));
    assert!(
        search::people(&store, &Default::default())
            .unwrap()
            .is_empty()
    );
    assert!(
        audit::list(&store, 10)
            .unwrap()
            .iter()
            .any(|e| e.action == audit::AuditAction::Retention)
    );
}

#[test]
fn without_a_retention_period_nothing_is_deleted() {
    let (_dir, mut store) = common::store();
    let mut old = common::new_session("Old");
    old.date = date(2000, 1, 1);
    sessions::create(&mut store, &old).unwrap();
    let report = apply_retention(&mut store, jiff::Timestamp::now(), false).unwrap();
    assert_eq!(report.cutoff, None);
    assert_eq!(sessions::list(&store).unwrap().len(), 1);
}

#[test]
fn starting_the_app_applies_retention_and_makes_one_backup_a_day() {
    let (dir, mut store) = common::store();
    common::session(&mut store);
    let now = jiff::Timestamp::now();
    let first = signpost::records::startup::on_start(&mut store, now).unwrap();
    assert!(first.backup.is_some());
    let second = signpost::records::startup::on_start(&mut store, now).unwrap();
    assert!(second.backup.is_none());
    assert_eq!(backup::list_backups(dir.path()).unwrap().len(), 1);
}

#[test]
fn a_damaged_backup_says_to_choose_another_not_to_restore_from_a_backup() {
    let (dir, _store) = common::store();
    let bad = dir.path().join("damaged-backup.sqlite3");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0x5Au8, 4096));
    std::fs::write(&bad, &bytes).unwrap();
    let err = backup::check_backup(&bad).unwrap_err().to_string();
    assert!(
        err.contains("is damaged") && err.contains("choose another backup"),
        "{err}"
    );
    assert!(!err.contains("restore it from a backup"), "{err}");
}

#[test]
fn an_erasure_at_the_office_reaches_the_laptop_through_its_erasure_list_and_stays() {
    use signpost::export::bundle::{self, ImportOptions};
    let (laptop_dir, mut laptop) = common::store();
    let s = common::session(&mut laptop);
    let start = common::start(&s);
    let erased = attendance::sign_in_at(&mut laptop, s.id, &common::person(SECRET), &start)
        .unwrap()
        .person;
    attendance::sign_in_at(&mut laptop, s.id, &common::person("Stays Here"), &start).unwrap();
    backup::backup_daily(&mut laptop, date(2025, 3, 4), 5).unwrap();

    // The office merges the laptop's records, then erases the person on
    // request, and someone who was only ever at the office.
    let (_office_dir, mut office) = common::store();
    let from_laptop = bundle::build(&laptop).unwrap();
    assert!(
        bundle::import_bundle(
            &mut office,
            &from_laptop,
            "laptop",
            &ImportOptions::import()
        )
        .unwrap()
        .imported
    );
    let only_office =
        attendance::sign_in_at(&mut office, s.id, &common::person("Office Only"), &start)
            .unwrap()
            .person;
    erase_person(&mut office, erased.id, &signpost::progress::Silent).unwrap();
    erase_person(&mut office, only_office.id, &signpost::progress::Silent).unwrap();

    // The erasure list names them by id only.
    let list = laptop_dir.path().join("erasures.json");
    let written = bundle::export_erasures(&mut office, &list).unwrap();
    assert_eq!(written.count, 2);
    let bytes = std::fs::read(&list).unwrap();
    assert!(!common::contains(&bytes, SECRET) && !common::contains(&bytes, "Office Only"));
    assert!(common::contains(&bytes, &erased.id.to_string()));
    let read = bundle::read_bundle(&list).unwrap();
    assert_eq!(read.erased.len(), 2);
    assert!(read.people.is_empty() && read.attendance.is_empty());

    // The laptop's check names whom it would erase; without agreement
    // nothing changes.
    let check = bundle::import_bundle_file(
        &mut laptop,
        &list,
        &ImportOptions::dry_run(),
        &signpost::progress::Silent,
    )
    .unwrap();
    assert_eq!(check.to_erase.len(), 1);
    assert_eq!(check.to_erase[0].name, SECRET);
    assert_eq!(check.erasures_noted, 1);
    let unagreed = bundle::import_bundle_file(
        &mut laptop,
        &list,
        &ImportOptions::import(),
        &signpost::progress::Silent,
    )
    .unwrap();
    assert!(!unagreed.imported && unagreed.erasures.is_empty());
    assert!(people::get(&laptop, erased.id).is_ok());

    let agreed = ImportOptions {
        erase: true,
        ..ImportOptions::import()
    };
    let done = bundle::import_bundle_file(&mut laptop, &list, &agreed, &signpost::progress::Silent)
        .unwrap();
    assert!(done.imported);
    assert_eq!(done.erasures.len(), 1);
    assert_eq!(done.erasures[0].backups_cleaned.len(), 1);
    assert!(people::get(&laptop, erased.id).is_err());
    let register = sessions::register(&laptop, s.id).unwrap();
    assert_eq!(register.entries.len(), 1, "Stays Here stays");
    drop(laptop);
    for file in common::files_under(laptop_dir.path()) {
        if file != list {
            let bytes = std::fs::read(&file).unwrap();
            assert!(
                !common::contains(&bytes, SECRET),
                "{} holds the name",
                file.display()
            );
        }
    }

    // The laptop's next bundle carries both erasures and neither person,
    // and brings no one back at the office.
    let mut laptop = Store::open_in(laptop_dir.path()).unwrap();
    let next = bundle::build(&laptop).unwrap();
    assert_eq!(next.erased.len(), 2);
    assert!(next.people.iter().all(|p| p.name == "Stays Here"));
    let at_office =
        bundle::import_bundle(&mut office, &next, "laptop again", &ImportOptions::import())
            .unwrap();
    assert!(at_office.imported && at_office.to_erase.is_empty());
    assert_eq!(at_office.erasures_noted, 0);
    // Importing the list again changes nothing.
    let again =
        bundle::import_bundle_file(&mut laptop, &list, &agreed, &signpost::progress::Silent)
            .unwrap();
    assert!(again.to_erase.is_empty() && again.erasures_noted == 0);
}

#[test]
fn a_person_erased_elsewhere_is_erased_here_whoever_they_were_merged_into() {
    use signpost::export::bundle::{self, Bundle, ImportOptions};
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let start = common::start(&s);
    let kept = attendance::sign_in_at(&mut store, s.id, &common::person(SECRET), &start)
        .unwrap()
        .person;
    let mut other = common::person("Zazolc Gesla");
    other.organisation = "Another laptop".into();
    let merged = attendance::sign_in_at(&mut store, s.id, &other, &start)
        .unwrap()
        .person;
    signpost::records::duplicates::merge(&mut store, kept.id, merged.id).unwrap();

    let mut list = bundle::build(&store).unwrap();
    list = Bundle {
        erased: vec![signpost::records::erase::Erased {
            id: merged.id,
            erased_at: jiff::Timestamp::now(),
        }],
        people: Vec::new(),
        sessions: Vec::new(),
        attendance: Vec::new(),
        ..list
    };
    let agreed = ImportOptions {
        erase: true,
        ..ImportOptions::import()
    };
    let report = bundle::import_bundle(&mut store, &list, "office", &agreed).unwrap();
    assert_eq!(report.to_erase.len(), 1);
    assert_eq!(report.to_erase[0].id, kept.id);
    assert!(people::get(&store, kept.id).is_err());
}
