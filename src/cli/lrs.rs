//! The Learning Record Store subcommands of the `signpost` command line:
//! `signpost lrs set|test|status` and `signpost send`. The secret comes from
//! `SIGNPOST_LRS_SECRET`, else the credential store, else a prompt on the
//! terminal (never echoed); it is never an argument, so it stays out of the
//! shell's history and the process list. Not part of the library crate.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Subcommand;
use jiff::civil::Date;
use signpost::export::DateRange;
use signpost::lrs::{self, ConnectionOutcome, LrsConfig, LrsError, secret};
use signpost::progress::Silent;
use signpost::records::Store;

/// Environment variable the command line reads the LRS's secret from.
pub const SECRET_ENV: &str = "SIGNPOST_LRS_SECRET";

#[derive(Subcommand)]
pub enum LrsCommand {
    /// Set the LRS's address and key; the secret is read from
    /// SIGNPOST_LRS_SECRET or asked for, and kept in the credential store
    Set {
        /// The LRS's xAPI address, e.g. https://lrs.example.org/xAPI
        #[arg(long)]
        endpoint: String,
        /// The key (HTTP Basic user name) the LRS gave you
        #[arg(long)]
        key: String,
    },
    /// Ask the LRS whether it answers and accepts the key and secret
    Test,
    /// Say how many statements the LRS has acknowledged, and how many are new since
    Status,
}

type Outcome = Result<ExitCode, String>;

fn configured(store: &Store) -> Result<LrsConfig, String> {
    lrs::config(store)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| LrsError::NotConfigured.to_string())
}

/// The secret from the environment, else `None` (the credential store is
/// tried next by the library).
fn secret_from_env() -> Option<String> {
    std::env::var(SECRET_ENV).ok().filter(|s| !s.is_empty())
}

/// The secret to use: the environment, the credential store, else a prompt
/// on the terminal.
fn secret_for(config: &LrsConfig) -> Result<String, String> {
    match secret::resolve(config, secret_from_env()) {
        Ok(secret) => Ok(secret),
        Err(LrsError::SecretNeeded) if std::io::stdin().is_terminal() => {
            rpassword::prompt_password(format!(
                "Secret for {} at {}: ",
                config.key, config.endpoint
            ))
            .map_err(|e| format!("could not read the secret: {e}"))
        }
        Err(err) => Err(format!("{err}; set {SECRET_ENV}")),
    }
}

pub fn lrs(store: &mut Store, command: LrsCommand) -> Outcome {
    match command {
        LrsCommand::Set { endpoint, key } => {
            let config = lrs::save_config(store, &endpoint, &key).map_err(|e| e.to_string())?;
            println!(
                "Learning Record Store: {} (key {})",
                config.endpoint, config.key
            );
            let given = match secret_from_env() {
                Some(secret) => Some(secret),
                None if std::io::stdin().is_terminal() => Some(
                    rpassword::prompt_password(
                        "Secret (kept in this computer's credential store): ",
                    )
                    .map_err(|e| format!("could not read the secret: {e}"))?,
                ),
                None => None,
            };
            match given.filter(|s| !s.is_empty()) {
                Some(given) => {
                    if secret::keep(&config, &given).map_err(|e| e.to_string())? {
                        println!("the secret is kept in this computer's credential store");
                    } else {
                        println!(
                            "this computer has no credential store: the secret was not kept, and will be asked for each time (or set {SECRET_ENV})"
                        );
                    }
                }
                None => println!(
                    "no secret given: it will be asked for each time (or set {SECRET_ENV})"
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
        LrsCommand::Test => {
            let config = configured(store)?;
            let secret = secret_for(&config)?;
            let check = lrs::test_connection(&config, &secret);
            println!("{}", check.message);
            Ok(if check.outcome == ConnectionOutcome::Ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        LrsCommand::Status => {
            let config = configured(store)?;
            let status = lrs::status(store, &config.endpoint).map_err(|e| e.to_string())?;
            match status.last_sent_at {
                Some(at) => println!(
                    "{} statements sent to {} (last on {}), {} new or corrected since",
                    status.sent,
                    status.endpoint,
                    at.strftime("%-d %b %Y"),
                    status.new_since
                ),
                None => println!(
                    "nothing sent yet to {}; {} statements to send",
                    status.endpoint, status.new_since
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `signpost send`: every statement the LRS has not acknowledged, for the
/// records in the range.
pub fn send(store: &mut Store, from: Option<Date>, to: Option<Date>, timings: bool) -> Outcome {
    let config = configured(store)?;
    let secret = secret_for(&config)?;
    let report = lrs::send(store, &config, &secret, DateRange { from, to }, &Silent)
        .map_err(|e| e.to_string())?;
    println!(
        "{} statements sent to {} ({} of them corrections); {} sent before withdrawn; {} already sent before; {} refused; {} not sent",
        report.sent,
        report.endpoint,
        report.corrected,
        report.withdrawn,
        report.already_sent,
        report.rejected.len(),
        report.not_sent
    );
    for rejected in &report.rejected {
        println!(
            "refused: {} ({}): {}",
            rejected.what, rejected.statement_id, rejected.reason
        );
    }
    if timings {
        let t = report.timings;
        println!(
            "timings: {:.1} ms before the first request, {:.1} ms between batches, {:.1} ms waiting for the LRS, {:.1} ms in all, {} requests",
            t.before_first_request_ms,
            t.between_batches_ms,
            t.waiting_for_lrs_ms,
            t.total_ms,
            t.requests
        );
    }
    if let Some(why) = &report.stopped {
        return Err(format!(
            "the send stopped: {why}. What the LRS acknowledged is recorded; run `signpost send` again to carry on"
        ));
    }
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
