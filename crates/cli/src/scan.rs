//! `eid scan IMAGE…`

use crate::exit;
use std::path::PathBuf;

/// Arguments of `eid scan`.
#[derive(clap::Args)]
pub struct Args {
    /// PNG or JPEG images.
    #[arg(required = true)]
    images: Vec<PathBuf>,
}

/// Prints every QR text found, one per line; exit 1 when an image holds none.
pub fn run(args: Args) -> u8 {
    let mut code = exit::OK;
    for path in &args.images {
        let bytes = match exit::read(path) {
            Ok(b) => b,
            Err(e) => return exit::fail(e),
        };
        match eid_wallet::scan::scan_image(&bytes) {
            Ok(texts) if texts.is_empty() => {
                eprintln!("eid: no QR code found in {}", path.display());
                code = code.max(exit::NO);
            }
            Ok(texts) => texts.iter().for_each(|t| println!("{t}")),
            Err(e) => return exit::fail(format!("{}: {e}", path.display())),
        }
    }
    code
}
