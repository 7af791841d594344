//! Documents as the portal hands them to the wallet, and revocation.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An issued document (docs/formats.md §3.4), bound to the account's device key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DocumentWire {
    /// The portal's id for it.
    pub id: String,
    /// The type code, e.g. `citizen_id_card`.
    pub doc_type: String,
    /// The issued-document CBOR, hex.
    pub issued: String,
    /// Its index in the issuer's status list.
    pub status_index: u64,
}

/// `GET /v1/documents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DocumentsResponse {
    /// Every current document of the account.
    pub documents: Vec<DocumentWire>,
}

/// `POST /v1/officer/documents/{id}/revoke`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RevokeRequest {
    /// Why (kept in the audit log).
    pub reason: String,
}

/// `GET /v1/trust`: what a wallet or verifier caches to verify offline (docs/formats.md §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TrustWire {
    /// The root public key (P-256, SEC1 compressed, hex). Pin it; it signs the lists below.
    pub root_key: String,
    /// The signed trust list (COSE_Sign1), hex.
    pub trust_list: String,
    /// The signed status lists, one per issuer key (COSE_Sign1), hex.
    pub status_lists: Vec<String>,
}
