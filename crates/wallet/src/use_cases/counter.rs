//! Counter mode on the citizen's device: check a QR (text, image file or camera frame) against
//! the portal's trust bundle as last synced (or a bundle file), log the result, and keep one
//! [`Counter`] with its replay memory for as long as that trust lasts.

use crate::counter::Counter;
use crate::error::WalletError;
use crate::report::Report;
use crate::wallet::Wallet;
use eid_store::records::{Action, Activity};

/// What the counter checks (camera frames: [`Wallet::verify_frame_at_counter`]).
#[derive(Debug, Clone, Copy)]
pub enum Scanned<'a> {
    /// A QR's text: typed, pasted, or typed by a keyboard-wedge scanner.
    Text(&'a str),
    /// An image file (PNG or JPEG) holding the QR; one without a QR is a red report.
    Image(&'a [u8]),
}

/// Which trust the counter checks against.
#[derive(Debug, Clone, Copy)]
pub enum CounterTrust<'a> {
    /// The portal's bundle as last synced (its root pinned at the first sync).
    Synced,
    /// A trust bundle file's bytes (`eid trust` writes one), for a counter that never syncs.
    Bundle(&'a [u8]),
}

impl Wallet {
    /// Checks what was scanned as a counter and logs the result (result code and field names,
    /// never values).
    pub fn verify_at_counter(
        &mut self,
        trust: CounterTrust<'_>,
        scanned: Scanned<'_>,
    ) -> Result<Report, WalletError> {
        let now = self.clock.now();
        let report = match scanned {
            Scanned::Text(text) => self.counter_for(trust, |c| Ok(c.verify_text(text, now)))?,
            Scanned::Image(bytes) => self.counter_for(trust, |c| c.verify_image(bytes, now))?,
        };
        self.log_verification(&report)?;
        Ok(report)
    }

    /// Checks an 8-bit grayscale camera frame (`width` × `height` bytes) as a counter and logs
    /// the result. `None` when the frame holds no QR code, so the camera keeps looking instead
    /// of showing red for every empty frame (nothing is logged then).
    pub fn verify_frame_at_counter(
        &mut self,
        trust: CounterTrust<'_>,
        pixels: &[u8],
        width: u32,
        height: u32,
    ) -> Result<Option<Report>, WalletError> {
        let now = self.clock.now();
        let report =
            self.counter_for(trust, |c| c.verify_frame_if_any(pixels, width, height, now))?;
        if let Some(report) = &report {
            self.log_verification(report)?;
        }
        Ok(report)
    }

    /// Runs `check` on the counter for `trust`: the cached one for the synced bundle, or one
    /// made for a bundle file.
    fn counter_for<T>(
        &mut self,
        trust: CounterTrust<'_>,
        check: impl FnOnce(&mut Counter) -> Result<T, WalletError>,
    ) -> Result<T, WalletError> {
        match trust {
            CounterTrust::Synced => check(self.synced_counter()?),
            CounterTrust::Bundle(bytes) => check(&mut Counter::from_bundle(bytes, None)?),
        }
    }

    /// The counter for the portal's trust bundle as last synced, given the bundle again when a
    /// sync changed it (its replay memory survives between scans and across syncs).
    fn synced_counter(&mut self) -> Result<&mut Counter, WalletError> {
        let bundle = self.trust_bundle()?.ok_or(WalletError::NoTrustList)?;
        let bytes = bundle.to_bytes();
        let anchor = bundle.root.key_id();
        match &mut self.counter {
            Some((kept, counter)) if *kept != bytes => {
                counter.replace_bundle(&bytes, Some(&anchor))?;
                *kept = bytes;
            }
            Some(_) => {}
            None => {
                let counter = Counter::from_bundle(&bytes, Some(&anchor))?;
                self.counter = Some((bytes, counter));
            }
        }
        match &mut self.counter {
            Some((_, counter)) => Ok(counter),
            None => Err(WalletError::NoTrustList),
        }
    }

    /// Records a counter-mode verification made on this device (result code, field names).
    fn log_verification(&mut self, report: &Report) -> Result<(), WalletError> {
        let now = self.clock.now();
        let entry = Activity {
            at: now,
            action: Action::Verify,
            doc_type: report.doc_type.map(str::to_owned),
            fields: report.fields.keys().map(|k| k.to_string()).collect(),
            counterpart: Some("counter".into()),
            result: report.reason.unwrap_or("ok").to_owned(),
        };
        self.db()?.log(&entry)?;
        Ok(())
    }
}
