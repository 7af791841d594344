//! Presenting: the holder discloses chosen fields of an issued document, and the device key signs
//! the whole presentation so that it is bound to this phone, this moment and (optionally) one
//! verifier.

use crate::cbor;
use crate::cose::{self, CoseError};
use crate::issue::IssuedDocument;
use crate::keys::{KeyError, Signer};
use crate::UnixTime;
use ciborium::Value;

/// Version number written first in every presentation payload.
pub const PRESENTATION_VERSION: u64 = 1;

/// Longest verifier nonce, in bytes.
pub const MAX_NONCE_LEN: usize = 32;
/// Longest audience, in characters.
pub const MAX_AUDIENCE_LEN: usize = 100;

/// What to present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresentRequest<'a> {
    /// Names of the fields to disclose (e.g. `full_name`). Nothing else is in the output.
    pub fields: &'a [&'a str],
    /// The presentation time.
    pub presented_at: UnixTime,
    /// A verifier's challenge, when the verifier gave one.
    pub nonce: Option<&'a [u8]>,
    /// Who the presentation is meant for, when known.
    pub audience: Option<&'a str>,
}

/// Why a presentation could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PresentError {
    /// No field was chosen.
    #[error("choose at least one field to show")]
    NoFields,
    /// The document type has no such field.
    #[error("this document has no field named {0}")]
    UnknownField(String),
    /// The document does not carry this (optional) field.
    #[error("this document does not carry {0}")]
    NotInDocument(String),
    /// The stored document is damaged.
    #[error("the stored document is damaged: {0}")]
    Damaged(String),
    /// The device key is not the one the document was issued to.
    #[error("this document was issued to another device; it must be bound to this one again")]
    WrongHolder,
    /// The nonce or audience is too long.
    #[error("the verifier's nonce or audience is too long")]
    RequestTooLong,
    /// The field is too large for a QR (the display portrait: the counter portrait travels
    /// instead).
    #[error("{0} cannot be shown in a QR code")]
    NotPresentable(String),
    /// The device key could not sign.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// Builds a presentation: a tagged COSE_Sign1 by the holder's device key over
/// `[1, issuer_signed, [item…], presented_at, nonce/null, audience/null]`.
pub fn present(
    document: &IssuedDocument,
    request: &PresentRequest<'_>,
    holder: &dyn Signer,
) -> Result<Vec<u8>, PresentError> {
    if request.fields.is_empty() {
        return Err(PresentError::NoFields);
    }
    if request.nonce.is_some_and(|n| n.len() > MAX_NONCE_LEN)
        || request
            .audience
            .is_some_and(|a| a.chars().count() > MAX_AUDIENCE_LEN)
    {
        return Err(PresentError::RequestTooLong);
    }
    let claims = document
        .claims()
        .map_err(|e| PresentError::Damaged(e.to_string()))?;
    if &claims.holder != holder.public_key() {
        return Err(PresentError::WrongHolder);
    }
    let mut ids: Vec<_> = request
        .fields
        .iter()
        .map(|name| {
            claims
                .doc_type
                .field_by_name(name)
                .ok_or_else(|| PresentError::UnknownField(name.to_string()))
                .and_then(|s| {
                    if s.presentable() {
                        Ok(s.id)
                    } else {
                        Err(PresentError::NotPresentable(s.name.to_string()))
                    }
                })
        })
        .collect::<Result<_, _>>()?;
    ids.sort_unstable();
    ids.dedup();
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        let item = document.item(id).ok_or_else(|| {
            PresentError::NotInDocument(
                claims
                    .doc_type
                    .field(id)
                    .map_or_else(|| id.to_string(), |s| s.name.to_string()),
            )
        })?;
        items.push(Value::Bytes(item.bytes.clone()));
    }
    let payload = Value::Array(vec![
        cbor::uint(PRESENTATION_VERSION),
        Value::Bytes(document.signed.clone()),
        Value::Array(items),
        cbor::uint(request.presented_at),
        request
            .nonce
            .map_or(Value::Null, |n| Value::Bytes(n.to_vec())),
        request
            .audience
            .map_or(Value::Null, |a| Value::Text(a.to_string())),
    ]);
    cose::sign1(cbor::encode(&payload), None, holder).map_err(|e| match e {
        CoseError::Key(k) => PresentError::Key(k),
        other => PresentError::Key(KeyError::SignFailed(other.to_string())),
    })
}
