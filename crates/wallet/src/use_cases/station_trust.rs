//! The station's trust: the portal's public trust bundle, fetched, shown to the clerk as a root
//! key id to compare with the one printed by the issuing authority, pinned only when the clerk
//! confirms, then refreshed while online (a refreshed bundle must carry the pinned root) and
//! used offline, with a warning once its revocation list is older than the station's limit.

use crate::error::WalletError;
use crate::station::{key_id_groups, write_atomically, CounterStation};
use crate::use_cases::sync::{fetch_trust_bundle, fetch_trust_bundle_if_changed};
use eid_credential::{OpenTrust, TrustBundle};
use eid_portal_client::PortalClient;
use serde::{Deserialize, Serialize};

/// The file holding the trust bundle as last fetched.
pub const TRUST_BUNDLE_FILE: &str = "trust.cbor";
/// The file holding the pinned root key id and the bundle's age.
pub const TRUST_PIN_FILE: &str = "trust.json";
/// How often a station online fetches the bundle again (the app also does at start and when
/// the clerk asks).
pub const REFRESH_EVERY_SECONDS: u64 = 15 * 60;

/// What `trust.json` holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PinFile {
    /// The pinned root key id, in hex.
    pub(crate) anchor: String,
    /// When the clerk pinned it (Unix seconds).
    pub(crate) pinned_at: u64,
    /// When the bundle in `trust.cbor` was fetched (Unix seconds).
    pub(crate) fetched_at: u64,
    /// The portal's `ETag` of that bundle, asked with on the next refresh (absent in files of
    /// earlier versions, and until the first refresh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) etag: Option<String>,
}

/// A bundle fetched for the clerk to compare, before it is trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrustOffer {
    /// The root key id in hex, to pin with [`CounterStation::pin_trust`].
    pub anchor: String,
    /// The same in groups of four digits, to read aloud and compare: `3f2a 9c01 d4e7 b860`.
    pub anchor_groups: String,
    /// The offices the bundle's trust list names.
    pub issuers: Vec<String>,
}

/// Where the station's trust stands, for its screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StationStatus {
    /// A root key is pinned: the station can check documents.
    pub pinned: bool,
    /// The pinned root key id in groups of four digits.
    pub anchor_groups: Option<String>,
    /// When the clerk pinned it (Unix seconds).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub pinned_at: Option<u64>,
    /// When the bundle in use was fetched (Unix seconds).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub fetched_at: Option<u64>,
    /// When its revocation (status) list was signed (the oldest, if several; Unix seconds).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub status_issued_at: Option<u64>,
    /// That list's age now, in seconds.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub status_age_seconds: Option<u64>,
    /// The station's limit for that age (its settings), in seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub max_status_age_seconds: u64,
    /// The revocation list is older than the limit (or missing): the clerk is warned that a
    /// document revoked since may still show green.
    pub status_too_old: bool,
    /// How often the app fetches the bundle again while the station is open, in seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub refresh_every_seconds: u64,
}

impl CounterStation {
    /// Downloads the portal's trust bundle and offers it to the clerk (see
    /// [`CounterStation::offer_trust`]).
    pub fn fetch_trust(&mut self, client: &PortalClient) -> Result<TrustOffer, WalletError> {
        self.offer_trust(fetch_trust_bundle(client)?)
    }

    /// Checks a bundle's signatures against its own root key and keeps it, not yet trusted,
    /// until the clerk has compared its root key id with the printed one. On a station that
    /// has pinned a root already, a bundle with another root is refused.
    pub fn offer_trust(&mut self, bundle: TrustBundle) -> Result<TrustOffer, WalletError> {
        let open = bundle.open(None)?;
        let anchor = open.anchor.to_hex();
        if let Some(pin) = self.pin()? {
            if pin.anchor != anchor {
                return Err(WalletError::TrustRootChanged);
            }
        }
        let offer = TrustOffer {
            anchor_groups: key_id_groups(&anchor),
            anchor,
            issuers: open.list.issuers.iter().map(|i| i.name.clone()).collect(),
        };
        self.offered = Some(bundle);
        Ok(offer)
    }

    /// Pins the offered bundle's root key, which the clerk confirmed is `anchor` (the hex of
    /// the offer shown), and keeps the bundle.
    pub fn pin_trust(&mut self, anchor: &str) -> Result<StationStatus, WalletError> {
        let bundle = self
            .offered
            .take()
            .ok_or(WalletError::NotFound("trust list to pin"))?;
        let offered = bundle.root.key_id().to_hex();
        if offered != anchor.trim().to_ascii_lowercase() {
            return Err(WalletError::TrustList(eid_credential::Rejection::new(
                eid_credential::Reason::BadTrustList,
                "the confirmed key id is not the offered one",
            )));
        }
        let now = self.clock.now();
        let pinned_at = self.pin()?.map_or(now, |p| p.pinned_at);
        self.keep(
            &bundle,
            &PinFile {
                anchor: offered,
                pinned_at,
                fetched_at: now,
                etag: None,
            },
        )?;
        self.trust_status()
    }

    /// Downloads the portal's trust bundle again (see [`CounterStation::refresh_trust_with`]),
    /// asking with the kept bundle's `ETag`: when the portal answers that it is still current,
    /// only its fetch time moves.
    pub fn refresh_trust(&mut self, client: &PortalClient) -> Result<StationStatus, WalletError> {
        let pin = self.pin()?.ok_or(WalletError::NoTrustList)?;
        let etag = pin
            .etag
            .as_deref()
            .filter(|_| self.file(TRUST_BUNDLE_FILE).exists());
        match fetch_trust_bundle_if_changed(client, etag)? {
            Some((bundle, etag)) => self.refresh_tagged(bundle, etag),
            None => {
                let now = self.clock.now();
                self.write_json(
                    TRUST_PIN_FILE,
                    &PinFile {
                        fetched_at: now,
                        ..pin
                    },
                )?;
                self.trust_status()
            }
        }
    }

    /// Replaces the kept bundle with a newer one, which must carry the pinned root key
    /// ([`WalletError::TrustRootChanged`] otherwise; the old bundle stays in use).
    pub fn refresh_trust_with(
        &mut self,
        bundle: TrustBundle,
    ) -> Result<StationStatus, WalletError> {
        self.refresh_tagged(bundle, None)
    }

    fn refresh_tagged(
        &mut self,
        bundle: TrustBundle,
        etag: Option<String>,
    ) -> Result<StationStatus, WalletError> {
        let pin = self.pin()?.ok_or(WalletError::NoTrustList)?;
        if bundle.root.key_id().to_hex() != pin.anchor {
            return Err(WalletError::TrustRootChanged);
        }
        bundle.open(Some(&bundle.root.key_id()))?;
        let now = self.clock.now();
        self.keep(
            &bundle,
            &PinFile {
                fetched_at: now,
                etag,
                ..pin
            },
        )?;
        self.trust_status()
    }

    /// Where the station's trust stands now: pinned or not, the bundle's age, and whether its
    /// revocation list is older than the station's limit (strictly older: a list exactly at the
    /// limit is still fine).
    pub fn trust_status(&self) -> Result<StationStatus, WalletError> {
        let max = self.settings().max_status_age_seconds();
        let now = self.clock.now();
        let kept = self.pinned_trust()?;
        let status_issued_at = kept
            .as_ref()
            .and_then(|(_, open, _)| open.status.iter().map(|s| s.issued_at).min());
        let status_age_seconds = status_issued_at.map(|t| now.saturating_sub(t));
        let pin = kept.map(|(pin, _, _)| pin);
        Ok(StationStatus {
            pinned: pin.is_some(),
            anchor_groups: pin.as_ref().map(|p| key_id_groups(&p.anchor)),
            pinned_at: pin.as_ref().map(|p| p.pinned_at),
            fetched_at: pin.as_ref().map(|p| p.fetched_at),
            status_issued_at,
            status_age_seconds,
            max_status_age_seconds: max,
            status_too_old: pin.is_some() && status_age_seconds.is_none_or(|age| age > max),
            refresh_every_seconds: REFRESH_EVERY_SECONDS,
        })
    }

    /// The pinned root and the kept bundle, opened against it, with its bytes; `None` before
    /// the clerk pinned one.
    pub(crate) fn pinned_trust(
        &self,
    ) -> Result<Option<(PinFile, OpenTrust, Vec<u8>)>, WalletError> {
        let Some(pin) = self.pin()? else {
            return Ok(None);
        };
        let bytes = std::fs::read(self.file(TRUST_BUNDLE_FILE))
            .map_err(|e| WalletError::Io(format!("{TRUST_BUNDLE_FILE}: {e}")))?;
        let anchor = crate::counter::parse_anchor(&pin.anchor).ok_or_else(|| {
            WalletError::TrustList(eid_credential::Rejection::new(
                eid_credential::Reason::BadTrustList,
                "the pinned key id is damaged",
            ))
        })?;
        let open = TrustBundle::from_bytes(&bytes)?.open(Some(&anchor))?;
        Ok(Some((pin, open, bytes)))
    }

    /// The pin file; `None` when nothing is pinned. A damaged one is an error, never "not
    /// pinned", so a damaged file cannot lead to trusting another root.
    fn pin(&self) -> Result<Option<PinFile>, WalletError> {
        let path = self.file(TRUST_PIN_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
                WalletError::TrustList(eid_credential::Rejection::new(
                    eid_credential::Reason::BadTrustList,
                    format!("{TRUST_PIN_FILE} is damaged: {e}"),
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(WalletError::Io(format!("{}: {e}", path.display()))),
        }
    }

    /// Writes the bundle, then the pin file, each atomically (a crash between the two leaves
    /// the new bundle with the old age, which only makes the station warn sooner), and hands
    /// the bundle to the counter, whose replay memory stays.
    fn keep(&mut self, bundle: &TrustBundle, pin: &PinFile) -> Result<(), WalletError> {
        let bytes = bundle.to_bytes();
        write_atomically(&self.file(TRUST_BUNDLE_FILE), &bytes)?;
        self.write_json(TRUST_PIN_FILE, pin)?;
        if let Some(counter) = &mut self.counter {
            counter.replace_bundle(&bytes, Some(&bundle.root.key_id()))?;
        }
        Ok(())
    }
}
