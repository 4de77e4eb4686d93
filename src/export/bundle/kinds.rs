//! Each kind of record a bundle carries, described once: its name in
//! reports and in the JSON, its table, columns and key, what it points to,
//! the rule it must meet, how it is read, written and named for a person.
//! The export and the import loop over these descriptions; neither knows a
//! kind by name.

use rusqlite::{Connection, Row};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::BundleCounts;
use crate::records::attempts::{self, AnswerRecord, AttemptRecord};
use crate::records::attendance::{self, Attendance, Correction};
use crate::records::certificates::{self, CertificateRecord};
use crate::records::completions::{self, CompletionRecord};
use crate::records::people::{self, Person};
use crate::records::progress::{self, ProgressRecord};
use crate::records::room_answers::{self, RoomAnswer};
use crate::records::sessions::{self, TrainingSession};
use crate::records::validate::{self, FieldProblem};
use crate::records::{RecordsError, sql};

/// A record that points to another: which column, which kind it names.
pub(super) struct Reference {
    pub column: &'static str,
    pub kind: &'static str,
}

/// Everything the import and export need to know about one kind of record.
pub(super) trait Kind: Serialize + DeserializeOwned + PartialEq {
    /// In words, as reports name it.
    const KIND: &'static str;
    /// Its key in the bundle's JSON.
    const FIELD: &'static str;
    const TABLE: &'static str;
    const COLUMNS: &'static str;
    /// The columns that identify a record (a `WHERE` clause on `?1`, `?2`).
    const KEY: &'static str;
    /// The order records are exported in.
    const ORDER: &'static str;
    /// The columns naming other records, checked once all are read.
    const REFERENCES: &'static [Reference] = &[];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self>;
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError>;
    fn check(&self) -> Vec<FieldProblem>;
    fn counter(counts: &mut BundleCounts) -> &mut u32;
    /// The values of [`Kind::KEY`]'s parameters.
    fn key(&self) -> Vec<String>;

    /// Another record here that takes this one's place under a different
    /// key (one line per person per register), as a `WHERE` clause and its
    /// values.
    fn place(&self) -> Option<(&'static str, Vec<String>)> {
        None
    }
    /// Who or what this is, as a person reads it.
    fn label(&self, _conn: &Connection) -> String {
        self.key().join("/")
    }
    /// Whether a record keeper may settle a conflict over this kind by
    /// keeping the record here or taking the bundle's ([`Kind::replace`]).
    const CHOOSABLE: bool = false;
    /// Overwrites the record here with this one: a record keeper chose the
    /// bundle's, or it is a later copy ([`Kind::later_than`]).
    fn replace(&self, _conn: &Connection) -> Result<(), RecordsError> {
        Ok(())
    }
    /// Whether this copy of a record is a later state of the one here
    /// (`Some(true)`: it replaces ours), an earlier one (`Some(false)`:
    /// ours stands), or neither (`None`: they disagree). Records that only
    /// move on (a session closed, a register mark changed, a learner's
    /// place, a count of hands entered again) arrive in every bundle a
    /// laptop makes, each time as far on as it then was.
    fn later_than(&self, _here: &Self) -> Option<bool> {
        None
    }
    /// The id a choice is made by (for choosable kinds).
    fn id(&self) -> Option<Uuid> {
        None
    }
    /// The person this record is about, when it names one: nothing about a
    /// person erased here is imported.
    fn person(&self) -> Option<Uuid> {
        None
    }
    /// Makes this record about another person (the one a record keeper
    /// merged its person into here).
    fn for_person(&mut self, _person: Uuid) {}
    /// The record this one is part of (its kind and key), when it names no
    /// person itself: it is left out when that record is.
    fn part_of(&self) -> Option<(&'static str, String)> {
        None
    }
    /// This record as a person, when it is one (new people are compared
    /// with the people here by email).
    fn as_person(&self) -> Option<&Person> {
        None
    }
}

fn name_of(conn: &Connection, person: Uuid) -> String {
    sql::one(
        conn,
        "SELECT name FROM people WHERE id = ?1",
        [person.to_string()],
        |row| row.get::<_, String>(0),
        "read a name for the report",
    )
    .ok()
    .flatten()
    .unwrap_or_else(|| format!("person {person}"))
}

fn title_of(conn: &Connection, session: Uuid) -> String {
    sql::one(
        conn,
        "SELECT title || ' (' || date || ')' FROM training_sessions WHERE id = ?1",
        [session.to_string()],
        |row| row.get::<_, String>(0),
        "read a title for the report",
    )
    .ok()
    .flatten()
    .unwrap_or_else(|| format!("session {session}"))
}

impl Kind for Person {
    const KIND: &'static str = "person";
    const FIELD: &'static str = "people";
    const TABLE: &'static str = "people";
    const COLUMNS: &'static str = people::COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        people::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        people::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::person(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.people
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
    fn label(&self, _conn: &Connection) -> String {
        self.name.clone()
    }
    const CHOOSABLE: bool = true;
    fn replace(&self, conn: &Connection) -> Result<(), RecordsError> {
        people::update(conn, self)
    }
    fn later_than(&self, here: &Self) -> Option<bool> {
        // A staff number given since (or a bundle from before staff
        // numbers travelled) fills a blank; it never makes a conflict.
        let as_here = Person {
            staff_number: here.staff_number.clone(),
            ..self.clone()
        };
        if as_here != *here {
            return None;
        }
        match (&here.staff_number, &self.staff_number) {
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            _ => None,
        }
    }
    fn id(&self) -> Option<Uuid> {
        Some(self.id)
    }
    fn person(&self) -> Option<Uuid> {
        Some(self.id)
    }
    fn as_person(&self) -> Option<&Person> {
        Some(self)
    }
}

impl Kind for TrainingSession {
    const KIND: &'static str = "session";
    const FIELD: &'static str = "sessions";
    const TABLE: &'static str = "training_sessions";
    const COLUMNS: &'static str = sessions::COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        sessions::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        sessions::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::session(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.sessions
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
    fn label(&self, _conn: &Connection) -> String {
        format!("{} ({})", self.title, self.date)
    }
    fn replace(&self, conn: &Connection) -> Result<(), RecordsError> {
        sessions::update(conn, self)
    }
    fn later_than(&self, here: &Self) -> Option<bool> {
        // Only closing changes a session; it was closed when first closed.
        let as_here = TrainingSession {
            status: here.status,
            closed_at: here.closed_at,
            ..self.clone()
        };
        if as_here != *here {
            return None;
        }
        match (here.closed_at, self.closed_at) {
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(ours), Some(theirs)) => Some(theirs < ours),
            (None, None) => None,
        }
    }
}

impl Kind for Attendance {
    const KIND: &'static str = "attendance";
    const FIELD: &'static str = "attendance";
    const TABLE: &'static str = "attendance";
    const COLUMNS: &'static str = attendance::COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";
    const REFERENCES: &'static [Reference] = &[
        Reference {
            column: "session_id",
            kind: "session",
        },
        Reference {
            column: "person_id",
            kind: "person",
        },
    ];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        attendance::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        attendance::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        Vec::new()
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.attendance
    }
    fn person(&self) -> Option<Uuid> {
        Some(self.person_id)
    }
    fn for_person(&mut self, person: Uuid) {
        self.person_id = person;
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
    fn place(&self) -> Option<(&'static str, Vec<String>)> {
        // Two laptops that marked the same person on the same register
        // differently disagree, whatever ids their lines have.
        Some((
            "session_id = ?1 AND person_id = ?2",
            vec![self.session_id.to_string(), self.person_id.to_string()],
        ))
    }
    fn label(&self, conn: &Connection) -> String {
        format!(
            "{} on the register of {}",
            name_of(conn, self.person_id),
            title_of(conn, self.session_id)
        )
    }
    fn replace(&self, conn: &Connection) -> Result<(), RecordsError> {
        attendance::update(conn, self)
    }
    fn later_than(&self, here: &Self) -> Option<bool> {
        // The same line (its corrections travel as records of their own):
        // the one marked last is the later.
        let same_line = (self.id, self.session_id, self.person_id)
            == (here.id, here.session_id, here.person_id);
        (same_line && self.updated_at != here.updated_at).then(|| self.updated_at > here.updated_at)
    }
}

impl Kind for Correction {
    const KIND: &'static str = "correction";
    const FIELD: &'static str = "corrections";
    const TABLE: &'static str = "attendance_corrections";
    const COLUMNS: &'static str = attendance::CORRECTION_COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";
    const REFERENCES: &'static [Reference] = &[Reference {
        column: "attendance_id",
        kind: "attendance",
    }];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        attendance::correction_from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        attendance::insert_correction(conn, self)
    }
    fn replace(&self, conn: &Connection) -> Result<(), RecordsError> {
        attendance::replace_correction(conn, self)
    }
    fn later_than(&self, here: &Self) -> Option<bool> {
        // The same correction made on two computers (a merge repeated from
        // a bundle): the one made first is the record of it.
        let same = Correction {
            at: here.at,
            ..self.clone()
        } == *here;
        (same && self.at != here.at).then(|| self.at < here.at)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::correction(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.corrections
    }
    fn part_of(&self) -> Option<(&'static str, String)> {
        Some((Attendance::KIND, self.attendance_id.to_string()))
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
}

impl Kind for AttemptRecord {
    const KIND: &'static str = "quiz attempt";
    const FIELD: &'static str = "attempts";
    const TABLE: &'static str = "quiz_attempts";
    const COLUMNS: &'static str = attempts::COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";
    const REFERENCES: &'static [Reference] = &[
        Reference {
            column: "person_id",
            kind: "person",
        },
        Reference {
            column: "session_id",
            kind: "session",
        },
    ];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        attempts::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        attempts::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::attempt(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.attempts
    }
    fn person(&self) -> Option<Uuid> {
        Some(self.person_id)
    }
    fn for_person(&mut self, person: Uuid) {
        self.person_id = person;
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
    fn label(&self, conn: &Connection) -> String {
        format!(
            "{}'s attempt at {}",
            name_of(conn, self.person_id),
            self.module_id
        )
    }
}

impl Kind for AnswerRecord {
    const KIND: &'static str = "quiz answer";
    const FIELD: &'static str = "quizAnswers";
    const TABLE: &'static str = "quiz_answers";
    const COLUMNS: &'static str = attempts::ANSWER_COLUMNS;
    const KEY: &'static str = "attempt_id = ?1 AND position = ?2";
    const ORDER: &'static str = "attempt_id, position";
    const REFERENCES: &'static [Reference] = &[Reference {
        column: "attempt_id",
        kind: "quiz attempt",
    }];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        attempts::answer_from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        attempts::insert_answer(conn, self.attempt_id, &self.answer)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::answer(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.quiz_answers
    }
    fn part_of(&self) -> Option<(&'static str, String)> {
        Some((AttemptRecord::KIND, self.attempt_id.to_string()))
    }
    fn key(&self) -> Vec<String> {
        vec![
            self.attempt_id.to_string(),
            self.answer.position.to_string(),
        ]
    }
    fn label(&self, _conn: &Connection) -> String {
        format!(
            "answer {} ({}) of quiz attempt {}",
            self.answer.position + 1,
            self.answer.question_id,
            self.attempt_id
        )
    }
}

impl Kind for ProgressRecord {
    const KIND: &'static str = "progress";
    const FIELD: &'static str = "progress";
    const TABLE: &'static str = "module_progress";
    const COLUMNS: &'static str = progress::COLUMNS;
    const KEY: &'static str = "person_id = ?1 AND module_id = ?2";
    const ORDER: &'static str = "person_id, module_id";
    const REFERENCES: &'static [Reference] = &[Reference {
        column: "person_id",
        kind: "person",
    }];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        progress::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        progress::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::progress(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.progress
    }
    fn person(&self) -> Option<Uuid> {
        Some(self.person_id)
    }
    fn for_person(&mut self, person: Uuid) {
        self.person_id = person;
    }
    fn key(&self) -> Vec<String> {
        vec![self.person_id.to_string(), self.module_id.clone()]
    }
    fn label(&self, conn: &Connection) -> String {
        format!(
            "{}'s place in {}",
            name_of(conn, self.person_id),
            self.module_id
        )
    }
    fn replace(&self, conn: &Connection) -> Result<(), RecordsError> {
        progress::update(conn, self)
    }
    fn later_than(&self, here: &Self) -> Option<bool> {
        // As a merge decides: a finished module is never lost (a learner
        // who opens it again on another laptop has not unfinished it);
        // otherwise the place saved last is the later.
        match (self.completed_at.is_some(), here.completed_at.is_some()) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => (self.updated_at != here.updated_at).then(|| self.updated_at > here.updated_at),
        }
    }
}

impl Kind for CertificateRecord {
    const KIND: &'static str = "certificate";
    const FIELD: &'static str = "certificates";
    const TABLE: &'static str = "certificates";
    const COLUMNS: &'static str = certificates::COLUMNS;
    const KEY: &'static str = "id = ?1";
    const ORDER: &'static str = "id";
    const REFERENCES: &'static [Reference] = &[Reference {
        column: "person_id",
        kind: "person",
    }];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        certificates::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        certificates::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::certificate(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.certificates
    }
    fn person(&self) -> Option<Uuid> {
        Some(self.person_id)
    }
    fn for_person(&mut self, person: Uuid) {
        self.person_id = person;
    }
    fn key(&self) -> Vec<String> {
        vec![self.id.to_string()]
    }
    fn label(&self, conn: &Connection) -> String {
        format!("{}'s certificate", name_of(conn, self.person_id))
    }
}

impl Kind for CompletionRecord {
    const KIND: &'static str = "course completion";
    const FIELD: &'static str = "completions";
    const TABLE: &'static str = "course_completions";
    const COLUMNS: &'static str = completions::COLUMNS;
    const KEY: &'static str = "person_id = ?1 AND course_title = ?2";
    const ORDER: &'static str = "person_id, course_title";
    const REFERENCES: &'static [Reference] = &[Reference {
        column: "person_id",
        kind: "person",
    }];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        completions::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        completions::insert(conn, self).map(|_| ())
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::completion(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.completions
    }
    fn person(&self) -> Option<Uuid> {
        Some(self.person_id)
    }
    fn for_person(&mut self, person: Uuid) {
        self.person_id = person;
    }
    fn key(&self) -> Vec<String> {
        vec![self.person_id.to_string(), self.course_title.clone()]
    }
    fn label(&self, conn: &Connection) -> String {
        format!(
            "{}'s completion of {}",
            name_of(conn, self.person_id),
            self.course_title
        )
    }
}

impl Kind for RoomAnswer {
    const KIND: &'static str = "room answer";
    const FIELD: &'static str = "roomAnswers";
    const TABLE: &'static str = "room_answers";
    const COLUMNS: &'static str = room_answers::COLUMNS;
    const KEY: &'static str = "session_id = ?1 AND question_id = ?2 AND option = ?3";
    const ORDER: &'static str = "session_id, question_id, option";
    const REFERENCES: &'static [Reference] = &[Reference {
        column: "session_id",
        kind: "session",
    }];

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        room_answers::from_row(row)
    }
    fn insert(&self, conn: &Connection) -> Result<(), RecordsError> {
        room_answers::insert(conn, self)
    }
    fn check(&self) -> Vec<FieldProblem> {
        validate::room_answer(self)
    }
    fn counter(counts: &mut BundleCounts) -> &mut u32 {
        &mut counts.room_answers
    }
    fn key(&self) -> Vec<String> {
        vec![
            self.session_id.to_string(),
            self.question_id.clone(),
            self.option.to_string(),
        ]
    }
    fn label(&self, conn: &Connection) -> String {
        format!(
            "the room's answers to {} in {}",
            self.question_id,
            title_of(conn, self.session_id)
        )
    }
    fn replace(&self, conn: &Connection) -> Result<(), RecordsError> {
        room_answers::update(conn, self)
    }
    fn later_than(&self, here: &Self) -> Option<bool> {
        // Hands counted again replace the count before.
        let same_option = (&self.module_id, self.correct) == (&here.module_id, here.correct);
        (same_option && self.recorded_at != here.recorded_at)
            .then(|| self.recorded_at > here.recorded_at)
    }
}

/// Calls `each` with every kind of record, in the order they are exported
/// and in which a record never precedes one it points to.
macro_rules! for_each_kind {
    ($each:ident!($($arg:tt)*)) => {{
        $each!($crate::records::people::Person, $($arg)*);
        $each!($crate::records::sessions::TrainingSession, $($arg)*);
        $each!($crate::records::attendance::Attendance, $($arg)*);
        $each!($crate::records::attendance::Correction, $($arg)*);
        $each!($crate::records::attempts::AttemptRecord, $($arg)*);
        $each!($crate::records::attempts::AnswerRecord, $($arg)*);
        $each!($crate::records::progress::ProgressRecord, $($arg)*);
        $each!($crate::records::certificates::CertificateRecord, $($arg)*);
        $each!($crate::records::completions::CompletionRecord, $($arg)*);
        $each!($crate::records::room_answers::RoomAnswer, $($arg)*);
    }};
}
pub(super) use for_each_kind;

/// The kind a table holds, and how a row of it is named in a report.
pub(super) fn kind_of_table(table: &str) -> Option<(&'static str, String)> {
    let mut found = None;
    macro_rules! look {
        ($t:ty,) => {
            if <$t as Kind>::TABLE == table {
                found = Some((<$t>::KIND, key_expression::<$t>()));
            }
        };
    }
    for_each_kind!(look!());
    found
}

/// SQL naming a row of `T`'s table by its key, as the report shows it: the
/// key's columns joined with slashes.
pub(super) fn key_expression<T: Kind>() -> String {
    T::KEY
        .split(" AND ")
        .filter_map(|part| part.split(" = ").next())
        .collect::<Vec<_>>()
        .join(" || '/' || ")
}

pub(super) fn select<T: Kind>(condition: &str) -> String {
    format!("SELECT {} FROM {} WHERE {condition}", T::COLUMNS, T::TABLE)
}

pub(super) fn read_all<T: Kind>(conn: &Connection) -> Result<Vec<T>, RecordsError> {
    sql::all(
        conn,
        &format!(
            "SELECT {} FROM {} ORDER BY {}",
            T::COLUMNS,
            T::TABLE,
            T::ORDER
        ),
        [],
        T::from_row,
        "read records for the bundle",
    )
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;

    fn place(seconds: i64, finished: bool) -> ProgressRecord {
        let at = Timestamp::from_second(seconds).unwrap();
        ProgressRecord {
            person_id: Uuid::nil(),
            module_id: "m1".into(),
            slide: seconds as u32,
            updated_at: at,
            completed_at: finished.then_some(at),
            course_title: "Course".into(),
        }
    }

    #[test]
    fn a_finished_module_is_never_lost_and_otherwise_the_place_saved_last_is_later() {
        assert_eq!(place(20, false).later_than(&place(10, false)), Some(true));
        assert_eq!(place(10, false).later_than(&place(20, false)), Some(false));
        assert_eq!(place(20, true).later_than(&place(10, false)), Some(true));
        assert_eq!(place(20, true).later_than(&place(10, true)), Some(true));
        // Opened again after it was finished elsewhere: the finish stands,
        // whichever copy was saved last.
        assert_eq!(place(20, false).later_than(&place(10, true)), Some(false));
        assert_eq!(place(10, false).later_than(&place(20, true)), Some(false));
        assert_eq!(place(10, true).later_than(&place(20, false)), Some(true));
        assert_eq!(place(10, false).later_than(&place(10, false)), None);
    }

    #[test]
    fn hands_counted_again_replace_the_count_before() {
        let count = |hands: u32, seconds: i64| RoomAnswer {
            session_id: Uuid::nil(),
            module_id: "m1".into(),
            question_id: "q1".into(),
            option: 0,
            correct: true,
            hands,
            recorded_at: Timestamp::from_second(seconds).unwrap(),
        };
        assert_eq!(count(7, 20).later_than(&count(5, 10)), Some(true));
        assert_eq!(count(5, 10).later_than(&count(7, 20)), Some(false));
        assert_eq!(count(5, 10).later_than(&count(7, 10)), None);
    }
}
