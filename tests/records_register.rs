//! Sessions and their registers: signing in at the kiosk, a trainer's marks,
//! closing, corrections, searching and a person's history.

mod common;

use jiff::civil::date;
use signpost::records::attendance::{self, LATE_AFTER};
use signpost::records::search::{self, PersonFilter, SessionFilter};
use signpost::records::{
    AttendanceStatus, RecordsError, SessionStatus, attempts, certificates, people, progress,
    sessions,
};

fn at(session: &sessions::TrainingSession, minutes_after_start: i64) -> jiff::Zoned {
    common::start(session)
        .checked_add(jiff::SignedDuration::from_mins(minutes_after_start))
        .unwrap()
}

#[test]
fn signing_in_adds_the_person_and_marks_them_present() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let signed = attendance::sign_in_at(
        &mut store,
        s.id,
        &common::person("Ada Lovelace"),
        &at(&s, -5),
    )
    .unwrap();
    assert!(signed.new_person);
    assert_eq!(signed.status, AttendanceStatus::Present);
    let register = sessions::register(&store, s.id).unwrap();
    assert_eq!(register.entries.len(), 1);
    assert_eq!(register.entries[0].person.name, "Ada Lovelace");
    assert_eq!(register.entries[0].signed_in_at, Some(signed.signed_in_at));
}

#[test]
fn signing_in_well_after_the_start_marks_the_person_late() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let minutes = LATE_AFTER.as_mins() + 1;
    let signed = attendance::sign_in_at(
        &mut store,
        s.id,
        &common::person("Late Larry"),
        &at(&s, minutes),
    )
    .unwrap();
    assert_eq!(signed.status, AttendanceStatus::Late);
}

#[test]
fn signing_in_twice_keeps_one_line_and_the_first_time() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let first =
        attendance::sign_in_at(&mut store, s.id, &common::person("Ada"), &at(&s, 0)).unwrap();
    let again =
        attendance::sign_in_at(&mut store, s.id, &common::person(" ada "), &at(&s, 30)).unwrap();
    assert!(again.already_signed_in);
    assert!(!again.new_person);
    assert_eq!(again.person.id, first.person.id);
    assert_eq!(again.signed_in_at, first.signed_in_at);
    assert_eq!(sessions::register(&store, s.id).unwrap().entries.len(), 1);
}

#[test]
fn the_same_name_and_email_is_the_same_person_in_another_session() {
    let (_dir, mut store) = common::store();
    let a = common::session(&mut store);
    let b = sessions::create(&mut store, &common::new_session("Afternoon")).unwrap();
    let mut details = common::person("Ada Lovelace");
    details.email = Some("ada@example.org".into());
    let first = attendance::sign_in_at(&mut store, a.id, &details, &at(&a, 0)).unwrap();
    details.name = " ADA  lovelace".into();
    details.email = Some("ADA@example.org".into());
    details.organisation = "Elsewhere".into();
    let second = attendance::sign_in_at(&mut store, b.id, &details, &at(&b, 0)).unwrap();
    assert_eq!(first.person.id, second.person.id);
}

#[test]
fn a_sign_in_without_a_name_is_refused_and_changes_nothing() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let err = attendance::sign_in(&mut store, s.id, &common::person("   ")).unwrap_err();
    assert!(
        matches!(err, RecordsError::Invalid { field: "name", .. }),
        "{err}"
    );
    assert!(sessions::register(&store, s.id).unwrap().entries.is_empty());
}

#[test]
fn names_in_every_script_round_trip_through_sign_in() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    for name in common::NAMES {
        attendance::sign_in_at(&mut store, s.id, &common::person(name), &at(&s, 0)).unwrap();
    }
    let mut names: Vec<String> = sessions::register(&store, s.id)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.person.name)
        .collect();
    names.sort();
    let mut expected: Vec<String> = common::NAMES.iter().map(|n| n.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn a_trainer_can_mark_people_on_an_open_register_directly() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let p = people::add(&mut store, &common::person("Bea")).unwrap();
    for status in [
        AttendanceStatus::Present,
        AttendanceStatus::LeftEarly,
        AttendanceStatus::Absent,
    ] {
        let correction = attendance::set_status(&mut store, s.id, p.id, status, None).unwrap();
        assert_eq!(correction, None);
        assert_eq!(
            sessions::register(&store, s.id).unwrap().entries[0].status,
            status
        );
    }
}

#[test]
fn a_trainer_can_add_someone_by_hand_once_and_only_to_an_open_register() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let walk_in = people::PersonDetails {
        email: Some("agnieszka@example.org".into()),
        ..common::person("Agnieszka Wójcik")
    };
    let added =
        attendance::add_by_hand(&mut store, s.id, &walk_in, AttendanceStatus::Late).unwrap();
    let again =
        attendance::add_by_hand(&mut store, s.id, &walk_in, AttendanceStatus::Present).unwrap();
    assert_eq!(added.id, again.id, "the same details are the same person");
    let register = sessions::register(&store, s.id).unwrap();
    assert_eq!(register.entries.len(), 1, "one line, its mark changed");
    assert_eq!(register.entries[0].person.name, "Agnieszka Wójcik");
    assert_eq!(register.entries[0].status, AttendanceStatus::Present);
    assert_eq!(register.entries[0].signed_in_at, None, "nobody signed in");

    let nameless = people::PersonDetails::default();
    let err = attendance::add_by_hand(&mut store, s.id, &nameless, AttendanceStatus::Present)
        .unwrap_err();
    assert!(matches!(err, RecordsError::Invalid { .. }), "{err}");

    sessions::close(&mut store, s.id).unwrap();
    let err = attendance::add_by_hand(
        &mut store,
        s.id,
        &common::person("Too late"),
        AttendanceStatus::Present,
    )
    .unwrap_err();
    assert_eq!(err.code(), "session_closed");
    assert_eq!(sessions::register(&store, s.id).unwrap().entries.len(), 1);
}

#[test]
fn closing_a_session_marks_those_still_expected_absent() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let p = people::add(&mut store, &common::person("Cal")).unwrap();
    attendance::set_status(&mut store, s.id, p.id, AttendanceStatus::Expected, None).unwrap();
    let closed = sessions::close(&mut store, s.id).unwrap();
    assert_eq!(closed.status, SessionStatus::Closed);
    assert!(closed.closed_at.is_some());
    let summary = &sessions::list(&store).unwrap()[0];
    assert_eq!((summary.absent, summary.expected), (1, 0));
}

#[test]
fn changing_a_closed_register_records_a_correction_with_its_reason() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let signed =
        attendance::sign_in_at(&mut store, s.id, &common::person("Dee"), &at(&s, 0)).unwrap();
    sessions::close(&mut store, s.id).unwrap();

    let err = attendance::set_status(
        &mut store,
        s.id,
        signed.person.id,
        AttendanceStatus::LeftEarly,
        None,
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            RecordsError::Invalid {
                field: "reason",
                ..
            }
        ),
        "{err}"
    );

    let correction = attendance::set_status(
        &mut store,
        s.id,
        signed.person.id,
        AttendanceStatus::LeftEarly,
        Some("left at the break"),
    )
    .unwrap()
    .unwrap();
    assert_eq!(correction.old_status, AttendanceStatus::Present);
    assert_eq!(correction.new_status, AttendanceStatus::LeftEarly);
    assert_eq!(
        attendance::corrections(&store, s.id).unwrap(),
        vec![correction]
    );
    let entry = &sessions::register(&store, s.id).unwrap().entries[0];
    assert_eq!(
        (entry.status, entry.corrections),
        (AttendanceStatus::LeftEarly, 1)
    );
}

#[test]
fn nobody_can_sign_in_to_a_closed_session() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    sessions::close(&mut store, s.id).unwrap();
    let err = attendance::sign_in(&mut store, s.id, &common::person("Eve")).unwrap_err();
    assert_eq!(err.code(), "session_closed");
}

#[test]
fn sessions_are_found_by_text_date_range_and_status() {
    let (_dir, mut store) = common::store();
    let mut march = common::new_session("Frontline staff");
    march.date = date(2025, 3, 1);
    let mut may = common::new_session("Managers' briefing");
    may.date = date(2025, 5, 1);
    may.trainer = "Żaneta Nowak".into();
    let march = sessions::create(&mut store, &march).unwrap();
    let may = sessions::create(&mut store, &may).unwrap();
    sessions::close(&mut store, march.id).unwrap();

    let ids = |f: SessionFilter| -> Vec<_> {
        search::sessions(&store, &f)
            .unwrap()
            .into_iter()
            .map(|s| s.session.id)
            .collect()
    };
    assert_eq!(
        ids(SessionFilter {
            text: Some("żaneta".into()),
            ..Default::default()
        }),
        vec![may.id]
    );
    assert_eq!(
        ids(SessionFilter {
            from: Some(date(2025, 4, 1)),
            ..Default::default()
        }),
        vec![may.id]
    );
    assert_eq!(
        ids(SessionFilter {
            to: Some(date(2025, 3, 31)),
            ..Default::default()
        }),
        vec![march.id]
    );
    assert_eq!(
        ids(SessionFilter {
            status: Some(SessionStatus::Closed),
            ..Default::default()
        }),
        vec![march.id]
    );
    assert_eq!(ids(SessionFilter::default()), vec![may.id, march.id]);
}

#[test]
fn people_are_found_by_text_team_and_attendance() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let mut olga = common::person("Ольга Петрова");
    olga.team = "Housing".into();
    let olga = attendance::sign_in_at(&mut store, s.id, &olga, &at(&s, 0))
        .unwrap()
        .person;
    let sam = people::add(&mut store, &common::person("Sam 🌟")).unwrap();
    attendance::set_status(&mut store, s.id, sam.id, AttendanceStatus::Absent, None).unwrap();

    let ids = |f: PersonFilter| -> Vec<_> {
        search::people(&store, &f)
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect()
    };
    assert_eq!(
        ids(PersonFilter {
            text: Some("ольга".into()),
            ..Default::default()
        }),
        vec![olga.id]
    );
    assert_eq!(
        ids(PersonFilter {
            team: Some("housing".into()),
            ..Default::default()
        }),
        vec![olga.id]
    );
    assert_eq!(
        ids(PersonFilter {
            status: Some(AttendanceStatus::Absent),
            ..Default::default()
        }),
        vec![sam.id]
    );
}

#[test]
fn a_persons_history_holds_their_sessions_attempts_certificates_and_progress() {
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let p = attendance::sign_in_at(&mut store, s.id, &common::person("王小明"), &at(&s, 0))
        .unwrap()
        .person;
    let now = jiff::Timestamp::now();
    let attempt = attempts::record(
        &mut store,
        &attempts::NewAttempt {
            person_id: p.id,
            session_id: Some(s.id),
            module_id: "what-is".into(),
            course_title: "Course".into(),
            course_version: "1.0".into(),
            score: signpost::quiz::Score::of(4, 5, 70),
            seed: None,
            answers: Vec::new(),
            started_at: now,
            finished_at: now,
        },
    )
    .unwrap();
    assert!(attempt.passed);
    assert_eq!(attempt.percent, 80);
    certificates::issue(&mut store, p.id, common::COURSE_TITLE, "1.0").unwrap();
    progress::save(&mut store, p.id, common::COURSE_TITLE, "what-is", 3, false).unwrap();
    let saved = progress::save(&mut store, p.id, common::COURSE_TITLE, "what-is", 7, true).unwrap();
    assert_eq!(saved.slide, 7);
    assert!(saved.completed_at.is_some());

    let history = search::person_history(&store, p.id).unwrap();
    assert_eq!(history.sessions.len(), 1);
    assert_eq!(history.attempts, vec![attempt]);
    assert_eq!(history.certificates.len(), 1);
    assert_eq!(history.progress, vec![saved]);
}

#[test]
fn a_search_sends_the_first_people_by_name_and_says_how_many_it_found() {
    let (_dir, mut store) = common::store();
    for name in ["Zofia Nowak", "Ada Lovelace", "Łukasz Kowalski", "Bola Ade"] {
        people::add(&mut store, &common::person(name)).unwrap();
    }
    let found = search::first_people(&store, &PersonFilter::default(), 2).unwrap();
    assert_eq!(found.total, 4);
    let names: Vec<&str> = found.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Ada Lovelace", "Bola Ade"]);
    let one = PersonFilter {
        text: Some("nowak".into()),
        ..Default::default()
    };
    let found = search::first_people(&store, &one, 2).unwrap();
    assert_eq!((found.total, found.people.len()), (1, 1));
}
