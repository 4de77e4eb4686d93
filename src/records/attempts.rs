//! Quiz attempts as records: who answered which module's quiz, when, with
//! which questions and answers, and how they scored. Marking is the quiz
//! module's business: recording takes its [`Score`] as it is and never
//! works a percentage out again. An attempt under way is an
//! [`OpenAttempt`], saved after every answer and turned into a finished
//! [`AttemptRecord`] with its answers in one transaction.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::sql::{self, opt_ts_at, opt_uuid_at, ts_at, uuid_at};
use super::validate;
use crate::quiz::{DrawnQuestion, Score};

/// One finished quiz attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AttemptRecord {
    pub id: Uuid,
    pub person_id: Uuid,
    /// The session it was taken in, or none when self-paced.
    pub session_id: Option<Uuid>,
    pub module_id: String,
    /// Empty for attempts recorded before Signpost kept it.
    #[serde(default)]
    pub course_title: String,
    pub course_version: String,
    pub score: u32,
    pub total: u32,
    pub percent: u32,
    pub passed: bool,
    /// The seed of the draw, which repeats the attempt's questions and
    /// order; none when the attempt was recorded without its questions.
    #[serde(default, with = "seed_text")]
    #[ts(type = "string | null")]
    pub seed: Option<u64>,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
}

/// Seeds are 64-bit; as JSON numbers they would lose digits in a window, so
/// they travel (and are stored) as decimal text.
mod seed_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(seed: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        match seed {
            Some(seed) => s.serialize_some(&seed.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| text.parse().map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// One question of a finished attempt: where it was asked, the options in
/// the order shown, what was chosen and whether that was right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AnsweredQuestion {
    /// 0-based place in the attempt.
    pub position: u32,
    pub question_id: String,
    pub option_order: Vec<u32>,
    /// Indexes into the question's own options.
    pub chosen: Vec<u32>,
    pub right: bool,
    pub answered_at: Option<Timestamp>,
}

/// One answer of a finished attempt with the attempt it belongs to: the row
/// as stored, and as a record bundle carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AnswerRecord {
    pub attempt_id: Uuid,
    #[serde(flatten)]
    pub answer: AnsweredQuestion,
}

/// A finished attempt to record. Its result is the quiz module's [`Score`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttempt {
    pub person_id: Uuid,
    pub session_id: Option<Uuid>,
    pub module_id: String,
    pub course_title: String,
    pub course_version: String,
    pub score: Score,
    pub seed: Option<u64>,
    pub answers: Vec<AnsweredQuestion>,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
}

pub(crate) const COLUMNS: &str = "id, person_id, session_id, module_id, course_title, \
     course_version, score, total, percent, passed, seed, started_at, finished_at";

pub(crate) fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AttemptRecord> {
    let seed: Option<String> = row.get(10)?;
    Ok(AttemptRecord {
        id: uuid_at(row, 0)?,
        person_id: uuid_at(row, 1)?,
        session_id: opt_uuid_at(row, 2)?,
        module_id: row.get(3)?,
        course_title: row.get(4)?,
        course_version: row.get(5)?,
        score: row.get(6)?,
        total: row.get(7)?,
        percent: row.get(8)?,
        passed: row.get(9)?,
        seed: seed.and_then(|s| s.parse().ok()),
        started_at: ts_at(row, 11)?,
        finished_at: ts_at(row, 12)?,
    })
}

pub(crate) fn insert(conn: &Connection, a: &AttemptRecord) -> Result<(), RecordsError> {
    conn.execute(
        &format!(
            "INSERT INTO quiz_attempts ({COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
        ),
        params![
            a.id.to_string(),
            a.person_id.to_string(),
            a.session_id.map(|s| s.to_string()),
            a.module_id,
            a.course_title,
            a.course_version,
            a.score,
            a.total,
            a.percent,
            a.passed,
            a.seed.map(|s| s.to_string()),
            sql::ts_text(a.started_at),
            sql::ts_text(a.finished_at),
        ],
    )
    .doing("record the quiz attempt")?;
    Ok(())
}

fn json_list(list: &[u32]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

fn list_at(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Vec<u32>> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, err.into())
    })
}

pub(crate) const ANSWER_COLUMNS: &str =
    "attempt_id, position, question_id, option_order, chosen, correct, answered_at";

/// An answer from a row of [`ANSWER_COLUMNS`].
pub(crate) fn answer_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AnswerRecord> {
    Ok(AnswerRecord {
        attempt_id: uuid_at(row, 0)?,
        answer: AnsweredQuestion {
            position: row.get(1)?,
            question_id: row.get(2)?,
            option_order: list_at(row, 3)?,
            chosen: list_at(row, 4)?,
            right: row.get(5)?,
            answered_at: opt_ts_at(row, 6)?,
        },
    })
}

pub(crate) fn insert_answer(
    conn: &Connection,
    attempt_id: Uuid,
    a: &AnsweredQuestion,
) -> Result<(), RecordsError> {
    conn.execute(
        &format!("INSERT INTO quiz_answers ({ANSWER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        params![
            attempt_id.to_string(),
            a.position,
            a.question_id,
            json_list(&a.option_order),
            json_list(&a.chosen),
            a.right,
            a.answered_at.map(sql::ts_text),
        ],
    )
    .doing("record the answers of the quiz attempt")?;
    Ok(())
}

fn attempt_from(new: &NewAttempt) -> Result<AttemptRecord, RecordsError> {
    validate::first(validate::new_attempt(new))?;
    let s = new.score;
    Ok(AttemptRecord {
        id: Uuid::new_v4(),
        person_id: new.person_id,
        session_id: new.session_id,
        module_id: new.module_id.clone(),
        course_title: new.course_title.clone(),
        course_version: new.course_version.clone(),
        score: s.correct,
        total: s.total,
        percent: s.percent,
        passed: s.passed,
        seed: new.seed,
        started_at: sql::stored(new.started_at),
        finished_at: sql::stored(new.finished_at),
    })
}

fn write_attempt(conn: &Connection, new: &NewAttempt) -> Result<AttemptRecord, RecordsError> {
    let attempt = attempt_from(new)?;
    insert(conn, &attempt)?;
    for answer in &new.answers {
        let answer = AnsweredQuestion {
            answered_at: answer.answered_at.map(sql::stored),
            ..answer.clone()
        };
        insert_answer(conn, attempt.id, &answer)?;
    }
    Ok(attempt)
}

/// Records a finished attempt and its answers, with the result as scored.
pub fn record(store: &mut Store, new: &NewAttempt) -> Result<AttemptRecord, RecordsError> {
    let tx = store
        .conn()
        .transaction()
        .doing("start recording the attempt")?;
    let attempt = write_attempt(&tx, new)?;
    tx.commit().doing("save the quiz attempt")?;
    Ok(attempt)
}

/// The questions and answers of a finished attempt, in the order asked.
pub fn answers(store: &Store, attempt_id: Uuid) -> Result<Vec<AnsweredQuestion>, RecordsError> {
    let mut stmt = store
        .conn_ref()
        .prepare(&format!(
            "SELECT {ANSWER_COLUMNS} FROM quiz_answers WHERE attempt_id = ?1 ORDER BY position"
        ))
        .doing("read the answers of an attempt")?;
    stmt.query_map([attempt_id.to_string()], |row| {
        answer_from_row(row).map(|a| a.answer)
    })
    .doing("read the answers of an attempt")?
    .collect::<rusqlite::Result<Vec<_>>>()
    .doing("read the answers of an attempt")
}

/// A person's finished attempts, oldest first.
pub fn for_person(store: &Store, person_id: Uuid) -> Result<Vec<AttemptRecord>, RecordsError> {
    let mut stmt = store
        .conn_ref()
        .prepare(&format!(
            "SELECT {COLUMNS} FROM quiz_attempts WHERE person_id = ?1 ORDER BY finished_at, id"
        ))
        .doing("read quiz attempts")?;
    stmt.query_map([person_id.to_string()], from_row)
        .doing("read quiz attempts")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read quiz attempts")
}

/// A question asked in an attempt under way, with a fingerprint of how it
/// read when drawn (so an edit to the module since is noticed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AskedQuestion {
    #[serde(flatten)]
    pub drawn: DrawnQuestion,
    pub fingerprint: String,
}

/// An answer given in an attempt under way, as marked when it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenAnswer {
    pub question_id: String,
    pub chosen: Vec<u32>,
    pub right: bool,
    pub answered_at: Timestamp,
}

/// An attempt under way: its draw and the answers so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAttempt {
    pub id: Uuid,
    pub person_id: Uuid,
    pub module_id: String,
    pub course_title: String,
    pub course_version: String,
    pub seed: u64,
    pub asked: Vec<AskedQuestion>,
    pub answers: Vec<OpenAnswer>,
    pub started_at: Timestamp,
    /// When the last answer was saved (or the attempt began).
    pub updated_at: Timestamp,
}

impl OpenAttempt {
    /// The answer given to a question, if any.
    pub fn answer(&self, question_id: &str) -> Option<&OpenAnswer> {
        self.answers.iter().find(|a| a.question_id == question_id)
    }

    /// Every question asked with its answer, in the order asked.
    pub fn answered(&self) -> Vec<AnsweredQuestion> {
        self.asked
            .iter()
            .enumerate()
            .map(|(position, asked)| {
                let answer = self.answer(&asked.drawn.question_id);
                AnsweredQuestion {
                    position: position as u32,
                    question_id: asked.drawn.question_id.clone(),
                    option_order: asked.drawn.option_order.clone(),
                    chosen: answer.map(|a| a.chosen.clone()).unwrap_or_default(),
                    right: answer.is_some_and(|a| a.right),
                    answered_at: answer.map(|a| a.answered_at),
                }
            })
            .collect()
    }
}

const OPEN_COLUMNS: &str = "id, person_id, module_id, course_title, course_version, seed, asked, \
     answers, started_at, updated_at";

fn open_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<OpenAttempt> {
    let json = |idx: usize| -> rusqlite::Result<String> { row.get(idx) };
    let bad = |idx: usize, err: serde_json::Error| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, err.into())
    };
    let seed: String = row.get(5)?;
    Ok(OpenAttempt {
        id: uuid_at(row, 0)?,
        person_id: uuid_at(row, 1)?,
        module_id: row.get(2)?,
        course_title: row.get(3)?,
        course_version: row.get(4)?,
        seed: seed.parse().map_err(|_| {
            rusqlite::Error::FromSqlConversionFailure(
                5,
                rusqlite::types::Type::Text,
                format!("stored seed {seed:?} is not valid").into(),
            )
        })?,
        asked: serde_json::from_str(&json(6)?).map_err(|e| bad(6, e))?,
        answers: serde_json::from_str(&json(7)?).map_err(|e| bad(7, e))?,
        started_at: ts_at(row, 8)?,
        updated_at: ts_at(row, 9)?,
    })
}

fn find_open(
    conn: &Connection,
    person_id: Uuid,
    module_id: &str,
) -> Result<Option<OpenAttempt>, RecordsError> {
    conn.query_row(
        &format!(
            "SELECT {OPEN_COLUMNS} FROM quiz_open_attempts WHERE person_id = ?1 AND module_id = ?2"
        ),
        params![person_id.to_string(), module_id],
        open_from_row,
    )
    .optional()
    .doing("read the quiz under way")
}

/// The attempt a person has under way at a module's quiz, if any.
pub fn open_attempt(
    store: &Store,
    person_id: Uuid,
    module_id: &str,
) -> Result<Option<OpenAttempt>, RecordsError> {
    find_open(store.conn_ref(), person_id, module_id)
}

/// Every attempt a person has under way.
pub fn open_attempts(store: &Store, person_id: Uuid) -> Result<Vec<OpenAttempt>, RecordsError> {
    let mut stmt = store
        .conn_ref()
        .prepare(&format!(
            "SELECT {OPEN_COLUMNS} FROM quiz_open_attempts WHERE person_id = ?1 ORDER BY module_id"
        ))
        .doing("read the quizzes under way")?;
    stmt.query_map([person_id.to_string()], open_from_row)
        .doing("read the quizzes under way")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .doing("read the quizzes under way")
}

/// Saves a new attempt under way, replacing any the person had at that
/// module (an attempt abandoned for a fresh one is not a result).
pub fn begin(store: &mut Store, open: &OpenAttempt) -> Result<OpenAttempt, RecordsError> {
    let open = OpenAttempt {
        started_at: sql::stored(open.started_at),
        updated_at: sql::stored(open.started_at),
        ..open.clone()
    };
    let asked = serde_json::to_string(&open.asked)
        .map_err(|e| RecordsError::invalid("quiz", e.to_string()))?;
    let answers = serde_json::to_string(&open.answers)
        .map_err(|e| RecordsError::invalid("quiz", e.to_string()))?;
    let tx = store.conn().transaction().doing("start a quiz")?;
    tx.execute(
        "DELETE FROM quiz_open_attempts WHERE person_id = ?1 AND module_id = ?2",
        params![open.person_id.to_string(), open.module_id],
    )
    .doing("set aside the earlier quiz under way")?;
    tx.execute(
        &format!(
            "INSERT INTO quiz_open_attempts ({OPEN_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"
        ),
        params![
            open.id.to_string(),
            open.person_id.to_string(),
            open.module_id,
            open.course_title,
            open.course_version,
            open.seed.to_string(),
            asked,
            answers,
            sql::ts_text(open.started_at),
        ],
    )
    .doing("save the new quiz")?;
    tx.commit().doing("save the new quiz")?;
    Ok(open)
}

/// Adds one answer to an attempt under way, in its own transaction, so it
/// is kept whatever happens next. An answer already given stands: giving
/// another to the same question changes nothing and returns the first.
pub fn save_answer(
    store: &mut Store,
    attempt_id: Uuid,
    answer: &OpenAnswer,
) -> Result<OpenAnswer, RecordsError> {
    let tx = store
        .conn()
        .transaction()
        .doing("start saving the answer")?;
    let open = tx
        .query_row(
            &format!("SELECT {OPEN_COLUMNS} FROM quiz_open_attempts WHERE id = ?1"),
            [attempt_id.to_string()],
            open_from_row,
        )
        .optional()
        .doing("read the quiz under way")?
        .ok_or(RecordsError::NotFound {
            what: "quiz under way",
            id: attempt_id,
        })?;
    if let Some(given) = open.answer(&answer.question_id) {
        return Ok(given.clone());
    }
    let answer = OpenAnswer {
        answered_at: sql::stored(answer.answered_at),
        ..answer.clone()
    };
    let mut answers = open.answers;
    answers.push(answer.clone());
    let text = serde_json::to_string(&answers)
        .map_err(|e| RecordsError::invalid("answer", e.to_string()))?;
    tx.execute(
        "UPDATE quiz_open_attempts SET answers = ?2, updated_at = ?3 WHERE id = ?1",
        params![attempt_id.to_string(), text, sql::ts_text(sql::now())],
    )
    .doing("save the answer")?;
    tx.commit().doing("save the answer")?;
    Ok(answer)
}

/// Turns an attempt under way into a finished one: the attempt and its
/// answers are recorded and the attempt under way removed, all or nothing.
pub fn finish(
    store: &mut Store,
    attempt_id: Uuid,
    new: &NewAttempt,
) -> Result<AttemptRecord, RecordsError> {
    let tx = store
        .conn()
        .transaction()
        .doing("start finishing the quiz")?;
    let removed = tx
        .execute(
            "DELETE FROM quiz_open_attempts WHERE id = ?1",
            [attempt_id.to_string()],
        )
        .doing("finish the quiz")?;
    if removed == 0 {
        return Err(RecordsError::NotFound {
            what: "quiz under way",
            id: attempt_id,
        });
    }
    let attempt = write_attempt(&tx, new)?;
    tx.commit().doing("save the finished quiz")?;
    Ok(attempt)
}

/// Drops an attempt under way (the learner chose a fresh one).
pub fn discard(store: &mut Store, attempt_id: Uuid) -> Result<(), RecordsError> {
    store
        .conn()
        .execute(
            "DELETE FROM quiz_open_attempts WHERE id = ?1",
            [attempt_id.to_string()],
        )
        .doing("set aside the quiz under way")?;
    Ok(())
}

/// An attempt under way, by its id.
pub fn open_by_id(store: &Store, attempt_id: Uuid) -> Result<OpenAttempt, RecordsError> {
    store
        .conn_ref()
        .query_row(
            &format!("SELECT {OPEN_COLUMNS} FROM quiz_open_attempts WHERE id = ?1"),
            [attempt_id.to_string()],
            open_from_row,
        )
        .optional()
        .doing("read the quiz under way")?
        .ok_or(RecordsError::NotFound {
            what: "quiz under way",
            id: attempt_id,
        })
}
