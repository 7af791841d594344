//! Why a presentation, document or trust list was rejected: stable codes shared by the CLI, the
//! app and the portal, with a technical detail for logs and developers.

use serde::Serialize;
use std::fmt;

/// A stable reason code. The string form (`code()`) is part of the public contract: scripts, the
/// UI's translations and the portal rely on it, so codes are only ever added, never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The bytes are not a presentation of this format (bad envelope, CBOR, structure or value).
    Malformed,
    /// The issuer's key id is not in the trust list, or the key is outside its validity period.
    UnknownIssuer,
    /// The issuer is trusted, but not for this document type.
    IssuerNotAllowed,
    /// The issuer's signature over the document does not verify.
    BadSignature,
    /// The holder's device signature over the presentation does not verify.
    HolderSignature,
    /// A disclosed field does not match the digest the issuer signed.
    DigestMismatch,
    /// The document is not valid yet.
    NotYetValid,
    /// The document has expired.
    Expired,
    /// The issuer has revoked the document (its bit is set in the status list).
    Revoked,
    /// The presentation time is outside the freshness window.
    Stale,
    /// This exact presentation was already accepted by this verifier.
    Replayed,
    /// The presentation answers another verifier's nonce or audience.
    NonceMismatch,
    /// The trust list or status list is not signed by the trusted root key, or is unreadable.
    BadTrustList,
    /// A genuine printed card, at a counter set to accept only presentations bound to a phone.
    PrintedCardNotAccepted,
}

impl Reason {
    /// Every reason, in the order of precedence used when several apply.
    pub const ALL: [Reason; 14] = [
        Reason::Malformed,
        Reason::UnknownIssuer,
        Reason::IssuerNotAllowed,
        Reason::BadSignature,
        Reason::HolderSignature,
        Reason::DigestMismatch,
        Reason::NotYetValid,
        Reason::Expired,
        Reason::Revoked,
        Reason::Stale,
        Reason::Replayed,
        Reason::NonceMismatch,
        Reason::BadTrustList,
        Reason::PrintedCardNotAccepted,
    ];

    /// The stable snake_case code, e.g. `bad_signature`.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Malformed => "malformed",
            Reason::UnknownIssuer => "unknown_issuer",
            Reason::IssuerNotAllowed => "issuer_not_allowed",
            Reason::BadSignature => "bad_signature",
            Reason::HolderSignature => "holder_signature",
            Reason::DigestMismatch => "digest_mismatch",
            Reason::NotYetValid => "not_yet_valid",
            Reason::Expired => "expired",
            Reason::Revoked => "revoked",
            Reason::Stale => "stale",
            Reason::Replayed => "replayed",
            Reason::NonceMismatch => "nonce_mismatch",
            Reason::BadTrustList => "bad_trust_list",
            Reason::PrintedCardNotAccepted => "printed_card_not_accepted",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A rejection: the stable reason and a technical detail (English, for logs and developers; the
/// UI shows its own translated words for the reason).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}: {detail}")]
pub struct Rejection {
    /// The stable reason code.
    pub reason: Reason,
    /// What exactly was wrong. Never contains a field value.
    pub detail: String,
}

impl Rejection {
    /// A rejection for `reason` with a detail.
    pub fn new(reason: Reason, detail: impl Into<String>) -> Self {
        Rejection {
            reason,
            detail: detail.into(),
        }
    }

    /// Shorthand for a [`Reason::Malformed`] rejection.
    pub fn malformed(detail: impl Into<String>) -> Self {
        Rejection::new(Reason::Malformed, detail)
    }
}

impl From<crate::cbor::CborError> for Rejection {
    fn from(e: crate::cbor::CborError) -> Self {
        Rejection::malformed(e.to_string())
    }
}
