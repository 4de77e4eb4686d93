//! Fills a store with a realistic amount of records for benchmarks: `people`
//! people each on the register of `sessions` sessions, merged in through a
//! record bundle (one transaction), so that filling 100,000 attendance rows
//! takes seconds, not minutes. Shared by `benches/records.rs` and
//! `examples/fill_records.rs`.

use jiff::civil::{date, time};
use signpost::export::bundle::{self, BUNDLE_FORMAT, BUNDLE_VERSION, Bundle};
use signpost::records::attendance::Attendance;
use signpost::records::people::Person;
use signpost::records::sessions::TrainingSession;
use signpost::records::{AttendanceSource, AttendanceStatus, SessionStatus, Store};
use uuid::Uuid;

/// The course the filled sessions name.
pub const COURSE_TITLE: &str = "Basic Modern Slavery Awareness Training";

pub fn fill(store: &mut Store, sessions: u32, people: u32) {
    let now = jiff::Timestamp::from_second(1_740_000_000).unwrap();
    let names = [
        "مريم الحسيني",
        "王小明",
        "Ольга Петрова",
        "Zażółć Gęślą",
        "Sam 🌟",
        "Jane Smith",
    ];
    let people: Vec<Person> = (0..people)
        .map(|i| Person {
            id: Uuid::new_v4(),
            name: format!("{} {i}", names[i as usize % names.len()]),
            organisation: "Hertfordshire County Council".into(),
            team: format!("Team {}", i % 40),
            job_role: "Caseworker".into(),
            email: (i % 3 == 0).then(|| format!("person{i}@example.org")),
            created_at: now,
            staff_number: None,
        })
        .collect();
    let sessions: Vec<TrainingSession> = (0..sessions)
        .map(|i| TrainingSession {
            id: Uuid::new_v4(),
            title: format!("Session {i}"),
            course_title: COURSE_TITLE.into(),
            course_version: "1.0".into(),
            date: date(2024, 1, 1)
                .checked_add(jiff::Span::new().days(i64::from(i)))
                .unwrap(),
            start_time: time(9, 30, 0, 0),
            end_time: None,
            location: "Room 1".into(),
            trainer: "Tess Trainer".into(),
            status: SessionStatus::Closed,
            created_at: now,
            closed_at: Some(now),
        })
        .collect();
    let mut attendance = Vec::with_capacity(sessions.len() * people.len());
    for s in &sessions {
        for (i, p) in people.iter().enumerate() {
            attendance.push(Attendance {
                id: Uuid::new_v4(),
                session_id: s.id,
                person_id: p.id,
                status: if i % 10 == 0 {
                    AttendanceStatus::Absent
                } else {
                    AttendanceStatus::Present
                },
                signed_in_at: (i % 10 != 0).then_some(now),
                source: AttendanceSource::Kiosk,
                updated_at: now,
            });
        }
    }
    let bundle = Bundle {
        format: BUNDLE_FORMAT.into(),
        version: BUNDLE_VERSION,
        exported_at: now,
        merges: Vec::new(),
        erased: Vec::new(),
        people,
        sessions,
        attendance,
        corrections: vec![],
        attempts: vec![],
        quiz_answers: vec![],
        progress: vec![],
        certificates: vec![],
        completions: vec![],
        room_answers: vec![],
    };
    let report = bundle::import_bundle(
        store,
        &bundle,
        "benchmark data",
        &bundle::ImportOptions::import(),
    )
    .unwrap();
    assert!(report.imported);
}
