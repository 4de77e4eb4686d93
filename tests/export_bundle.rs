//! Record bundles merge one install into another: everything round-trips,
//! importing twice adds nothing, a conflict is reported and nothing is
//! imported, and a dry run changes nothing.

mod common;

use signpost::export::ExportError;
use signpost::export::bundle::{self, Bundle, ImportOptions};
use signpost::progress::Silent;
use signpost::records::{attendance, search, sessions};

fn laptop_with_names() -> (tempfile::TempDir, signpost::records::Store) {
    let (dir, mut store) = common::store();
    let s = common::session(&mut store);
    let start = common::start(&s);
    for name in common::NAMES {
        attendance::sign_in_at(&mut store, s.id, &common::person(name), &start).unwrap();
    }
    sessions::close(&mut store, s.id).unwrap();
    let first = sessions::register(&store, s.id).unwrap().entries[0]
        .person
        .id;
    attendance::set_status(
        &mut store,
        s.id,
        first,
        signpost::records::AttendanceStatus::LeftEarly,
        Some("fire drill"),
    )
    .unwrap();
    (dir, store)
}

#[test]
fn a_bundle_carries_every_record_to_another_install_with_names_intact() {
    let (dir, mut laptop) = laptop_with_names();
    let file = dir.path().join("records.signpost.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();

    let (_office_dir, mut office) = common::store();
    let report =
        bundle::import_bundle_file(&mut office, &file, &ImportOptions::import(), &Silent).unwrap();
    assert!(report.imported);
    assert_eq!(report.added.people, 5);
    assert_eq!(report.added.attendance, 5);
    assert_eq!(report.added.corrections, 1);
    assert!(report.conflicts.is_empty());

    let original = bundle::build(&laptop).unwrap();
    let merged = bundle::build(&office).unwrap();
    assert_eq!(merged.people, original.people);
    assert_eq!(merged.sessions, original.sessions);
    assert_eq!(merged.attendance, original.attendance);
    assert_eq!(merged.corrections, original.corrections);
    let names: Vec<String> = search::people(&office, &Default::default())
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    for name in common::NAMES {
        assert!(names.contains(&name.to_string()), "{name} missing");
    }
}

#[test]
fn importing_the_same_bundle_twice_adds_nothing_the_second_time() {
    let (dir, mut laptop) = laptop_with_names();
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();
    let (_d, mut office) = common::store();
    bundle::import_bundle_file(&mut office, &file, &ImportOptions::import(), &Silent).unwrap();
    let before = bundle::build(&office).unwrap();
    let again =
        bundle::import_bundle_file(&mut office, &file, &ImportOptions::import(), &Silent).unwrap();
    assert_eq!(again.added.total(), 0);
    assert_eq!(
        again.already_present.total(),
        before.people.len() as u32 + 1 + 5 + 1
    );
    let after = bundle::build(&office).unwrap();
    assert_eq!(
        (after.people, after.attendance),
        (before.people, before.attendance)
    );
}

#[test]
fn a_conflicting_record_is_reported_and_nothing_is_imported() {
    let (dir, mut laptop) = laptop_with_names();
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();
    let (_d, mut office) = common::store();
    bundle::import_bundle_file(&mut office, &file, &ImportOptions::import(), &Silent).unwrap();

    // Another laptop's copy: one person renamed, one new session.
    let mut other: Bundle = bundle::read_bundle(&file).unwrap();
    other.people[0].name = "Someone Else".into();
    let mut extra = other.sessions[0].clone();
    extra.id = uuid::Uuid::new_v4();
    other.sessions.push(extra);
    let before = bundle::build(&office).unwrap();
    let report = bundle::import_bundle(
        &mut office,
        &other,
        "other laptop",
        &ImportOptions::import(),
    )
    .unwrap();
    assert!(!report.imported);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.conflicts[0].kind, "person");
    assert_eq!(report.conflicts[0].id, other.people[0].id.to_string());
    assert_eq!(report.added.sessions, 1);
    let after = bundle::build(&office).unwrap();
    assert_eq!(
        after.sessions, before.sessions,
        "the new session was not imported either"
    );
    assert_eq!(after.people, before.people);
}

#[test]
fn a_dry_run_reports_what_would_be_added_and_changes_nothing() {
    let (dir, mut laptop) = laptop_with_names();
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();
    let (_d, mut office) = common::store();
    let report =
        bundle::import_bundle_file(&mut office, &file, &ImportOptions::dry_run(), &Silent).unwrap();
    assert!(report.dry_run && !report.imported);
    assert_eq!(report.added.people, 5);
    assert!(bundle::build(&office).unwrap().people.is_empty());
    assert!(
        signpost::records::audit::list(&office, 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_file_that_is_not_a_bundle_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.json");
    std::fs::write(&file, r#"{"format":"something-else","version":1}"#).unwrap();
    assert!(matches!(
        bundle::read_bundle(&file),
        Err(ExportError::BundleFormat { .. })
    ));
    std::fs::write(&file, r#"{"format":"signpost-records","version":99}"#).unwrap();
    let err = bundle::read_bundle(&file).unwrap_err();
    assert!(err.to_string().contains("version 99"), "{err}");
}

#[test]
fn a_new_person_sharing_an_email_with_someone_here_is_pointed_out_but_kept_separate() {
    use signpost::records::people::{self, PersonDetails};
    let with_email = |name: &str, email: &str| PersonDetails {
        email: Some(email.into()),
        ..common::person(name)
    };
    let (dir, mut laptop) = common::store();
    people::add(
        &mut laptop,
        &with_email("Zofia Wiśniewska", "Zofia@Example.org"),
    )
    .unwrap();
    people::add(&mut laptop, &with_email("Sam Taylor", "sam@example.org")).unwrap();
    people::add(&mut laptop, &with_email("Éva Kovács", "ÉVA@példa.hu")).unwrap();
    let file = dir.path().join("laptop.signpost.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();

    let (_office_dir, mut office) = common::store();
    people::add(&mut office, &with_email("Zofia W.", "zofia@example.org")).unwrap();
    people::add(&mut office, &with_email("Eva K.", "éva@példa.hu")).unwrap();
    people::add(&mut office, &with_email("Neva Nagy", "neva@pelda.hu")).unwrap();
    let report =
        bundle::import_bundle_file(&mut office, &file, &ImportOptions::dry_run(), &Silent).unwrap();
    let mut same: Vec<_> = report
        .same_email
        .iter()
        .map(|s| (s.incoming.as_str(), s.existing.as_str(), s.email.as_str()))
        .collect();
    // In the bundle's order, which is by id.
    same.sort_unstable();
    assert_eq!(
        same,
        [
            ("Zofia Wiśniewska", "Zofia W.", "Zofia@Example.org"),
            ("Éva Kovács", "Eva K.", "ÉVA@példa.hu"),
        ]
    );

    let report =
        bundle::import_bundle_file(&mut office, &file, &ImportOptions::import(), &Silent).unwrap();
    assert!(report.imported && report.conflicts.is_empty());
    assert_eq!(
        search::people(&office, &Default::default()).unwrap().len(),
        6,
        "nothing is merged by guesswork"
    );
}

#[test]
fn a_person_in_conflict_is_named_with_what_differs_and_kept_or_taken_person_by_person() {
    use bundle::Resolution;
    let (dir, mut laptop) = laptop_with_names();
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();
    let (_d, mut office) = common::store();
    bundle::import_bundle_file(&mut office, &file, &ImportOptions::import(), &Silent).unwrap();

    // Another laptop corrected two people's details differently.
    let mut other: Bundle = bundle::read_bundle(&file).unwrap();
    let (first, second) = (other.people[0].clone(), other.people[1].clone());
    other.people[0].name = format!("{} (corrected)", first.name);
    other.people[1].job_role = "Team leader".into();
    let report = bundle::import_bundle(
        &mut office,
        &other,
        "other laptop",
        &ImportOptions::dry_run(),
    )
    .unwrap();
    assert_eq!(report.conflicts.len(), 2);
    let named = &report.conflicts[0];
    assert_eq!(named.label, first.name, "named by the name here, not an id");
    assert!(named.resolvable && named.resolution.is_none());
    assert_eq!(named.differences.len(), 1);
    let d = &named.differences[0];
    assert_eq!(
        (d.field.as_str(), d.here.as_str(), d.bundle.as_str()),
        ("name", first.name.as_str(), other.people[0].name.as_str())
    );
    assert_eq!(report.conflicts[1].differences[0].field, "job role");
    assert_eq!(report.blocking, 2);

    // A choice for only one of them still imports nothing.
    let one = ImportOptions {
        dry_run: false,
        resolutions: [(first.id, Resolution::TakeBundles)].into(),
        erase: false,
    };
    let report = bundle::import_bundle(&mut office, &other, "other laptop", &one).unwrap();
    assert!(!report.imported && report.blocking == 1);
    assert_eq!(
        signpost::records::people::get(&office, first.id)
            .unwrap()
            .name,
        first.name
    );

    let both = ImportOptions {
        dry_run: false,
        resolutions: [
            (first.id, Resolution::TakeBundles),
            (second.id, Resolution::KeepOurs),
        ]
        .into(),
        erase: false,
    };
    let report = bundle::import_bundle(&mut office, &other, "other laptop", &both).unwrap();
    assert!(report.imported, "{report:#?}");
    assert_eq!(report.replaced, 1);
    assert_eq!(
        signpost::records::people::get(&office, first.id)
            .unwrap()
            .name,
        other.people[0].name,
        "the bundle's details were taken"
    );
    let found = |text: &str| {
        search::people(
            &office,
            &search::PersonFilter {
                text: Some(text.into()),
                ..Default::default()
            },
        )
        .unwrap()
        .into_iter()
        .any(|p| p.id == first.id)
    };
    assert!(
        found("(corrected)"),
        "found by the name taken from the bundle"
    );
    let later = sessions::create(&mut office, &common::new_session("Later")).unwrap();
    let start = common::start(&later);
    let kiosk = attendance::sign_in_at(
        &mut office,
        later.id,
        &common::person(&other.people[0].name),
        &start,
    )
    .unwrap();
    assert_eq!(
        kiosk.person.id, first.id,
        "signing in by the new name finds them"
    );
    assert_eq!(
        signpost::records::people::get(&office, second.id)
            .unwrap()
            .job_role,
        second.job_role,
        "ours were kept"
    );
}

#[test]
fn a_second_line_for_one_person_on_one_register_in_a_bundle_is_a_conflict() {
    let (dir, mut laptop) = laptop_with_names();
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();
    let mut b: Bundle = bundle::read_bundle(&file).unwrap();
    let mut again = b.attendance[0].clone();
    again.id = uuid::Uuid::new_v4();
    b.attendance.push(again);
    let (_d, mut office) = common::store();
    let report =
        bundle::import_bundle(&mut office, &b, "laptop", &ImportOptions::import()).unwrap();
    assert!(!report.imported);
    assert_eq!(report.conflicts.len(), 1);
    assert!(report.conflicts[0].reason.contains("second line"));
    assert!(
        report.conflicts[0]
            .label
            .contains("on the register of Morning session"),
        "{}",
        report.conflicts[0].label
    );
}

/// Progress that asks to stop once it has heard `after` steps.
struct StopAfter {
    after: usize,
    steps: std::sync::Mutex<Vec<(u64, u64)>>,
}

impl signpost::progress::Progress for StopAfter {
    fn step(&self, done: u64, total: u64) {
        self.steps.lock().unwrap().push((done, total));
    }
    fn cancelled(&self) -> bool {
        self.steps.lock().unwrap().len() >= self.after
    }
}

#[test]
fn a_bundle_import_reports_progress_by_the_file_read_and_a_cancel_changes_nothing() {
    let (dir, mut laptop) = common::store();
    for i in 0..2000 {
        signpost::records::people::add(&mut laptop, &common::person(&format!("Person {i}")))
            .unwrap();
    }
    let file = dir.path().join("many.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();
    let size_kb = std::fs::metadata(&file).unwrap().len().div_ceil(1024);

    let (_d, mut office) = common::store();
    let watch = StopAfter {
        after: usize::MAX,
        steps: Default::default(),
    };
    let report =
        bundle::import_bundle_file(&mut office, &file, &ImportOptions::dry_run(), &watch).unwrap();
    assert_eq!(report.added.people, 2000);
    let steps = watch.steps.lock().unwrap().clone();
    assert!(steps.len() >= 4, "{steps:?}");
    assert!(steps.windows(2).all(|w| w[0].0 <= w[1].0), "{steps:?}");
    assert_eq!(steps.last(), Some(&(size_kb, size_kb)));

    let stop = StopAfter {
        after: 1,
        steps: Default::default(),
    };
    let err = bundle::import_bundle_file(&mut office, &file, &ImportOptions::import(), &stop)
        .unwrap_err();
    assert!(
        err.to_string().contains("stopped before it finished"),
        "{err}"
    );
    assert!(bundle::build(&office).unwrap().people.is_empty());
}

/// The laptop's first attendee took a two-question quiz in the session.
fn laptop_with_a_quiz() -> (tempfile::TempDir, signpost::records::Store, uuid::Uuid) {
    use signpost::records::attempts::{self, AnsweredQuestion, NewAttempt};
    let (dir, mut store) = laptop_with_names();
    let s = sessions::list(&store).unwrap()[0].session.clone();
    let person = sessions::register(&store, s.id).unwrap().entries[0]
        .person
        .id;
    let now = jiff::Timestamp::now();
    let answer = |position: u32, chosen: Vec<u32>, right: bool| AnsweredQuestion {
        position,
        question_id: format!("q{}", position + 1),
        option_order: vec![2, 0, 1],
        chosen,
        right,
        answered_at: Some(now),
    };
    let attempt = attempts::record(
        &mut store,
        &NewAttempt {
            person_id: person,
            session_id: Some(s.id),
            module_id: "what-is".into(),
            course_title: "Course".into(),
            course_version: "1.0".into(),
            score: signpost::quiz::Score::of(1, 2, 50),
            seed: Some(7),
            answers: vec![answer(0, vec![2], true), answer(1, vec![0, 1], false)],
            started_at: now,
            finished_at: now,
        },
    )
    .unwrap();
    (dir, store, attempt.id)
}

#[test]
fn a_quiz_attempt_arrives_with_its_answers_question_by_question() {
    use signpost::records::attempts;
    let (dir, mut laptop, attempt) = laptop_with_a_quiz();
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();
    let (_d, mut office) = common::store();
    let report =
        bundle::import_bundle_file(&mut office, &file, &ImportOptions::import(), &Silent).unwrap();
    assert!(report.imported, "{:?}", report.problems);
    assert_eq!((report.added.attempts, report.added.quiz_answers), (1, 2));
    let answers = attempts::answers(&office, attempt).unwrap();
    assert_eq!(answers, attempts::answers(&laptop, attempt).unwrap());
    assert_eq!(answers[1].chosen, vec![0, 1]);

    let again =
        bundle::import_bundle_file(&mut office, &file, &ImportOptions::import(), &Silent).unwrap();
    assert_eq!(
        (again.added.total(), again.already_present.quiz_answers),
        (0, 2)
    );
}

#[test]
fn a_quiz_answer_that_cannot_be_right_or_belongs_to_no_attempt_is_named_and_nothing_is_imported() {
    let (dir, mut laptop, attempt) = laptop_with_a_quiz();
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();
    let mut bad: Bundle = bundle::read_bundle(&file).unwrap();
    bad.quiz_answers[0].answer.chosen = vec![5];
    let mut stray = bad.quiz_answers[1].clone();
    stray.attempt_id = uuid::Uuid::new_v4();
    bad.quiz_answers.push(stray.clone());

    let (_d, mut office) = common::store();
    let report =
        bundle::import_bundle(&mut office, &bad, "laptop", &ImportOptions::import()).unwrap();
    assert!(!report.imported);
    let named: Vec<(&str, &str, &str)> = report
        .problems
        .iter()
        .map(|p| (p.kind.as_str(), p.id.as_str(), p.field.as_str()))
        .collect();
    let first = format!("{attempt}/0");
    let missing = format!("{}/1", stray.attempt_id);
    assert!(
        named.contains(&("quiz answer", first.as_str(), "chosen")),
        "{named:?}"
    );
    assert!(
        named.contains(&("quiz answer", missing.as_str(), "attempt id")),
        "{named:?}"
    );
    assert!(bundle::build(&office).unwrap().attempts.is_empty());
}

#[test]
fn a_bundle_made_before_an_erasure_does_not_bring_the_person_back() {
    use signpost::records::{attempts, erase};
    let (dir, mut laptop, attempt) = laptop_with_a_quiz();
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();
    let before = bundle::build(&laptop).unwrap();
    let person = before.attempts[0].person_id;
    erase::erase_person(&mut laptop, person, &Silent).unwrap();

    for options in [ImportOptions::dry_run(), ImportOptions::import()] {
        let report = bundle::import_bundle_file(&mut laptop, &file, &options, &Silent).unwrap();
        assert_eq!(report.imported, !options.dry_run, "{:?}", report.problems);
        // The person, their line on the register and its correction, their
        // attempt and its two answers.
        assert_eq!(report.erased_left_out, 6);
        assert_eq!(report.added.total(), 0);
        assert!(report.problems.is_empty() && report.conflicts.is_empty());
    }
    let after = bundle::build(&laptop).unwrap();
    assert_eq!(after.people.len(), before.people.len() - 1);
    assert!(after.people.iter().all(|p| p.id != person));
    assert!(after.attendance.iter().all(|a| a.person_id != person));
    assert!(after.corrections.is_empty());
    assert!(attempts::answers(&laptop, attempt).unwrap().is_empty());
    assert!(after.attempts.is_empty());
}

#[test]
fn a_later_bundle_from_the_same_laptop_brings_its_records_up_to_date() {
    use signpost::records::AttendanceStatus::{Absent, LeftEarly, Present};
    let (dir, mut laptop) = common::store();
    let s = common::session(&mut laptop);
    let start = common::start(&s);
    let ids: Vec<_> = common::NAMES
        .iter()
        .map(|name| {
            attendance::sign_in_at(&mut laptop, s.id, &common::person(name), &start)
                .unwrap()
                .person
                .id
        })
        .collect();
    let first = dir.path().join("first.json");
    bundle::export_bundle(&mut laptop, &first).unwrap();
    let (_d, mut office) = common::store();
    let imported =
        bundle::import_bundle_file(&mut office, &first, &ImportOptions::import(), &Silent).unwrap();
    assert!(imported.imported);

    // The trainer marks one absent, closes the register and corrects one.
    attendance::set_status(&mut laptop, s.id, ids[1], Absent, None).unwrap();
    sessions::close(&mut laptop, s.id).unwrap();
    attendance::set_status(&mut laptop, s.id, ids[0], LeftEarly, Some("fire drill")).unwrap();
    let second = dir.path().join("second.json");
    bundle::export_bundle(&mut laptop, &second).unwrap();

    let dry = bundle::import_bundle_file(&mut office, &second, &ImportOptions::dry_run(), &Silent)
        .unwrap();
    assert!(dry.conflicts.is_empty() && dry.blocking == 0, "{dry:#?}");
    assert_eq!(
        (
            dry.updated.sessions,
            dry.updated.attendance,
            dry.added.corrections
        ),
        (1, 2, 1)
    );
    let report =
        bundle::import_bundle_file(&mut office, &second, &ImportOptions::import(), &Silent)
            .unwrap();
    assert!(report.imported, "{report:#?}");
    assert_eq!(report.updated.total(), 3);
    let register = sessions::register(&office, s.id).unwrap();
    assert!(register.session.closed_at.is_some(), "closed here too");
    let status_of = |id| {
        register
            .entries
            .iter()
            .find(|e| e.person.id == id)
            .unwrap()
            .status
    };
    assert_eq!(
        (status_of(ids[0]), status_of(ids[1]), status_of(ids[2])),
        (LeftEarly, Absent, Present)
    );

    // The first bundle, imported again, is older than every record here:
    // nothing goes back.
    let again =
        bundle::import_bundle_file(&mut office, &first, &ImportOptions::import(), &Silent).unwrap();
    assert!(again.imported && again.conflicts.is_empty(), "{again:#?}");
    assert_eq!(again.updated.total(), 0);
    let register = sessions::register(&office, s.id).unwrap();
    assert!(register.session.closed_at.is_some());
    assert_eq!(
        register
            .entries
            .iter()
            .find(|e| e.person.id == ids[1])
            .unwrap()
            .status,
        Absent
    );
}

#[test]
fn people_merged_at_the_office_stay_merged_when_the_laptop_s_later_bundle_arrives() {
    use signpost::records::AttendanceStatus::LeftEarly;
    use signpost::records::duplicates;
    let (dir, mut laptop) = common::store();
    let morning = common::session(&mut laptop);
    let afternoon = sessions::create(&mut laptop, &common::new_session("Afternoon")).unwrap();
    // One person, signed in twice under two spellings.
    let short = attendance::sign_in_at(
        &mut laptop,
        morning.id,
        &common::person("Zofia W."),
        &common::start(&morning),
    )
    .unwrap()
    .person;
    let full = attendance::sign_in_at(
        &mut laptop,
        afternoon.id,
        &common::person("Zofia Wiśniewska"),
        &common::start(&afternoon),
    )
    .unwrap()
    .person;
    let first = dir.path().join("first.json");
    bundle::export_bundle(&mut laptop, &first).unwrap();
    let (_d, mut office) = common::store();
    bundle::import_bundle_file(&mut office, &first, &ImportOptions::import(), &Silent).unwrap();
    duplicates::merge(&mut office, full.id, short.id).unwrap();

    // Later, the laptop marks the short spelling as having left early.
    attendance::set_status(&mut laptop, morning.id, short.id, LeftEarly, None).unwrap();
    let second = dir.path().join("second.json");
    bundle::export_bundle(&mut laptop, &second).unwrap();
    let report =
        bundle::import_bundle_file(&mut office, &second, &ImportOptions::import(), &Silent)
            .unwrap();
    assert!(
        report.imported && report.conflicts.is_empty(),
        "{report:#?}"
    );
    assert_eq!(
        (report.added.people, report.updated.attendance),
        (0, 1),
        "the merged spelling is not added back; their mark is brought up to date"
    );
    assert!(signpost::records::people::get(&office, short.id).is_err());
    let morning_here = sessions::register(&office, morning.id).unwrap();
    assert_eq!(morning_here.entries.len(), 1);
    assert_eq!(
        (
            morning_here.entries[0].person.id,
            morning_here.entries[0].status
        ),
        (full.id, LeftEarly)
    );
}

/// A laptop where one person signed in to two sessions under two
/// spellings, and an office that has imported its first bundle.
struct TwoSpellings {
    dir: tempfile::TempDir,
    laptop: signpost::records::Store,
    office: signpost::records::Store,
    _office_dir: tempfile::TempDir,
    morning: uuid::Uuid,
    short: uuid::Uuid,
    full: uuid::Uuid,
}

fn two_spellings(full_before_first_bundle: bool) -> TwoSpellings {
    let (dir, mut laptop) = common::store();
    let morning = common::session(&mut laptop);
    let afternoon = sessions::create(&mut laptop, &common::new_session("Afternoon")).unwrap();
    let sign_in =
        |laptop: &mut signpost::records::Store, session: &sessions::TrainingSession, name| {
            attendance::sign_in_at(
                laptop,
                session.id,
                &common::person(name),
                &common::start(session),
            )
            .unwrap()
            .person
            .id
        };
    let short = sign_in(&mut laptop, &morning, "Zofia W.");
    let mut full = None;
    if full_before_first_bundle {
        full = Some(sign_in(&mut laptop, &afternoon, "Zofia Wiśniewska"));
    }
    let first = dir.path().join("first.json");
    bundle::export_bundle(&mut laptop, &first).unwrap();
    let (office_dir, mut office) = common::store();
    let report =
        bundle::import_bundle_file(&mut office, &first, &ImportOptions::import(), &Silent).unwrap();
    assert!(report.imported, "{report:#?}");
    let full = full.unwrap_or_else(|| sign_in(&mut laptop, &afternoon, "Zofia Wiśniewska"));
    TwoSpellings {
        dir,
        laptop,
        office,
        _office_dir: office_dir,
        morning: morning.id,
        short,
        full,
    }
}

fn on_register(store: &signpost::records::Store, session: uuid::Uuid) -> Vec<uuid::Uuid> {
    sessions::register(store, session)
        .unwrap()
        .entries
        .iter()
        .map(|e| e.person.id)
        .collect()
}

#[test]
fn people_merged_on_the_laptop_are_merged_at_the_office_when_its_next_bundle_arrives() {
    use signpost::records::{duplicates, people};
    // The kept record already at the office, and one it has never seen.
    for full_at_office in [true, false] {
        let mut t = two_spellings(full_at_office);
        duplicates::merge(&mut t.laptop, t.full, t.short).unwrap();
        let second = t.dir.path().join("second.json");
        bundle::export_bundle(&mut t.laptop, &second).unwrap();

        let dry =
            bundle::import_bundle_file(&mut t.office, &second, &ImportOptions::dry_run(), &Silent)
                .unwrap();
        assert!(dry.conflicts.is_empty() && dry.blocking == 0, "{dry:#?}");
        let merges: Vec<_> = dry
            .to_merge
            .iter()
            .map(|m| (m.merged.as_str(), m.kept.as_str()))
            .collect();
        assert_eq!(merges, [("Zofia W.", "Zofia Wiśniewska")], "named as here");
        assert!(
            people::get(&t.office, t.short).is_ok(),
            "a dry run merges nothing"
        );
        let report =
            bundle::import_bundle_file(&mut t.office, &second, &ImportOptions::import(), &Silent)
                .unwrap();
        assert!(
            report.imported && report.conflicts.is_empty(),
            "{report:#?}"
        );
        assert_eq!(report.to_merge.len(), 1);
        assert!(people::get(&t.office, t.short).is_err());
        assert_eq!(on_register(&t.office, t.morning), vec![t.full]);

        // The first bundle, which still holds the short spelling, brings
        // nothing back, and the two installs now hold the same people.
        let first = t.dir.path().join("first.json");
        let again =
            bundle::import_bundle_file(&mut t.office, &first, &ImportOptions::import(), &Silent)
                .unwrap();
        assert!(again.imported && again.conflicts.is_empty(), "{again:#?}");
        assert_eq!(again.added.people, 0);
        let ids = |store: &signpost::records::Store| {
            let mut ids: Vec<_> = bundle::build(store)
                .unwrap()
                .people
                .iter()
                .map(|p| p.id)
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&t.office), ids(&t.laptop));
    }
}

#[test]
fn a_merge_on_a_closed_register_is_corrected_once_wherever_it_is_repeated() {
    use signpost::records::duplicates;
    use signpost::records::status::AttendanceStatus;
    let (dir, mut laptop) = common::store();
    let morning = common::session(&mut laptop);
    let short = attendance::sign_in_at(
        &mut laptop,
        morning.id,
        &common::person("Zofia W."),
        &common::start(&morning),
    )
    .unwrap()
    .person
    .id;
    let full = attendance::add_by_hand(
        &mut laptop,
        morning.id,
        &common::person("Zofia Wiśniewska"),
        AttendanceStatus::Absent,
    )
    .unwrap()
    .id;
    sessions::close(&mut laptop, morning.id).unwrap();
    let first = dir.path().join("first.json");
    bundle::export_bundle(&mut laptop, &first).unwrap();
    let (_office_dir, mut office) = common::store();
    let report =
        bundle::import_bundle_file(&mut office, &first, &ImportOptions::import(), &Silent).unwrap();
    assert!(report.imported, "{report:#?}");

    // Kept: the line marked absent; her sign-in wins, on a closed register
    // recorded as a correction.
    duplicates::merge(&mut laptop, full, short).unwrap();
    let merged = |store: &signpost::records::Store| {
        attendance::corrections(store, morning.id)
            .unwrap()
            .into_iter()
            .map(|c| (c.old_status, c.new_status, c.reason))
            .collect::<Vec<_>>()
    };
    let once = vec![(
        AttendanceStatus::Absent,
        AttendanceStatus::Present,
        "two records of the same person were merged".to_string(),
    )];
    assert_eq!(merged(&laptop), once);

    let second = dir.path().join("second.json");
    bundle::export_bundle(&mut laptop, &second).unwrap();
    for _ in 0..2 {
        let report =
            bundle::import_bundle_file(&mut office, &second, &ImportOptions::import(), &Silent)
                .unwrap();
        assert!(
            report.imported && report.conflicts.is_empty(),
            "{report:#?}"
        );
        assert_eq!(
            merged(&office),
            once,
            "the office's own merge and the laptop's are one"
        );
    }

    let back = dir.path().join("back.json");
    bundle::export_bundle(&mut office, &back).unwrap();
    let report =
        bundle::import_bundle_file(&mut laptop, &back, &ImportOptions::import(), &Silent).unwrap();
    assert!(
        report.imported && report.conflicts.is_empty(),
        "{report:#?}"
    );
    assert_eq!(merged(&laptop), once);
}

#[test]
fn someone_merged_on_the_laptop_into_a_person_erased_at_the_office_is_erased_there_too() {
    use signpost::records::{duplicates, erase, people};
    let mut t = two_spellings(true);
    erase::erase_person(&mut t.office, t.full, &Silent).unwrap();
    duplicates::merge(&mut t.laptop, t.full, t.short).unwrap();
    let second = t.dir.path().join("second.json");
    bundle::export_bundle(&mut t.laptop, &second).unwrap();

    let unagreed =
        bundle::import_bundle_file(&mut t.office, &second, &ImportOptions::import(), &Silent)
            .unwrap();
    assert!(!unagreed.imported);
    let names: Vec<_> = unagreed.to_erase.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Zofia W."]);
    let agreed = ImportOptions {
        erase: true,
        ..ImportOptions::import()
    };
    let report = bundle::import_bundle_file(&mut t.office, &second, &agreed, &Silent).unwrap();
    assert!(report.imported, "{report:#?}");
    assert_eq!(report.erasures.len(), 1);
    assert!(people::get(&t.office, t.short).is_err());
    assert!(on_register(&t.office, t.morning).is_empty());
}

#[test]
fn a_learner_s_staff_number_travels_in_the_bundle_and_finds_them_at_the_office() {
    use signpost::records::learners::{self, LearnerDetails};
    let (dir, mut laptop) = common::store();
    let details = LearnerDetails {
        name: "Sam Lee".into(),
        team: "Housing".into(),
        key: "E77".into(),
    };
    let sam = learners::start(&mut laptop, &details).unwrap();
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();
    let with_number: Bundle = bundle::read_bundle(&file).unwrap();
    assert_eq!(with_number.people[0].staff_number.as_deref(), Some("E77"));
    // The same bundle as a Signpost made it before staff numbers travelled.
    let mut without = with_number.clone();
    without.people[0].staff_number = None;

    let (_d, mut office) = common::store();
    let import = |office: &mut signpost::records::Store, b: &Bundle| {
        bundle::import_bundle(office, b, "laptop", &ImportOptions::import()).unwrap()
    };
    let first = import(&mut office, &without);
    assert!(first.imported);
    assert!(learners::find(&office, "Sam Lee", "E77").is_err());
    let second = import(&mut office, &with_number);
    assert!(
        second.imported && second.conflicts.is_empty(),
        "{second:#?}"
    );
    assert_eq!(second.updated.people, 1, "the number fills the blank");
    assert_eq!(
        learners::find(&office, "Sam Lee", "E77").unwrap().person_id,
        sam.person_id
    );
    // An older bundle without it takes nothing away.
    let third = import(&mut office, &without);
    assert!(third.imported && third.conflicts.is_empty(), "{third:#?}");
    assert!(learners::find(&office, "Sam Lee", "E77").is_ok());
}
