//! How record values are written to and read from SQLite text columns: UUIDs
//! as hyphenated text, instants as UTC RFC 3339 with exactly three fractional
//! digits (so that text order is time order), dates as `YYYY-MM-DD` and times
//! of day as `HH:MM`. It owns these conversions, the clock and two generic
//! ways to run a query (one row or every row, with what was being done); the
//! queries themselves live with the tables they touch.
//!
//! jiff is the time crate: its `Timestamp` is always UTC and prints RFC 3339,
//! its civil `Date` and `Time` have no time zone to get wrong, and month
//! arithmetic (for retention) is calendar-aware.

use jiff::civil::{Date, Time};
use jiff::{Timestamp, Unit};
use rusqlite::{Connection, OptionalExtension, Params, Row};
use uuid::Uuid;

use super::error::{DbContext, RecordsError};

/// A list of columns ("id, name") each under a table's alias ("p.id, p.name").
pub(crate) fn prefixed(columns: &str, alias: &str) -> String {
    columns
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The one row `query` reads, or none.
pub(crate) fn one<T>(
    conn: &Connection,
    query: &str,
    args: impl Params,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
    action: &'static str,
) -> Result<Option<T>, RecordsError> {
    conn.prepare_cached(query)
        .and_then(|mut stmt| stmt.query_row(args, map).optional())
        .doing(action)
}

/// Every row `query` reads, in its order.
pub(crate) fn all<T>(
    conn: &Connection,
    query: &str,
    args: impl Params,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
    action: &'static str,
) -> Result<Vec<T>, RecordsError> {
    let mut stmt = conn.prepare(query).doing(action)?;
    stmt.query_map(args, map)
        .doing(action)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing(action)
}

/// The current instant, at the precision it is stored with.
pub fn now() -> Timestamp {
    Timestamp::now()
        .round(Unit::Millisecond)
        .unwrap_or_else(|_| Timestamp::now())
}

/// An instant at the precision it is stored with (milliseconds), so that
/// what a function returns equals what is read back later.
pub fn stored(ts: Timestamp) -> Timestamp {
    ts.round(Unit::Millisecond).unwrap_or(ts)
}

pub(crate) fn ts_text(ts: Timestamp) -> String {
    format!("{ts:.3}")
}

pub(crate) fn date_text(date: Date) -> String {
    date.strftime("%Y-%m-%d").to_string()
}

pub(crate) fn time_text(time: Time) -> String {
    time.strftime("%H:%M").to_string()
}

fn bad(what: &'static str, value: String, idx: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        format!("stored {what} {value:?} is not valid").into(),
    )
}

pub(crate) fn uuid_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(idx)?;
    Uuid::parse_str(&text).map_err(|_| bad("id", text, idx))
}

pub(crate) fn opt_uuid_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Uuid>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| Uuid::parse_str(&t).map_err(|_| bad("id", t, idx)))
        .transpose()
}

pub(crate) fn ts_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Timestamp> {
    let text: String = row.get(idx)?;
    text.parse().map_err(|_| bad("time", text, idx))
}

pub(crate) fn opt_ts_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Timestamp>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| t.parse().map_err(|_| bad("time", t, idx)))
        .transpose()
}

pub(crate) fn date_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Date> {
    let text: String = row.get(idx)?;
    text.parse().map_err(|_| bad("date", text, idx))
}

pub(crate) fn time_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Time> {
    let text: String = row.get(idx)?;
    text.parse().map_err(|_| bad("time of day", text, idx))
}

pub(crate) fn opt_time_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Time>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| t.parse().map_err(|_| bad("time of day", t, idx)))
        .transpose()
}

/// Parses an enum stored as text through its `FromStr`-like function.
pub(crate) fn enum_at<T>(
    row: &Row<'_>,
    idx: usize,
    what: &'static str,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    parse(&text).ok_or_else(|| bad(what, text, idx))
}
