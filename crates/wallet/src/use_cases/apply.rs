//! Apply: queue an application offline (its draft and outbox entry in one transaction), and
//! submit = queue, then try to send it at once.

use crate::error::WalletError;
use crate::use_cases::sync::SyncReport;
use crate::wallet::Wallet;
use eid_portal_api::forms::{self, ApplicationForm};
use eid_portal_client::PortalClient;
use eid_store::outbox::{OutboxItem, WAITING};
use eid_store::records::Draft;
use rand_core::RngCore;
use serde::Serialize;

/// What submitting did: the application is queued in any case; sending it may have failed
/// (offline, portal busy), and then the outbox sends it at a later sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Submitted {
    /// The outbox item's id.
    pub id: String,
    /// The sync that tried to send it, when it ran through.
    pub sync: Option<SyncReport>,
    /// Why it could not be sent now (an error code such as `network`), when it could not.
    pub send_error: Option<String>,
}

impl Wallet {
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

    /// Queues the application (as [`Wallet::apply`]) and tries to send it at once with a sync.
    /// A failed send is no failure: the submission waits in the outbox, and the answer says
    /// why it was not sent.
    pub fn submit(
        &mut self,
        client: &mut PortalClient,
        form: &ApplicationForm,
        draft_id: Option<&str>,
    ) -> Result<Submitted, WalletError> {
        let id = self.apply(form, draft_id)?;
        Ok(match self.sync(client) {
            Ok(report) => Submitted {
                id,
                sync: Some(report),
                send_error: None,
            },
            Err(e) => Submitted {
                id,
                sync: None,
                send_error: Some(e.code().to_owned()),
            },
        })
    }
}
