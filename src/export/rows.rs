//! The rows every export is made from: attendance (one per person per
//! session, joined with the session and the person), quiz attempts with
//! their answers, and course completions, in date order, optionally limited
//! to a date range. Read-only; each format decides how to write them.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::progress::Progress;
use crate::records::sql::{self, date_text};
use crate::records::{DbContext, RecordsError, Store};

/// Which sessions an export covers, by date (inclusive). Empty = all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct DateRange {
    #[ts(type = "string | null")]
    pub from: Option<Date>,
    #[ts(type = "string | null")]
    pub to: Option<Date>,
}

impl DateRange {
    /// The range as stored instants: from the start of `from` to the start
    /// of the day after `to`, both on this computer's clock, so that a quiz
    /// finished at 00:30 on a summer's day in the UK (23:30 the day before
    /// in UTC) is counted on the day the learner saw.
    pub(crate) fn moments(&self) -> (String, String) {
        self.moments_in(&TimeZone::system())
    }

    fn moments_in(&self, zone: &TimeZone) -> (String, String) {
        let start = |day: Date| {
            day.to_zoned(zone.clone())
                .map(|at| sql::ts_text(at.timestamp()))
                .unwrap_or_else(|_| date_text(day))
        };
        (
            self.from.map(start).unwrap_or_default(),
            self.to
                .and_then(|day| day.tomorrow().ok())
                .map(start)
                .unwrap_or_else(|| "9999-12-31".into()),
        )
    }

    fn bounds(&self) -> (String, String) {
        (
            self.from.map(date_text).unwrap_or_default(),
            self.to
                .map(date_text)
                .unwrap_or_else(|| "9999-12-31".into()),
        )
    }
}

/// One register line, as stored text (dates `YYYY-MM-DD`, instants RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub session_id: String,
    pub date: String,
    pub start_time: String,
    pub session_title: String,
    pub course_title: String,
    pub course_version: String,
    pub trainer: String,
    pub location: String,
    pub person_id: String,
    pub name: String,
    pub organisation: String,
    pub team: String,
    pub job_role: String,
    pub email: Option<String>,
    pub staff_number: Option<String>,
    pub status: String,
    pub signed_in_at: Option<String>,
    pub source: String,
    pub attendance_id: String,
}

/// Calls `each` for every attendance row in the range, without collecting
/// them (an export of 100,000 rows streams), counting them to `progress` and
/// stopping with [`RecordsError::Cancelled`] when it is cancelled.
pub fn for_each_attendance<F>(
    store: &Store,
    range: DateRange,
    progress: &dyn Progress,
    mut each: F,
) -> Result<u64, RecordsError>
where
    F: FnMut(&AttendanceRow) -> Result<(), RecordsError>,
{
    let (from, to) = range.bounds();
    let total: i64 = store
        .conn_ref()
        .query_row(
            "SELECT count(*) FROM attendance a
             JOIN training_sessions s ON s.id = a.session_id
             WHERE s.date >= ?1 AND s.date <= ?2",
            params![from, to],
            |row| row.get(0),
        )
        .doing("count the attendance for export")?;
    let total = total.unsigned_abs();
    progress.step(0, total);
    let mut stmt = store
        .conn_ref()
        .prepare(
            "SELECT s.id, s.date, s.start_time, s.title, s.course_title, s.course_version,
                    s.trainer, s.location, p.id, p.name, p.organisation, p.team, p.job_role,
                    p.email, a.status, a.signed_in_at, a.source, a.id, p.staff_number
             FROM attendance a
             JOIN training_sessions s ON s.id = a.session_id
             JOIN people p ON p.id = a.person_id
             WHERE s.date >= ?1 AND s.date <= ?2
             ORDER BY s.date, s.start_time, s.id, p.name COLLATE NOCASE, p.id",
        )
        .doing("read the attendance for export")?;
    let mut rows = stmt
        .query(params![from, to])
        .doing("read the attendance for export")?;
    let mut count = 0;
    while let Some(row) = rows.next().doing("read the attendance for export")? {
        let line = (|| {
            Ok::<_, rusqlite::Error>(AttendanceRow {
                session_id: row.get(0)?,
                date: row.get(1)?,
                start_time: row.get(2)?,
                session_title: row.get(3)?,
                course_title: row.get(4)?,
                course_version: row.get(5)?,
                trainer: row.get(6)?,
                location: row.get(7)?,
                person_id: row.get(8)?,
                name: row.get(9)?,
                organisation: row.get(10)?,
                team: row.get(11)?,
                job_role: row.get(12)?,
                email: row.get(13)?,
                status: row.get(14)?,
                signed_in_at: row.get(15)?,
                source: row.get(16)?,
                attendance_id: row.get(17)?,
                staff_number: row.get(18)?,
            })
        })()
        .doing("read the attendance for export")?;
        each(&line)?;
        count += 1;
        if progress.cancelled() {
            return Err(RecordsError::Cancelled);
        }
        progress.step(count, total);
    }
    Ok(count)
}

/// The headings of the attendance table, shared by CSV and Excel.
pub const HEADINGS: [&str; 18] = [
    "Session date",
    "Start time",
    "Session",
    "Course",
    "Course version",
    "Trainer",
    "Location",
    "Name",
    "Organisation",
    "Team",
    "Job role",
    "Email",
    "Staff number",
    "Status",
    "Signed in at (UTC)",
    "Source",
    "Session id",
    "Person id",
];

/// A stored instant shown to the second, e.g. `2025-03-04T09:05:00Z`.
pub fn instant_to_second(stored: &str) -> String {
    match stored.split_once('.') {
        Some((whole, _)) => format!("{whole}Z"),
        None => stored.to_string(),
    }
}

impl AttendanceRow {
    /// The text cells in [`HEADINGS`] order.
    pub fn cells(&self) -> [String; 18] {
        [
            self.date.clone(),
            self.start_time.clone(),
            self.session_title.clone(),
            self.course_title.clone(),
            self.course_version.clone(),
            self.trainer.clone(),
            self.location.clone(),
            self.name.clone(),
            self.organisation.clone(),
            self.team.clone(),
            self.job_role.clone(),
            self.email.clone().unwrap_or_default(),
            self.staff_number.clone().unwrap_or_default(),
            self.status.clone(),
            self.signed_in_at
                .as_deref()
                .map(instant_to_second)
                .unwrap_or_default(),
            self.source.clone(),
            self.session_id.clone(),
            self.person_id.clone(),
        ]
    }
}

/// One quiz attempt with who took it, as stored text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRow {
    pub attempt_id: String,
    pub person_id: String,
    pub name: String,
    pub organisation: String,
    pub email: Option<String>,
    /// The staff number a self-paced learner gave, if any.
    pub staff_number: Option<String>,
    pub session_id: Option<String>,
    pub module_id: String,
    /// Empty for attempts recorded before Signpost kept it.
    pub course_title: String,
    pub course_version: String,
    pub score: u32,
    pub total: u32,
    pub percent: u32,
    pub passed: bool,
    pub started_at: String,
    pub finished_at: String,
}

/// Calls `each` for every quiz attempt finished within the range.
pub fn for_each_attempt<F>(
    store: &Store,
    range: DateRange,
    mut each: F,
) -> Result<u64, RecordsError>
where
    F: FnMut(&AttemptRow) -> Result<(), RecordsError>,
{
    let (from, to) = range.moments();
    let mut stmt = store
        .conn_ref()
        .prepare(
            "SELECT q.id, p.id, p.name, p.organisation, p.email, q.session_id, q.module_id,
                    q.course_version, q.score, q.total, q.percent, q.passed, q.started_at,
                    q.finished_at, q.course_title, p.staff_number
             FROM quiz_attempts q JOIN people p ON p.id = q.person_id
             WHERE q.finished_at >= ?1 AND q.finished_at < ?2
             ORDER BY q.finished_at, q.id",
        )
        .doing("read the quiz attempts for export")?;
    let mut rows = stmt
        .query(params![from, to])
        .doing("read the quiz attempts for export")?;
    let mut count = 0;
    while let Some(row) = rows.next().doing("read the quiz attempts for export")? {
        let line = (|| {
            Ok::<_, rusqlite::Error>(AttemptRow {
                attempt_id: row.get(0)?,
                person_id: row.get(1)?,
                name: row.get(2)?,
                organisation: row.get(3)?,
                email: row.get(4)?,
                session_id: row.get(5)?,
                module_id: row.get(6)?,
                course_version: row.get(7)?,
                score: row.get(8)?,
                total: row.get(9)?,
                percent: row.get(10)?,
                passed: row.get(11)?,
                started_at: row.get(12)?,
                finished_at: row.get(13)?,
                course_title: row.get(14)?,
                staff_number: row.get(15)?,
            })
        })()
        .doing("read the quiz attempts for export")?;
        each(&line)?;
        count += 1;
    }
    Ok(count)
}

/// One question of a finished attempt, as stored text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    pub attempt_id: String,
    pub position: u32,
    pub question_id: String,
    /// Indexes into the question's own options, as JSON (`[1,3]`).
    pub chosen: String,
    pub right: bool,
    pub answered_at: Option<String>,
}

/// The answers of every attempt finished within the range, by attempt in
/// the order [`for_each_attempt`] gives, then by place in the attempt.
pub fn answers_in(store: &Store, range: DateRange) -> Result<Vec<AnswerRow>, RecordsError> {
    let (from, to) = range.moments();
    let mut stmt = store
        .conn_ref()
        .prepare(
            "SELECT a.attempt_id, a.position, a.question_id, a.chosen, a.correct, a.answered_at
             FROM quiz_answers a JOIN quiz_attempts q ON q.id = a.attempt_id
             WHERE q.finished_at >= ?1 AND q.finished_at < ?2
             ORDER BY q.finished_at, q.id, a.position",
        )
        .doing("read the quiz answers for export")?;
    stmt.query_map(params![from, to], |row| {
        Ok(AnswerRow {
            attempt_id: row.get(0)?,
            position: row.get(1)?,
            question_id: row.get(2)?,
            chosen: row.get(3)?,
            right: row.get(4)?,
            answered_at: row.get(5)?,
        })
    })
    .doing("read the quiz answers for export")?
    .collect::<rusqlite::Result<Vec<_>>>()
    .doing("read the quiz answers for export")
}

/// A course someone completed at their own pace, with who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionRow {
    pub person_id: String,
    pub name: String,
    pub organisation: String,
    pub email: Option<String>,
    pub staff_number: Option<String>,
    pub course_title: String,
    pub course_version: String,
    pub completed_at: String,
}

/// Every course completion within the range, oldest first.
pub fn completions_in(store: &Store, range: DateRange) -> Result<Vec<CompletionRow>, RecordsError> {
    let (from, to) = range.moments();
    let mut stmt = store
        .conn_ref()
        .prepare(
            "SELECT p.id, p.name, p.organisation, p.email, c.course_title, c.course_version,
                    c.completed_at, p.staff_number
             FROM course_completions c JOIN people p ON p.id = c.person_id
             WHERE c.completed_at >= ?1 AND c.completed_at < ?2
             ORDER BY c.completed_at, p.id",
        )
        .doing("read the course completions for export")?;
    stmt.query_map(params![from, to], |row| {
        Ok(CompletionRow {
            person_id: row.get(0)?,
            name: row.get(1)?,
            organisation: row.get(2)?,
            email: row.get(3)?,
            course_title: row.get(4)?,
            course_version: row.get(5)?,
            completed_at: row.get(6)?,
            staff_number: row.get(7)?,
        })
    })
    .doing("read the course completions for export")?
    .collect::<rusqlite::Result<Vec<_>>>()
    .doing("read the course completions for export")
}

/// The headings of the quiz results table, shared by CSV and Excel.
pub const RESULT_HEADINGS: [&str; 14] = [
    "Finished at (UTC)",
    "Name",
    "Organisation",
    "Email",
    "Staff number",
    "Course",
    "Course version",
    "Module",
    "Score",
    "Out of",
    "Percent",
    "Passed",
    "Taken",
    "Person id",
];

impl AttemptRow {
    /// The text cells in [`RESULT_HEADINGS`] order.
    pub fn cells(&self) -> [String; 14] {
        [
            instant_to_second(&self.finished_at),
            self.name.clone(),
            self.organisation.clone(),
            self.email.clone().unwrap_or_default(),
            self.staff_number.clone().unwrap_or_default(),
            self.course_title.clone(),
            self.course_version.clone(),
            self.module_id.clone(),
            self.score.to_string(),
            self.total.to_string(),
            self.percent.to_string(),
            if self.passed { "yes" } else { "no" }.to_string(),
            if self.session_id.is_some() {
                "in a session"
            } else {
                "self-paced"
            }
            .to_string(),
            self.person_id.clone(),
        ]
    }
}

/// The headings of the course completions table, shared by CSV and Excel.
pub const COMPLETION_HEADINGS: [&str; 8] = [
    "Completed at (UTC)",
    "Name",
    "Organisation",
    "Email",
    "Staff number",
    "Course",
    "Course version",
    "Person id",
];

impl CompletionRow {
    /// The text cells in [`COMPLETION_HEADINGS`] order.
    pub fn cells(&self) -> [String; 8] {
        [
            instant_to_second(&self.completed_at),
            self.name.clone(),
            self.organisation.clone(),
            self.email.clone().unwrap_or_default(),
            self.staff_number.clone().unwrap_or_default(),
            self.course_title.clone(),
            self.course_version.clone(),
            self.person_id.clone(),
        ]
    }
}

/// The hands raised for one option in a session's knowledge check, with
/// the session's date and title, as stored text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomAnswerRow {
    pub session_id: String,
    pub date: String,
    pub session_title: String,
    pub module_id: String,
    pub question_id: String,
    /// The option's letter as the room saw it: A, B, C…
    pub option: String,
    pub correct: bool,
    pub hands: u32,
}

/// Option 0 is A, 25 is Z; beyond that (no question has so many) the number.
pub fn option_letter(option: u32) -> String {
    char::from_u32(u32::from(b'A') + option)
        .filter(|c| c.is_ascii_uppercase())
        .map(String::from)
        .unwrap_or_else(|| (option + 1).to_string())
}

/// Every knowledge-check count of the sessions held within the range, by
/// session date, session, question and option.
pub fn room_answers(store: &Store, range: DateRange) -> Result<Vec<RoomAnswerRow>, RecordsError> {
    let (from, to) = range.bounds();
    let mut stmt = store
        .conn_ref()
        .prepare(
            "SELECT s.id, s.date, s.title, r.module_id, r.question_id, r.option, r.correct, r.hands
             FROM room_answers r JOIN training_sessions s ON s.id = r.session_id
             WHERE s.date >= ?1 AND s.date <= ?2
             ORDER BY s.date, s.start_time, s.id, r.module_id, r.question_id, r.option",
        )
        .doing("read the room's answers for export")?;
    stmt.query_map(params![from, to], |row| {
        Ok(RoomAnswerRow {
            session_id: row.get(0)?,
            date: row.get(1)?,
            session_title: row.get(2)?,
            module_id: row.get(3)?,
            question_id: row.get(4)?,
            option: option_letter(row.get(5)?),
            correct: row.get(6)?,
            hands: row.get(7)?,
        })
    })
    .doing("read the room's answers for export")?
    .collect::<rusqlite::Result<Vec<_>>>()
    .doing("read the room's answers for export")
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use jiff::tz::{TimeZone, offset};

    use super::DateRange;

    #[test]
    fn a_range_of_days_is_the_instants_of_those_days_on_this_computer_s_clock() {
        let summer = TimeZone::fixed(offset(1));
        let june = DateRange {
            from: Some(date(2026, 6, 1)),
            to: Some(date(2026, 6, 1)),
        };
        assert_eq!(
            june.moments_in(&summer),
            (
                "2026-05-31T23:00:00.000Z".to_string(),
                "2026-06-01T23:00:00.000Z".to_string()
            )
        );
        // 00:30 on 1 June in the UK is 23:30 on 31 May in UTC: in range.
        let (from, to) = june.moments_in(&summer);
        let half_past_midnight = "2026-05-31T23:30:00.000Z";
        assert!(from.as_str() <= half_past_midnight && half_past_midnight < to.as_str());
        let open = DateRange::default().moments_in(&summer);
        assert_eq!(open, (String::new(), "9999-12-31".to_string()));
    }
}
