//! The organisation's settings: saved whole or not at all, read back with
//! defaults for anything unset, and a logo kept in the database, checked by
//! its bytes, that reaches the course.

mod common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use signpost::course::{self, Contact, Organisation};
use signpost::records::settings::{self, Settings};

const PNG: &[u8] = include_bytes!("../icons/32x32.png");
const SVG: &[u8] = include_bytes!("../icons/signpost.svg");

fn data_url(label: &str, bytes: &[u8]) -> String {
    format!("data:{label};base64,{}", STANDARD.encode(bytes))
}

fn hertfordshire() -> Settings {
    Settings {
        organisation: Organisation {
            name: "Hertfordshire Modern Slavery Partnership".into(),
            area: "Hertfordshire".into(),
            website: "stopexploitationherts.org.uk".into(),
        },
        logo: Some(data_url("image/png", PNG)),
        contacts: vec![Contact {
            name: "Modern Slavery Helpline".into(),
            number: "08000 121 700".into(),
            when: "24 hours".into(),
        }],
        retention_months: Some(36),
        backups_to_keep: 7,
    }
}

#[test]
fn settings_round_trip_with_defaults_for_anything_unset() {
    let (_dir, mut store) = common::store();
    assert_eq!(settings::get(&store).unwrap(), Settings::default());
    let wanted = hertfordshire();
    settings::save(&mut store, &wanted).unwrap();
    assert_eq!(settings::get(&store).unwrap(), wanted);
}

#[test]
fn bad_settings_are_refused_and_nothing_is_saved() {
    let (_dir, mut store) = common::store();
    let wanted = hertfordshire();
    settings::save(&mut store, &wanted).unwrap();
    let nameless = Settings {
        contacts: vec![Contact {
            number: "101".into(),
            ..Contact::default()
        }],
        organisation: Organisation::default(),
        ..wanted.clone()
    };
    let err = settings::save(&mut store, &nameless).unwrap_err();
    assert!(err.to_string().contains("contact 1 needs both"), "{err}");
    let no_backups = Settings {
        backups_to_keep: 0,
        ..Settings::default()
    };
    assert!(settings::save(&mut store, &no_backups).is_err());
    assert_eq!(settings::get(&store).unwrap(), wanted, "nothing saved");
}

#[test]
fn a_logo_is_labelled_by_its_bytes_not_by_what_the_system_said() {
    let (_dir, mut store) = common::store();
    for (label, bytes, media) in [
        ("application/octet-stream", PNG, "image/png"),
        ("", SVG, "image/svg+xml"),
        ("image/png", SVG, "image/svg+xml"),
    ] {
        let chosen = Settings {
            logo: Some(data_url(label, bytes)),
            ..Settings::default()
        };
        settings::save(&mut store, &chosen).unwrap();
        assert_eq!(
            settings::get(&store).unwrap().logo,
            Some(data_url(media, bytes))
        );
    }
}

#[test]
fn a_logo_that_is_not_an_image_or_too_large_is_refused_with_the_reason() {
    let (_dir, mut store) = common::store();
    let mut refused = |logo: String| {
        let chosen = Settings {
            logo: Some(logo),
            ..Settings::default()
        };
        settings::save(&mut store, &chosen).unwrap_err().to_string()
    };
    let text = refused(data_url("text/plain", b"Name,Email\nSam,sam@example.org"));
    assert!(
        text.contains("the logo is not an image") && text.contains("png, jpg"),
        "{text}"
    );
    let huge = [PNG, &vec![0u8; course::MAX_LOGO_BYTES]].concat();
    let text = refused(data_url("image/png", &huge));
    assert!(text.contains("at most 1024 KB"), "{text}");
    let text = refused("/home/sam/logo.png".into());
    assert!(text.contains("choose the file again"), "{text}");
    let text = refused("data:image/png;base64,***".into());
    assert!(text.contains("could not be read"), "{text}");
    assert_eq!(settings::get(&store).unwrap().logo, None, "nothing saved");
}

#[test]
fn the_logo_reaches_the_course_with_the_other_details() {
    let (_dir, mut store) = common::store();
    settings::save(&mut store, &hertfordshire()).unwrap();
    let local = settings::get(&store).unwrap().localisation();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("modules");
    let course = course::load_with(&dir, &local).unwrap();
    assert_eq!(course.logo, Some(data_url("image/png", PNG)));
    assert_eq!(course::load(&dir).unwrap().logo, None);
}

#[test]
fn a_contact_is_named_by_its_line_on_screen_and_empty_lines_are_dropped() {
    let (_dir, mut store) = common::store();
    let line = |name: &str, number: &str| Contact {
        name: name.into(),
        number: number.into(),
        ..Contact::default()
    };
    let mut wanted = Settings {
        contacts: vec![line("Police", "999"), line("", ""), line("Helpline", "")],
        ..Settings::default()
    };
    let err = settings::save(&mut store, &wanted).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("contact 3 needs both a name and a number"),
        "the third line on screen, the empty one counted: {err}"
    );
    assert_eq!(err.field(), Some("contact"));
    wanted.contacts[2].number = "0800 121 700".into();
    settings::save(&mut store, &wanted).unwrap();
    let names: Vec<String> = settings::get(&store)
        .unwrap()
        .contacts
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(
        names,
        vec!["Police", "Helpline"],
        "the empty line is dropped"
    );
}
