//! A test helper, not a tool: signs people in to one session one by one,
//! printing each attendance id only after its transaction has committed, so
//! that a test can kill it with SIGKILL mid-stream and check that every
//! printed id survived. Usage: `attendance_writer DATA_DIR [COUNT]`.

use std::io::Write;
use std::path::PathBuf;

use signpost::records::people::PersonDetails;
use signpost::records::sessions::{self, NewSession};
use signpost::records::{Store, attendance};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or("usage: attendance_writer DATA_DIR [COUNT]")?,
    );
    let count: u64 = args
        .next()
        .map(|c| c.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let mut store = Store::open_in(&dir)?;
    let session = sessions::create(
        &mut store,
        &NewSession {
            title: "Crash test".into(),
            course_title: "Basic Modern Slavery Awareness Training".into(),
            course_version: "1".into(),
            date: jiff::civil::date(2025, 1, 1),
            start_time: jiff::civil::time(9, 0, 0, 0),
            end_time: None,
            location: String::new(),
            trainer: "Trainer".into(),
        },
    )?;
    let stdout = std::io::stdout();
    for i in 0..count {
        let details = PersonDetails {
            name: format!("Person {i} Ольга 王"),
            organisation: "Org".into(),
            ..PersonDetails::default()
        };
        let signed = attendance::sign_in(&mut store, session.id, &details)?;
        let mut out = stdout.lock();
        writeln!(out, "{}", signed.attendance_id)?;
        out.flush()?;
    }
    Ok(())
}
