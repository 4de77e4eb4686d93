//! One person, one record (issue 16): names compared after normalisation
//! at the kiosk, by hand and from rosters; an email never turns one person
//! into another; possible duplicates listed; a merge moves everything, and
//! an erasure after it leaves no trace of either record.

mod common;

use std::path::PathBuf;

use signpost::export::roster::{self, ColumnMapping};
use signpost::export::roster_people::{self, RowChoice, RowChoices};
use signpost::records::duplicates::{self, DuplicateReason};
use signpost::records::erase::erase_person;
use signpost::records::people::PersonDetails;
use signpost::records::search::{self, PersonFilter, SessionFilter};
use signpost::records::{
    AttendanceStatus, RecordsError, Store, attempts, attendance, audit, certificates, names,
    progress, sessions,
};

use common::start;

fn with_email(name: &str, email: &str) -> PersonDetails {
    PersonDetails {
        email: Some(email.into()),
        ..common::person(name)
    }
}

fn register_names(store: &Store, session: uuid::Uuid) -> Vec<String> {
    sessions::register(store, session)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.person.name)
        .collect()
}

#[test]
fn the_same_name_signed_in_again_in_another_case_spacing_or_composition_is_already_signed_in() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let at = start(&s);
    let first = attendance::sign_in_at(
        &mut store,
        s.id,
        &with_email("Zoë Łukasiewicz-Nowak", "zoe@example.org"),
        &at,
    )
    .unwrap();
    for again in [
        "Zoë Łukasiewicz-Nowak",
        "  zoë   łukasiewicz-nowak  ",
        "Zoe\u{308} Łukasiewicz-Nowak",
    ] {
        let mut details = common::person(again);
        details.organisation = String::new();
        let signed = attendance::sign_in_at(&mut store, s.id, &details, &at).unwrap();
        assert!(signed.already_signed_in, "{again:?}");
        assert_eq!(signed.person.id, first.person.id, "{again:?}");
    }
    attendance::sign_in_at(&mut store, s.id, &common::person("Wei Zhang 张伟"), &at).unwrap();
    let again =
        attendance::sign_in_at(&mut store, s.id, &common::person("wei zhang 张伟 "), &at).unwrap();
    assert!(again.already_signed_in);
    assert_eq!(
        register_names(&store, s.id).len(),
        2,
        "Zoë and Wei, once each"
    );
}

#[test]
fn names_are_stored_exactly_as_typed_though_compared_normalised() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let typed = "Zoe\u{308}  Ł-Nowak";
    attendance::sign_in_at(&mut store, s.id, &common::person(typed), &start(&s)).unwrap();
    assert_eq!(register_names(&store, s.id), vec![typed.to_string()]);
}

#[test]
fn an_email_someone_else_gave_signs_the_typist_in_as_themselves() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let at = start(&s);
    let zoe = attendance::sign_in_at(
        &mut store,
        s.id,
        &with_email("Zoë Łukasiewicz-Nowak", "zoe@example.org"),
        &at,
    )
    .unwrap();
    let sam = attendance::sign_in_at(
        &mut store,
        s.id,
        &with_email("Sam Smith", "ZOE@example.org"),
        &at,
    )
    .unwrap();
    assert_ne!(sam.person.id, zoe.person.id);
    assert!(!sam.already_signed_in);
    assert_eq!(sam.person.name, "Sam Smith");
    let mut names = register_names(&store, s.id);
    names.sort();
    assert_eq!(names, vec!["Sam Smith", "Zoë Łukasiewicz-Nowak"]);
}

#[test]
fn the_same_name_with_a_different_email_on_one_register_is_someone_else() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let at = start(&s);
    let one = attendance::sign_in_at(
        &mut store,
        s.id,
        &with_email("John Smith", "john@a.org"),
        &at,
    )
    .unwrap();
    let two = attendance::sign_in_at(
        &mut store,
        s.id,
        &with_email("John Smith", "john@b.org"),
        &at,
    )
    .unwrap();
    assert_ne!(one.person.id, two.person.id);
    assert!(!two.already_signed_in);
}

#[test]
fn namesakes_from_two_organisations_on_one_register_are_two_people() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let at = start(&s);
    let from = |organisation: &str| PersonDetails {
        organisation: organisation.into(),
        ..common::person("Mohammed Ali")
    };
    let acme = attendance::sign_in_at(&mut store, s.id, &from("Acme Housing"), &at).unwrap();
    let beta = attendance::sign_in_at(&mut store, s.id, &from("Beta Care"), &at).unwrap();
    assert_ne!(acme.person.id, beta.person.id);
    assert!(!beta.already_signed_in);
    assert_eq!(beta.person.organisation, "Beta Care", "kept as typed");
    // The same organisation however written is the first again; with none,
    // a namesake already here.
    let again = attendance::sign_in_at(&mut store, s.id, &from("  ACME housing "), &at).unwrap();
    assert!(again.already_signed_in);
    assert_eq!(again.person.id, acme.person.id);
    let unsaid = attendance::sign_in_at(&mut store, s.id, &from(""), &at).unwrap();
    assert!(unsaid.already_signed_in);
    assert_eq!(register_names(&store, s.id).len(), 2);
}

#[test]
fn adding_someone_by_hand_matches_names_the_way_the_kiosk_does() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let signed = attendance::sign_in_at(
        &mut store,
        s.id,
        &common::person("Ольга Петрова"),
        &start(&s),
    )
    .unwrap();
    let added = attendance::add_by_hand(
        &mut store,
        s.id,
        &common::person(" ОЛЬГА  ПЕТРОВА"),
        AttendanceStatus::Late,
    )
    .unwrap();
    assert_eq!(added.id, signed.person.id);
    assert_eq!(register_names(&store, s.id), vec!["Ольга Петрова"]);
}

fn shared_emails_roster() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/shared-emails/roster.csv")
}

/// A store holding Zoë (zoe@example.org) and an open session.
fn store_with_zoe() -> (tempfile::TempDir, Store, sessions::TrainingSession) {
    let (dir, mut store) = common::store();
    let earlier = sessions::create(&mut store, &common::new_session("Earlier")).unwrap();
    attendance::sign_in_at(
        &mut store,
        earlier.id,
        &with_email("Zoë Łukasiewicz-Nowak", "zoe@example.org"),
        &start(&earlier),
    )
    .unwrap();
    let s = common::session(&mut store);
    (dir, store, s)
}

#[test]
fn a_roster_check_flags_every_row_whose_email_someone_with_another_name_gave() {
    let (_dir, store, _s) = store_with_zoe();
    let check =
        roster_people::check(&store, &shared_emails_roster(), &ColumnMapping::new()).unwrap();
    assert_eq!(check.preview.errors, vec![]);
    type Holders = Vec<(String, Option<u32>)>;
    let flagged: Vec<(u32, Holders)> = check
        .shared_emails
        .iter()
        .map(|s| {
            (
                s.row,
                s.holders.iter().map(|h| (h.name.clone(), h.row)).collect(),
            )
        })
        .collect();
    assert_eq!(
        flagged,
        vec![
            (3, vec![("Tom Jones".to_string(), Some(2))]),
            (4, vec![("Zoë Łukasiewicz-Nowak".to_string(), None)]),
        ],
        "Thomas shares Tom's email (another case), Sam shares Zoë's; Zoë's own row is Zoë"
    );
}

#[test]
fn an_email_with_letters_beyond_ascii_is_flagged_whatever_its_case() {
    let (dir, mut store) = common::store();
    let earlier = sessions::create(&mut store, &common::new_session("Earlier")).unwrap();
    for (name, email) in [
        ("Éva Kovács", "éva@példa.hu"),
        // Found by the same folded text, but another address.
        ("Neva Nagy", "neva@pelda.hu"),
    ] {
        attendance::sign_in_at(
            &mut store,
            earlier.id,
            &with_email(name, email),
            &start(&earlier),
        )
        .unwrap();
    }
    let file = dir.path().join("roster.csv");
    std::fs::write(&file, "Name,Email\nEva K.,ÉVA@PÉLDA.HU\n").unwrap();
    let check = roster_people::check(&store, &file, &ColumnMapping::new()).unwrap();
    let flagged: Vec<(u32, Vec<String>)> = check
        .shared_emails
        .iter()
        .map(|s| (s.row, s.holders.iter().map(|h| h.name.clone()).collect()))
        .collect();
    assert_eq!(flagged, vec![(2, vec!["Éva Kovács".to_string()])]);
}

#[test]
fn a_roster_changed_since_it_was_checked_is_refused_and_nothing_is_imported() {
    let (dir, mut store, s) = store_with_zoe();
    let file = dir.path().join("roster.csv");
    std::fs::copy(shared_emails_roster(), &file).unwrap();
    let checked = roster_people::check(&store, &file, &ColumnMapping::new()).unwrap();
    let choices = RowChoices::from([(4, RowChoice::SamePerson)]);
    let before = sessions::register(&store, s.id).unwrap().entries.len();
    // Edited and saved again: row 4 is someone else now.
    let edited =
        std::fs::read_to_string(&file)
            .unwrap()
            .replacen('\n', "\nAda Lovelace,,Herts\n", 1);
    std::fs::write(&file, edited).unwrap();
    let err = roster_people::import_csv(
        &mut store,
        s.id,
        &file,
        &ColumnMapping::new(),
        &choices,
        Some(&checked.fingerprint),
    )
    .unwrap_err();
    assert_eq!(err.code(), "roster_changed", "{err}");
    assert_eq!(
        sessions::register(&store, s.id).unwrap().entries.len(),
        before
    );
    // Checked again, it imports.
    let again = roster_people::check(&store, &file, &ColumnMapping::new()).unwrap();
    roster_people::import_csv(
        &mut store,
        s.id,
        &file,
        &ColumnMapping::new(),
        &RowChoices::new(),
        Some(&again.fingerprint),
    )
    .unwrap();
}

#[test]
fn rows_chosen_as_new_people_are_imported_as_themselves_and_counted_truly() {
    let (_dir, mut store, s) = store_with_zoe();
    let choices = RowChoices::from([(3, RowChoice::NewPerson), (4, RowChoice::NewPerson)]);
    let done = roster_people::import_csv(
        &mut store,
        s.id,
        &shared_emails_roster(),
        &ColumnMapping::new(),
        &choices,
        None,
    )
    .unwrap();
    assert_eq!(
        (
            done.added_to_register,
            done.new_people,
            done.already_on_register,
            done.repeated_in_file
        ),
        (5, 4, 0, 0)
    );
    let mut names = register_names(&store, s.id);
    names.sort();
    assert_eq!(
        names,
        vec![
            "Ada Lovelace",
            "Sam Smith",
            "Thomas Jones",
            "Tom Jones",
            "Zoë Łukasiewicz-Nowak"
        ]
    );
}

#[test]
fn a_row_chosen_as_the_same_person_joins_the_earlier_row_and_is_counted_as_repeated() {
    let (_dir, mut store, s) = store_with_zoe();
    let choices = RowChoices::from([(3, RowChoice::SamePerson)]);
    let done = roster_people::import_csv(
        &mut store,
        s.id,
        &shared_emails_roster(),
        &ColumnMapping::new(),
        &choices,
        None,
    )
    .unwrap();
    assert_eq!(
        (
            done.added_to_register,
            done.new_people,
            done.already_on_register,
            done.repeated_in_file
        ),
        (4, 3, 0, 1),
        "Thomas is Tom; Sam, without a choice, is a new person"
    );
    let names = register_names(&store, s.id);
    assert!(!names.contains(&"Thomas Jones".to_string()));
    assert!(names.contains(&"Sam Smith".to_string()));
}

#[test]
fn the_older_roster_import_without_choices_never_merges_people_sharing_an_email() {
    let (_dir, mut store, s) = store_with_zoe();
    let preview = roster::preview(
        &std::fs::read(shared_emails_roster()).unwrap(),
        &ColumnMapping::new(),
    );
    let done = roster::import(&mut store, s.id, &preview).unwrap();
    assert_eq!((done.added_to_register, done.new_people), (5, 4));
}

#[test]
fn possible_duplicates_are_the_same_name_or_the_same_email_under_different_names() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let at = start(&s);
    let zoe = attendance::sign_in_at(
        &mut store,
        s.id,
        &with_email("Zoë Nowak", "zoe@example.org"),
        &at,
    )
    .unwrap()
    .person;
    let sam = attendance::sign_in_at(
        &mut store,
        s.id,
        &with_email("Sam Smith", "zoe@example.org"),
        &at,
    )
    .unwrap()
    .person;
    let mut other_org = common::person("ZOË  NOWAK");
    other_org.organisation = "Elsewhere".into();
    let later = sessions::create(&mut store, &common::new_session("Later")).unwrap();
    let zoe_again = attendance::sign_in_at(&mut store, later.id, &other_org, &start(&later))
        .unwrap()
        .person;
    attendance::sign_in_at(&mut store, s.id, &common::person("Nobody Else"), &at).unwrap();

    let found: Vec<(uuid::Uuid, uuid::Uuid, DuplicateReason)> = duplicates::possible(&store)
        .unwrap()
        .into_iter()
        .map(|d| (d.first.id, d.second.id, d.reason))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.contains(&(zoe.id, sam.id, DuplicateReason::SameEmail)));
    assert!(found.contains(&(zoe.id, zoe_again.id, DuplicateReason::SameName)));
}

#[test]
fn names_that_differ_only_in_accents_are_listed_as_possible_duplicates() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let at = start(&s);
    let sign = |store: &mut signpost::records::Store, name: &str| {
        attendance::sign_in_at(store, s.id, &common::person(name), &at)
            .unwrap()
            .person
    };
    let accented = sign(&mut store, "Łukasz Żółkiewski");
    let plain = sign(&mut store, "Lukasz Zolkiewski");
    let zoe = sign(&mut store, "Zoë Nowak");
    let zoe_plain = sign(&mut store, "zoe nowak");
    sign(&mut store, "Lukas Zolkiewski");
    assert_ne!(
        accented.id, plain.id,
        "accents still count when matching at the kiosk"
    );

    let found: Vec<(uuid::Uuid, uuid::Uuid, DuplicateReason)> = duplicates::possible(&store)
        .unwrap()
        .into_iter()
        .map(|d| (d.first.id, d.second.id, d.reason))
        .collect();
    assert_eq!(
        found,
        [
            (accented.id, plain.id, DuplicateReason::SimilarName),
            (zoe.id, zoe_plain.id, DuplicateReason::SimilarName),
        ]
    );
}

#[test]
fn a_merge_moves_everything_onto_one_record_and_an_erasure_then_leaves_no_trace_of_either() {
    let (dir, mut store) = common::store();
    let a = common::session(&mut store);
    let b = sessions::create(&mut store, &common::new_session("Afternoon")).unwrap();
    let first = "Merjem Kovačević-Erasable";
    let second = "Merjem K. Secondrecord";
    let kept = attendance::sign_in_at(
        &mut store,
        a.id,
        &with_email(first, "merjem@example.org"),
        &start(&a),
    )
    .unwrap()
    .person;
    let merged = attendance::sign_in_at(
        &mut store,
        b.id,
        &with_email(second, "merjem.k@example.org"),
        &start(&b),
    )
    .unwrap()
    .person;
    // Both on session a: kept expected (from a roster, say), merged signed in.
    attendance::sign_in_at(
        &mut store,
        a.id,
        &with_email(second, "merjem.k@example.org"),
        &start(&a),
    )
    .unwrap();
    let now = jiff::Timestamp::now();
    attempts::record(
        &mut store,
        &attempts::NewAttempt {
            person_id: merged.id,
            session_id: Some(b.id),
            module_id: "m1".into(),
            course_title: "Course".into(),
            course_version: "1".into(),
            score: signpost::quiz::Score::of(3, 4, 70),
            seed: None,
            answers: Vec::new(),
            started_at: now,
            finished_at: now,
        },
    )
    .unwrap();
    progress::save(&mut store, kept.id, common::COURSE_TITLE, "m1", 1, false).unwrap();
    progress::save(&mut store, merged.id, common::COURSE_TITLE, "m1", 4, true).unwrap();
    progress::save(&mut store, merged.id, common::COURSE_TITLE, "m2", 2, false).unwrap();
    certificates::issue(&mut store, merged.id, "Course", "1").unwrap();
    sessions::close(&mut store, b.id).unwrap();
    attendance::set_status(
        &mut store,
        b.id,
        merged.id,
        AttendanceStatus::LeftEarly,
        Some("left at lunch"),
    )
    .unwrap();
    signpost::records::backup::backup_now(&mut store, now, &signpost::progress::Silent).unwrap();

    let report = duplicates::merge(&mut store, kept.id, merged.id).unwrap();
    assert_eq!(
        (
            report.sessions_moved,
            report.sessions_combined,
            report.attempts_moved,
            report.certificates_moved,
            report.progress_moved
        ),
        (1, 1, 1, 1, 2)
    );
    let history = search::person_history(&store, kept.id).unwrap();
    assert_eq!(history.sessions.len(), 2, "one line per session");
    assert_eq!(history.attempts.len(), 1);
    assert_eq!(history.certificates.len(), 1);
    let m1 = history
        .progress
        .iter()
        .find(|p| p.module_id == "m1")
        .unwrap();
    assert!(
        m1.completed_at.is_some() && m1.slide == 4,
        "the further progress is kept"
    );
    assert_eq!(attendance::corrections(&store, b.id).unwrap().len(), 1);
    assert!(matches!(
        signpost::records::people::get(&store, merged.id),
        Err(RecordsError::NotFound { .. })
    ));
    let log = audit::list(&store, 10).unwrap();
    let line = log
        .iter()
        .find(|e| e.action == audit::AuditAction::Merge)
        .unwrap();
    assert!(
        line.detail.contains(&merged.id.to_string()) && line.detail.contains(&kept.id.to_string())
    );
    assert!(
        !line.detail.contains("Merjem"),
        "the audit log names ids only"
    );
    assert!(duplicates::possible(&store).unwrap().is_empty());

    erase_person(&mut store, kept.id, &signpost::progress::Silent).unwrap();
    drop(store);
    for path in common::files_under(dir.path()) {
        let bytes = std::fs::read(&path).unwrap();
        for trace in [
            first,
            second,
            "merjem@example.org",
            "merjem.k@example.org",
            "Secondrecord",
        ] {
            assert!(
                !common::contains(&bytes, trace),
                "{trace} left in {}",
                path.display()
            );
        }
        let folded = names::search_key(second);
        assert!(
            !common::contains(&bytes, &folded),
            "the folded name left in {}",
            path.display()
        );
    }
}

#[test]
fn a_record_cannot_be_merged_into_itself() {
    let (_dir, mut store) = common::store();
    let p = signpost::records::people::add(&mut store, &common::person("Ada")).unwrap();
    let err = duplicates::merge(&mut store, p.id, p.id).unwrap_err();
    assert!(matches!(err, RecordsError::Invalid { .. }), "{err}");
}

#[test]
fn search_finds_people_without_their_accents_or_case_in_every_script() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let at = start(&s);
    for name in [
        "Zoë Łukasiewicz-Nowak",
        "Ольга Петрова",
        "王小明",
        "Ἀθηνᾶ Παππᾶ",
    ] {
        attendance::sign_in_at(&mut store, s.id, &common::person(name), &at).unwrap();
    }
    let find = |text: &str| -> Vec<String> {
        search::people(
            &store,
            &PersonFilter {
                text: Some(text.into()),
                ..Default::default()
            },
        )
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
    };
    assert_eq!(find("zoe"), vec!["Zoë Łukasiewicz-Nowak"]);
    assert_eq!(find("LUKASIEWICZ"), vec!["Zoë Łukasiewicz-Nowak"]);
    assert_eq!(find("ольга"), vec!["Ольга Петрова"]);
    assert_eq!(find("小明"), vec!["王小明"]);
    assert_eq!(find("αθηνα"), vec!["Ἀθηνᾶ Παππᾶ"]);
}

#[test]
fn the_team_filter_narrows_sessions_to_those_with_someone_of_that_team() {
    let (_dir, mut store) = common::store();
    let with_police = common::session(&mut store);
    let without = sessions::create(&mut store, &common::new_session("Council only")).unwrap();
    let mut officer = common::person("Pat");
    officer.organisation = "Herts Police".into();
    attendance::sign_in_at(&mut store, with_police.id, &officer, &start(&with_police)).unwrap();
    attendance::sign_in_at(
        &mut store,
        without.id,
        &common::person("Cal"),
        &start(&without),
    )
    .unwrap();
    let found: Vec<uuid::Uuid> = search::sessions(
        &store,
        &SessionFilter {
            team: Some("police".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .into_iter()
    .map(|s| s.session.id)
    .collect();
    assert_eq!(found, vec![with_police.id]);
}

#[test]
fn a_search_whose_from_date_is_after_its_to_date_says_so() {
    let (_dir, store) = common::store();
    let filter = SessionFilter {
        from: Some(jiff::civil::date(2025, 5, 1)),
        to: Some(jiff::civil::date(2025, 4, 1)),
        ..Default::default()
    };
    let err = search::sessions(&store, &filter).unwrap_err();
    assert!(
        matches!(
            err,
            RecordsError::Invalid {
                field: "date range",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("From"), "{err}");
}
