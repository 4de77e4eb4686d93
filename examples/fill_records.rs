//! A benchmark helper, not a tool: fills a data folder with SESSIONS ×
//! PEOPLE attendance rows (default 10 × 10,000 = 100,000) for
//! `scripts/bench-export-vs-sqlite3.sh`. Usage: `fill_records DATA_DIR [SESSIONS PEOPLE]`.

#[path = "../benches/support/fill.rs"]
mod fill;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(
        args.next()
            .ok_or("usage: fill_records DATA_DIR [SESSIONS PEOPLE]")?,
    );
    let sessions: u32 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(10);
    let people: u32 = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
    let mut store = signpost::records::Store::open_in(&dir)?;
    fill::fill(&mut store, sessions, people);
    println!(
        "{} attendance rows in {}",
        u64::from(sessions) * u64::from(people),
        store.path().display()
    );
    Ok(())
}
