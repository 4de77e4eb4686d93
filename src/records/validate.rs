//! The rules a record must meet to be stored, one function per kind of
//! record, and the limits they share. Every way in (the window, the command
//! line, a roster, a record bundle, and later a learner screen or an LRS)
//! calls these, so a record refused by one door is refused by all of them
//! with the same words. A problem names the field and why, in words that
//! read after the field's name ("name is longer than 200 characters").
//!
//! This file checks one record at a time. It does not trim or otherwise
//! change what it is given (the callers that take typing do that first), and
//! it does not look at other records: whether a session a record points to
//! exists, or whether two records disagree, is for the import that has them.

use serde::Serialize;

use super::attempts::{AnswerRecord, AttemptRecord, NewAttempt};
use super::attendance::Correction;
use super::certificates::CertificateRecord;
use super::completions::CompletionRecord;
use super::error::RecordsError;
use super::people::{Person, PersonDetails, check_email};
use super::progress::ProgressRecord;
use super::room_answers::{MAX_HANDS, RoomAnswer};
use super::sessions::{NewSession, TrainingSession};
use super::settings::Settings;
use super::status::SessionStatus;
use crate::quiz;

/// The longest name of a person, in characters.
pub const NAME_MAX: usize = 200;
/// The longest session title, trainer, location, organisation, team or job
/// role, in characters.
pub const TEXT_MAX: usize = 200;
/// The longest email address (RFC 5321's limit on a path).
pub const EMAIL_MAX: usize = 254;
/// The longest staff number, in characters.
pub const STAFF_NUMBER_MAX: usize = 100;
/// The longest course version or module id.
pub const CODE_MAX: usize = 100;
/// The longest reason given for a correction.
pub const REASON_MAX: usize = 1000;
/// The most questions a quiz attempt may count, and the most slides a module
/// may have: far more than any real one, small enough that no sum overflows.
pub const COUNT_MAX: u32 = 10_000;

/// One thing wrong with one field of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldProblem {
    pub field: &'static str,
    /// Reads after the field's name: "is needed", "is longer than …".
    pub reason: String,
}

impl FieldProblem {
    /// The same problem as a [`RecordsError`], for a door that takes one
    /// record at a time.
    pub fn into_error(self) -> RecordsError {
        RecordsError::invalid(self.field, self.reason)
    }
}

/// Collects a record's problems in field order.
#[derive(Default)]
struct Check(Vec<FieldProblem>);

/// Whether a field holds one line or may hold several.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Many,
}

/// Characters that show nothing: zero-width spaces and joiners, direction
/// marks, the word joiner and its kin, the byte order mark, a soft hyphen.
fn takes_no_room(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
        || turns_text(c)
}

/// Explicit direction embeddings, overrides and isolates: typed by no
/// keyboard, and able to make a name read differently from what it is.
fn turns_text(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

impl Check {
    fn fail(&mut self, field: &'static str, reason: impl Into<String>) {
        self.0.push(FieldProblem {
            field,
            reason: reason.into(),
        });
    }

    /// Length in characters and the characters themselves. A NUL byte or
    /// another control character is never stored: it cannot be typed, it is
    /// written raw into exports, and it hides text from whoever reads it.
    /// Line breaks are allowed where `lines` says (a job title copied from a
    /// spreadsheet cell may have one; a name may not).
    fn text(&mut self, field: &'static str, value: &str, max: usize, lines: Lines) {
        let length = value.chars().count();
        if length > max {
            self.fail(field, format!("is longer than {max} characters ({length})"));
        }
        let line_break = |c: char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
        if lines == Lines::One && value.chars().any(line_break) {
            self.fail(field, "has a line break; it must be one line");
        } else if value
            .chars()
            .any(|c| c.is_control() && !line_break(c) && c != '\t')
        {
            self.fail(
                field,
                "holds a control character (such as a NUL byte) that cannot be stored",
            );
        } else if lines == Lines::One && value.contains('\t') {
            self.fail(field, "has a tab; it must be one line of text");
        } else if value.chars().any(turns_text) {
            self.fail(
                field,
                "holds an invisible character that reverses or embeds the direction of the text around it (U+202A to U+202E, U+2066 to U+2069), so what is shown would not be what is stored",
            );
        }
    }

    /// Something that shows (not only spaces, or characters that take up
    /// no room, such as a zero-width space), then [`Check::text`].
    fn required(&mut self, field: &'static str, value: &str, max: usize, lines: Lines) {
        if value.chars().all(|c| c.is_whitespace() || takes_no_room(c)) {
            self.fail(field, "is needed");
        } else {
            self.text(field, value, max, lines);
        }
    }

    fn email(&mut self, email: Option<&str>) {
        let Some(email) = email else { return };
        if email.chars().count() > EMAIL_MAX {
            self.fail("email", format!("is longer than {EMAIL_MAX} characters"));
        } else if let Err(reason) = check_email(email) {
            self.fail("email", reason);
        } else {
            self.text("email", email, EMAIL_MAX, Lines::One);
        }
    }

    fn done(self) -> Vec<FieldProblem> {
        self.0
    }
}

fn person_fields(
    check: &mut Check,
    name: &str,
    organisation: &str,
    team: &str,
    job_role: &str,
    email: Option<&str>,
) {
    check.required("name", name, NAME_MAX, Lines::One);
    check.text("organisation", organisation, TEXT_MAX, Lines::Many);
    check.text("team", team, TEXT_MAX, Lines::Many);
    check.text("job role", job_role, TEXT_MAX, Lines::Many);
    check.email(email);
}

/// A person as stored (from a bundle, say).
pub fn person(p: &Person) -> Vec<FieldProblem> {
    let mut check = Check::default();
    person_fields(
        &mut check,
        &p.name,
        &p.organisation,
        &p.team,
        &p.job_role,
        p.email.as_deref(),
    );
    if p.email.as_deref() == Some("") {
        check.fail("email", "is empty; leave it out instead");
    }
    if let Some(number) = &p.staff_number {
        check.0.extend(staff_number(number));
    }
    check.done()
}

/// A staff number, as a learner gives it (after trimming) or as a stored
/// person holds it: one rule, so that no learner screen keeps one that a
/// record bundle would refuse.
pub fn staff_number(number: &str) -> Vec<FieldProblem> {
    let mut check = Check::default();
    check.required("staff number", number, STAFF_NUMBER_MAX, Lines::One);
    check.done()
}

/// A person's details as typed or read from a roster, after trimming.
pub fn person_details(d: &PersonDetails) -> Vec<FieldProblem> {
    let mut check = Check::default();
    person_fields(
        &mut check,
        &d.name,
        &d.organisation,
        &d.team,
        &d.job_role,
        d.email.as_deref().filter(|e| !e.is_empty()),
    );
    check.done()
}

fn session_fields(
    check: &mut Check,
    title: &str,
    course_title: &str,
    course_version: &str,
    location: &str,
    trainer: &str,
) {
    check.required("title", title, TEXT_MAX, Lines::One);
    check.required("course title", course_title, TEXT_MAX, Lines::One);
    check.required("course version", course_version, CODE_MAX, Lines::One);
    check.text("location", location, TEXT_MAX, Lines::Many);
    check.required("trainer", trainer, TEXT_MAX, Lines::One);
}

/// A session a trainer is setting up, after trimming.
pub fn new_session(s: &NewSession) -> Vec<FieldProblem> {
    let mut check = Check::default();
    session_fields(
        &mut check,
        &s.title,
        &s.course_title,
        &s.course_version,
        &s.location,
        &s.trainer,
    );
    if let Some(end) = s.end_time
        && end < s.start_time
    {
        check.fail("end time", "is before the start time");
    }
    check.done()
}

/// A session as stored.
pub fn session(s: &TrainingSession) -> Vec<FieldProblem> {
    let mut check = Check::default();
    session_fields(
        &mut check,
        &s.title,
        &s.course_title,
        &s.course_version,
        &s.location,
        &s.trainer,
    );
    if let Some(end) = s.end_time
        && end < s.start_time
    {
        check.fail("end time", "is before the start time");
    }
    match (s.status, s.closed_at) {
        (SessionStatus::Closed, None) => check.fail("closed at", "is missing on a closed session"),
        (SessionStatus::Open, Some(_)) => check.fail("closed at", "is set on an open session"),
        (SessionStatus::Closed, Some(closed)) if closed < s.created_at => {
            check.fail("closed at", "is before the session was created")
        }
        _ => {}
    }
    check.done()
}

/// A correction to a closed register.
pub fn correction(c: &Correction) -> Vec<FieldProblem> {
    let mut check = Check::default();
    check.required("reason", &c.reason, REASON_MAX, Lines::Many);
    if c.old_status == c.new_status {
        check.fail("new status", "is the same as the old one");
    }
    check.done()
}

fn attempt_fields(
    check: &mut Check,
    module_id: &str,
    course_version: &str,
    score: u32,
    total: u32,
    started: jiff::Timestamp,
    finished: jiff::Timestamp,
) {
    check.required("module id", module_id, CODE_MAX, Lines::One);
    check.required("course version", course_version, CODE_MAX, Lines::One);
    if total == 0 || total > COUNT_MAX {
        check.fail(
            "total",
            format!("is {total}; a quiz has from 1 to {COUNT_MAX} questions"),
        );
    } else if score > total {
        check.fail(
            "score",
            format!("is {score} out of {total}, which is not possible"),
        );
    }
    if finished < started {
        check.fail("finished at", "is before the attempt started");
    }
}

/// A finished attempt about to be recorded.
pub fn new_attempt(a: &NewAttempt) -> Vec<FieldProblem> {
    let mut check = Check::default();
    attempt_fields(
        &mut check,
        &a.module_id,
        &a.course_version,
        a.score.correct,
        a.score.total,
        a.started_at,
        a.finished_at,
    );
    check.done()
}

/// A quiz attempt as stored: its percentage must be the one its score makes.
pub fn attempt(a: &AttemptRecord) -> Vec<FieldProblem> {
    let mut check = Check::default();
    attempt_fields(
        &mut check,
        &a.module_id,
        &a.course_version,
        a.score,
        a.total,
        a.started_at,
        a.finished_at,
    );
    let made = quiz::percent(a.score, a.total);
    if check.0.is_empty() && a.percent != made {
        check.fail(
            "percent",
            format!(
                "is {} but {} out of {} is {made}%",
                a.percent, a.score, a.total
            ),
        );
    }
    check.done()
}

/// One answer of a finished attempt: its options shown in an order of all
/// of them, and only options the question has chosen, each once.
pub fn answer(a: &AnswerRecord) -> Vec<FieldProblem> {
    let mut check = Check::default();
    let answer = &a.answer;
    if answer.position >= COUNT_MAX {
        check.fail(
            "position",
            format!(
                "is {}; a quiz has fewer than {COUNT_MAX} questions",
                answer.position
            ),
        );
    }
    check.required("question id", &answer.question_id, CODE_MAX, Lines::One);
    let mut order = answer.option_order.clone();
    order.sort_unstable();
    let options = order.len();
    if options == 0 || options > COUNT_MAX as usize || order.iter().zip(0..).any(|(&o, i)| o != i) {
        check.fail(
            "option order",
            "is not an order of the question's options (each from 0 up, once)",
        );
    } else {
        let mut chosen = answer.chosen.clone();
        chosen.sort_unstable();
        chosen.dedup();
        if chosen.len() != answer.chosen.len() || chosen.iter().any(|&c| c as usize >= options) {
            check.fail(
                "chosen",
                format!("names an option twice or one the question's {options} options lack"),
            );
        }
    }
    check.done()
}

/// A learner's place in a module.
pub fn progress(p: &ProgressRecord) -> Vec<FieldProblem> {
    let mut check = Check::default();
    check.required("module id", &p.module_id, CODE_MAX, Lines::One);
    check.text("course title", &p.course_title, TEXT_MAX, Lines::One);
    if p.slide >= COUNT_MAX {
        check.fail(
            "slide",
            format!("is {}; a module has fewer than {COUNT_MAX} slides", p.slide),
        );
    }
    check.done()
}

/// A certificate given.
pub fn certificate(c: &CertificateRecord) -> Vec<FieldProblem> {
    let mut check = Check::default();
    check.required("course title", &c.course_title, TEXT_MAX, Lines::One);
    check.required("course version", &c.course_version, CODE_MAX, Lines::One);
    check.done()
}

/// The organisation's settings: the same limits as any text typed in, and
/// the numbers within sense.
pub fn settings(s: &Settings) -> Vec<FieldProblem> {
    let mut check = Check::default();
    let o = &s.organisation;
    check.text("organisation name", &o.name, TEXT_MAX, Lines::One);
    check.text("area", &o.area, TEXT_MAX, Lines::One);
    check.text("website", &o.website, TEXT_MAX, Lines::One);
    check.text(
        "children contact",
        &o.children_contact,
        REASON_MAX,
        Lines::Many,
    );
    check.text(
        "employee support",
        &o.employee_support,
        REASON_MAX,
        Lines::Many,
    );
    for c in &s.contacts {
        check.text("contact name", &c.name, TEXT_MAX, Lines::One);
        check.text("contact number", &c.number, TEXT_MAX, Lines::One);
        check.text("contact hours", &c.when, TEXT_MAX, Lines::One);
    }
    if let Some(months) = s.retention_months
        && !(1..=RETENTION_MONTHS_MAX).contains(&months)
    {
        check.fail(
            "retention",
            format!("must be from 1 to {RETENTION_MONTHS_MAX} months, or unset to keep records"),
        );
    }
    if !(1..=COUNT_MAX).contains(&s.backups_to_keep) {
        check.fail("backups to keep", format!("must be from 1 to {COUNT_MAX}"));
    }
    check.done()
}

/// The longest retention period a setting may ask for: a hundred years.
pub const RETENTION_MONTHS_MAX: u32 = 1200;

/// A course completion as stored.
pub fn completion(c: &CompletionRecord) -> Vec<FieldProblem> {
    let mut check = Check::default();
    check.required("course title", &c.course_title, TEXT_MAX, Lines::One);
    check.required("course version", &c.course_version, CODE_MAX, Lines::One);
    check.done()
}

/// The hands a room raised for one option of a question.
pub fn room_answer(a: &RoomAnswer) -> Vec<FieldProblem> {
    let mut check = Check::default();
    check.required("module id", &a.module_id, CODE_MAX, Lines::One);
    check.required("question id", &a.question_id, CODE_MAX, Lines::One);
    if a.option >= COUNT_MAX {
        check.fail(
            "option",
            format!("is {}; a question has fewer options", a.option),
        );
    }
    if a.hands > MAX_HANDS {
        check.fail(
            "hands",
            format!(
                "is {}, more than a room can hold (at most {MAX_HANDS})",
                a.hands
            ),
        );
    }
    check.done()
}

/// The first problem as an error, for a door that takes one record at a
/// time and answers with one message.
pub fn first(problems: Vec<FieldProblem>) -> Result<(), RecordsError> {
    match problems.into_iter().next() {
        Some(problem) => Err(problem.into_error()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(name: &str) -> PersonDetails {
        PersonDetails {
            name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_name_with_a_line_break_or_a_nul_byte_is_refused() {
        assert_eq!(person_details(&details("Ann\nLee"))[0].field, "name");
        assert_eq!(person_details(&details("Ann\0Lee"))[0].field, "name");
        assert!(person_details(&details("Zoë Łukasiewicz-Nowak 张伟")).is_empty());
    }

    #[test]
    fn a_name_is_measured_in_characters_not_bytes() {
        assert!(person_details(&details(&"张".repeat(NAME_MAX))).is_empty());
        let long = person_details(&details(&"张".repeat(NAME_MAX + 1)));
        assert!(long[0].reason.contains("longer than 200"), "{long:?}");
    }

    #[test]
    fn a_job_role_may_hold_a_line_break_but_not_a_nul_byte() {
        let role = |r: &str| PersonDetails {
            job_role: r.into(),
            ..details("Ann")
        };
        assert!(person_details(&role("Manager\r\nand lead")).is_empty());
        assert_eq!(person_details(&role("Man\0ager"))[0].field, "job role");
    }

    #[test]
    fn a_formula_in_the_email_box_is_not_an_email_address() {
        let p = PersonDetails {
            email: Some("\t@SUM(1)".into()),
            ..details("Ann")
        };
        assert_eq!(person_details(&p)[0].field, "email");
    }
}
