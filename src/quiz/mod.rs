//! Quiz attempts: which questions an attempt asks, in what order, and how the
//! answers are marked. A seed makes an attempt repeatable (the same seed draws
//! the same questions in the same order), so an attempt can be resumed or
//! re-marked later. [`score`] and [`is_right`] are the only marking rule in
//! Signpost. What a learner may see of a question before answering it, and
//! the feedback after, is `learner.rs`. Recording attempts is the records
//! module's job.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::course::{Module, Question, QuestionKind};

mod learner;

pub(crate) use learner::answer_fits;
pub use learner::{Feedback, LearnerOption, LearnerQuestion, feedback, fingerprint, for_learner};

/// One question as an attempt asks it: options in the attempt's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DrawnQuestion {
    pub question_id: String,
    /// Indexes into the question's options, in the order to show them.
    pub option_order: Vec<u32>,
}

/// A learner's answer: the indexes (into the question's own options) they chose.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Answer {
    pub question_id: String,
    pub chosen: Vec<u32>,
}

/// How an attempt scored: the one result every screen, record and export shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Score {
    pub correct: u32,
    pub total: u32,
    /// Whole percent, rounded down, so 79.9 never passes an 80 mark.
    pub percent: u32,
    pub passed: bool,
}

/// SplitMix64: a tiny, well-known generator. Attempts need repeatable
/// shuffles, not secrecy, so a cryptographic generator would add nothing.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates shuffle of `0..n`.
    fn permutation(&mut self, n: usize) -> Vec<u32> {
        let mut order: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        order
    }
}

/// Draws `questions_per_attempt` questions from the module's pool, with the
/// options of each shuffled — except true/false, which stays True, False.
pub fn draw(module: &Module, seed: u64) -> Vec<DrawnQuestion> {
    let mut rng = SplitMix64(seed);
    let order = rng.permutation(module.questions.len());
    order
        .into_iter()
        .take(module.questions_per_attempt as usize)
        .map(|i| {
            let question = &module.questions[i as usize];
            let option_order = if question.kind == QuestionKind::TrueFalse {
                (0..question.options.len() as u32).collect()
            } else {
                rng.permutation(question.options.len())
            };
            DrawnQuestion {
                question_id: question.id.clone(),
                option_order,
            }
        })
        .collect()
}

/// Whether `chosen` is exactly the set of right options.
pub fn is_right(question: &Question, chosen: &[u32]) -> bool {
    let mut chosen: Vec<u32> = chosen.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    let right: Vec<u32> = (0..question.options.len() as u32)
        .filter(|&i| question.options[i as usize].correct)
        .collect();
    chosen == right
}

/// Marks the answers to the questions that were asked (`asked`) against
/// `pass_mark` percent. A question left unanswered counts as wrong.
pub fn score(module: &Module, asked: &[DrawnQuestion], answers: &[Answer], pass_mark: u8) -> Score {
    let correct = asked
        .iter()
        .filter(|drawn| {
            let question = module.questions.iter().find(|q| q.id == drawn.question_id);
            let answer = answers.iter().find(|a| a.question_id == drawn.question_id);
            matches!((question, answer), (Some(q), Some(a)) if is_right(q, &a.chosen))
        })
        .count() as u32;
    Score::of(correct, asked.len() as u32, pass_mark)
}

/// `correct` out of `total` as a whole percent, rounded down (so 79.9 never
/// passes an 80 mark); 0 when there were no questions.
pub fn percent(correct: u32, total: u32) -> u32 {
    let whole = (u64::from(correct) * 100).checked_div(u64::from(total));
    whole.map_or(0, |p| p.min(100) as u32)
}

impl Score {
    /// `correct` out of `total` judged against `pass_mark` percent: whole
    /// percent rounded down, passed when that reaches the mark.
    pub fn of(correct: u32, total: u32, pass_mark: u8) -> Score {
        let correct = correct.min(total);
        let percent = percent(correct, total);
        Score {
            correct,
            total,
            percent,
            passed: total > 0 && percent >= u32::from(pass_mark),
        }
    }
}

/// The course as a window may hold it at any time: every module's question
/// pool left out, so no option's `correct` flag or explanation reaches a
/// window before the learner answers. Questions are asked one attempt at a
/// time through [`for_learner`].
pub fn without_questions(course: &crate::course::Course) -> crate::course::Course {
    let mut course = course.clone();
    for module in &mut course.modules {
        module.questions.clear();
    }
    course
}
