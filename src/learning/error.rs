//! What can go wrong on the self-paced path, in words a learner can read.
//! Database failures keep their own error and say what was being saved.

use crate::records::RecordsError;

#[derive(Debug, thiserror::Error)]
pub enum LearningError {
    #[error(transparent)]
    Records(#[from] RecordsError),
    #[error("this course has no module {id:?}")]
    NoModule { id: String },
    #[error("the module {title:?} has no quiz")]
    NoQuiz { title: String },
    #[error(
        "the questions of {title:?} were changed since you began this quiz, so it cannot go on; your answers so far are kept, and you can start a fresh attempt"
    )]
    CourseChanged { title: String },
    #[error("that answer does not fit the question: {reason}")]
    BadAnswer { reason: String },
    #[error("{left} of the questions still need an answer before the quiz can be marked")]
    Unanswered { left: u32 },
    #[error("slide {slide} is not in the module {title:?}, which has {slides}")]
    NoSlide {
        slide: u32,
        title: String,
        slides: u32,
    },
    #[error("this quiz belongs to someone else")]
    NotYours,
}

impl LearningError {
    /// A short stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            LearningError::Records(inner) => inner.code(),
            LearningError::NoModule { .. } | LearningError::NoSlide { .. } => "not_found",
            LearningError::NoQuiz { .. } => "no_quiz",
            LearningError::CourseChanged { .. } => "course_changed",
            LearningError::BadAnswer { .. } | LearningError::Unanswered { .. } => "invalid_input",
            LearningError::NotYours => "not_yours",
        }
    }
}
