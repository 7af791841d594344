//! `eid demo`: the whole counter story in one command, in plain words — a sample health
//! insurance card is issued, shown as a QR, the image is scanned back and verified, and then a
//! tampered copy and a replayed copy are refused.

use crate::exit;
use eid_wallet::counter::Counter;
use eid_wallet::Report;
use std::path::PathBuf;

/// Arguments of `eid demo`.
#[derive(clap::Args)]
pub struct Args {
    /// Folder for the sample files.
    #[arg(long, default_value = "out/demo")]
    out: PathBuf,
    /// Seed for keys and salts.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Do not draw the QR in the terminal.
    #[arg(long)]
    no_qr: bool,
}

/// Runs the demo; exit 0 when every step gave the expected answer.
pub fn run(args: Args) -> u8 {
    match demo(&args) {
        Ok(true) => exit::OK,
        Ok(false) => exit::NO,
        Err(e) => exit::fail(e),
    }
}

fn demo(args: &Args) -> Result<bool, String> {
    let at = exit::time_arg(None)?;
    println!("1. The portal issues a health insurance card to a sample citizen, bound to her phone's key.");
    crate::sample::write(&args.out, args.seed, at)?;
    let text = std::fs::read_to_string(args.out.join("presentation.txt"))
        .map_err(|e| format!("cannot read the sample: {e}"))?;
    let text = text.trim_end();
    println!("   Files written to {}", args.out.display());
    println!(
        "2. At the clinic she shows 5 fields (number, name, date of birth, validity) as a QR:"
    );
    let matrix = eid_wallet::render::encode_matrix(text).map_err(|e| e.to_string())?;
    println!(
        "   {} characters, QR version {}, saved as {}",
        text.len(),
        matrix.version(),
        args.out.join("presentation.png").display()
    );
    if !args.no_qr {
        print!("{}", terminal_qr(&matrix));
    }
    println!("3. The counter scans the image and checks it offline against the trust list:");
    let image = exit::read(&args.out.join("presentation.png"))?;
    let bundle = exit::read(&args.out.join("trust-list.cbor"))?;
    let mut counter = Counter::from_bundle(&bundle, None).map_err(|e| e.to_string())?;
    let scanned = counter
        .verify_image(&image, at + 2)
        .map_err(|e| e.to_string())?;
    describe(&scanned);
    println!("4. Someone edits one character of the QR text:");
    let tampered = tamper(text);
    let red = counter.verify_text(&tampered, at + 3);
    describe(&red);
    println!("5. Someone shows a photo of the same QR again:");
    let replay = counter
        .verify_image(&image, at + 4)
        .map_err(|e| e.to_string())?;
    describe(&replay);
    Ok(scanned.valid && !red.valid && replay.reason == Some("replayed"))
}

fn describe(r: &Report) {
    if r.valid {
        let issuer = r.issuer.as_ref().map_or("", |i| i.name.as_str());
        println!(
            "   VALID: {} from {issuer}",
            r.doc_type.unwrap_or("document")
        );
        for (name, value) in &r.fields {
            let v = serde_json::to_string(value).unwrap_or_default();
            println!("     {name}: {}", v.trim_matches('"'));
        }
    } else {
        println!(
            "   REFUSED ({}): {}",
            r.reason.unwrap_or("?"),
            r.detail.as_deref().unwrap_or("")
        );
    }
}

/// Changes one character in the middle of the base45 text to another base45 character.
fn tamper(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

/// Draws the QR with Unicode half blocks, two module rows per line, with a quiet zone.
fn terminal_qr(m: &eid_wallet::render::QrMatrix) -> String {
    let n = m.width() as i64;
    let dark = |x: i64, y: i64| x >= 0 && y >= 0 && x < n && y < n && m.is_dark(x as u32, y as u32);
    let mut out = String::new();
    let mut y = -2;
    while y < n + 2 {
        out.push_str("   ");
        for x in -2..n + 2 {
            out.push(match (dark(x, y), dark(x, y + 1)) {
                (true, true) => ' ',
                (true, false) => '▄',
                (false, true) => '▀',
                (false, false) => '█',
            });
        }
        out.push('\n');
        y += 2;
    }
    out
}
