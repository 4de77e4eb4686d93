//! Each malformed course in tests/fixtures/course/<case>/ is reported with its
//! file, line and a message that says what to do — and the rest of the course
//! still loads.

use std::path::PathBuf;

use signpost::course::{self, CourseError, Problem, Severity};

fn fixture(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/course")
        .join(case)
}

/// Loads a fixture and returns its only problem.
fn only_problem(case: &str) -> Problem {
    let course = course::load(&fixture(case)).expect("the course folder loads");
    assert_eq!(course.problems.len(), 1, "{case}: {:#?}", course.problems);
    course.problems[0].clone()
}

fn assert_error(case: &str, file: &str, line: u32, phrase: &str) {
    let problem = only_problem(case);
    assert_eq!(problem.severity, Severity::Error, "{problem}");
    assert_eq!(
        (problem.file.as_str(), problem.line),
        (file, line),
        "{problem}"
    );
    assert!(problem.message.contains(phrase), "{problem}");
    let course = course::load(&fixture(case)).expect("loads");
    assert_eq!(
        course.broken.len(),
        1,
        "{case}: the module with the error is set aside"
    );
    assert_eq!(course.broken[0].file, file);
    assert_eq!(
        course.modules.len(),
        1,
        "{case}: the other module still loads"
    );
    assert_eq!(course.modules[0].id, "intro");
}

#[test]
fn the_good_fixture_has_no_problems() {
    let course = course::load(&fixture("good")).expect("loads");
    assert!(course.problems.is_empty(), "{:#?}", course.problems);
    assert_eq!(course.modules.len(), 2);
    assert!(course.broken.is_empty());
}

#[test]
fn a_module_without_a_title_is_rejected_with_its_line() {
    assert_error(
        "missing-module-title",
        "second.md",
        2,
        "missing field `title`",
    );
}

#[test]
fn a_module_with_an_empty_title_is_rejected_with_its_line() {
    assert_error(
        "empty-module-title",
        "second.md",
        3,
        "module title is empty",
    );
}

#[test]
fn an_unknown_placeholder_is_rejected_with_its_line() {
    assert_error(
        "unknown-placeholder",
        "second.md",
        9,
        "unknown placeholder `{{ county }}`",
    );
}

#[test]
fn a_question_with_no_right_answer_is_rejected_with_its_line() {
    assert_error("no-right-answer", "second.md", 17, "no right answer");
}

#[test]
fn a_question_with_only_right_answers_is_rejected_with_its_line() {
    assert_error(
        "only-right-answers",
        "second.md",
        17,
        "every option of the question is ticked",
    );
}

#[test]
fn a_single_answer_question_with_several_ticked_is_rejected() {
    assert_error(
        "several-ticked-single",
        "second.md",
        17,
        "several ticked options",
    );
}

#[test]
fn a_true_or_false_question_needs_true_and_false() {
    assert_error("bad-true-false", "second.md", 17, "`True` and `False`");
}

#[test]
fn a_question_without_an_explanation_is_rejected() {
    assert_error("missing-explanation", "second.md", 17, "no explanation");
}

#[test]
fn a_duplicate_module_id_is_rejected_on_the_second_file() {
    assert_error("duplicate-id", "second.md", 2, "already used by intro.md");
}

#[test]
fn a_missing_image_is_rejected_with_its_line() {
    assert_error("missing-image", "second.md", 9, "not in the course folder");
}

#[test]
fn an_image_the_app_cannot_show_is_rejected_with_its_line() {
    assert_error("image-unsupported", "second.md", 9, "use one of: png, jpg");
}

#[test]
fn an_image_without_alt_text_is_rejected_with_its_line() {
    assert_error("image-without-alt", "second.md", 9, "no alt text");
}

#[test]
fn an_empty_slide_is_rejected_with_its_line() {
    assert_error("empty-slide", "second.md", 17, "is empty");
}

#[test]
fn raw_html_is_rejected_and_never_reaches_the_course() {
    assert_error("raw-html", "second.md", 11, "raw HTML is not allowed");
    let course = course::load(&fixture("raw-html")).expect("loads");
    assert!(
        course.broken.iter().any(|b| b.file == "second.md"),
        "the module with raw HTML is set aside"
    );
    assert!(course.modules.iter().all(|m| m.id != "second"));
    // Nothing of the script reaches any part of the course the window gets.
    let json = serde_json::to_string(&course).expect("serialises");
    assert!(!json.contains("alert(1)"), "{json}");
}

#[test]
fn a_module_listed_but_absent_is_reported_and_the_rest_loads() {
    assert_error(
        "listed-but-absent",
        "second.md",
        0,
        "listed in course.toml but cannot be read",
    );
}

#[test]
fn a_module_file_that_is_not_listed_is_a_warning_and_readmes_are_ignored() {
    let problem = only_problem("present-but-unlisted");
    assert_eq!(problem.severity, Severity::Warning);
    assert_eq!(problem.file, "stray.md");
    assert!(problem.message.contains("not listed in course.toml"));
}

#[test]
fn bad_front_matter_is_rejected_with_the_toml_line() {
    assert_error("bad-front-matter", "second.md", 2, "front matter");
}

#[test]
fn more_questions_per_attempt_than_the_pool_is_rejected() {
    assert_error("per-attempt-over-pool", "second.md", 5, "only 1 questions");
}

#[test]
fn a_course_without_a_title_cannot_load_and_names_course_toml() {
    let err = course::load(&fixture("missing-course-title")).expect_err("no title");
    assert!(matches!(err, CourseError::ManifestInvalid { .. }));
    let text = err.to_string();
    assert!(
        text.contains("course.toml:1") && text.contains("title"),
        "{text}"
    );
}

#[test]
fn a_missing_course_folder_is_an_error_naming_it() {
    let err = course::load(&fixture("no-such-folder")).expect_err("missing");
    assert_eq!(err.code(), "course_folder_unreadable");
    assert!(err.to_string().contains("no-such-folder"));
}

#[test]
fn a_second_heading_without_a_rule_is_rejected_on_the_heading() {
    assert_error(
        "second-heading-without-rule",
        "second.md",
        15,
        "a second `# ` heading",
    );
}

#[test]
fn a_rule_glued_to_the_text_above_is_rejected_on_the_rule() {
    assert_error(
        "rule-glued-to-text",
        "second.md",
        14,
        "leave a blank line above `---`",
    );
}

#[test]
fn an_unknown_placeholder_is_reported_on_its_own_line_of_a_long_paragraph() {
    assert_error(
        "placeholder-in-long-paragraph",
        "second.md",
        11,
        "unknown placeholder `{{county}}`; the known ones are {{ organisation }}",
    );
}

#[test]
fn a_module_id_that_is_not_kebab_case_and_zero_minutes_are_each_rejected() {
    let course = course::load(&fixture("bad-module-settings")).expect("loads");
    let found: Vec<(u32, bool)> = course
        .problems
        .iter()
        .map(|p| {
            (
                p.line,
                p.file == "second.md" && p.severity == Severity::Error,
            )
        })
        .collect();
    assert_eq!(found, [(2, true), (4, true)], "{:#?}", course.problems);
    assert!(
        course.problems[0]
            .message
            .contains("lowercase words joined by hyphens")
    );
    assert!(
        course.problems[1]
            .message
            .contains("`minutes` must be more than 0")
    );
    assert_eq!(course.broken[0].title.as_deref(), Some("Second module"));
}

#[test]
fn an_image_outside_the_course_folder_is_rejected() {
    assert_error(
        "image-outside-folder",
        "second.md",
        9,
        "outside the course folder",
    );
}

#[test]
fn text_between_a_questions_options_and_its_explanation_is_rejected() {
    assert_error(
        "text-after-options",
        "second.md",
        24,
        "text after a question's options",
    );
}

#[test]
fn a_slide_without_notes_is_only_a_warning_and_still_loads() {
    let problem = only_problem("slide-without-notes");
    assert_eq!(problem.severity, Severity::Warning);
    assert_eq!((problem.file.as_str(), problem.line), ("second.md", 7));
    assert!(problem.message.contains("no `## Notes`"), "{problem}");
    let course = course::load(&fixture("slide-without-notes")).expect("loads");
    assert_eq!(course.modules.len(), 2);
    assert!(course.broken.is_empty());
}

#[test]
fn a_module_listed_twice_is_reported_on_course_toml_and_loaded_once() {
    let problem = only_problem("listed-twice");
    assert_eq!(problem.severity, Severity::Error);
    assert_eq!((problem.file.as_str(), problem.line), ("course.toml", 4));
    assert!(problem.message.contains("listed twice"), "{problem}");
    let course = course::load(&fixture("listed-twice")).expect("loads");
    assert_eq!(course.modules.len(), 2);
}

#[test]
fn a_broken_module_keeps_its_problems_and_does_not_stop_the_others() {
    let course = course::load(&fixture("no-right-answer")).expect("loads");
    assert_eq!(course.modules.len(), 1);
    assert_eq!(course.modules[0].slides.len(), 2);
    let broken = &course.broken[0];
    assert_eq!(broken.title.as_deref(), Some("A module"));
    assert_eq!(broken.problems, course.problems);
}
