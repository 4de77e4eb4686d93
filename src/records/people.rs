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
use super::names;
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
    /// The staff number a self-paced learner gave to be found again by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub staff_number: Option<String>,
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
        return Err("needs an @, like name@example.org (or leave it empty)".into());
    };
    if local.is_empty() || domain.is_empty() || email.chars().any(char::is_whitespace) {
        return Err(
            "needs a name before the @ and a place after it, with no spaces, like name@example.org"
                .into(),
        );
    }
    Ok(())
}

pub(crate) const COLUMNS: &str =
    "id, name, organisation, team, job_role, email, created_at, staff_number";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: uuid_at(row, 0)?,
        name: row.get(1)?,
        organisation: row.get(2)?,
        team: row.get(3)?,
        job_role: row.get(4)?,
        email: row.get(5)?,
        created_at: ts_at(row, 6)?,
        staff_number: row.get(7)?,
    })
}

/// Finds the person these details describe, or adds them. Runs inside the
/// caller's transaction; returns the person and whether they were new.
///
/// Names are compared by [`names::match_key`] and emails ignoring case:
///
/// 1. On `register` (the session being signed in to), someone with the same
///    name is that person, unless both gave email addresses, or both gave
///    organisations, and they differ. So a second sign-in by the same name
///    is the same line, however it was spaced or capitalised, while two
///    namesakes from two organisations are two people.
/// 2. With an email: someone with that email *and* the same name. An email
///    that someone with a different name already gave is never taken as
///    proof of who this is: a new person is added, with the email as typed,
///    and the pair shows up among [`crate::records::duplicates`].
/// 3. Without an email: someone with the same name and organisation.
pub(crate) fn find_or_create(
    conn: &Connection,
    details: &PersonDetails,
    register: Option<Uuid>,
    now: Timestamp,
) -> Result<(Person, bool), RecordsError> {
    if let Some(person) = find_match(conn, details, register)? {
        return Ok((person, false));
    }
    Ok((create(conn, details, now)?, true))
}

/// The matching half of [`find_or_create`]: who these details are, if
/// anyone already here.
pub(crate) fn find_match(
    conn: &Connection,
    details: &PersonDetails,
    register: Option<Uuid>,
) -> Result<Option<Person>, RecordsError> {
    let key = names::match_key(&details.name);
    let organisation = names::match_key(&details.organisation);
    let agree = |p: &Person| {
        let emails = match (&details.email, &p.email) {
            (Some(a), Some(b)) => names::same_email(a, b),
            _ => true,
        };
        let theirs = names::match_key(&p.organisation);
        emails && (organisation.is_empty() || theirs.is_empty() || organisation == theirs)
    };
    if let Some(session_id) = register {
        let on_register = select(
            conn,
            &format!(
                // Found by name first (indexed), then checked against the
                // register by its unique key: a join from the register side
                // would read the whole register for every row of a roster.
                "SELECT {} FROM people p
                 WHERE p.name_key = ?2
                   AND EXISTS (SELECT 1 FROM attendance a
                               WHERE a.session_id = ?1 AND a.person_id = p.id)
                 ORDER BY p.created_at, p.id",
                sql::prefixed(COLUMNS, "p")
            ),
            params![session_id.to_string(), key],
        )?;
        if let Some(person) = on_register.into_iter().find(agree) {
            return Ok(Some(person));
        }
    }
    let same_name = select(
        conn,
        &format!("SELECT {COLUMNS} FROM people WHERE name_key = ?1 ORDER BY created_at, id"),
        params![key],
    )?;
    Ok(match &details.email {
        Some(email) => same_name.into_iter().find(|p| {
            p.email
                .as_deref()
                .is_some_and(|e| names::same_email(e, email))
        }),
        None => same_name
            .into_iter()
            .find(|p| names::match_key(&p.organisation) == organisation),
    })
}

/// Everyone who gave this email address (ignoring case), oldest first.
pub(crate) fn with_email(conn: &Connection, email: &str) -> Result<Vec<Person>, RecordsError> {
    let email = email.trim();
    // SQLite's NOCASE folds ASCII only, which is exact for an ASCII
    // address and found by its index. An address with other letters
    // ("Éva@…") is looked for in the folded search text, where "éva@…" is
    // too; either way, the address itself is compared here.
    let found = if email.is_ascii() {
        select(
            conn,
            &format!(
                "SELECT {COLUMNS} FROM people WHERE email = ?1 COLLATE NOCASE
                 ORDER BY created_at, rowid"
            ),
            params![email],
        )?
    } else {
        select(
            conn,
            &format!(
                "SELECT {COLUMNS} FROM people WHERE email IS NOT NULL AND instr(search_key, ?1) > 0
                 ORDER BY created_at, rowid"
            ),
            params![names::search_key(email)],
        )?
    };
    Ok(found
        .into_iter()
        .filter(|p| {
            p.email
                .as_deref()
                .is_some_and(|e| names::same_email(e, email))
        })
        .collect())
}

/// Adds a new person with these (already cleaned) details.
pub(crate) fn create(
    conn: &Connection,
    details: &PersonDetails,
    now: Timestamp,
) -> Result<Person, RecordsError> {
    let person = Person {
        id: Uuid::new_v4(),
        name: details.name.clone(),
        organisation: details.organisation.clone(),
        team: details.team.clone(),
        job_role: details.job_role.clone(),
        email: details.email.clone(),
        created_at: now,
        staff_number: None,
    };
    insert(conn, &person)?;
    Ok(person)
}

fn select(
    conn: &Connection,
    query: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<Person>, RecordsError> {
    let mut stmt = conn.prepare(query).doing("look for the person")?;
    stmt.query_map(args, from_row)
        .doing("look for the person")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("look for the person")
}

/// The folded text a person is found by (see [`names::search_key`]): each
/// searchable field, one per line, so a search never matches across two.
pub(crate) fn search_text(person: &Person) -> String {
    [
        person.name.as_str(),
        person.email.as_deref().unwrap_or(""),
        &person.organisation,
        &person.job_role,
        &person.team,
    ]
    .map(names::search_key)
    .join("\n")
}

pub(crate) fn insert(conn: &Connection, person: &Person) -> Result<(), RecordsError> {
    conn.execute(
        "INSERT INTO people (id, name, organisation, team, job_role, email, created_at,
                             staff_number, name_key, search_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            person.id.to_string(),
            person.name,
            person.organisation,
            person.team,
            person.job_role,
            person.email,
            sql::ts_text(person.created_at),
            person.staff_number,
            names::match_key(&person.name),
            search_text(person),
        ],
    )
    .doing("add the person")?;
    Ok(())
}

/// Writes a person's details over the ones stored (after a merge filled in
/// blanks, or a record keeper chose a bundle's copy), keeping their keys in
/// step. Beside [`insert`]: a column added to one belongs in the other.
pub(crate) fn update(conn: &Connection, person: &Person) -> Result<(), RecordsError> {
    conn.execute(
        "UPDATE people SET name = ?2, organisation = ?3, team = ?4, job_role = ?5, email = ?6,
                           created_at = ?7, staff_number = ?8, name_key = ?9, search_key = ?10
         WHERE id = ?1",
        params![
            person.id.to_string(),
            person.name,
            person.organisation,
            person.team,
            person.job_role,
            person.email,
            sql::ts_text(person.created_at),
            person.staff_number,
            names::match_key(&person.name),
            search_text(person),
        ],
    )
    .doing("update the person")?;
    Ok(())
}

/// Fills in the keys of people written before they existed (a database from
/// an older Signpost, or a restored old backup). One transaction; does
/// nothing when every row has its keys.
pub(crate) fn fill_missing_keys(conn: &mut Connection) -> rusqlite::Result<()> {
    // Looked for first, outside a write transaction: nearly every open has
    // nothing to fill, and should not wait for (or take) the write lock.
    let any: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM people WHERE name_key IS NULL OR search_key IS NULL)",
        [],
        |row| row.get(0),
    )?;
    if !any {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let missing = {
        let mut stmt = tx.prepare(&format!(
            "SELECT {COLUMNS} FROM people WHERE name_key IS NULL OR search_key IS NULL"
        ))?;
        stmt.query_map([], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    if missing.is_empty() {
        return Ok(());
    }
    for person in &missing {
        tx.execute(
            "UPDATE people SET name_key = ?2, search_key = ?3 WHERE id = ?1",
            params![
                person.id.to_string(),
                names::match_key(&person.name),
                search_text(person)
            ],
        )?;
    }
    tx.commit()
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
    let tx = store.conn().transaction().doing("start adding a person")?;
    let person = create(&tx, &details, sql::now())?;
    tx.commit().doing("save the new person")?;
    Ok(person)
}

/// One person by id.
pub fn get(store: &Store, id: Uuid) -> Result<Person, RecordsError> {
    find(store.conn_ref(), id)?.ok_or(RecordsError::NotFound { what: "person", id })
}
