//! The share inbox (scan to share): a registered service asks for fields, the wallet answers
//! with a presentation bound to the request's nonce and audience.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /v1/services/{service}/requests`: a service asks for data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareRequestCreate {
    /// The document type asked for.
    pub doc_type: String,
    /// The field names asked for.
    pub fields: Vec<String>,
    /// Why, in words the citizen reads before consenting.
    pub purpose: String,
    /// Seconds the request stays open (30 to 3,600).
    pub expires_in: u64,
}

/// A share request as the wallet reads it from the request QR (`ER1:` envelope) or the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareRequestView {
    /// The request's id.
    pub id: String,
    /// The service's registered name (shown to the citizen).
    pub service_name: String,
    /// The document type.
    pub doc_type: String,
    /// The fields.
    pub fields: Vec<String>,
    /// Why.
    pub purpose: String,
    /// The nonce the presentation must carry, hex.
    pub nonce: String,
    /// Unix seconds.
    pub expires_at: u64,
}

/// `POST /v1/share/{request_id}`: the wallet's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareAnswer {
    /// The presentation's QR text (`EP1:` envelope), made with the request's nonce and the
    /// service's id as audience.
    pub presentation: String,
}
