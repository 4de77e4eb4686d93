//! The editor's checks: warnings about what a module teaches and how its quiz
//! could be passed by guessing, the faults a review of the course found by
//! hand. Each returns `(line, message)` warnings and never an error, because
//! a module that trips one still works; it just should not be released.
//!
//! - a right option that is the longest (or the shortest) in more than half
//!   of a module's single-answer and scenario questions (a guesser picks it);
//! - a module whose true or false answers are all the same;
//! - a figure (four or more digits) in a sentence that gives no year;
//! - a slide or question that uses one of the course's distressing words
//!   (course.toml `[content_warnings]`) without a content warning.
//!
//! The figure check reads the module's source lines rather than the parsed
//! blocks, so that it can name the line a figure is on and so that values an
//! organisation puts in its settings never raise a warning. Everything else
//! reads the loaded [`Module`]. Structural rules live in `sections.rs`.

use super::markdown::{Issue, block_spans, plain};
use super::model::{AnswerOption, Block, Module, QuestionKind, Span};

/// Warnings about one module's quiz: a right option that gives itself away
/// by its length, and true or false answers that never change.
pub(super) fn quiz(module: &Module) -> Vec<Issue> {
    let mut issues = Vec::new();
    let single: Vec<_> = module
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Single | QuestionKind::Scenario))
        .collect();
    for (by, longest) in [("longest", true), ("shortest", false)] {
        let standing_out: Vec<u32> = single
            .iter()
            .filter(|q| right_stands_out(&q.options, longest))
            .map(|q| q.line)
            .collect();
        if !single.is_empty() && standing_out.len() * 2 > single.len() {
            let fix = if longest {
                "shorten right options or give wrong ones the same detail"
            } else {
                "give right options the same detail as wrong ones"
            };
            issues.push((
                standing_out[0],
                format!(
                    "the right option is the {by} in {} of this module's {} single-answer and scenario questions (lines {}), so picking the {by} passes; {fix} until it is no more than half",
                    standing_out.len(),
                    single.len(),
                    lines(&standing_out)
                ),
            ));
        }
    }
    let true_false: Vec<(u32, bool)> = module
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::TrueFalse)
        .filter_map(|q| {
            let right = q.options.iter().find(|o| o.correct)?;
            Some((
                q.line,
                plain(&right.text).trim().eq_ignore_ascii_case("true"),
            ))
        })
        .collect();
    if true_false.len() >= 2 && true_false.iter().all(|(_, t)| *t == true_false[0].1) {
        let answer = if true_false[0].1 { "True" } else { "False" };
        issues.push((
            true_false[0].0,
            format!(
                "all {} true or false questions in this module are answered `{answer}`, so a guesser who always picks it passes; turn some statements round so both answers are right sometimes",
                true_false.len()
            ),
        ));
    }
    issues
}

/// Whether the one right option is strictly longer (or, with `longest`
/// false, strictly shorter) than every wrong one.
fn right_stands_out(options: &[AnswerOption], longest: bool) -> bool {
    let length = |text: &[Span]| plain(text).trim().chars().count();
    let Some(right) = options.iter().find(|o| o.correct) else {
        return false;
    };
    let right = length(&right.text);
    options
        .iter()
        .filter(|o| !o.correct)
        .all(|o| match longest {
            true => length(&o.text) < right,
            false => length(&o.text) > right,
        })
}

fn lines(lines: &[u32]) -> String {
    lines
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The course's list of distressing words, each matched as a whole word or
/// phrase, ignoring case; an entry ending in `*` matches any word that starts
/// with it (`abus*` matches "abuse" and "abused").
pub(super) struct Distressing {
    entries: Vec<(String, Vec<String>, bool)>,
}

impl Distressing {
    pub fn new(words: &[String]) -> Distressing {
        let entries = words
            .iter()
            .filter(|w| !w.trim().is_empty())
            .map(|w| {
                let w = w.trim().to_lowercase();
                let (stem, prefix) = match w.strip_suffix('*') {
                    Some(stem) => (stem.to_string(), true),
                    None => (w.clone(), false),
                };
                (w, words_of(&stem), prefix)
            })
            .filter(|(_, words, _)| !words.is_empty())
            .collect();
        Distressing { entries }
    }

    /// The first entry the text uses, as written in the list.
    fn found_in(&self, text: &str) -> Option<&str> {
        let words = words_of(text);
        self.entries.iter().find_map(|(entry, stem, prefix)| {
            let last = stem.len() - 1;
            let hit = words.windows(stem.len()).any(|window| {
                window
                    .iter()
                    .zip(stem)
                    .enumerate()
                    .all(|(i, (word, want))| {
                        if i == last && *prefix {
                            word.starts_with(want.as_str())
                        } else {
                            word == want
                        }
                    })
            });
            hit.then_some(entry.as_str())
        })
    }
}

fn words_of(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn blocks_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| plain(&block_spans(b.clone())))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Slides and questions that use a distressing word but carry no warning.
pub(super) fn content_warnings(module: &Module, words: &Distressing) -> Vec<Issue> {
    let mut issues = Vec::new();
    for slide in &module.slides {
        if slide.content_warning.is_some() {
            continue;
        }
        let text = [
            slide.title.clone(),
            blocks_text(&slide.body),
            blocks_text(&slide.notes),
            blocks_text(&slide.handbook),
        ]
        .join(" ");
        if let Some(word) = words.found_in(&text) {
            issues.push((
                slide.line,
                format!(
                    "the slide `{}` uses `{word}`, one of the course's distressing words, but has no warning; add `## Content warning` with one plain sentence saying what it describes (or, if it does not need one, take the word out of `[content_warnings]` in course.toml)",
                    slide.title
                ),
            ));
        }
    }
    for question in &module.questions {
        if question.warning.is_some() {
            continue;
        }
        let options: Vec<String> = question.options.iter().map(|o| plain(&o.text)).collect();
        let text = [
            question.title.clone(),
            blocks_text(&question.case),
            plain(&question.prompt),
            options.join(" "),
            blocks_text(&question.explanation),
        ]
        .join(" ");
        if let Some(word) = words.found_in(&text) {
            issues.push((
                question.line,
                format!(
                    "this question uses `{word}`, one of the course's distressing words, but has no warning; add `## Content warning` after its options with one plain sentence saying what it describes"
                ),
            ));
        }
    }
    issues
}

/// Figures of four or more digits in a sentence that names no year, read
/// from the module body as written. `body_line` is the file line `body`
/// starts on; `phone` holds digit strings that are phone numbers (from the
/// course's contacts), which are not figures.
pub(super) fn figures(body: &str, body_line: u32, phone: &[String]) -> Vec<Issue> {
    let mut issues = Vec::new();
    for (sentence, start_line) in sentences(body, body_line) {
        let numbers = numbers_in(&sentence.text);
        if numbers.iter().any(|n| n.year) {
            continue;
        }
        for number in numbers {
            if number.phone
                || number.digits.len() < 4
                || number.digits.starts_with('0')
                || phone.contains(&number.digits)
            {
                continue;
            }
            let line = start_line + sentence.text[..number.at].matches('\n').count() as u32;
            issues.push((
                line,
                format!(
                    "the figure {} is in a sentence that gives no year; say which year it is for (figures change every year), or write it with its source's year",
                    number.written
                ),
            ));
        }
    }
    issues
}

struct Sentence {
    text: String,
}

/// Sentences of the body, each with the line it starts on. A sentence ends at
/// `.`, `?` or `!` before a space, at a blank line, at a heading and at a list
/// item, so that a year in one bullet never excuses a figure in the next.
fn sentences(body: &str, body_line: u32) -> Vec<(Sentence, u32)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut current_line = body_line;
    let flush = |current: &mut String, line: u32, out: &mut Vec<(Sentence, u32)>| {
        if !current.trim().is_empty() {
            out.push((
                Sentence {
                    text: std::mem::take(current),
                },
                line,
            ));
        }
        current.clear();
    };
    for (index, raw) in body.lines().enumerate() {
        let line = body_line + index as u32;
        let trimmed = raw.trim_start();
        let starts_block = trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with("- ")
            || trimmed.starts_with("* ")
            || trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if starts_block {
            flush(&mut current, current_line, &mut out);
        }
        if trimmed.is_empty() {
            continue;
        }
        if current.is_empty() {
            current_line = line;
        } else {
            current.push('\n');
        }
        // Split the line at sentence ends, carrying the rest forward.
        let mut rest = trimmed;
        while let Some(end) = sentence_end(rest) {
            current.push_str(&rest[..end]);
            flush(&mut current, current_line, &mut out);
            current_line = line;
            rest = rest[end..].trim_start();
        }
        current.push_str(rest);
    }
    flush(&mut current, current_line, &mut out);
    out
}

/// The byte just after a sentence-ending `.`, `?` or `!` that is followed by
/// a space (so "49.6" and "stopexploitationherts.org.uk" do not end one).
fn sentence_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(1))
        .find(|&i| matches!(bytes[i], b'.' | b'?' | b'!') && bytes[i + 1] == b' ')
        .map(|i| i + 1)
}

struct Number {
    /// As written, with any thousands commas or phone-number spaces.
    written: String,
    digits: String,
    /// Byte offset in the sentence.
    at: usize,
    year: bool,
    /// Digit groups split by single spaces ("116 123", "0808 800 5000"):
    /// how phone numbers are written; figures use thousands commas.
    phone: bool,
}

/// Numbers in a sentence. Digits grouped by thousands commas ("23,411") are
/// one number, and so are digit groups split by single spaces, the way
/// phone numbers are written; a plain four-digit number from 1800 to 2099
/// is a year.
fn numbers_in(text: &str) -> Vec<Number> {
    let bytes = text.as_bytes();
    let digits_from = |at: usize| {
        bytes[at.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    // "2025 23,411" is a year then a figure, not one phone number.
    let thousands_follow = |at: usize| bytes.get(at) == Some(&b',') && digits_from(at + 1) == 3;
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + digits_from(i);
        let mut commas = false;
        let mut phone = false;
        loop {
            let next = bytes.get(end).copied();
            if thousands_follow(end) {
                end += 4;
                commas = true;
            } else if next == Some(b' ')
                && !commas
                && (2..=5).contains(&digits_from(end + 1))
                && !thousands_follow(end + 1 + digits_from(end + 1))
            {
                end += 1 + digits_from(end + 1);
                phone = true;
            } else {
                break;
            }
        }
        let written = &text[start..end];
        let digits: String = written.chars().filter(char::is_ascii_digit).collect();
        let year = !commas
            && !phone
            && digits.len() == 4
            && digits
                .parse::<u32>()
                .is_ok_and(|y| (1800..=2099).contains(&y));
        out.push(Number {
            written: written.to_string(),
            digits,
            at: start,
            year,
            phone,
        });
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warned(body: &str) -> Vec<u32> {
        figures(body, 10, &["18000".to_string()])
            .into_iter()
            .map(|(line, _)| line)
            .collect()
    }

    #[test]
    fn a_figure_with_its_year_in_the_same_sentence_is_fine() {
        assert!(warned("In 2025 there were 23,411 referrals.\n").is_empty());
        assert!(warned("There were 23,411 referrals (2025).\n").is_empty());
    }

    #[test]
    fn a_figure_in_a_sentence_without_a_year_is_named_on_its_own_line() {
        assert_eq!(
            warned("In 2025 it rose.\n\nThere were 23,411 referrals. Then more.\n"),
            [12]
        );
        assert_eq!(warned("It rose in 2025. There were 23,411.\n"), [10]);
    }

    #[test]
    fn a_year_in_one_bullet_does_not_excuse_the_next() {
        assert_eq!(warned("- in 2025\n- 7,130 reports\n"), [11]);
    }

    #[test]
    fn phone_numbers_short_numbers_and_decimals_are_not_figures() {
        assert!(
            warned("Call 08000 121 700, 116 123 or 18001 101. Dial 18000. About 49.6 million.\n")
                .is_empty()
        );
        assert!(
            warned("The NSPCC Helpline, 0808 800 5000, is there. In 2025 23,411 were referred.\n")
                .is_empty()
        );
    }

    #[test]
    fn distressing_words_match_whole_words_and_starred_stems() {
        let words = Distressing::new(&["abus*".into(), "organ".into(), "child abuse".into()]);
        assert_eq!(words.found_in("signs of Abused people"), Some("abus*"));
        assert_eq!(words.found_in("an organisation"), None);
        assert_eq!(words.found_in("organ removal"), Some("organ"));
        let phrase = Distressing::new(&["child abuse".into()]);
        assert_eq!(phrase.found_in("It is child abuse."), Some("child abuse"));
        assert_eq!(phrase.found_in("a child was not abused"), None);
    }
}
