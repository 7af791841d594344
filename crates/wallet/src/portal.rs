//! The wallet's use cases that talk to the portal: register (level 1), verify the code, ask for
//! level 2, apply (offline first: a draft and its outbox entry in one transaction), send the
//! outbox exactly once, sync documents and application states, and share with a service.
//!
//! Every call takes the [`PortalClient`] to use, so the app and the CLI decide the portal's
//! address and timeouts; the session token lives in the client and is renewed with the device
//! key when it expires.

use crate::citizen::Wallet;
use crate::error::WalletError;
use eid_credential::{present, PresentRequest, ShareRequest, TrustBundle};
use eid_portal_api::account::{AccountView, RegisterRequest};
use eid_portal_api::applications::{ApplicationView, FeedItem};
use eid_portal_api::forms::{self, ApplicationForm};
use eid_portal_api::share::ShareAnswer;
use eid_portal_api::ErrorCode;
use eid_portal_client::outbox::{classify, next_delay_secs, Delivery};
use eid_portal_client::{ClientError, PortalClient};
use eid_qr::envelope::{self, Kind};
use eid_store::outbox::{ApplicationRow, OutboxItem, WAITING};
use eid_store::records::{Account, Action, Activity, Draft};
use serde::Serialize;

/// Most outbox items sent in one pass.
pub const SEND_BATCH: usize = 50;
/// Feed items asked for per page.
pub const FEED_PAGE: u32 = 200;
/// The trust-cache entry holding the portal's bundle.
pub const TRUST_BUNDLE: &str = "portal_bundle";

/// What a level-1 registration needs (the device key is added by the wallet).
#[derive(Debug, Clone)]
pub struct Registration {
    /// 12 digits.
    pub id_number: String,
    /// 10–11 digits.
    pub phone: String,
    /// As on the ID card.
    pub full_name: String,
    /// YYYY-MM-DD.
    pub date_of_birth: String,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
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
    pub move_waiting_until: Option<u64>,
}

/// One submission as the citizen follows it: from the outbox ("waiting", "refused") to the
/// portal's states ("submitted", "in_review", "approved", "rejected").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Submission {
    /// The outbox item's id while waiting or refused, else the portal's application id.
    pub id: String,
    /// The form's kind, e.g. `temporary_residence`.
    pub kind: String,
    /// `waiting`, `refused`, `submitted`, `in_review`, `approved` or `rejected`.
    pub state: String,
    /// Why it was refused or rejected (a code for refusals, the officer's words for rejections).
    pub reason: Option<String>,
    /// Failed attempts so far (outbox only).
    pub attempts: u32,
    /// The next attempt, Unix seconds (outbox only).
    pub next_attempt_at: Option<u64>,
    /// The wallet's id of the result document, once approved and synced.
    pub result_document_id: Option<String>,
    /// Unix seconds of the last change.
    pub updated_at: u64,
}

/// A share request as the citizen sees it before consenting.
#[derive(Debug, Clone, Serialize)]
pub struct ShareAsk {
    /// The service's registered name.
    pub service_name: String,
    /// The service's id.
    pub service_id: String,
    /// The document type asked for.
    pub doc_type: &'static str,
    /// The fields asked for.
    pub fields: Vec<&'static str>,
    /// Why.
    pub purpose: String,
    /// Unix seconds.
    pub expires_at: u64,
    /// The wallet's document that can answer it (of the type asked for, not waiting to be
    /// re-issued), if it holds one.
    pub document_id: Option<String>,
}

fn app_row(
    view: &ApplicationView,
    draft_id: Option<String>,
) -> Result<ApplicationRow, WalletError> {
    let state = crate::home::code_of(&view.state);
    Ok(ApplicationRow {
        id: view.id.clone(),
        draft_id,
        kind: view.form.kind().to_owned(),
        state,
        reason: view.decision_reason.clone(),
        result_document_id: view.result_document_id.clone(),
        submitted_at: view.submitted_at,
        updated_at: view.updated_at,
        body: serde_json::to_string(view).map_err(|e| WalletError::BadDocument(e.to_string()))?,
    })
}

impl Wallet {
    /// Starts a level-1 registration (or, for an existing account with the same phone, moving
    /// it to this device after a restore); returns the registration id the code belongs to.
    pub fn register(
        &mut self,
        client: &PortalClient,
        who: &Registration,
    ) -> Result<String, WalletError> {
        let device_public_key = hex::encode(self.device_public_key()?);
        let now = self.clock.now();
        self.db()?.put_account(
            &Account {
                level: 1,
                id_number: who.id_number.clone(),
                phone: who.phone.clone(),
                full_name: who.full_name.clone(),
            },
            now,
        )?;
        let text = eid_credential::text::normalize;
        let answer = client.register(&RegisterRequest {
            id_number: text(&who.id_number),
            phone: text(&who.phone),
            full_name: text(&who.full_name),
            date_of_birth: text(&who.date_of_birth),
            device_public_key,
        })?;
        Ok(answer.registration_id)
    }

    /// Signs in to the portal with the device key.
    pub fn login(&mut self, client: &mut PortalClient) -> Result<(), WalletError> {
        let account_id = self
            .db()?
            .portal_account_id()?
            .ok_or(WalletError::NotRegistered)?;
        let key = self.device_key()?;
        client.login(&account_id, &key)?;
        Ok(())
    }

    pub(crate) fn ensure_login(&mut self, client: &mut PortalClient) -> Result<(), WalletError> {
        if client.token().is_none() {
            self.login(client)?;
        }
        Ok(())
    }

    /// Asks for level 2; the citizen then goes to an office for the in-person check.
    pub fn request_level2(
        &mut self,
        client: &mut PortalClient,
    ) -> Result<AccountView, WalletError> {
        self.ensure_login(client)?;
        let account = client.request_upgrade()?;
        self.remember_account(&account)?;
        Ok(account)
    }

    /// Keeps the account's level, level-2 state and any move waiting to take it elsewhere, for
    /// the home screen.
    pub(crate) fn remember_account(&mut self, account: &AccountView) -> Result<(), WalletError> {
        let now = self.clock.now();
        let db = self.db()?;
        db.set_account_level(account.level, now)?;
        db.set_outgoing_move_at(account.pending_move.as_ref().map(|m| m.moves_at))?;
        if let Some(state) = account.upgrade {
            db.set_upgrade_state(&crate::home::code_of(&state))?;
        }
        Ok(())
    }

    /// Queues an application: checked here first (the same rules as the portal's), then the
    /// draft and its outbox entry are written in one transaction. Works offline; `sync` sends
    /// it. Returns the outbox item's id.
    pub fn apply(
        &mut self,
        form: &ApplicationForm,
        draft_id: Option<&str>,
    ) -> Result<String, WalletError> {
        let now = self.clock.now();
        // Sent as the portal requires (NFC, trimmed): spaces typed at the ends are no mistake.
        let form = &form.normalized();
        forms::validate(form, crate::timefmt::date_of(now)).map_err(WalletError::InvalidFields)?;
        let body =
            serde_json::to_string(form).map_err(|e| WalletError::BadDocument(e.to_string()))?;
        let mut random = [0u8; 16];
        self.rng.fill_bytes(&mut random);
        let key = hex::encode(random);
        let draft = Draft {
            id: draft_id.map_or_else(|| format!("draft-{}", &key[..16]), str::to_owned),
            kind: form.kind().to_owned(),
            body: body.clone(),
            updated_at: now,
        };
        let item = OutboxItem {
            id: format!("out-{}", &key[..16]),
            draft_id: draft.id.clone(),
            idempotency_key: key,
            body,
            state: WAITING.to_owned(),
            attempts: 0,
            next_attempt_at: 0,
            last_error: None,
            created_at: now,
            updated_at: now,
        };
        self.db()?.submit_draft(&draft, &item)?;
        Ok(item.id)
    }

    /// Checks a form by the portal's rules, for the citizen to fix before submitting.
    pub fn check_form(&self, form: &ApplicationForm) -> Vec<eid_portal_api::FieldError> {
        forms::validate(
            &form.normalized(),
            crate::timefmt::date_of(self.clock.now()),
        )
        .err()
        .unwrap_or_default()
    }

    /// Drafts the citizen can still edit: those not submitted (a submitted draft stays with
    /// its outbox entry until the portal accepts it), most recently edited first.
    pub fn open_drafts(&mut self) -> Result<Vec<Draft>, WalletError> {
        let db = self.db()?;
        let submitted: Vec<String> = db.outbox()?.into_iter().map(|o| o.draft_id).collect();
        Ok(db
            .drafts()?
            .into_iter()
            .filter(|d| !submitted.contains(&d.id))
            .collect())
    }

    /// Deletes a draft that was not submitted.
    pub fn delete_draft(&mut self, id: &str) -> Result<(), WalletError> {
        if self.db()?.delete_draft(id)? {
            Ok(())
        } else {
            Err(WalletError::NotFound("draft"))
        }
    }

    /// The submissions not yet accepted (waiting or refused), oldest first.
    pub fn outbox(&mut self) -> Result<Vec<OutboxItem>, WalletError> {
        Ok(self.db()?.outbox()?)
    }

    /// The applications the portal accepted, newest first, as last synced.
    pub fn applications(&mut self) -> Result<Vec<ApplicationRow>, WalletError> {
        Ok(self.db()?.applications()?)
    }

    /// Every submission, newest change first: the outbox's, then the portal's.
    pub fn submissions(&mut self) -> Result<Vec<Submission>, WalletError> {
        let db = self.db()?;
        let mut all: Vec<Submission> = db
            .outbox()?
            .into_iter()
            .map(|o| Submission {
                kind: serde_json::from_str::<serde_json::Value>(&o.body)
                    .ok()
                    .and_then(|v| v["kind"].as_str().map(str::to_owned))
                    .unwrap_or_default(),
                id: o.id,
                reason: if o.state == WAITING {
                    None
                } else {
                    o.last_error
                },
                next_attempt_at: (o.state == WAITING).then_some(o.next_attempt_at),
                state: o.state,
                attempts: o.attempts,
                result_document_id: None,
                updated_at: o.updated_at,
            })
            .collect();
        all.extend(db.applications()?.into_iter().map(|a| Submission {
            id: a.id,
            kind: a.kind,
            state: a.state,
            reason: a.reason,
            attempts: 0,
            next_attempt_at: None,
            result_document_id: a.result_document_id,
            updated_at: a.updated_at,
        }));
        all.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
        Ok(all)
    }

    /// Sends every due outbox item once, with its idempotency key and stored body, so a retry
    /// of a submission the portal already committed gets the original answer back.
    ///
    /// A timeout ends the pass with that error: on a dead network every other item would only
    /// wait for the same timeout (and the app for the wallet). The items not tried stay due,
    /// untouched, for the next pass. Refused or reset connections cost nothing and do not.
    pub fn send_outbox(
        &mut self,
        client: &mut PortalClient,
        report: &mut SyncReport,
    ) -> Result<(), WalletError> {
        let now = self.clock.now();
        let due = self.db()?.due_outbox(now, SEND_BATCH)?;
        let total = due.len();
        for (i, item) in due.into_iter().enumerate() {
            let mut result = client.submit_raw(item.body.as_bytes(), &item.idempotency_key);
            if let Err(ClientError::Api {
                code: ErrorCode::Unauthenticated,
                ..
            }) = &result
            {
                self.login(client)?;
                result = client.submit_raw(item.body.as_bytes(), &item.idempotency_key);
            }
            let timed_out = match &result {
                Err(ClientError::TimedOut(m)) => Some(m.clone()),
                _ => None,
            };
            match classify(result) {
                Delivery::Delivered(view) => {
                    let row = app_row(&view, Some(item.draft_id.clone()))?;
                    self.db()?.outbox_delivered(&item.id, &row)?;
                    report.sent += 1;
                }
                Delivery::Retry | Delivery::Relogin => {
                    let attempts = item.attempts + 1;
                    let jitter = f64::from(self.rng.next_u32()) / f64::from(u32::MAX);
                    let next = now + next_delay_secs(attempts, jitter);
                    self.db()?
                        .outbox_retry_later(&item.id, attempts, next, "network", now)?;
                    report.waiting += 1;
                    if let Some(message) = timed_out {
                        report.waiting += total - i - 1;
                        return Err(ClientError::TimedOut(message).into());
                    }
                }
                Delivery::Refused { code, .. } => {
                    self.db()?.outbox_refused(&item.id, &code, now)?;
                    report.refused += 1;
                }
            }
        }
        Ok(())
    }

    /// Makes every waiting outbox item due now (the citizen tapped "try again").
    pub fn retry_outbox_now(&mut self) -> Result<(), WalletError> {
        Ok(self.db()?.outbox_all_due_now()?)
    }

    /// Sends the outbox, then pulls the trust lists, the documents and the change feed.
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

    fn pull_trust(&mut self, client: &PortalClient) -> Result<(), WalletError> {
        let bundle = fetch_trust_bundle(client)?;
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
        let now = self.clock.now();
        self.db()?
            .put_trust(TRUST_BUNDLE, &bundle.to_bytes(), now)?;
        Ok(())
    }

    /// The portal's trust bundle as last synced.
    pub fn trust_bundle(&mut self) -> Result<Option<TrustBundle>, WalletError> {
        match self.db()?.trust(TRUST_BUNDLE)? {
            Some((bytes, _)) => Ok(Some(TrustBundle::from_bytes(&bytes)?)),
            None => Ok(None),
        }
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
                        self.db()?.put_application(&app_row(application, None)?)?;
                        report.applications_updated += 1;
                    }
                    FeedItem::Account { account } => self.remember_account(account)?,
                    FeedItem::Document { .. } => {}
                }
            }
            self.db()?.set_feed_cursor(page.cursor)?;
            if !page.more {
                return Ok(());
            }
        }
    }

    /// Reads a service's request QR (`ER1:`) and checks it is signed by the portal this wallet
    /// trusts and not expired; the app shows the result before asking for consent.
    pub fn read_share_request(&mut self, qr: &str) -> Result<ShareAsk, WalletError> {
        let request = self.share_request(qr)?;
        let document_id = self
            .documents()?
            .into_iter()
            .find(|d| d.doc_type == request.doc_type.name() && !d.needs_rebinding)
            .map(|d| d.id);
        Ok(ShareAsk {
            document_id,
            service_name: request.service_name,
            service_id: request.service_id,
            doc_type: request.doc_type.name(),
            fields: request.fields,
            purpose: request.purpose,
            expires_at: request.expires_at,
        })
    }

    fn share_request(&mut self, qr: &str) -> Result<ShareRequest, WalletError> {
        let bytes = match envelope::decode(qr) {
            Ok((Kind::Request, bytes)) => bytes,
            Ok(_) => {
                return Err(WalletError::Share(
                    "this QR is not a service's request".into(),
                ))
            }
            Err(e) => return Err(WalletError::Share(e.to_string())),
        };
        let bundle = self.trust_bundle()?.ok_or(WalletError::NotRegistered)?;
        let now = self.clock.now();
        ShareRequest::verify(&bytes, &bundle.root, now)
            .map_err(|e| WalletError::Share(e.to_string()))
    }

    /// Shares the consented `fields` of document `document_id` with the service that made the
    /// request: a presentation bound to the request's nonce and the service, posted to the
    /// request's answer URL, and logged (field names only).
    pub fn share(
        &mut self,
        client: &mut PortalClient,
        qr: &str,
        document_id: &str,
        fields: &[&str],
    ) -> Result<(), WalletError> {
        let request = self.share_request(qr)?;
        if let Some(extra) = fields.iter().find(|f| !request.fields.contains(f)) {
            return Err(WalletError::Share(format!("{extra} was not asked for")));
        }
        let (doc, needs_rebinding) = self.issued(document_id)?;
        if needs_rebinding {
            return Err(WalletError::NeedsRebinding);
        }
        let doc_type = doc
            .claims()
            .map_err(|e| WalletError::BadDocument(e.to_string()))?
            .doc_type;
        if doc_type != request.doc_type {
            return Err(WalletError::Share(
                "this is not the document asked for".into(),
            ));
        }
        let key = self.device_key()?;
        let now = self.clock.now();
        let bytes = present(
            &doc,
            &PresentRequest {
                fields,
                presented_at: now,
                nonce: Some(&request.nonce),
                audience: Some(&request.service_id),
            },
            &key,
        )?;
        let answer = ShareAnswer {
            presentation: envelope::encode(Kind::Presentation, &bytes),
        };
        // The portal takes the answer only from the signed-in holder of the document.
        self.ensure_login(client)?;
        let sent = client.answer_share(&request.answer_url, &answer);
        self.db()?.log(&Activity {
            at: now,
            action: Action::Share,
            doc_type: Some(doc_type.name().into()),
            fields: fields.iter().map(|f| f.to_string()).collect(),
            counterpart: Some(request.service_name.clone()),
            result: match &sent {
                Ok(()) => "ok".into(),
                Err(e) => e.code().into(),
            },
        })?;
        sent.map_err(WalletError::from)
    }
}

/// Downloads the portal's trust bundle (root key, signed trust list, signed status lists) and
/// checks its signatures; with `anchor`, its root key must be that one. A counter keeps it to
/// verify offline (`eid trust`); the wallet pins its root on first sync.
pub fn fetch_trust_bundle(client: &PortalClient) -> Result<TrustBundle, WalletError> {
    let wire = client.trust()?;
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
