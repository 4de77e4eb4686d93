//! The `signpost` command line: the same library as the desktop app, for
//! checking a course folder and working with the records database from a
//! terminal or a script. It parses arguments, calls one library function per
//! command and prints the error chain once; it holds no logic of its own.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use signpost::course::{self, Severity};
use signpost::records::Store;

#[path = "cli/documents.rs"]
mod documents_cli;
#[path = "cli/lrs.rs"]
mod lrs_cli;
#[path = "cli/records.rs"]
mod records_cli;

#[derive(Parser)]
#[command(
    name = "signpost",
    version,
    about = "Offline Basic Modern Slavery Awareness Training: course checks, training records and documents"
)]
struct Cli {
    /// Folder holding the records database (default: $SIGNPOST_DATA_DIR, else the per-user app data folder)
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Course folder for documents (default: $SIGNPOST_COURSE_DIR, else ./modules)
    #[arg(long, global = true, value_name = "DIR")]
    course: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a course folder and print every problem with its file and line
    Check {
        /// The course folder (the one holding course.toml)
        #[arg(default_value = "modules")]
        dir: PathBuf,
    },
    /// Open (creating or upgrading) the records database and print where it is
    Database,
    /// Training sessions: create, list, close
    #[command(subcommand)]
    Session(records_cli::SessionCommand),
    /// Write attendance, results or a record bundle to a file
    #[command(subcommand)]
    Export(records_cli::ExportCommand),
    /// Read a roster CSV or a record bundle into the records
    #[command(subcommand)]
    Import(records_cli::ImportCommand),
    /// Back the records database up to a file
    Backup {
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Replace the records with a backup; the current database is kept (in
    /// backups/, or in damaged/ when it cannot be opened)
    Restore {
        /// The backup: a `.sqlite3` file made by Signpost
        file: PathBuf,
        /// Restore; without this, say what would happen and change nothing
        #[arg(long)]
        yes: bool,
    },
    /// Send the statements the Learning Record Store has not acknowledged
    /// (the only command that uses the network)
    Send {
        #[arg(long)]
        from: Option<jiff::civil::Date>,
        #[arg(long)]
        to: Option<jiff::civil::Date>,
        /// Also print where the time went
        #[arg(long)]
        timings: bool,
    },
    /// The Learning Record Store to send to: set, test, status
    #[command(subcommand)]
    Lrs(lrs_cli::LrsCommand),
    /// Write the printed handbook as a PDF
    Handbook {
        #[arg(long, value_enum, default_value = "learner")]
        edition: documents_cli::Edition,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Issue signed certificates as PDFs: one person's (of completion, or of
    /// attendance with --session), or everyone present or late at a session
    Certificate {
        #[arg(long)]
        person: Option<uuid::Uuid>,
        #[arg(long)]
        session: Option<uuid::Uuid>,
        /// For a session: one PDF with a page each, instead of a folder of PDFs
        #[arg(long)]
        one_file: bool,
        /// The PDF (one person, or --one-file), else the folder for a session's PDFs
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Write a session's register as a PDF: the completed register, or a
    /// blank sign-in sheet with --blank
    Register {
        #[arg(long)]
        session: uuid::Uuid,
        #[arg(long)]
        blank: bool,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Check a certificate: its code as printed, or a certificate PDF
    Verify {
        /// The code (spaces allowed) or the path of a certificate PDF
        code_or_file: String,
    },
    /// The key certificates are signed with: export it, or import another's
    #[command(subcommand)]
    Key(documents_cli::KeyCommand),
    /// Remove the staff passphrase, for when nobody remembers it: the app's
    /// records are then open to anyone at the computer until a new one is set
    RemovePassphrase,
    /// Erase a person from the records and every backup
    Erase {
        #[arg(long)]
        person: uuid::Uuid,
        /// Erase; without this, say what would be erased and change nothing
        #[arg(long)]
        yes: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("signpost: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check { dir } => check(&dir),
        Command::Database => {
            let data_dir = cli
                .data_dir
                .or_else(signpost::paths::data_dir)
                .ok_or("no data folder: pass --data-dir or set SIGNPOST_DATA_DIR")?;
            let store = Store::open_in(&data_dir).map_err(|e| e.to_string())?;
            let version = store.schema_version().map_err(|e| e.to_string())?;
            println!("{} (schema version {version})", store.path().display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Session(command) => {
            records_cli::session(&mut records_cli::open(cli.data_dir)?, command)
        }
        Command::Export(command) => {
            records_cli::export(&mut records_cli::open(cli.data_dir)?, command)
        }
        Command::Import(command) => {
            records_cli::import(&mut records_cli::open(cli.data_dir)?, command)
        }
        Command::Backup { output } => {
            records_cli::backup_to(&mut records_cli::open(cli.data_dir)?, &output)
        }
        Command::Restore { file, yes } => records_cli::restore(cli.data_dir, &file, yes),
        Command::Send { from, to, timings } => {
            lrs_cli::send(&mut records_cli::open(cli.data_dir)?, from, to, timings)
        }
        Command::Lrs(command) => lrs_cli::lrs(&mut records_cli::open(cli.data_dir)?, command),
        Command::Handbook { edition, output } => documents_cli::handbook(
            &mut records_cli::open(cli.data_dir)?,
            &documents_cli::course_dir(cli.course),
            edition,
            &records_cli::full(&output)?,
        ),
        Command::Certificate {
            person,
            session,
            one_file,
            output,
        } => documents_cli::certificate(
            &mut records_cli::open(cli.data_dir)?,
            &documents_cli::course_dir(cli.course),
            person,
            session,
            one_file,
            &records_cli::full(&output)?,
        ),
        Command::Register {
            session,
            blank,
            output,
        } => documents_cli::register(
            &mut records_cli::open(cli.data_dir)?,
            session,
            blank,
            &records_cli::full(&output)?,
        ),
        Command::Verify { code_or_file } => {
            let store = records_cli::open(cli.data_dir)?;
            documents_cli::verify(store.data_dir(), &code_or_file)
        }
        Command::Key(command) => documents_cli::key(
            &records_cli::open(cli.data_dir)?,
            &documents_cli::course_dir(cli.course),
            command,
        ),
        Command::Erase { person, yes } => {
            records_cli::erase(&mut records_cli::open(cli.data_dir)?, person, yes)
        }
        Command::RemovePassphrase => {
            let mut store = records_cli::open(cli.data_dir)?;
            let removed =
                signpost::records::staff_lock::remove(&mut store).map_err(|e| e.to_string())?;
            println!(
                "{}",
                if removed {
                    "removed the staff passphrase: set a new one in the app's Settings"
                } else {
                    "no staff passphrase was set"
                }
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn check(dir: &std::path::Path) -> Result<ExitCode, String> {
    let course = course::load(dir).map_err(|e| e.to_string())?;
    for problem in &course.problems {
        println!("{problem}");
    }
    let errors = course
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = course.problems.len() - errors;
    let slides: usize = course.modules.iter().map(|m| m.slides.len()).sum();
    let questions: usize = course.modules.iter().map(|m| m.questions.len()).sum();
    let minutes: u32 = course.modules.iter().map(|m| m.minutes).sum();
    println!(
        "{} modules, {slides} slides, {questions} questions, {minutes} minutes; {errors} errors, {warnings} warnings",
        course.modules.len()
    );
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
