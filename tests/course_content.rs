//! What a well-formed course turns into: slides with notes, handbook prose and
//! content warnings, the four kinds of question (which can carry a warning
//! too), and placeholders filled from course.toml or from the organisation's
//! own settings. Then what the shipped course teaches: the facts corrected in
//! the December 2026 revision (issue 13) stay corrected.

use std::path::PathBuf;

use signpost::course::{
    self, Block, Contact, Course, Localisation, Module, Organisation, QuestionKind, Span,
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
            ..Organisation::default()
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

// The shipped course (issue 13: the course, revised for 2026).

fn modules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("modules")
}

fn shipped() -> Course {
    course::load(&modules_dir()).expect("the shipped course loads")
}

/// Every course file as written: course.toml and each module, by name.
fn course_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(modules_dir())
        .expect("modules/ reads")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name == "course.toml"
                || (name.ends_with(".md") && name != "README.md" && name != "SOURCES.md")
        })
        .map(|name| {
            let text = std::fs::read_to_string(modules_dir().join(&name)).expect("reads");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

fn blocks_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| match b {
            Block::Heading { spans, .. } | Block::Paragraph { spans } => text(spans),
            Block::List { items, .. } => items
                .iter()
                .map(|item| blocks_text(item))
                .collect::<Vec<_>>()
                .join(" "),
            Block::Quote { blocks } => blocks_text(blocks),
            Block::Image { alt, .. } => alt.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// All a module says, slides and questions, as one text.
fn module_text(module: &Module) -> String {
    let slides = module.slides.iter().map(|s| {
        [
            s.title.clone(),
            blocks_text(&s.body),
            blocks_text(&s.notes),
            blocks_text(&s.handbook),
        ]
        .join(" ")
    });
    let questions = module.questions.iter().map(|q| {
        let options: Vec<String> = q.options.iter().map(|o| text(&o.text)).collect();
        [
            q.title.clone(),
            blocks_text(&q.case),
            text(&q.prompt),
            options.join(" "),
            blocks_text(&q.explanation),
        ]
        .join(" ")
    });
    slides.chain(questions).collect::<Vec<_>>().join("\n")
}

fn whole_course_text(course: &Course) -> String {
    course
        .modules
        .iter()
        .map(module_text)
        .collect::<Vec<_>>()
        .join("\n")
}

fn module<'c>(course: &'c Course, id: &str) -> &'c Module {
    course
        .modules
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("no module `{id}`"))
}

/// Sentences of a text, split where a `.`, `?` or `!` is followed by a space.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if matches!(c, '.' | '?' | '!' | '\n') && chars.peek().is_none_or(|n| n.is_whitespace()) {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out
}

#[test]
fn no_file_pairs_the_textphone_number_for_999_with_101() {
    for (name, text) in course_files() {
        for (n, line) in text.lines().enumerate() {
            if line.contains("18000") {
                assert!(
                    line.contains("999"),
                    "{name}:{}: 18000 reaches 999 only, so say so: {line}",
                    n + 1
                );
                for joined in [
                    "18000 or 18001",
                    "18000 / 18001",
                    "18000/18001",
                    "18000, 18001",
                ] {
                    assert!(!line.contains(joined), "{name}:{}: {line}", n + 1);
                }
            }
            if line.to_lowercase().contains("textphone") && line.contains("101") {
                assert!(
                    line.contains("18001 101"),
                    "{name}:{}: a textphone reaches 101 as 18001 101: {line}",
                    n + 1
                );
            }
        }
    }
}

#[test]
fn the_2025_figures_appear_and_2024_is_no_longer_called_the_record() {
    let course = shipped();
    let all = whole_course_text(&course);
    for figure in ["23,411", "7,130"] {
        assert!(all.contains(figure), "the 2025 figure {figure} is taught");
    }
    for sentence in sentences(&all) {
        let lower = sentence.to_lowercase();
        // A sentence about 2024 (not one comparing 2025 with it) may not
        // call it the record or the latest year.
        if sentence.contains("19,125") || (sentence.contains("2024") && !sentence.contains("2025"))
        {
            for claim in ["a record", "highest", "the most", "so far", "latest"] {
                assert!(
                    !lower.contains(claim),
                    "2024 is no longer the record or the latest year: {sentence}"
                );
            }
        }
    }
    let figures = module(&course, "what-is-modern-slavery");
    assert!(module_text(figures).contains("23,411 possible victims were referred"));
}

#[test]
fn trafficking_needs_no_force_for_anyone_but_its_purpose_must_be_shown() {
    let course = shipped();
    let all = whole_course_text(&course);
    for wrong in [
        "Nothing: with children, no force or deception needs to be proved",
        "for a child no force, threats or deception need to be proved",
        "When the person is a child, or an adult who is vulnerable, no force",
        "For children and vulnerable adults, no force",
    ] {
        assert!(
            !all.contains(wrong),
            "still implies adults need force: {wrong}"
        );
    }
    let what = module_text(module(&course, "what-is-modern-slavery"));
    assert!(what.contains("No one, adult or child, has to be shown to have been moved by force"));
    assert!(what.contains("so that they could be exploited"));
    let jay = module(&course, "what-is-modern-slavery")
        .questions
        .iter()
        .find(|q| q.title == "A teenager sent to another town")
        .expect("the Jay scenario");
    let right: Vec<String> = jay
        .options
        .iter()
        .filter(|o| o.correct)
        .map(|o| text(&o.text))
        .collect();
    assert_eq!(
        right,
        ["That his travel was arranged so that he could be exploited"]
    );
}

#[test]
fn a_prevention_order_needs_an_earlier_conviction_or_caution_and_only_a_risk_order_does_not() {
    let text = module_text(module(&shipped(), "organisations-and-supply-chains"));
    assert!(text.contains("the person must already have been convicted or cautioned"));
    assert!(text.contains("No conviction or caution is needed."));
}

#[test]
fn the_glaa_is_part_of_the_fair_work_agency_and_no_reporting_number_is_printed_for_it() {
    let all = whole_course_text(&shipped());
    assert!(all.contains("Fair Work Agency"));
    assert!(all.contains("Employment Rights Act 2025"));
    for (name, text) in course_files() {
        for line in text.lines() {
            if line.contains("Fair Work Agency") || line.contains("GLAA") {
                let phone = line
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|run| run.len() >= 4 && run.starts_with('0'));
                assert!(
                    !phone,
                    "{name}: an unverified number beside the GLAA: {line}"
                );
            }
        }
    }
}

#[test]
fn what_changed_since_the_course_was_written_is_taught() {
    let all = whole_course_text(&shipped());
    for fact in [
        "Crime and Policing Act 2026",
        "child criminal exploitation",
        "cuckooing",
        "could not confirm",
        "27 February 2023",
        "even with a parent's agreement",
        "agreed at the end of June 2023 to withdraw and revise that part",
        "threat to public order",
        "Illegal Migration Act 2023",
        "repealed them on 2 December 2025",
        "24 March 2025",
        "Procurement Act 2023",
        "mandatory ground for excluding",
        "2022 edition",
        "2023 edition",
        "Section 49",
    ] {
        assert!(all.contains(fact), "the course does not teach: {fact}");
    }
}

#[test]
fn staff_have_somewhere_to_turn_and_a_child_has_a_named_contact() {
    let course = shipped();
    let welcome = module_text(module(&course, "welcome"));
    assert!(welcome.contains("Samaritans: 116 123"));
    assert!(welcome.contains(&course.organisation.employee_support));
    let responding = module(&course, "responding-and-reporting");
    let children = responding
        .slides
        .iter()
        .find(|s| s.title == "Children: safeguard first")
        .expect("the children's slide");
    let body = blocks_text(&children.body);
    assert!(
        body.contains("Who to contact about a child: the NSPCC Helpline on 0808 800 5000"),
        "{body}"
    );
    let disclosure = responding
        .slides
        .iter()
        .find(|s| s.title == "When someone tells you")
        .expect("the disclosure slide");
    let body = blocks_text(&disclosure.body);
    for step in [
        "Listen.",
        "Do not probe or ask leading questions.",
        "Write down their own words",
        "Explain honestly what happens next",
        "Meet immediate needs",
        "Never promise to keep it secret.",
    ] {
        assert!(body.contains(step), "the disclosure slide misses: {step}");
    }
}

#[test]
fn the_local_picture_uses_the_organisation_s_area_and_labels_hertfordshire_as_2019() {
    let local = Localisation {
        organisation: Organisation {
            name: "Southshire Council".into(),
            area: "Southshire".into(),
            children_contact: "Southshire Children's Services on 01234 000000".into(),
            ..Organisation::default()
        },
        ..Localisation::default()
    };
    let course = course::load_with(&modules_dir(), &local).expect("loads");
    let picture = module(&course, "myths-facts-and-local-picture");
    let titles: Vec<&str> = picture.slides.iter().map(|s| s.title.as_str()).collect();
    assert!(titles.contains(&"The local picture: who works on this in Southshire"));
    assert!(titles.contains(&"Where to get help in Southshire"));
    assert!(module_text(picture).contains("Southshire Children's Services on 01234 000000"));
    // Each 2019 local figure is said with its year: in its own paragraph or
    // list item, or in the title of its slide.
    for module in &shipped().modules {
        for slide in &module.slides {
            let mut paragraphs = Vec::new();
            for blocks in [&slide.body, &slide.notes, &slide.handbook] {
                paragraphs.extend(paragraphs_of(blocks));
            }
            for paragraph in paragraphs {
                if ["55 in 2018/19", "more than 500", "5 arrests"]
                    .iter()
                    .any(|f| paragraph.contains(f))
                {
                    assert!(
                        paragraph.contains("2019") || slide.title.contains("2019"),
                        "{}: `{}`: a 2019 figure without its year: {paragraph}",
                        module.file,
                        slide.title
                    );
                }
            }
        }
    }
}

/// Each paragraph and list item of some blocks, as text.
fn paragraphs_of(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .flat_map(|b| match b {
            Block::Heading { spans, .. } | Block::Paragraph { spans } => vec![text(spans)],
            Block::List { items, .. } => items.iter().flat_map(|i| paragraphs_of(i)).collect(),
            Block::Quote { blocks } => paragraphs_of(blocks),
            Block::Image { alt, .. } => vec![alt.clone()],
        })
        .collect()
}

#[test]
fn the_quizzes_test_understanding_not_recall_or_guessing() {
    let course = shipped();
    let (mut right_true, mut right_false) = (0, 0);
    for module in &course.modules {
        let true_false: Vec<bool> = module
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::TrueFalse)
            .map(|q| {
                q.options
                    .iter()
                    .any(|o| o.correct && text(&o.text) == "True")
            })
            .collect();
        assert!(
            true_false.len() * 2 < module.questions.len(),
            "{}: mostly true or false",
            module.file
        );
        right_true += true_false.iter().filter(|t| **t).count();
        right_false += true_false.iter().filter(|t| !**t).count();
        let scenarios = module
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::Scenario)
            .count();
        assert!(
            scenarios * 2 >= module.questions.len(),
            "{}: too few scenarios",
            module.file
        );
        for question in &module.questions {
            let prompt = text(&question.prompt).to_lowercase();
            for recall in [
                "pass mark",
                "what score",
                "what is operation tropic",
                "maximum sentence",
            ] {
                assert!(
                    !prompt.contains(recall),
                    "{}: a recall question: {prompt}",
                    module.file
                );
            }
        }
    }
    assert!(
        right_true.abs_diff(right_false) <= 2,
        "true {right_true}, false {right_false}"
    );
    let all = whole_course_text(&course);
    for topic in [
        "cuckooing",
        "online",
        "grooming",
        "Section 49",
        "homeless",
        "addiction",
        "learning disability",
        "leaving care",
        "sponsored visa",
        "exploited again",
        "protection from removal",
    ] {
        assert!(all.contains(topic), "the course does not cover: {topic}");
    }
}
