//! Roster CSVs as real systems export them, one fixture folder per case
//! under tests/fixtures/roster/: preview first, then import all or nothing.

mod common;

use std::path::PathBuf;

use signpost::export::ExportError;
use signpost::export::roster::{self, ColumnMapping, RosterPreview};
use signpost::records::{AttendanceSource, AttendanceStatus, sessions};

fn fixture(case: &str) -> RosterPreview {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/roster")
        .join(case);
    let bytes = std::fs::read(dir.join("roster.csv")).unwrap();
    let mapping: ColumnMapping = match std::fs::read(dir.join("mapping.json")) {
        Ok(json) => serde_json::from_slice(&json).unwrap(),
        Err(_) => ColumnMapping::new(),
    };
    roster::preview(&bytes, &mapping)
}

fn names(preview: &RosterPreview) -> Vec<&str> {
    preview
        .rows
        .iter()
        .map(|r| r.person.name.as_str())
        .collect()
}

#[test]
fn a_utf8_file_with_a_bom_commas_and_crlf_is_read() {
    let p = fixture("bom-comma-crlf");
    assert_eq!(p.errors, vec![]);
    assert_eq!(p.headings[0], "Name");
    assert_eq!(names(&p), vec!["مريم الحسيني", "王小明", "Sam 🌟"]);
    assert_eq!(
        p.rows[0].person.email.as_deref(),
        Some("maryam@example.org")
    );
    assert_eq!(p.rows[1].person.email, None);
    assert_eq!(p.rows[2].person.job_role, "Volunteer");
    assert_eq!(
        p.rows.iter().map(|r| r.row).collect::<Vec<_>>(),
        vec![2, 3, 4]
    );
}

#[test]
fn a_semicolon_separated_file_with_other_spellings_of_the_headings_is_read() {
    let p = fixture("semicolon");
    assert_eq!(p.errors, vec![]);
    assert_eq!(names(&p), vec!["Olga Petrova", "Zażółć Gęślą"]);
    let olga = &p.rows[0].person;
    assert_eq!(
        (
            olga.organisation.as_str(),
            olga.team.as_str(),
            olga.job_role.as_str()
        ),
        ("Hospital Trust", "Ward 7", "Nurse")
    );
}

#[test]
fn excel_quoting_keeps_commas_line_breaks_and_quotes_inside_cells() {
    let p = fixture("excel-quoting");
    assert_eq!(p.errors, vec![]);
    assert_eq!(names(&p), vec!["Smith, Jane", "Bob Jones"]);
    assert_eq!(p.rows[0].person.organisation, "Acme, Ltd");
    assert_eq!(p.rows[0].person.job_role, "Manager\r\nand \"lead\"");
    // The multi-line cell is still one spreadsheet row.
    assert_eq!(p.rows[1].row, 3);
}

#[test]
fn first_and_last_name_columns_are_joined_into_the_name() {
    let p = fixture("first-and-last-name");
    assert_eq!(p.errors, vec![]);
    assert_eq!(names(&p), vec!["Olga Petrova", "Ming"]);
    assert_eq!(p.rows[0].person.team, "Housing");
}

#[test]
fn unknown_headings_are_used_through_an_explicit_mapping() {
    let p = fixture("unknown-headings-with-mapping");
    assert_eq!(p.errors, vec![]);
    assert_eq!(names(&p), vec!["Ada Lovelace", "Alan Turing"]);
    assert_eq!(p.rows[1].person.email.as_deref(), Some("alan@example.org"));
    assert_eq!(p.rows[1].person.team, "South");
}

#[test]
fn unknown_headings_without_a_mapping_are_reported_on_row_one() {
    let bytes = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/roster/unknown-headings-with-mapping/roster.csv"),
    )
    .unwrap();
    let p = roster::preview(&bytes, &ColumnMapping::new());
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].row, 1);
    assert!(p.rows.is_empty());
}

#[test]
fn bad_rows_are_reported_by_spreadsheet_row_number() {
    let p = fixture("bad-row");
    let rows: Vec<u32> = p.errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, vec![3, 5], "{:?}", p.errors);
    assert!(p.errors[0].reason.contains("no name"));
    assert!(p.errors[1].reason.contains("email"));
}

#[test]
fn a_roster_with_a_bad_row_imports_nobody() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let err = roster::import(&mut store, s.id, &fixture("bad-row")).unwrap_err();
    assert!(
        matches!(err, ExportError::RosterHasErrors { count: 2 }),
        "{err}"
    );
    assert!(sessions::register(&store, s.id).unwrap().entries.is_empty());
    assert!(
        signpost::records::search::people(&store, &Default::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_good_roster_puts_everyone_on_the_register_as_expected_once() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let preview = fixture("bom-comma-crlf");
    let done = roster::import(&mut store, s.id, &preview).unwrap();
    assert_eq!(
        (
            done.added_to_register,
            done.new_people,
            done.already_on_register
        ),
        (3, 3, 0)
    );
    let register = sessions::register(&store, s.id).unwrap();
    assert!(register.entries.iter().all(|e| e.status == AttendanceStatus::Expected && e.source == AttendanceSource::Roster));

    let again = roster::import(&mut store, s.id, &preview).unwrap();
    assert_eq!(
        (
            again.added_to_register,
            again.new_people,
            again.already_on_register
        ),
        (0, 0, 3)
    );
    assert_eq!(sessions::register(&store, s.id).unwrap().entries.len(), 3);
}

#[test]
fn a_bad_row_after_blank_lines_and_a_cell_of_two_lines_is_named_by_its_spreadsheet_row() {
    let csv = "Name,Email,Job role\n\
               Ann Lee,ann@example.org,\"Manager\nand lead\"\n\
               \n\
               \n\
               Bob Stone,not an email,\n";
    for csv in [csv.to_string(), csv.replace('\n', "\r\n")] {
        let p = roster::preview(csv.as_bytes(), &ColumnMapping::new());
        let rows: Vec<u32> = p.errors.iter().map(|e| e.row).collect();
        assert_eq!(rows, vec![5], "{csv:?}: {:?}", p.errors);
    }
}

#[test]
fn a_file_that_is_not_utf8_is_reported_not_garbled() {
    let p = roster::preview(b"Name\nJos\xe9 Garc\xeda\n", &ColumnMapping::new());
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].row, 2);
    assert!(p.errors[0].reason.contains("UTF-8"));
}

#[test]
fn importing_the_csv_bytes_reads_them_with_the_trainers_mapping_and_adds_everyone_as_expected() {
    let (_dir, mut store) = common::store();
    let session = common::session(&mut store);
    let bytes = "Who,Where\nOlga Petrova,Herts Council\n".as_bytes();
    let mut mapping = ColumnMapping::new();
    mapping.insert("Who".into(), roster::RosterField::Name);
    mapping.insert("Where".into(), roster::RosterField::Organisation);
    let done = roster::import_csv(&mut store, session.id, bytes, &mapping).unwrap();
    assert_eq!(done.added_to_register, 1);
    let register = sessions::register(&store, session.id).unwrap();
    assert_eq!(register.entries[0].person.name, "Olga Petrova");
    assert_eq!(register.entries[0].person.organisation, "Herts Council");
    assert_eq!(register.entries[0].status, AttendanceStatus::Expected);
}

#[test]
fn importing_csv_bytes_with_a_bad_row_imports_nobody() {
    let (_dir, mut store) = common::store();
    let session = common::session(&mut store);
    let bytes = "Name,Email\nSam Taylor,sam@example.org\n,nobody@example.org\n".as_bytes();
    let err = roster::import_csv(&mut store, session.id, bytes, &ColumnMapping::new()).unwrap_err();
    assert!(matches!(err, ExportError::RosterHasErrors { count: 1 }));
    assert!(
        sessions::register(&store, session.id)
            .unwrap()
            .entries
            .is_empty()
    );
}

#[test]
fn every_heading_the_window_lists_is_recognised_in_any_case_and_spacing() {
    let listed = roster::recognised_headings();
    assert_eq!(listed.len(), 7, "one entry for each field but Ignore");
    for entry in listed {
        for heading in &entry.headings {
            let shouted = format!("  {}  ", heading.to_uppercase().replace(' ', "   "));
            assert_eq!(roster::recognise(&shouted), Some(entry.field), "{heading}");
        }
    }
    assert_eq!(roster::recognise("Shoe size"), None);
}
