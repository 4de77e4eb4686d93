//! Records benchmarks: how long one kiosk sign-in takes to commit (the aim is
//! under 5 ms), and how long exporting 100,000 attendance rows to CSV and to
//! Excel takes.

#[path = "support/fill.rs"]
mod fill;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use signpost::export::{self, DateRange};
use signpost::progress::Silent;
use signpost::records::people::PersonDetails;
use signpost::records::{Store, attendance, sessions};

fn sign_in(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    // A realistic database underneath: 10,000 people already known.
    fill::fill(&mut store, 1, 10_000);
    let session = sessions::create(
        &mut store,
        &sessions::NewSession {
            title: "Bench".into(),
            course_title: fill::COURSE_TITLE.into(),
            course_version: "1".into(),
            date: jiff::civil::date(2030, 1, 1),
            start_time: jiff::civil::time(9, 0, 0, 0),
            end_time: None,
            location: String::new(),
            trainer: "T".into(),
        },
    )
    .unwrap();
    let mut i = 0u64;
    c.bench_function("sign_in (new person, commit)", |b| {
        b.iter(|| {
            i += 1;
            let details = PersonDetails {
                name: format!("Kiosk Person {i}"),
                organisation: "Org".into(),
                team: String::new(),
                job_role: "Role".into(),
                email: Some(format!("kiosk{i}@example.org")),
            };
            attendance::sign_in(&mut store, session.id, &details).unwrap()
        })
    });
}

fn exports(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    fill::fill(&mut store, 10, 10_000);
    let mut group = c.benchmark_group("export 100,000 attendance rows");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let csv = dir.path().join("attendance.csv");
    group.bench_function("csv", |b| {
        b.iter(|| {
            export::csv::export_attendance(&mut store, DateRange::default(), &csv, &Silent).unwrap()
        })
    });
    let xlsx = dir.path().join("attendance.xlsx");
    group.bench_function("xlsx", |b| {
        b.iter(|| {
            export::xlsx::export_attendance(&mut store, DateRange::default(), &xlsx, &Silent)
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, sign_in, exports);
criterion_main!(benches);
