//! Finding records: sessions and people by text, date range, team and
//! status, and one person's whole history. Read-only. Text is matched by
//! [`names::search_key`] on both sides, so "zoe" finds "Zoë" in any script
//! (SQLite's `LIKE` only folds ASCII); people's folded text is kept in a
//! column when they are written, sessions' (few, and short) is folded here.

use jiff::civil::Date;
use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::attempts::{self, AttemptRecord};
use super::certificates::{self, CertificateRecord};
use super::completions::{self, CompletionRecord};
use super::error::{DbContext, RecordsError};
use super::names;
use super::people::{self, Person};
use super::progress::{self, ProgressRecord};
use super::sessions::{self, SessionSummary, TrainingSession};
use super::sql::{self, enum_at, opt_ts_at};
use super::status::{AttendanceStatus, SessionStatus};

/// What to look for among sessions. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct SessionFilter {
    /// Part of the title, course, trainer or location.
    pub text: Option<String>,
    #[ts(type = "string | null")]
    pub from: Option<Date>,
    #[ts(type = "string | null")]
    pub to: Option<Date>,
    pub status: Option<SessionStatus>,
    /// Only sessions with someone of this organisation or team on the register.
    pub team: Option<String>,
}

/// What to look for among people. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct PersonFilter {
    /// Part of the name, email, organisation or job role.
    pub text: Option<String>,
    /// Part of the organisation or team.
    pub team: Option<String>,
    /// Only people with a register mark like this in a session in the
    /// date range (or any session, when no range is given).
    pub status: Option<AttendanceStatus>,
    #[ts(type = "string | null")]
    pub from: Option<Date>,
    #[ts(type = "string | null")]
    pub to: Option<Date>,
}

/// One session a person was on the register of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistorySession {
    pub session: TrainingSession,
    pub status: AttendanceStatus,
    pub signed_in_at: Option<jiff::Timestamp>,
}

/// Everything held about one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonHistory {
    pub person: Person,
    pub sessions: Vec<HistorySession>,
    pub attempts: Vec<AttemptRecord>,
    pub certificates: Vec<CertificateRecord>,
    pub progress: Vec<ProgressRecord>,
    /// Courses completed at their own pace (every module's quiz passed).
    pub completions: Vec<CompletionRecord>,
}

fn needle(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(names::search_key)
        .filter(|t| !t.is_empty())
}

fn contains_any(needle: &str, haystacks: &[&str]) -> bool {
    haystacks
        .iter()
        .any(|h| names::search_key(h).contains(needle))
}

/// A range that ends before it starts finds nothing, which would look like
/// "no records"; it is refused with the reason instead.
fn check_range(from: Option<Date>, to: Option<Date>) -> Result<(), RecordsError> {
    match (from, to) {
        (Some(from), Some(to)) if from > to => Err(RecordsError::invalid(
            "date range",
            "starts after it ends: choose a From date on or before the To date",
        )),
        _ => Ok(()),
    }
}

/// Sessions matching the filter, newest first, with head counts.
pub fn sessions(
    store: &Store,
    filter: &SessionFilter,
) -> Result<Vec<SessionSummary>, RecordsError> {
    check_range(filter.from, filter.to)?;
    let mut conditions = vec!["1 = 1".to_string()];
    let mut args: Vec<String> = Vec::new();
    if let Some(from) = filter.from {
        args.push(sql::date_text(from));
        conditions.push(format!("s.date >= ?{}", args.len()));
    }
    if let Some(to) = filter.to {
        args.push(sql::date_text(to));
        conditions.push(format!("s.date <= ?{}", args.len()));
    }
    if let Some(status) = filter.status {
        args.push(status.as_str().to_string());
        conditions.push(format!("s.status = ?{}", args.len()));
    }
    let refs: Vec<&dyn rusqlite::ToSql> = args.iter().map(|a| a as &dyn rusqlite::ToSql).collect();
    let mut found = sessions::summaries(store.conn_ref(), &conditions.join(" AND "), &refs)?;
    if let Some(n) = needle(&filter.text) {
        found.retain(|s| {
            let s = &s.session;
            contains_any(&n, &[&s.title, &s.course_title, &s.trainer, &s.location])
        });
    }
    if let Some(team) = needle(&filter.team) {
        let conn = store.conn_ref();
        let mut stmt = conn
            .prepare(
                "SELECT p.organisation, p.team FROM attendance a JOIN people p ON p.id = a.person_id
                 WHERE a.session_id = ?1",
            )
            .doing("search sessions by team")?;
        let mut kept = Vec::with_capacity(found.len());
        for summary in found {
            let teams = stmt
                .query_map([summary.session.id.to_string()], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                })
                .doing("search sessions by team")?
                .collect::<rusqlite::Result<Vec<_>>>()
                .doing("search sessions by team")?;
            if teams
                .iter()
                .any(|(organisation, t)| contains_any(&team, &[organisation.as_str(), t.as_str()]))
            {
                kept.push(summary);
            }
        }
        found = kept;
    }
    Ok(found)
}

/// People matching the filter, by name.
pub fn people(store: &Store, filter: &PersonFilter) -> Result<Vec<Person>, RecordsError> {
    let columns = sql::prefixed(people::COLUMNS, "p");
    check_range(filter.from, filter.to)?;
    let mut query = format!("SELECT {columns} FROM people p WHERE 1 = 1");
    let mut args: Vec<String> = Vec::new();
    if let Some(n) = needle(&filter.text) {
        args.push(n);
        query.push_str(&format!(" AND instr(p.search_key, ?{}) > 0", args.len()));
    }
    if filter.status.is_some() || filter.from.is_some() || filter.to.is_some() {
        let mut conditions = vec!["a.person_id = p.id".to_string()];
        if let Some(status) = filter.status {
            args.push(status.as_str().to_string());
            conditions.push(format!("a.status = ?{}", args.len()));
        }
        if let Some(from) = filter.from {
            args.push(sql::date_text(from));
            conditions.push(format!("s.date >= ?{}", args.len()));
        }
        if let Some(to) = filter.to {
            args.push(sql::date_text(to));
            conditions.push(format!("s.date <= ?{}", args.len()));
        }
        query.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM attendance a JOIN training_sessions s ON s.id = a.session_id WHERE {})",
            conditions.join(" AND ")
        ));
    }
    query.push_str(" ORDER BY p.name COLLATE NOCASE, p.id");
    let conn = store.conn_ref();
    let mut stmt = conn.prepare(&query).doing("search people")?;
    let mut found = stmt
        .query_map(params_from_iter(args.iter()), people::from_row)
        .doing("search people")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("search people")?;
    if let Some(team) = needle(&filter.team) {
        found.retain(|p| contains_any(&team, &[&p.organisation, &p.team]));
    }
    Ok(found)
}

/// How many people the Records screen lists at once: enough to scan, few
/// enough that the window stays quick with 100,000 people in the records
/// (listing 10,000 took the window a third of a second to leave).
pub const PEOPLE_SHOWN: usize = 200;

/// The first people a search found, by name, and how many it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PeopleFound {
    pub people: Vec<Person>,
    pub total: u32,
}

/// [`people`], the first `limit` of them.
pub fn first_people(
    store: &Store,
    filter: &PersonFilter,
    limit: usize,
) -> Result<PeopleFound, RecordsError> {
    let mut people = people(store, filter)?;
    let total = u32::try_from(people.len()).unwrap_or(u32::MAX);
    people.truncate(limit);
    Ok(PeopleFound { people, total })
}

/// Everything held about one person: sessions, attempts, certificates and
/// progress, oldest first.
pub fn person_history(store: &Store, person_id: Uuid) -> Result<PersonHistory, RecordsError> {
    let conn = store.conn_ref();
    let person = people::get(store, person_id)?;
    let session_columns = sql::prefixed(sessions::COLUMNS, "s");
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {session_columns}, a.status, a.signed_in_at
             FROM attendance a JOIN training_sessions s ON s.id = a.session_id
             WHERE a.person_id = ?1 ORDER BY s.date, s.start_time"
        ))
        .doing("read the person's sessions")?;
    let history_sessions = stmt
        .query_map([person_id.to_string()], |row| {
            Ok(HistorySession {
                session: sessions::from_row(row)?,
                status: enum_at(row, 12, "attendance status", AttendanceStatus::parse)?,
                signed_in_at: opt_ts_at(row, 13)?,
            })
        })
        .doing("read the person's sessions")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read the person's sessions")?;
    let person_attempts = attempts::for_person(store, person_id)?;
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {} FROM certificates WHERE person_id = ?1 ORDER BY issued_at",
            certificates::COLUMNS
        ))
        .doing("read the person's certificates")?;
    let person_certificates = stmt
        .query_map([person_id.to_string()], certificates::from_row)
        .doing("read the person's certificates")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read the person's certificates")?;
    Ok(PersonHistory {
        person,
        sessions: history_sessions,
        attempts: person_attempts,
        certificates: person_certificates,
        progress: progress::for_person(store, person_id)?,
        completions: completions::for_person(store, person_id)?,
    })
}
