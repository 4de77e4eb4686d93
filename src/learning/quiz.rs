//! A learner's quiz at the end of a module: starting one (a fresh seeded
//! draw, or the attempt under way exactly as it was), answering one
//! question at a time with feedback, and finishing with the score against
//! the course's pass mark. The window receives questions without their
//! answers; which options are right comes back only in the feedback to an
//! answer already saved. An attempt begun before its module was edited is
//! never marked against the new text: the learner is told and offered a
//! fresh attempt.

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::path::complete_if_done;
use super::{LearningError, module};
use crate::course::{Course, Module, Question};
use crate::quiz::{self, Answer, DrawnQuestion, Feedback, LearnerQuestion, Score};
use crate::records::attempts::{
    self, AskedQuestion, AttemptRecord, NewAttempt, OpenAnswer, OpenAttempt,
};
use crate::records::completions::CompletionRecord;
use crate::records::{Store, progress, sql};

/// A quiz as the window shows it: the questions in this attempt's order,
/// without answers, and the feedback to those already answered.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuizInProgress {
    pub attempt_id: Uuid,
    pub module_id: String,
    pub module_title: String,
    pub pass_mark: u8,
    pub questions: Vec<LearnerQuestion>,
    /// Feedback for each question already answered, in the order asked.
    pub answered: Vec<Feedback>,
}

/// A finished quiz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuizResult {
    pub attempt: AttemptRecord,
    pub score: Score,
    pub pass_mark: u8,
    pub module_title: String,
    /// Set when this attempt completed the course (or it was already complete).
    pub completed: Option<CompletionRecord>,
}

fn question<'m>(module: &'m Module, id: &str) -> Option<&'m Question> {
    module.questions.iter().find(|q| q.id == id)
}

/// The questions of an attempt under way as the course now has them, or
/// `CourseChanged` when any was removed or reads differently since the draw.
fn still_asked<'m>(
    module: &'m Module,
    open: &OpenAttempt,
) -> Result<Vec<&'m Question>, LearningError> {
    open.asked
        .iter()
        .map(|asked| {
            question(module, &asked.drawn.question_id)
                .filter(|q| quiz::fingerprint(q) == asked.fingerprint)
                .ok_or_else(|| LearningError::CourseChanged {
                    title: module.title.clone(),
                })
        })
        .collect()
}

fn in_progress(
    module: &Module,
    pass_mark: u8,
    open: &OpenAttempt,
) -> Result<QuizInProgress, LearningError> {
    let questions = still_asked(module, open)?;
    Ok(QuizInProgress {
        attempt_id: open.id,
        module_id: module.id.clone(),
        module_title: module.title.clone(),
        pass_mark,
        questions: questions
            .iter()
            .zip(&open.asked)
            .map(|(q, asked)| quiz::for_learner(q, &asked.drawn))
            .collect(),
        answered: questions
            .iter()
            .filter_map(|q| open.answer(&q.id).map(|a| quiz::feedback(q, &a.chosen)))
            .collect(),
    })
}

/// A seed for a fresh draw: random, and different in questions or order
/// from the person's last attempt when the pool allows it.
fn fresh_draw(
    module: &Module,
    last: Option<&[attempts::AnsweredQuestion]>,
) -> (u64, Vec<DrawnQuestion>) {
    let mut seed = Uuid::new_v4().as_u64_pair().0;
    let mut drawn = quiz::draw(module, seed);
    for _ in 0..16 {
        let same = last.is_some_and(|last| {
            last.len() == drawn.len()
                && last.iter().zip(&drawn).all(|(a, d)| {
                    a.question_id == d.question_id && a.option_order == d.option_order
                })
        });
        if !same {
            break;
        }
        seed = Uuid::new_v4().as_u64_pair().0;
        drawn = quiz::draw(module, seed);
    }
    (seed, drawn)
}

/// The module's quiz for this learner: the attempt under way if there is
/// one (same questions, same order, answers kept), else a fresh draw.
pub fn start_quiz(
    store: &mut Store,
    course: &Course,
    person_id: Uuid,
    module_id: &str,
) -> Result<QuizInProgress, LearningError> {
    let m = module(course, module_id)?;
    if m.questions.is_empty() {
        return Err(LearningError::NoQuiz {
            title: m.title.clone(),
        });
    }
    place_at_quiz(store, course, m, person_id, false)?;
    if let Some(open) = attempts::open_attempt(store, person_id, module_id)? {
        return in_progress(m, course.pass_mark, &open);
    }
    begin(store, course, m, person_id)
}

fn begin(
    store: &mut Store,
    course: &Course,
    m: &Module,
    person_id: Uuid,
) -> Result<QuizInProgress, LearningError> {
    let last = attempts::for_person(store, person_id)?
        .into_iter()
        .rfind(|a| a.module_id == m.id);
    let last_answers = match &last {
        Some(a) => Some(attempts::answers(store, a.id)?),
        None => None,
    };
    let (seed, drawn) = fresh_draw(m, last_answers.as_deref());
    let now = sql::now();
    let open = attempts::begin(
        store,
        &OpenAttempt {
            id: Uuid::new_v4(),
            person_id,
            module_id: m.id.clone(),
            course_title: course.title.clone(),
            course_version: course.version.clone(),
            seed,
            asked: drawn
                .into_iter()
                .filter_map(|drawn| {
                    let fingerprint = quiz::fingerprint(question(m, &drawn.question_id)?);
                    Some(AskedQuestion { drawn, fingerprint })
                })
                .collect(),
            answers: Vec::new(),
            started_at: now,
            updated_at: now,
        },
    )?;
    in_progress(m, course.pass_mark, &open)
}

/// Sets aside the attempt under way, if any, and draws a fresh one.
pub fn fresh_quiz(
    store: &mut Store,
    course: &Course,
    person_id: Uuid,
    module_id: &str,
) -> Result<QuizInProgress, LearningError> {
    let m = module(course, module_id)?;
    if m.questions.is_empty() {
        return Err(LearningError::NoQuiz {
            title: m.title.clone(),
        });
    }
    if let Some(open) = attempts::open_attempt(store, person_id, module_id)? {
        attempts::discard(store, open.id)?;
    }
    place_at_quiz(store, course, m, person_id, false)?;
    begin(store, course, m, person_id)
}

/// Keeps the learner's place at the end of the module's slides, on its
/// quiz; `passed` marks the module finished.
fn place_at_quiz(
    store: &mut Store,
    course: &Course,
    m: &Module,
    person_id: Uuid,
    passed: bool,
) -> Result<(), LearningError> {
    let slides = m.slides.len() as u32;
    progress::save(store, person_id, &course.title, &m.id, slides, passed)?;
    Ok(())
}

fn open_of(store: &Store, person_id: Uuid, attempt_id: Uuid) -> Result<OpenAttempt, LearningError> {
    let open = attempts::open_by_id(store, attempt_id)?;
    if open.person_id != person_id {
        return Err(LearningError::NotYours);
    }
    Ok(open)
}

/// Marks one answer, saves it and returns the feedback. The answer is saved
/// before the feedback is returned, so a learner never sees feedback for an
/// answer that was lost; answering a question again returns the feedback
/// to the first answer.
pub fn answer(
    store: &mut Store,
    course: &Course,
    person_id: Uuid,
    attempt_id: Uuid,
    question_id: &str,
    chosen: &[u32],
) -> Result<Feedback, LearningError> {
    let open = open_of(store, person_id, attempt_id)?;
    let m = module(course, &open.module_id)?;
    let asked = still_asked(m, &open)?;
    let q = asked
        .iter()
        .find(|q| q.id == question_id)
        .ok_or_else(|| LearningError::BadAnswer {
            reason: format!("{question_id:?} is not a question of this attempt"),
        })?;
    if !quiz::answer_fits(q, chosen) {
        return Err(LearningError::BadAnswer {
            reason: if chosen.is_empty() {
                "choose an answer first".into()
            } else {
                "choose one of the options given".into()
            },
        });
    }
    let fresh = quiz::feedback(q, chosen);
    let saved = attempts::save_answer(
        store,
        attempt_id,
        &OpenAnswer {
            question_id: q.id.clone(),
            chosen: fresh.chosen.clone(),
            right: fresh.right,
            answered_at: sql::now(),
        },
    )?;
    Ok(quiz::feedback(q, &saved.chosen))
}

/// Marks the whole attempt with [`quiz::score`] against the course's pass
/// mark and records it with its questions and answers; a pass finishes the
/// module and may complete the course.
pub fn finish_quiz(
    store: &mut Store,
    course: &Course,
    person_id: Uuid,
    attempt_id: Uuid,
) -> Result<QuizResult, LearningError> {
    let open = open_of(store, person_id, attempt_id)?;
    let m = module(course, &open.module_id)?;
    still_asked(m, &open)?;
    let left = open
        .asked
        .iter()
        .filter(|a| open.answer(&a.drawn.question_id).is_none())
        .count() as u32;
    if left > 0 {
        return Err(LearningError::Unanswered { left });
    }
    let drawn: Vec<DrawnQuestion> = open.asked.iter().map(|a| a.drawn.clone()).collect();
    let given: Vec<Answer> = open
        .answers
        .iter()
        .map(|a| Answer {
            question_id: a.question_id.clone(),
            chosen: a.chosen.clone(),
        })
        .collect();
    let score = quiz::score(m, &drawn, &given, course.pass_mark);
    let mut answered = open.answered();
    for a in &mut answered {
        // The stored mark of each answer is the marking rule's, now.
        a.right = question(m, &a.question_id).is_some_and(|q| quiz::is_right(q, &a.chosen));
    }
    let attempt = attempts::finish(
        store,
        attempt_id,
        &NewAttempt {
            person_id,
            session_id: None,
            module_id: m.id.clone(),
            course_title: open.course_title.clone(),
            course_version: open.course_version.clone(),
            score,
            seed: Some(open.seed),
            answers: answered,
            started_at: open.started_at,
            finished_at: sql::now(),
        },
    )?;
    let completed = if score.passed {
        place_at_quiz(store, course, m, person_id, true)?;
        complete_if_done(store, course, person_id)?
    } else {
        None
    };
    Ok(QuizResult {
        attempt,
        score,
        pass_mark: course.pass_mark,
        module_title: m.title.clone(),
        completed,
    })
}

/// Marks a finished attempt again against the course as loaded now, from
/// its stored questions and answers.
pub fn remark(
    store: &Store,
    course: &Course,
    attempt: &AttemptRecord,
) -> Result<Score, LearningError> {
    let m = module(course, &attempt.module_id)?;
    let answers = attempts::answers(store, attempt.id)?;
    let drawn: Vec<DrawnQuestion> = answers
        .iter()
        .map(|a| DrawnQuestion {
            question_id: a.question_id.clone(),
            option_order: a.option_order.clone(),
        })
        .collect();
    let given: Vec<Answer> = answers
        .iter()
        .map(|a| Answer {
            question_id: a.question_id.clone(),
            chosen: a.chosen.clone(),
        })
        .collect();
    Ok(quiz::score(m, &drawn, &given, course.pass_mark))
}
