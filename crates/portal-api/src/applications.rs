//! Applications: submission (exactly once, with `Idempotency-Key`), the citizen's own list, the
//! change feed, and the officer's queue and decisions.

use crate::forms::ApplicationForm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationState {
    /// Received; waiting for an officer.
    Submitted,
    /// An officer is looking at it.
    InReview,
    /// Approved; a result document may have been issued.
    Approved,
    /// Rejected, with a reason.
    Rejected,
}

/// An application as its owner (or an officer) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ApplicationView {
    /// The application's id.
    pub id: String,
    /// The form as submitted.
    pub form: ApplicationForm,
    /// Where it stands.
    pub state: ApplicationState,
    /// Unix seconds.
    pub submitted_at: u64,
    /// Unix seconds of the last change.
    pub updated_at: u64,
    /// The officer's reason, when rejected (or a note when approved).
    pub decision_reason: Option<String>,
    /// The document issued on approval, if any.
    pub result_document_id: Option<String>,
}

/// `POST /v1/officer/applications/{id}/decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DecisionRequest {
    /// Approve or reject.
    pub approve: bool,
    /// Required when rejecting; shown to the citizen.
    pub reason: Option<String>,
}

/// One change the wallet should pull (`GET /v1/feed?since=CURSOR`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FeedItem {
    /// An application changed state.
    Application {
        /// The application now.
        application: Box<ApplicationView>,
    },
    /// A document was issued or re-issued to this account's device.
    Document {
        /// The document's id (`GET /v1/documents/{id}`).
        document_id: String,
    },
    /// The account's level or upgrade state changed.
    Account {
        /// The account now.
        account: crate::account::AccountView,
    },
}

/// A page of the change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FeedPage {
    /// Changes after the cursor, oldest first.
    pub items: Vec<FeedItem>,
    /// Pass as `since` next time.
    pub cursor: u64,
    /// Whether more items are waiting.
    pub more: bool,
}

/// An application in the officers' queue, with who sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QueueItem {
    /// The application.
    pub application: ApplicationView,
    /// The applicant's account.
    pub account_id: String,
    /// The applicant's name.
    pub applicant_name: String,
    /// The officer who claimed it, if any.
    pub claimed_by: Option<String>,
}
