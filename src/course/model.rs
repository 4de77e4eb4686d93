//! The course as every consumer sees it. Text is kept as structured blocks and
//! spans, never as HTML, so a renderer cannot be tricked into running markup
//! from a course file. These types cross into the UI, so they derive `TS`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A whole course, loaded and checked.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Course {
    pub title: String,
    pub version: String,
    /// Default pass mark for a module quiz, in percent.
    pub pass_mark: u8,
    pub organisation: Organisation,
    pub contacts: Vec<Contact>,
    /// The organisation's logo as a `data:` URL, when its settings have one.
    pub logo: Option<String>,
    /// Modules that loaded, in the order `course.toml` lists them.
    pub modules: Vec<Module>,
    /// Modules that could not be loaded, with the reason.
    pub broken: Vec<BrokenModule>,
    /// Every problem found, errors and warnings, in file order.
    pub problems: Vec<Problem>,
}

/// The organisation that delivers the course; fills `{{ organisation }}` and friends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Organisation {
    pub name: String,
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub website: String,
    /// Who staff tell about a worry for a child (children's services, the
    /// local safeguarding front door); fills `{{ children_contact }}`.
    #[serde(default)]
    pub children_contact: String,
    /// Where staff upset by the course can turn at work (an employee
    /// assistance line, occupational health); fills `{{ employee_support }}`.
    #[serde(default)]
    pub employee_support: String,
}

/// A phone line people can call; fills `{{ contacts }}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Contact {
    pub name: String,
    pub number: String,
    #[serde(default)]
    pub when: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Module {
    pub id: String,
    /// File name relative to the course folder, e.g. `02-what-is.md`.
    pub file: String,
    pub title: String,
    pub minutes: u32,
    pub objectives: Vec<String>,
    /// How many questions one quiz attempt asks (never more than the pool).
    pub questions_per_attempt: u32,
    pub slides: Vec<Slide>,
    pub questions: Vec<Question>,
}

/// A module listed in `course.toml` that could not be loaded.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BrokenModule {
    pub file: String,
    /// The title, when the front matter was readable.
    pub title: Option<String>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Slide {
    pub title: String,
    pub body: Vec<Block>,
    pub notes: Vec<Block>,
    /// Prose for learners and the handbook; the body when the file gives none.
    pub handbook: Vec<Block>,
    pub content_warning: Option<String>,
    /// 1-based line of the slide's heading in its file.
    pub line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum QuestionKind {
    Single,
    AllThatApply,
    TrueFalse,
    Scenario,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Question {
    /// Stable within the course: `<module id>/<n>`, n counting from 1.
    pub id: String,
    pub kind: QuestionKind,
    /// Scenario title, empty for other kinds.
    pub title: String,
    /// The case a scenario describes; empty for other kinds.
    pub case: Vec<Block>,
    pub prompt: Vec<Span>,
    pub options: Vec<AnswerOption>,
    pub explanation: Vec<Block>,
    /// A short warning shown before the question, when it describes harm
    /// (from its `## Content warning`); a window asks before showing it.
    pub warning: Option<String>,
    pub line: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AnswerOption {
    pub text: Vec<Span>,
    pub correct: bool,
}

/// A block of rich text.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "type")]
#[ts(export)]
pub enum Block {
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph {
        spans: Vec<Span>,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Image {
        src: String,
        alt: String,
    },
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Span {
    pub text: String,
    pub strong: bool,
    pub emphasis: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Severity {
    Warning,
    Error,
}

/// Something wrong in a course file, with where and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Problem {
    pub severity: Severity,
    /// File name relative to the course folder.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u32,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        if self.line > 0 {
            write!(f, "{}:{}: {level}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {level}: {}", self.file, self.message)
        }
    }
}
