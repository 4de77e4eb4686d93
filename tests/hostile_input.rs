//! Every door checks what comes in (issue 17): bad, hostile and extreme
//! input through the library and the command line, one fixture folder per
//! case under tests/fixtures/hostile/ (large inputs are made here, never
//! committed). Each case says what a record keeper would otherwise end up
//! with, and checks that nothing was imported or changed when the input is
//! refused. Cases that held before the issue (truncated bundles, deep JSON,
//! formula payloads, binary rosters, kill -9) are kept here so they go on
//! holding.

mod common;

use common::run;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use signpost::export::ExportError;
use signpost::export::bundle::{self, BundleReport, ImportOptions};
use signpost::export::roster::{self, ColumnMapping, RosterPreview};
use signpost::progress::Silent;
use signpost::records::{Store, search, sessions};

fn case(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// A copy of a fixture folder to change (links and pipes are made in the
/// copy, so the repository holds only plain files).
fn copy_case(name: &str) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&case(name), dir.path());
    dir
}

/// Runs `work` and fails the test if it takes longer than `limit` (a FIFO
/// read would block for ever).
fn within<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(work());
    });
    receive
        .recv_timeout(limit)
        .expect("finished in time instead of hanging")
}

fn signpost() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_signpost"));
    cmd.env_remove("SIGNPOST_DATA_DIR");
    cmd
}

fn import_case(store: &mut Store, name: &str, options: &ImportOptions) -> BundleReport {
    bundle::import_bundle_file(store, &case(name).join("bundle.json"), options, &Silent).unwrap()
}

/// Imports a bundle case for real and checks it was refused whole.
fn refused(name: &str) -> BundleReport {
    let (_dir, mut store) = common::store();
    let report = import_case(&mut store, name, &ImportOptions::import());
    assert!(!report.imported, "{name}: {report:#?}");
    assert!(report.blocking > 0, "{name}");
    let after = bundle::build(&store).unwrap();
    assert!(
        after.people.is_empty() && after.sessions.is_empty() && after.attempts.is_empty(),
        "{name}: nothing is imported"
    );
    report
}

fn problems(report: &BundleReport) -> Vec<(String, String, String)> {
    report
        .problems
        .iter()
        .map(|p| (p.kind.clone(), p.field.clone(), p.reason.clone()))
        .collect()
}

// Record bundles pass the rules every other door applies.

#[test]
fn a_bundled_person_without_a_name_is_named_and_nothing_is_imported() {
    let report = refused("bundle-person-without-a-name");
    assert_eq!(report.problems.len(), 1, "{report:#?}");
    let p = &report.problems[0];
    assert_eq!(
        (
            p.kind.as_str(),
            p.id.as_str(),
            p.field.as_str(),
            p.reason.as_str()
        ),
        (
            "person",
            "11111111-1111-4111-8111-111111111111",
            "name",
            "is needed"
        )
    );
}

#[test]
fn a_bundled_name_of_100000_characters_is_refused_as_the_roster_refuses_it() {
    let (dir, mut store) = common::store();
    let mut b = bundle::read_bundle(&case("bundle-good").join("bundle.json")).unwrap();
    b.people[0].name = "a".repeat(100_000);
    let file = dir.path().join("long.json");
    std::fs::write(&file, serde_json::to_vec(&b).unwrap()).unwrap();
    let report =
        bundle::import_bundle_file(&mut store, &file, &ImportOptions::import(), &Silent).unwrap();
    assert!(!report.imported);
    assert_eq!(
        problems(&report),
        [(
            "person".into(),
            "name".into(),
            "is longer than 200 characters (100000)".into()
        )]
    );
    let roster = roster::preview(
        format!("Name\n{}\n", "a".repeat(100_000)).as_bytes(),
        &ColumnMapping::new(),
    );
    assert_eq!(
        roster.errors[0].reason, "name is longer than 200 characters (100000)",
        "the same words at every door"
    );
    assert!(bundle::build(&store).unwrap().people.is_empty());
}

#[test]
fn a_bundled_session_without_a_title_or_trainer_is_refused_field_by_field() {
    let report = refused("bundle-session-without-title-or-trainer");
    assert_eq!(
        problems(&report),
        [
            ("session".into(), "title".into(), "is needed".into()),
            ("session".into(), "trainer".into(), "is needed".into()),
        ]
    );
}

#[test]
fn a_quiz_attempt_of_10_out_of_5_that_ends_before_it_starts_is_refused() {
    let report = refused("bundle-impossible-quiz-attempt");
    let found = problems(&report);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found[0],
        (
            "quiz attempt".into(),
            "score".into(),
            "is 10 out of 5, which is not possible".into()
        )
    );
    assert_eq!(
        found[1],
        (
            "quiz attempt".into(),
            "finished at".into(),
            "is before the attempt started".into()
        )
    );
}

#[test]
fn a_formula_in_a_bundled_email_is_not_an_email_address() {
    let report = refused("bundle-formula-in-email");
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].field, "email");
    assert!(
        report.problems[0].reason.contains("like name@example.org"),
        "{:?}",
        report.problems[0]
    );
}

#[test]
fn the_same_id_twice_in_one_bundle_with_different_names_is_a_conflict() {
    let report = refused("bundle-same-id-twice");
    assert_eq!(report.conflicts.len(), 1, "{report:#?}");
    let c = &report.conflicts[0];
    assert_eq!(c.kind, "person");
    assert_eq!(c.label, "Someone Else");
    assert!(c.reason.contains("in the bundle twice"), "{}", c.reason);
    assert!(!c.resolvable);
    assert_eq!(c.differences[0].field, "name");
    assert_eq!(
        (
            c.differences[0].here.as_str(),
            c.differences[0].bundle.as_str()
        ),
        ("Ann Lee", "Someone Else")
    );
}

#[test]
fn a_dry_run_names_attendance_for_a_session_that_is_nowhere_as_the_import_does() {
    let (_dir, mut store) = common::store();
    let dry = import_case(
        &mut store,
        "bundle-attendance-for-a-missing-session",
        &ImportOptions::dry_run(),
    );
    let expected = [(
        "attendance".to_string(),
        "session id".to_string(),
        "names session 99999999-9999-4999-8999-999999999999, which is neither here nor in the bundle"
            .to_string(),
    )];
    assert_eq!(problems(&dry), expected, "the dry run finds it");
    assert_eq!(dry.problems[0].id, "44444444-4444-4444-8444-444444444444");
    let real = import_case(
        &mut store,
        "bundle-attendance-for-a-missing-session",
        &ImportOptions::import(),
    );
    assert!(!real.imported);
    assert_eq!(problems(&real), expected, "the import says the same");
    assert!(bundle::build(&store).unwrap().people.is_empty());
}

#[test]
fn a_dry_run_and_the_import_agree_on_a_good_bundle() {
    let (_dir, mut store) = common::store();
    let dry = import_case(&mut store, "bundle-good", &ImportOptions::dry_run());
    assert!(bundle::build(&store).unwrap().people.is_empty());
    let real = import_case(&mut store, "bundle-good", &ImportOptions::import());
    assert!(real.imported);
    assert_eq!(
        (dry.added, dry.already_present),
        (real.added, real.already_present)
    );
    assert_eq!(real.added.people, 2);
    assert_eq!(real.added.attendance, 1);
}

fn format_error(name: &str) -> String {
    let (_dir, mut store) = common::store();
    let err = bundle::import_bundle_file(
        &mut store,
        &case(name).join("bundle.json"),
        &ImportOptions::import(),
        &Silent,
    )
    .unwrap_err();
    assert!(
        matches!(err, ExportError::BundleFormat { .. }),
        "{name}: {err}"
    );
    assert!(bundle::build(&store).unwrap().people.is_empty(), "{name}");
    err.to_string()
}

#[test]
fn a_truncated_bundle_is_refused_as_cut_off_and_changes_nothing() {
    let message = format_error("bundle-truncated");
    assert!(message.contains("ends too soon"), "{message}");
}

#[test]
fn a_wrongly_typed_bundle_is_refused_saying_which_record() {
    let message = format_error("bundle-wrongly-typed");
    assert!(message.contains("in people, record 1"), "{message}");
    assert!(message.contains("line"), "{message}");
}

#[test]
fn a_newer_bundle_is_refused_by_its_version_before_its_records_are_read() {
    let message = format_error("bundle-newer-version");
    assert!(
        message.contains("it is version 2; this Signpost reads up to version 1"),
        "{message}"
    );
}

#[test]
fn a_csv_file_given_as_a_bundle_is_refused() {
    let message = format_error("bundle-not-json");
    assert!(message.contains("bundle.json"), "{message}");
}

#[test]
fn json_nested_a_million_deep_is_refused_without_crashing() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 1_000_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let write = |key: &str| {
        let file = dir.path().join(format!("{key}.json"));
        std::fs::write(
            &file,
            format!(r#"{{"format":"signpost-records","version":1,"{key}":{nested}}}"#),
        )
        .unwrap();
        file
    };
    // Where records are expected, it is refused saying where.
    let (_d, mut store) = common::store();
    let err = bundle::import_bundle_file(
        &mut store,
        &write("people"),
        &ImportOptions::import(),
        &Silent,
    )
    .unwrap_err();
    assert!(
        matches!(err, ExportError::BundleFormat { .. })
            && err.to_string().contains("in people, record 1"),
        "{err}"
    );
    // Under a key this version does not know (a later version's), it is
    // skipped without recursion, and adds nothing.
    let report = bundle::import_bundle_file(
        &mut store,
        &write("extra"),
        &ImportOptions::import(),
        &Silent,
    )
    .unwrap();
    assert_eq!(report.added.total(), 0);
    assert!(bundle::build(&store).unwrap().people.is_empty());
}

#[test]
fn a_device_given_as_a_bundle_is_refused_without_being_read() {
    let (_d, mut store) = common::store();
    let err = within(Duration::from_secs(10), move || {
        bundle::import_bundle_file(
            &mut store,
            Path::new("/dev/zero"),
            &ImportOptions::import(),
            &Silent,
        )
        .unwrap_err()
        .to_string()
    });
    assert!(err.contains("is a device, not a file"), "{err}");
}

// Rosters: read whole only when they are text of a sensible size.

fn roster_case(name: &str) -> RosterPreview {
    let bytes = roster::read_roster(&case(name).join("roster.csv")).unwrap();
    roster::preview(&bytes, &ColumnMapping::new())
}

#[test]
fn an_unclosed_quote_is_refused_naming_the_row_where_it_opened() {
    let p = roster_case("roster-unclosed-quote");
    assert_eq!(p.errors.len(), 1, "{:#?}", p.errors);
    assert_eq!(p.errors[0].row, 3);
    assert!(
        p.errors[0].reason.contains("never closed"),
        "{:?}",
        p.errors
    );
    assert!(
        p.rows.iter().all(|r| !r.person.name.contains('\n')),
        "no name swallows the rest of the file"
    );
    let (_dir, mut store) = common::store();
    let session = common::session(&mut store);
    assert!(matches!(
        roster::import(&mut store, session.id, &p),
        Err(ExportError::RosterHasErrors { .. })
    ));
}

#[test]
fn a_name_with_a_line_break_is_refused_with_its_row() {
    let p = roster_case("roster-line-break-in-a-name");
    assert_eq!(p.errors.len(), 1, "{:#?}", p.errors);
    assert_eq!(
        (p.errors[0].row, p.errors[0].reason.as_str()),
        (3, "name has a line break; it must be one line")
    );
}

#[test]
fn a_name_of_invisible_characters_or_one_that_turns_its_text_is_refused_with_its_row() {
    use signpost::export::roster::{self, ColumnMapping};
    let csv = "Name,Organisation\n\
               \u{200B}\u{FEFF} \u{200D},Herts\n\
               \u{202E}nilraM nhoJ,Herts\n\
               مريم الحسيني,Herts\n\
               Sam 🌟\u{200D},Herts\n";
    let p = roster::preview(csv.as_bytes(), &ColumnMapping::new());
    let found: Vec<(u32, &str)> = p
        .errors
        .iter()
        .map(|e| (e.row, e.reason.split(' ').nth(2).unwrap_or("")))
        .collect();
    assert_eq!(found, vec![(2, "needed"), (3, "an")], "{:#?}", p.errors);
}

#[test]
fn a_nul_byte_in_a_name_is_refused_with_its_row() {
    let p = roster_case("roster-nul-in-a-name");
    assert_eq!(p.errors.len(), 1, "{:#?}", p.errors);
    assert_eq!(p.errors[0].row, 3);
    assert!(
        p.errors[0]
            .reason
            .starts_with("name holds a control character"),
        "{:?}",
        p.errors
    );
}

#[test]
fn a_utf16_roster_is_refused_saying_how_to_save_it() {
    let p = roster_case("roster-utf16");
    assert!(p.rows.is_empty());
    assert!(p.errors[0].reason.contains("UTF-16"), "{:?}", p.errors);
    assert!(p.errors[0].reason.contains("CSV UTF-8"), "{:?}", p.errors);
}

#[test]
fn a_binary_file_is_refused_as_a_roster() {
    let p = roster_case("roster-binary");
    assert!(p.rows.is_empty());
    assert!(
        p.errors[0].reason.contains("not a text CSV"),
        "{:?}",
        p.errors
    );
}

#[test]
fn a_roster_larger_than_the_limit_is_refused_with_its_size_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.csv");
    // Sparse: 300 MB on paper, nothing on the disk or in memory.
    std::fs::File::create(&file)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    let started = Instant::now();
    let err = roster::read_roster(&file).unwrap_err().to_string();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(
        err.contains("is 300 MB, more than the 32 MB a roster may be"),
        "{err}"
    );
    // Bytes handed over whole (as the window does) are refused the same way.
    let big = vec![b'a'; roster::MAX_ROSTER_BYTES as usize + 1];
    let p = roster::preview(&big, &ColumnMapping::new());
    assert!(p.errors[0].reason.contains("more than the 32 MB"), "{p:?}");
}

#[test]
fn dev_zero_and_a_fifo_are_refused_as_rosters_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("roster.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let data = dir.path().join("data");
    let session = {
        let mut store = Store::open_in(&data).unwrap();
        common::session(&mut store).id.to_string()
    };
    for path in [PathBuf::from("/dev/zero"), fifo] {
        let data = data.clone();
        let session = session.clone();
        let (ok, out) = within(Duration::from_secs(20), move || {
            run(signpost()
                .arg("--data-dir")
                .arg(&data)
                .args(["import", "roster"])
                .arg(&path)
                .args(["--session", &session, "--yes"]))
        });
        assert!(!ok, "{out}");
        assert!(out.contains("not a file"), "{out}");
    }
}

// The course folder is a boundary.

#[test]
fn a_module_linked_to_a_file_outside_the_course_folder_is_refused() {
    let dir = copy_case("course-module-link-outside");
    let course = dir.path().join("course");
    std::os::unix::fs::symlink("../secret.md", course.join("second.md")).unwrap();
    let loaded = signpost::course::load(&course).unwrap();
    assert_eq!(loaded.modules.len(), 1, "only the module inside loads");
    let problem = &loaded.problems[0];
    assert_eq!(problem.file, "second.md");
    assert!(
        problem
            .message
            .contains("link to a file outside the course folder"),
        "{problem}"
    );
    let (ok, out) = run(signpost().arg("check").arg(&course));
    assert!(!ok && out.contains("1 errors"), "{out}");
}

#[test]
fn an_image_linked_to_a_file_outside_the_course_folder_is_refused() {
    let dir = copy_case("course-image-link-outside");
    let course = dir.path().join("course");
    std::fs::create_dir_all(course.join("assets")).unwrap();
    std::os::unix::fs::symlink("../../outside.svg", course.join("assets/signpost.svg")).unwrap();
    let loaded = signpost::course::load(&course).unwrap();
    assert_eq!(loaded.problems.len(), 1, "{:#?}", loaded.problems);
    assert!(
        loaded.problems[0]
            .message
            .contains("link to a file outside the course folder"),
        "{}",
        loaded.problems[0]
    );
    let err = signpost::course::image_data_url(&course, "assets/signpost.svg").unwrap_err();
    assert!(
        err.to_string().contains("outside the course folder"),
        "{err}"
    );
}

#[test]
fn a_text_file_named_png_is_not_an_image() {
    let dir = copy_case("course-text-named-png");
    let course = dir.path().join("course");
    let loaded = signpost::course::load(&course).unwrap();
    assert_eq!(loaded.problems.len(), 1, "{:#?}", loaded.problems);
    assert!(
        loaded.problems[0].message.contains("is not a PNG image"),
        "{}",
        loaded.problems[0]
    );
    assert!(signpost::course::image_data_url(&course, "assets/signpost.png").is_err());
}

#[test]
fn a_module_that_is_a_fifo_is_refused_without_hanging() {
    let dir = copy_case("course-module-not-a-file");
    let course = dir.path().join("course");
    assert!(
        Command::new("mkfifo")
            .arg(course.join("second.md"))
            .status()
            .unwrap()
            .success()
    );
    let loaded = within(Duration::from_secs(10), move || {
        signpost::course::load(&course).unwrap()
    });
    assert!(
        loaded.problems[0].message.contains("is a pipe, not a file"),
        "{}",
        loaded.problems[0]
    );
}

#[test]
fn a_module_larger_than_the_limit_is_refused_with_its_size() {
    let dir = copy_case("course-module-not-a-file");
    let course = dir.path().join("course");
    std::fs::File::create(course.join("second.md"))
        .unwrap()
        .set_len(3 * 1024 * 1024)
        .unwrap();
    let loaded = signpost::course::load(&course).unwrap();
    assert!(
        loaded.problems[0]
            .message
            .contains("is 3 MB, more than the 2 MB a module may be"),
        "{}",
        loaded.problems[0]
    );
}

// The same limits at every door.

#[test]
fn session_create_refuses_a_title_of_100000_characters() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = run(signpost()
        .arg("--data-dir")
        .arg(dir.path())
        .args([
            "session",
            "create",
            "--date",
            "2025-03-04",
            "--trainer",
            "Tess",
        ])
        .arg("--title")
        .arg("t".repeat(100_000)));
    assert!(!ok);
    assert!(
        out.contains("title is longer than 200 characters"),
        "{}",
        &out[..out.len().min(300)]
    );
    let store = Store::open_in(dir.path()).unwrap();
    assert!(sessions::list(&store).unwrap().is_empty());
}

// Exports never hand a spreadsheet a formula.

#[test]
fn formula_payloads_are_defused_in_csv_and_stay_text_in_xlsx() {
    use calamine::{DataType, Reader, Xlsx, open_workbook};
    let (dir, mut store) = common::store();
    let session = common::session(&mut store);
    let payloads = ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)"];
    for name in payloads {
        let person = signpost::records::people::add(&mut store, &common::person(name)).unwrap();
        signpost::records::attendance::set_status(
            &mut store,
            session.id,
            person.id,
            signpost::records::AttendanceStatus::Present,
            None,
        )
        .unwrap();
    }
    let csv = dir.path().join("a.csv");
    signpost::export::csv::export_attendance(&mut store, Default::default(), &csv, &Silent)
        .unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    for name in payloads {
        let quoted = format!("'{name}").replace('"', "\"\"");
        assert!(text.contains(&quoted), "{name} defused in {text}");
    }
    let xlsx = dir.path().join("a.xlsx");
    signpost::export::xlsx::export_attendance(&mut store, Default::default(), &xlsx, &Silent)
        .unwrap();
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&sheet).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );
    let cells = book.worksheet_range(&sheet).unwrap();
    for name in payloads {
        assert!(
            cells
                .used_cells()
                .any(|(_, _, v)| v.get_string() == Some(name)),
            "{name} is kept as text"
        );
    }
}

// Two writers at once, and a writer killed midway.

#[test]
fn two_roster_imports_into_one_data_folder_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let session = {
        let mut store = Store::open_in(&data).unwrap();
        common::session(&mut store).id.to_string()
    };
    for round in 0..4 {
        let mut children = Vec::new();
        for writer in 0..2 {
            let file = dir.path().join(format!("roster-{round}-{writer}.csv"));
            let mut text = String::from("Name,Email\n");
            for i in 0..300 {
                text.push_str(&format!(
                    "Person {round}-{writer}-{i},p{round}.{writer}.{i}@example.org\n"
                ));
            }
            std::fs::write(&file, text).unwrap();
            children.push(
                signpost()
                    .arg("--data-dir")
                    .arg(&data)
                    .args(["import", "roster"])
                    .arg(&file)
                    .args(["--session", &session, "--yes"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap(),
            );
        }
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let store = Store::open_in(&data).unwrap();
    let register = sessions::register(&store, session.parse().unwrap()).unwrap();
    assert_eq!(register.entries.len(), 4 * 2 * 300);
}

#[test]
fn a_bundle_import_killed_midway_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A bundle large enough to take a while: 20,000 people on one register.
    let mut b = bundle::read_bundle(&case("bundle-good").join("bundle.json")).unwrap();
    let template = b.people[0].clone();
    let session = b.sessions[0].id;
    let line = b.attendance[0].clone();
    b.people.clear();
    b.attendance.clear();
    for i in 0..20_000 {
        let mut p = template.clone();
        p.id = uuid::Uuid::new_v4();
        p.name = format!("Person {i}");
        let mut a = line.clone();
        a.id = uuid::Uuid::new_v4();
        a.person_id = p.id;
        a.session_id = session;
        b.people.push(p);
        b.attendance.push(a);
    }
    let file = dir.path().join("big.json");
    std::fs::write(&file, serde_json::to_vec(&b).unwrap()).unwrap();
    for (round, wait) in [30u64, 150, 400, 900].into_iter().enumerate() {
        let data = dir.path().join(format!("data-{round}"));
        drop(Store::open_in(&data).unwrap());
        let mut child = signpost()
            .arg("--data-dir")
            .arg(&data)
            .args(["import", "bundle"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(wait));
        let _ = child.kill(); // SIGKILL on Unix
        child.wait().unwrap();
        let store = Store::open_in(&data).unwrap();
        let people = search::people(&store, &Default::default()).unwrap().len();
        let lines = bundle::build(&store).unwrap().attendance.len();
        assert!(
            (people, lines) == (0, 0) || (people, lines) == (20_000, 20_000),
            "after {wait} ms: {people} people, {lines} lines"
        );
    }
}

// A read-only data folder is read-only, not damaged.

/// Makes a folder read-only for this process: by its permissions, or for
/// root (whom permissions do not stop) by mounting it read-only over itself.
struct ReadOnly(PathBuf, bool);

impl ReadOnly {
    fn new(dir: &Path) -> Option<ReadOnly> {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout.trim_ascii() == b"0")
            .unwrap_or(false);
        if root {
            let mounted = Command::new("mount")
                .args(["--bind"])
                .arg(dir)
                .arg(dir)
                .status()
                .is_ok_and(|s| s.success())
                && Command::new("mount")
                    .args(["-o", "remount,ro,bind"])
                    .arg(dir)
                    .status()
                    .is_ok_and(|s| s.success());
            return mounted.then(|| ReadOnly(dir.to_path_buf(), true));
        }
        use std::os::unix::fs::PermissionsExt;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        Some(ReadOnly(dir.to_path_buf(), false))
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.1 {
            let _ = Command::new("umount").arg(&self.0).status();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[test]
fn a_read_only_data_folder_can_be_listed_and_exported_and_refuses_writes_as_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let mut store = Store::open_in(&data).unwrap();
        common::session(&mut store);
    }
    let Some(_guard) = ReadOnly::new(&data) else {
        panic!("this machine cannot make a folder read-only for the test");
    };
    let store = Store::open_in(&data).unwrap();
    assert_eq!(store.read_only(), Some("its folder cannot be written"));
    drop(store);

    let cli = |args: &[&str]| run(signpost().arg("--data-dir").arg(&data).args(args));
    let (ok, listed) = cli(&["session", "list"]);
    assert!(ok && listed.contains("Morning session"), "{listed}");
    let csv = dir.path().join("out.csv");
    let (ok, out) = cli(&["export", "attendance", "-o", csv.to_str().unwrap()]);
    assert!(ok && csv.exists(), "{out}");
    let (ok, out) = cli(&[
        "session",
        "create",
        "--title",
        "New",
        "--date",
        "2025-03-05",
        "--trainer",
        "Tess",
    ]);
    assert!(!ok);
    assert!(out.contains("read-only"), "{out}");
    assert!(
        !out.contains("damaged") && !out.contains("restore"),
        "{out}"
    );
}

#[test]
fn settings_meet_the_same_limits_as_every_other_text_and_a_refused_save_changes_nothing() {
    use signpost::records::{RecordsError, settings};
    let (_dir, mut store) = common::store();
    let before = settings::get(&store).unwrap();
    let mut long_name = before.clone();
    long_name.organisation.name = "x".repeat(100_000);
    let mut nul_contact = before.clone();
    nul_contact.contacts = vec![signpost::course::Contact {
        name: "Helpline\0".into(),
        number: "0800".into(),
        when: String::new(),
    }];
    let mut century = before.clone();
    century.retention_months = Some(100_000);
    for (bad, field) in [
        (long_name, "organisation name"),
        (nul_contact, "contact name"),
        (century, "retention"),
    ] {
        let err = settings::save(&mut store, &bad).unwrap_err();
        assert!(
            matches!(err, RecordsError::Invalid { field: f, .. } if f == field),
            "{field}: {err:?}"
        );
    }
    assert_eq!(settings::get(&store).unwrap(), before);
}
