//! The self-paced path (issue 11): learners start and continue without ever
//! seeing anyone else; quizzes are drawn, marked with feedback, resumed and
//! recorded with everything needed to show and re-mark them; the place in a
//! module and the course's completion survive reopening the database.

mod common;

use std::collections::HashSet;
use std::path::PathBuf;

use signpost::course::{self, Course, QuestionKind};
use signpost::learning::{self, LearningError, Stage};
use signpost::quiz::{self, Score};
use signpost::records::learners::{self, LearnerDetails};
use signpost::records::{RecordsError, Store, attempts, erase, search};

fn fixture() -> Course {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/learning/two-modules");
    course::load(&dir).expect("the fixture course loads")
}

fn details(name: &str, key: &str) -> LearnerDetails {
    LearnerDetails {
        name: name.into(),
        team: "Housing".into(),
        key: key.into(),
    }
}

/// The right options of a question, by its own indexes.
fn right(course: &Course, question_id: &str) -> Vec<u32> {
    let q = course
        .modules
        .iter()
        .flat_map(|m| &m.questions)
        .find(|q| q.id == question_id)
        .unwrap();
    (0..q.options.len() as u32)
        .filter(|&i| q.options[i as usize].correct)
        .collect()
}

/// A wrong answer that still fits the question (one option).
fn wrong(course: &Course, question_id: &str) -> Vec<u32> {
    let r = right(course, question_id);
    let n = course
        .modules
        .iter()
        .flat_map(|m| &m.questions)
        .find(|q| q.id == question_id)
        .unwrap()
        .options
        .len() as u32;
    vec![(0..n).find(|i| !r.contains(i)).unwrap()]
}

fn start(store: &mut Store, name: &str) -> uuid::Uuid {
    learners::start(store, &details(name, ""))
        .unwrap()
        .person_id
}

/// Answers every question of the quiz under way, right unless `wrong_first`.
fn answer_all(
    store: &mut Store,
    course: &Course,
    person: uuid::Uuid,
    module: &str,
    wrong_first: bool,
) -> learning::QuizResult {
    let quiz = learning::start_quiz(store, course, person, module).unwrap();
    for (i, q) in quiz.questions.iter().enumerate() {
        let chosen = if wrong_first && i == 0 {
            wrong(course, &q.id)
        } else {
            right(course, &q.id)
        };
        learning::answer(store, course, person, quiz.attempt_id, &q.id, &chosen).unwrap();
    }
    learning::finish_quiz(store, course, person, quiz.attempt_id).unwrap()
}

#[test]
fn every_kind_of_question_is_marked_right_only_with_exactly_the_right_options() {
    let course = fixture();
    let first = &course.modules[0];
    let kinds: Vec<QuestionKind> = first.questions.iter().map(|q| q.kind).collect();
    assert_eq!(
        kinds,
        [
            QuestionKind::Single,
            QuestionKind::AllThatApply,
            QuestionKind::TrueFalse,
            QuestionKind::Scenario
        ]
    );
    let [single, all, true_false, scenario] = [0, 1, 2, 3].map(|i| &first.questions[i]);
    assert!(quiz::is_right(single, &[0]));
    assert!(!quiz::is_right(single, &[1]));
    assert!(quiz::is_right(all, &[1, 0]));
    assert!(
        !quiz::is_right(all, &[0]),
        "a partial answer to all-that-apply is wrong"
    );
    assert!(
        !quiz::is_right(all, &[0, 1, 2]),
        "an extra option makes it wrong"
    );
    assert!(quiz::is_right(true_false, &[1]));
    assert!(!quiz::is_right(true_false, &[0]));
    assert!(quiz::is_right(scenario, &[1]));
    assert!(!quiz::is_right(scenario, &[0]));
}

#[test]
fn feedback_says_which_options_were_right_and_gives_the_explanation() {
    let course = fixture();
    let all = &course.modules[0].questions[1];
    let told = quiz::feedback(all, &[0]);
    assert!(!told.right);
    assert_eq!(told.chosen, [0]);
    assert_eq!(told.right_options, [0, 1]);
    assert!(!told.explanation.is_empty());
}

#[test]
fn a_learners_question_carries_no_right_answers_and_keeps_the_draws_order() {
    let course = fixture();
    let m = &course.modules[0];
    let drawn = quiz::draw(m, 5);
    for d in &drawn {
        let q = m.questions.iter().find(|q| q.id == d.question_id).unwrap();
        let shown = quiz::for_learner(q, d);
        let order: Vec<u32> = shown.options.iter().map(|o| o.index).collect();
        assert_eq!(order, d.option_order);
        let json = serde_json::to_string(&shown).unwrap();
        assert!(!json.contains("correct"), "{json}");
        assert!(!json.contains("explanation"), "{json}");
    }
}

#[test]
fn the_course_a_window_receives_has_no_question_pools() {
    let course = fixture();
    let json = serde_json::to_string(&quiz::without_questions(&course)).unwrap();
    assert!(
        !json.contains("\"correct\""),
        "no option's right flag leaves the library"
    );
    assert_eq!(
        quiz::without_questions(&course).modules.len(),
        course.modules.len()
    );
}

#[test]
fn seeded_draws_reach_every_question_and_every_position_and_repeat_for_the_same_seed() {
    let course = fixture();
    let m = &course.modules[0];
    let mut seen = HashSet::new();
    let mut first_options = HashSet::new();
    for seed in 0..200u64 {
        let drawn = quiz::draw(m, seed);
        assert_eq!(drawn.len(), 3);
        assert_eq!(drawn, quiz::draw(m, seed), "seed {seed} repeats");
        for d in &drawn {
            seen.insert(d.question_id.clone());
            if d.question_id == "first/1" {
                first_options.insert(d.option_order[0]);
            }
            if d.question_id == "first/3" {
                assert_eq!(d.option_order, [0, 1], "true or false keeps its order");
            }
        }
    }
    let all: HashSet<String> = m.questions.iter().map(|q| q.id.clone()).collect();
    assert_eq!(seen, all, "every question of the pool is reachable");
    assert_eq!(first_options.len(), 3, "every option can come first");
}

#[test]
fn scores_round_down_and_recording_keeps_the_score_it_is_given() {
    let two_of_three = Score::of(2, 3, 66);
    assert_eq!((two_of_three.percent, two_of_three.passed), (66, true));
    let just_under = Score::of(79, 100, 80);
    assert!(!just_under.passed, "79 never passes an 80 mark");
    assert_eq!(
        Score::of(u32::MAX, u32::MAX, 80).percent,
        100,
        "no overflow"
    );
    let (_dir, mut store) = common::store();
    let person = start(&mut store, "Ann");
    let now = jiff::Timestamp::now();
    let attempt = attempts::record(
        &mut store,
        &attempts::NewAttempt {
            person_id: person,
            session_id: None,
            module_id: "first".into(),
            course_title: "Course".into(),
            course_version: "1".into(),
            score: two_of_three,
            seed: Some(u64::MAX),
            answers: Vec::new(),
            started_at: now,
            finished_at: now,
        },
    )
    .unwrap();
    assert_eq!(
        (attempt.percent, attempt.passed),
        (66, true),
        "not re-rounded to 67"
    );
    assert_eq!(attempt.seed, Some(u64::MAX));
    assert_eq!(attempts::for_person(&store, person).unwrap()[0], attempt);
}

#[test]
fn a_name_that_is_empty_or_only_spaces_is_refused() {
    let (_dir, mut store) = common::store();
    for name in ["", "   ", "\t\n"] {
        let err = learners::start(&mut store, &details(name, "")).unwrap_err();
        assert!(
            matches!(err, RecordsError::Invalid { field: "name", .. }),
            "{err}"
        );
    }
}

#[test]
fn names_in_any_script_are_stored_exactly_and_found_again() {
    let (_dir, mut store) = common::store();
    let names = [
        "مريم الحسيني",
        "王小明",
        "Ольга Петрова",
        "Γιώργος Παπαδόπουλος",
        "דוד כהן",
        "अनीता शर्मा",
        "Zażółć Gęślą",
        "Sam 🌟",
    ];
    for (i, name) in names.iter().enumerate() {
        let key = format!("S{i:04}");
        let started = learners::start(&mut store, &details(name, &key)).unwrap();
        assert_eq!(started.name, *name);
        assert!(started.new);
        let found = learners::find(&store, name, &key).unwrap();
        assert_eq!(
            (found.person_id, found.name.as_str()),
            (started.person_id, *name)
        );
    }
}

#[test]
fn namesakes_in_one_team_with_different_staff_numbers_are_two_learners_each_with_their_own_record()
{
    let (_dir, mut store) = common::store();
    let first = learners::start(&mut store, &details("Sam Lee", "123")).unwrap();
    let second = learners::start(&mut store, &details("Sam Lee", "456")).unwrap();
    assert!(second.new, "the second Sam Lee is someone else");
    assert_ne!(first.person_id, second.person_id);
    for (number, learner) in [("123", &first), ("456", &second)] {
        assert_eq!(
            learners::find(&store, "Sam Lee", number).unwrap().person_id,
            learner.person_id
        );
    }
    let again = learners::start(&mut store, &details("sam lee", "456")).unwrap();
    assert_eq!((again.person_id, again.new), (second.person_id, false));
}

#[test]
fn someone_already_on_a_register_who_starts_with_a_staff_number_is_found_by_it_again() {
    use signpost::records::attendance;
    let (_dir, mut store) = common::store();
    let s = common::session(&mut store);
    let start = common::start(&s);
    let mut signed = common::person("Sam Lee");
    signed.organisation = "Housing".into();
    let on_register = attendance::sign_in_at(&mut store, s.id, &signed, &start)
        .unwrap()
        .person;
    let started = learners::start(&mut store, &details("Sam Lee", "E77")).unwrap();
    assert_eq!((started.person_id, started.new), (on_register.id, false));
    assert_eq!(
        learners::find(&store, "Sam Lee", "e77").unwrap().person_id,
        on_register.id
    );
}

#[test]
fn a_staff_number_that_a_record_bundle_would_refuse_is_refused_where_the_learner_types_it() {
    // Two spreadsheet cells pasted at once, a bidi override from copied
    // text, and a number that is nothing but an invisible space.
    for (typed, reason) in [
        ("E77\tHousing", "has a tab"),
        ("E\u{202E}77", "direction"),
        ("\u{200B}", "is needed"),
    ] {
        let (_dir, mut store) = common::store();
        match learners::start(&mut store, &details("Sam Lee", typed)) {
            Err(RecordsError::Invalid { field, reason: why }) => {
                assert_eq!(field, "staff number");
                assert!(why.contains(reason), "{typed:?}: {why}");
            }
            other => panic!("{typed:?} was not refused: {other:?}"),
        }
        let everyone = search::people(&store, &search::PersonFilter::default()).unwrap();
        assert!(everyone.is_empty(), "nobody was added");
    }
}

#[test]
fn a_staff_number_survives_a_merge_into_a_record_without_one() {
    use signpost::records::{duplicates, people};
    let (_dir, mut store) = common::store();
    let learner = learners::start(&mut store, &details("Sam Lee", "E9")).unwrap();
    let kept = people::add(&mut store, &common::person("Sam Lee")).unwrap();
    duplicates::merge(&mut store, kept.id, learner.person_id).unwrap();
    assert_eq!(
        people::get(&store, kept.id)
            .unwrap()
            .staff_number
            .as_deref(),
        Some("E9")
    );
    assert_eq!(
        learners::find(&store, "Sam Lee", "E9").unwrap().person_id,
        kept.id
    );
}

#[test]
fn a_learner_s_staff_number_is_in_the_quiz_results_export() {
    use signpost::export::{self, DateRange};
    use signpost::progress::Silent;
    let (dir, mut store) = common::store();
    let course = fixture();
    let person = learners::start(&mut store, &details("Sam Lee", "E77"))
        .unwrap()
        .person_id;
    answer_all(&mut store, &course, person, "first", true);
    let path = dir.path().join("results.csv");
    export::csv::export_results(&mut store, DateRange::default(), &path, &Silent).unwrap();
    let csv = std::fs::read_to_string(&path).unwrap();
    let mut lines = csv.lines();
    let headings: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = headings.iter().position(|h| *h == "Staff number").unwrap();
    let attempt = lines.next().unwrap();
    assert_eq!(attempt.split(',').nth(at), Some("E77"), "{csv}");
}

#[test]
fn a_returning_learner_is_found_whatever_the_case_spacing_or_composition_of_their_name() {
    let (_dir, mut store) = common::store();
    let emile = learners::start(&mut store, &details("Émile Łukasiewicz", "E1")).unwrap();
    let ola = learners::start(&mut store, &details("Ольга Петрова", "olga@example.org")).unwrap();
    for (typed, key, id) in [
        ("émile   łukasiewicz", "E1", emile.person_id),
        ("E\u{301}MILE ŁUKASIEWICZ", "E1", emile.person_id),
        ("ольга петрова", "OLGA@example.org", ola.person_id),
    ] {
        assert_eq!(
            learners::find(&store, typed, key).unwrap().person_id,
            id,
            "{typed}"
        );
    }
}

#[test]
fn a_returning_learner_is_found_by_name_with_their_email_staff_number_or_team_and_nothing_else() {
    let (_dir, mut store) = common::store();
    let by_email = learners::start(&mut store, &details("Ann Smith", "ann@example.org")).unwrap();
    let by_number = learners::start(&mut store, &details("Bo Li", "E1234")).unwrap();
    let by_team = learners::start(&mut store, &details("Cy Jones", "")).unwrap();
    assert_eq!(
        learners::find(&store, " ann smith ", "ANN@example.org")
            .unwrap()
            .person_id,
        by_email.person_id
    );
    assert_eq!(
        learners::find(&store, "Bo Li", "E1234").unwrap().person_id,
        by_number.person_id
    );
    assert_eq!(
        learners::find(&store, "Cy Jones", "housing")
            .unwrap()
            .person_id,
        by_team.person_id
    );
    for (name, key) in [
        ("Ann Smith", "E1234"),
        ("Bo Li", "housing"),
        ("Nobody", "ann@example.org"),
    ] {
        assert!(
            matches!(
                learners::find(&store, name, key),
                Err(RecordsError::NoLearner)
            ),
            "{name}/{key}"
        );
    }
    let again = learners::start(&mut store, &details("Bo Li", "E1234")).unwrap();
    assert_eq!(
        (again.person_id, again.new),
        (by_number.person_id, false),
        "starting again finds them"
    );
}

#[test]
fn the_place_in_a_module_is_where_a_returning_learner_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let course = fixture();
    let person = {
        let mut store = Store::open_in(dir.path()).unwrap();
        let person = start(&mut store, "Ann");
        let fresh = learning::overview(&store, &course, person).unwrap();
        assert_eq!(fresh.resume, None);
        assert!(fresh.modules.iter().all(|m| m.stage == Stage::NotStarted));
        learning::save_place(&mut store, &course, person, "first", 1).unwrap();
        learning::save_place(&mut store, &course, person, "first", 2).unwrap();
        person
    };
    let store = Store::open_in(dir.path()).unwrap();
    let back = learning::overview(&store, &course, person).unwrap();
    let resume = back.resume.unwrap();
    assert_eq!(
        (resume.module_id.as_str(), resume.slide, resume.at_quiz),
        ("first", 2, false)
    );
    assert_eq!(
        (
            back.modules[0].stage,
            back.modules[0].slide,
            back.modules[0].slides
        ),
        (Stage::Reading, 2, 3)
    );
}

#[test]
fn a_place_beyond_the_module_is_refused() {
    let (_dir, mut store) = common::store();
    let course = fixture();
    let person = start(&mut store, "Ann");
    let err = learning::save_place(&mut store, &course, person, "first", 4).unwrap_err();
    assert!(matches!(err, LearningError::NoSlide { .. }), "{err}");
}

#[test]
fn an_interrupted_quiz_resumes_with_the_same_questions_order_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let course = fixture();
    let (person, begun) = {
        let mut store = Store::open_in(dir.path()).unwrap();
        let person = start(&mut store, "Ann");
        let quiz = learning::start_quiz(&mut store, &course, person, "first").unwrap();
        let q = &quiz.questions[0];
        learning::answer(
            &mut store,
            &course,
            person,
            quiz.attempt_id,
            &q.id,
            &right(&course, &q.id),
        )
        .unwrap();
        (person, quiz)
    };
    let mut store = Store::open_in(dir.path()).unwrap();
    let overview = learning::overview(&store, &course, person).unwrap();
    assert_eq!(overview.modules[0].stage, Stage::QuizUnderWay);
    assert_eq!(overview.modules[0].answered, 1);
    assert!(overview.resume.unwrap().at_quiz);
    let again = learning::start_quiz(&mut store, &course, person, "first").unwrap();
    assert_eq!(again.attempt_id, begun.attempt_id);
    assert_eq!(
        again.questions, begun.questions,
        "same questions, same option order"
    );
    assert_eq!(again.answered.len(), 1);
    assert!(again.answered[0].right);
}

#[test]
fn an_answer_once_given_stands_and_a_bad_answer_is_refused() {
    let (_dir, mut store) = common::store();
    let course = fixture();
    let person = start(&mut store, "Ann");
    let quiz = learning::start_quiz(&mut store, &course, person, "first").unwrap();
    let q = &quiz.questions[0];
    let first = learning::answer(
        &mut store,
        &course,
        person,
        quiz.attempt_id,
        &q.id,
        &wrong(&course, &q.id),
    )
    .unwrap();
    assert!(!first.right);
    let second = learning::answer(
        &mut store,
        &course,
        person,
        quiz.attempt_id,
        &q.id,
        &right(&course, &q.id),
    )
    .unwrap();
    assert_eq!(second, first, "the first answer stands");
    let other = &quiz.questions[1];
    for chosen in [vec![], vec![9]] {
        let err = learning::answer(
            &mut store,
            &course,
            person,
            quiz.attempt_id,
            &other.id,
            &chosen,
        )
        .unwrap_err();
        assert!(matches!(err, LearningError::BadAnswer { .. }), "{err}");
    }
    let err = learning::finish_quiz(&mut store, &course, person, quiz.attempt_id).unwrap_err();
    assert!(
        matches!(err, LearningError::Unanswered { left: 2 }),
        "{err}"
    );
    let someone_else = start(&mut store, "Bo");
    let err = learning::answer(
        &mut store,
        &course,
        someone_else,
        quiz.attempt_id,
        &other.id,
        &[0],
    )
    .unwrap_err();
    assert!(matches!(err, LearningError::NotYours), "{err}");
}

#[test]
fn a_failed_quiz_is_retried_with_a_fresh_draw_and_a_pass_finishes_the_module() {
    let (_dir, mut store) = common::store();
    let course = fixture();
    let person = start(&mut store, "Ann");
    let failed = answer_all(&mut store, &course, person, "first", true);
    assert_eq!(
        (
            failed.score.correct,
            failed.score.total,
            failed.score.percent
        ),
        (2, 3, 66)
    );
    assert!(!failed.score.passed);
    assert_eq!(
        learning::overview(&store, &course, person).unwrap().modules[0].stage,
        Stage::NotPassed
    );
    let first_draw = attempts::answers(&store, failed.attempt.id).unwrap();
    let retry = learning::start_quiz(&mut store, &course, person, "first").unwrap();
    let retry_draw: Vec<(String, Vec<u32>)> = retry
        .questions
        .iter()
        .map(|q| (q.id.clone(), q.options.iter().map(|o| o.index).collect()))
        .collect();
    let before: Vec<(String, Vec<u32>)> = first_draw
        .iter()
        .map(|a| (a.question_id.clone(), a.option_order.clone()))
        .collect();
    assert_ne!(retry_draw, before, "a retry asks a fresh draw");
    assert!(retry.answered.is_empty());
    let passed = answer_all(&mut store, &course, person, "first", false);
    assert!(passed.score.passed);
    assert_eq!(passed.completed, None, "the second module is still to do");
    let now = learning::overview(&store, &course, person).unwrap();
    assert_eq!(now.modules[0].stage, Stage::Passed);
    assert_eq!(now.modules[0].best.as_ref().unwrap().percent, 100);
    assert_eq!(now.modules[0].attempts, 2);
    assert_eq!(
        now.resume, None,
        "after a finished quiz the learner lands on their modules"
    );
}

#[test]
fn an_attempt_is_recorded_with_its_draw_and_answers_and_re_marks_the_same() {
    let (_dir, mut store) = common::store();
    let course = fixture();
    let person = start(&mut store, "Ann");
    let result = answer_all(&mut store, &course, person, "first", true);
    let attempt = &result.attempt;
    assert_eq!(
        (
            attempt.course_title.as_str(),
            attempt.course_version.as_str()
        ),
        ("Learning fixture course", "3.1")
    );
    let seed = attempt.seed.expect("the seed is kept");
    let answers = attempts::answers(&store, attempt.id).unwrap();
    let drawn = quiz::draw(&course.modules[0], seed);
    assert_eq!(answers.len(), drawn.len());
    for (a, d) in answers.iter().zip(&drawn) {
        assert_eq!(
            (&a.question_id, &a.option_order),
            (&d.question_id, &d.option_order),
            "the seed repeats the draw"
        );
        assert_eq!(
            a.right,
            quiz::is_right(
                course.modules[0]
                    .questions
                    .iter()
                    .find(|q| q.id == a.question_id)
                    .unwrap(),
                &a.chosen
            )
        );
        assert!(a.answered_at.is_some());
    }
    assert_eq!(
        learning::remark(&store, &course, attempt).unwrap(),
        result.score
    );
}

#[test]
fn passing_every_module_completes_the_course_once() {
    let (_dir, mut store) = common::store();
    let course = fixture();
    let person = start(&mut store, "Ann");
    answer_all(&mut store, &course, person, "first", false);
    let last = answer_all(&mut store, &course, person, "second", false);
    let completed = last.completed.expect("the course is complete");
    assert_eq!(
        (
            completed.course_title.as_str(),
            completed.course_version.as_str()
        ),
        ("Learning fixture course", "3.1")
    );
    answer_all(&mut store, &course, person, "second", false);
    let overview = learning::overview(&store, &course, person).unwrap();
    assert_eq!(
        overview.completed,
        Some(completed.clone()),
        "the first completion stands"
    );
    let history = search::person_history(&store, person).unwrap();
    assert_eq!(history.completions, [completed]);
    assert_eq!(history.attempts.len(), 3);
}

fn edited(course: &Course, change: impl FnOnce(&mut course::Module)) -> Course {
    let mut course = course.clone();
    change(&mut course.modules[0]);
    course
}

#[test]
fn a_module_edited_after_an_attempt_began_is_reported_and_a_fresh_attempt_offered() {
    let (_dir, mut store) = common::store();
    let course = fixture();
    let person = start(&mut store, "Ann");
    let quiz = learning::start_quiz(&mut store, &course, person, "first").unwrap();
    let asked = quiz.questions[0].id.clone();
    learning::answer(
        &mut store,
        &course,
        person,
        quiz.attempt_id,
        &asked,
        &right(&course, &asked),
    )
    .unwrap();
    let changed = edited(&course, |m| {
        let q = m.questions.iter_mut().find(|q| q.id == asked).unwrap();
        q.prompt[0].text.push_str(" (reworded)");
    });
    let removed = edited(&course, |m| m.questions.retain(|q| q.id != asked));
    for later in [&changed, &removed] {
        let err = learning::start_quiz(&mut store, later, person, "first").unwrap_err();
        assert!(matches!(err, LearningError::CourseChanged { .. }), "{err}");
        assert_eq!(err.code(), "course_changed");
        let err = learning::finish_quiz(&mut store, later, person, quiz.attempt_id).unwrap_err();
        assert!(matches!(err, LearningError::CourseChanged { .. }), "{err}");
    }
    let fresh = learning::fresh_quiz(&mut store, &removed, person, "first").unwrap();
    assert_ne!(fresh.attempt_id, quiz.attempt_id);
    assert!(fresh.questions.iter().all(|q| q.id != asked));
}

#[test]
fn a_quiz_under_way_survives_the_database_failing_mid_quiz() {
    let dir = tempfile::tempdir().unwrap();
    let course = fixture();
    let mut store = Store::open_in(dir.path()).unwrap();
    let person = start(&mut store, "Ann");
    let quiz = learning::start_quiz(&mut store, &course, person, "first").unwrap();
    let q0 = &quiz.questions[0];
    learning::answer(
        &mut store,
        &course,
        person,
        quiz.attempt_id,
        &q0.id,
        &right(&course, &q0.id),
    )
    .unwrap();
    // Another program holds the write lock (past the store's busy wait):
    // the next answer cannot be saved.
    let blocker = rusqlite::Connection::open(dir.path().join("signpost.sqlite3")).unwrap();
    blocker
        .execute_batch("PRAGMA busy_timeout = 0; BEGIN IMMEDIATE;")
        .unwrap();
    let q1 = &quiz.questions[1];
    let err = learning::answer(
        &mut store,
        &course,
        person,
        quiz.attempt_id,
        &q1.id,
        &right(&course, &q1.id),
    )
    .unwrap_err();
    assert_eq!(err.code(), "database_error", "{err}");
    blocker.execute_batch("ROLLBACK;").unwrap();
    let again = learning::start_quiz(&mut store, &course, person, "first").unwrap();
    assert_eq!(again.answered.len(), 1, "the answer given before is kept");
    learning::answer(
        &mut store,
        &course,
        person,
        quiz.attempt_id,
        &q1.id,
        &right(&course, &q1.id),
    )
    .unwrap();
}

#[test]
fn erasing_a_learner_removes_their_answers_quizzes_under_way_and_completions() {
    let (_dir, mut store) = common::store();
    let course = fixture();
    let person = start(&mut store, "Ann");
    answer_all(&mut store, &course, person, "first", false);
    answer_all(&mut store, &course, person, "second", false);
    learning::start_quiz(&mut store, &course, person, "first").unwrap();
    let db = store.path().to_path_buf();
    erase::erase_person(&mut store, person, &signpost::progress::Silent).unwrap();
    let conn = rusqlite::Connection::open(db).unwrap();
    for table in [
        "quiz_answers",
        "quiz_open_attempts",
        "course_completions",
        "quiz_attempts",
        "people",
    ] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
}

#[test]
fn self_paced_attempts_answers_and_completions_reach_every_export() {
    use signpost::export::{self, DateRange, xapi};
    use signpost::progress::Silent;
    let (dir, mut store) = common::store();
    let course = fixture();
    let person = learners::start(&mut store, &details("Ольга Петрова", "olga@example.org"))
        .unwrap()
        .person_id;
    answer_all(&mut store, &course, person, "first", true);
    answer_all(&mut store, &course, person, "first", false);
    answer_all(&mut store, &course, person, "second", false);

    let statements = xapi::statements(&store, DateRange::default(), &Silent).unwrap();
    let verb_count = |verb: &str| {
        statements
            .iter()
            .filter(|s| s["verb"]["id"] == verb)
            .count()
    };
    assert_eq!(verb_count(xapi::VERB_ATTEMPTED), 3);
    assert_eq!(
        verb_count(xapi::VERB_ANSWERED),
        3 + 3 + 2,
        "one per question asked"
    );
    assert_eq!(
        (verb_count(xapi::VERB_FAILED), verb_count(xapi::VERB_PASSED)),
        (1, 2)
    );
    let course_done: Vec<_> = statements
        .iter()
        .filter(|s| {
            s["verb"]["id"] == xapi::VERB_COMPLETED
                && s["object"]["id"] == xapi::course_iri(&course.title)
        })
        .collect();
    assert_eq!(
        course_done.len(),
        1,
        "the course's completion is a statement"
    );
    let wrong_answer = statements
        .iter()
        .find(|s| s["verb"]["id"] == xapi::VERB_ANSWERED && s["result"]["success"] == false)
        .expect("the wrong answer is there");
    assert!(wrong_answer["result"]["response"].is_string());
    let failed = statements
        .iter()
        .find(|s| s["verb"]["id"] == xapi::VERB_FAILED)
        .unwrap();
    assert_eq!(failed["result"]["score"]["raw"], 2);
    assert_eq!(failed["result"]["score"]["max"], 3);
    assert!(
        failed["object"]["id"]
            .as_str()
            .unwrap()
            .starts_with(&xapi::course_iri(&course.title)),
        "the quiz sits under the course it was taken in"
    );
    let ids: Vec<String> = statements
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let again: Vec<String> = xapi::statements(&store, DateRange::default(), &Silent)
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, again, "statement ids are stable");
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "and unique"
    );
    assert!(
        !serde_json::to_string(&statements)
            .unwrap()
            .contains("olga@example.org")
    );

    let csv_path = dir.path().join("results.csv");
    let summary =
        export::csv::export_results(&mut store, DateRange::default(), &csv_path, &Silent).unwrap();
    assert_eq!(summary.count, 4, "three attempts and one completion");
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.contains("Ольга Петрова"));
    assert!(csv.contains("Course completed"));
    assert!(csv.contains("Learning fixture course"));

    let (mut book, _) =
        export::xlsx::build_workbook(&store, DateRange::default(), &Silent).unwrap();
    let xlsx_path = dir.path().join("records.xlsx");
    book.save(&xlsx_path).unwrap();
    use calamine::Reader;
    let mut read: calamine::Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    let completions = read.worksheet_range("Course completions").unwrap();
    let row = completions.rows().nth(1).expect("a completion row");
    assert_eq!(row[1], calamine::Data::String("Ольга Петрова".into()));
    let course_column = signpost::export::rows::COMPLETION_HEADINGS
        .iter()
        .position(|h| *h == "Course")
        .unwrap();
    assert_eq!(
        row[course_column],
        calamine::Data::String("Learning fixture course".into())
    );
    let results = read.worksheet_range("Quiz results").unwrap();
    assert_eq!(results.rows().count(), 4, "a heading and three attempts");
}

#[test]
fn a_course_completion_travels_in_the_record_bundle_with_its_learner() {
    use signpost::export::bundle;
    use signpost::records::completions::{self, CompletionRecord};
    let (dir, mut laptop) = common::store();
    let person = start(&mut laptop, "Zoë Łukasiewicz");
    let done = completions::record(
        &mut laptop,
        &CompletionRecord {
            person_id: person,
            course_title: "Course".into(),
            course_version: "2026.1".into(),
            completed_at: jiff::Timestamp::now(),
        },
    )
    .unwrap();
    let file = dir.path().join("records.json");
    bundle::export_bundle(&mut laptop, &file).unwrap();

    let (_office_dir, mut office) = common::store();
    let import = |office: &mut Store| {
        bundle::import_bundle_file(
            office,
            &file,
            &bundle::ImportOptions::import(),
            &signpost::progress::Silent,
        )
        .unwrap()
    };
    let report = import(&mut office);
    assert_eq!(report.added.completions, 1, "{report:?}");
    assert_eq!(
        completions::for_person(&office, person).unwrap(),
        vec![done]
    );
    let again = import(&mut office);
    assert_eq!(
        (again.added.completions, again.already_present.completions),
        (0, 1)
    );
}
