//! The organisation's settings kept in the database: its name, area, website
//! and logo, who staff tell about a child and where upset staff can turn,
//! the help-line contacts shown to learners (these fill the
//! course's placeholders and headings), how long records are kept and how
//! many daily backups are kept. Stored as key/value rows so that adding a
//! setting needs no migration; a missing key reads as its default. What the
//! settings are used for lives with the code that uses them.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Store;
use super::error::{DbContext, RecordsError};
use super::validate;
use crate::course::{self, Contact, Localisation, Organisation};

/// How many daily backups are kept when nobody has said.
pub const DEFAULT_BACKUPS_TO_KEEP: u32 = 14;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Settings {
    /// Empty fields keep the course's own (from course.toml).
    pub organisation: Organisation,
    /// The organisation's logo as a `data:` URL (PNG, JPEG, GIF, WebP or
    /// SVG), kept in the database so that backups and restores carry it.
    pub logo: Option<String>,
    /// An empty list keeps the course's own contacts.
    pub contacts: Vec<Contact>,
    /// Records older than this many months are deleted at start-up; `None`
    /// keeps them for ever.
    pub retention_months: Option<u32>,
    pub backups_to_keep: u32,
}

impl Settings {
    /// What these settings put into the course's placeholders.
    pub fn localisation(&self) -> Localisation {
        Localisation {
            organisation: self.organisation.clone(),
            contacts: self.contacts.clone(),
            logo: self.logo.clone(),
        }
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            organisation: Organisation::default(),
            logo: None,
            contacts: Vec::new(),
            retention_months: None,
            backups_to_keep: DEFAULT_BACKUPS_TO_KEEP,
        }
    }
}

fn read_key(conn: &Connection, key: &str) -> Result<Option<String>, RecordsError> {
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .optional()
    .doing("read the settings")
}

fn number<T: std::str::FromStr>(key: &'static str, text: String) -> Result<T, RecordsError> {
    text.parse().map_err(|_| RecordsError::BadStoredValue {
        what: key,
        value: text,
    })
}

pub(crate) fn read(conn: &Connection) -> Result<Settings, RecordsError> {
    let defaults = Settings::default();
    Ok(Settings {
        organisation: Organisation {
            name: read_key(conn, "organisation_name")?.unwrap_or_default(),
            area: read_key(conn, "organisation_area")?.unwrap_or_default(),
            website: read_key(conn, "organisation_website")?.unwrap_or_default(),
            children_contact: read_key(conn, "organisation_children_contact")?.unwrap_or_default(),
            employee_support: read_key(conn, "organisation_employee_support")?.unwrap_or_default(),
        },
        logo: read_key(conn, "logo")?.filter(|logo| !logo.is_empty()),
        contacts: match read_key(conn, "contacts")? {
            Some(json) => {
                serde_json::from_str(&json).map_err(|_| RecordsError::BadStoredValue {
                    what: "contacts",
                    value: json,
                })?
            }
            None => Vec::new(),
        },
        retention_months: read_key(conn, "retention_months")?
            .filter(|m| !m.is_empty())
            .map(|m| number("retention_months", m))
            .transpose()?,
        backups_to_keep: read_key(conn, "backups_to_keep")?
            .map(|n| number("backups_to_keep", n))
            .transpose()?
            .unwrap_or(defaults.backups_to_keep),
    })
}

/// The current settings, with defaults for anything never set.
pub fn get(store: &Store) -> Result<Settings, RecordsError> {
    read(store.conn_ref())
}

fn is_empty_contact(c: &Contact) -> bool {
    c.name.trim().is_empty() && c.number.trim().is_empty() && c.when.trim().is_empty()
}

/// Saves every setting in one transaction.
pub fn save(store: &mut Store, settings: &Settings) -> Result<(), RecordsError> {
    validate::first(validate::settings(settings))?;
    // A contact line left wholly empty is dropped, not refused; the number
    // in a message counts lines as the person saw them, empty ones too.
    if let Some(n) = settings.contacts.iter().position(|c| {
        !is_empty_contact(c) && (c.name.trim().is_empty() || c.number.trim().is_empty())
    }) {
        return Err(RecordsError::invalid(
            "contact",
            format!(
                "{} needs both a name and a number: fill in the one missing, or remove the contact",
                n + 1
            ),
        ));
    }
    let settings = &Settings {
        contacts: settings
            .contacts
            .iter()
            .filter(|c| !is_empty_contact(c))
            .cloned()
            .collect(),
        ..settings.clone()
    };
    let logo = match &settings.logo {
        Some(url) => {
            course::logo_data_url(url).map_err(|why| RecordsError::invalid("the logo", why))?
        }
        None => String::new(),
    };
    let contacts = serde_json::to_string(&settings.contacts)
        .map_err(|err| RecordsError::invalid("contacts", err.to_string()))?;
    let pairs = [
        ("organisation_name", settings.organisation.name.clone()),
        ("organisation_area", settings.organisation.area.clone()),
        (
            "organisation_website",
            settings.organisation.website.clone(),
        ),
        (
            "organisation_children_contact",
            settings.organisation.children_contact.clone(),
        ),
        (
            "organisation_employee_support",
            settings.organisation.employee_support.clone(),
        ),
        ("logo", logo),
        ("contacts", contacts),
        (
            "retention_months",
            settings
                .retention_months
                .map(|m| m.to_string())
                .unwrap_or_default(),
        ),
        ("backups_to_keep", settings.backups_to_keep.to_string()),
    ];
    let tx = store
        .conn()
        .transaction()
        .doing("start saving the settings")?;
    for (key, value) in pairs {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )
        .doing("save the settings")?;
    }
    tx.commit().doing("save the settings")?;
    Ok(())
}
