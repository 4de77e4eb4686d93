//! The printed handbook of the shipped course, read back with poppler: its
//! contents page tells the truth, the trainer's edition holds what the
//! learner's must not, and the file is the same every time.

mod poppler;

use signpost::pdf::handbook::{self, Edition, HandbookSummary as Written};
use signpost::progress::Silent;
use std::path::Path;

fn course() -> signpost::course::Course {
    signpost::course::load(Path::new("modules")).unwrap()
}

fn make(edition: Edition) -> (Vec<u8>, Written) {
    handbook::make(
        &course(),
        Path::new("modules"),
        edition,
        "2026-03-04T12:00:00Z".parse().unwrap(),
        &Silent,
    )
    .unwrap()
}

#[test]
fn the_contents_page_numbers_are_the_pages_where_the_modules_start() {
    let (bytes, written) = make(Edition::Learner);
    let course = course();
    let contents = poppler::page_layout(&bytes, 2);
    for (i, module) in course.modules.iter().enumerate() {
        let start = written.module_pages[i];
        let line = contents
            .lines()
            .find(|l| l.contains(&module.title))
            .unwrap_or_else(|| panic!("{} is in the contents:\n{contents}", module.title));
        let listed: u32 = line
            .split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a page number ends {line:?}"));
        assert_eq!(listed, start, "contents line {line:?}");
        let page = poppler::page(&bytes, start);
        assert!(
            page.contains(&format!("MODULE {}", i + 1)) && page.contains(&module.title),
            "page {start} starts module {}:\n{page}",
            i + 1
        );
    }
}

#[test]
fn the_page_count_is_what_was_reported_and_every_page_after_the_cover_is_numbered() {
    let (bytes, written) = make(Edition::Learner);
    let pages = poppler::pages(&bytes);
    assert_eq!(pages, written.pages);
    assert!(
        pages > 10,
        "the whole course takes more than ten pages: {pages}"
    );
    for page in [2, pages / 2, pages] {
        let text = poppler::page_layout(&bytes, page);
        let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
        assert!(
            last.trim_end().ends_with(&page.to_string()),
            "footer of page {page}: {last:?}"
        );
    }
}

#[test]
fn the_trainer_edition_holds_the_notes_and_answer_key_and_the_learner_edition_does_not() {
    let course = course();
    let notes = match &course.modules[1].slides[0].notes[0] {
        signpost::course::Block::Paragraph { spans } => spans[0].text.clone(),
        other => panic!("{other:?}"),
    };
    let phrase: String = notes
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    let learner = poppler::text(&make(Edition::Learner).0).replace('\n', " ");
    let trainer = poppler::text(&make(Edition::Trainer).0).replace('\n', " ");
    assert!(
        trainer.contains(&phrase),
        "trainer edition has the notes {phrase:?}"
    );
    assert!(!learner.contains(&phrase), "learner edition has no notes");
    for marker in ["Answer key", "SPEAKER NOTES", "Why: "] {
        assert!(trainer.contains(marker), "trainer edition has {marker:?}");
        assert!(
            !learner.contains(marker),
            "learner edition lacks {marker:?}"
        );
    }
}

#[test]
fn every_font_in_the_handbook_is_embedded_and_subset() {
    poppler::assert_fonts_embedded_and_subset(&make(Edition::Trainer).0);
}

#[test]
fn the_same_course_gives_the_same_handbook_bytes() {
    assert!(make(Edition::Learner).0 == make(Edition::Learner).0);
}

#[test]
fn the_organisations_contacts_are_printed() {
    let course = course();
    let text = poppler::text(&make(Edition::Learner).0);
    assert!(text.contains("Where to get help"));
    for contact in &course.contacts {
        assert!(text.contains(&contact.number), "{}", contact.number);
    }
}
