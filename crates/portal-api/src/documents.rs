//! Documents as the portal hands them to the wallet, and revocation.

use crate::constraints::{DocTypeName, IdNumber, ResourceId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An issued document (docs/formats.md §3.4), bound to the account's device key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DocumentWire {
    /// The portal's id for it.
    #[schema(value_type = ResourceId)]
    pub id: String,
    /// The type code, e.g. `citizen_id_card`.
    #[schema(value_type = DocTypeName)]
    pub doc_type: String,
    /// The issued-document CBOR, hex.
    #[schema(pattern = "^(?:[0-9a-f]{2})+$")]
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
    /// Why (kept in the audit log): once trimmed, 1 to 500 characters; lines allowed, no other
    /// control or text-direction character (`constraints::REASON_REQUIRED`).
    #[schema(
        pattern = r"^[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0000-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ue000-\uf8ff\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff](?:[^\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ue000-\uf8ff\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff]{0,498}[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0000-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ue000-\uf8ff\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff])?[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub reason: String,
}

/// `POST /v1/officer/printed-cards`: after an in-person check, an officer prints a card for a
/// citizen without a smartphone (docs/formats.md, "Printed card").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrintedCardRequest {
    /// The citizen's 12-digit ID number, as in the registry.
    #[schema(value_type = IdNumber)]
    pub id_number: String,
    /// `citizen_id_card` or `health_insurance`: the documents that carry a portrait.
    #[schema(value_type = DocTypeName)]
    pub doc_type: String,
    /// The fields to print, 1 to 8, each once; the counter portrait is always added. Without
    /// them: name, date of birth and the document's number.
    #[serde(default)]
    #[schema(max_items = 8)]
    pub fields: Vec<String>,
}

/// The printed card: its QR text and the A6 page to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PrintedCardResponse {
    /// The card's id (to revoke it).
    #[schema(value_type = ResourceId)]
    pub id: String,
    /// The QR text (`EC1:` and base45).
    pub qr: String,
    /// The A6 page at 300 dpi (1240 × 1748), PNG, base64.
    pub png: String,
    /// When the card stops being valid (Unix seconds).
    pub expires_at: u64,
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
