//! Presenting the course to a room: which slides and questions a
//! presentation shows and in what order ([`deck`]), where the presentation
//! is and what a key press does to it ([`room`]), what the projected
//! audience window may see ([`audience`]: never the right answers before the
//! trainer reveals them), what the safe pause screen lists ([`pause`]) and
//! which display each window goes on ([`placement`]).
//!
//! It owns the rules of presenting, not the windows: the desktop shell keeps
//! one [`room::Presentation`], forwards every key from either window to it
//! and sends the resulting [`room::RoomView`] to both, so neither window
//! decides alone. Counting hands in the knowledge check is stored by
//! `records::room_answers`.

pub mod audience;
pub mod deck;
pub mod pause;
pub mod placement;
pub mod room;

pub use deck::{Deck, PresentError};
pub use room::{Outcome, Presentation, RoomMode, RoomStep, RoomView};

use jiff::Timestamp;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::course::{Course, Span};
use crate::records::room_answers::{self, RoomCounts};
use crate::records::sessions::TrainingSession;
use crate::records::{RecordsError, SessionStatus, Store};
use audience::{AudienceDeck, SpeakerDeck};

/// A presentation ready to start, with each window's copy of the deck.
pub struct Prepared {
    pub presentation: Presentation,
    pub audience: AudienceDeck,
    pub speaker: SpeakerDeck,
}

/// Prepares to present the modules `ids` of `course` (all when empty),
/// for `session` when there is one: its room's answers are kept and
/// latecomers can sign in to it.
pub fn prepare(
    course: &Course,
    ids: &[String],
    session: Option<TrainingSession>,
    now: Timestamp,
) -> Result<Prepared, PresentError> {
    let deck = Deck::build(course, ids)?;
    let pause = pause::pause_screen(course);
    let audience =
        audience::audience_deck(&deck, pause.clone(), session.clone(), course.logo.clone());
    let speaker = SpeakerDeck {
        deck: deck.clone(),
        pause,
        session: session.clone(),
    };
    let mut presentation = Presentation::new(deck, session.as_ref().map(|s| s.id), now);
    if session.is_some_and(|s| s.status == SessionStatus::Closed) {
        presentation.close_sign_in();
    }
    Ok(Prepared {
        presentation,
        audience,
        speaker,
    })
}

/// Keeps the hands the room raised for each option of `question_id`,
/// against the presentation's session and the module the question is in.
pub fn record_answers(
    store: &mut Store,
    presentation: &Presentation,
    question_id: &str,
    hands: &[u32],
) -> Result<RoomCounts, PresentError> {
    let session_id = presentation.session_id().ok_or(PresentError::NoSession)?;
    let module = presentation
        .deck()
        .modules
        .iter()
        .find(|m| m.questions.iter().any(|q| q.id == question_id))
        .ok_or_else(|| PresentError::UnknownQuestion {
            id: question_id.to_string(),
        })?;
    Ok(room_answers::record(
        store,
        session_id,
        module,
        question_id,
        hands,
    )?)
}

/// One question the room answered at a session, worded as the course words
/// it, for the session's register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CountedQuestion {
    #[serde(flatten)]
    #[ts(flatten)]
    pub counts: RoomCounts,
    /// The question's prompt; `None` when the course no longer has it.
    pub prompt: Option<Vec<Span>>,
}

/// The room's answers at `session_id`, each with its question's prompt
/// from `course`.
pub fn counted_questions(
    store: &Store,
    course: &Course,
    session_id: Uuid,
) -> Result<Vec<CountedQuestion>, RecordsError> {
    Ok(room_answers::for_session(store, session_id)?
        .into_iter()
        .map(|counts| {
            let prompt = course
                .modules
                .iter()
                .flat_map(|m| &m.questions)
                .find(|q| q.id == counts.question_id)
                .map(|q| q.prompt.clone());
            CountedQuestion { counts, prompt }
        })
        .collect())
}
