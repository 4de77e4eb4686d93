//! Commands of the learner's path: starting or continuing the training,
//! the learner's home, saving their place, and their quizzes. Marking and
//! every decision about progress are the library's (`signpost::learning`);
//! the window sends what the learner did and shows what comes back.

use signpost::learning::{self, LearnerOverview, QuizInProgress, QuizResult};
use signpost::quiz::Feedback;
use signpost::records::learners::{self, Learner, LearnerDetails};
use signpost::records::{RecordsError, Store};
use tauri::State;

use super::id;
use crate::{ApiError, AppState};

/// A learner at the computer: the staff screens lock behind them, so that
/// nobody reads the records from a learner's seat.
async fn learner_at(
    state: State<'_, AppState>,
    find: impl FnOnce(&mut Store) -> Result<Learner, RecordsError> + Send + 'static,
) -> Result<Learner, ApiError> {
    state
        .run(move |state| {
            state.with_store(|store| {
                let learner = find(store)?;
                state.learner_signed_in(learner.person_id);
                state.lock_with(store)?;
                Ok::<_, ApiError>(learner)
            })
        })
        .await
}

#[tauri::command]
pub async fn start_learner(
    state: State<'_, AppState>,
    details: LearnerDetails,
) -> Result<Learner, ApiError> {
    learner_at(state, move |store| learners::start(store, &details)).await
}

#[tauri::command]
pub async fn continue_learner(
    state: State<'_, AppState>,
    name: String,
    key: String,
) -> Result<Learner, ApiError> {
    learner_at(state, move |store| learners::find(store, &name, &key)).await
}

#[tauri::command]
pub async fn learner_overview(
    state: State<'_, AppState>,
    person_id: String,
) -> Result<LearnerOverview, ApiError> {
    let person_id = state.for_person(id("person", &person_id)?)?;
    let course = state.course()?;
    state
        .store(move |store| learning::overview(store, &course, person_id))
        .await
}

/// Saves the slide the learner is on (the number of slides = at the quiz).
#[tauri::command]
pub async fn save_place(
    state: State<'_, AppState>,
    person_id: String,
    module_id: String,
    slide: u32,
) -> Result<(), ApiError> {
    let person_id = state.for_person(id("person", &person_id)?)?;
    let course = state.course()?;
    state
        .store(move |store| learning::save_place(store, &course, person_id, &module_id, slide))
        .await
}

/// The module's quiz: the attempt under way, or a fresh draw.
#[tauri::command]
pub async fn start_quiz(
    state: State<'_, AppState>,
    person_id: String,
    module_id: String,
) -> Result<QuizInProgress, ApiError> {
    let person_id = state.for_person(id("person", &person_id)?)?;
    let course = state.course()?;
    state
        .store(move |store| learning::start_quiz(store, &course, person_id, &module_id))
        .await
}

/// Sets aside any attempt under way and draws a fresh one.
#[tauri::command]
pub async fn fresh_quiz(
    state: State<'_, AppState>,
    person_id: String,
    module_id: String,
) -> Result<QuizInProgress, ApiError> {
    let person_id = state.for_person(id("person", &person_id)?)?;
    let course = state.course()?;
    state
        .store(move |store| learning::fresh_quiz(store, &course, person_id, &module_id))
        .await
}

/// Marks and saves one answer; the feedback says which options were right.
#[tauri::command]
pub async fn answer_question(
    state: State<'_, AppState>,
    person_id: String,
    attempt_id: String,
    question_id: String,
    chosen: Vec<u32>,
) -> Result<Feedback, ApiError> {
    let person_id = state.for_person(id("person", &person_id)?)?;
    let attempt_id = id("quiz attempt", &attempt_id)?;
    let course = state.course()?;
    state
        .store(move |store| {
            learning::answer(store, &course, person_id, attempt_id, &question_id, &chosen)
        })
        .await
}

#[tauri::command]
pub async fn finish_quiz(
    state: State<'_, AppState>,
    person_id: String,
    attempt_id: String,
) -> Result<QuizResult, ApiError> {
    let person_id = state.for_person(id("person", &person_id)?)?;
    let attempt_id = id("quiz attempt", &attempt_id)?;
    let course = state.course()?;
    state
        .store(move |store| learning::finish_quiz(store, &course, person_id, attempt_id))
        .await
}
