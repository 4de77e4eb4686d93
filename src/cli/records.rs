//! The records subcommands of the `signpost` command line: sessions,
//! exports, imports, backups and erasure. Each handler parses nothing itself
//! (clap did), calls one library function and prints the result; the rules
//! all live in the library. Not part of the library crate.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use jiff::civil::{Date, Time};
use signpost::export::{self, DateRange, bundle, roster, roster_people};
use signpost::progress::Silent;
use signpost::records::{Store, StoreError, backup, erase, search, sessions};
use uuid::Uuid;

#[derive(Subcommand)]
pub enum SessionCommand {
    /// Set up a training session and print its id
    Create {
        #[arg(long)]
        title: String,
        /// The day it is held, YYYY-MM-DD
        #[arg(long)]
        date: Date,
        #[arg(long)]
        trainer: String,
        #[arg(long, default_value = "")]
        location: String,
        /// Local start time, HH:MM
        #[arg(long, default_value = "09:00")]
        start: Time,
        #[arg(long)]
        end: Option<Time>,
        /// Defaults to the title of the course shipped with this program
        #[arg(long)]
        course_title: Option<String>,
        /// Defaults to the version of the course shipped with this program
        #[arg(long)]
        course_version: Option<String>,
    },
    /// List sessions, newest first, with head counts
    List {
        /// Only sessions whose title, course, trainer or location contain this
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        from: Option<Date>,
        #[arg(long)]
        to: Option<Date>,
    },
    /// Close a session's register (anyone still expected is marked absent)
    Close { id: Uuid },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AttendanceFormat {
    Csv,
    Xlsx,
    Xapi,
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Export attendance (and, for xlsx and xapi, quiz results)
    Attendance {
        #[arg(long, value_enum, default_value = "csv")]
        format: AttendanceFormat,
        #[arg(long)]
        from: Option<Date>,
        #[arg(long)]
        to: Option<Date>,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Export every record as a bundle another install can import
    Bundle {
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Export the erasure list: who was erased here, by id only, for other
    /// installs to erase too (imported there as a bundle)
    Erasures {
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Put a roster CSV's people on a session's register as expected
    Roster {
        file: PathBuf,
        #[arg(long)]
        session: Uuid,
        /// Take a heading as a field, e.g. --map "Staff member=name"
        /// (fields: name, first_name, last_name, email, organisation, team, job_role, ignore)
        #[arg(long = "map", value_name = "HEADING=FIELD")]
        map: Vec<String>,
        /// Import; without this the preview is printed and nothing changes
        #[arg(long)]
        yes: bool,
        /// A row (as the preview numbers it) whose email someone of another
        /// name already gave is that same person; flagged rows not named
        /// here are imported as new people
        #[arg(long = "same-person", value_name = "ROW")]
        same_person: Vec<u32>,
    },
    /// Merge a record bundle from another install
    Bundle {
        file: PathBuf,
        /// Report what would happen and change nothing
        #[arg(long)]
        dry_run: bool,
        /// For a person here and in the bundle with different details: keep the details here
        #[arg(long = "keep", value_name = "PERSON_ID")]
        keep: Vec<Uuid>,
        /// For a person here and in the bundle with different details: take the bundle's
        #[arg(long = "take", value_name = "PERSON_ID")]
        take: Vec<Uuid>,
        /// Erase here the people the bundle says were erased where it was
        /// made; without it, a bundle that would erase anyone imports nothing
        #[arg(long)]
        erase: bool,
    },
}

type Outcome = Result<ExitCode, String>;

fn text(err: impl std::fmt::Display) -> String {
    err.to_string()
}

fn folder(data_dir: Option<PathBuf>) -> Result<PathBuf, String> {
    data_dir
        .or_else(signpost::paths::data_dir)
        .ok_or_else(|| "no data folder: pass --data-dir or set SIGNPOST_DATA_DIR".into())
}

/// Opens the records, first removing any file a write killed part-way left
/// behind (see `files::remove_abandoned_writes`) and noting what statements
/// sent to an LRS by an earlier Signpost were made from, as the app does at
/// start.
pub fn open(data_dir: Option<PathBuf>) -> Result<Store, String> {
    let folder = folder(data_dir)?;
    for removed in signpost::files::remove_abandoned_writes(&folder) {
        eprintln!(
            "removed {}, left unfinished when Signpost was stopped",
            removed.display()
        );
    }
    let mut store = Store::open_in(&folder).map_err(|err| match err {
        StoreError::Corrupt { .. } => {
            format!("{err} (in the app, or with `signpost restore BACKUP_FILE`)")
        }
        other => text(other),
    })?;
    // As the app does at start, before anything can be corrected.
    if store.read_only().is_none() {
        signpost::lrs::learn_sent(&mut store).map_err(|e| e.to_string())?;
    }
    Ok(store)
}

pub fn session(store: &mut Store, command: SessionCommand) -> Outcome {
    match command {
        SessionCommand::Create {
            title,
            date,
            trainer,
            location,
            start,
            end,
            course_title,
            course_version,
        } => {
            let (shipped_title, shipped_version) = signpost::course::shipped();
            let course_title = course_title.unwrap_or(shipped_title);
            let course_version = course_version.unwrap_or(shipped_version);
            let created = sessions::create(
                store,
                &sessions::NewSession {
                    title,
                    course_title,
                    course_version,
                    date,
                    start_time: start,
                    end_time: end,
                    location,
                    trainer,
                },
            )
            .map_err(text)?;
            println!("{}", created.id);
        }
        SessionCommand::List {
            text: needle,
            from,
            to,
        } => {
            let filter = search::SessionFilter {
                text: needle,
                from,
                to,
                status: None,
                team: None,
            };
            for s in search::sessions(store, &filter).map_err(text)? {
                let t = &s.session;
                println!(
                    "{}  {} {}  {:<6}  {}  ({}; {} on register, {} attended, {} absent, {} expected)",
                    t.id,
                    t.date,
                    t.start_time.strftime("%H:%M"),
                    t.status,
                    t.title,
                    t.trainer,
                    s.on_register,
                    s.attended,
                    s.absent,
                    s.expected
                );
            }
        }
        SessionCommand::Close { id } => {
            let closed = sessions::close(store, id).map_err(text)?;
            println!("closed {} ({})", closed.id, closed.title);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A path typed on the command line, made full from the working folder, as
/// the library takes only full paths.
pub fn full(path: &Path) -> Result<PathBuf, String> {
    std::path::absolute(path).map_err(|e| format!("cannot use {}: {e}", path.display()))
}

pub fn export(store: &mut Store, command: ExportCommand) -> Outcome {
    let (summary, what) = match command {
        ExportCommand::Attendance {
            format,
            from,
            to,
            output,
        } => {
            let range = DateRange { from, to };
            let output = full(&output)?;
            match format {
                AttendanceFormat::Csv => (
                    export::csv::export_attendance(store, range, &output, &Silent),
                    "attendance rows",
                ),
                AttendanceFormat::Xlsx => (
                    export::xlsx::export_attendance(store, range, &output, &Silent),
                    "attendance rows",
                ),
                AttendanceFormat::Xapi => (
                    export::xapi::export_statements(store, range, &output, &Silent),
                    "statements",
                ),
            }
        }
        ExportCommand::Bundle { output } => (
            export::bundle::export_bundle(store, &full(&output)?),
            "records",
        ),
        ExportCommand::Erasures { output } => (
            export::bundle::export_erasures(store, &full(&output)?),
            "erasures",
        ),
    };
    let summary = summary.map_err(text)?;
    println!(
        "wrote {} ({} {what})",
        summary.path.display(),
        summary.count
    );
    Ok(ExitCode::SUCCESS)
}

fn mapping(pairs: &[String]) -> Result<roster::ColumnMapping, String> {
    let mut map = roster::ColumnMapping::new();
    for pair in pairs {
        let (heading, field) = pair
            .rsplit_once('=')
            .ok_or_else(|| format!("--map {pair:?} should be HEADING=FIELD"))?;
        let field: roster::RosterField =
            serde_json::from_value(serde_json::Value::String(field.trim().to_string()))
                .map_err(|_| format!("--map {pair:?}: {field:?} is not a field"))?;
        map.insert(heading.to_string(), field);
    }
    Ok(map)
}

pub fn import(store: &mut Store, command: ImportCommand) -> Outcome {
    match command {
        ImportCommand::Roster {
            file,
            session,
            map,
            yes,
            same_person,
        } => {
            let check = roster_people::check(store, &file, &mapping(&map)?).map_err(text)?;
            let preview = check.preview;
            for column in &preview.mapping {
                // Named as --map takes them, so a line can be copied into it.
                let field = match column.field.map(serde_json::to_value) {
                    Some(Ok(serde_json::Value::String(name))) => name,
                    _ => "(not used)".into(),
                };
                println!("column {:?} -> {field}", column.heading);
            }
            for row in &preview.rows {
                let p = &row.person;
                println!(
                    "row {}: {} | {} | {} | {} | {}",
                    row.row,
                    p.name,
                    p.organisation,
                    p.team,
                    p.job_role,
                    p.email.as_deref().unwrap_or("")
                );
            }
            for error in &preview.errors {
                eprintln!("row {}: {}", error.row, error.reason);
            }
            for shared in &check.shared_emails {
                let holders: Vec<String> = shared
                    .holders
                    .iter()
                    .map(|h| match h.row {
                        Some(row) => format!("{} (row {row})", h.name),
                        None => format!("{} (already in the records)", h.name),
                    })
                    .collect();
                let choice = if same_person.contains(&shared.row) {
                    "the same person"
                } else {
                    "a new person (add --same-person to say otherwise)"
                };
                println!(
                    "row {}: the email {} was given by {}; imported as {choice}",
                    shared.row,
                    shared.email,
                    holders.join(", ")
                );
            }
            if !preview.errors.is_empty() {
                eprintln!("{} problem(s); nothing imported", preview.errors.len());
                return Ok(ExitCode::FAILURE);
            }
            if !yes {
                println!(
                    "{} people; run again with --yes to import",
                    preview.rows.len()
                );
                return Ok(ExitCode::SUCCESS);
            }
            let choices: roster_people::RowChoices = same_person
                .iter()
                .map(|row| (*row, roster_people::RowChoice::SamePerson))
                .collect();
            let done = roster_people::import(store, session, &preview, &choices).map_err(text)?;
            println!(
                "{} added to the register ({} new people), {} already on it, {} repeating an earlier row",
                done.added_to_register,
                done.new_people,
                done.already_on_register,
                done.repeated_in_file
            );
            Ok(ExitCode::SUCCESS)
        }
        ImportCommand::Bundle {
            file,
            dry_run,
            keep,
            take,
            erase,
        } => {
            let options = bundle::ImportOptions {
                dry_run,
                erase,
                resolutions: keep
                    .into_iter()
                    .map(|id| (id, bundle::Resolution::KeepOurs))
                    .chain(
                        take.into_iter()
                            .map(|id| (id, bundle::Resolution::TakeBundles)),
                    )
                    .collect(),
            };
            let report =
                bundle::import_bundle_file(store, &file, &options, &Silent).map_err(text)?;
            print_bundle_report(&report);
            let unagreed = !dry_run && report.blocking == 0 && !report.imported;
            Ok(if report.blocking == 0 && !unagreed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}

fn print_bundle_report(report: &bundle::BundleReport) {
    for problem in &report.problems {
        eprintln!(
            "problem: {} {}: {} {}",
            problem.kind, problem.id, problem.field, problem.reason
        );
    }
    for conflict in &report.conflicts {
        let settled = match conflict.resolution {
            Some(bundle::Resolution::KeepOurs) => " (keeping the details here)",
            Some(bundle::Resolution::TakeBundles) => " (taking the bundle's details)",
            None => "",
        };
        eprintln!(
            "conflict: {} {:?} ({}): {}{settled}",
            conflict.kind, conflict.label, conflict.id, conflict.reason
        );
        for d in &conflict.differences {
            eprintln!(
                "    {}: {:?} here, {:?} in the bundle",
                d.field, d.here, d.bundle
            );
        }
        if conflict.resolvable && conflict.resolution.is_none() {
            eprintln!(
                "    choose with --keep {id} (keep the details here) or --take {id} (take the bundle's)",
                id = conflict.id
            );
        }
    }
    if report.not_listed > 0 {
        eprintln!("… and {} more not listed", report.not_listed);
    }
    for same in &report.same_email {
        println!(
            "same email: {:?} in the bundle and {:?} here share {}; they stay separate people",
            same.incoming, same.existing, same.email
        );
    }
    let (verb, updated) = if report.imported {
        ("added", "brought up to date")
    } else {
        ("would add", "to bring up to date")
    };
    let replaced = if report.replaced > 0 {
        format!(
            "; {} {} replaced by the bundle's",
            report.replaced,
            if report.replaced == 1 {
                "person's details"
            } else {
                "people's details"
            }
        )
    } else {
        String::new()
    };
    let unresolved = report
        .conflicts
        .iter()
        .filter(|c| c.resolution.is_none())
        .count();
    println!(
        "{verb} {} records; {} {updated}; {} already present{replaced}; {} conflicts ({unresolved} unsettled), {} problems{}",
        report.added.total(),
        report.updated.total(),
        report.already_present.total(),
        report.conflicts.len(),
        report.problems.len(),
        if report.imported {
            ""
        } else if report.blocking > 0 {
            " — nothing imported"
        } else {
            " — a dry run: nothing imported"
        }
    );
    if report.erased_left_out > 0 {
        println!(
            "left out {} records about people erased here: an erasure is never undone by an import",
            report.erased_left_out
        );
    }
    for merge in &report.to_merge {
        println!(
            "{} {:?} into {:?}: one person recorded twice here, merged where the bundle was made",
            if report.imported {
                "merged"
            } else {
                "would merge"
            },
            merge.merged,
            merge.kept
        );
    }
    if report.erasures_noted > 0 {
        println!(
            "{} people erased where the bundle was made were never here; noted, so no bundle brings them in",
            report.erasures_noted
        );
    }
    for person in &report.to_erase {
        let done = report.erasures.iter().find(|e| e.person_id == person.id);
        match done {
            Some(erasure) => println!(
                "erased {} ({}), as erased where the bundle was made; {} backups cleaned, {} uncleanable backups deleted",
                person.name,
                person.id,
                erasure.backups_cleaned.len(),
                erasure.backups_deleted.len()
            ),
            None => println!(
                "the bundle says {} ({}) was erased where it was made: importing it erases them here too",
                person.name, person.id
            ),
        }
    }
    if !report.imported && report.blocking == 0 && !report.dry_run && !report.to_erase.is_empty() {
        println!("nothing imported: run again with --erase to import the bundle and erase them");
    }
    let mut written: Vec<_> = report
        .erasures
        .iter()
        .flat_map(|e| &e.written_before)
        .filter(|file| file.exists)
        .map(|file| &file.path)
        .collect();
    written.sort();
    written.dedup();
    for path in written {
        println!(
            "written from here before the erasure and may still hold them: {}",
            path.display()
        );
    }
    let mut stores: Vec<_> = report
        .erasures
        .iter()
        .flat_map(|e| &e.lrs_endpoints)
        .collect();
    stores.sort();
    stores.dedup();
    for endpoint in stores {
        println!(
            "their statements may also be in the Learning Record Store at {endpoint}; Signpost cannot erase them there, but the next send withdraws (voids) them"
        );
    }
}

pub fn backup_to(store: &mut Store, output: &Path) -> Outcome {
    backup::backup_to(store, output, &Silent).map_err(text)?;
    println!("backed up to {}", output.display());
    Ok(ExitCode::SUCCESS)
}

/// Restores into a working database (saving it into backups/ first) or, when
/// the database is damaged, in its place (moving it into damaged/). Any other
/// reason the database cannot be opened, such as a newer version's file, is
/// an error and nothing changes.
pub fn restore(data_dir: Option<PathBuf>, file: &Path, yes: bool) -> Outcome {
    let dir = folder(data_dir)?;
    // `None`: the database is damaged and the backup goes in its place.
    let working = match Store::open_in(&dir) {
        Ok(store) => Some(store),
        Err(StoreError::Corrupt { .. }) => None,
        Err(other) => return Err(text(other)),
    };
    if !yes {
        backup::check_backup(file).map_err(text)?;
        let db = dir.join(signpost::paths::DATABASE_FILE);
        match working {
            Some(_) => println!(
                "would replace the records in {} with {}; the current database is saved into the backups folder first; run again with --yes",
                db.display(),
                file.display()
            ),
            None => println!(
                "the records database {} is damaged; would move it into the damaged folder and put {} in its place; run again with --yes",
                db.display(),
                file.display()
            ),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = match working {
        Some(mut store) => backup::restore(&mut store, file, &Silent),
        None => backup::restore_into(&dir, file).map(|(_, report)| report),
    }
    .map_err(text)?;
    println!("restored from {}", report.restored_from.display());
    if let Some(saved) = &report.saved_current_as {
        println!("the database it replaced is kept as {}", saved.display());
    }
    if report.erased_again > 0 {
        println!(
            "erased again {} people the backup held who were erased since it was made",
            report.erased_again
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn erase(store: &mut Store, person: Uuid, yes: bool) -> Outcome {
    if !yes {
        let history = search::person_history(store, person).map_err(text)?;
        println!(
            "would erase {} ({} sessions, {} quiz attempts, {} certificates) from the database and every backup; run again with --yes",
            history.person.name,
            history.sessions.len(),
            history.attempts.len(),
            history.certificates.len()
        );
        for endpoint in signpost::lrs::acknowledged_endpoints(store).map_err(text)? {
            println!(
                "their statements may also be in the Learning Record Store at {endpoint}, which Signpost cannot erase; the next send withdraws (voids) them there"
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = erase::erase_person(store, person, &Silent).map_err(text)?;
    println!(
        "erased {person}; {} backups cleaned, {} uncleanable backups deleted",
        report.backups_cleaned.len(),
        report.backups_deleted.len()
    );
    for path in &report.not_cleaned {
        println!(
            "not cleaned (damaged, delete when no longer needed): {}",
            path.display()
        );
    }
    for endpoint in &report.lrs_endpoints {
        println!(
            "their statements may also be in the Learning Record Store at {endpoint}; Signpost cannot erase them there, but the next send withdraws (voids) them"
        );
    }
    Ok(ExitCode::SUCCESS)
}
