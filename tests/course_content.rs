//! What a well-formed course turns into: slides with notes, handbook prose and
//! content warnings, the four kinds of question, and placeholders filled from
//! course.toml or from the organisation's own settings.

use std::path::PathBuf;

use signpost::course::{
    self, Block, Contact, Localisation, Module, Organisation, QuestionKind, Span,
};

fn good() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course/good")
}

fn text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

fn intro(course: &signpost::course::Course) -> &Module {
    &course.modules[0]
}

#[test]
fn slides_carry_their_body_notes_handbook_and_line() {
    let course = course::load(&good()).expect("loads");
    let slide = &intro(&course).slides[0];
    assert_eq!(slide.title, "Welcome to Northshire");
    assert_eq!(slide.line, 9);
    assert!(matches!(&slide.body[1], Block::List { items, .. } if items.len() == 2));
    assert_eq!(
        slide.notes,
        vec![Block::Paragraph {
            spans: vec![Span {
                text: "Welcome everyone.".into(),
                strong: false,
                emphasis: false
            }]
        }]
    );
    assert!(
        matches!(&slide.handbook[0], Block::Paragraph { spans } if text(spans) == "Prose for learners.")
    );
    assert_eq!(slide.content_warning, None);
}

#[test]
fn a_slide_without_handbook_text_uses_its_body_and_keeps_its_warning() {
    let course = course::load(&good()).expect("loads");
    let slide = &intro(&course).slides[1];
    assert_eq!(slide.handbook, slide.body);
    assert_eq!(
        slide.content_warning.as_deref(),
        Some("This slide mentions harm.")
    );
}

#[test]
fn placeholders_are_filled_from_course_toml_keeping_their_style() {
    let course = course::load(&good()).expect("loads");
    let Block::Paragraph { spans } = &intro(&course).slides[0].body[0] else {
        panic!("first block is a paragraph")
    };
    assert_eq!(
        text(spans),
        "This course is from Northshire Partnership; see northshire.example."
    );
    assert!(
        spans
            .iter()
            .any(|s| s.strong && s.text == "Northshire Partnership")
    );
}

#[test]
fn the_contacts_placeholder_becomes_a_list_of_every_contact() {
    let course = course::load(&good()).expect("loads");
    let Block::List { items, .. } = &intro(&course).slides[1].body[0] else {
        panic!("contacts become a list")
    };
    let lines: Vec<String> = items
        .iter()
        .map(|item| match &item[0] {
            Block::Paragraph { spans } => text(spans),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        lines,
        [
            "Police emergency: 999 — If someone is in immediate danger",
            "Helpline: 08000 121 700"
        ]
    );
}

#[test]
fn the_organisations_own_settings_override_course_toml() {
    let local = Localisation {
        organisation: Organisation {
            name: "Southshire Council".into(),
            area: "Southshire".into(),
            website: "southshire.example".into(),
        },
        contacts: vec![Contact {
            name: "Safeguarding team".into(),
            number: "01234 567890".into(),
            when: String::new(),
        }],
        logo: None,
    };
    let course = course::load_with(&good(), &local).expect("loads");
    assert_eq!(intro(&course).slides[0].title, "Welcome to Southshire");
    let Block::List { items, .. } = &intro(&course).slides[1].body[0] else {
        panic!("contacts become a list")
    };
    assert_eq!(items.len(), 1);
}

#[test]
fn settings_left_empty_keep_course_toml_s_own_details() {
    let local = Localisation {
        organisation: Organisation {
            name: "Southshire Council".into(),
            ..Organisation::default()
        },
        ..Localisation::default()
    };
    let course = course::load_with(&good(), &local).expect("loads");
    assert_eq!(course.organisation.name, "Southshire Council");
    assert_eq!(course.organisation.website, "northshire.example");
    assert_eq!(course.contacts, course::load(&good()).unwrap().contacts);
}

#[test]
fn the_four_kinds_of_question_are_read_with_their_answers_and_explanations() {
    let course = course::load(&good()).expect("loads");
    let questions = &intro(&course).questions;
    let kinds: Vec<QuestionKind> = questions.iter().map(|q| q.kind).collect();
    assert_eq!(
        kinds,
        [
            QuestionKind::Single,
            QuestionKind::AllThatApply,
            QuestionKind::TrueFalse,
            QuestionKind::Scenario
        ]
    );
    assert_eq!(questions[0].id, "intro/1");
    assert_eq!(
        text(&questions[0].prompt),
        "Which number is for an emergency?"
    );
    let right: Vec<bool> = questions[1].options.iter().map(|o| o.correct).collect();
    assert_eq!(right, [true, true, false]);
    assert!(!questions[2].explanation.is_empty());
    let scenario = &questions[3];
    assert_eq!(scenario.title, "At the shop");
    assert_eq!(
        scenario.case.len(),
        1,
        "the case is everything before the question"
    );
    assert_eq!(
        text(&scenario.prompt),
        "They seem afraid to talk. What should the manager do?"
    );
}

#[test]
fn a_pool_larger_than_one_attempt_is_kept_whole() {
    let course = course::load(&good()).expect("loads");
    assert_eq!(intro(&course).questions.len(), 4);
    assert_eq!(intro(&course).questions_per_attempt, 2);
    assert_eq!(
        course.modules[1].questions_per_attempt, 0,
        "no questions, none per attempt"
    );
}

#[test]
fn nested_lists_links_and_indented_text_keep_their_words_and_placeholders() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course/rich-text");
    let course = course::load(&dir).expect("loads");
    assert!(course.problems.is_empty(), "{:#?}", course.problems);
    let body = &course.modules[1].slides[0].body;
    let Block::List { items, .. } = &body[0] else {
        panic!("a list first: {body:#?}")
    };
    let Block::Paragraph { spans } = &items[0][0] else {
        panic!("item text")
    };
    assert_eq!(text(spans), "a point about Northshire");
    let Block::List { items: sub, .. } = &items[0][1] else {
        panic!("a sub-list")
    };
    assert!(
        matches!(&sub[0][0], Block::Paragraph { spans } if text(spans) == "a sub-point from Northshire Partnership")
    );
    assert!(
        matches!(&items[1][0], Block::Paragraph { spans } if text(spans) == "a link to northshire.example")
    );
    assert!(
        matches!(&body[2], Block::Paragraph { spans } if text(spans) == "indented text kept as prose")
    );
    assert!(matches!(&body[3], Block::Quote { .. }));
}

#[test]
fn images_in_the_course_folder_reach_the_window_as_data_urls() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course/with-image");
    let course = course::load(&dir).expect("loads");
    assert!(course.problems.is_empty(), "{:#?}", course.problems);
    let second = &course.modules[1];
    assert!(second.slides[0].body.contains(&Block::Image {
        src: "assets/signpost.svg".into(),
        alt: "A green signpost pointing two ways".into(),
    }));

    let url = course::image_data_url(&dir, "assets/signpost.svg").expect("reads the image");
    let encoded = url
        .strip_prefix("data:image/svg+xml;base64,")
        .expect("an SVG data URL");
    let bytes = std::fs::read(dir.join("assets/signpost.svg")).unwrap();
    assert_eq!(encoded.len(), bytes.len().div_ceil(3) * 4);

    for outside in [
        "../good/course.toml",
        "/etc/passwd",
        "course.toml",
        "assets/none.png",
    ] {
        let err = course::image_data_url(&dir, outside).expect_err(outside);
        assert_eq!(err.code(), "course_image_unavailable", "{outside}: {err}");
    }
}
