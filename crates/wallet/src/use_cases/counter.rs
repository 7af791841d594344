//! Counter mode on the citizen's device: check a QR (text, image file or camera frame) against
//! the portal's trust bundle as last synced (or a bundle file), log the result, and keep one
//! [`Counter`] with its replay memory for as long as that trust lasts.

use crate::counter::Counter;
use crate::error::WalletError;
use crate::report::Report;
use crate::wallet::Wallet;
use eid_store::records::{Action, Activity};

/// What the counter checks.
#[derive(Debug, Clone, Copy)]
pub enum Scanned<'a> {
    /// A QR's text: typed, pasted, or typed by a keyboard-wedge scanner.
    Text(&'a str),
    /// An image file (PNG or JPEG) holding the QR.
    Image(&'a [u8]),
    /// An 8-bit grayscale camera frame (`width` × `height` bytes).
    Frame {
        /// The pixels.
        pixels: &'a [u8],
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
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
    /// never values). `None` when a camera frame holds no QR code, so the camera keeps looking
    /// instead of showing red for every empty frame (nothing is logged then).
    pub fn verify_at_counter(
        &mut self,
        trust: CounterTrust<'_>,
        scanned: Scanned<'_>,
    ) -> Result<Option<Report>, WalletError> {
        let now = self.clock.now();
        let mut from_file;
        let counter = match trust {
            CounterTrust::Synced => self.synced_counter()?,
            CounterTrust::Bundle(bytes) => {
                from_file = Counter::from_bundle(bytes, None)?;
                &mut from_file
            }
        };
        let report = match scanned {
            Scanned::Text(text) => Some(counter.verify_text(text, now)),
            Scanned::Image(bytes) => Some(counter.verify_image(bytes, now)?),
            Scanned::Frame {
                pixels,
                width,
                height,
            } => counter.verify_frame_if_any(pixels, width, height, now)?,
        };
        if let Some(report) = &report {
            self.log_verification(report)?;
        }
        Ok(report)
    }

    /// The counter for the portal's trust bundle as last synced, made again only when the
    /// bundle changed (so the replay memory survives between scans).
    fn synced_counter(&mut self) -> Result<&mut Counter, WalletError> {
        let bundle = self.trust_bundle()?.ok_or(WalletError::NoTrustList)?;
        let bytes = bundle.to_bytes();
        let stale = self.counter.as_ref().is_none_or(|(b, _)| *b != bytes);
        if stale {
            let counter = Counter::from_bundle(&bytes, Some(&bundle.root.key_id()))?;
            self.counter = Some((bytes.clone(), counter));
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
