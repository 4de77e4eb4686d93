//! Quiz attempts: a seeded draw from the pool, and marking.

use std::path::PathBuf;

use signpost::course;
use signpost::quiz::{self, Answer};

fn intro() -> course::Module {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course/good");
    course::load(&dir).expect("loads").modules.remove(0)
}

#[test]
fn an_attempt_asks_questions_per_attempt_from_a_larger_pool() {
    let module = intro();
    let drawn = quiz::draw(&module, 7);
    assert_eq!(drawn.len(), 2);
    assert_ne!(drawn[0].question_id, drawn[1].question_id);
}

#[test]
fn the_same_seed_draws_the_same_attempt() {
    let module = intro();
    let a: Vec<_> = quiz::draw(&module, 42)
        .into_iter()
        .map(|d| (d.question_id, d.option_order))
        .collect();
    let b: Vec<_> = quiz::draw(&module, 42)
        .into_iter()
        .map(|d| (d.question_id, d.option_order))
        .collect();
    assert_eq!(a, b);
}

#[test]
fn different_seeds_draw_different_attempts() {
    let module = intro();
    let attempts: std::collections::HashSet<Vec<String>> = (0..20)
        .map(|seed| {
            quiz::draw(&module, seed)
                .into_iter()
                .map(|d| d.question_id)
                .collect()
        })
        .collect();
    assert!(
        attempts.len() > 3,
        "only {} distinct attempts",
        attempts.len()
    );
}

#[test]
fn true_or_false_options_keep_their_order() {
    let mut module = intro();
    // Every question is asked, so the true/false one is drawn every time.
    module.questions_per_attempt = module.questions.len() as u32;
    let mut seen = 0;
    for seed in 0..20 {
        for drawn in quiz::draw(&module, seed) {
            if drawn.question_id == "intro/3" {
                assert_eq!(drawn.option_order, [0, 1]);
                seen += 1;
            }
        }
    }
    assert_eq!(
        seen, 20,
        "the true/false question was drawn in every attempt"
    );
}

#[test]
fn all_that_apply_is_right_only_with_exactly_the_right_set() {
    let module = intro();
    let question = &module.questions[1];
    assert!(quiz::is_right(question, &[1, 0]));
    assert!(!quiz::is_right(question, &[0]));
    assert!(!quiz::is_right(question, &[0, 1, 2]));
}

#[test]
fn scoring_counts_right_answers_and_unanswered_as_wrong() {
    let mut module = intro();
    module.questions_per_attempt = 4;
    let asked = quiz::draw(&module, 1);
    let answers = vec![
        Answer {
            question_id: "intro/1".into(),
            chosen: vec![0],
        },
        Answer {
            question_id: "intro/2".into(),
            chosen: vec![0, 1],
        },
        Answer {
            question_id: "intro/3".into(),
            chosen: vec![0],
        },
    ];
    let score = quiz::score(&module, &asked, &answers, 80);
    assert_eq!(
        (score.correct, score.total, score.percent, score.passed),
        (2, 4, 50, false)
    );
    let all_right = vec![
        Answer {
            question_id: "intro/1".into(),
            chosen: vec![0],
        },
        Answer {
            question_id: "intro/2".into(),
            chosen: vec![0, 1],
        },
        Answer {
            question_id: "intro/3".into(),
            chosen: vec![1],
        },
        Answer {
            question_id: "intro/4".into(),
            chosen: vec![1],
        },
    ];
    let score = quiz::score(&module, &asked, &all_right, 80);
    assert_eq!((score.percent, score.passed), (100, true));
}

#[test]
fn options_are_shuffled_per_seed_but_every_option_is_still_offered() {
    let mut module = intro();
    module.questions_per_attempt = 4;
    let mut orders = std::collections::HashSet::new();
    for seed in 0..20 {
        for drawn in quiz::draw(&module, seed) {
            if drawn.question_id == "intro/2" {
                let mut sorted = drawn.option_order.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, [0, 1, 2]);
                orders.insert(drawn.option_order);
            }
        }
    }
    assert!(orders.len() > 1, "the options were never reordered");
}

#[test]
fn a_single_answer_is_right_only_with_the_one_right_option() {
    let module = intro();
    let question = &module.questions[0];
    assert!(quiz::is_right(question, &[0]));
    assert!(!quiz::is_right(question, &[1]));
    assert!(!quiz::is_right(question, &[0, 1]));
    assert!(!quiz::is_right(question, &[]));
}
