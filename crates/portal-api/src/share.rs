//! The share inbox (scan to share): a registered service asks for fields, the portal signs the
//! request into a request QR (`ER1:`), the wallet answers with a presentation bound to the
//! request's nonce and the service as audience, and the service fetches the verified answer.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /v1/share/requests` (service token): a service asks for data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareRequestCreate {
    /// The document type asked for, e.g. `health_insurance`.
    pub doc_type: String,
    /// The field names asked for (1 to 16).
    pub fields: Vec<String>,
    /// Why, in words the citizen reads before consenting (1 to 200 characters).
    pub purpose: String,
    /// Seconds the request stays open (30 to 3,600).
    pub expires_in: u64,
}

/// A share request as the portal stored and signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareRequestView {
    /// The request's id.
    pub id: String,
    /// The service's id; the presentation's audience must equal it.
    pub service_id: String,
    /// The service's registered name (shown to the citizen).
    pub service_name: String,
    /// The document type.
    pub doc_type: String,
    /// The fields.
    pub fields: Vec<String>,
    /// Why.
    pub purpose: String,
    /// The nonce the presentation must carry, hex (16 bytes).
    pub nonce: String,
    /// Unix seconds.
    pub expires_at: u64,
}

/// The answer to `POST /v1/share/requests`: the request and its QR text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareRequestCreated {
    /// The request.
    pub request: ShareRequestView,
    /// The request QR's text: `ER1:` + base45 of the portal-signed request (docs/formats.md §9).
    pub qr: String,
}

/// `POST /v1/share/requests/{id}/answer`: the wallet's answer (no session needed: the
/// presentation proves itself, and a request takes one answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareAnswer {
    /// The presentation's QR text (`EP1:` envelope), made with the request's nonce and the
    /// service's id as audience.
    pub presentation: String,
}

/// Where a share request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShareState {
    /// Waiting for the citizen.
    Pending,
    /// The wallet answered; the answer verified.
    Answered,
    /// Nobody answered in time.
    Expired,
}

/// `GET /v1/share/requests/{id}` (the service that made it): the request and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareResult {
    /// The request.
    pub request: ShareRequestView,
    /// Where it stands.
    pub state: ShareState,
    /// The presentation as the wallet sent it (verify it yourself with `GET /v1/trust`).
    pub presentation: Option<String>,
    /// The disclosed fields as the portal verified them, name → text.
    pub disclosed: Option<std::collections::BTreeMap<String, String>>,
    /// Unix seconds of the answer.
    pub answered_at: Option<u64>,
}
