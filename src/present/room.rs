//! Where a presentation is and what each key does to it. One
//! [`Presentation`] exists while presenting; the shell hands it every key
//! pressed in either window and sends the [`RoomView`] it returns to both,
//! so the audience and speaker windows can never disagree.
//!
//! Keys are read here, not in the windows, so the clicker keys, the typed
//! slide number and the modes (overview, safe pause, sign-in) have one
//! owner and are tested without a display. Keys that only concern the
//! window that received them (`?` for the list of keys) never arrive.
//! Numbers name slides within the current module, as the slide counter and
//! the overview show them.

use std::collections::BTreeSet;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::deck::{At, Deck, Stop};
use crate::course::Block;

/// The overview grid's width, so Up and Down move a row.
pub const OVERVIEW_COLUMNS: u32 = 4;

/// The longest slide number a trainer types.
const MAX_TYPED: usize = 3;

/// Which window a key came from. In the sign-in kiosk the audience window
/// belongs to the people signing in, so its keys are typing, not commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Audience,
    Speaker,
}

/// What the room sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RoomMode {
    /// The current stop: a slide, a question or an empty module's card.
    Slides,
    /// A grid of the module's stops to pick from.
    Overview,
    /// The safe pause: where to get help, instead of the slide.
    Paused,
    /// The session's sign-in kiosk, for latecomers.
    Kiosk,
}

/// Something the speaker view's buttons ask for; keys arrive through
/// [`Presentation::press`] instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "step")]
#[ts(export)]
pub enum RoomStep {
    Next,
    Previous,
    /// A stop of the current module, as picked in the overview.
    Stop {
        stop: u32,
    },
    Overview,
    Pause,
    Resume,
    /// The current module's knowledge check, from its first question.
    Check,
    Reveal,
    Kiosk,
    /// Back to the slide, from the overview, the pause or the kiosk.
    Slides,
}

/// What a key or step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The view changed: send it to both windows.
    Changed,
    Unchanged,
    /// F: the audience window goes into or out of full screen.
    ToggleFullscreen,
    /// Esc with nothing left to leave: presenting ends.
    End,
}

/// The right answer to the current question, once the trainer reveals it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Reveal {
    pub question_id: String,
    /// Indexes of the right options, in the course's order.
    pub correct: Vec<u32>,
    pub explanation: Vec<Block>,
}

/// Everything both windows need to draw the room, sent after every change.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RoomView {
    /// Goes up by one with every change, so a window can ignore a stale view.
    #[ts(type = "number")]
    pub version: u64,
    pub at: At,
    /// The stop after this one, for the speaker's preview; `None` at the end.
    pub next: Option<At>,
    pub mode: RoomMode,
    /// The highlighted stop in the overview.
    pub cursor: u32,
    /// Digits typed towards a stop's number (as the room's counter numbers
    /// slides and questions), not yet confirmed with Enter.
    pub typed: String,
    /// A number just typed that this module has no stop for, until the
    /// next key, so the speaker view can say so.
    pub no_stop: Option<u32>,
    /// Present only when the current stop is a question already revealed.
    pub reveal: Option<Reveal>,
    pub started_at: Timestamp,
    /// When the current module was entered, for its pace.
    pub module_started_at: Timestamp,
    /// Whether this presentation belongs to a session (its answers are kept).
    pub has_session: bool,
    /// Whether latecomers can still sign in: the session is open.
    pub sign_in_open: bool,
}

/// One presentation to a room.
#[derive(Debug, Clone)]
pub struct Presentation {
    deck: Deck,
    session_id: Option<Uuid>,
    sign_in_open: bool,
    at: At,
    mode: RoomMode,
    cursor: u32,
    typed: String,
    no_stop: Option<u32>,
    revealed: BTreeSet<String>,
    version: u64,
    started_at: Timestamp,
    module_started_at: Timestamp,
}

fn is_modifier(key: &str) -> bool {
    matches!(
        key,
        "Shift" | "Control" | "Alt" | "AltGraph" | "Meta" | "CapsLock" | "NumLock" | "Fn" | "OS"
    )
}

impl Presentation {
    /// Starts at the first stop of the deck.
    pub fn new(deck: Deck, session_id: Option<Uuid>, now: Timestamp) -> Presentation {
        Presentation {
            deck,
            session_id,
            sign_in_open: session_id.is_some(),
            at: At { module: 0, stop: 0 },
            mode: RoomMode::Slides,
            cursor: 0,
            typed: String::new(),
            no_stop: None,
            revealed: BTreeSet::new(),
            version: 1,
            started_at: now,
            module_started_at: now,
        }
    }

    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    pub fn session_id(&self) -> Option<Uuid> {
        self.session_id
    }

    pub fn at(&self) -> At {
        self.at
    }

    pub fn mode(&self) -> RoomMode {
        self.mode
    }

    /// What both windows draw now.
    pub fn view(&self) -> RoomView {
        let reveal = match self.deck.stop(self.at) {
            Stop::Question(q) if self.revealed.contains(&q.id) => Some(Reveal {
                question_id: q.id.clone(),
                correct: (0..q.options.len() as u32)
                    .filter(|&i| q.options[i as usize].correct)
                    .collect(),
                explanation: q.explanation.clone(),
            }),
            _ => None,
        };
        RoomView {
            version: self.version,
            at: self.at,
            next: self.deck.after(self.at),
            mode: self.mode,
            cursor: self.cursor,
            typed: self.typed.clone(),
            no_stop: self.no_stop,
            reveal,
            started_at: self.started_at,
            module_started_at: self.module_started_at,
            has_session: self.session_id.is_some(),
            sign_in_open: self.sign_in_open,
        }
    }

    /// The session was closed (in the Sessions screen, while presenting, or
    /// before): latecomers can no longer sign in, and a kiosk on the room's
    /// screen goes back to the slide.
    pub fn close_sign_in(&mut self) -> Outcome {
        if !self.sign_in_open {
            return Outcome::Unchanged;
        }
        self.sign_in_open = false;
        if self.mode == RoomMode::Kiosk {
            self.mode = RoomMode::Slides;
        }
        self.version += 1;
        Outcome::Changed
    }

    fn open_kiosk(&mut self) -> bool {
        self.sign_in_open && self.set_mode(RoomMode::Kiosk)
    }

    /// Reads a key (a DOM `KeyboardEvent.key`) pressed in `from`.
    pub fn press(&mut self, key: &str, from: Window, now: Timestamp) -> Outcome {
        let had_no_stop = self.no_stop.take().is_some();
        let outcome = match self.read_key(key, from, now) {
            Outcome::Unchanged if had_no_stop || self.no_stop.is_some() => Outcome::Changed,
            outcome => outcome,
        };
        if outcome == Outcome::Changed {
            self.version += 1;
        }
        outcome
    }

    /// Does what a speaker-view button asks.
    pub fn step(&mut self, step: RoomStep, now: Timestamp) -> Outcome {
        let changed = match step {
            RoomStep::Next => self.go(self.deck.after(self.at), now),
            RoomStep::Previous => self.go(self.deck.before(self.at), now),
            RoomStep::Stop { stop } => self.pick(stop, now),
            RoomStep::Overview => self.toggle_overview(),
            RoomStep::Pause => self.set_mode(RoomMode::Paused),
            RoomStep::Slides | RoomStep::Resume => self.set_mode(RoomMode::Slides),
            RoomStep::Check => self.check(now),
            RoomStep::Reveal => self.reveal(),
            RoomStep::Kiosk => self.open_kiosk(),
        };
        let changed = self.clear_typed() || self.no_stop.take().is_some() || changed;
        if changed {
            self.version += 1;
            Outcome::Changed
        } else {
            Outcome::Unchanged
        }
    }

    fn read_key(&mut self, key: &str, from: Window, now: Timestamp) -> Outcome {
        if is_modifier(key) {
            return Outcome::Unchanged;
        }
        match self.mode {
            RoomMode::Kiosk => {
                // The audience window's keys are people typing their names.
                if from == Window::Speaker && matches!(key, "Escape" | "l" | "L") {
                    return changed(self.set_mode(RoomMode::Slides));
                }
                return Outcome::Unchanged;
            }
            // Any key brings the room back to the same slide.
            RoomMode::Paused => return changed(self.set_mode(RoomMode::Slides)),
            RoomMode::Slides | RoomMode::Overview => {}
        }
        if key.len() == 1 && key.as_bytes()[0].is_ascii_digit() {
            if self.typed.len() < MAX_TYPED {
                self.typed.push_str(key);
                return Outcome::Changed;
            }
            return Outcome::Unchanged;
        }
        let mut abandoned = false;
        if !self.typed.is_empty() {
            match key {
                "Enter" => {
                    let number = self.typed.parse::<u32>().unwrap_or(0);
                    self.typed.clear();
                    self.go_to_number(number, now);
                    return Outcome::Changed;
                }
                "Backspace" => {
                    self.typed.pop();
                    return Outcome::Changed;
                }
                // Esc only takes back the number; it must not end presenting.
                "Escape" => {
                    self.typed.clear();
                    return Outcome::Changed;
                }
                // Any other key abandons the number and then does its own job.
                _ => abandoned = self.clear_typed(),
            }
        }
        let outcome = if self.mode == RoomMode::Overview {
            self.overview_key(key, now)
        } else {
            self.slides_key(key, now)
        };
        if outcome == Outcome::Unchanged && abandoned {
            Outcome::Changed
        } else {
            outcome
        }
    }

    fn slides_key(&mut self, key: &str, now: Timestamp) -> Outcome {
        match key {
            "ArrowRight" | "ArrowDown" | " " | "Spacebar" | "PageDown" | "Enter" => {
                changed(self.go(self.deck.after(self.at), now))
            }
            "ArrowLeft" | "ArrowUp" | "PageUp" | "Backspace" => {
                changed(self.go(self.deck.before(self.at), now))
            }
            "Home" => changed(self.go_to_stop(0, now)),
            "End" => {
                let last = self.deck.slides(self.at.module).max(1) - 1;
                changed(self.go_to_stop(last, now))
            }
            "g" | "G" | "o" | "O" => changed(self.toggle_overview()),
            "b" | "B" | "." => changed(self.set_mode(RoomMode::Paused)),
            "k" | "K" => changed(self.check(now)),
            "r" | "R" => changed(self.reveal()),
            "l" | "L" => changed(self.open_kiosk()),
            "f" | "F" => Outcome::ToggleFullscreen,
            "Escape" => Outcome::End,
            _ => Outcome::Unchanged,
        }
    }

    fn overview_key(&mut self, key: &str, now: Timestamp) -> Outcome {
        let last = self.deck.stops(self.at.module) - 1;
        let cursor = self.cursor;
        let moved = match key {
            "ArrowRight" | " " | "PageDown" => cursor.saturating_add(1).min(last),
            "ArrowLeft" | "PageUp" | "Backspace" => cursor.saturating_sub(1),
            "ArrowDown" => cursor.saturating_add(OVERVIEW_COLUMNS).min(last),
            "ArrowUp" => cursor.saturating_sub(OVERVIEW_COLUMNS),
            "Home" => 0,
            "End" => last,
            "Enter" => {
                // Leaving the overview is a change even on the same stop.
                self.pick(cursor, now);
                self.mode = RoomMode::Slides;
                return Outcome::Changed;
            }
            "Escape" | "g" | "G" | "o" | "O" => return changed(self.set_mode(RoomMode::Slides)),
            "b" | "B" | "." => return changed(self.set_mode(RoomMode::Paused)),
            "f" | "F" => return Outcome::ToggleFullscreen,
            _ => return Outcome::Unchanged,
        };
        if moved == cursor {
            return Outcome::Unchanged;
        }
        self.cursor = moved;
        Outcome::Changed
    }

    /// Moves to `to`, noting when a new module starts; false when there is
    /// nowhere to go.
    fn go(&mut self, to: Option<At>, now: Timestamp) -> bool {
        let Some(to) = to else { return false };
        if to.module != self.at.module {
            self.module_started_at = now;
        }
        self.at = to;
        self.cursor = to.stop;
        self.mode = RoomMode::Slides;
        true
    }

    fn go_to_stop(&mut self, stop: u32, now: Timestamp) -> bool {
        if stop >= self.deck.stops(self.at.module)
            || (stop == self.at.stop && self.mode == RoomMode::Slides)
        {
            return false;
        }
        let module = self.at.module;
        self.go(Some(At { module, stop }), now)
    }

    /// Stop `number` of the current module, as the room's counter numbers
    /// them (slides, then questions, from 1); a number with no stop leaves
    /// the room where it is and is noted for the speaker view.
    fn go_to_number(&mut self, number: u32, now: Timestamp) -> bool {
        if number == 0 || number > self.deck.stops(self.at.module) {
            self.no_stop = Some(number);
            return false;
        }
        self.go_to_stop(number - 1, now)
    }

    fn pick(&mut self, stop: u32, now: Timestamp) -> bool {
        if stop >= self.deck.stops(self.at.module) {
            return false;
        }
        let module = self.at.module;
        let was = (self.at, self.mode);
        self.go(Some(At { module, stop }), now);
        was != (self.at, self.mode)
    }

    fn toggle_overview(&mut self) -> bool {
        match self.mode {
            RoomMode::Overview => self.set_mode(RoomMode::Slides),
            _ => {
                self.cursor = self.at.stop;
                self.set_mode(RoomMode::Overview)
            }
        }
    }

    fn set_mode(&mut self, mode: RoomMode) -> bool {
        if self.mode == mode {
            return false;
        }
        self.mode = mode;
        true
    }

    fn check(&mut self, now: Timestamp) -> bool {
        let module = self.at.module as usize;
        let Some(m) = self.deck.modules.get(module) else {
            return false;
        };
        if m.questions.is_empty() {
            return false;
        }
        let first = m.slides.len() as u32;
        if self.at.stop >= first && self.mode == RoomMode::Slides {
            return false; // already in the check
        }
        self.go_to_stop(first, now) || self.set_mode(RoomMode::Slides)
    }

    fn reveal(&mut self) -> bool {
        match self.deck.stop(self.at) {
            Stop::Question(q) if self.mode == RoomMode::Slides => {
                self.revealed.insert(q.id.clone())
            }
            _ => false,
        }
    }

    fn clear_typed(&mut self) -> bool {
        let had = !self.typed.is_empty();
        self.typed.clear();
        had
    }
}

fn changed(did: bool) -> Outcome {
    if did {
        Outcome::Changed
    } else {
        Outcome::Unchanged
    }
}
