//! `eid idcard (--text STRING | --image FILE)`

use crate::exit;
use std::path::PathBuf;

/// Arguments of `eid idcard`.
#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("input").required(true).args(["text", "image"]))]
pub struct Args {
    /// The text of the card's QR.
    #[arg(long)]
    text: Option<String>,
    /// A photo or scan of the card's QR.
    #[arg(long)]
    image: Option<PathBuf>,
}

/// Prints the card's fields as JSON; exit 1 when the text is not a valid card QR.
pub fn run(args: Args) -> u8 {
    let text = match (args.text, args.image) {
        (Some(t), _) => t,
        (None, Some(path)) => {
            let bytes = match exit::read(&path) {
                Ok(b) => b,
                Err(e) => return exit::fail(e),
            };
            match eid_wallet::scan::scan_image(&bytes) {
                Ok(texts) => match texts.into_iter().next() {
                    Some(t) => t,
                    None => {
                        eprintln!("eid: no QR code found in {}", path.display());
                        return exit::NO;
                    }
                },
                Err(e) => return exit::fail(e),
            }
        }
        (None, None) => return exit::fail("give --text or --image"),
    };
    match eid_wallet::idcard::read_id_card_qr(&text) {
        Ok(card) => match serde_json::to_string(&card) {
            Ok(json) => {
                println!("{json}");
                exit::OK
            }
            Err(e) => exit::fail(e),
        },
        Err(e) => {
            eprintln!("eid: {e}");
            exit::NO
        }
    }
}
