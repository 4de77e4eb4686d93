//! What a learner may see of a question, and what they are told after
//! answering it. A [`LearnerQuestion`] carries the prompt and the options in
//! the attempt's order but never which options are right nor the
//! explanation: those reach the window only in the [`Feedback`] for an
//! answer already given. Marking itself stays in [`super::is_right`].

use serde::Serialize;
use ts_rs::TS;

use super::{DrawnQuestion, is_right};
use crate::course::{Block, Question, QuestionKind, Span};

/// One option as offered: its text and its index in the question's own
/// list (the index the answer is given by), never whether it is right.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LearnerOption {
    pub index: u32,
    pub text: Vec<Span>,
}

/// A question as a learner sees it before answering.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LearnerQuestion {
    pub id: String,
    pub kind: QuestionKind,
    /// Scenario title, empty for other kinds.
    pub title: String,
    /// The case a scenario describes, shown above the question.
    pub case: Vec<Block>,
    pub prompt: Vec<Span>,
    /// In the order this attempt shows them.
    pub options: Vec<LearnerOption>,
    /// The question's content warning, which the window shows first.
    pub warning: Option<String>,
}

/// What a learner is told once they have answered a question.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Feedback {
    pub question_id: String,
    pub right: bool,
    /// What they chose, by the question's own option indexes.
    pub chosen: Vec<u32>,
    /// The right options, by the question's own option indexes.
    pub right_options: Vec<u32>,
    pub explanation: Vec<Block>,
}

/// The question in the order `drawn` gives, without its answers.
pub fn for_learner(question: &Question, drawn: &DrawnQuestion) -> LearnerQuestion {
    LearnerQuestion {
        id: question.id.clone(),
        kind: question.kind,
        title: question.title.clone(),
        case: question.case.clone(),
        prompt: question.prompt.clone(),
        warning: question.warning.clone(),
        options: drawn
            .option_order
            .iter()
            .filter_map(|&i| {
                question
                    .options
                    .get(i as usize)
                    .map(|option| LearnerOption {
                        index: i,
                        text: option.text.clone(),
                    })
            })
            .collect(),
    }
}

/// Marks `chosen` and says which options were right, with the explanation.
pub fn feedback(question: &Question, chosen: &[u32]) -> Feedback {
    let mut chosen = chosen.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    Feedback {
        question_id: question.id.clone(),
        right: is_right(question, &chosen),
        right_options: (0..question.options.len() as u32)
            .filter(|&i| question.options[i as usize].correct)
            .collect(),
        chosen,
        explanation: question.explanation.clone(),
    }
}

/// A short digest of everything that decides how a question is asked and
/// marked (kind, case, prompt, options and which are right), so an attempt
/// begun before the module was edited can tell that its question changed.
pub fn fingerprint(question: &Question) -> String {
    let mut hash = sha1_smol::Sha1::new();
    let mut add = |text: &str| {
        hash.update(text.as_bytes());
        hash.update(&[0]);
    };
    add(match question.kind {
        QuestionKind::Single => "single",
        QuestionKind::AllThatApply => "all",
        QuestionKind::TrueFalse => "tf",
        QuestionKind::Scenario => "scenario",
    });
    add(&format!("{:?}", question.case));
    add(&spans_text(&question.prompt));
    for option in &question.options {
        add(&spans_text(&option.text));
        add(if option.correct { "1" } else { "0" });
    }
    hash.digest().to_string()[..16].to_string()
}

fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// Whether an answer of `chosen` is possible for the question: at least one
/// option, each one of its own, and only one for single-answer kinds.
pub(crate) fn answer_fits(question: &Question, chosen: &[u32]) -> bool {
    let n = question.options.len() as u32;
    !chosen.is_empty()
        && chosen.iter().all(|&i| i < n)
        && (question.kind == QuestionKind::AllThatApply || chosen.len() == 1)
}
