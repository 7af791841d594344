//! Applications: submission (exactly once, with `Idempotency-Key`), the citizen's own list, the
//! change feed, and the officer's queue and decisions.

use crate::constraints::{string, ResourceId, REASON_OPTIONAL, REASON_REQUIRED};
use crate::forms::ApplicationForm;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

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
    #[schema(value_type = ResourceId)]
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
    #[schema(value_type = Option<ResourceId>)]
    pub result_document_id: Option<String>,
}

/// `POST /v1/officer/applications/{id}/decision` and `POST /v1/officer/upgrades/{id}/decision`.
/// The reason is trimmed; once trimmed it may have at most 500 characters, and a rejection needs
/// one (its schema is therefore one of two shapes, by `approve`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRequest {
    /// Approve or reject.
    pub approve: bool,
    /// Required when rejecting; shown to the citizen.
    pub reason: Option<String>,
}

impl PartialSchema for DecisionRequest {
    fn schema() -> RefOr<Schema> {
        let approve = |value: bool| {
            ObjectBuilder::new()
                .schema_type(Type::Boolean)
                .enum_values(Some([value]))
                .description(Some("Approve or reject."))
        };
        let approval = ObjectBuilder::new()
            .schema_type(Type::Object)
            .title(Some("Approval"))
            .property("approve", approve(true))
            .required("approve")
            .property(
                "reason",
                string(REASON_OPTIONAL)
                    .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                    .description(Some(
                        "An optional note; blank counts as none. At most 500 characters once trimmed.",
                    )),
            );
        let rejection = ObjectBuilder::new()
            .schema_type(Type::Object)
            .title(Some("Rejection"))
            .property("approve", approve(false))
            .required("approve")
            .property(
                "reason",
                string(REASON_REQUIRED).description(Some(
                    "Why, in words the citizen understands: 1 to 500 characters once trimmed.",
                )),
            )
            .required("reason");
        OneOfBuilder::new()
            .item(approval)
            .item(rejection)
            .description(Some(
                "Approve (a note is optional) or reject (a reason is required).",
            ))
            .into()
    }
}

impl ToSchema for DecisionRequest {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("DecisionRequest")
    }
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
        #[schema(value_type = ResourceId)]
        document_id: String,
    },
    /// The account's level or upgrade state changed.
    Account {
        /// The account now.
        account: crate::account::AccountView,
    },
    /// Someone looked at the citizen's data: an officer opened it, or a service received a
    /// share ("who looked at my data").
    Access {
        /// Who, what and when.
        access: AccessView,
    },
}

/// Who looked at a citizen's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccessBy {
    /// An officer (the console or the API); the officer's name is in the audit log, not here.
    Officer,
    /// A registered service (named in `service_name`).
    Service,
}

/// What was looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccessAction {
    /// An officer opened the citizen's level-2 request (their entries and the registry record).
    OpenedUpgrade,
    /// An officer opened one of the citizen's applications (`subject`: its kind).
    OpenedApplication,
    /// An officer looked the citizen up and saw their documents.
    LookedUpAccount,
    /// A service received the fields the citizen shared (`subject`: the document type).
    ReceivedShare,
}

/// One look at a citizen's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AccessView {
    /// Unix seconds.
    pub at: u64,
    /// An officer or a service.
    pub by: AccessBy,
    /// The service's name, when a service.
    pub service_name: Option<String>,
    /// What was looked at.
    pub action: AccessAction,
    /// The application kind or document type concerned, when there is one.
    pub subject: Option<String>,
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
    #[schema(value_type = ResourceId)]
    pub account_id: String,
    /// The applicant's name.
    pub applicant_name: String,
    /// The officer who claimed it, if any.
    pub claimed_by: Option<String>,
}
