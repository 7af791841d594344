//! Sync: send the outbox exactly once, then pull the trust lists (the root pinned on first
//! use), the documents and the change feed (application states, the account's level, moves).

use crate::error::WalletError;
use crate::wallet::Wallet;
use eid_credential::TrustBundle;
use eid_portal_api::applications::{AccessBy, AccessView, FeedItem};
use eid_portal_client::{PortalClient, TrustAnswer};
use serde::Serialize;

/// Feed items asked for per page.
pub const FEED_PAGE: u32 = 200;
/// The trust-cache entry holding the portal's bundle.
pub const TRUST_BUNDLE: &str = "portal_bundle";
/// The trust cache entry holding the `ETag` of [`TRUST_BUNDLE`] (UTF-8; empty: none), sent as
/// `If-None-Match` on the next sync.
pub const TRUST_ETAG: &str = "portal_bundle_etag";

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncReport {
    /// Submissions the portal accepted in this pass.
    pub sent: usize,
    /// Submissions still waiting (network, portal busy).
    pub waiting: usize,
    /// Submissions the portal refused for good.
    pub refused: usize,
    /// Documents received (new or re-issued).
    pub documents_received: usize,
    /// Applications whose state changed.
    pub applications_updated: usize,
    /// The account's level now.
    pub level: Option<u8>,
    /// This device waits for its account to move here until then (Unix seconds); nothing else
    /// was synced.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub move_waiting_until: Option<u64>,
}

impl Wallet {
    /// Sends the outbox, then pulls the trust lists, the documents and the change feed. On a
    /// device waiting for its account to move here, it first asks how the move stands (see
    /// [`Wallet::verify_code`]).
    pub fn sync(&mut self, client: &mut PortalClient) -> Result<SyncReport, WalletError> {
        let mut report = SyncReport::default();
        if self.db()?.portal_account_id()?.is_none() {
            if let Some(until) = self.follow_move(client)? {
                report.move_waiting_until = Some(until);
                return Ok(report);
            }
        }
        self.ensure_login(client)?;
        self.register_recovery_key(client)?;
        self.register_revocation_code(client)?;
        self.send_outbox(client, &mut report)?;
        self.pull_trust(client)?;
        self.pull_feed(client, &mut report)?;
        report.documents_received = self.pull_documents(client)?;
        let now = self.clock.now();
        let db = self.db()?;
        report.level = db.account()?.map(|a| a.level);
        db.set_last_sync_at(now)?;
        Ok(report)
    }

    /// The portal's trust bundle as last synced.
    pub fn trust_bundle(&mut self) -> Result<Option<TrustBundle>, WalletError> {
        match self.db()?.trust(TRUST_BUNDLE)? {
            Some((bytes, _)) => Ok(Some(TrustBundle::from_bytes(&bytes)?)),
            None => Ok(None),
        }
    }

    /// The portal's root key id this wallet pinned at its first sync, in hex (for the about
    /// box); `None` while locked or before the first sync.
    pub fn trust_anchor(&mut self) -> Result<Option<String>, WalletError> {
        if !self.is_unlocked() {
            return Ok(None);
        }
        Ok(self.trust_bundle()?.map(|b| b.root.key_id().to_hex()))
    }

    fn pull_trust(&mut self, client: &PortalClient) -> Result<(), WalletError> {
        let held = match self.trust_bundle()? {
            Some(known) => self
                .db()?
                .trust(TRUST_ETAG)?
                .and_then(|(tag, _)| String::from_utf8(tag).ok())
                .filter(|t| !t.is_empty())
                .map(|t| (known, t)),
            None => None,
        };
        let now = self.clock.now();
        let (bundle, etag) =
            match fetch_trust_bundle_if_changed(client, held.as_ref().map(|(_, t)| t.as_str()))? {
                Some(fresh) => fresh,
                None => {
                    // Still current: the same bundle, confirmed now.
                    if let Some((known, _)) = held {
                        self.db()?.put_trust(TRUST_BUNDLE, &known.to_bytes(), now)?;
                    }
                    return Ok(());
                }
            };
        // The root key is pinned on first use: a later bundle must carry the same root.
        if let Some(known) = self.trust_bundle()? {
            if known.root != bundle.root {
                return Err(WalletError::TrustList(eid_credential::Rejection::new(
                    eid_credential::Reason::BadTrustList,
                    "the portal's root key changed",
                )));
            }
        }
        bundle.open(Some(&bundle.root.key_id()))?;
        let db = self.db()?;
        db.put_trust(TRUST_BUNDLE, &bundle.to_bytes(), now)?;
        db.put_trust(TRUST_ETAG, etag.unwrap_or_default().as_bytes(), now)?;
        Ok(())
    }

    fn pull_documents(&mut self, client: &PortalClient) -> Result<usize, WalletError> {
        let wire = client.documents()?;
        let have: Vec<String> = self.documents()?.into_iter().map(|d| d.id).collect();
        let mut received = 0;
        for d in wire.documents {
            if have.contains(&d.id) {
                continue;
            }
            let bytes =
                hex::decode(&d.issued).map_err(|e| WalletError::BadDocument(e.to_string()))?;
            self.receive_document(&bytes, Some(&d.id))?;
            received += 1;
        }
        if received > 0 {
            self.db()?.delete_documents_needing_rebinding()?;
        }
        Ok(received)
    }

    fn pull_feed(
        &mut self,
        client: &PortalClient,
        report: &mut SyncReport,
    ) -> Result<(), WalletError> {
        loop {
            let cursor = self.db()?.feed_cursor()?;
            let page = client.feed(cursor, FEED_PAGE)?;
            for item in &page.items {
                match item {
                    FeedItem::Application { application } => {
                        let row = crate::application_row::app_row(application, None)?;
                        self.db()?.put_application(&row)?;
                        report.applications_updated += 1;
                    }
                    FeedItem::Account { account } => self.remember_account(account)?,
                    FeedItem::Document { .. } => {}
                    FeedItem::Access { access } => self.remember_access(access)?,
                }
            }
            self.db()?.set_feed_cursor(page.cursor)?;
            if !page.more {
                return Ok(());
            }
        }
    }
}

impl Wallet {
    /// Writes a look at the citizen's data into the activity log, in codes: what was looked at
    /// (`result`), the application kind or document type, and who (the service's name, or
    /// `officer`).
    fn remember_access(&mut self, access: &AccessView) -> Result<(), WalletError> {
        let what = serde_json::to_value(access.action)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let counterpart = match access.by {
            AccessBy::Officer => "officer".to_owned(),
            AccessBy::Service => access.service_name.clone().unwrap_or_default(),
        };
        self.db()?.log(&eid_store::records::Activity {
            at: access.at,
            action: eid_store::records::Action::Accessed,
            doc_type: access
                .subject
                .clone()
                .filter(|s| eid_store::records::is_code(s)),
            fields: Vec::new(),
            counterpart: Some(counterpart),
            result: what,
        })?;
        Ok(())
    }
}

/// Downloads the portal's trust bundle (root key, signed trust list, signed status lists) and
/// checks its signatures. A counter keeps it to verify offline (`eid trust`); the wallet pins
/// its root on first sync.
pub fn fetch_trust_bundle(client: &PortalClient) -> Result<TrustBundle, WalletError> {
    bundle_of(client.trust()?)
}

/// As [`fetch_trust_bundle`], asking the portal with the tag of the bundle held (`etag`):
/// `None` when that bundle is still current (the portal answered `304` without a body), else
/// the new bundle with its tag.
pub fn fetch_trust_bundle_if_changed(
    client: &PortalClient,
    etag: Option<&str>,
) -> Result<Option<(TrustBundle, Option<String>)>, WalletError> {
    match client.trust_if_changed(etag)? {
        TrustAnswer::NotModified => Ok(None),
        TrustAnswer::Changed { wire, etag } => Ok(Some((bundle_of(wire)?, etag))),
    }
}

/// The bundle a `GET /v1/trust` answer holds, its signatures checked.
fn bundle_of(wire: eid_portal_api::documents::TrustWire) -> Result<TrustBundle, WalletError> {
    let bytes = |h: &str| hex::decode(h).map_err(|e| WalletError::BadDocument(e.to_string()));
    let bundle = TrustBundle {
        root: eid_credential::PublicKey::from_sec1(&bytes(&wire.root_key)?)
            .map_err(|e| WalletError::BadDocument(e.to_string()))?,
        trust_list: bytes(&wire.trust_list)?,
        status_lists: wire
            .status_lists
            .iter()
            .map(|s| bytes(s))
            .collect::<Result<_, _>>()?,
    };
    bundle.open(None)?;
    Ok(bundle)
}
