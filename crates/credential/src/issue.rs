//! Issuing: the portal signs a document for one holder's device key.

use crate::cbor::{self, CborError};
use crate::claims::{Claims, Item, SALT_LEN};
use crate::cose::{self, CoseError, TagRule};
use crate::document::Document;
use crate::keys::{KeyError, PublicKey, Signer};
use crate::schema::FieldId;
use crate::UnixTime;
use ciborium::Value;
use rand_core::RngCore;
use std::collections::BTreeMap;

pub use crate::cbor::MAX_ISSUED_BYTES;

/// When a document is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    /// When it is signed.
    pub issued_at: UnixTime,
    /// First second of validity.
    pub not_before: UnixTime,
    /// First second after validity.
    pub expires_at: UnixTime,
}

/// Why issuing failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssueError {
    /// `not_before` is not before `expires_at`.
    #[error("the validity period is empty")]
    EmptyValidity,
    /// The issuer's key could not sign.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// What the holder keeps: the issuer's COSE_Sign1 over the claims, and every field as a salted
/// item whose digest the claims carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedDocument {
    /// The tagged COSE_Sign1 bytes, exactly as signed.
    pub signed: Vec<u8>,
    /// One item per field, in field-id order.
    pub items: Vec<Item>,
}

/// Signs `document` for the holder whose device key is `holder`, with the claims the issuer
/// derives itself ([`crate::derive::with_derived_claims`], e.g. `age_over_18` on the day of
/// `validity.issued_at`). Salts come from `rng`.
pub fn issue(
    document: &Document,
    issuer: &dyn Signer,
    holder: &PublicKey,
    validity: Validity,
    status_index: u64,
    rng: &mut dyn RngCore,
) -> Result<IssuedDocument, IssueError> {
    if validity.not_before >= validity.expires_at {
        return Err(IssueError::EmptyValidity);
    }
    let document = &crate::derive::with_derived_claims(document, validity.issued_at);
    let mut items = Vec::new();
    let mut digests = BTreeMap::new();
    for (spec, value) in document.fields() {
        let mut salt = [0u8; SALT_LEN];
        rng.fill_bytes(&mut salt);
        let item = Item::new(spec.id, &salt, value);
        digests.insert(spec.id, item.digest());
        items.push(item);
    }
    let claims = Claims {
        issued_at: validity.issued_at,
        not_before: validity.not_before,
        expires_at: validity.expires_at,
        doc_type: document.doc_type(),
        status_index,
        holder: holder.clone(),
        digests,
    };
    let kid = issuer.public_key().key_id();
    let signed =
        cose::sign1(cbor::encode(&claims.to_cbor()), Some(kid), issuer).map_err(|e| match e {
            CoseError::Key(k) => IssueError::Key(k),
            other => IssueError::Key(KeyError::SignFailed(other.to_string())),
        })?;
    Ok(IssuedDocument { signed, items })
}

impl IssuedDocument {
    /// Serializes as CBOR `[signed, [item, …]]` for storage and transport.
    pub fn to_bytes(&self) -> Vec<u8> {
        cbor::encode(&Value::Array(vec![
            Value::Bytes(self.signed.clone()),
            Value::Array(
                self.items
                    .iter()
                    .map(|i| Value::Bytes(i.bytes.clone()))
                    .collect(),
            ),
        ]))
    }

    /// Reads the form written by [`IssuedDocument::to_bytes`]; checks the structure, that every
    /// item matches its signed digest and that the values fit the document type. The issuer's
    /// signature is NOT checked here: see [`crate::verify::verify_issued`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CborError> {
        let v = cbor::decode(bytes, MAX_ISSUED_BYTES)?;
        let parts = cbor::as_array(&v, "issued document")?;
        let [signed, items] = parts else {
            return Err(CborError::Invalid("issued document: not [signed, items]"));
        };
        let signed = cbor::as_bytes(signed, "signed")?.to_vec();
        let items = cbor::as_array(items, "items")?
            .iter()
            .map(|i| {
                let bytes = cbor::as_bytes(i, "item")?.to_vec();
                let (id, _) = Item::parse(&bytes)?;
                Ok(Item { id, bytes })
            })
            .collect::<Result<Vec<_>, CborError>>()?;
        let doc = IssuedDocument { signed, items };
        doc.open()?;
        Ok(doc)
    }

    /// The claims, read from the signed payload without checking the signature.
    pub fn claims(&self) -> Result<Claims, CborError> {
        let sign1 = cose::parse_sign1(&self.signed, TagRule::Required, MAX_ISSUED_BYTES)
            .map_err(|_| CborError::Invalid("signed document"))?;
        Claims::from_bytes(cose::payload(&sign1).map_err(|_| CborError::Missing("payload"))?)
    }

    /// The claims and the document content, each item checked against its digest.
    pub fn open(&self) -> Result<(Claims, Document), CborError> {
        let claims = self.claims()?;
        let fields = crate::claims::check_items(&claims, self.items.iter().map(|i| &i.bytes[..]))
            .map_err(|_| CborError::Invalid("item does not match its digest"))?;
        let document = Document::from_fields(claims.doc_type, fields)
            .map_err(|_| CborError::Missing("a required field"))?;
        Ok((claims, document))
    }

    /// The item carrying field `id`.
    pub fn item(&self, id: FieldId) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }
}
