//! What the projected audience window is given: the slides without the
//! speaker notes, and the knowledge-check questions without their right
//! answers. The right answers reach the audience only inside a
//! [`super::room::Reveal`], after the trainer reveals them, so nothing the
//! room can see (or a curious person can open in the window's inspector)
//! gives them away early. The speaker's copy is the whole [`Deck`].

use serde::Serialize;
use ts_rs::TS;

use super::deck::Deck;
use super::pause::PauseScreen;
use crate::course::{Block, QuestionKind, Span};
use crate::records::sessions::TrainingSession;

/// A slide as the room sees it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AudienceSlide {
    pub title: String,
    pub body: Vec<Block>,
}

/// A question as the room sees it before the reveal: no `correct` flags.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RoomQuestion {
    pub id: String,
    pub kind: QuestionKind,
    pub title: String,
    pub case: Vec<Block>,
    pub prompt: Vec<Span>,
    /// Each option's text, in the course's order (lettered A, B, C…).
    pub options: Vec<Vec<Span>>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AudienceModule {
    pub id: String,
    pub title: String,
    pub slides: Vec<AudienceSlide>,
    pub questions: Vec<RoomQuestion>,
}

/// Everything the audience window draws from, fetched once.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AudienceDeck {
    pub course_title: String,
    pub modules: Vec<AudienceModule>,
    pub pause: PauseScreen,
    /// The session latecomers sign in to, when presenting one.
    pub session: Option<TrainingSession>,
    pub logo: Option<String>,
}

/// Everything the speaker window draws from: the whole deck.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SpeakerDeck {
    pub deck: Deck,
    pub pause: PauseScreen,
    pub session: Option<TrainingSession>,
}

/// The audience's copy of `deck`.
pub fn audience_deck(
    deck: &Deck,
    pause: PauseScreen,
    session: Option<TrainingSession>,
    logo: Option<String>,
) -> AudienceDeck {
    AudienceDeck {
        course_title: deck.course_title.clone(),
        modules: deck
            .modules
            .iter()
            .map(|m| AudienceModule {
                id: m.id.clone(),
                title: m.title.clone(),
                slides: m
                    .slides
                    .iter()
                    .map(|s| AudienceSlide {
                        title: s.title.clone(),
                        body: s.body.clone(),
                    })
                    .collect(),
                questions: m
                    .questions
                    .iter()
                    .map(|q| RoomQuestion {
                        id: q.id.clone(),
                        kind: q.kind,
                        title: q.title.clone(),
                        case: q.case.clone(),
                        prompt: q.prompt.clone(),
                        options: q.options.iter().map(|o| o.text.clone()).collect(),
                    })
                    .collect(),
            })
            .collect(),
        pause,
        session,
        logo,
    }
}
