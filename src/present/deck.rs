//! What a presentation shows: the chosen modules, in the course's order, and
//! within each module its "stops": every slide, then every question of its
//! knowledge check. A module with neither still gets one stop, shown as a
//! clear "nothing to show" card, so the trainer is never left on a blank
//! screen. The deck is taken from the loaded course once, when presenting
//! starts; nothing here reads files.

use serde::Serialize;
use ts_rs::TS;

use crate::course::{Course, Module, Question, Slide};
use crate::records::RecordsError;

/// Why presenting cannot start or a step cannot be taken.
#[derive(Debug, thiserror::Error)]
pub enum PresentError {
    #[error("the course has no modules that loaded, so there is nothing to present")]
    NothingToPresent,
    #[error("the course has no module {id:?}; reload the course and choose again")]
    UnknownModule { id: String },
    #[error("the presentation has no question {id:?}")]
    UnknownQuestion { id: String },
    #[error("nothing is being presented")]
    NotPresenting,
    #[error("Signpost is already presenting; end that first")]
    AlreadyPresenting,
    #[error(
        "the room's answers belong to a session; start presenting from the session's register to keep them"
    )]
    NoSession,
    #[error(transparent)]
    Records(#[from] RecordsError),
}

impl PresentError {
    /// A short stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            PresentError::NothingToPresent => "nothing_to_present",
            PresentError::UnknownModule { .. } => "unknown_module",
            PresentError::UnknownQuestion { .. } => "unknown_question",
            PresentError::NotPresenting => "not_presenting",
            PresentError::AlreadyPresenting => "already_presenting",
            PresentError::NoSession => "no_session",
            PresentError::Records(inner) => inner.code(),
        }
    }
}

/// The modules a presentation shows, whole (notes and answers included):
/// this is the speaker's copy. The audience gets [`crate::present::audience`]'s.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Deck {
    pub course_title: String,
    pub modules: Vec<Module>,
}

/// One place in the deck: a module (index into the deck) and a stop in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct At {
    pub module: u32,
    pub stop: u32,
}

/// What is at a stop.
#[derive(Debug, Clone, Copy)]
pub enum Stop<'a> {
    Slide(&'a Slide),
    Question(&'a Question),
    /// A module with no slides and no questions.
    Empty,
}

impl Deck {
    /// The modules with the given ids, in the course's order; every module
    /// that loaded when `ids` is empty.
    pub fn build(course: &Course, ids: &[String]) -> Result<Deck, PresentError> {
        if let Some(unknown) = ids
            .iter()
            .find(|id| !course.modules.iter().any(|m| &m.id == *id))
        {
            return Err(PresentError::UnknownModule {
                id: unknown.clone(),
            });
        }
        let modules: Vec<Module> = course
            .modules
            .iter()
            .filter(|m| ids.is_empty() || ids.contains(&m.id))
            .cloned()
            .collect();
        if modules.is_empty() {
            return Err(PresentError::NothingToPresent);
        }
        Ok(Deck {
            course_title: course.title.clone(),
            modules,
        })
    }

    pub fn module_count(&self) -> u32 {
        self.modules.len() as u32
    }

    /// How many stops a module has: its slides, then its questions; one for
    /// a module with neither.
    pub fn stops(&self, module: u32) -> u32 {
        self.modules
            .get(module as usize)
            .map(|m| ((m.slides.len() + m.questions.len()) as u32).max(1))
            .unwrap_or(0)
    }

    /// How many slides a module has (End goes to the last of them).
    pub fn slides(&self, module: u32) -> u32 {
        self.modules
            .get(module as usize)
            .map(|m| m.slides.len() as u32)
            .unwrap_or(0)
    }

    pub fn stop(&self, at: At) -> Stop<'_> {
        let Some(module) = self.modules.get(at.module as usize) else {
            return Stop::Empty;
        };
        let stop = at.stop as usize;
        if let Some(slide) = module.slides.get(stop) {
            Stop::Slide(slide)
        } else if let Some(question) = module.questions.get(stop - module.slides.len()) {
            Stop::Question(question)
        } else {
            Stop::Empty
        }
    }

    /// The stop after `at`, crossing into the next module; `None` at the end.
    pub fn after(&self, at: At) -> Option<At> {
        if at.stop + 1 < self.stops(at.module) {
            Some(At {
                module: at.module,
                stop: at.stop + 1,
            })
        } else if at.module + 1 < self.module_count() {
            Some(At {
                module: at.module + 1,
                stop: 0,
            })
        } else {
            None
        }
    }

    /// The stop before `at`, crossing back to the end of the previous module.
    pub fn before(&self, at: At) -> Option<At> {
        if at.stop > 0 {
            Some(At {
                module: at.module,
                stop: at.stop - 1,
            })
        } else if at.module > 0 {
            let module = at.module - 1;
            Some(At {
                module,
                stop: self.stops(module) - 1,
            })
        } else {
            None
        }
    }
}
