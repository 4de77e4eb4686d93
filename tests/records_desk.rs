//! The records desk's promises (issue 15): an export goes only where the
//! person chose, in the format its name says, whole or not at all, and can be
//! stopped; an erasure cleans every SQLite file in the data folder whatever
//! its name or folder, and names the files written elsewhere before it;
//! retention prunes backups of every kind; a session records the loaded
//! course, not what a window sent.

mod common;

use std::path::{Path, PathBuf};

use signpost::export::{self, DateRange, ExportError};
use signpost::progress::{Progress, Silent};
use signpost::records::audit::{self, AuditAction};
use signpost::records::erase::erase_person;
use signpost::records::retention::apply_retention;
use signpost::records::settings::{self, Settings};
use signpost::records::{RecordsError, Store, attendance, backup, sessions};

const SECRET: &str = "Zażółć Gęślą-Erasable";

fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A store with one session and two people signed in, one of them `SECRET`.
fn filled() -> (tempfile::TempDir, Store, uuid::Uuid) {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    let start = common::start(&s);
    let secret = attendance::sign_in_at(&mut store, s.id, &common::person(SECRET), &start)
        .unwrap()
        .person;
    attendance::sign_in_at(&mut store, s.id, &common::person("Stays Here"), &start).unwrap();
    (dir, store, secret.id)
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
}

fn refused(result: Result<export::ExportSummary, ExportError>) -> String {
    match result {
        Err(err @ ExportError::Destination { .. }) => err.to_string(),
        other => panic!("expected the destination to be refused, got {other:?}"),
    }
}

#[test]
fn an_export_is_refused_a_relative_path_a_folder_a_missing_folder_or_another_format_s_name() {
    let (dir, mut store, _) = filled();
    let out = tempfile::tempdir().unwrap();
    let csv = |store: &mut Store, path: &Path| {
        export::csv::export_attendance(store, DateRange::default(), path, &Silent)
    };
    assert!(refused(csv(&mut store, Path::new("attendance.csv"))).contains("not a full path"));
    assert!(refused(csv(&mut store, out.path())).contains("does not end in .csv"));
    let folder = out.path().join("looks-like.csv");
    std::fs::create_dir(&folder).unwrap();
    assert!(refused(csv(&mut store, &folder)).contains("is a folder"));
    let missing = out.path().join("no-such-folder/attendance.csv");
    assert!(refused(csv(&mut store, &missing)).contains("folder that does not exist"));
    assert!(!missing.parent().unwrap().exists(), "no folder is made");
    let excel_named_csv = export::xlsx::export_attendance(
        &mut store,
        DateRange::default(),
        &out.path().join("attendance.csv"),
        &Silent,
    );
    assert!(refused(excel_named_csv).contains("does not end in .xlsx"));
    assert_eq!(
        files_in(out.path()),
        vec![folder],
        "nothing else was written"
    );
    drop(dir);
}

/// Progress that asks the work to stop after `after` rows.
struct StopAfter {
    after: u64,
    seen: std::sync::atomic::AtomicU64,
}

impl Progress for StopAfter {
    fn step(&self, done: u64, _total: u64) {
        self.seen.store(done, std::sync::atomic::Ordering::Relaxed);
    }
    fn cancelled(&self) -> bool {
        self.seen.load(std::sync::atomic::Ordering::Relaxed) >= self.after
    }
}

#[test]
fn a_cancelled_export_leaves_no_file_no_partial_file_and_no_audit_line() {
    let (_dir, mut store, _) = filled();
    let out = tempfile::tempdir().unwrap();
    let before = audit::list(&store, 100).unwrap().len();
    for (format, path) in [("csv", "a.csv"), ("xlsx", "a.xlsx"), ("xapi", "a.json")] {
        let stop = StopAfter {
            after: 1,
            seen: Default::default(),
        };
        let path = out.path().join(path);
        let result = match format {
            "csv" => export::csv::export_attendance(&mut store, DateRange::default(), &path, &stop),
            "xlsx" => {
                export::xlsx::export_attendance(&mut store, DateRange::default(), &path, &stop)
            }
            _ => export::xapi::export_statements(&mut store, DateRange::default(), &path, &stop),
        };
        assert!(
            matches!(result, Err(ExportError::Records(RecordsError::Cancelled))),
            "{format}: {result:?}"
        );
    }
    assert!(
        files_in(out.path()).is_empty(),
        "{:?}",
        files_in(out.path())
    );
    assert_eq!(audit::list(&store, 100).unwrap().len(), before);
}

/// Progress that keeps the last step it was told.
#[derive(Default)]
struct Last(std::sync::Mutex<(u64, u64)>);

impl Progress for Last {
    fn step(&self, done: u64, total: u64) {
        *self.0.lock().unwrap() = (done, total);
    }
}

impl Last {
    fn finished(&self) -> bool {
        let (done, total) = *self.0.lock().unwrap();
        total > 0 && done == total
    }
}

#[test]
fn an_export_counts_its_rows_to_the_progress_it_is_given() {
    let (_dir, mut store, _) = filled();
    let out = tempfile::tempdir().unwrap();
    let last = Last::default();
    let summary = export::csv::export_attendance(
        &mut store,
        DateRange::default(),
        &out.path().join("a.csv"),
        &last,
    )
    .unwrap();
    assert_eq!(summary.count, 2);
    assert_eq!(*last.0.lock().unwrap(), (2, 2));
}

#[test]
fn every_sqlite_file_in_the_data_folder_is_cleaned_whatever_its_name_or_folder() {
    let (dir, mut store, secret) = filled();
    let backups = dir.path().join("backups");
    backup::backup_to(&mut store, &backups.join("MANUAL5.SQLITE3"), &Silent).unwrap();
    backup::backup_to(&mut store, &backups.join("copy.db"), &Silent).unwrap();
    backup::backup_to(&mut store, &backups.join("old/kept.sqlite3"), &Silent).unwrap();
    backup::backup_to(&mut store, &dir.path().join("stray-copy"), &Silent).unwrap();

    let report = erase_person(&mut store, secret, &Silent).unwrap();
    let cleaned: Vec<String> = report
        .backups_cleaned
        .iter()
        .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    assert_eq!(
        cleaned,
        [
            "backups/MANUAL5.SQLITE3",
            "backups/copy.db",
            "backups/old/kept.sqlite3",
            "stray-copy"
        ]
    );
    for path in &report.backups_cleaned {
        assert!(
            !contains(&std::fs::read(path).unwrap(), SECRET),
            "{}",
            path.display()
        );
    }
}

#[test]
fn an_erasure_lists_the_files_written_elsewhere_before_it_and_whether_each_is_still_there() {
    let (dir, mut store, secret) = filled();
    let elsewhere = tempfile::tempdir().unwrap();
    let kept = elsewhere.path().join("attendance.csv");
    let gone = elsewhere.path().join("attendance.xlsx");
    let usb = elsewhere.path().join("usb.sqlite3");
    export::csv::export_attendance(&mut store, DateRange::default(), &kept, &Silent).unwrap();
    export::xlsx::export_attendance(&mut store, DateRange::default(), &gone, &Silent).unwrap();
    backup::backup_to(&mut store, &usb, &Silent).unwrap();
    backup::backup_now(&mut store, jiff::Timestamp::now(), &Silent).unwrap();
    std::fs::remove_file(&gone).unwrap();

    let report = erase_person(&mut store, secret, &Silent).unwrap();
    let listed: Vec<(PathBuf, bool)> = report
        .written_before
        .iter()
        .map(|f| (f.path.clone(), f.exists))
        .collect();
    assert!(listed.contains(&(kept.clone(), true)), "{listed:?}");
    assert!(listed.contains(&(gone.clone(), false)), "{listed:?}");
    assert!(listed.contains(&(usb.clone(), true)), "{listed:?}");
    assert!(
        listed.iter().all(|(path, _)| !path.starts_with(dir.path())),
        "backups inside the data folder were cleaned, not listed: {listed:?}"
    );
    assert!(
        contains(&std::fs::read(&kept).unwrap(), SECRET),
        "files elsewhere are named, never changed"
    );
}

#[test]
fn only_files_signpost_wrote_can_be_opened_from_the_window() {
    let (_dir, mut store, _) = filled();
    let out = tempfile::tempdir().unwrap();
    let written = out.path().join("a.csv");
    export::csv::export_attendance(&mut store, DateRange::default(), &written, &Silent).unwrap();
    assert_eq!(audit::written(&store, &written).unwrap(), written);
    let err = audit::written(&store, Path::new("/etc/passwd")).unwrap_err();
    assert!(err.to_string().contains("was not written by Signpost"));
    let log = audit::list(&store, 10).unwrap();
    assert_eq!(log[0].action, AuditAction::Export);
}

#[test]
fn retention_removes_backups_of_every_kind_made_before_its_cut_off() {
    let (dir, mut store, _) = filled();
    settings::save(
        &mut store,
        &Settings {
            retention_months: Some(12),
            ..Settings::default()
        },
    )
    .unwrap();
    let backups = dir.path().join("backups");
    let made_now = backup::backup_now(&mut store, jiff::Timestamp::now(), &Silent).unwrap();
    let old_manual = backups.join("signpost-manual-20200101T000000.000Z.sqlite3");
    let old_other = backups.join("copied-in.sqlite3");
    for old in [&old_manual, &old_other] {
        std::fs::copy(&made_now, old).unwrap();
        let file = std::fs::File::options().write(true).open(old).unwrap();
        let long_ago = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1);
        file.set_modified(long_ago).unwrap();
    }
    // Every record here is older than the period: applied as a person
    // confirms it (at start-up it would be held back, see retention.rs).
    let report = apply_retention(&mut store, jiff::Timestamp::now(), true).unwrap();
    assert_eq!(report.backups, 2);
    assert!(!old_manual.exists() && !old_other.exists());
    assert!(made_now.exists(), "a backup inside the period stays");
}

#[test]
fn a_session_records_the_loaded_course_whatever_the_form_said() {
    let (_dir, mut store) = common::store();
    let course = signpost::course::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course/good"),
    )
    .unwrap();
    let mut form = common::new_session("Morning");
    form.course_title = "Something else".into();
    form.course_version = String::new();
    let made = sessions::create_for_course(&mut store, &course, &form).unwrap();
    assert_eq!(made.course_title, course.title);
    assert_eq!(made.course_version, course.version);
}

#[test]
fn backing_up_restoring_and_erasing_count_their_work_to_the_end() {
    let (dir, mut store, secret) = filled();
    let last = Last::default();
    let made = backup::backup_now(&mut store, jiff::Timestamp::now(), &last).unwrap();
    assert!(last.finished(), "backup: {:?}", last.0.lock().unwrap());

    let last = Last::default();
    backup::restore(&mut store, &made, &last).unwrap();
    assert!(last.finished(), "restore: {:?}", last.0.lock().unwrap());

    // The database, then the two backups (the one made, and the one the
    // restore saved aside).
    let last = Last::default();
    erase_person(&mut store, secret, &last).unwrap();
    assert_eq!(*last.0.lock().unwrap(), (3, 3));
    drop(dir);
}

#[test]
fn a_cancelled_backup_leaves_no_file_and_a_cancelled_restore_changes_nothing() {
    let (dir, mut store, _) = filled();
    let stop = || StopAfter {
        after: 0,
        seen: Default::default(),
    };
    let dest = dir.path().join("kept elsewhere").join("copy.sqlite3");
    let result = backup::backup_to(&mut store, &dest, &stop());
    assert!(matches!(result, Err(RecordsError::Cancelled)), "{result:?}");
    assert!(files_in(&dir.path().join("kept elsewhere")).is_empty());

    let snapshot = backup::backup_now(&mut store, jiff::Timestamp::now(), &Silent).unwrap();
    let after = sessions::create(&mut store, &common::new_session("After the backup")).unwrap();
    let result = backup::restore(&mut store, &snapshot, &stop());
    assert!(matches!(result, Err(RecordsError::Cancelled)), "{result:?}");
    assert!(
        sessions::list(&store)
            .unwrap()
            .iter()
            .any(|s| s.session.id == after.id),
        "the session made after the backup is still here"
    );

    // Cancelled once the backup's copy is ready, as it is being put in:
    // the current database saved and the copy made (each a part of about
    // a third), so past half of the pages.
    #[derive(Default)]
    struct PastHalf(std::sync::Mutex<(u64, u64)>);
    impl Progress for PastHalf {
        fn step(&self, done: u64, total: u64) {
            *self.0.lock().unwrap() = (done, total);
        }
        fn cancelled(&self) -> bool {
            let (done, total) = *self.0.lock().unwrap();
            total > 0 && done * 2 > total
        }
    }
    let past_half = PastHalf::default();
    let result = backup::restore(&mut store, &snapshot, &past_half);
    assert!(matches!(result, Err(RecordsError::Cancelled)), "{result:?}");
    let (done, total) = *past_half.0.lock().unwrap();
    assert!(
        done < total,
        "stopped before the last page: {done} of {total}"
    );
    assert!(sessions::get(&store, after.id).is_ok());
    assert!(
        !dir.path().join("signpost.sqlite3.restoring").exists(),
        "the copy made ready is not left behind"
    );
}

#[test]
fn a_file_left_unfinished_by_a_killed_export_is_removed_at_the_next_start() {
    let (dir, mut store, _) = filled();
    let out = tempfile::tempdir().unwrap();
    let temp = out.path().join("attendance.csv.partial");
    std::fs::write(&temp, "Name\nSecret Person\n").unwrap();
    // What a program killed mid-write leaves: the note and the file.
    std::mem::forget(signpost::files::Pending::note(dir.path(), &temp));
    let kept = out.path().join("kept.csv");
    std::fs::write(&kept, "not Signpost's to remove").unwrap();

    let report = signpost::records::startup::on_start(&mut store, jiff::Timestamp::now()).unwrap();
    assert_eq!(report.abandoned_writes, vec![temp.clone()]);
    assert!(!temp.exists(), "the unfinished file is gone");
    assert!(kept.exists());
    let again = signpost::records::startup::on_start(&mut store, jiff::Timestamp::now()).unwrap();
    assert!(again.abandoned_writes.is_empty(), "the note went with it");
}

#[test]
fn a_finished_or_failed_export_leaves_no_note_behind() {
    let (dir, mut store, _) = filled();
    let out = tempfile::tempdir().unwrap();
    export::csv::export_attendance(
        &mut store,
        DateRange::default(),
        &out.path().join("a.csv"),
        &Silent,
    )
    .unwrap();
    let failed = export::csv::export_attendance(
        &mut store,
        DateRange::default(),
        &out.path().join("missing folder").join("a.csv"),
        &Silent,
    );
    assert!(failed.is_err());
    assert!(files_in(&dir.path().join("pending-writes")).is_empty());
}
