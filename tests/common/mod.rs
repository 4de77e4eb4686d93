//! Helpers shared by the records and export tests: a fresh store in a
//! temporary folder, a session, the names in many scripts that every
//! round-trip test uses, looking for a name in every file on disk,
//! running the `signpost` command line, and a database file made to look
//! as an older Signpost left it.
#![allow(dead_code)]

use jiff::civil::{date, time};
use signpost::records::Store;
use signpost::records::people::PersonDetails;
use signpost::records::sessions::{self, NewSession, TrainingSession};

pub const NAMES: [&str; 5] = [
    "مريم الحسيني",
    "王小明",
    "Ольга Петрова",
    "Zażółć Gęślą",
    "Sam 🌟",
];

pub fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    (dir, store)
}

/// The course title the test sessions and records name.
pub const COURSE_TITLE: &str = "Basic Modern Slavery Awareness Training";

pub fn new_session(title: &str) -> NewSession {
    NewSession {
        title: title.into(),
        course_title: COURSE_TITLE.into(),
        course_version: "1.0".into(),
        date: date(2025, 3, 4),
        start_time: time(9, 30, 0, 0),
        end_time: None,
        location: "Room 1".into(),
        trainer: "Tess Trainer".into(),
    }
}

/// When a session starts, as a moment (UTC), for signing people in at it.
pub fn start(session: &TrainingSession) -> jiff::Zoned {
    session
        .date
        .to_datetime(session.start_time)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
}

pub fn session(store: &mut Store) -> TrainingSession {
    sessions::create(store, &new_session("Morning session")).unwrap()
}

pub fn person(name: &str) -> PersonDetails {
    PersonDetails {
        name: name.into(),
        organisation: "Herts Council".into(),
        team: String::new(),
        job_role: "Caseworker".into(),
        email: None,
    }
}

/// Whether `needle` is anywhere in `haystack`'s bytes.
pub fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file under `dir`, in any subfolder.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Runs a command to the end: whether it succeeded, and everything it
/// printed (standard output, then standard error).
pub fn run(cmd: &mut std::process::Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Makes the database file at `path` look as Signpost version `version`
/// left it, by undoing each later migration (newest first). Migrations
/// that only add tables, columns or indexes are undone here; tests of a
/// migration start from the version before it.
pub fn as_version(path: &std::path::Path, version: u32) {
    const UNDO: &[(u32, &str)] = &[
        (
            12,
            "ALTER TABLE lrs_acknowledged DROP COLUMN record;
             ALTER TABLE lrs_acknowledged DROP COLUMN person_id;
             ALTER TABLE lrs_acknowledged DROP COLUMN digest;
             ALTER TABLE lrs_acknowledged DROP COLUMN voided_at;",
        ),
        (11, "DROP TABLE erased_people;"),
        (10, "DROP INDEX attendance_session_status;"),
        (9, "ALTER TABLE module_progress DROP COLUMN course_title;"),
    ];
    assert!(
        version >= 8,
        "undoing migrations before 9 is not written yet"
    );
    let conn = rusqlite::Connection::open(path).unwrap();
    for (migration, undo) in UNDO {
        if *migration > version {
            conn.execute_batch(undo).unwrap();
        }
    }
    conn.pragma_update(None, "user_version", version).unwrap();
}
