//! Attendance as an Excel workbook: an "Attendance" sheet, a "Quiz
//! results" sheet, a "Course completions" sheet and a "Room knowledge check"
//! sheet (hands raised for each option while presenting a session), each
//! with a bold, frozen heading row, real date cells
//! (so the organisation can sort and filter by date), number cells for
//! scores, and column widths that fit the usual content. Excel never runs a
//! string cell as a formula, so unlike CSV nothing needs defusing.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::file::write_whole;
use super::rows::{self, COMPLETION_HEADINGS, DateRange, HEADINGS, RESULT_HEADINGS};
use super::{ExportError, ExportSummary, audit_export};
use crate::progress::Progress;
use crate::records::{RecordsError, Store};

const ATTENDANCE_WIDTHS: [f64; 18] = [
    12.0, 8.0, 28.0, 28.0, 10.0, 20.0, 18.0, 24.0, 22.0, 16.0, 18.0, 26.0, 14.0, 11.0, 20.0, 9.0,
    38.0, 38.0,
];
const RESULT_WIDTHS: [f64; 14] = [
    20.0, 24.0, 22.0, 26.0, 14.0, 28.0, 10.0, 24.0, 7.0, 7.0, 8.0, 7.0, 12.0, 38.0,
];
const COMPLETION_WIDTHS: [f64; 8] = [20.0, 24.0, 22.0, 26.0, 14.0, 28.0, 10.0, 38.0];

const ROOM_HEADINGS: [&str; 8] = [
    "Session date",
    "Session",
    "Module",
    "Question",
    "Option",
    "Right answer",
    "Hands",
    "Session id",
];
const ROOM_WIDTHS: [f64; 8] = [12.0, 28.0, 24.0, 28.0, 7.0, 12.0, 7.0, 38.0];

fn date_cell(text: &str) -> Option<ExcelDateTime> {
    let mut parts = text.get(..10)?.split('-').map(|p| p.parse::<u16>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    ExcelDateTime::from_ymd(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?).ok()
}

fn datetime_cell(stored: &str) -> Option<ExcelDateTime> {
    let date = date_cell(stored)?;
    let time = stored.get(11..19)?;
    let mut parts = time.split(':').map(|p| p.parse::<u16>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    date.and_hms(h, u8::try_from(m).ok()?, s).ok()
}

fn headings(sheet: &mut Worksheet, names: &[&str], widths: &[f64]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (col, (name, width)) in names.iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *name, &bold)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Builds the workbook in memory; returns it with the attendance row count.
pub fn build_workbook(
    store: &Store,
    range: DateRange,
    progress: &dyn Progress,
) -> Result<(Workbook, u64), ExportError> {
    let xlsx = |source| ExportError::Xlsx {
        path: "<workbook>".into(),
        source,
    };
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let datetime_format = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let mut workbook = Workbook::new();
    let mut failure: Option<XlsxError> = None;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Attendance").map_err(xlsx)?;
    headings(sheet, &HEADINGS, &ATTENDANCE_WIDTHS).map_err(xlsx)?;
    let mut r = 0u32;
    let attendance = rows::for_each_attendance(store, range, progress, |row| {
        r += 1;
        let cells = row.cells();
        let written = (|| {
            for (col, (heading, cell)) in HEADINGS.iter().zip(&cells).enumerate() {
                let col = col as u16;
                match *heading {
                    "Session date" => match date_cell(cell) {
                        Some(d) => sheet.write_datetime_with_format(r, col, d, &date_format)?,
                        None => sheet.write_string(r, col, cell)?,
                    },
                    "Signed in at (UTC)" => {
                        match row.signed_in_at.as_deref().and_then(datetime_cell) {
                            Some(d) => {
                                sheet.write_datetime_with_format(r, col, d, &datetime_format)?
                            }
                            None => sheet,
                        }
                    }
                    _ if cell.is_empty() => sheet,
                    _ => sheet.write_string(r, col, cell)?,
                };
            }
            Ok::<_, XlsxError>(())
        })();
        written.map_err(|err| {
            failure = Some(err);
            RecordsError::invalid("workbook", "could not be written")
        })
    });
    if let Some(err) = failure.take() {
        return Err(xlsx(err));
    }
    let attendance = attendance?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Quiz results").map_err(xlsx)?;
    headings(sheet, &RESULT_HEADINGS, &RESULT_WIDTHS).map_err(xlsx)?;
    let mut r = 0u32;
    let results = rows::for_each_attempt(store, range, |row| {
        r += 1;
        let written = (|| {
            match datetime_cell(&row.finished_at) {
                Some(d) => sheet.write_datetime_with_format(r, 0, d, &datetime_format)?,
                None => sheet.write_string(r, 0, &row.finished_at)?,
            };
            for (col, (heading, cell)) in
                RESULT_HEADINGS.iter().zip(row.cells()).enumerate().skip(1)
            {
                let col = col as u16;
                match *heading {
                    "Score" => sheet.write_number(r, col, row.score)?,
                    "Out of" => sheet.write_number(r, col, row.total)?,
                    "Percent" => sheet.write_number(r, col, row.percent)?,
                    _ if cell.is_empty() => sheet,
                    _ => sheet.write_string(r, col, &cell)?,
                };
            }
            Ok::<_, XlsxError>(())
        })();
        written.map_err(|err| {
            failure = Some(err);
            RecordsError::invalid("workbook", "could not be written")
        })
    });
    if let Some(err) = failure {
        return Err(xlsx(err));
    }
    results?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Course completions").map_err(xlsx)?;
    headings(sheet, &COMPLETION_HEADINGS, &COMPLETION_WIDTHS).map_err(xlsx)?;
    for (r, row) in rows::completions_in(store, range)?.iter().enumerate() {
        let r = r as u32 + 1;
        for (col, cell) in row.cells().iter().enumerate() {
            let col = col as u16;
            match (col, datetime_cell(&row.completed_at)) {
                (0, Some(d)) => sheet.write_datetime_with_format(r, col, d, &datetime_format),
                _ if cell.is_empty() => Ok(&mut *sheet),
                _ => sheet.write_string(r, col, cell),
            }
            .map_err(xlsx)?;
        }
    }

    let room = rows::room_answers(store, range)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("Room knowledge check").map_err(xlsx)?;
    headings(sheet, &ROOM_HEADINGS, &ROOM_WIDTHS).map_err(xlsx)?;
    for (r, row) in (1u32..).zip(&room) {
        (|| {
            match date_cell(&row.date) {
                Some(d) => sheet.write_datetime_with_format(r, 0, d, &date_format)?,
                None => sheet.write_string(r, 0, &row.date)?,
            };
            sheet.write_string(r, 1, &row.session_title)?;
            sheet.write_string(r, 2, &row.module_id)?;
            sheet.write_string(r, 3, &row.question_id)?;
            sheet.write_string(r, 4, &row.option)?;
            sheet.write_string(r, 5, if row.correct { "yes" } else { "no" })?;
            sheet.write_number(r, 6, row.hands)?;
            sheet.write_string(r, 7, &row.session_id)?;
            Ok::<_, XlsxError>(())
        })()
        .map_err(xlsx)?;
    }
    Ok((workbook, attendance))
}

/// Writes the workbook to `path`, then notes the export in the audit log.
pub fn export_attendance(
    store: &mut Store,
    range: DateRange,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ExportSummary, ExportError> {
    let (mut workbook, rows) = build_workbook(store, range, progress)?;
    if progress.cancelled() {
        return Err(RecordsError::Cancelled.into());
    }
    write_whole(store.data_dir(), path, "xlsx", |out| {
        workbook
            .save_to_writer(out)
            .map_err(|source| ExportError::Xlsx {
                path: path.to_path_buf(),
                source,
            })
    })?;
    audit_export(store, "attendance Excel workbook", path, rows)
}
