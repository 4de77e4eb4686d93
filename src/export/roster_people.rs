//! Who each roster row is, and putting them on the register. Reading the
//! file is `roster.rs`; this file owns what happens once the rows are read:
//! finding each row's person the same way the kiosk does
//! (`people::find_or_create`), flagging every row whose email someone with
//! a different name already gave (here, or on an earlier row of the same
//! file), and importing with the record keeper's choice for each flagged
//! row: the same person, or a new one. An email is never taken on its own
//! as proof of who someone is, so a flagged row left without a choice is a
//! new person, and the pair shows up among the possible duplicates.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::ExportError;
use super::roster::{self, ColumnMapping, RosterImported, RosterPreview, RosterRow};
use crate::records::attendance::{self, Attendance};
use crate::records::names;
use crate::records::people::{self, PersonDetails};
use crate::records::status::{AttendanceSource, AttendanceStatus, SessionStatus};
use crate::records::{DbContext, RecordsError, Store, sessions, sql};

/// What the record keeper chose for a flagged row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowChoice {
    /// The row is the person who already gave that email.
    SamePerson,
    /// The row is someone else who happens to share it.
    NewPerson,
}

/// Spreadsheet row number → choice, for flagged rows.
pub type RowChoices = BTreeMap<u32, RowChoice>;

/// Someone who already gave a flagged row's email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EmailHolder {
    pub name: String,
    /// The earlier row of this file, or none when they are already in the
    /// records.
    pub row: Option<u32>,
}

/// A row whose email someone with a different name already gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SharedEmail {
    pub row: u32,
    pub email: String,
    /// Who "the same person" would be: the first of these.
    pub holders: Vec<EmailHolder>,
}

/// A roster as read, with the rows that need a choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RosterCheck {
    pub preview: RosterPreview,
    pub shared_emails: Vec<SharedEmail>,
    /// The file's contents as checked, in short: the import refuses a file
    /// that has changed since, whose rows the choices may no longer fit.
    pub fingerprint: String,
}

/// A short summary of a file's bytes, the same for the same bytes while
/// Signpost runs.
fn fingerprint(bytes: &[u8]) -> String {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    format!("{:016x}-{}", hasher.finish(), bytes.len())
}

/// Reads a roster file (within its size limit) and checks its rows against
/// the records.
pub fn check(
    store: &Store,
    path: &Path,
    overrides: &ColumnMapping,
) -> Result<RosterCheck, ExportError> {
    let bytes = roster::read_roster(path)?;
    let preview = roster::preview(&bytes, overrides);
    let shared_emails = shared_emails(store.conn_ref(), &preview.rows)?;
    Ok(RosterCheck {
        fingerprint: fingerprint(&bytes),
        preview,
        shared_emails,
    })
}

/// Whose email each row shares: people already here, then earlier rows.
/// A row is flagged only when nobody with its email has its name.
fn shared_emails(
    conn: &rusqlite::Connection,
    rows: &[RosterRow],
) -> Result<Vec<SharedEmail>, RecordsError> {
    // Folded email → (name key, holder) of everyone seen with it so far.
    let mut seen: BTreeMap<String, Vec<(String, EmailHolder)>> = BTreeMap::new();
    let mut flagged = Vec::new();
    for row in rows {
        let Some(email) = row
            .person
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        else {
            continue;
        };
        let folded = email.to_lowercase();
        if !seen.contains_key(&folded) {
            let here = people::with_email(conn, email)?
                .into_iter()
                .map(|p| {
                    (
                        names::match_key(&p.name),
                        EmailHolder {
                            name: p.name,
                            row: None,
                        },
                    )
                })
                .collect();
            seen.insert(folded.clone(), here);
        }
        let holders = seen.entry(folded).or_default();
        let key = names::match_key(&row.person.name);
        if !holders.is_empty() && holders.iter().all(|(k, _)| *k != key) {
            flagged.push(SharedEmail {
                row: row.row,
                email: email.to_string(),
                holders: holders.iter().map(|(_, h)| h.clone()).collect(),
            });
        }
        holders.push((
            key,
            EmailHolder {
                name: row.person.name.clone(),
                row: Some(row.row),
            },
        ));
    }
    Ok(flagged)
}

/// Reads the file at `path` with the trainer's `overrides` and imports the
/// rows with the record keeper's `choices`: the one call for a screen that
/// showed the same check. The file is read again rather than trusting rows
/// sent back, so what is imported is exactly what this version of Signpost
/// reads; given the `checked` fingerprint of that check, a file changed
/// since is refused, as the choices name its rows by number.
pub fn import_csv(
    store: &mut Store,
    session_id: Uuid,
    path: &Path,
    overrides: &ColumnMapping,
    choices: &RowChoices,
    checked: Option<&str>,
) -> Result<RosterImported, ExportError> {
    let bytes = roster::read_roster(path)?;
    if checked.is_some_and(|checked| checked != fingerprint(&bytes)) {
        return Err(ExportError::RosterChanged {
            path: path.to_path_buf(),
        });
    }
    let preview = roster::preview(&bytes, overrides);
    import(store, session_id, &preview, choices)
}

/// Puts everyone in the preview on the session's register as expected, in
/// one transaction. Refuses when the preview has any errors, or the session
/// is closed. People already on the register are left as they are. A row
/// flagged for a shared email is the first holder of that email when
/// `choices` says [`RowChoice::SamePerson`], and a new person otherwise.
pub fn import(
    store: &mut Store,
    session_id: Uuid,
    preview: &RosterPreview,
    choices: &RowChoices,
) -> Result<RosterImported, ExportError> {
    if !preview.errors.is_empty() {
        return Err(ExportError::RosterHasErrors {
            count: preview.errors.len(),
        });
    }
    let now = sql::now();
    let tx = store
        .conn()
        .transaction()
        .doing("start importing the roster")?;
    let session = sessions::find(&tx, session_id)?;
    if session.status == SessionStatus::Closed {
        return Err(RecordsError::SessionClosed { id: session_id }.into());
    }
    let flagged: BTreeMap<u32, SharedEmail> = shared_emails(&tx, &preview.rows)?
        .into_iter()
        .map(|s| (s.row, s))
        .collect();
    let mut done = RosterImported {
        added_to_register: 0,
        already_on_register: 0,
        new_people: 0,
        repeated_in_file: 0,
    };
    // Row number → the person it turned out to be.
    let mut row_people: BTreeMap<u32, Uuid> = BTreeMap::new();
    let mut added = std::collections::BTreeSet::new();
    for row in &preview.rows {
        let details = cleaned(row)?;
        let person_id = match flagged.get(&row.row) {
            Some(shared) if choices.get(&row.row) == Some(&RowChoice::SamePerson) => {
                holder_id(&tx, shared, &row_people)?
            }
            Some(_) => {
                done.new_people += 1;
                people::create(&tx, &details, now)?.id
            }
            None => {
                let (person, new) = people::find_or_create(&tx, &details, Some(session_id), now)?;
                done.new_people += u32::from(new);
                person.id
            }
        };
        row_people.insert(row.row, person_id);
        if attendance::find(&tx, session_id, person_id)?.is_some() {
            if added.contains(&person_id) {
                done.repeated_in_file += 1;
            } else {
                done.already_on_register += 1;
            }
            continue;
        }
        attendance::insert(
            &tx,
            &Attendance {
                id: Uuid::new_v4(),
                session_id,
                person_id,
                status: AttendanceStatus::Expected,
                signed_in_at: None,
                source: AttendanceSource::Roster,
                updated_at: now,
            },
        )?;
        added.insert(person_id);
        done.added_to_register += 1;
    }
    tx.commit().doing("save the roster")?;
    Ok(done)
}

fn cleaned(row: &RosterRow) -> Result<PersonDetails, RecordsError> {
    row.person.cleaned().map_err(|err| RecordsError::Invalid {
        field: "roster row",
        reason: format!("{}: {err}", row.row),
    })
}

/// The person "the same person" means for a flagged row: the earlier row
/// it shares the email with, or the oldest record here with that email.
fn holder_id(
    conn: &rusqlite::Connection,
    shared: &SharedEmail,
    row_people: &BTreeMap<u32, Uuid>,
) -> Result<Uuid, RecordsError> {
    if let Some(id) = shared
        .holders
        .first()
        .and_then(|h| h.row)
        .and_then(|row| row_people.get(&row))
    {
        return Ok(*id);
    }
    people::with_email(conn, &shared.email)?
        .into_iter()
        .next()
        .map(|p| p.id)
        .ok_or(RecordsError::Invalid {
            field: "roster row",
            reason: format!(
                "{}: nobody here has the email {} any more; check the roster again",
                shared.row, shared.email
            ),
        })
}
