//! The `signpost` command line as a person meets it first: help, version,
//! and opening the records database (created, reported, or refused cleanly).

use assert_cmd::Command;

fn signpost() -> Command {
    Command::cargo_bin("signpost").expect("the signpost binary is built")
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn version_prints_the_package_version() {
    let output = signpost().arg("--version").output().expect("runs");
    assert!(output.status.success());
    assert_eq!(
        stdout_of(&output).trim(),
        format!("signpost {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_lists_the_commands() {
    let output = signpost().arg("--help").output().expect("runs");
    assert!(output.status.success());
    let help = stdout_of(&output);
    assert!(help.contains("check"), "{help}");
    assert!(help.contains("--data-dir"), "{help}");
}

#[test]
fn the_database_is_created_in_the_data_folder_at_the_current_schema() {
    let data = tempfile::tempdir().expect("temp dir");
    let output = signpost()
        .args(["database", "--data-dir"])
        .arg(data.path())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(data.path().join("signpost.sqlite3").exists());
    assert!(stdout_of(&output).contains(&format!(
        "schema version {}",
        signpost::records::SCHEMA_VERSION
    )));
}

#[test]
fn the_data_folder_can_come_from_the_environment() {
    let data = tempfile::tempdir().expect("temp dir");
    let output = signpost()
        .arg("database")
        .env("SIGNPOST_DATA_DIR", data.path())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(data.path().join("signpost.sqlite3").exists());
}

#[test]
fn a_database_from_a_newer_signpost_is_refused_and_left_untouched() {
    let data = tempfile::tempdir().expect("temp dir");
    let db = data.path().join("signpost.sqlite3");
    rusqlite::Connection::open(&db)
        .and_then(|conn| conn.pragma_update(None, "user_version", 999))
        .expect("make a newer database");
    let before = std::fs::read(&db).expect("read");
    let output = signpost()
        .args(["database", "--data-dir"])
        .arg(data.path())
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(stderr_of(&output).contains("newer version of Signpost"));
    assert_eq!(std::fs::read(&db).expect("read"), before);
}

#[test]
fn a_damaged_database_is_refused_and_left_untouched() {
    let data = tempfile::tempdir().expect("temp dir");
    let db = data.path().join("signpost.sqlite3");
    let garbage = b"this is not a database, it is a shopping list".repeat(100);
    std::fs::write(&db, &garbage).expect("write");
    let output = signpost()
        .args(["database", "--data-dir"])
        .arg(data.path())
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("damaged"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(std::fs::read(&db).expect("read"), garbage);
}

#[test]
fn a_data_folder_that_cannot_be_made_is_a_clear_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let in_the_way = dir.path().join("records");
    std::fs::write(&in_the_way, b"a file, not a folder").expect("write");
    let output = signpost()
        .args(["database", "--data-dir"])
        .arg(in_the_way.join("signpost"))
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = stderr_of(&output);
    assert!(stderr.contains("cannot be created or written"), "{stderr}");
    assert_eq!(
        std::fs::read(&in_the_way).expect("read"),
        b"a file, not a folder"
    );
}
