//! Nothing is lost when the app is killed: a writer signing people in is
//! killed with SIGKILL mid-stream, and every sign-in it reported as done is
//! still in a database that passes SQLite's own check.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn writer_binary() -> PathBuf {
    // target/debug/deps/records_crash-… → target/debug/examples/attendance_writer
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    let binary = dir
        .join("examples")
        .join(format!("attendance_writer{}", std::env::consts::EXE_SUFFIX));
    if !binary.exists() {
        // `cargo test` builds examples; `cargo test --test records_crash` does not.
        let status = Command::new(env!("CARGO"))
            .args(["build", "-p", "signpost", "--example", "attendance_writer"])
            .status()
            .unwrap();
        assert!(status.success());
    }
    binary
}

#[test]
fn every_sign_in_reported_before_a_sigkill_survives_in_a_sound_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(writer_binary())
        .arg(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the attendance_writer example is built by cargo test");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    let started = Instant::now();
    while printed.len() < 200 && started.elapsed() < Duration::from_secs(60) {
        match lines.next() {
            Some(Ok(line)) => printed.push(line),
            _ => break,
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    // Anything printed after our last read was committed too.
    printed.extend(lines.map_while(Result::ok));
    assert!(
        printed.len() >= 200,
        "the writer printed only {} ids",
        printed.len()
    );

    let db = dir.path().join("signpost.sqlite3");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    let _store = signpost::records::Store::open(&db).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    for id in &printed {
        let found: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM attendance WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            found,
            "attendance {id} was reported committed but is missing"
        );
    }
}
