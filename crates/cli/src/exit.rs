//! Exit codes and the one way errors are printed.

use std::time::{SystemTime, UNIX_EPOCH};

/// Success, or a valid presentation.
pub const OK: u8 = 0;
/// A negative answer: invalid presentation, or no QR code found.
pub const NO: u8 = 1;
/// Wrong usage, or a file that cannot be read or written.
pub const USAGE: u8 = 2;

/// Prints `eid: message` to standard error and returns [`USAGE`].
pub fn fail(message: impl std::fmt::Display) -> u8 {
    eprintln!("eid: {message}");
    USAGE
}

/// The time to act at: `--at` when given (RFC 3339), otherwise the system clock.
pub fn time_arg(at: Option<&str>) -> Result<u64, String> {
    match at {
        Some(text) => eid_wallet::timefmt::from_rfc3339(text).ok_or_else(|| {
            format!("--at {text:?} is not a time like 2026-11-22T08:30:00Z (RFC 3339, after 1970)")
        }),
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .map_err(|_| "the system clock is before 1970".to_string()),
    }
}

/// Reads a file, naming it in the error.
pub fn read(path: &std::path::Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Prints the refusal (each field error on its own line) and returns [`NO`].
pub(crate) fn refuse(e: eid_wallet::WalletError) -> u8 {
    for f in e.fields() {
        eprintln!("eid: {}: {} ({})", f.field, f.message, f.code);
    }
    eprintln!("eid: {e} ({})", e.code());
    NO
}

/// Prints a value as pretty JSON on standard output.
pub(crate) fn print_json(v: &impl serde::Serialize) -> u8 {
    match serde_json::to_string_pretty(v) {
        Ok(s) => {
            println!("{s}");
            OK
        }
        Err(e) => fail(e),
    }
}
