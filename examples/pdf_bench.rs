//! A benchmark helper, not a tool: times the learner handbook of a course
//! folder and 500 certificates of one session, and writes them into OUT so
//! their sizes can be read (and the files looked at). Prints one line per
//! measurement as `name seconds bytes`. Used by `scripts/bench-pdf`.
//! Usage: `pdf_bench COURSE_DIR OUT_DIR`.

use std::path::PathBuf;
use std::time::Instant;

use signpost::pdf::Keys;
use signpost::pdf::handbook::{self, Edition};
use signpost::pdf::issue::{self, Output};
use signpost::progress::Silent;
use signpost::records::people::PersonDetails;
use signpost::records::sessions::{self, NewSession};
use signpost::records::status::AttendanceStatus;
use signpost::records::{Store, attendance};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let course_dir = PathBuf::from(args.next().ok_or("usage: pdf_bench COURSE_DIR OUT_DIR")?);
    let out = PathBuf::from(args.next().ok_or("usage: pdf_bench COURSE_DIR OUT_DIR")?);
    std::fs::create_dir_all(&out)?;
    let course = signpost::course::load(&course_dir)?;
    let when: jiff::Timestamp = "2026-03-04T12:00:00Z".parse()?;

    // Warm the font caches once, as a running app would have.
    handbook::make(&course, &course_dir, Edition::Learner, when, &Silent)?;
    let runs = 5;
    let mut best = f64::MAX;
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let (bytes, _) = handbook::make(&course, &course_dir, Edition::Learner, when, &Silent)?;
        best = best.min(start.elapsed().as_secs_f64());
        size = bytes.len();
        std::fs::write(out.join("handbook-learner.pdf"), &bytes)?;
    }
    println!("handbook_learner {best:.4} {size}");

    let data = out.join("data");
    let _ = std::fs::remove_dir_all(&data);
    let mut store = Store::open_in(&data)?;
    let session = sessions::create(
        &mut store,
        &NewSession {
            title: "Benchmark session".into(),
            course_title: course.title.clone(),
            course_version: course.version.clone(),
            date: jiff::civil::date(2026, 3, 4),
            start_time: jiff::civil::time(9, 30, 0, 0),
            end_time: None,
            location: "Hall".into(),
            trainer: "Tess Trainer".into(),
        },
    )?;
    let names = [
        "Ольга Петрова",
        "Zażółć Gęślą",
        "Γιώργος Παπαδόπουλος",
        "Sam Smith",
    ];
    for i in 0..500 {
        attendance::add_by_hand(
            &mut store,
            session.id,
            &PersonDetails {
                name: format!("{} {i}", names[i % names.len()]),
                organisation: "Herts Council".into(),
                ..PersonDetails::default()
            },
            AttendanceStatus::Present,
        )?;
    }
    let keys = Keys::open(&data)?;
    let folder = out.join("certificates");
    let _ = std::fs::remove_dir_all(&folder);
    let start = Instant::now();
    let issued = issue::issue_for_session(
        &mut store,
        &keys,
        &course,
        session.id,
        &Output::Folder(folder.clone()),
        when,
        &Silent,
    )?;
    let seconds = start.elapsed().as_secs_f64();
    let mut largest = 0;
    for file in &issued.files {
        largest = largest.max(std::fs::metadata(file)?.len());
    }
    println!("certificates_500 {seconds:.4} {largest}");
    Ok(())
}
