//! Presenting to a room, without a display: the deck built from the course,
//! every clicker key, the typed slide number, the overview, the safe pause,
//! the knowledge check and its reveal, the sign-in kiosk's keys, and what
//! the audience window is (and is not) given.

mod common;

use std::path::Path;

use jiff::Timestamp;
use signpost::course::{self, Course};
use signpost::present::audience::audience_deck;
use signpost::present::deck::At;
use signpost::present::pause::pause_screen;
use signpost::present::room::Window::{Audience, Speaker};
use signpost::present::{self, Deck, Outcome, PresentError, Presentation, RoomMode, RoomStep};
use signpost::records::sessions;
use uuid::Uuid;

fn course() -> Course {
    course::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/present/room"))
        .unwrap()
}

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap()
}

fn presenting(session: bool) -> Presentation {
    let deck = Deck::build(&course(), &[]).unwrap();
    Presentation::new(deck, session.then(Uuid::new_v4), now())
}

fn at(module: u32, stop: u32) -> At {
    At { module, stop }
}

fn press(p: &mut Presentation, keys: &[&str]) {
    for key in keys {
        p.press(key, Speaker, now());
    }
}

#[test]
fn the_fixture_course_loads_without_errors() {
    let c = course();
    assert!(c.broken.is_empty(), "{:?}", c.broken);
    assert_eq!(c.modules.len(), 3);
    assert!(c.modules[2].slides.is_empty() && c.modules[2].questions.is_empty());
}

#[test]
fn the_deck_keeps_the_course_order_whatever_order_modules_are_chosen_in() {
    let deck = Deck::build(&course(), &["second".into(), "first".into()]).unwrap();
    let ids: Vec<&str> = deck.modules.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["first", "second"]);
}

#[test]
fn choosing_a_module_the_course_does_not_have_is_refused_by_name() {
    let err = Deck::build(&course(), &["nope".into()]).unwrap_err();
    assert!(matches!(err, PresentError::UnknownModule { id } if id == "nope"));
}

#[test]
fn each_module_has_its_slides_then_its_questions_and_an_empty_module_one_card() {
    let deck = Deck::build(&course(), &[]).unwrap();
    assert_eq!(deck.stops(0), 4 + 2);
    assert_eq!(deck.stops(1), 2 + 2);
    assert_eq!(deck.stops(2), 1);
}

#[test]
fn every_next_key_a_clicker_sends_moves_on_one_stop() {
    for key in ["ArrowRight", "ArrowDown", " ", "PageDown", "Enter"] {
        let mut p = presenting(false);
        assert_eq!(p.press(key, Audience, now()), Outcome::Changed, "{key:?}");
        assert_eq!(p.at(), at(0, 1), "{key:?}");
    }
}

#[test]
fn every_previous_key_a_clicker_sends_moves_back_one_stop() {
    for key in ["ArrowLeft", "ArrowUp", "PageUp", "Backspace"] {
        let mut p = presenting(false);
        press(&mut p, &["ArrowRight", "ArrowRight"]);
        assert_eq!(p.press(key, Audience, now()), Outcome::Changed, "{key:?}");
        assert_eq!(p.at(), at(0, 1), "{key:?}");
    }
}

#[test]
fn previous_on_the_first_slide_and_next_on_the_last_stop_change_nothing() {
    let mut p = presenting(false);
    assert_eq!(p.press("ArrowLeft", Speaker, now()), Outcome::Unchanged);
    let stops = 6 + 4 + 1;
    for _ in 0..stops + 5 {
        p.press("ArrowRight", Speaker, now());
    }
    assert_eq!(p.at(), at(2, 0));
    assert_eq!(p.view().next, None);
}

#[test]
fn next_after_a_modules_last_question_starts_the_next_module_and_its_clock() {
    let mut p = presenting(false);
    let later = Timestamp::from_second(1_800_000_600).unwrap();
    for _ in 0..5 {
        p.press("ArrowRight", Speaker, now());
    }
    assert_eq!(p.at(), at(0, 5));
    p.press("ArrowRight", Speaker, later);
    assert_eq!(p.at(), at(1, 0));
    assert_eq!(p.view().module_started_at, later);
    assert_eq!(p.view().started_at, now());
    p.press("ArrowLeft", Speaker, later);
    assert_eq!(p.at(), at(0, 5), "back crosses to the last question");
}

#[test]
fn home_and_end_go_to_the_first_and_last_slide_of_the_module() {
    let mut p = presenting(false);
    press(&mut p, &["End"]);
    assert_eq!(p.at(), at(0, 3));
    press(&mut p, &["Home"]);
    assert_eq!(p.at(), at(0, 0));
}

#[test]
fn a_number_then_enter_jumps_to_that_slide_of_the_module() {
    let mut p = presenting(false);
    press(&mut p, &["3"]);
    assert_eq!(p.view().typed, "3");
    assert_eq!(p.at(), at(0, 0), "a digit alone does not move");
    press(&mut p, &["Enter"]);
    assert_eq!(p.at(), at(0, 2));
    assert_eq!(p.view().typed, "");
}

#[test]
fn a_number_the_module_does_not_have_leaves_the_room_where_it_is_and_says_so() {
    let mut p = presenting(false);
    press(&mut p, &["ArrowRight", "9", "9", "Enter"]);
    assert_eq!(p.at(), at(0, 1));
    assert_eq!(
        p.view().no_stop,
        Some(99),
        "the speaker view can say there is no 99"
    );
    press(&mut p, &["0", "Enter"]);
    assert_eq!(p.at(), at(0, 1));
    assert_eq!(p.view().no_stop, Some(0));
    assert_eq!(p.press("ArrowRight", Speaker, now()), Outcome::Changed);
    assert_eq!((p.at(), p.view().no_stop), (at(0, 2), None));
}

#[test]
fn numbers_go_on_past_the_slides_to_the_questions_as_the_room_s_counter_counts() {
    let mut p = presenting(false);
    let slides = p.deck().slides(0);
    let stops = p.deck().stops(0);
    assert!(stops > slides, "the fixture module has questions");
    press(&mut p, &[&(slides + 1).to_string(), "Enter"]);
    assert_eq!(p.at(), at(0, slides), "the first question");
    press(&mut p, &[&stops.to_string(), "Enter"]);
    assert_eq!(p.at(), at(0, stops - 1), "the last question");
}

#[test]
fn backspace_corrects_a_typed_number_before_it_moves_back() {
    let mut p = presenting(false);
    press(&mut p, &["ArrowRight", "ArrowRight", "4", "Backspace"]);
    assert_eq!(p.at(), at(0, 2));
    assert_eq!(p.view().typed, "");
    press(&mut p, &["Backspace"]);
    assert_eq!(p.at(), at(0, 1));
}

#[test]
fn the_overview_opens_on_the_current_stop_moves_by_row_and_picks_with_enter() {
    for key in ["g", "G", "o", "O"] {
        let mut p = presenting(false);
        press(&mut p, &["ArrowRight", key]);
        assert_eq!(p.mode(), RoomMode::Overview, "{key:?}");
        assert_eq!(p.view().cursor, 1);
        press(&mut p, &["ArrowDown"]);
        assert_eq!(p.view().cursor, 5);
        assert_eq!(p.at(), at(0, 1), "moving the cursor does not move the room");
        press(&mut p, &["ArrowLeft", "Enter"]);
        assert_eq!((p.mode(), p.at()), (RoomMode::Slides, at(0, 4)));
    }
}

#[test]
fn escape_leaves_the_overview_first_and_then_ends_presenting() {
    let mut p = presenting(false);
    press(&mut p, &["g", "ArrowRight"]);
    assert_eq!(p.press("Escape", Speaker, now()), Outcome::Changed);
    assert_eq!((p.mode(), p.at()), (RoomMode::Slides, at(0, 0)));
    assert_eq!(p.press("Escape", Speaker, now()), Outcome::End);
}

#[test]
fn f_asks_for_full_screen_without_changing_the_room() {
    let mut p = presenting(false);
    let before = p.view();
    assert_eq!(p.press("f", Audience, now()), Outcome::ToggleFullscreen);
    assert_eq!(p.view(), before);
}

#[test]
fn the_safe_pause_comes_from_b_or_a_full_stop_and_any_key_returns_to_the_same_slide() {
    for (pause, back) in [("b", "ArrowRight"), (".", "x"), ("B", "Escape")] {
        let mut p = presenting(false);
        press(&mut p, &["ArrowRight", "ArrowRight", pause]);
        assert_eq!(p.mode(), RoomMode::Paused);
        assert_eq!(
            p.press("Shift", Audience, now()),
            Outcome::Unchanged,
            "a modifier alone is not a key"
        );
        assert_eq!(p.press(back, Audience, now()), Outcome::Changed);
        assert_eq!((p.mode(), p.at()), (RoomMode::Slides, at(0, 2)), "{back:?}");
    }
}

#[test]
fn k_starts_the_modules_knowledge_check_at_its_first_question() {
    let mut p = presenting(false);
    press(&mut p, &["k"]);
    assert_eq!(p.at(), at(0, 4));
    let mut empty = presenting(false);
    press(
        &mut empty,
        &[
            "End",
            "ArrowRight",
            "ArrowRight",
            "ArrowRight",
            "ArrowRight",
            "ArrowRight",
            "ArrowRight",
            "ArrowRight",
        ],
    );
    assert_eq!(empty.at(), at(2, 0));
    assert_eq!(
        empty.press("k", Speaker, now()),
        Outcome::Unchanged,
        "a module with no questions has no check"
    );
}

#[test]
fn the_right_answers_appear_in_the_view_only_after_the_reveal() {
    let mut p = presenting(false);
    press(&mut p, &["k"]);
    assert_eq!(p.view().reveal, None);
    assert_eq!(p.step(RoomStep::Reveal, now()), Outcome::Changed);
    let reveal = p.view().reveal.unwrap();
    assert_eq!(reveal.question_id, "first/1");
    assert_eq!(reveal.correct, [1]);
    assert!(!reveal.explanation.is_empty());
    press(&mut p, &["ArrowRight"]);
    assert_eq!(p.view().reveal, None, "the next question is not revealed");
    press(&mut p, &["r"]);
    assert_eq!(p.view().reveal.unwrap().correct, [0, 2]);
    press(&mut p, &["ArrowLeft"]);
    assert!(
        p.view().reveal.is_some(),
        "a question once revealed stays revealed"
    );
}

#[test]
fn revealing_on_a_slide_does_nothing() {
    let mut p = presenting(false);
    assert_eq!(p.press("r", Speaker, now()), Outcome::Unchanged);
}

#[test]
fn the_audience_copy_of_the_deck_has_no_right_answers_and_no_notes() {
    let c = course();
    let deck = Deck::build(&c, &[]).unwrap();
    let audience = audience_deck(&deck, pause_screen(&c), None, None);
    let json = serde_json::to_string(&audience).unwrap();
    assert!(
        !json.contains("correct"),
        "no correct flags reach the audience"
    );
    assert!(
        !json.contains("Anyone can report a concern"),
        "no explanations either"
    );
    assert!(!json.contains("fire exits"), "no speaker notes");
    assert_eq!(audience.modules[0].questions[0].options.len(), 3);
    let speaker = serde_json::to_string(&deck).unwrap();
    assert!(
        speaker.contains("\"correct\":true"),
        "the speaker's copy has them"
    );
}

#[test]
fn the_next_stop_is_in_the_view_so_the_speaker_can_warn_of_its_content_warning() {
    let mut p = presenting(false);
    press(&mut p, &["3", "Enter"]);
    let next = p.view().next.unwrap();
    assert_eq!(next, at(0, 3));
    let warning = p.deck().modules[0].slides[next.stop as usize]
        .content_warning
        .clone();
    assert_eq!(
        warning.as_deref(),
        Some("This slide describes violence against a worker.")
    );
}

#[test]
fn the_kiosk_opens_only_for_a_session_and_ignores_the_audience_windows_typing() {
    let mut without = presenting(false);
    assert_eq!(without.press("l", Speaker, now()), Outcome::Unchanged);
    assert!(!without.view().has_session);

    let mut p = presenting(true);
    press(&mut p, &["ArrowRight", "l"]);
    assert_eq!(p.mode(), RoomMode::Kiosk);
    for key in ["S", "a", "m", "Enter", "Escape", "ArrowRight", "b"] {
        assert_eq!(p.press(key, Audience, now()), Outcome::Unchanged, "{key:?}");
    }
    assert_eq!(p.mode(), RoomMode::Kiosk);
    assert_eq!(p.press("Escape", Speaker, now()), Outcome::Changed);
    assert_eq!(
        (p.mode(), p.at()),
        (RoomMode::Slides, at(0, 1)),
        "back to the same slide"
    );
}

#[test]
fn a_session_closed_while_presenting_ends_the_kiosk_and_latecomers_cannot_sign_in() {
    let mut p = presenting(true);
    press(&mut p, &["ArrowRight", "l"]);
    assert_eq!(p.mode(), RoomMode::Kiosk);
    let version = p.view().version;

    assert_eq!(p.close_sign_in(), Outcome::Changed);
    let view = p.view();
    assert_eq!((view.mode, view.at), (RoomMode::Slides, at(0, 1)));
    assert!(view.has_session, "the room's answers are still kept");
    assert!(!view.sign_in_open);
    assert_eq!(view.version, version + 1);

    assert_eq!(p.press("l", Speaker, now()), Outcome::Unchanged);
    assert_eq!(p.step(RoomStep::Kiosk, now()), Outcome::Unchanged);
    assert_eq!(p.mode(), RoomMode::Slides);
    assert_eq!(p.close_sign_in(), Outcome::Unchanged, "closed once");
}

#[test]
fn presenting_a_session_already_closed_keeps_its_answers_but_offers_no_sign_in() {
    let (_dir, mut store) = common::store();
    let session = common::session(&mut store);
    let closed = sessions::close(&mut store, session.id).unwrap();
    let open = present::prepare(&course(), &[], Some(session), now()).unwrap();
    assert!(open.presentation.view().sign_in_open);
    let mut p = present::prepare(&course(), &[], Some(closed), now())
        .unwrap()
        .presentation;
    let view = p.view();
    assert!(view.has_session && !view.sign_in_open);
    assert_eq!(p.press("l", Speaker, now()), Outcome::Unchanged);
}

#[test]
fn every_change_raises_the_version_and_a_key_that_does_nothing_does_not() {
    let mut p = presenting(false);
    let v = p.view().version;
    press(&mut p, &["ArrowRight"]);
    assert_eq!(p.view().version, v + 1);
    press(&mut p, &["z"]);
    assert_eq!(p.view().version, v + 1);
}

#[test]
fn the_pause_screen_lists_the_organisations_contacts_and_the_helpline_once() {
    let pause = pause_screen(&course());
    assert_eq!(pause.organisation, "Northshire Partnership");
    assert_eq!(pause.helpline.number, "08000 121 700");
    let names: Vec<&str> = pause.contacts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Police emergency", "Northshire victim service"]);
}
