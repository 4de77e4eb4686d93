//! The small closed vocabularies of the register — a session's status, a
//! person's attendance status and where an attendance mark came from — with
//! their stored spellings. Only the names live here, not the rules about
//! when one may change into another (those are in `attendance.rs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// The stored (and exported) spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The value for a stored spelling.
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// Whether a session's register may still be changed directly.
    SessionStatus { Open = "open", Closed = "closed" }
}

vocabulary! {
    /// A person's mark on a session register.
    AttendanceStatus {
        Present = "present",
        Late = "late",
        LeftEarly = "left_early",
        Absent = "absent",
        Expected = "expected",
    }
}

vocabulary! {
    /// Who put a person on the register.
    AttendanceSource { Kiosk = "kiosk", Roster = "roster", Trainer = "trainer" }
}

impl AttendanceStatus {
    /// Whether this mark means the person was in the room.
    pub fn attended(self) -> bool {
        matches!(
            self,
            AttendanceStatus::Present | AttendanceStatus::Late | AttendanceStatus::LeftEarly
        )
    }
}

impl AttendanceStatus {
    /// Whether this mark earns a certificate of attendance: the person was
    /// there for the session (present, or late), not just part of it.
    pub fn earns_attendance_certificate(self) -> bool {
        matches!(self, AttendanceStatus::Present | AttendanceStatus::Late)
    }
}
