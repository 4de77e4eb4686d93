//! Issuing certificates: deciding what one certifies (a completed course, or
//! a session attended), signing it, drawing it, writing the file and
//! recording it. Every name is checked against the fonts before anything is
//! signed, written or recorded; files are written whole, then the records
//! are kept in one transaction. How a certificate looks is `certificate.rs`;
//! how it is signed is `signing.rs`.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rayon::prelude::*;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::certificate::{CertificateMaker, CertificatePage};
use super::error::PdfError;
use super::signing::{CertifiedRecord, Keys};
use crate::course::Course;
use crate::learning::{self, Stage};
use crate::progress::Progress;
use crate::records::certificates::{self, CertificateKind, CertificateRecord};
use crate::records::people::Person;
use crate::records::sessions::{Register, RegisterEntry};
use crate::records::{Store, search, sessions};

/// Where a session's certificates go.
#[derive(Debug, Clone)]
pub enum Output {
    /// One PDF per person, named after them, in this folder.
    Folder(PathBuf),
    /// One PDF with a page for each person.
    File(PathBuf),
}

/// What issuing wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IssuedCertificates {
    /// Every file written, in the order of the register.
    pub files: Vec<String>,
    /// The certificates recorded, one per person.
    pub certificates: Vec<CertificateRecord>,
    /// The people certified, by name, in the same order.
    pub names: Vec<String>,
}

/// A person's result over the whole course, once the learning path counts
/// it complete (the one rule for that is `learning`'s, which records the
/// completion when it is first reached). The day is the completion's; the
/// score is the mean of each module's best percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CourseResult {
    pub date: Date,
    pub score: u8,
}

/// The person's course result, or which modules they have still to pass.
pub fn course_result(
    store: &mut Store,
    course: &Course,
    person_id: Uuid,
) -> Result<Result<CourseResult, Vec<String>>, PdfError> {
    learning::complete_if_done(store, course, person_id)?;
    let seen = learning::overview(store, course, person_id)?;
    let Some(done) = seen.completed else {
        let missing = seen.modules.iter().filter(|m| m.stage != Stage::Passed);
        return Ok(Err(missing.map(|m| m.title.clone()).collect()));
    };
    let best: Vec<u32> = seen
        .modules
        .iter()
        .filter_map(|m| m.best.as_ref().map(|b| b.percent))
        .collect();
    let counted = (best.len() as u32).max(1);
    let mean = (best.iter().sum::<u32>() + counted / 2) / counted;
    Ok(Ok(CourseResult {
        date: done.completed_at.to_zoned(TimeZone::system()).date(),
        score: u8::try_from(mean).unwrap_or(100),
    }))
}

/// The score a person earned in a session: the mean of their best
/// percentage in each module they answered there; `None` when they took
/// no quiz in it.
pub(crate) fn session_score(
    store: &Store,
    person_id: Uuid,
    session_id: Uuid,
) -> Result<Option<u8>, PdfError> {
    let history = search::person_history(store, person_id)?;
    let mut best: std::collections::BTreeMap<&str, u32> = Default::default();
    for attempt in history
        .attempts
        .iter()
        .filter(|a| a.session_id == Some(session_id))
    {
        let entry = best.entry(attempt.module_id.as_str()).or_insert(0);
        *entry = (*entry).max(attempt.percent);
    }
    if best.is_empty() {
        return Ok(None);
    }
    let total: u32 = best.values().sum();
    let n = best.len() as u32;
    Ok(Some(u8::try_from((total + n / 2) / n).unwrap_or(100)))
}

/// What one person's certificate would certify: attendance of `session`,
/// or completion of the course when no session is given.
fn what_to_certify(
    store: &mut Store,
    course: &Course,
    person: &Person,
    session: Option<Uuid>,
) -> Result<CertifiedRecord, PdfError> {
    match session {
        Some(session_id) => {
            let register = sessions::register(store, session_id)?;
            let entry = register
                .entries
                .iter()
                .find(|e| e.person.id == person.id)
                .ok_or_else(|| not_on_register(&person.name, &register))?;
            attended(store, course, &register, entry)
        }
        None => match course_result(store, course, person.id)? {
            Ok(result) => Ok(CertifiedRecord {
                kind: CertificateKind::Completion,
                id: Uuid::new_v4(),
                name: person.name.clone(),
                course_title: course.title.clone(),
                course_version: course.version.clone(),
                date: result.date,
                score: Some(result.score),
                organisation: course.organisation.name.clone(),
                trainer: String::new(),
            }),
            Err(missing) => Err(PdfError::Invalid(format!(
                "{} has not passed every module's quiz yet (still to pass: {})",
                person.name,
                missing.join("; ")
            ))),
        },
    }
}

/// What a certificate of attendance certifies for one entry of a register
/// already read (a session's worth of certificates reads it once).
fn attended(
    store: &Store,
    course: &Course,
    register: &Register,
    entry: &RegisterEntry,
) -> Result<CertifiedRecord, PdfError> {
    if !entry.status.earns_attendance_certificate() {
        return Err(not_on_register(&entry.person.name, register));
    }
    let s = &register.session;
    Ok(CertifiedRecord {
        kind: CertificateKind::Attendance,
        id: Uuid::new_v4(),
        name: entry.person.name.clone(),
        course_title: s.course_title.clone(),
        course_version: s.course_version.clone(),
        date: s.date,
        score: session_score(store, entry.person.id, s.id)?,
        organisation: course.organisation.name.clone(),
        trainer: s.trainer.clone(),
    })
}

fn not_on_register(name: &str, register: &Register) -> PdfError {
    PdfError::Invalid(format!(
        "{name} is not marked present or late on the register of \"{}\"",
        register.session.title
    ))
}

/// Issues one person's certificate: of attendance for `session`, or of
/// completion of the course (every module's quiz passed) without one. Writes
/// the PDF to `path` and records the certificate.
pub fn issue_for_person(
    store: &mut Store,
    keys: &Keys,
    course: &Course,
    person_id: Uuid,
    session: Option<Uuid>,
    path: &Path,
    created: Timestamp,
) -> Result<IssuedCertificates, PdfError> {
    let person = crate::records::people::get(store, person_id)?;
    let record = what_to_certify(store, course, &person, session)?;
    issue(
        store,
        keys,
        course,
        vec![(person, record, session)],
        &Output::File(path.to_path_buf()),
        created,
        &crate::progress::Silent,
    )
}

/// Says why `person_id` cannot have the certificate [`issue_for_person`]
/// would make, or nothing when they can: asked before anyone chooses where
/// to save it. Writes nothing.
pub fn check_for_person(
    store: &mut Store,
    course: &Course,
    person_id: Uuid,
    session: Option<Uuid>,
) -> Result<(), PdfError> {
    let person = crate::records::people::get(store, person_id)?;
    what_to_certify(store, course, &person, session).map(|_| ())
}

/// Issues a certificate of attendance to everyone marked present or late
/// on a session's register, with their score where they have one.
pub fn issue_for_session(
    store: &mut Store,
    keys: &Keys,
    course: &Course,
    session_id: Uuid,
    output: &Output,
    created: Timestamp,
    progress: &dyn Progress,
) -> Result<IssuedCertificates, PdfError> {
    let register = sessions::register(store, session_id)?;
    let mut people = Vec::new();
    for entry in register
        .entries
        .iter()
        .filter(|e| e.status.earns_attendance_certificate())
    {
        let record = attended(store, course, &register, entry)?;
        people.push((entry.person.clone(), record, Some(session_id)));
    }
    if people.is_empty() {
        return Err(PdfError::Invalid(format!(
            "nobody is marked present or late on the register of \"{}\"",
            register.session.title
        )));
    }
    issue(store, keys, course, people, output, created, progress)
}

fn issue(
    store: &mut Store,
    keys: &Keys,
    course: &Course,
    people: Vec<(Person, CertifiedRecord, Option<Uuid>)>,
    output: &Output,
    created: Timestamp,
    progress: &dyn Progress,
) -> Result<IssuedCertificates, PdfError> {
    let mut maker = CertificateMaker::new(course.logo.as_deref());
    // Every name and title is checked before anything is signed or written.
    for (_, record, _) in &people {
        maker.check(record)?;
    }
    let mut pages = Vec::with_capacity(people.len());
    let mut records = Vec::with_capacity(people.len());
    for (person, record, session) in &people {
        let code = keys.sign(record)?;
        records.push(CertificateRecord {
            id: record.id,
            person_id: person.id,
            course_title: record.course_title.clone(),
            course_version: record.course_version.clone(),
            issued_at: crate::records::sql::stored(created),
            kind: record.kind,
            session_id: *session,
            score: record.score.map(u32::from),
            code: code.clone(),
        });
        pages.push(CertificatePage {
            record: record.clone(),
            code,
        });
    }
    let mut files = Vec::new();
    match output {
        Output::File(path) => {
            let bytes = maker.pdf(&pages, created, progress)?;
            write(store.data_dir(), path, &bytes)?;
            files.push(path.display().to_string());
        }
        Output::Folder(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| PdfError::File {
                action: "create the folder",
                path: dir.clone(),
                source,
            })?;
            let drawn = maker.pdf_each(&pages, created, progress)?;
            let mut used = std::collections::HashSet::new();
            let mut made = Vec::with_capacity(pages.len());
            for (i, (page, bytes)) in pages.iter().zip(drawn).enumerate() {
                let mut name = file_name(&page.record);
                if !used.insert(name.clone()) {
                    name = format!("{} ({}).pdf", name.trim_end_matches(".pdf"), i + 1);
                }
                made.push((dir.join(name), bytes));
            }
            let data_dir = store.data_dir();
            made.par_iter()
                .map(|(path, bytes)| write(data_dir, path, bytes))
                .collect::<Result<(), PdfError>>()?;
            files.extend(made.iter().map(|(path, _)| path.display().to_string()));
        }
    }
    let paths: Vec<&Path> = files.iter().map(Path::new).collect();
    certificates::record_all(store, &records, &paths)?;
    Ok(IssuedCertificates {
        files,
        names: people.iter().map(|(p, _, _)| p.name.clone()).collect(),
        certificates: records,
    })
}

/// "Certificate - Ольга Петрова - ABCDE-FGHIJ.pdf", with anything a file
/// system refuses replaced.
pub fn file_name(record: &CertifiedRecord) -> String {
    let name: String = record
        .name
        .chars()
        .map(|c| {
            if c.is_control() || r#"<>:"/\|?*"#.contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!(
        "Certificate - {} - {}.pdf",
        name.trim().trim_matches('.'),
        record.number()
    )
}

/// Writes a finished PDF whole or not at all.
pub(crate) fn write(data_dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), PdfError> {
    crate::export::write_whole(data_dir, path, "pdf", |out| {
        use std::io::Write;
        out.write_all(bytes)
            .map_err(|source| crate::export::ExportError::File {
                action: "cannot write",
                path: path.to_path_buf(),
                source,
            })
    })
    .map_err(PdfError::from)
}
