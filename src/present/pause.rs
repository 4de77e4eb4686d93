//! The safe pause: what the room sees when the trainer stops the slides
//! because someone is upset or has just disclosed something. Not a black
//! screen but a calm one that says where to get help: the organisation's own
//! contacts (from its settings, or `course.toml` when it has none) and the
//! national helpline, always, whatever the contacts say.

use serde::Serialize;
use ts_rs::TS;

use crate::course::{Contact, Course};

/// The Modern Slavery & Exploitation Helpline, run by Unseen, printed as its
/// own service publishes it (see `modules/SOURCES.md`).
pub fn national_helpline() -> Contact {
    Contact {
        name: "Modern Slavery & Exploitation Helpline".into(),
        number: "08000 121 700".into(),
        when: "Free, confidential, 24 hours a day, 7 days a week; over 200 languages".into(),
    }
}

/// What the pause screen lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PauseScreen {
    pub organisation: String,
    /// The organisation's contacts, without the helpline (shown on its own).
    pub contacts: Vec<Contact>,
    pub helpline: Contact,
}

fn digits(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

/// The pause screen for a course loaded with the organisation's settings.
pub fn pause_screen(course: &Course) -> PauseScreen {
    let helpline = national_helpline();
    let helpline_digits = digits(&helpline.number);
    PauseScreen {
        organisation: course.organisation.name.clone(),
        contacts: course
            .contacts
            .iter()
            .filter(|c| digits(&c.number) != helpline_digits)
            .cloned()
            .collect(),
        helpline,
    }
}
