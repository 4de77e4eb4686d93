//! Certificates as a person receives them: read back with poppler's tools
//! (`pdftotext`, `pdfinfo`, `pdffonts`), issued from the records, and
//! checked with the signed code.

mod common;

use jiff::civil::date;
use signpost::pdf::issue::{self, Output};
use signpost::pdf::{
    CertificateKind, CertificateMaker, CertificatePage, CertifiedRecord, Keys, PdfError, Verdict,
};
use signpost::progress::Silent;
use signpost::records::attendance;
use signpost::records::search;
use signpost::records::status::AttendanceStatus;
use uuid::Uuid;

mod poppler;

pub const SCRIPTS: [(&str, &str); 7] = [
    ("Arabic", "مريم الحسيني"),
    ("Chinese", "王小明"),
    ("Cyrillic", "Ольга Петрова"),
    ("Greek", "Γιώργος Παπαδόπουλος"),
    ("Hebrew", "דוד כהן"),
    ("Devanagari", "अनुष्का शर्मा"),
    ("Polish", "Zażółć Gęślą Jaźń"),
];

fn record(name: &str) -> CertifiedRecord {
    CertifiedRecord {
        kind: CertificateKind::Attendance,
        id: Uuid::from_u128(0x5157_0000_0000_0000_0000_0000_0000_0001),
        name: name.into(),
        course_title: "Basic Modern Slavery Awareness Training".into(),
        course_version: "2026.1".into(),
        date: date(2026, 3, 4),
        score: Some(90),
        organisation: "Hertfordshire Modern Slavery Partnership".into(),
        trainer: "Tess Trainer".into(),
    }
}

fn fixed_time() -> jiff::Timestamp {
    "2026-03-04T12:00:00Z".parse().unwrap()
}

fn certificate(name: &str) -> Vec<u8> {
    let keys = Keys::from_secret([7; 32]);
    let record = record(name);
    let code = keys.sign(&record).unwrap();
    CertificateMaker::new(None)
        .pdf(&[CertificatePage { record, code }], fixed_time(), &Silent)
        .unwrap()
}

#[test]
fn names_in_seven_scripts_come_back_exactly_from_the_certificate() {
    let mut wrong = Vec::new();
    for (script, name) in SCRIPTS {
        let text = poppler::without_bidi_marks(&poppler::text(&certificate(name)));
        if !text.contains(name) {
            wrong.push(format!("{script} {name:?}: {text}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "these names did not read back exactly:\n{}",
        wrong.join("\n\n")
    );
}

#[test]
fn a_certificate_is_one_a4_landscape_page_with_everything_it_certifies() {
    let bytes = certificate("Ольга Петрова");
    let info = poppler::info(&bytes);
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(
        info.contains("Page size:       841.89 x 595.276 pts"),
        "{info}"
    );
    let text = poppler::text(&bytes);
    for expected in [
        "CERTIFICATE OF ATTENDANCE",
        "Basic Modern Slavery Awareness Training",
        "Course version 2026.1",
        "4 March 2026",
        "90%",
        "Tess Trainer",
        "Hertfordshire Modern Slavery Partnership",
        &record("x").number(),
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn every_font_in_a_certificate_is_embedded_and_subset() {
    poppler::assert_fonts_embedded_and_subset(&certificate("王小明 and मरियम"));
}

#[test]
fn the_same_certificate_gives_the_same_bytes() {
    assert_eq!(
        certificate("Zażółć Gęślą Jaźń"),
        certificate("Zażółć Gęślą Jaźń")
    );
}

#[test]
fn a_long_name_shrinks_or_wraps_instead_of_running_off_the_page() {
    let long = "Maximiliana Alexandrovna Konstantinopolskaya-Wolfeschlegelsteinhausenbergerdorff";
    let text = poppler::text(&certificate(long));
    assert!(
        text.replace('\n', " ").contains("Maximiliana Alexandrovna"),
        "{text}"
    );
}

#[test]
fn a_name_no_font_can_draw_is_refused_naming_the_character() {
    let keys = Keys::from_secret([7; 32]);
    let record = record("Sam \u{10FFFD}");
    let mut maker = CertificateMaker::new(None);
    match maker.check(&record) {
        Err(PdfError::MissingGlyphs { characters, .. }) => {
            assert!(characters.contains("U+10FFFD"), "{characters}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let code = keys.sign(&record).unwrap();
    assert!(matches!(
        maker.pdf(&[CertificatePage { record, code }], fixed_time(), &Silent),
        Err(PdfError::MissingGlyphs { .. })
    ));
}

#[test]
fn the_code_printed_on_a_certificate_verifies_when_typed_back_in() {
    let keys = Keys::from_secret([7; 32]);
    let text = poppler::text(&certificate("דוד כהן"));
    let start = text.find("SP1-").expect("the code is printed");
    let typed: String = text[start..]
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    match keys.verify(&typed).unwrap() {
        Verdict::Genuine { record: r, .. } => assert_eq!(r.name, "דוד כהן"),
        other => panic!("{other:?} for {typed:?}"),
    }
}

fn attended_session() -> (tempfile::TempDir, signpost::records::Store, Uuid, Vec<Uuid>) {
    let (dir, mut store) = common::store();
    let session = common::session(&mut store);
    let mut ids = Vec::new();
    for (i, (_, name)) in SCRIPTS.iter().enumerate() {
        let person = attendance::add_by_hand(
            &mut store,
            session.id,
            &common::person(name),
            match i {
                0 => AttendanceStatus::Late,
                5 => AttendanceStatus::Absent,
                6 => AttendanceStatus::LeftEarly,
                _ => AttendanceStatus::Present,
            },
        )
        .unwrap();
        ids.push(person.id);
    }
    (dir, store, session.id, ids)
}

fn course() -> signpost::course::Course {
    signpost::course::load(std::path::Path::new("modules")).unwrap()
}

#[test]
fn a_session_gives_one_certificate_file_per_person_present_or_late_and_records_each() {
    let (dir, mut store, session, ids) = attended_session();
    let keys = Keys::open(dir.path()).unwrap();
    let out = dir.path().join("certificates");
    let issued = issue::issue_for_session(
        &mut store,
        &keys,
        &course(),
        session,
        &Output::Folder(out.clone()),
        fixed_time(),
        &Silent,
    )
    .unwrap();
    assert_eq!(issued.files.len(), 5, "absent and left early get none");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 5);
    assert!(!issued.names.contains(&SCRIPTS[5].1.to_string()));
    let history = search::person_history(&store, ids[0]).unwrap();
    assert_eq!(history.certificates.len(), 1);
    let kept = &history.certificates[0];
    assert_eq!(kept.kind, CertificateKind::Attendance);
    assert_eq!(kept.session_id, Some(session));
    assert!(matches!(
        keys.verify(&kept.code).unwrap(),
        Verdict::Genuine { .. }
    ));
    let absent = search::person_history(&store, ids[5]).unwrap();
    assert!(absent.certificates.is_empty());
}

#[test]
fn erasing_someone_forgets_the_path_of_their_certificate_file_everywhere_it_was_kept() {
    use signpost::records::{audit, backup, erase};
    let (dir, mut store, session, ids) = attended_session();
    let keys = Keys::open(dir.path()).unwrap();
    // Issued into a folder outside the data folder, then backed up.
    let elsewhere = tempfile::tempdir().unwrap();
    let issued = issue::issue_for_session(
        &mut store,
        &keys,
        &course(),
        session,
        &Output::Folder(elsewhere.path().to_path_buf()),
        fixed_time(),
        &Silent,
    )
    .unwrap();
    backup::backup_now(&mut store, jiff::Timestamp::now(), &Silent).unwrap();
    let name = SCRIPTS[2].1;
    let theirs = std::path::PathBuf::from(
        issued
            .files
            .iter()
            .find(|f| f.contains(name))
            .expect("a file named after them"),
    );

    let report = erase::erase_person(&mut store, ids[2], &Silent).unwrap();
    assert!(
        report.written_before.iter().any(|f| f.path == theirs),
        "the erasure lists their certificate to delete by hand"
    );
    let files = audit::written_files(&store).unwrap();
    assert!(files.iter().all(|f| f.path != theirs));
    let certificates = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "pdf"))
        .count();
    assert_eq!(
        certificates, 4,
        "everyone else's certificate is still listed"
    );
    drop(store);
    for file in common::files_under(dir.path()) {
        assert!(
            !common::contains(&std::fs::read(&file).unwrap(), name),
            "the name is still in {}",
            file.display()
        );
    }
}

#[test]
fn a_session_can_give_one_pdf_with_a_page_for_each_person() {
    let (dir, mut store, session, _) = attended_session();
    let keys = Keys::open(dir.path()).unwrap();
    let path = dir.path().join("all.pdf");
    issue::issue_for_session(
        &mut store,
        &keys,
        &course(),
        session,
        &Output::File(path.clone()),
        fixed_time(),
        &Silent,
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(poppler::pages(&bytes), 5);
    let verdicts = signpost::pdf::signing::verify_input(&keys, path.to_str().unwrap()).unwrap();
    assert_eq!(verdicts.len(), 5);
    assert!(
        verdicts
            .iter()
            .all(|v| matches!(v, Verdict::Genuine { .. }))
    );
}

#[test]
fn a_completion_certificate_needs_every_module_passed() {
    let (dir, mut store) = common::store();
    let person =
        signpost::records::people::add(&mut store, &common::person("Ольга Петрова")).unwrap();
    let keys = Keys::open(dir.path()).unwrap();
    let course = course();
    let path = dir.path().join("c.pdf");
    let refused = issue::issue_for_person(
        &mut store,
        &keys,
        &course,
        person.id,
        None,
        &path,
        fixed_time(),
    );
    assert!(
        matches!(refused, Err(PdfError::Invalid(ref m)) if m.contains("has not passed")),
        "{refused:?}"
    );
    assert!(!path.exists(), "nothing is written when refused");
    // Asked before the save dialog, the check refuses the same way.
    let check = issue::check_for_person(&mut store, &course, person.id, None);
    assert!(
        matches!(check, Err(PdfError::Invalid(ref m)) if m.contains("has not passed")),
        "{check:?}"
    );
    for module in &course.modules {
        let slides = module.slides.len() as u32;
        signpost::records::progress::save(
            &mut store,
            person.id,
            &course.title,
            &module.id,
            slides,
            true,
        )
        .unwrap();
        if module.questions.is_empty() {
            continue;
        }
        signpost::records::attempts::record(
            &mut store,
            &signpost::records::attempts::NewAttempt {
                person_id: person.id,
                session_id: None,
                module_id: module.id.clone(),
                course_title: course.title.clone(),
                course_version: course.version.clone(),
                score: signpost::quiz::Score::of(4, 5, course.pass_mark),
                seed: None,
                answers: Vec::new(),
                started_at: fixed_time(),
                finished_at: fixed_time(),
            },
        )
        .unwrap();
    }
    issue::check_for_person(&mut store, &course, person.id, None).unwrap();
    let issued = issue::issue_for_person(
        &mut store,
        &keys,
        &course,
        person.id,
        None,
        &path,
        fixed_time(),
    )
    .unwrap();
    assert_eq!(issued.certificates[0].score, Some(80));
    let text = poppler::text(&std::fs::read(&path).unwrap());
    assert!(
        text.contains("CERTIFICATE OF COMPLETION") && text.contains("80%"),
        "{text}"
    );
}
