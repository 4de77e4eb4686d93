//! The self-paced path: a learner's place in each module, their quizzes and
//! when the course is complete. This is where the loaded course meets the
//! records: the course says what a module holds and what the pass mark is,
//! the records keep where the learner is and what they answered, and
//! [`crate::quiz`] marks. It deliberately holds no storage of its own (that
//! is `records::progress`, `records::attempts`, `records::completions`) and
//! no marking rule. Who the learner is comes from `records::learners`.

mod error;
mod path;
mod quiz;

pub use error::LearningError;
pub use path::{
    BestResult, LearnerOverview, ModuleProgress, ResumePoint, Stage, complete_if_done, overview,
    save_place,
};
pub use quiz::{QuizInProgress, QuizResult, answer, finish_quiz, fresh_quiz, remark, start_quiz};

use crate::course::{Course, Module};

/// The module with this id in the loaded course.
fn module<'c>(course: &'c Course, module_id: &str) -> Result<&'c Module, LearningError> {
    course
        .modules
        .iter()
        .find(|m| m.id == module_id)
        .ok_or_else(|| LearningError::NoModule {
            id: module_id.to_string(),
        })
}
