//! How long work (exports, imports, erasure, backups, documents) tells its
//! caller how far it has got, and learns that the person asked it to stop.
//! The library only counts and asks; the desktop shell turns the counts into
//! a progress bar and the command line ignores them. Work that honours a
//! cancel stops before it commits anything, so a cancelled export or import
//! leaves the records and the disk as they were.

/// Receives counts from long work and answers whether it should stop.
pub trait Progress: Sync {
    /// `done` of `total` units (rows, records, files, pages) are finished.
    fn step(&self, done: u64, total: u64);

    /// Whether the person asked the work to stop.
    fn cancelled(&self) -> bool {
        false
    }
}

/// Progress nobody watches: the command line, tests, start-up work.
pub struct Silent;

impl Progress for Silent {
    fn step(&self, _done: u64, _total: u64) {}
}
