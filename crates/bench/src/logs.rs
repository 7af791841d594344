//! The demo one-time codes in the portals' logs: `eid-portal --demo` writes
//! `demo one-time code for registration ID: CODE` where a real portal would send an SMS.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

const MARK: &str = "demo one-time code for registration ";

/// Every registration's code in `logs`, by registration id (the latest, when one repeats).
pub fn codes(logs: &[PathBuf]) -> HashMap<String, String> {
    let mut found = HashMap::new();
    for log in logs {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        for line in text.lines() {
            if let Some((id, code)) = line
                .split_once(MARK)
                .and_then(|(_, rest)| rest.split_once(": "))
            {
                found.insert(id.to_owned(), code.trim().to_owned());
            }
        }
    }
    found
}

/// The code of `registration`, waiting up to 10 s for a portal to write it: behind a load
/// balancer, any of the portals may have handled it.
pub fn code_for(logs: &[PathBuf], registration: &str) -> Result<String, String> {
    for _ in 0..200 {
        if let Some(code) = codes(logs).remove(registration) {
            return Ok(code);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("no code for {registration} in the logs given"))
}
