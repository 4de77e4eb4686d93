//! The course Signpost ships: it loads completely, with no problems at all
//! (no errors, and none of the editor's warnings), and is the size the
//! training needs.

use std::path::PathBuf;

use signpost::course;

#[test]
fn the_shipped_course_loads_with_no_problems_and_is_complete() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("modules");
    let course = course::load(&dir).expect("the shipped course loads");
    let problems: Vec<String> = course.problems.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        course::shipped(),
        (course.title.clone(), course.version.clone()),
        "the command line names the course it ships with"
    );
    assert!(course.modules.len() >= 7);
    let slides: usize = course.modules.iter().map(|m| m.slides.len()).sum();
    let questions: usize = course.modules.iter().map(|m| m.questions.len()).sum();
    let minutes: u32 = course.modules.iter().map(|m| m.minutes).sum();
    assert!(slides >= 69, "{slides} slides");
    assert!(questions >= 53, "{questions} questions");
    assert!((90..=100).contains(&minutes), "{minutes} minutes");
    for module in &course.modules {
        for slide in &module.slides {
            assert!(
                !slide.notes.is_empty(),
                "{}: `{}` has no speaker notes",
                module.file,
                slide.title
            );
        }
    }
}
