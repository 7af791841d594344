//! `eid`: eID Wallet from a terminal — scan QR images, verify presentations, write reproducible
//! samples and run the demo. Each subcommand is a thin call into the `eid-wallet` facade.
//!
//! Exit codes: 0 success (valid), 1 a negative answer (invalid, or no QR found), 2 a usage or
//! I/O error. The contract is in docs/cli.md.

mod demo;
mod exit;
mod idcard;
mod portal;
mod sample;
mod scan;
mod trust;
mod verify;
mod wallet;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// eID Wallet on the command line.
#[derive(Parser)]
#[command(
    name = "eid",
    version,
    about = "eID Wallet: scan, verify and sample QR presentations"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the text of each QR code found in the images, one per line.
    Scan(scan::Args),
    /// Verify a presentation and print one JSON object.
    Verify(verify::Args),
    /// Write a reproducible sample: trust list, document, presentation text and image.
    Sample(sample::Args),
    /// Issue a sample document, show it as a QR, scan the image back and verify it.
    Demo(demo::Args),
    /// Read the QR printed on a citizen-ID card (it pre-fills forms; it proves nothing).
    Idcard(idcard::Args),
    /// Download the portal's trust bundle for a counter to verify offline.
    Trust(trust::Args),
    /// The citizen's encrypted wallet: create, unlock, documents, present, log, backup, restore.
    Wallet(wallet::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(exit::USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let code = match cli.command {
        Command::Scan(a) => scan::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Sample(a) => sample::run(a),
        Command::Demo(a) => demo::run(a),
        Command::Idcard(a) => idcard::run(a),
        Command::Trust(a) => trust::run(a),
        Command::Wallet(a) => wallet::run(a),
    };
    ExitCode::from(code)
}
