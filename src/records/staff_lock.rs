//! The staff passphrase. On a computer that learners and attendees use too,
//! the organisation sets one so that the records (sessions, registers,
//! people, exports, settings) open only to staff who type it; the app
//! decides which of its doors that closes. Only an Argon2 hash is kept, in
//! the settings table: a backup carries it, a record bundle does not.
//! Someone who can read the database file can read the records anyway, so
//! the command line may remove a forgotten passphrase without knowing it.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rusqlite::{OptionalExtension, params};
use unicode_normalization::UnicodeNormalization;

use super::Store;
use super::error::{DbContext, RecordsError};

/// The fewest characters a passphrase may have.
pub const MIN_CHARS: usize = 8;

const KEY: &str = "staff_passphrase";

fn stored(store: &Store) -> Result<Option<String>, RecordsError> {
    Ok(store
        .conn_ref()
        .query_row("SELECT value FROM settings WHERE key = ?1", [KEY], |r| {
            r.get::<_, String>(0)
        })
        .optional()
        .doing("read the staff passphrase")?
        .filter(|hash| !hash.is_empty()))
}

/// The passphrase as compared: the same letters typed on any keyboard
/// (composed or decomposed accents) are the same passphrase.
fn normal(passphrase: &str) -> String {
    passphrase.nfc().collect()
}

/// Whether a staff passphrase is set.
pub fn is_set(store: &Store) -> Result<bool, RecordsError> {
    Ok(stored(store)?.is_some())
}

/// Whether `passphrase` is the staff passphrase; `true` when none is set.
pub fn matches(store: &Store, passphrase: &str) -> Result<bool, RecordsError> {
    let Some(hash) = stored(store)? else {
        return Ok(true);
    };
    let parsed = PasswordHash::new(&hash).map_err(|_| RecordsError::BadStoredValue {
        what: "staff passphrase",
        value: "(its hash)".into(),
    })?;
    Ok(Argon2::default()
        .verify_password(normal(passphrase).as_bytes(), &parsed)
        .is_ok())
}

/// Sets, changes (`new`) or removes (`None`) the staff passphrase. Once one
/// is set, `current` must be it.
pub fn change(store: &mut Store, current: &str, new: Option<&str>) -> Result<(), RecordsError> {
    if !matches(store, current)? {
        return Err(RecordsError::WrongPassphrase);
    }
    let value = match new {
        Some(new) => hash(new)?,
        None => String::new(),
    };
    write(store, &value)
}

/// Removes the staff passphrase without asking for it: for whoever can
/// open the database file, when nobody remembers it.
pub fn remove(store: &mut Store) -> Result<bool, RecordsError> {
    let was = is_set(store)?;
    write(store, "")?;
    Ok(was)
}

fn hash(passphrase: &str) -> Result<String, RecordsError> {
    let passphrase = normal(passphrase);
    if passphrase.trim().chars().count() < MIN_CHARS {
        return Err(RecordsError::invalid(
            "the passphrase",
            format!("needs at least {MIN_CHARS} characters; a few words are easier to remember"),
        ));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(passphrase.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| RecordsError::invalid("the passphrase", format!("could not be kept: {err}")))
}

fn write(store: &mut Store, value: &str) -> Result<(), RecordsError> {
    store.check_writable()?;
    store
        .conn()
        .execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![KEY, value],
        )
        .doing("save the staff passphrase")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("signpost.sqlite3")).unwrap();
        (dir, store)
    }

    #[test]
    fn a_passphrase_is_set_checked_changed_and_removed() {
        let (_dir, mut store) = store();
        assert!(!is_set(&store).unwrap());
        assert!(matches(&store, "anything").unwrap(), "nothing set: open");

        change(&mut store, "", Some("Wiosna w Krakowie")).unwrap();
        assert!(is_set(&store).unwrap());
        assert!(matches(&store, "Wiosna w Krakowie").unwrap());
        assert!(!matches(&store, "wiosna w krakowie").unwrap());
        assert!(!matches(&store, "").unwrap());

        let wrong = change(&mut store, "guess", None).unwrap_err();
        assert_eq!(wrong.code(), "wrong_passphrase");
        assert!(
            is_set(&store).unwrap(),
            "a wrong current passphrase changes nothing"
        );

        change(&mut store, "Wiosna w Krakowie", Some("Café au lait")).unwrap();
        assert!(!matches(&store, "Wiosna w Krakowie").unwrap());
        // The same letters typed decomposed (e + combining acute).
        assert!(matches(&store, "Cafe\u{301} au lait").unwrap());

        change(&mut store, "Café au lait", None).unwrap();
        assert!(!is_set(&store).unwrap());
    }

    #[test]
    fn only_a_hash_is_kept() {
        let (_dir, mut store) = store();
        change(&mut store, "", Some("correct horse battery")).unwrap();
        let kept = stored(&store).unwrap().unwrap();
        assert!(kept.starts_with("$argon2id$"), "{kept}");
        assert!(!kept.contains("horse"));
    }

    #[test]
    fn a_short_passphrase_is_refused_and_nothing_is_set() {
        let (_dir, mut store) = store();
        let err = change(&mut store, "", Some("  short  ")).unwrap_err();
        assert_eq!(err.field(), Some("the passphrase"));
        assert!(err.to_string().contains("at least 8 characters"), "{err}");
        assert!(!is_set(&store).unwrap());
    }

    #[test]
    fn a_forgotten_passphrase_is_removed_without_it() {
        let (_dir, mut store) = store();
        change(&mut store, "", Some("nobody remembers this")).unwrap();
        assert!(remove(&mut store).unwrap());
        assert!(!is_set(&store).unwrap());
        assert!(!remove(&mut store).unwrap(), "nothing left to remove");
    }
}
