//! The outbox and the citizen's submissions: send what waits exactly once, try again now,
//! and follow every submission from the outbox to the portal's decision.

use crate::application_row::app_row;
use crate::error::WalletError;
use crate::use_cases::sync::SyncReport;
use crate::wallet::Wallet;
use eid_portal_api::ErrorCode;
use eid_portal_client::outbox::{classify, retry_delay_secs, Delivery};
use eid_portal_client::{ClientError, PortalClient};
use eid_store::outbox::{ApplicationRow, WAITING};
use rand_core::RngCore;
use serde::Serialize;

/// Most outbox items sent in one pass.
pub const SEND_BATCH: usize = 50;

/// Where a submission stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SubmissionState {
    /// In the outbox, to be sent (offline, or the portal was busy).
    Waiting,
    /// The portal refused it for good (the reason is a code).
    Refused,
    /// The portal has it.
    Submitted,
    /// An officer is looking at it.
    InReview,
    /// Approved; the result document comes with the next sync.
    Approved,
    /// Rejected (the reason is the officer's words).
    Rejected,
}

impl SubmissionState {
    /// Every state, for the UI's catalogue.
    pub const ALL: [SubmissionState; 6] = [
        SubmissionState::Waiting,
        SubmissionState::Refused,
        SubmissionState::Submitted,
        SubmissionState::InReview,
        SubmissionState::Approved,
        SubmissionState::Rejected,
    ];

    /// The stable code, e.g. `in_review`.
    pub fn code(self) -> &'static str {
        match self {
            SubmissionState::Waiting => "waiting",
            SubmissionState::Refused => "refused",
            SubmissionState::Submitted => "submitted",
            SubmissionState::InReview => "in_review",
            SubmissionState::Approved => "approved",
            SubmissionState::Rejected => "rejected",
        }
    }

    /// The state for a stored code; an unknown code (written by a later version) reads as
    /// submitted, the state that promises least.
    pub fn from_code(code: &str) -> Self {
        SubmissionState::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or(SubmissionState::Submitted)
    }
}

/// A submission in the outbox, as it will be sent: the exact body and idempotency key (a
/// retry sends the same bytes under the same key, so the portal answers it once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxEntry {
    /// The outbox item's id.
    pub id: String,
    /// The form's kind, e.g. `temporary_residence`.
    pub kind: String,
    /// Waiting, or refused for good.
    pub state: SubmissionState,
    /// Failed attempts so far.
    pub attempts: u32,
    /// The next attempt, Unix seconds (when waiting).
    pub next_attempt_at: Option<u64>,
    /// The key the portal knows this submission by.
    pub idempotency_key: String,
    /// The form as sent (JSON).
    pub body: String,
}

/// One submission as the citizen follows it: from the outbox (waiting, refused) to the
/// portal's states (submitted, in review, approved, rejected).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Submission {
    /// The outbox item's id while waiting or refused, else the portal's application id.
    pub id: String,
    /// The form's kind, e.g. `temporary_residence`.
    pub kind: String,
    /// Where it stands.
    pub state: SubmissionState,
    /// Why it was refused or rejected (a code for refusals, the officer's words for rejections).
    pub reason: Option<String>,
    /// Failed attempts so far (outbox only).
    pub attempts: u32,
    /// The next attempt, Unix seconds (outbox only).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub next_attempt_at: Option<u64>,
    /// The wallet's id of the result document, once approved and synced.
    pub result_document_id: Option<String>,
    /// Unix seconds of the last change.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub updated_at: u64,
}

/// The form's kind in a stored body (empty if it cannot be read).
fn kind_of(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["kind"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// An outbox item's state.
fn outbox_state(state: &str) -> SubmissionState {
    if state == WAITING {
        SubmissionState::Waiting
    } else {
        SubmissionState::Refused
    }
}

/// An application the portal accepted, as the citizen follows it.
fn accepted(a: ApplicationRow) -> Submission {
    Submission {
        id: a.id,
        kind: a.kind,
        state: SubmissionState::from_code(&a.state),
        reason: a.reason,
        attempts: 0,
        next_attempt_at: None,
        result_document_id: a.result_document_id,
        updated_at: a.updated_at,
    }
}

impl Wallet {
    /// The submissions not yet accepted (waiting or refused), oldest first, as they will be
    /// sent.
    pub fn outbox(&mut self) -> Result<Vec<OutboxEntry>, WalletError> {
        Ok(self
            .db()?
            .outbox()?
            .into_iter()
            .map(|o| OutboxEntry {
                kind: kind_of(&o.body),
                state: outbox_state(&o.state),
                next_attempt_at: (o.state == WAITING).then_some(o.next_attempt_at),
                id: o.id,
                attempts: o.attempts,
                idempotency_key: o.idempotency_key,
                body: o.body,
            })
            .collect())
    }

    /// The applications the portal accepted, newest first, as last synced.
    pub fn applications(&mut self) -> Result<Vec<Submission>, WalletError> {
        Ok(self
            .db()?
            .applications()?
            .into_iter()
            .map(accepted)
            .collect())
    }

    /// Every submission, newest change first: the outbox's, then the portal's.
    pub fn submissions(&mut self) -> Result<Vec<Submission>, WalletError> {
        let db = self.db()?;
        let mut all: Vec<Submission> = db
            .outbox()?
            .into_iter()
            .map(|o| Submission {
                kind: kind_of(&o.body),
                state: outbox_state(&o.state),
                reason: if o.state == WAITING {
                    None
                } else {
                    o.last_error
                },
                next_attempt_at: (o.state == WAITING).then_some(o.next_attempt_at),
                id: o.id,
                attempts: o.attempts,
                result_document_id: None,
                updated_at: o.updated_at,
            })
            .collect();
        all.extend(db.applications()?.into_iter().map(accepted));
        all.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
        Ok(all)
    }

    /// Sends every due outbox item once, with its idempotency key and stored body, so a retry
    /// of a submission the portal already committed gets the original answer back; counts what
    /// happened in `report`.
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
            // A busy portal (503 with Retry-After, e.g. shedding load at a peak) is not asked
            // again before it said, for this item or the rest of the pass.
            let busy = match &result {
                Err(e @ ClientError::Api { status: 503, .. }) => e.retry_after(),
                _ => None,
            };
            let retry_after = result.as_ref().err().and_then(ClientError::retry_after);
            match classify(result) {
                Delivery::Delivered(view) => {
                    let row = app_row(&view, Some(item.draft_id.clone()))?;
                    self.db()?.outbox_delivered(&item.id, &row)?;
                    report.sent += 1;
                }
                Delivery::Retry | Delivery::Relogin => {
                    let attempts = item.attempts + 1;
                    let jitter = f64::from(self.rng.next_u32()) / f64::from(u32::MAX);
                    let next = now + retry_delay_secs(attempts, jitter, retry_after);
                    self.db()?
                        .outbox_retry_later(&item.id, attempts, next, "network", now)?;
                    report.waiting += 1;
                    if let Some(message) = timed_out {
                        report.waiting += total - i - 1;
                        return Err(ClientError::TimedOut(message).into());
                    }
                    if busy.is_some() {
                        report.waiting += total - i - 1;
                        return Ok(());
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

    /// Makes every waiting outbox item due now and syncs (the citizen tapped "try again").
    pub fn retry_now(&mut self, client: &mut PortalClient) -> Result<SyncReport, WalletError> {
        self.db()?.outbox_all_due_now()?;
        self.sync(client)
    }
}
