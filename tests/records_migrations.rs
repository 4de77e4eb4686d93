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
