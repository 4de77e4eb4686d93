//! Keeping records only as long as the organisation has decided: with
//! `retention_months` set, [`apply_retention`] (called at start-up) deletes
//! sessions held, attempts finished, progress last touched, certificates
//! issued and courses completed more than that many months ago, then anyone left with no records
//! who was added before the cut-off.
//!
//! Records are deleted rather than anonymised: in a small team an
//! "anonymous" attendance line on a known date still points at a person, and
//! deletion is the easier promise to explain. Backups of every kind in the
//! backups folder made before the cut-off are deleted too (they hold the
//! records retention has just removed); newer ones are left as they are.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use super::audit::{self, AuditAction};
use super::error::{DbContext, RecordsError};
use super::{Store, backup, settings, sql};

/// How many records a retention run deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionReport {
    /// Records from before this instant were deleted; `None` when no
    /// retention period is set.
    pub cutoff: Option<Timestamp>,
    pub sessions: u32,
    pub attempts: u32,
    /// Places in modules and quizzes left under way.
    pub progress: u32,
    /// Certificates and course completions.
    pub certificates: u32,
    pub people: u32,
    pub backups: u32,
    /// Nothing was deleted because every record is older than the period
    /// by this computer's clock, which is more likely a wrong clock than
    /// records untouched for so long: applied only when a person says so.
    pub held_back: bool,
}

/// Whether every record (and there are some) is older than the cut-off.
fn every_record_older(
    conn: &rusqlite::Connection,
    cutoff_date: &str,
    cutoff_ts: &str,
) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM people)
            AND NOT EXISTS (SELECT 1 FROM training_sessions WHERE date >= ?1)
            AND NOT EXISTS (SELECT 1 FROM quiz_attempts WHERE finished_at >= ?2)
            AND NOT EXISTS (SELECT 1 FROM module_progress WHERE updated_at >= ?2)
            AND NOT EXISTS (SELECT 1 FROM certificates WHERE issued_at >= ?2)
            AND NOT EXISTS (SELECT 1 FROM course_completions WHERE completed_at >= ?2)
            AND NOT EXISTS (SELECT 1 FROM people WHERE created_at >= ?2)",
        [cutoff_date, cutoff_ts],
        |row| row.get(0),
    )
}

/// Deletes records older than the retention period (see the module notes).
/// One transaction; an audit line with the counts when anything went.
/// Unless `even_everything`, holds back (deleting nothing, backups
/// included) when that would be every record: a clock set years ahead
/// must not empty the records and their backups at start-up.
pub fn apply_retention(
    store: &mut Store,
    now: Timestamp,
    even_everything: bool,
) -> Result<RetentionReport, RecordsError> {
    let Some(months) = settings::get(store)?.retention_months else {
        return Ok(RetentionReport::default());
    };
    let cutoff = now
        .to_zoned(TimeZone::UTC)
        .checked_sub(i64::from(months).months())
        .map_err(|err| RecordsError::invalid("retention period", err.to_string()))?;
    let cutoff_ts = sql::ts_text(cutoff.timestamp());
    let cutoff_date = sql::date_text(cutoff.date());
    let tx = store
        .conn()
        .transaction()
        .doing("start applying retention")?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mut report = RetentionReport {
        cutoff: Some(cutoff.timestamp()),
        ..RetentionReport::default()
    };
    if !even_everything
        && every_record_older(&tx, &cutoff_date, &cutoff_ts).doing("compare the records' dates")?
    {
        report.held_back = true;
        return Ok(report);
    }
    report.sessions = count(
        tx.execute(
            "DELETE FROM training_sessions WHERE date < ?1",
            [&cutoff_date],
        )
        .doing("delete old sessions")?,
    );
    report.attempts = count(
        tx.execute(
            "DELETE FROM quiz_attempts WHERE finished_at < ?1",
            [&cutoff_ts],
        )
        .doing("delete old quiz attempts")?,
    );
    report.progress = count(
        tx.execute(
            "DELETE FROM module_progress WHERE updated_at < ?1",
            [&cutoff_ts],
        )
        .doing("delete old progress")?,
    ) + count(
        tx.execute(
            "DELETE FROM quiz_open_attempts WHERE updated_at < ?1",
            [&cutoff_ts],
        )
        .doing("delete old quizzes left under way")?,
    );
    report.certificates = count(
        tx.execute(
            "DELETE FROM course_completions WHERE completed_at < ?1",
            [&cutoff_ts],
        )
        .doing("delete old course completions")?,
    ) + count(
        tx.execute(
            "DELETE FROM certificates WHERE issued_at < ?1",
            [&cutoff_ts],
        )
        .doing("delete old certificates")?,
    );
    report.people = count(
        tx.execute(
            "DELETE FROM people WHERE created_at < ?1
               AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.person_id = people.id)
               AND NOT EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.person_id = people.id)
               AND NOT EXISTS (SELECT 1 FROM module_progress m WHERE m.person_id = people.id)
               AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = people.id)
               AND NOT EXISTS (SELECT 1 FROM quiz_open_attempts o WHERE o.person_id = people.id)
               AND NOT EXISTS (SELECT 1 FROM course_completions k WHERE k.person_id = people.id)",
            params![cutoff_ts],
        )
        .doing("delete people with no records left")?,
    );
    let total =
        report.sessions + report.attempts + report.progress + report.certificates + report.people;
    if total > 0 {
        audit::write(
            &tx,
            AuditAction::Retention,
            &format!(
                "older than {months} months: {} sessions, {} attempts, {} progress, {} certificates, {} people deleted",
                report.sessions,
                report.attempts,
                report.progress,
                report.certificates,
                report.people
            ),
        )?;
    }
    tx.commit().doing("save the retention run")?;
    if total > 0 {
        store
            .conn_ref()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .doing("checkpoint after retention")?;
    }
    let pruned = backup::remove_made_before(store.data_dir(), cutoff.timestamp())?;
    report.backups = count(pruned.len());
    if !pruned.is_empty() {
        audit::record(
            store,
            AuditAction::Retention,
            &format!(
                "older than {months} months: {} backups deleted",
                pruned.len()
            ),
        )?;
    }
    Ok(report)
}
