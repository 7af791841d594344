//! `eid verify [--trust FILE] [--at RFC3339] [--phone-only] (--text STRING | --image FILE | -)`

use crate::exit;
use eid_wallet::counter::{parse_anchor, Counter};
use std::io::Read;
use std::path::PathBuf;

/// Arguments of `eid verify`.
#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("input").required(true).args(["text", "image", "stdin"]))]
pub struct Args {
    /// The trust bundle (trust-list.cbor); defaults to $EID_TRUST.
    #[arg(long, env = "EID_TRUST")]
    trust: Option<PathBuf>,
    /// Pin the root key id (16 hex digits); defaults to $EID_TRUST_ANCHOR.
    #[arg(long, env = "EID_TRUST_ANCHOR")]
    anchor: Option<String>,
    /// Verify as at this time (RFC 3339) instead of now.
    #[arg(long)]
    at: Option<String>,
    /// Freshness window in seconds.
    #[arg(long, default_value_t = 60)]
    window: u64,
    /// Accept only documents shown from a phone: printed cards are refused
    /// (`printed_card_not_accepted`).
    #[arg(long)]
    phone_only: bool,
    /// The QR text.
    #[arg(long)]
    text: Option<String>,
    /// An image holding the QR.
    #[arg(long)]
    image: Option<PathBuf>,
    /// Read the QR text from standard input.
    #[arg(id = "stdin", value_name = "-", value_parser = clap::builder::PossibleValuesParser::new(["-"]))]
    stdin: Option<String>,
}

/// Prints one JSON report; exit 0 valid, 1 invalid, 2 usage or I/O error.
pub fn run(args: Args) -> u8 {
    let at = match exit::time_arg(args.at.as_deref()) {
        Ok(t) => t,
        Err(e) => return exit::fail(e),
    };
    let Some(trust_path) = args.trust else {
        return exit::fail("no trust list: pass --trust FILE (e.g. trust-list.cbor from `eid sample`) or set EID_TRUST");
    };
    let anchor = match args.anchor.as_deref().map(parse_anchor) {
        Some(None) => return exit::fail("--anchor must be 16 hex digits (a root key id)"),
        Some(Some(a)) => Some(a),
        None => None,
    };
    let bundle = match exit::read(&trust_path) {
        Ok(b) => b,
        Err(e) => return exit::fail(e),
    };
    let mut counter = match Counter::from_bundle(&bundle, anchor.as_ref()) {
        Ok(c) => c,
        Err(eid_wallet::WalletError::TrustList(r)) => {
            return print(&eid_wallet::Report::invalid(&r, at, None));
        }
        Err(e) => return exit::fail(e),
    };
    counter.window = args.window;
    counter.accept_printed_cards = !args.phone_only;
    let report = if let Some(text) = args.text {
        counter.verify_text(&text, at)
    } else if let Some(path) = args.image {
        let bytes = match exit::read(&path) {
            Ok(b) => b,
            Err(e) => return exit::fail(e),
        };
        match counter.verify_image(&bytes, at) {
            Ok(r) => r,
            Err(e) => return exit::fail(format!("{}: {e}", path.display())),
        }
    } else {
        let mut text = String::new();
        // A QR holds at most a few kilobytes; read a little more to notice longer input.
        if let Err(e) = std::io::stdin().take(64 * 1024).read_to_string(&mut text) {
            return exit::fail(format!("cannot read standard input: {e}"));
        }
        counter.verify_text(&text, at)
    };
    print(&report)
}

fn print(report: &eid_wallet::Report) -> u8 {
    match serde_json::to_string(report) {
        Ok(json) => println!("{json}"),
        Err(e) => return exit::fail(e),
    }
    if report.valid {
        exit::OK
    } else {
        exit::NO
    }
}
