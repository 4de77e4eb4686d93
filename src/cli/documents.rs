//! The document subcommands of the `signpost` command line: the handbook,
//! certificates, registers, checking a certificate, and the certificate key.
//! Each handler calls one library function and prints what it wrote or
//! found; the documents themselves are made in `signpost::pdf`. Not part of
//! the library crate.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use signpost::course::{self, Course};
use signpost::pdf::issue::{self, Output};
use signpost::pdf::{Keys, Signer, Verdict, handbook, register};
use signpost::progress::Silent;
use signpost::records::{Store, settings};
use uuid::Uuid;

#[derive(Clone, Copy, ValueEnum)]
pub enum Edition {
    Learner,
    Trainer,
}

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Write this Signpost's public key, for another organisation to import
    Export {
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Trust another organisation's public key, so its certificates verify here
    Import { file: PathBuf },
}

/// The course folder: `--course`, else `$SIGNPOST_COURSE_DIR`, else `modules`.
pub fn course_dir(given: Option<PathBuf>) -> PathBuf {
    given
        .or_else(|| std::env::var_os("SIGNPOST_COURSE_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("modules"))
}

/// The course with the organisation's settings filling its placeholders.
fn load_course(store: &Store, dir: &Path) -> Result<Course, String> {
    let local = settings::get(store)
        .map_err(|e| e.to_string())?
        .localisation();
    course::load_with(dir, &local).map_err(|e| e.to_string())
}

pub fn handbook(
    store: &mut Store,
    course_dir: &Path,
    edition: Edition,
    output: &Path,
) -> Result<ExitCode, String> {
    let course = load_course(store, course_dir)?;
    let edition = match edition {
        Edition::Learner => handbook::Edition::Learner,
        Edition::Trainer => handbook::Edition::Trainer,
    };
    let made = handbook::write(store, &course, course_dir, edition, output, now(), &Silent)
        .map_err(|e| e.to_string())?;
    println!(
        "wrote {} ({}, {} edition)",
        output.display(),
        pages(made.pages),
        edition.as_str()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn certificate(
    store: &mut Store,
    course_dir: &Path,
    person: Option<Uuid>,
    session: Option<Uuid>,
    one_file: bool,
    output: &Path,
) -> Result<ExitCode, String> {
    let course = load_course(store, course_dir)?;
    let keys = Keys::open(store.data_dir()).map_err(|e| e.to_string())?;
    let issued = match person {
        Some(person) => {
            issue::issue_for_person(store, &keys, &course, person, session, output, now())
        }
        None => {
            let session = session.ok_or("give --person ID, --session ID, or both")?;
            let output = if one_file {
                Output::File(output.to_path_buf())
            } else {
                Output::Folder(output.to_path_buf())
            };
            issue::issue_for_session(store, &keys, &course, session, &output, now(), &Silent)
        }
    }
    .map_err(|e| e.to_string())?;
    for (name, certificate) in issued.names.iter().zip(&issued.certificates) {
        println!(
            "certificate {} for {name}",
            signpost::records::certificates::number(certificate.id)
        );
    }
    for file in &issued.files {
        println!("wrote {file}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn register(
    store: &mut Store,
    session: Uuid,
    blank: bool,
    output: &Path,
) -> Result<ExitCode, String> {
    let kind = if blank {
        register::RegisterKind::SignInSheet
    } else {
        register::RegisterKind::Completed
    };
    let made = register::write(store, session, kind, output, now()).map_err(|e| e.to_string())?;
    println!(
        "wrote {} ({}, {} on the register)",
        output.display(),
        pages(made.pages),
        made.people
    );
    Ok(ExitCode::SUCCESS)
}

/// Checks a certificate code, typed or read from a PDF Signpost wrote.
pub fn verify(data_dir: &Path, input: &str) -> Result<ExitCode, String> {
    let keys = Keys::open(data_dir).map_err(|e| e.to_string())?;
    let verdicts = signpost::pdf::signing::verify_input(&keys, input).map_err(|e| e.to_string())?;
    let mut all_genuine = true;
    for verdict in &verdicts {
        println!("{}", describe(verdict));
        all_genuine &= matches!(verdict, Verdict::Genuine { .. });
    }
    Ok(if all_genuine {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// A verdict in words.
fn describe(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Genuine {
            record,
            fingerprint,
            signer,
        } => {
            let by = match signer {
                Signer::Own => format!("this Signpost's own key ({fingerprint})"),
                Signer::Imported(org) if org.is_empty() => {
                    format!("an imported key ({fingerprint})")
                }
                Signer::Imported(org) => format!("the key of {org} ({fingerprint})"),
            };
            format!(
                "GENUINE: certificate {}\n{}\nsigned with {by}",
                record.number(),
                signpost::pdf::signing::summary(record)
            )
        }
        Verdict::UnknownKey {
            record,
            fingerprint,
        } => format!(
            "CANNOT CONFIRM: this code was signed with a key this Signpost does not know ({fingerprint}).\n\
             It claims: {}\n\
             Ask the issuing organisation for their public key and run `signpost key import FILE`.",
            signpost::pdf::signing::summary(record)
        ),
        Verdict::Altered => "NOT GENUINE: the details do not match the signature; the certificate was altered or made up".into(),
        Verdict::NumberOnly => "A CERTIFICATE NUMBER, NOT ITS CODE: check the code printed beside the QR code (it begins SP1-), or the certificate's PDF".into(),
        Verdict::NotACode => "NOT A CERTIFICATE CODE: nothing here reads as a Signpost certificate code".into(),
    }
}

pub fn key(store: &Store, course_dir: &Path, command: KeyCommand) -> Result<ExitCode, String> {
    let keys = Keys::open(store.data_dir()).map_err(|e| e.to_string())?;
    match command {
        KeyCommand::Export { output } => {
            let organisation = load_course(store, course_dir)?.organisation.name;
            std::fs::write(&output, keys.export_public(&organisation))
                .map_err(|e| format!("could not write {}: {e}", output.display()))?;
            println!(
                "wrote {} (public key {} of {organisation})",
                output.display(),
                signpost::pdf::signing::fingerprint(&keys.public())
            );
        }
        KeyCommand::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("could not read {}: {e}", file.display()))?;
            let key = keys.import_public(&text).map_err(|e| e.to_string())?;
            println!(
                "imported the public key {} of {}; their certificates now verify here",
                key.fingerprint,
                if key.organisation.is_empty() {
                    "an unnamed organisation"
                } else {
                    &key.organisation
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

fn pages(n: u32) -> String {
    if n == 1 {
        "1 page".into()
    } else {
        format!("{n} pages")
    }
}
