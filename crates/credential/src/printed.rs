//! Printed cards, for people without a smartphone: the issuer signs a few chosen fields (the
//! counter portrait among them) for no device at all, long-lived and revocable through the
//! status list. The card's QR is `EC1:` and base45 of `[1, issuer_signed, [* item]]`
//! (docs/formats.md, "Printed card").
//!
//! A printed card proves only that the issuer vouches for these fields; whoever holds the
//! paper can show it, so the counter tells the clerk to compare the photo, and a counter that
//! needs a phone-bound presentation refuses it. Its claims carry [`CLAIM_PRINTED`] and never a
//! `cnf`, and a phone document's claims never carry [`CLAIM_PRINTED`], so neither can pass for
//! the other.

use crate::cbor::{self, CborError};
use crate::claims::{
    check_items_against, digests_from_cbor, digests_to_cbor, Digest, Item, CLAIM_CNF,
    CLAIM_DIGESTS, CLAIM_DOC_TYPE, CLAIM_EXP, CLAIM_IAT, CLAIM_NBF, CLAIM_PRINTED,
    CLAIM_STATUS_INDEX, SALT_LEN,
};
use crate::cose::{self, CoseError};
use crate::document::{Document, FieldValue};
use crate::issue::{IssueError, Validity};
use crate::keys::{KeyError, KeyId, Signer};
use crate::reason::{Reason, Rejection};
use crate::schema::{DocType, FieldId, FieldKind, FieldSpec};
use crate::status::StatusListToken;
use crate::trust::TrustList;
use crate::verify::Revocation;
use crate::UnixTime;
use ciborium::Value;
use rand_core::RngCore;
use std::collections::BTreeMap;

/// The version in a printed card's payload.
pub const PRINTED_VERSION: u64 = 1;

/// Most fields on one printed card.
pub const MAX_PRINTED_FIELDS: usize = 8;

/// What the issuer signs for a printed card: the claims of a phone document without `cnf`,
/// with [`CLAIM_PRINTED`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedClaims {
    /// When the card was signed.
    pub issued_at: UnixTime,
    /// First second of validity.
    pub not_before: UnixTime,
    /// First second after validity.
    pub expires_at: UnixTime,
    /// The document type whose fields the card carries.
    pub doc_type: DocType,
    /// Position in the issuer's status list.
    pub status_index: u64,
    /// Field id → digest of the item carrying that field.
    pub digests: BTreeMap<FieldId, Digest>,
}

impl PrintedClaims {
    /// The CBOR map, keys in deterministic order.
    pub fn to_cbor(&self) -> Value {
        cbor::int_map(vec![
            (CLAIM_EXP, cbor::uint(self.expires_at)),
            (CLAIM_NBF, cbor::uint(self.not_before)),
            (CLAIM_IAT, cbor::uint(self.issued_at)),
            (CLAIM_DOC_TYPE, cbor::uint(self.doc_type.code())),
            (CLAIM_STATUS_INDEX, cbor::uint(self.status_index)),
            (CLAIM_DIGESTS, digests_to_cbor(&self.digests)),
            (CLAIM_PRINTED, cbor::uint(1)),
        ])
    }

    /// Reads printed-card claims; refuses a `cnf` (a phone document) and a missing or other
    /// [`CLAIM_PRINTED`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CborError> {
        let v = cbor::decode(bytes, cbor::MAX_QR_BYTES)?;
        let m = cbor::as_map(&v, "claims")?;
        if cbor::map_get(m, CLAIM_CNF).is_some() {
            return Err(CborError::Invalid("a phone document is not a printed card"));
        }
        if cbor::as_u64(cbor::required(m, CLAIM_PRINTED, "printed")?, "printed")? != 1 {
            return Err(CborError::Invalid("printed"));
        }
        let code = cbor::as_u64(cbor::required(m, CLAIM_DOC_TYPE, "doc type")?, "doc type")?;
        let claims = PrintedClaims {
            issued_at: cbor::as_u64(cbor::required(m, CLAIM_IAT, "iat")?, "iat")?,
            not_before: cbor::as_u64(cbor::required(m, CLAIM_NBF, "nbf")?, "nbf")?,
            expires_at: cbor::as_u64(cbor::required(m, CLAIM_EXP, "exp")?, "exp")?,
            doc_type: DocType::from_code(code).ok_or(CborError::Invalid("doc type"))?,
            status_index: cbor::as_u64(
                cbor::required(m, CLAIM_STATUS_INDEX, "status index")?,
                "status index",
            )?,
            digests: digests_from_cbor(cbor::required(m, CLAIM_DIGESTS, "digests")?)?,
        };
        Ok(claims)
    }
}

/// Why a printed card could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    /// No field, or more than [`MAX_PRINTED_FIELDS`].
    #[error("a printed card carries 1 to 8 fields")]
    FieldCount,
    /// The document type has no such field, or the document does not carry it.
    #[error("the document has no field {0}")]
    NoField(String),
    /// The field cannot go into a QR (the display portrait).
    #[error("{0} cannot be printed in a QR code")]
    NotPresentable(String),
    /// Signing failed or the validity is empty.
    #[error(transparent)]
    Issue(#[from] IssueError),
}

/// Signs a printed card of `document`'s chosen `fields` and returns the QR payload bytes
/// (`[1, issuer_signed, [* item]]`; wrap them in the `EC1:` envelope). Salts come from `rng`.
pub fn issue_printed(
    document: &Document,
    fields: &[&str],
    issuer: &dyn Signer,
    validity: Validity,
    status_index: u64,
    rng: &mut dyn RngCore,
) -> Result<Vec<u8>, PrintError> {
    if fields.is_empty() || fields.len() > MAX_PRINTED_FIELDS {
        return Err(PrintError::FieldCount);
    }
    if validity.not_before >= validity.expires_at {
        return Err(IssueError::EmptyValidity.into());
    }
    let document = crate::derive::with_derived_claims(document, validity.issued_at);
    let mut chosen: Vec<(&FieldSpec, &FieldValue)> = Vec::with_capacity(fields.len());
    for name in fields {
        let spec = document
            .doc_type()
            .field_by_name(name)
            .ok_or_else(|| PrintError::NoField(name.to_string()))?;
        if !spec.presentable() {
            return Err(PrintError::NotPresentable(name.to_string()));
        }
        let value = document
            .get(name)
            .ok_or_else(|| PrintError::NoField(name.to_string()))?;
        if !chosen.iter().any(|(s, _)| s.id == spec.id) {
            chosen.push((spec, value));
        }
    }
    chosen.sort_by_key(|(s, _)| s.id);
    let mut items = Vec::with_capacity(chosen.len());
    let mut digests = BTreeMap::new();
    for (spec, value) in chosen {
        let mut salt = [0u8; SALT_LEN];
        rng.fill_bytes(&mut salt);
        let item = Item::new(spec.id, &salt, value);
        digests.insert(spec.id, item.digest());
        items.push(Value::Bytes(item.bytes));
    }
    let claims = PrintedClaims {
        issued_at: validity.issued_at,
        not_before: validity.not_before,
        expires_at: validity.expires_at,
        doc_type: document.doc_type(),
        status_index,
        digests,
    };
    let kid = issuer.public_key().key_id();
    let signed = cose::sign1(cbor::encode(&claims.to_cbor()), Some(kid), issuer).map_err(|e| {
        IssueError::Key(match e {
            CoseError::Key(k) => k,
            other => KeyError::SignFailed(other.to_string()),
        })
    })?;
    Ok(cbor::encode(&Value::Array(vec![
        cbor::uint(PRINTED_VERSION),
        Value::Bytes(signed),
        Value::Array(items),
    ])))
}

/// A printed card that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedCard {
    /// The document type.
    pub doc_type: DocType,
    /// The issuer's key id.
    pub issuer_kid: KeyId,
    /// The issuer's name from the trust list.
    pub issuer_name: String,
    /// The printed fields, in field-id order.
    pub fields: Vec<(&'static FieldSpec, FieldValue)>,
    /// When the card was signed.
    pub issued_at: UnixTime,
    /// When it stops being valid.
    pub expires_at: UnixTime,
    /// What the revocation check found.
    pub revocation: Revocation,
    /// Whether the card carries a counter portrait to compare with the face.
    pub has_portrait: bool,
}

/// Verifies a printed card's payload bytes at `at`: the issuer's signature and key validity
/// (`unknown_issuer`, `bad_signature`, `issuer_not_allowed`), the printed-card claims
/// (`malformed`), every item against its digest (`digest_mismatch`), validity (`not_yet_valid`,
/// `expired`) and the status list (`revoked`). There is no device signature, no freshness and
/// no replay check: a printed card is shown again and again.
pub fn verify_printed(
    bytes: &[u8],
    trust: &TrustList,
    status: &[StatusListToken],
    at: UnixTime,
) -> Result<VerifiedCard, Rejection> {
    let value = cbor::decode(bytes, cbor::MAX_QR_BYTES)?;
    let parts = cbor::as_array(&value, "printed card")?;
    let [version, signed, items] = parts else {
        return Err(Rejection::malformed("printed card: expected 3 elements"));
    };
    if cbor::as_u64(version, "version")? != PRINTED_VERSION {
        return Err(Rejection::malformed("printed card: unknown version"));
    }
    let signed = cbor::as_bytes(signed, "issuer document")?;
    let items = cbor::as_array(items, "items")?
        .iter()
        .map(|i| cbor::as_bytes(i, "item"))
        .collect::<Result<Vec<_>, _>>()?;
    let (entry, payload) = crate::verify::check_issuer_signature(signed, trust)?;
    let claims = PrintedClaims::from_bytes(&payload)
        .map_err(|e| Rejection::malformed(format!("printed card claims: {e}")))?;
    crate::verify::check_times(claims.issued_at, claims.not_before, claims.expires_at)?;
    crate::verify::check_issuer_may(entry, claims.issued_at, claims.doc_type)?;
    let kid = entry.kid;
    if items.len() != claims.digests.len() {
        return Err(Rejection::new(
            Reason::DigestMismatch,
            "a printed card shows every field it signs",
        ));
    }
    crate::verify::check_item_order(items.iter().copied())?;
    let fields = check_items_against(claims.doc_type, &claims.digests, items)?;
    crate::verify::check_period(claims.not_before, claims.expires_at, at)?;
    let revocation = crate::verify::check_status_index(
        &kid,
        claims.status_index,
        claims.issued_at,
        status,
        Some(at),
    )?;
    let fields: Vec<_> = fields
        .into_iter()
        .filter_map(|(id, v)| claims.doc_type.field(id).map(|s| (s, v)))
        .collect();
    Ok(VerifiedCard {
        doc_type: claims.doc_type,
        issuer_kid: kid,
        issuer_name: entry.name.clone(),
        has_portrait: fields
            .iter()
            .any(|(s, _)| s.kind == FieldKind::CounterPortrait),
        fields,
        issued_at: claims.issued_at,
        expires_at: claims.expires_at,
        revocation,
    })
}
