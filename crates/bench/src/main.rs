//! `eid-bench`: the load tools the scripts under bench/ call.
//!
//! - `eid-bench token PORTAL ID_NUMBER LOG…` registers a citizen of the demo registry on a
//!   running `eid-portal --demo` (reading the one-time code from its log), logs in with a fresh
//!   device key and prints the session token, for wrk's scripts.
//! - `eid-bench ceiling --db URL --listen ADDR` serves the bare handler the portal's submission
//!   rate is compared with (see [`ceiling`]).
//! - `eid-bench registry COUNT FILE` writes a synthetic population registry (see [`registry`]).
//! - `eid-bench status-list DOCUMENTS` measures the signed status list's size and build time
//!   (see [`status_list`]).
//! - `eid-bench peak PORTAL LOG… --registry-size N --citizens K` signs up K citizens of that
//!   registry and measures their syncs at capacity and at twice it (see [`peak`]).

mod ceiling;
mod logs;
mod peak;
mod registry;
mod status_list;
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
    /// Write a synthetic registry of COUNT invented citizens (JSON Lines, for `eid-portal --registry`).
    Registry {
        /// How many citizens.
        count: u64,
        /// Where to write it.
        out: std::path::PathBuf,
        /// The seed: the same seed gives the same registry.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Measure the signed status list of DOCUMENTS documents: size and time to build and sign.
    StatusList {
        /// How many documents the list covers.
        documents: u64,
        /// Shares revoked, in per mille.
        #[arg(long, value_delimiter = ',', default_value = "0,1,10,50")]
        revoked_per_mille: Vec<u64>,
    },
    /// Sign up citizens of a synthetic registry and measure their syncs at capacity and beyond.
    Peak(peak::Options),
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
        Command::Registry { count, out, seed } => std::fs::File::create(&out)
            .map_err(|e| format!("cannot create {}: {e}", out.display()))
            .and_then(|f| {
                let mut w = std::io::BufWriter::new(f);
                registry::write(seed, count, &mut w)?;
                std::io::Write::flush(&mut w).map_err(|e| e.to_string())
            }),
        Command::StatusList {
            documents,
            revoked_per_mille,
        } => status_list::run(documents, &revoked_per_mille),
        Command::Peak(options) => peak::run(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eid-bench: {e}");
            ExitCode::from(2)
        }
    }
}
