//! People who may be one person recorded twice, and merging two records
//! into one. Nothing here decides that two records *are* the same person:
//! [`possible`] lists candidates (the same name as [`names::match_key`]
//! compares it, the same email under different names, or names that
//! differ only in accents as [`names::search_key`] folds them) for a record
//! keeper to look at, and [`merge`] does what they chose. After a merge,
//! everything about the person hangs off one id, so an erasure request
//! reaches all of it. Erasing is `erase.rs`; how names compare is `names.rs`.

use std::collections::BTreeMap;

use jiff::Timestamp;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::attendance::{self, Attendance, Correction};
use super::audit::{self, AuditAction};
use super::error::{DbContext, RecordsError};
use super::names;
use super::people::{self, Person};
use super::progress::{self, ProgressRecord};
use super::sessions;
use super::sql;
use super::status::SessionStatus;
use super::{AttendanceSource, Store};

/// Why two records are listed together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DuplicateReason {
    /// The names are the same, ignoring case, spacing and how the letters
    /// were composed.
    SameName,
    /// The same email address was given under different names.
    SameEmail,
    /// The names differ only in accents ("Łukasz" and "Lukasz"), as when
    /// one was typed on a keyboard without them.
    SimilarName,
}

/// Two records that may be one person; `first` is the older.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PossibleDuplicate {
    pub first: Person,
    pub second: Person,
    pub reason: DuplicateReason,
}

/// What a merge moved onto the kept record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeReport {
    pub kept: Uuid,
    pub merged: Uuid,
    /// Register lines moved as they were.
    pub sessions_moved: u32,
    /// Sessions both records were on, now one line.
    pub sessions_combined: u32,
    pub attempts_moved: u32,
    pub certificates_moved: u32,
    pub progress_moved: u32,
}

/// One record merged into another, by ids only: record bundles carry these
/// so that an install holding both records merges them too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonMerge {
    pub merged_id: Uuid,
    pub kept_id: Uuid,
    pub at: Timestamp,
}

/// Every merge made here, oldest first.
pub fn merges(conn: &Connection) -> Result<Vec<PersonMerge>, RecordsError> {
    sql::all(
        conn,
        "SELECT merged_id, kept_id, at FROM person_merges ORDER BY at, merged_id",
        [],
        |row| {
            Ok(PersonMerge {
                merged_id: sql::uuid_at(row, 0)?,
                kept_id: sql::uuid_at(row, 1)?,
                at: sql::ts_at(row, 2)?,
            })
        },
        "read the merges",
    )
}

/// Notes that `merged`, never here, is `kept` (who is): a later bundle
/// that still holds `merged` brings their records to `kept`.
pub(crate) fn note_merge(conn: &Connection, merge: &PersonMerge) -> Result<(), RecordsError> {
    conn.execute(
        "INSERT OR IGNORE INTO person_merges (merged_id, kept_id, at) VALUES (?1, ?2, ?3)",
        params![
            merge.merged_id.to_string(),
            merge.kept_id.to_string(),
            sql::ts_text(merge.at)
        ],
    )
    .doing("remember the merge")?;
    Ok(())
}

/// Every pair of records that may be one person, each pair once, the
/// older record first, ordered by the older record's name.
pub fn possible(store: &Store) -> Result<Vec<PossibleDuplicate>, RecordsError> {
    let conn = store.conn_ref();
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {}, name_key FROM people ORDER BY created_at, rowid",
            people::COLUMNS
        ))
        .doing("look for possible duplicates")?;
    let everyone = stmt
        .query_map([], |row| {
            let person = people::from_row(row)?;
            // Filled on open; computed here too should a row lack it.
            let key = row
                .get::<_, Option<String>>(8)?
                .unwrap_or_else(|| names::match_key(&person.name));
            Ok((person, key))
        })
        .doing("look for possible duplicates")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("look for possible duplicates")?;

    let mut by_name: BTreeMap<&str, Vec<&Person>> = BTreeMap::new();
    let mut by_letters: BTreeMap<String, Vec<(&Person, &str)>> = BTreeMap::new();
    let mut by_email: BTreeMap<String, Vec<(&Person, &str)>> = BTreeMap::new();
    for (person, key) in &everyone {
        by_name.entry(key.as_str()).or_default().push(person);
        by_letters
            .entry(names::search_key(&person.name))
            .or_default()
            .push((person, key.as_str()));
        if let Some(email) = &person.email {
            by_email
                .entry(email.trim().to_lowercase())
                .or_default()
                .push((person, key.as_str()));
        }
    }
    let mut pairs: BTreeMap<(Uuid, Uuid), PossibleDuplicate> = BTreeMap::new();
    for group in by_name.values().filter(|g| g.len() > 1) {
        for later in &group[1..] {
            pairs.insert(
                (group[0].id, later.id),
                PossibleDuplicate {
                    first: group[0].clone(),
                    second: (*later).clone(),
                    reason: DuplicateReason::SameName,
                },
            );
        }
    }
    // Names spelt differently: each pairs with the oldest record of a
    // spelling other than its own (one spelling's records already pair
    // by name).
    for (groups, reason) in [
        (&by_email, DuplicateReason::SameEmail),
        (&by_letters, DuplicateReason::SimilarName),
    ] {
        for group in groups.values().filter(|g| g.len() > 1) {
            let (oldest, oldest_key) = group[0];
            for (later, later_key) in &group[1..] {
                if *later_key != oldest_key {
                    pairs
                        .entry((oldest.id, later.id))
                        .or_insert_with(|| PossibleDuplicate {
                            first: oldest.clone(),
                            second: (*later).clone(),
                            reason,
                        });
                }
            }
        }
    }
    let mut found: Vec<PossibleDuplicate> = pairs.into_values().collect();
    found.sort_by_cached_key(|d| {
        (
            names::search_key(&d.first.name),
            d.first.created_at,
            d.second.created_at,
        )
    });
    Ok(found)
}

/// Merges `merged` into `kept`: every register line, quiz attempt,
/// certificate and bit of progress of `merged` becomes `kept`'s, blanks in
/// `kept`'s details are filled from `merged`'s, and `merged` is deleted.
/// Where both were on one register, the lines become one: a line that
/// shows attendance wins over one that does not, and of two the earlier
/// sign-in wins; corrections of both are kept, and on a closed register a
/// changed mark is itself recorded as a correction. Where both have
/// progress in one module, the further one is kept. The merged id is
/// remembered against the kept one, so that erasing the kept person also
/// cleans backups made before the merge. One transaction, with an audit
/// entry naming both ids and no names.
pub fn merge(store: &mut Store, kept: Uuid, merged: Uuid) -> Result<MergeReport, RecordsError> {
    let tx = store.conn().transaction().doing("start merging")?;
    let report = merge_in(&tx, kept, merged, sql::now())?;
    tx.commit().doing("save the merge")?;
    Ok(report)
}

/// [`merge`], inside a transaction the caller holds: a record bundle's
/// import repeats there the merges made where the bundle was made.
pub(crate) fn merge_in(
    tx: &Connection,
    kept: Uuid,
    merged: Uuid,
    now: Timestamp,
) -> Result<MergeReport, RecordsError> {
    if kept == merged {
        return Err(RecordsError::invalid(
            "merge",
            "needs two different people: the same record was chosen twice",
        ));
    }
    let mut keep = people::find(tx, kept)?.ok_or(RecordsError::NotFound {
        what: "person",
        id: kept,
    })?;
    let gone = people::find(tx, merged)?.ok_or(RecordsError::NotFound {
        what: "person",
        id: merged,
    })?;
    let mut report = MergeReport {
        kept,
        merged,
        sessions_moved: 0,
        sessions_combined: 0,
        attempts_moved: 0,
        certificates_moved: 0,
        progress_moved: 0,
    };

    for line in register_lines(tx, merged)? {
        match attendance::find(tx, line.session_id, kept)? {
            None => {
                tx.execute(
                    "UPDATE attendance SET person_id = ?2 WHERE id = ?1",
                    params![line.id.to_string(), kept.to_string()],
                )
                .doing("move a register line")?;
                report.sessions_moved += 1;
            }
            Some(own) => {
                combine_lines(tx, &own, &line, now)?;
                report.sessions_combined += 1;
            }
        }
    }
    report.attempts_moved = move_rows(tx, "quiz_attempts", kept, merged)?;
    report.certificates_moved = move_rows(tx, "certificates", kept, merged)?;
    report.progress_moved = merge_progress(tx, kept, merged)?;
    // Self-paced learning: a course completion or a quiz under way moves
    // unless the kept record has its own (which stands); a staff number
    // fills the kept record's blank one, below.
    for table in ["course_completions", "quiz_open_attempts"] {
        tx.execute(
            &format!("UPDATE OR IGNORE {table} SET person_id = ?1 WHERE person_id = ?2"),
            params![kept.to_string(), merged.to_string()],
        )
        .doing("move self-paced records to the kept person")?;
    }

    fill_blank(&mut keep.organisation, &gone.organisation);
    fill_blank(&mut keep.team, &gone.team);
    fill_blank(&mut keep.job_role, &gone.job_role);
    if keep.email.is_none() {
        keep.email = gone.email.clone();
    }
    if keep.staff_number.is_none() {
        keep.staff_number = gone.staff_number.clone();
    }
    people::update(tx, &keep)?;
    tx.execute("DELETE FROM people WHERE id = ?1", [merged.to_string()])
        .doing("remove the merged record")?;
    // Records merged into `merged` earlier now belong to `kept` too.
    tx.execute(
        "UPDATE person_merges SET kept_id = ?1 WHERE kept_id = ?2",
        params![kept.to_string(), merged.to_string()],
    )
    .doing("remember the merge")?;
    tx.execute(
        "INSERT INTO person_merges (merged_id, kept_id, at) VALUES (?1, ?2, ?3)",
        params![merged.to_string(), kept.to_string(), sql::ts_text(now)],
    )
    .doing("remember the merge")?;
    audit::write(
        tx,
        AuditAction::Merge,
        &format!("person {merged} merged into {kept}"),
    )?;
    Ok(report)
}

fn fill_blank(mine: &mut String, theirs: &str) {
    if mine.trim().is_empty() {
        *mine = theirs.to_string();
    }
}

fn register_lines(conn: &Connection, person: Uuid) -> Result<Vec<Attendance>, RecordsError> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {} FROM attendance WHERE person_id = ?1",
            attendance::COLUMNS
        ))
        .doing("read the register lines")?;
    stmt.query_map([person.to_string()], attendance::from_row)
        .doing("read the register lines")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read the register lines")
}

/// Two lines of one person on one register become `own`: the mark that
/// shows attendance (the earlier sign-in of two), the other line's
/// corrections moved across, the other line deleted.
fn combine_lines(
    conn: &Connection,
    own: &Attendance,
    other: &Attendance,
    now: Timestamp,
) -> Result<(), RecordsError> {
    let other_wins = match (own.status.attended(), other.status.attended()) {
        (false, true) => true,
        (true, true) => match (own.signed_in_at, other.signed_in_at) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b < a,
            _ => false,
        },
        _ => false,
    };
    conn.execute(
        "UPDATE attendance_corrections SET attendance_id = ?2 WHERE attendance_id = ?1",
        params![other.id.to_string(), own.id.to_string()],
    )
    .doing("move the corrections")?;
    conn.execute(
        "DELETE FROM attendance WHERE id = ?1",
        [other.id.to_string()],
    )
    .doing("combine the register lines")?;
    if !other_wins {
        return Ok(());
    }
    let source = if other.source == AttendanceSource::Kiosk {
        other.source
    } else {
        own.source
    };
    attendance::update(
        conn,
        &Attendance {
            status: other.status,
            signed_in_at: other.signed_in_at,
            source,
            updated_at: now,
            ..own.clone()
        },
    )?;
    let session = sessions::find(conn, own.session_id)?;
    if session.status == SessionStatus::Closed && own.status != other.status {
        attendance::insert_correction(
            conn,
            &Correction {
                id: merge_correction_id(own.id, other.id),
                attendance_id: own.id,
                old_status: own.status,
                new_status: other.status,
                reason: "two records of the same person were merged".into(),
                at: now,
            },
        )?;
    }
    Ok(())
}

/// The merge correction's id, the same wherever the merge of these two
/// lines is made: a merge repeated from a record bundle makes the
/// correction the bundle brings, not a second one.
fn merge_correction_id(own: Uuid, other: Uuid) -> Uuid {
    const NAMESPACE: Uuid = Uuid::from_u128(0x8d3e_51a0_6c2f_4b7e_a915_0f4c_27d8_e361);
    Uuid::new_v5(&NAMESPACE, format!("{other} merged into {own}").as_bytes())
}

fn move_rows(
    conn: &Connection,
    table: &'static str,
    kept: Uuid,
    merged: Uuid,
) -> Result<u32, RecordsError> {
    let moved = conn
        .execute(
            &format!("UPDATE {table} SET person_id = ?1 WHERE person_id = ?2"),
            params![kept.to_string(), merged.to_string()],
        )
        .doing("move records to the kept person")?;
    Ok(moved as u32)
}

/// Progress is one row per person and module: where both have one, the
/// further is kept (finished beats unfinished, then the later slide).
fn merge_progress(conn: &Connection, kept: Uuid, merged: Uuid) -> Result<u32, RecordsError> {
    let read = |person: Uuid| -> Result<Vec<ProgressRecord>, RecordsError> {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {} FROM module_progress WHERE person_id = ?1",
                progress::COLUMNS
            ))
            .doing("read progress")?;
        stmt.query_map([person.to_string()], progress::from_row)
            .doing("read progress")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .doing("read progress")
    };
    let own: BTreeMap<String, ProgressRecord> = read(kept)?
        .into_iter()
        .map(|p| (p.module_id.clone(), p))
        .collect();
    let mut moved = 0;
    for theirs in read(merged)? {
        let further = match own.get(&theirs.module_id) {
            None => true,
            Some(mine) => {
                (theirs.completed_at.is_some(), theirs.slide)
                    > (mine.completed_at.is_some(), mine.slide)
            }
        };
        conn.execute(
            "DELETE FROM module_progress WHERE person_id = ?1 AND module_id = ?2",
            params![merged.to_string(), theirs.module_id],
        )
        .doing("move progress")?;
        if further {
            conn.execute(
                "DELETE FROM module_progress WHERE person_id = ?1 AND module_id = ?2",
                params![kept.to_string(), theirs.module_id],
            )
            .doing("move progress")?;
            progress::insert(
                conn,
                &ProgressRecord {
                    person_id: kept,
                    ..theirs
                },
            )?;
            moved += 1;
        }
    }
    Ok(moved)
}
