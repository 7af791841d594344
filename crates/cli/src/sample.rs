//! `eid sample --out DIR [--seed N] [--at RFC3339]`

use crate::exit;
use std::path::PathBuf;

/// Arguments of `eid sample`.
#[derive(clap::Args)]
pub struct Args {
    /// Folder to write into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Seed for every key and salt.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The sample's time (RFC 3339) instead of now: the trust and status lists are signed and
    /// the presentation made at it; the document is signed (iat, nbf) one hour before.
    #[arg(long)]
    at: Option<String>,
}

/// Writes the sample files and lists them.
pub fn run(args: Args) -> u8 {
    let at = match exit::time_arg(args.at.as_deref()) {
        Ok(t) => t,
        Err(e) => return exit::fail(e),
    };
    match write(&args.out, args.seed, at) {
        Ok(names) => {
            for n in names {
                println!("{}", args.out.join(n).display());
            }
            exit::OK
        }
        Err(e) => exit::fail(e),
    }
}

/// Writes the sample of `seed` at `at` into `dir`; returns the file names.
pub fn write(dir: &std::path::Path, seed: u64, at: u64) -> Result<Vec<&'static str>, String> {
    let sample = eid_wallet::sample::make_sample(seed, at).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut names = Vec::new();
    for (name, bytes) in &sample.files {
        let path = dir.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        names.push(*name);
    }
    Ok(names)
}
