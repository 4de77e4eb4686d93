//! Roster CSVs as other systems export them, in two steps: [`preview`]
//! reads the bytes and says what it would import and what is wrong, by
//! spreadsheet row number (the heading row is row 1); [`import`] puts
//! everyone on a session's register as `expected`, in one transaction, and
//! refuses outright if the preview had any problem — one bad row and nothing
//! is imported.
//!
//! Accepted: UTF-8 with or without a byte-order mark; comma, semicolon or tab
//! separators (detected from the heading row); Excel quoting, including
//! separators, quotes and line breaks inside cells; CRLF or LF. Headings are
//! recognised case-insensitively (see [`recognise`]) and any heading can be
//! mapped explicitly. Row numbers count records, so a multi-line cell is one
//! row, as in a spreadsheet.
//!
//! Refused, with the reason: a file larger than [`MAX_ROSTER_BYTES`] (before
//! it is read), a UTF-16 file, a workbook or other binary file, a quote that
//! opens a cell and is never closed (it would swallow the rest of the file
//! into one name), and any person the shared rules refuse
//! ([`crate::records::validate`]): a name with a line break or a NUL byte,
//! a name too long, an email that is not one. Matching rows to people
//! already here is the business of `records::people`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use std::path::Path;

use super::{ExportError, roster_people};
use crate::files::{self, FileError};
use crate::records::Store;
use crate::records::people::PersonDetails;
use crate::records::validate;

/// What a roster column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RosterField {
    Name,
    FirstName,
    LastName,
    Email,
    Organisation,
    Team,
    JobRole,
    /// Read but not used.
    Ignore,
}

/// Explicit heading → field choices, overriding the recognised headings.
/// Headings are compared trimmed and ignoring case.
pub type ColumnMapping = BTreeMap<String, RosterField>;

/// One column of the file and what it was taken as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ColumnUse {
    pub heading: String,
    pub field: Option<RosterField>,
}

/// A person the roster would add, with the row they came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RosterRow {
    pub row: u32,
    pub person: PersonDetails,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowError {
    /// As a spreadsheet numbers it: the heading row is 1.
    pub row: u32,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RosterPreview {
    pub headings: Vec<String>,
    pub mapping: Vec<ColumnUse>,
    pub rows: Vec<RosterRow>,
    pub errors: Vec<RowError>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RosterImported {
    pub added_to_register: u32,
    pub already_on_register: u32,
    pub new_people: u32,
    /// Rows naming someone an earlier row of the same file already added.
    pub repeated_in_file: u32,
}

fn normalise(heading: &str) -> String {
    heading
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every heading taken as a field without a mapping, as people write them
/// (compared trimmed, ignoring case and repeated spaces). The one list: the
/// window shows it, `recognise` reads it.
pub const HEADINGS: &[(RosterField, &[&str])] = &[
    (RosterField::Name, &["Name", "Full name"]),
    (
        RosterField::FirstName,
        &["First name", "Firstname", "Forename", "Given name"],
    ),
    (
        RosterField::LastName,
        &["Last name", "Lastname", "Surname", "Family name"],
    ),
    (
        RosterField::Email,
        &["Email", "E-mail", "Email address", "E-mail address"],
    ),
    (RosterField::Organisation, &["Organisation", "Organization"]),
    (RosterField::Team, &["Team", "Department"]),
    (RosterField::JobRole, &["Job title", "Role", "Job role"]),
];

/// The headings a field is recognised by, for the window to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RecognisedHeadings {
    pub field: RosterField,
    pub headings: Vec<String>,
}

/// [`HEADINGS`], for the window.
pub fn recognised_headings() -> Vec<RecognisedHeadings> {
    HEADINGS
        .iter()
        .map(|(field, headings)| RecognisedHeadings {
            field: *field,
            headings: headings.iter().map(|h| h.to_string()).collect(),
        })
        .collect()
}

/// The field a heading is taken as when no mapping says otherwise.
pub fn recognise(heading: &str) -> Option<RosterField> {
    let heading = normalise(heading);
    HEADINGS
        .iter()
        .find(|(_, names)| names.iter().any(|name| name.to_lowercase() == heading))
        .map(|(field, _)| *field)
}

/// The separator of the heading row: whichever of `,` `;` tab appears most
/// outside quotes (comma when none does).
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// The largest roster read, in bytes: 32 MB holds some 300,000 people,
/// far more than any real register.
pub const MAX_ROSTER_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a roster file whole, refusing anything but a regular file of at
/// most [`MAX_ROSTER_BYTES`] before reading it.
pub fn read_roster(path: &Path) -> Result<Vec<u8>, FileError> {
    files::read_capped(path, "roster", MAX_ROSTER_BYTES)
}

/// Why these bytes are not a text CSV at all, if they are not.
fn not_csv(bytes: &[u8]) -> Option<String> {
    if bytes.len() as u64 > MAX_ROSTER_BYTES {
        return Some(format!(
            "the file is {}, more than the {} a roster may be; nothing was read",
            files::size_text(bytes.len() as u64),
            files::size_text(MAX_ROSTER_BYTES)
        ));
    }
    let save_as = "save it as \"CSV UTF-8\" and try again";
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some(format!("the file is saved as UTF-16 text; {save_as}"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(format!(
            "the file is an Excel workbook or another zipped file, not a CSV; {save_as}"
        ));
    }
    // A stray NUL is a bad cell, named by its row below; text that is one
    // eighth NULs is UTF-16 or not text at all.
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.iter().filter(|&&b| b == 0).count() * 8 >= head.len().max(1) {
        return Some(format!(
            "the file holds NUL bytes, so it is not a text CSV (perhaps UTF-16 without a byte-order mark, or a binary file); {save_as}"
        ));
    }
    None
}

/// True when a quoted cell is still open at the end of `bytes`, read by the
/// rules the CSV reader uses: a quote opens a cell only at its start, `""`
/// inside one is a quote, and after the closing quote the cell goes on
/// unquoted.
fn ends_inside_quotes(bytes: &[u8], delimiter: u8) -> bool {
    let (mut quoted, mut at_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                    at_start = false;
                }
            }
        } else if b == b'"' && at_start {
            quoted = true;
        } else {
            at_start = b == delimiter || b == b'\n' || b == b'\r';
        }
        i += 1;
    }
    quoted
}

fn unclosed_quote(row: u32) -> RowError {
    RowError {
        row,
        reason: "opens a quote (\") that is never closed, so the rest of the file would be read into one cell; close the quote or remove it".into(),
    }
}

/// The blank lines the reader passed over from `start` (where it began to
/// read a record, which may be the second half of the last one's `\r\n`).
fn blank_lines_at(bytes: &[u8], start: usize) -> u64 {
    let mut i = start;
    if i > 0 && bytes.get(i) == Some(&b'\n') && bytes[i - 1] == b'\r' {
        i += 1;
    }
    let mut blanks = 0;
    loop {
        match bytes.get(i) {
            Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            Some(b'\r' | b'\n') => i += 1,
            _ => return blanks,
        }
        blanks += 1;
    }
}

/// Reads a roster and says what importing it would do. Never fails: every
/// problem is a [`RowError`].
pub fn preview(bytes: &[u8], overrides: &ColumnMapping) -> RosterPreview {
    let mut out = RosterPreview {
        headings: Vec::new(),
        mapping: Vec::new(),
        rows: Vec::new(),
        errors: Vec::new(),
    };
    if let Some(reason) = not_csv(bytes) {
        out.errors.push(RowError { row: 1, reason });
        return out;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let delimiter = detect_delimiter(&head);
    let unclosed = ends_inside_quotes(bytes, delimiter);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut records = reader.byte_records().peekable();

    let header = match records.next() {
        None => {
            out.errors.push(RowError {
                row: 1,
                reason: "the file is empty: the first row should hold the headings".into(),
            });
            return out;
        }
        Some(Err(err)) => {
            out.errors.push(RowError {
                row: 1,
                reason: format!("the heading row cannot be read: {err}"),
            });
            return out;
        }
        Some(Ok(record)) => record,
    };
    if unclosed && records.peek().is_none() {
        out.errors.push(unclosed_quote(1));
        return out;
    }
    for cell in header.iter() {
        match std::str::from_utf8(cell) {
            Ok(text) => out.headings.push(text.trim().to_string()),
            Err(_) => {
                out.errors.push(not_utf8(1));
                return out;
            }
        }
    }

    let overrides: BTreeMap<String, RosterField> =
        overrides.iter().map(|(h, f)| (normalise(h), *f)).collect();
    for wanted in overrides.keys() {
        if !out.headings.iter().any(|h| normalise(h) == *wanted) {
            out.errors.push(RowError {
                row: 1,
                reason: format!(
                    "the mapping names a heading {wanted:?} that the file does not have"
                ),
            });
        }
    }
    out.mapping = out
        .headings
        .iter()
        .map(|h| ColumnUse {
            heading: h.clone(),
            field: overrides
                .get(&normalise(h))
                .copied()
                .or_else(|| recognise(h)),
        })
        .collect();
    let mut columns: BTreeMap<String, usize> = BTreeMap::new();
    for (i, column) in out.mapping.iter().enumerate() {
        let Some(field) = column.field.filter(|f| *f != RosterField::Ignore) else {
            continue;
        };
        let key = format!("{field:?}");
        if columns.insert(key, i).is_some() {
            out.errors.push(RowError {
                row: 1,
                reason: format!("more than one column is taken as {field:?}; map one of them to another field or to Ignore"),
            });
        }
    }
    let col = |f: RosterField| columns.get(&format!("{f:?}")).copied();
    let name_col = col(RosterField::Name);
    let (first_col, last_col) = (col(RosterField::FirstName), col(RosterField::LastName));
    if name_col.is_none() && first_col.is_none() && last_col.is_none() {
        out.errors.push(RowError {
            row: 1,
            reason: "no column holds names: there should be a Name (or Full name) heading, or First name and Last name, or a mapping".into(),
        });
    }
    if !out.errors.is_empty() {
        return out;
    }

    let mut last_row = 1;
    let mut blanks = 0;
    for (index, record) in records.enumerate() {
        // The spreadsheet's row: one per record (however many lines its
        // cells take), and one per blank line, which the reader passes over.
        let position = match &record {
            Ok(record) => record.position(),
            Err(err) => err.position(),
        };
        blanks += position.map_or(0, |p| blank_lines_at(bytes, p.byte() as usize));
        let row = (index as u64 + 2 + blanks) as u32;
        last_row = row;
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                out.errors.push(RowError {
                    row,
                    reason: format!("cannot be read: {err}"),
                });
                continue;
            }
        };
        let mut cells = Vec::with_capacity(record.len());
        let mut utf8 = true;
        for cell in record.iter() {
            match std::str::from_utf8(cell) {
                Ok(text) => cells.push(text.trim().to_string()),
                Err(_) => utf8 = false,
            }
        }
        if !utf8 {
            out.errors.push(not_utf8(row));
            continue;
        }
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if cells.len() > out.headings.len()
            && cells[out.headings.len()..].iter().any(|c| !c.is_empty())
        {
            out.errors.push(RowError {
                row,
                reason: format!(
                    "has {} cells but there are only {} headings",
                    cells.len(),
                    out.headings.len()
                ),
            });
            continue;
        }
        let get = |c: Option<usize>| c.and_then(|i| cells.get(i)).cloned().unwrap_or_default();
        let name = match name_col {
            Some(_) => get(name_col),
            None => [get(first_col), get(last_col)]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        };
        if name.is_empty() {
            out.errors.push(RowError {
                row,
                reason: "has no name".into(),
            });
            continue;
        }
        let person = PersonDetails {
            name,
            organisation: get(col(RosterField::Organisation)),
            team: get(col(RosterField::Team)),
            job_role: get(col(RosterField::JobRole)),
            email: Some(get(col(RosterField::Email))).filter(|e| !e.is_empty()),
        };
        let problems = validate::person_details(&person);
        if problems.is_empty() {
            out.rows.push(RosterRow { row, person });
        }
        out.errors
            .extend(problems.into_iter().map(|problem| RowError {
                row,
                reason: format!("{} {}", problem.field, problem.reason),
            }));
    }
    if unclosed {
        // The last record is the one the open quote swallowed.
        out.rows.retain(|r| r.row != last_row);
        out.errors.retain(|e| e.row != last_row);
        out.errors.push(unclosed_quote(last_row));
    }
    out
}

fn not_utf8(row: u32) -> RowError {
    RowError {
        row,
        reason: "is not UTF-8 text; save the file as \"CSV UTF-8\" and try again".into(),
    }
}

/// Previews `bytes` with the trainer's `overrides` and imports the result,
/// with no choices made for rows sharing an email (they become new people).
pub fn import_csv(
    store: &mut Store,
    session_id: Uuid,
    bytes: &[u8],
    overrides: &ColumnMapping,
) -> Result<RosterImported, ExportError> {
    import(store, session_id, &preview(bytes, overrides))
}

/// Puts everyone in the preview on the session's register as expected, in
/// one transaction, with no choices made for rows sharing an email: see
/// [`roster_people::import`], which decides who each row is.
pub fn import(
    store: &mut Store,
    session_id: Uuid,
    preview: &RosterPreview,
) -> Result<RosterImported, ExportError> {
    roster_people::import(store, session_id, preview, &Default::default())
}
