//! Attendance exports as a person would open them: the CSV in a spreadsheet,
//! the workbook read back with calamine, the xAPI statements checked against
//! what an LRS requires. Exports add one audit line and change nothing else.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;
use signpost::export::{self, DateRange};
use signpost::progress::Silent;
use signpost::records::audit::{self, AuditAction};
use signpost::records::{AttendanceStatus, Store, attempts, attendance, people, sessions};

/// A store with one session where everyone in [`common::NAMES`] signed in,
/// plus a formula-looking organisation, and a passed and a failed attempt.
fn filled() -> (tempfile::TempDir, Store, sessions::TrainingSession) {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    let start = common::start(&s);
    for (i, name) in common::NAMES.iter().enumerate() {
        let mut details = common::person(name);
        if i == 0 {
            details.email = Some("maryam@example.org".into());
        }
        let signed = attendance::sign_in_at(&mut store, s.id, &details, &start).unwrap();
        attempts::record(
            &mut store,
            &attempts::NewAttempt {
                person_id: signed.person.id,
                session_id: Some(s.id),
                module_id: "what-is".into(),
                course_title: "Course".into(),
                course_version: "1.0".into(),
                score: signpost::quiz::Score::of(if i % 2 == 0 { 5 } else { 2 }, 5, 70),
                seed: None,
                answers: Vec::new(),
                started_at: start.timestamp(),
                finished_at: start.timestamp(),
            },
        )
        .unwrap();
    }
    let mut evil = common::person("=HYPERLINK(\"http://x\",\"click\")");
    evil.organisation = "+44 1234".into();
    evil.job_role = "@SUM(A1)".into();
    evil.team = "-1".into();
    attendance::sign_in_at(&mut store, s.id, &evil, &start).unwrap();
    (dir, store, s)
}

fn data_fingerprint(store: &Store) -> String {
    let bundle = export::bundle::build(store).unwrap();
    serde_json::to_string(&(
        bundle.people,
        bundle.sessions,
        bundle.attendance,
        bundle.attempts,
    ))
    .unwrap()
}

#[test]
fn the_csv_has_a_bom_one_heading_row_crlf_and_every_name_intact() {
    let (dir, mut store, _s) = filled();
    // A learner who gave a staff number is listed with it.
    rusqlite::Connection::open(store.path())
        .unwrap()
        .execute(
            "UPDATE people SET staff_number = 'E1042' WHERE name = ?1",
            [common::NAMES[1]],
        )
        .unwrap();
    let path = dir.path().join("attendance.csv");
    let summary =
        export::csv::export_attendance(&mut store, DateRange::default(), &path, &Silent).unwrap();
    assert_eq!(summary.count, 6);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("Session date,Start time,"));
    assert!(text.contains("\r\n"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    for name in common::NAMES {
        assert!(rows.iter().any(|r| &r[7] == name), "{name} missing");
    }
    assert!(rows.iter().all(|r| &r[0] == "2025-03-04"));
    let headings = reader.headers().unwrap().clone();
    let staff = headings.iter().position(|h| h == "Staff number").unwrap();
    let numbers: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| !r[staff].is_empty())
        .map(|r| (&r[7], &r[staff]))
        .collect();
    assert_eq!(numbers, vec![(common::NAMES[1], "E1042")]);
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused() {
    let (dir, mut store, _s) = filled();
    let path = dir.path().join("attendance.csv");
    export::csv::export_attendance(&mut store, DateRange::default(), &path, &Silent).unwrap();
    let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| r[7].contains("HYPERLINK"))
        .unwrap();
    assert_eq!(&row[7], "'=HYPERLINK(\"http://x\",\"click\")");
    assert_eq!(&row[8], "'+44 1234");
    assert_eq!(&row[9], "'-1");
    assert_eq!(&row[10], "'@SUM(A1)");
    for cell in reader
        .records()
        .map(Result::unwrap)
        .flat_map(|r| r.iter().map(str::to_string).collect::<Vec<_>>())
    {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?}"
        );
    }
    assert_eq!(export::csv::neutralise("\tcmd"), "'\tcmd");
    assert_eq!(export::csv::neutralise("plain"), "plain");
}

#[test]
fn an_export_changes_no_record_and_adds_one_audit_line() {
    let (dir, mut store, _s) = filled();
    let before = data_fingerprint(&store);
    let audit_before = audit::list(&store, 100).unwrap().len();
    export::csv::export_attendance(
        &mut store,
        DateRange::default(),
        &dir.path().join("a.csv"),
        &Silent,
    )
    .unwrap();
    assert_eq!(data_fingerprint(&store), before);
    let log = audit::list(&store, 100).unwrap();
    assert_eq!(log.len(), audit_before + 1);
    assert_eq!(log[0].action, AuditAction::Export);
    assert!(!log[0].detail.contains("Ольга"));
}

#[test]
fn the_date_range_limits_which_sessions_are_exported() {
    let (dir, mut store, s) = filled();
    let later = jiff::civil::date(2025, 6, 1);
    let none = DateRange {
        from: Some(later),
        to: None,
    };
    let path = dir.path().join("none.csv");
    assert_eq!(
        export::csv::export_attendance(&mut store, none, &path, &Silent)
            .unwrap()
            .count,
        0
    );
    let only = DateRange {
        from: Some(s.date),
        to: Some(s.date),
    };
    assert_eq!(
        export::csv::export_attendance(&mut store, only, &path, &Silent)
            .unwrap()
            .count,
        6
    );
}

#[test]
fn the_workbook_has_typed_dates_numbers_and_every_name_intact() {
    let (dir, mut store, _s) = filled();
    let path = dir.path().join("attendance.xlsx");
    export::xlsx::export_attendance(&mut store, DateRange::default(), &path, &Silent).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("Attendance").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0][0], Data::String("Session date".into()));
    match &rows[1][0] {
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            assert_eq!((y, m, day), (2025, 3, 4));
        }
        other => panic!("the date is not a date cell: {other:?}"),
    }
    assert!(
        matches!(rows[1][14], Data::DateTime(_)),
        "{:?}",
        rows[1][14]
    );
    for name in common::NAMES {
        assert!(
            rows.iter().any(|r| r[7] == Data::String(name.into())),
            "{name} missing"
        );
    }
    let results = book.worksheet_range("Quiz results").unwrap();
    let first = results.rows().nth(1).unwrap();
    let column = |heading: &str| {
        signpost::export::rows::RESULT_HEADINGS
            .iter()
            .position(|h| *h == heading)
            .unwrap()
    };
    assert!(
        matches!(first[column("Score")], Data::Float(_)),
        "{:?}",
        first[column("Score")]
    );
    assert!(matches!(first[column("Percent")], Data::Float(p) if p == 100.0 || p == 40.0));
    assert_eq!(
        first[column("Course")],
        Data::String("Course".into()),
        "the course title has a column"
    );
}

/// The checks an LRS makes on a statement (xAPI 1.0.3 §2.2–2.4), as far as
/// this export uses them.
fn assert_valid_statement(s: &Value) {
    let obj = s.as_object().unwrap();
    uuid::Uuid::parse_str(obj["id"].as_str().unwrap()).unwrap();
    assert_eq!(obj["version"], "1.0.3");
    let actor = &obj["actor"];
    let ifis = ["mbox", "mbox_sha1sum", "openid", "account"]
        .iter()
        .filter(|k| actor.get(**k).is_some())
        .count();
    assert_eq!(ifis, 1, "an agent has exactly one identifier: {actor}");
    assert!(actor.get("mbox").is_none(), "no raw email");
    if let Some(sha) = actor.get("mbox_sha1sum") {
        let sha = sha.as_str().unwrap();
        assert!(sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()));
    }
    if let Some(account) = actor.get("account") {
        assert!(
            account["homePage"]
                .as_str()
                .unwrap()
                .starts_with("https://")
        );
        assert!(!account["name"].as_str().unwrap().is_empty());
    }
    let verb = obj["verb"]["id"].as_str().unwrap();
    assert!(verb.starts_with("http://adlnet.gov/expapi/verbs/"));
    assert!(obj["verb"]["display"].is_object());
    assert_eq!(obj["object"]["objectType"], "Activity");
    assert!(
        obj["object"]["id"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    obj["timestamp"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap();
    if let Some(score) = obj.get("result").and_then(|r| r.get("score")) {
        let scaled = score["scaled"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&scaled));
        let (raw, min, max) = (
            score["raw"].as_f64().unwrap(),
            score["min"].as_f64().unwrap(),
            score["max"].as_f64().unwrap(),
        );
        assert!(min <= raw && raw <= max && min < max);
        assert!(obj["result"]["success"].is_boolean());
    }
}

#[test]
fn xapi_statements_carry_everything_an_lrs_requires_and_no_raw_email() {
    let (dir, mut store, _s) = filled();
    let p = people::add(&mut store, &common::person("Self Paced")).unwrap();
    // A module finished in another course is sent as that course's.
    signpost::records::progress::save(
        &mut store,
        p.id,
        "Spotting Exploitation",
        "what-is",
        9,
        true,
    )
    .unwrap();
    let path = dir.path().join("statements.json");
    export::xapi::export_statements(&mut store, DateRange::default(), &path, &Silent).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("maryam@example.org"));
    let all: Vec<Value> = serde_json::from_str(&text).unwrap();
    for s in &all {
        assert_valid_statement(s);
    }
    let verbs: Vec<&str> = all
        .iter()
        .map(|s| s["verb"]["id"].as_str().unwrap())
        .collect();
    for verb in [
        export::xapi::VERB_ATTENDED,
        export::xapi::VERB_COMPLETED,
        export::xapi::VERB_PASSED,
        export::xapi::VERB_FAILED,
    ] {
        assert!(verbs.contains(&verb), "{verb} missing");
    }
    assert_eq!(
        verbs
            .iter()
            .filter(|v| **v == export::xapi::VERB_ATTENDED)
            .count(),
        6
    );
    for name in common::NAMES {
        assert!(all.iter().any(|s| s["actor"]["name"] == name));
    }
    let passed = all
        .iter()
        .find(|s| s["verb"]["id"] == export::xapi::VERB_PASSED)
        .unwrap();
    assert_eq!(passed["result"]["score"]["scaled"], 1.0);
    let finished = all
        .iter()
        .find(|s| {
            s["verb"]["id"] == export::xapi::VERB_COMPLETED && s["actor"]["name"] == "Self Paced"
        })
        .unwrap();
    assert_eq!(
        finished["object"]["id"],
        export::xapi::module_iri("Spotting Exploitation", "what-is")
    );
    assert_eq!(
        finished["context"]["contextActivities"]["parent"][0]["definition"]["name"]["en-GB"],
        "Spotting Exploitation"
    );
}

#[test]
fn exporting_the_same_records_twice_gives_the_same_statement_ids() {
    let (_dir, store, _s) = filled();
    let ids = |v: Vec<Value>| -> Vec<String> {
        v.iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect()
    };
    let first = ids(export::xapi::statements(&store, DateRange::default(), &Silent).unwrap());
    let second = ids(export::xapi::statements(&store, DateRange::default(), &Silent).unwrap());
    assert_eq!(first, second);
}

#[test]
fn a_person_marked_absent_gets_no_attended_statement() {
    let (_dir, mut store, s) = filled();
    let p = people::add(&mut store, &common::person("Not There")).unwrap();
    attendance::set_status(&mut store, s.id, p.id, AttendanceStatus::Absent, None).unwrap();
    let all = export::xapi::statements(&store, DateRange::default(), &Silent).unwrap();
    assert!(!all.iter().any(|st| st["actor"]["name"] == "Not There"));
}
