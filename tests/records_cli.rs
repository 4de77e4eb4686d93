//! The records commands of `signpost`, run as a person would from a
//! terminal, against a data folder given with --data-dir.

use assert_cmd::Command;

fn signpost(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("signpost").unwrap();
    cmd.arg("--data-dir")
        .arg(dir)
        .env_remove("SIGNPOST_DATA_DIR");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_trainer_can_run_a_session_from_the_command_line_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = stdout(signpost(&data).args([
        "session",
        "create",
        "--title",
        "Front desk",
        "--date",
        "2025-03-04",
        "--trainer",
        "Tess",
        "--location",
        "Hall",
    ]))
    .trim()
    .to_string();
    uuid::Uuid::parse_str(&id).unwrap();
    assert!(stdout(signpost(&data).args(["session", "list"])).contains("Front desk"));

    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "Name;Email\nОльга Петрова;olga@example.org\nSam 🌟;\n",
    )
    .unwrap();
    let preview = stdout(
        signpost(&data)
            .args(["import", "roster"])
            .arg(&roster)
            .args(["--session", &id]),
    );
    assert!(preview.contains("Ольга Петрова") && preview.contains("--yes"));
    assert!(
        preview.contains("column \"Email\" -> email"),
        "columns are named as --map takes them: {preview}"
    );
    assert!(
        stdout(signpost(&data).args(["session", "list"])).contains("0 on register"),
        "a preview imports nothing"
    );
    stdout(
        signpost(&data)
            .args(["import", "roster"])
            .arg(&roster)
            .args(["--session", &id, "--yes"]),
    );
    assert!(stdout(signpost(&data).args(["session", "list"])).contains("2 on register"));

    stdout(signpost(&data).args(["session", "close", &id]));
    let csv = dir.path().join("a.csv");
    stdout(
        signpost(&data)
            .args(["export", "attendance", "--format", "csv", "-o"])
            .arg(&csv),
    );
    assert!(std::fs::read_to_string(&csv).unwrap().contains("Sam 🌟"));
    for (format, extension) in [("xlsx", "xlsx"), ("xapi", "json")] {
        let out = dir.path().join(format!("a.{extension}"));
        stdout(
            signpost(&data)
                .args([
                    "export",
                    "attendance",
                    "--format",
                    format,
                    "--from",
                    "2025-01-01",
                    "--to",
                    "2025-12-31",
                    "-o",
                ])
                .arg(&out),
        );
        assert!(out.exists());
    }
    let bundle = dir.path().join("b.json");
    stdout(
        signpost(&data)
            .args(["export", "bundle", "-o"])
            .arg(&bundle),
    );
    let other = dir.path().join("other");
    assert!(
        stdout(
            signpost(&other)
                .args(["import", "bundle"])
                .arg(&bundle)
                .arg("--dry-run")
        )
        .contains("would add")
    );
    assert!(stdout(signpost(&other).args(["import", "bundle"]).arg(&bundle)).contains("added"));
    assert!(
        stdout(signpost(&other).args(["import", "bundle"]).arg(&bundle))
            .contains("added 0 records")
    );
    let backup = dir.path().join("copy.sqlite3");
    stdout(signpost(&data).args(["backup", "-o"]).arg(&backup));
    assert!(backup.exists());
}

#[test]
fn a_roster_with_a_bad_row_fails_and_names_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let id = stdout(signpost(dir.path()).args([
        "session",
        "create",
        "--title",
        "T",
        "--date",
        "2025-03-04",
        "--trainer",
        "Tess",
    ]))
    .trim()
    .to_string();
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "Name,Email\nGood,good@example.org\n,x@example.org\n",
    )
    .unwrap();
    let out = signpost(dir.path())
        .args(["import", "roster"])
        .arg(&roster)
        .args(["--session", &id, "--yes"])
        .assert()
        .failure();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("row 3"), "{stderr}");
    assert!(stdout(signpost(dir.path()).args(["session", "list"])).contains("0 on register"));
}

#[test]
fn erase_without_yes_only_says_what_it_would_do() {
    let dir = tempfile::tempdir().unwrap();
    let person = {
        let mut store = signpost::records::Store::open_in(dir.path()).unwrap();
        signpost::records::people::add(
            &mut store,
            &signpost::records::people::PersonDetails {
                name: "Erase Me".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id
    };
    let said = stdout(signpost(dir.path()).args(["erase", "--person", &person.to_string()]));
    assert!(said.contains("would erase"));
    stdout(signpost(dir.path()).args(["erase", "--person", &person.to_string(), "--yes"]));
    let store = signpost::records::Store::open_in(dir.path()).unwrap();
    assert!(signpost::records::people::get(&store, person).is_err());
}

#[test]
fn an_erasure_list_from_the_office_erases_the_person_on_a_laptop_only_with_erase() {
    let dir = tempfile::tempdir().unwrap();
    let (office, laptop) = (dir.path().join("office"), dir.path().join("laptop"));
    let add = |data: &std::path::Path| {
        let mut store = signpost::records::Store::open_in(data).unwrap();
        let person = signpost::records::people::add(
            &mut store,
            &signpost::records::people::PersonDetails {
                name: "Ольга Петрова".into(),
                ..Default::default()
            },
        )
        .unwrap();
        person.id
    };
    let person = add(&laptop);
    let bundle = dir.path().join("laptop.json");
    stdout(
        signpost(&laptop)
            .args(["export", "bundle", "-o"])
            .arg(&bundle),
    );
    stdout(signpost(&office).args(["import", "bundle"]).arg(&bundle));
    stdout(signpost(&office).args(["erase", "--person", &person.to_string(), "--yes"]));
    let list = dir.path().join("erasures.json");
    let said = stdout(
        signpost(&office)
            .args(["export", "erasures", "-o"])
            .arg(&list),
    );
    assert!(said.contains("(1 erasures)"), "{said}");

    let refused = signpost(&laptop)
        .args(["import", "bundle"])
        .arg(&list)
        .assert()
        .failure()
        .get_output()
        .stdout
        .clone();
    let refused = String::from_utf8(refused).unwrap();
    assert!(
        refused.contains("importing it erases them here too"),
        "{refused}"
    );
    assert!(refused.contains("run again with --erase"), "{refused}");
    let store = signpost::records::Store::open_in(&laptop).unwrap();
    assert!(signpost::records::people::get(&store, person).is_ok());
    drop(store);

    let done = stdout(
        signpost(&laptop)
            .args(["import", "bundle", "--erase"])
            .arg(&list),
    );
    assert!(done.contains("erased Ольга Петрова"), "{done}");
    let store = signpost::records::Store::open_in(&laptop).unwrap();
    assert!(signpost::records::people::get(&store, person).is_err());
}

#[test]
fn restore_puts_a_backup_back_over_a_working_or_a_damaged_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let session = |title: &str| {
        stdout(signpost(&data).args([
            "session",
            "create",
            "--title",
            title,
            "--date",
            "2026-03-04",
            "--trainer",
            "Tess",
        ]))
    };
    let list = || stdout(signpost(&data).args(["session", "list"]));
    session("Before the backup");
    let snapshot = dir.path().join("usb").join("records.sqlite3");
    stdout(signpost(&data).args(["backup", "-o"]).arg(&snapshot));
    session("After the backup");

    let said = stdout(signpost(&data).arg("restore").arg(&snapshot));
    assert!(
        said.contains("would replace") && said.contains("--yes"),
        "{said}"
    );
    assert!(
        list().contains("After the backup"),
        "without --yes nothing changes"
    );

    let said = stdout(signpost(&data).arg("restore").arg(&snapshot).arg("--yes"));
    assert!(said.contains("kept as"), "{said}");
    assert!(list().contains("Before the backup") && !list().contains("After the backup"));

    // A damaged database: named, left alone without --yes, moved aside with it.
    let db = data.join("signpost.sqlite3");
    let _ = std::fs::remove_file(data.join("signpost.sqlite3-wal"));
    let mut damaged = b"SQLite format 3\0".to_vec();
    damaged.extend(std::iter::repeat_n(0x5Au8, 4096));
    std::fs::write(&db, &damaged).unwrap();
    let said = stdout(signpost(&data).arg("restore").arg(&snapshot));
    assert!(said.contains("is damaged"), "{said}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        damaged,
        "untouched without --yes"
    );
    stdout(signpost(&data).arg("restore").arg(&snapshot).arg("--yes"));
    assert!(list().contains("Before the backup"));
    let aside: Vec<_> = std::fs::read_dir(data.join("damaged")).unwrap().collect();
    assert!(!aside.is_empty(), "the damaged file is kept in damaged/");

    // Something that is not a Signpost database is refused, naming the file.
    let not_a_backup = dir.path().join("notes.sqlite3");
    std::fs::write(&not_a_backup, "shopping list").unwrap();
    let out = signpost(&data)
        .arg("restore")
        .arg(&not_a_backup)
        .arg("--yes")
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    assert!(
        stderr.contains("notes.sqlite3") && stderr.contains("cannot be used"),
        "{stderr}"
    );
    assert!(list().contains("Before the backup"));
}

#[test]
fn a_forgotten_staff_passphrase_is_removed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = signpost::records::Store::open_in(dir.path()).unwrap();
        signpost::records::staff_lock::change(&mut store, "", Some("nobody remembers this"))
            .unwrap();
    }
    let said = stdout(signpost(dir.path()).arg("remove-passphrase"));
    assert!(said.contains("removed the staff passphrase"), "{said}");
    let store = signpost::records::Store::open_in(dir.path()).unwrap();
    assert!(!signpost::records::staff_lock::is_set(&store).unwrap());
    let again = stdout(signpost(dir.path()).arg("remove-passphrase"));
    assert!(again.contains("no staff passphrase was set"), "{again}");
}
