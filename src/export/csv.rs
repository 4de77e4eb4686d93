//! Attendance as CSV for spreadsheets: UTF-8 with a byte-order mark (so
//! Excel reads the names right), one heading row, ISO dates, CRLF line ends,
//! and every cell that a spreadsheet would run as a formula (starting with
//! `=`, `+`, `-`, `@`, tab or carriage return) defused with a leading
//! apostrophe. Quiz results and course completions are a second CSV of
//! their own, one row per record. Reading roster CSVs is `roster.rs`.

use std::io::Write;
use std::path::Path;

use super::file::write_whole;
use super::rows::{self, DateRange, HEADINGS, RESULT_HEADINGS};
use super::{ExportError, ExportSummary, audit_export};
use crate::progress::Progress;
use crate::records::{RecordsError, Store};

/// The cell as written: a leading apostrophe when a spreadsheet would
/// otherwise treat it as a formula.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Writes the attendance CSV to any writer; returns the number of rows.
pub fn write_attendance<W: Write>(
    store: &Store,
    range: DateRange,
    progress: &dyn Progress,
    out: W,
) -> Result<u64, ExportError> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())
        .map_err(|source| ExportError::Csv {
            path: "<output>".into(),
            source: source.into(),
        })?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let csv_err = |source: csv::Error| ExportError::Csv {
        path: "<output>".into(),
        source,
    };
    writer.write_record(HEADINGS).map_err(csv_err)?;
    let mut failure = None;
    let count = rows::for_each_attendance(store, range, progress, |row| {
        let cells = row.cells();
        writer
            .write_record(cells.iter().map(|c| neutralise(c).into_owned()))
            .map_err(|err| {
                failure = Some(err);
                RecordsError::invalid("csv", "write failed")
            })
    });
    if let Some(err) = failure {
        return Err(csv_err(err));
    }
    let count = count?;
    writer.flush().map_err(|e| csv_err(e.into()))?;
    Ok(count)
}

/// Writes the attendance CSV to `path`, then notes the export in the audit
/// log.
pub fn export_attendance(
    store: &mut Store,
    range: DateRange,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ExportSummary, ExportError> {
    let mut rows = 0;
    write_whole(store.data_dir(), path, "csv", |out| {
        rows = write_attendance(store, range, progress, out).map_err(|err| match err {
            ExportError::Csv { source, .. } => ExportError::Csv {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        })?;
        Ok(())
    })?;
    audit_export(store, "attendance CSV", path, rows)
}

/// Writes the quiz results CSV to any writer: one row per finished attempt,
/// then one per course completed; returns the number of rows. Stops with
/// [`RecordsError::Cancelled`] when the work is cancelled.
pub fn write_results<W: Write>(
    store: &Store,
    range: DateRange,
    progress: &dyn Progress,
    out: W,
) -> Result<u64, ExportError> {
    let mut out = out;
    let csv_err = |source: csv::Error| ExportError::Csv {
        path: "<output>".into(),
        source,
    };
    out.write_all("\u{feff}".as_bytes())
        .map_err(|source| csv_err(source.into()))?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let mut headings = vec!["Record"];
    headings.extend(RESULT_HEADINGS);
    writer.write_record(&headings).map_err(csv_err)?;
    let mut lines: Vec<Vec<String>> = Vec::new();
    rows::for_each_attempt(store, range, |row| {
        let mut line = vec!["Quiz attempt".to_string()];
        line.extend(row.cells());
        lines.push(line);
        Ok(())
    })?;
    for c in rows::completions_in(store, range)? {
        let [
            at,
            name,
            organisation,
            email,
            staff_number,
            course,
            version,
            person,
        ] = c.cells();
        lines.push(vec![
            "Course completed".into(),
            at,
            name,
            organisation,
            email,
            staff_number,
            course,
            version,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            "yes".into(),
            "self-paced".into(),
            person,
        ]);
    }
    let total = lines.len() as u64;
    for (done, line) in lines.iter().enumerate() {
        if progress.cancelled() {
            return Err(RecordsError::Cancelled.into());
        }
        writer
            .write_record(line.iter().map(|c| neutralise(c).into_owned()))
            .map_err(csv_err)?;
        progress.step(done as u64 + 1, total);
    }
    writer.flush().map_err(|e| csv_err(e.into()))?;
    Ok(lines.len() as u64)
}

/// Writes the quiz results CSV to `path`, then notes the export in the
/// audit log.
pub fn export_results(
    store: &mut Store,
    range: DateRange,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ExportSummary, ExportError> {
    let mut rows = 0;
    write_whole(store.data_dir(), path, "csv", |out| {
        rows = write_results(store, range, progress, out).map_err(|err| match err {
            ExportError::Csv { source, .. } => ExportError::Csv {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        })?;
        Ok(())
    })?;
    audit_export(store, "quiz results CSV", path, rows)
}
