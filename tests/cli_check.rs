//! `signpost check`: problems with file:line, a summary line, and the exit code.

use assert_cmd::Command;

fn check(case: &str) -> std::process::Output {
    Command::cargo_bin("signpost")
        .expect("built")
        .arg("check")
        .arg(format!(
            "{}/tests/fixtures/course/{case}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .output()
        .expect("runs")
}

#[test]
fn check_of_a_good_course_prints_the_summary_and_succeeds() {
    let output = check("good");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout.trim(),
        "2 modules, 3 slides, 4 questions, 20 minutes; 0 errors, 0 warnings"
    );
}

#[test]
fn check_of_a_broken_course_prints_file_and_line_and_fails() {
    let output = check("no-right-answer");
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("second.md:17: error: the question has no right answer"),
        "{stdout}"
    );
    assert!(
        stdout.trim_end().ends_with("1 errors, 0 warnings"),
        "{stdout}"
    );
}

#[test]
fn check_of_an_unreadable_course_explains_and_fails() {
    let output = check("missing-course-title");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("course.toml:1"));
}
