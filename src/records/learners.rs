//! Who is learning at their own pace: starting the training (finding or
//! adding the person) and continuing it later by name and email or staff
//! number. Deliberately, nothing here lists people: a shared computer must
//! not show one learner who else was trained, so a learner is only ever
//! found by what they type themselves.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::people::{self, Person, PersonDetails};
use super::sql;

/// What a learner types to start the training.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct LearnerDetails {
    pub name: String,
    /// Their team or organisation.
    pub team: String,
    /// An email address or a staff number; optional, but it is how they
    /// are found again on another day.
    pub key: String,
}

/// The learner a window is working for: no more than it needs to greet them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Learner {
    pub person_id: Uuid,
    pub name: String,
    /// True when this start added them rather than finding them.
    pub new: bool,
}

/// An email or a staff number, told apart by the `@`.
enum Key {
    Email(String),
    StaffNumber(String),
    Neither,
}

fn key_of(text: &str) -> Result<Key, RecordsError> {
    let text = text.trim();
    if text.is_empty() {
        Ok(Key::Neither)
    } else if text.contains('@') {
        people::check_email(text).map_err(|reason| RecordsError::invalid("email", reason))?;
        Ok(Key::Email(text.to_string()))
    } else if text.chars().count() > 100 {
        Err(RecordsError::invalid(
            "staff number",
            "is longer than 100 characters",
        ))
    } else {
        Ok(Key::StaffNumber(text.to_string()))
    }
}

fn learner(person: &Person, new: bool) -> Learner {
    Learner {
        person_id: person.id,
        name: person.name.clone(),
        new,
    }
}

/// Starts the training: finds the person these details describe (the same
/// email; the same name and staff number; with neither, the same name and
/// team) or adds them. The name is kept exactly as typed, trimmed.
pub fn start(store: &mut Store, details: &LearnerDetails) -> Result<Learner, RecordsError> {
    let key = key_of(&details.key)?;
    let cleaned = PersonDetails {
        name: details.name.clone(),
        organisation: details.team.clone(),
        email: match &key {
            Key::Email(email) => Some(email.clone()),
            _ => None,
        },
        ..PersonDetails::default()
    }
    .cleaned()?;
    let tx = store.conn().transaction().doing("start the training")?;
    let found = match &key {
        Key::StaffNumber(number) => tx
            .query_row(
                &format!(
                    "SELECT {} FROM people WHERE staff_number = ?1 AND name = ?2 COLLATE NOCASE
                     ORDER BY created_at LIMIT 1",
                    people::COLUMNS
                ),
                params![number, cleaned.name],
                people::from_row,
            )
            .optional()
            .doing("look for the learner")?
            .map(|p| (p, false)),
        _ => None,
    };
    let (person, new) = match found {
        Some(found) => found,
        None => {
            let (person, new) = people::find_or_create(&tx, &cleaned, None, sql::now())?;
            if let (Key::StaffNumber(number), true) = (&key, new) {
                tx.execute(
                    "UPDATE people SET staff_number = ?2 WHERE id = ?1",
                    params![person.id.to_string(), number],
                )
                .doing("save the staff number")?;
            }
            (person, new)
        }
    };
    tx.commit().doing("save the learner")?;
    Ok(learner(&person, new))
}

/// Finds a returning learner by their name (ignoring case and spaces around
/// it) and their email or staff number; with neither on record, by their
/// team. The same answer, "not found", whatever part did not match.
pub fn find(store: &Store, name: &str, key: &str) -> Result<Learner, RecordsError> {
    let name = name.trim();
    let key = key.trim();
    if name.is_empty() {
        return Err(RecordsError::invalid("name", "is needed"));
    }
    if key.is_empty() {
        return Err(RecordsError::invalid(
            "email or staff number",
            "is needed to find your training",
        ));
    }
    let found = store
        .conn_ref()
        .query_row(
            &format!(
                "SELECT {} FROM people
                 WHERE name = ?1 COLLATE NOCASE
                   AND (email = ?2 COLLATE NOCASE OR staff_number = ?2
                        OR (email IS NULL AND staff_number IS NULL
                            AND organisation = ?2 COLLATE NOCASE AND organisation <> ''))
                 ORDER BY created_at LIMIT 1",
                people::COLUMNS
            ),
            params![name, key],
            people::from_row,
        )
        .optional()
        .doing("look for the learner")?;
    found
        .map(|person| learner(&person, false))
        .ok_or(RecordsError::NoLearner)
}
