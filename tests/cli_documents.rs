//! The document commands of `signpost`, run as a person would: issue a
//! certificate, check it, trust another organisation's key, print a
//! register and the handbook. Each says what it wrote.

use assert_cmd::Command;

fn signpost(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("signpost").unwrap();
    cmd.arg("--data-dir")
        .arg(dir)
        .env_remove("SIGNPOST_DATA_DIR")
        .env_remove("SIGNPOST_COURSE_DIR");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn failing(cmd: &mut Command) -> String {
    let out = cmd.assert().failure().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// A session with one person present, in a fresh data folder.
fn session_with_attendee(data: &std::path::Path) -> String {
    let id = stdout(signpost(data).args([
        "session",
        "create",
        "--title",
        "Front desk",
        "--date",
        "2026-03-04",
        "--trainer",
        "Tess",
    ]))
    .trim()
    .to_string();
    let roster = data.with_file_name("roster.csv");
    std::fs::write(&roster, "Name\nΓιώργος Παπαδόπουλος\n").unwrap();
    stdout(
        signpost(data)
            .args(["import", "roster"])
            .arg(&roster)
            .args(["--session", &id, "--yes"]),
    );
    id
}

#[test]
fn a_trainer_issues_a_sessions_certificates_and_anyone_can_verify_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let session = session_with_attendee(&data);
    // Nobody is present yet.
    let out = dir.path().join("certs");
    signpost(&data)
        .args(["certificate", "--session", &session, "-o"])
        .arg(&out)
        .assert()
        .failure();
    let store = signpost::records::Store::open_in(&data).unwrap();
    let register = signpost::records::sessions::register(&store, session.parse().unwrap()).unwrap();
    let person = register.entries[0].person.id;
    drop(store);
    let mut store = signpost::records::Store::open_in(&data).unwrap();
    signpost::records::attendance::set_status(
        &mut store,
        session.parse().unwrap(),
        person,
        signpost::records::status::AttendanceStatus::Present,
        None,
    )
    .unwrap();
    drop(store);

    let printed = stdout(
        signpost(&data)
            .args(["certificate", "--session", &session, "-o"])
            .arg(&out),
    );
    assert!(printed.contains("Γιώργος Παπαδόπουλος"), "{printed}");
    let file = printed
        .lines()
        .find_map(|l| l.strip_prefix("wrote "))
        .expect("it says what it wrote")
        .to_string();
    assert!(std::path::Path::new(&file).is_file());

    let verdict = stdout(signpost(&data).args(["verify", &file]));
    assert!(verdict.starts_with("GENUINE"), "{verdict}");
    assert!(
        verdict.contains("Γιώργος Παπαδόπουλος attended a session of"),
        "{verdict}"
    );

    let made_up = failing(signpost(&data).args(["verify", "SP1-AAAA BBBB CCCC"]));
    assert!(made_up.contains("NOT"), "{made_up}");

    // Another organisation's Signpost cannot confirm it until it imports
    // the key.
    let other = dir.path().join("other");
    let unknown = failing(signpost(&other).args(["verify", &file]));
    assert!(unknown.starts_with("CANNOT CONFIRM"), "{unknown}");
    let key = dir.path().join("key.txt");
    let exported = stdout(signpost(&data).args(["key", "export", "-o"]).arg(&key));
    assert!(exported.contains("wrote"), "{exported}");
    let imported = stdout(signpost(&other).args(["key", "import"]).arg(&key));
    assert!(imported.contains("imported"), "{imported}");
    let now_known = stdout(signpost(&other).args(["verify", &file]));
    assert!(now_known.starts_with("GENUINE"), "{now_known}");
}

#[test]
fn the_handbook_and_register_commands_say_what_they_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let session = session_with_attendee(&data);
    let handbook = dir.path().join("handbook.pdf");
    let said = stdout(
        signpost(&data)
            .args([
                "--course",
                "modules",
                "handbook",
                "--edition",
                "trainer",
                "-o",
            ])
            .arg(&handbook),
    );
    assert!(said.contains(" pages, trainer edition"), "{said}");
    assert!(handbook.is_file());
    let sheet = dir.path().join("sheet.pdf");
    let said = stdout(
        signpost(&data)
            .args(["register", "--session", &session, "--blank", "-o"])
            .arg(&sheet),
    );
    assert!(
        said.contains("1 on the register") && sheet.is_file(),
        "{said}"
    );
}
