//! `eid-bench`: the load tools the scripts under bench/ call.
//!
//! - `eid-bench token PORTAL ID_NUMBER LOG…` registers a citizen of the demo registry on a
//!   running `eid-portal --demo` (reading the one-time code from its log), logs in with a fresh
//!   device key and prints the session token, for wrk's scripts.
//! - `eid-bench ceiling --db URL --listen ADDR` serves the bare handler the portal's submission
//!   rate is compared with (see [`ceiling`]).

mod ceiling;
mod token;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "eid-bench", about = "Load tools for bench/")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Register and log in a citizen of the demo registry; print the session token.
    Token {
        /// The portal's base URL.
        portal: String,
        /// The citizen's ID number (in assets/registry.json).
        id_number: String,
        /// The portals' log files (the demo one-time codes are written there).
        #[arg(required = true)]
        logs: Vec<std::path::PathBuf>,
    },
    /// Serve the bare-handler ceiling: `POST /v1/applications` inserts one row.
    Ceiling {
        /// `sqlite://FILE?mode=rwc` or `postgres://…`.
        #[arg(long)]
        db: String,
        /// Address to listen on.
        #[arg(long)]
        listen: String,
        /// SQLite: `synchronous = NORMAL` instead of `FULL`, as `eid-portal --fast-commit`.
        #[arg(long)]
        fast_commit: bool,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Token {
            portal,
            id_number,
            logs,
        } => token::run(&portal, &logs, &id_number).map(|t| println!("{t}")),
        Command::Ceiling {
            db,
            listen,
            fast_commit,
        } => ceiling::run(&db, &listen, fast_commit),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eid-bench: {e}");
            ExitCode::from(2)
        }
    }
}
