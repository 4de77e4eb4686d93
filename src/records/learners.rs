//! Who is learning at their own pace: starting the training (finding or
//! adding the person) and continuing it later by name and email or staff
//! number. Deliberately, nothing here lists people: a shared computer must
//! not show one learner who else was trained, so a learner is only ever
//! found by what they type themselves.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::people::{self, Person, PersonDetails};
use super::{names, sql, validate};

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
    } else if let Some(problem) = validate::staff_number(text).into_iter().next() {
        Err(problem.into_error())
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

/// Someone with the learner's name.
struct Namesake(Person);

impl Namesake {
    fn has_staff_number(&self, number: &str) -> bool {
        self.0
            .staff_number
            .as_deref()
            .is_some_and(|own| names::match_key(own) == names::match_key(number))
    }

    fn has_email(&self, email: &str) -> bool {
        self.0
            .email
            .as_deref()
            .is_some_and(|own| names::same_email(own, email))
    }

    fn in_team(&self, team: &str) -> bool {
        names::match_key(&self.0.organisation) == names::match_key(team)
    }
}

/// Everyone with this name, compared as every door compares names
/// ([`names::match_key`]), oldest first.
fn namesakes(conn: &Connection, name: &str) -> Result<Vec<Namesake>, RecordsError> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {} FROM people WHERE name_key = ?1 ORDER BY created_at, id",
            people::COLUMNS
        ))
        .doing("look for the learner")?;
    stmt.query_map([names::match_key(name)], |row| {
        people::from_row(row).map(Namesake)
    })
    .doing("look for the learner")?
    .collect::<rusqlite::Result<Vec<_>>>()
    .doing("look for the learner")
}

/// Starts the training: finds the person these details describe or adds
/// them. With an email, someone of that name and email; with a staff
/// number, someone of that name and number, or else of that name and team
/// who has no staff number yet (it is saved for them, so they are found by
/// it next time); with neither, someone of that name and team. A staff
/// number or email that differs is never the same person. The name is
/// kept exactly as typed, trimmed.
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
    let namesakes = namesakes(&tx, &cleaned.name)?;
    let team = &cleaned.organisation;
    let found = match &key {
        Key::Email(email) => namesakes.into_iter().find(|n| n.has_email(email)),
        Key::StaffNumber(number) => {
            let (same, others): (Vec<_>, Vec<_>) = namesakes
                .into_iter()
                .partition(|n| n.has_staff_number(number));
            same.into_iter().next().or_else(|| {
                others
                    .into_iter()
                    .find(|n| n.0.staff_number.is_none() && n.in_team(team))
            })
        }
        Key::Neither => namesakes.into_iter().find(|n| n.in_team(team)),
    };
    let (person, new) = match found {
        Some(found) => (found.0, false),
        None => (people::create(&tx, &cleaned, sql::now())?, true),
    };
    if let Key::StaffNumber(number) = &key {
        tx.execute(
            "UPDATE people SET staff_number = ?2 WHERE id = ?1 AND staff_number IS NULL",
            params![person.id.to_string(), number],
        )
        .doing("save the staff number")?;
    }
    tx.commit().doing("save the learner")?;
    Ok(learner(&person, new))
}

/// Finds a returning learner by their name (compared as every door
/// compares names) and their email or staff number; with neither on
/// record, by their team. The same answer, "not found", whatever part did
/// not match.
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
    namesakes(store.conn_ref(), name)?
        .into_iter()
        .find(|n| {
            n.has_email(key)
                || n.has_staff_number(key)
                || (n.0.email.is_none()
                    && n.0.staff_number.is_none()
                    && !n.0.organisation.trim().is_empty()
                    && n.in_team(key))
        })
        .map(|n| learner(&n.0, false))
        .ok_or(RecordsError::NoLearner)
}
