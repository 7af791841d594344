//! The station's checks: a QR from a keyboard-wedge scanner, a picture file or a camera frame,
//! verified offline against the pinned trust bundle by one [`Counter`] (its replay memory
//! lasting across refreshes of the bundle), each check written to the station's own log with
//! its time, result code, document type and field names, never a value.

use crate::counter::Counter;
use crate::error::WalletError;
use crate::report::Report;
use crate::station::{CounterStation, LOG_ROTATE_BYTES};
use crate::use_cases::counter::Scanned;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

/// The station's log.
pub const LOG_FILE: &str = "log.jsonl";
/// The log before the current one (see [`LOG_ROTATE_BYTES`]).
pub const OLD_LOG_FILE: &str = "log.old.jsonl";

/// One check in the station's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StationLogEntry {
    /// When (Unix seconds).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at: u64,
    /// `ok`, or the reason code of a refusal (see `eid_credential::Reason`).
    pub result: String,
    /// The document type shown, when the check got that far.
    pub doc_type: Option<String>,
    /// The names of the fields shown (never their values).
    pub fields: Vec<String>,
}

impl CounterStation {
    /// Checks what was scanned against the pinned trust and logs the result.
    pub fn verify(&mut self, scanned: Scanned<'_>) -> Result<Report, WalletError> {
        let now = self.clock.now();
        let counter = self.counter()?;
        let report = match scanned {
            Scanned::Text(text) => counter.verify_text(text, now),
            Scanned::Image(bytes) => counter.verify_image(bytes, now)?,
        };
        self.log_check(&report)?;
        Ok(report)
    }

    /// Checks an 8-bit grayscale camera frame (`width` × `height` bytes) and logs the result;
    /// `None` when the frame holds no QR code (nothing is logged then).
    pub fn verify_frame(
        &mut self,
        pixels: &[u8],
        width: u32,
        height: u32,
    ) -> Result<Option<Report>, WalletError> {
        let now = self.clock.now();
        let report = self
            .counter()?
            .verify_frame_if_any(pixels, width, height, now)?;
        if let Some(report) = &report {
            self.log_check(report)?;
        }
        Ok(report)
    }

    /// The last `limit` checks, newest first.
    pub fn log(&self, limit: usize) -> Result<Vec<StationLogEntry>, WalletError> {
        let mut entries = Vec::new();
        for name in [OLD_LOG_FILE, LOG_FILE] {
            let file = match std::fs::File::open(self.file(name)) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(WalletError::Io(format!("{name}: {e}"))),
            };
            for line in std::io::BufReader::new(file).lines() {
                let line = line.map_err(|e| WalletError::Io(format!("{name}: {e}")))?;
                // A line cut short by a power cut is skipped, not a reason to show no log.
                if let Ok(entry) = serde_json::from_str::<StationLogEntry>(&line) {
                    entries.push(entry);
                }
            }
        }
        let skip = entries.len().saturating_sub(limit);
        Ok(entries.into_iter().skip(skip).rev().collect())
    }

    /// The counter for the pinned bundle, made from the kept bundle at the first check (a
    /// refresh hands it the new bundle: see `CounterStation::keep`).
    fn counter(&mut self) -> Result<&mut Counter, WalletError> {
        if self.counter.is_none() {
            let (pin, _, bytes) = self.pinned_trust()?.ok_or(WalletError::NoTrustList)?;
            let anchor = crate::counter::parse_anchor(&pin.anchor);
            self.counter = Some(Counter::from_bundle(&bytes, anchor.as_ref())?);
        }
        self.counter.as_mut().ok_or(WalletError::NoTrustList)
    }

    /// Appends one line to the log (moving a full log aside first).
    fn log_check(&self, report: &Report) -> Result<(), WalletError> {
        let entry = StationLogEntry {
            at: self.clock.now(),
            result: report.reason.unwrap_or("ok").to_owned(),
            doc_type: report.doc_type.map(str::to_owned),
            fields: report.fields.keys().map(|k| (*k).to_owned()).collect(),
        };
        let path = self.file(LOG_FILE);
        let failed = |e: std::io::Error| WalletError::Io(format!("{LOG_FILE}: {e}"));
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > LOG_ROTATE_BYTES) {
            std::fs::rename(&path, self.file(OLD_LOG_FILE)).map_err(failed)?;
        }
        std::fs::create_dir_all(&self.folder).map_err(failed)?;
        let mut line = serde_json::to_string(&entry).map_err(|e| WalletError::Io(e.to_string()))?;
        line.push('\n');
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(line.as_bytes()))
            .map_err(failed)
    }
}
