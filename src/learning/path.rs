//! Where a learner is: their place in each module, each module's stage (not
//! started, reading, at its quiz, passed), the place to resume at, and
//! whether the course is complete. A place is a slide index; one past the
//! last slide means the learner reached the module's quiz.

use jiff::Timestamp;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::{LearningError, module};
use crate::course::{Course, Module};
use crate::records::attempts::{self, AttemptRecord, OpenAttempt};
use crate::records::completions::{self, CompletionRecord};
use crate::records::progress::{self, ProgressRecord};
use crate::records::{Store, people, sql};

/// How far a learner has got with one module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Stage {
    NotStarted,
    /// Reading its slides.
    Reading,
    /// Read to the end; the quiz is next.
    QuizNext,
    /// A quiz attempt is under way.
    QuizUnderWay,
    /// Quizzes taken, none passed yet.
    NotPassed,
    /// Its quiz passed (or, for a module without a quiz, read to the end).
    Passed,
}

/// The best finished attempt at a module's quiz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BestResult {
    pub correct: u32,
    pub total: u32,
    pub percent: u32,
    pub passed: bool,
    pub finished_at: Timestamp,
}

/// One module as the learner's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ModuleProgress {
    pub module_id: String,
    pub title: String,
    pub minutes: u32,
    pub slides: u32,
    /// Questions in one attempt at its quiz; 0 for a module without one.
    pub questions: u32,
    pub stage: Stage,
    /// 0-based slide they were last on (`slides` once at the quiz).
    pub slide: u32,
    /// Answers given in the attempt under way.
    pub answered: u32,
    pub attempts: u32,
    pub best: Option<BestResult>,
}

/// Where to take a returning learner: a slide of a module, or its quiz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ResumePoint {
    pub module_id: String,
    pub slide: u32,
    pub at_quiz: bool,
}

/// Everything the learner's home shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LearnerOverview {
    pub person_id: Uuid,
    pub name: String,
    pub course_title: String,
    pub course_version: String,
    pub pass_mark: u8,
    pub modules: Vec<ModuleProgress>,
    /// Where they were last, unless that was a finished quiz.
    pub resume: Option<ResumePoint>,
    pub completed: Option<CompletionRecord>,
}

fn best_of<'a>(attempts: impl Iterator<Item = &'a AttemptRecord>) -> Option<BestResult> {
    attempts
        .max_by_key(|a| (a.passed, a.percent, std::cmp::Reverse(a.finished_at)))
        .map(|a| BestResult {
            correct: a.score,
            total: a.total,
            percent: a.percent,
            passed: a.passed,
            finished_at: a.finished_at,
        })
}

fn module_progress(
    module: &Module,
    place: Option<&ProgressRecord>,
    open: Option<&OpenAttempt>,
    finished: &[&AttemptRecord],
) -> ModuleProgress {
    let slides = module.slides.len() as u32;
    let has_quiz = !module.questions.is_empty();
    let best = best_of(finished.iter().copied());
    let stage = if best.as_ref().is_some_and(|b| b.passed)
        || (!has_quiz && place.is_some_and(|p| p.completed_at.is_some()))
    {
        Stage::Passed
    } else if open.is_some() {
        Stage::QuizUnderWay
    } else if !finished.is_empty() {
        Stage::NotPassed
    } else if place.is_some_and(|p| p.slide >= slides) {
        Stage::QuizNext
    } else if place.is_some() {
        Stage::Reading
    } else {
        Stage::NotStarted
    };
    ModuleProgress {
        module_id: module.id.clone(),
        title: module.title.clone(),
        minutes: module.minutes,
        slides,
        questions: if has_quiz {
            module.questions_per_attempt
        } else {
            0
        },
        stage,
        slide: place.map_or(0, |p| p.slide.min(slides)),
        answered: open.map_or(0, |o| o.answers.len() as u32),
        attempts: finished.len() as u32,
        best,
    }
}

/// The learner's home: every module of the course with its stage, where to
/// resume, and their completion.
pub fn overview(
    store: &Store,
    course: &Course,
    person_id: Uuid,
) -> Result<LearnerOverview, LearningError> {
    let person = people::get(store, person_id)?;
    let places = progress::for_person(store, person_id)?;
    let open = attempts::open_attempts(store, person_id)?;
    let finished = attempts::for_person(store, person_id)?;
    let modules: Vec<ModuleProgress> = course
        .modules
        .iter()
        .map(|m| {
            let mine: Vec<&AttemptRecord> =
                finished.iter().filter(|a| a.module_id == m.id).collect();
            module_progress(
                m,
                places.iter().find(|p| p.module_id == m.id),
                open.iter().find(|o| o.module_id == m.id),
                &mine,
            )
        })
        .collect();
    let completed = completions::for_person(store, person_id)?
        .into_iter()
        .find(|c| c.course_title == course.title);
    Ok(LearnerOverview {
        person_id,
        name: person.name,
        course_title: course.title.clone(),
        course_version: course.version.clone(),
        pass_mark: course.pass_mark,
        resume: resume_point(&modules, &places, &open),
        modules,
        completed,
    })
}

/// The place last saved: a slide being read (even of a module already
/// passed, read again), or a quiz still to take or under way. After a quiz
/// finished there is no place to resume: their list of modules is where
/// they land.
fn resume_point(
    modules: &[ModuleProgress],
    places: &[ProgressRecord],
    open: &[OpenAttempt],
) -> Option<ResumePoint> {
    let latest_open = open.iter().max_by_key(|o| o.updated_at);
    let latest_place = places
        .iter()
        .filter(|p| modules.iter().any(|m| m.module_id == p.module_id))
        .max_by_key(|p| p.updated_at);
    let (module_id, slide) = match (latest_open, latest_place) {
        (Some(o), Some(p)) if p.updated_at > o.updated_at => (p.module_id.clone(), p.slide),
        (Some(o), _) => (o.module_id.clone(), u32::MAX),
        (None, Some(p)) => (p.module_id.clone(), p.slide),
        (None, None) => return None,
    };
    let m = modules.iter().find(|m| m.module_id == module_id)?;
    if slide < m.slides {
        return Some(ResumePoint {
            module_id,
            slide,
            at_quiz: false,
        });
    }
    matches!(m.stage, Stage::QuizNext | Stage::QuizUnderWay).then(|| ResumePoint {
        module_id,
        slide: m.slides,
        at_quiz: true,
    })
}

/// Saves the slide a learner is on (`slide` = the number of slides once
/// they reach the quiz). A module without a quiz is finished by reaching
/// its end, which may complete the course.
pub fn save_place(
    store: &mut Store,
    course: &Course,
    person_id: Uuid,
    module_id: &str,
    slide: u32,
) -> Result<(), LearningError> {
    let m = module(course, module_id)?;
    let slides = m.slides.len() as u32;
    if slide > slides {
        return Err(LearningError::NoSlide {
            slide: slide + 1,
            title: m.title.clone(),
            slides,
        });
    }
    let finished = slide == slides && m.questions.is_empty();
    progress::save(store, person_id, &course.title, module_id, slide, finished)?;
    if finished {
        complete_if_done(store, course, person_id)?;
    }
    Ok(())
}

/// Records the course completion once every module is passed; returns it
/// when the course is complete (now or before).
pub fn complete_if_done(
    store: &mut Store,
    course: &Course,
    person_id: Uuid,
) -> Result<Option<CompletionRecord>, LearningError> {
    let now = overview(store, course, person_id)?;
    if now.completed.is_some() {
        return Ok(now.completed);
    }
    if now.modules.is_empty() || now.modules.iter().any(|m| m.stage != Stage::Passed) {
        return Ok(None);
    }
    let record = completions::record(
        store,
        &CompletionRecord {
            person_id,
            course_title: course.title.clone(),
            course_version: course.version.clone(),
            completed_at: sql::now(),
        },
    )?;
    Ok(Some(record))
}
