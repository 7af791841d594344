//! `eid trust --portal URL --out FILE`: downloads the portal's trust bundle for a counter to
//! verify offline (`eid verify --trust FILE`).

use crate::exit;
use std::path::PathBuf;
use std::time::Duration;

/// Arguments of `eid trust`.
#[derive(clap::Args)]
pub struct Args {
    /// The portal's address.
    #[arg(long, env = "EID_PORTAL_URL", default_value = "http://127.0.0.1:8080")]
    portal: String,
    /// Where to write the bundle (trust-list.cbor format).
    #[arg(long)]
    out: PathBuf,
    /// Seconds the download may take.
    #[arg(long, default_value_t = 15)]
    timeout: u64,
}

/// Writes the bundle and prints its root key id (the trust anchor to pin).
pub fn run(args: Args) -> u8 {
    let client =
        match eid_wallet::PortalClient::new(&args.portal, Duration::from_secs(args.timeout)) {
            Ok(c) => c,
            Err(e) => return exit::fail(e),
        };
    let bundle = match eid_wallet::fetch_trust_bundle(&client) {
        Ok(b) => b,
        Err(e) => return exit::fail(e),
    };
    if let Err(e) = std::fs::write(&args.out, bundle.to_bytes()) {
        return exit::fail(format!("{}: {e}", args.out.display()));
    }
    println!("{}", bundle.root.key_id().to_hex());
    exit::OK
}
