//! Counter (verifier) mode: a clerk's device checks presentations offline against a cached
//! trust bundle, from typed or wedge-scanned text, an image file or a camera frame, and refuses
//! a QR it has already accepted.

use crate::error::WalletError;
use crate::report::Report;
use eid_credential::printed::verify_printed;
use eid_credential::trust::OpenTrust;
use eid_credential::{
    verify, KeyId, Reason, Rejection, ReplayCache, TrustBundle, UnixTime, VerifyContext,
};
use eid_qr::envelope::{self, Kind};

/// How many accepted presentations a counter remembers for replay checks.
pub const REPLAY_MEMORY: usize = 10_000;

/// A verifier with its trust bundle and replay memory.
pub struct Counter {
    trust: OpenTrust,
    replay: ReplayCache,
    /// Freshness window in seconds.
    pub window: u64,
    /// Whether printed cards (`EC1:`, bound to no phone) are accepted; a counter that needs a
    /// phone-bound presentation sets this to `false` and refuses them as
    /// `printed_card_not_accepted`.
    pub accept_printed_cards: bool,
}

/// Parses a trust anchor (a root key id) written as 16 hex digits.
pub fn parse_anchor(hex_text: &str) -> Option<KeyId> {
    let bytes = hex::decode(hex_text.trim()).ok()?;
    KeyId::from_slice(&bytes)
}

impl Counter {
    /// A counter from a trust bundle file's bytes; with `anchor`, the bundle's root key must be
    /// that one.
    pub fn from_bundle(bytes: &[u8], anchor: Option<&KeyId>) -> Result<Self, WalletError> {
        let trust = TrustBundle::from_bytes(bytes)?.open(anchor)?;
        Ok(Counter {
            trust,
            replay: ReplayCache::new(REPLAY_MEMORY),
            window: eid_credential::verify::DEFAULT_WINDOW_SECS,
            accept_printed_cards: true,
        })
    }

    /// Checks against a newer trust bundle from now on (a refreshed one: new status lists),
    /// keeping the replay memory, so a QR accepted before the refresh is still refused after
    /// it; with `anchor`, the bundle's root key must be that one. On an error the old bundle
    /// stays in use.
    pub fn replace_bundle(
        &mut self,
        bytes: &[u8],
        anchor: Option<&KeyId>,
    ) -> Result<(), WalletError> {
        self.trust = TrustBundle::from_bytes(bytes)?.open(anchor)?;
        Ok(())
    }

    /// The root key id the bundle is signed with.
    pub fn anchor(&self) -> KeyId {
        self.trust.anchor
    }

    /// When the trust list should have been refreshed.
    pub fn trust_next_update(&self) -> UnixTime {
        self.trust.list.next_update
    }

    /// Checks the text of a QR (typed, pasted, or typed by a keyboard-wedge scanner).
    pub fn verify_text(&mut self, text: &str, at: UnixTime) -> Report {
        let anchor = Some(self.trust.anchor.to_hex());
        match envelope::decode(text) {
            Ok((Kind::Presentation, bytes)) => self.verify_bytes(&bytes, at),
            Ok((Kind::PrintedCard, bytes)) => self.verify_printed(&bytes, at),
            Ok((Kind::Request, _)) => Report::invalid(
                &Rejection::malformed("this is a service's request QR, not a document"),
                at,
                anchor,
            ),
            Err(e) => Report::invalid(
                &Rejection::malformed(format!("not an eID Wallet QR: {e}")),
                at,
                anchor,
            ),
        }
    }

    /// Checks the first eID Wallet QR found in an image file (PNG or JPEG).
    pub fn verify_image(&mut self, image: &[u8], at: UnixTime) -> Result<Report, WalletError> {
        let texts = crate::scan::scan_image(image)?;
        Ok(self.verify_first(&texts, at))
    }

    /// Checks the first eID Wallet QR found in a grayscale camera frame.
    pub fn verify_gray_frame(
        &mut self,
        pixels: &[u8],
        width: u32,
        height: u32,
        at: UnixTime,
    ) -> Result<Report, WalletError> {
        let texts = eid_qr::scan::scan_gray(pixels, width, height)?;
        Ok(self.verify_first(&texts, at))
    }

    /// Checks a grayscale camera frame: `None` when it holds no QR code, so the camera keeps
    /// looking instead of showing red for every empty frame.
    pub fn verify_frame_if_any(
        &mut self,
        pixels: &[u8],
        width: u32,
        height: u32,
        at: UnixTime,
    ) -> Result<Option<Report>, WalletError> {
        let texts = eid_qr::scan::scan_gray(pixels, width, height)?;
        if texts.is_empty() {
            return Ok(None);
        }
        Ok(Some(self.verify_first(&texts, at)))
    }

    fn verify_first(&mut self, texts: &[String], at: UnixTime) -> Report {
        match texts
            .iter()
            .find(|t| {
                t.starts_with(Kind::Presentation.prefix())
                    || t.starts_with(Kind::PrintedCard.prefix())
            })
            .or(texts.first())
        {
            Some(text) => self.verify_text(text, at),
            None => Report::invalid(
                &Rejection::malformed("no QR code was found in the image"),
                at,
                Some(self.trust.anchor.to_hex()),
            ),
        }
    }

    /// A printed card: checked like a document (issuer, fields, validity, revocation), then
    /// refused when this counter needs a phone-bound presentation.
    fn verify_printed(&mut self, bytes: &[u8], at: UnixTime) -> Report {
        let anchor = Some(self.trust.anchor.to_hex());
        match verify_printed(bytes, &self.trust.list, &self.trust.status, at) {
            Ok(_) if !self.accept_printed_cards => Report::invalid(
                &Rejection::new(
                    Reason::PrintedCardNotAccepted,
                    "a genuine printed card; this counter needs a presentation from a phone",
                ),
                at,
                anchor,
            ),
            Ok(card) => Report::valid_printed(&card, at, anchor),
            Err(r) => Report::invalid(&r, at, anchor),
        }
    }

    fn verify_bytes(&mut self, bytes: &[u8], at: UnixTime) -> Report {
        let mut ctx = VerifyContext::new(&self.trust.list, &self.trust.status, at);
        ctx.window = self.window;
        let anchor = Some(self.trust.anchor.to_hex());
        match verify(bytes, &ctx, Some(&mut self.replay)) {
            Ok(v) => Report::valid(&v, at, anchor),
            Err(r) => Report::invalid(&r, at, anchor),
        }
    }
}
