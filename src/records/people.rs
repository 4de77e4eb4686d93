//! People: everyone who has been on a register, taken a quiz or been given a
//! certificate. This file owns creating, matching and reading a person; it
//! deliberately does not erase anyone (that is `erase.rs`, which must also
//! clean backups) nor search (that is `search.rs`).

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::sql::{self, ts_at, uuid_at};
use super::validate;

/// A person as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Person {
    pub id: Uuid,
    pub name: String,
    /// The organisation, or the organisation and team as the person typed it.
    pub organisation: String,
    /// A team or department, when a roster gives one separately.
    pub team: String,
    pub job_role: String,
    pub email: Option<String>,
    pub created_at: Timestamp,
}

/// What a person types at the sign-in kiosk, or a roster row gives.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonDetails {
    pub name: String,
    pub organisation: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub job_role: String,
    #[serde(default)]
    pub email: Option<String>,
}

impl PersonDetails {
    /// Trims every field, drops an empty email and checks the result against
    /// the rules every door shares ([`validate::person_details`]).
    pub fn cleaned(&self) -> Result<PersonDetails, RecordsError> {
        let email = self
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string);
        let cleaned = PersonDetails {
            name: self.name.trim().to_string(),
            organisation: self.organisation.trim().to_string(),
            team: self.team.trim().to_string(),
            job_role: self.job_role.trim().to_string(),
            email,
        };
        validate::first(validate::person_details(&cleaned))?;
        Ok(cleaned)
    }
}

/// Why an email address is not plausible, if it is not. Deliberately loose:
/// it catches a name typed into the email box, not every RFC 5322 rule.
pub fn check_email(email: &str) -> Result<(), String> {
    let Some((local, domain)) = email.split_once('@') else {
        return Err(format!("{email:?} has no @"));
    };
    if local.is_empty() || domain.is_empty() || email.chars().any(char::is_whitespace) {
        return Err(format!("{email:?} is not an email address"));
    }
    Ok(())
}

pub(crate) const COLUMNS: &str = "id, name, organisation, team, job_role, email, created_at";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: uuid_at(row, 0)?,
        name: row.get(1)?,
        organisation: row.get(2)?,
        team: row.get(3)?,
        job_role: row.get(4)?,
        email: row.get(5)?,
        created_at: ts_at(row, 6)?,
    })
}

/// Finds the person these details describe — the same email, or with no
/// email the same name and organisation (ignoring case) — or adds them.
/// Runs inside the caller's transaction. Returns the person and whether
/// they were new.
pub(crate) fn find_or_create(
    conn: &Connection,
    details: &PersonDetails,
    now: Timestamp,
) -> Result<(Person, bool), RecordsError> {
    let found = match &details.email {
        Some(email) => conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM people WHERE email = ?1 COLLATE NOCASE
                     ORDER BY created_at LIMIT 1"
                ),
                [email],
                from_row,
            )
            .optional(),
        None => conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM people
                     WHERE name = ?1 COLLATE NOCASE AND organisation = ?2 COLLATE NOCASE
                     ORDER BY created_at LIMIT 1"
                ),
                params![details.name, details.organisation],
                from_row,
            )
            .optional(),
    }
    .doing("look for the person")?;
    if let Some(person) = found {
        return Ok((person, false));
    }
    let person = Person {
        id: Uuid::new_v4(),
        name: details.name.clone(),
        organisation: details.organisation.clone(),
        team: details.team.clone(),
        job_role: details.job_role.clone(),
        email: details.email.clone(),
        created_at: now,
    };
    insert(conn, &person)?;
    Ok((person, true))
}

pub(crate) fn insert(conn: &Connection, person: &Person) -> Result<(), RecordsError> {
    conn.execute(
        "INSERT INTO people (id, name, organisation, team, job_role, email, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            person.id.to_string(),
            person.name,
            person.organisation,
            person.team,
            person.job_role,
            person.email,
            sql::ts_text(person.created_at)
        ],
    )
    .doing("add the person")?;
    Ok(())
}

pub(crate) fn find(conn: &Connection, id: Uuid) -> Result<Option<Person>, RecordsError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM people WHERE id = ?1"),
        [id.to_string()],
        from_row,
    )
    .optional()
    .doing("read the person")
}

/// Adds a person without matching (a trainer adding someone by hand).
pub fn add(store: &mut Store, details: &PersonDetails) -> Result<Person, RecordsError> {
    let details = details.cleaned()?;
    let person = Person {
        id: Uuid::new_v4(),
        name: details.name,
        organisation: details.organisation,
        team: details.team,
        job_role: details.job_role,
        email: details.email,
        created_at: sql::now(),
    };
    let tx = store.conn().transaction().doing("start adding a person")?;
    insert(&tx, &person)?;
    tx.commit().doing("save the new person")?;
    Ok(person)
}

/// One person by id.
pub fn get(store: &Store, id: Uuid) -> Result<Person, RecordsError> {
    find(store.conn_ref(), id)?.ok_or(RecordsError::NotFound { what: "person", id })
}

/// Overwrites a person's details with another copy of the same person (a
/// record keeper chose a bundle's version over the one here). Beside
/// [`insert`] in spirit: a column added to one belongs in the other.
pub(crate) fn replace(conn: &Connection, person: &Person) -> Result<(), RecordsError> {
    conn.execute(
        "UPDATE people SET name = ?2, organisation = ?3, team = ?4, job_role = ?5,
             email = ?6, created_at = ?7
         WHERE id = ?1",
        params![
            person.id.to_string(),
            person.name,
            person.organisation,
            person.team,
            person.job_role,
            person.email,
            sql::ts_text(person.created_at)
        ],
    )
    .doing("replace the person's details")?;
    Ok(())
}
