//! The claim set an issuer signs (a CWT-style CBOR map, RFC 8392), and the disclosed items whose
//! salted digests it carries.

use crate::cbor::{self, CborError};
use crate::document::FieldValue;
use crate::keys::PublicKey;
use crate::reason::{Reason, Rejection};
use crate::schema::{DocType, FieldId};
use crate::UnixTime;
use ciborium::Value;
use ring::digest;
use std::collections::BTreeMap;

/// CWT `exp` (RFC 8392).
pub const CLAIM_EXP: i64 = 4;
/// CWT `nbf`.
pub const CLAIM_NBF: i64 = 5;
/// CWT `iat`.
pub const CLAIM_IAT: i64 = 6;
/// CWT `cnf` (RFC 8747): the holder's device key.
pub const CLAIM_CNF: i64 = 8;
/// Private claim: the document type code.
pub const CLAIM_DOC_TYPE: i64 = -65537;
/// Private claim: the document's index in its issuer's status list.
pub const CLAIM_STATUS_INDEX: i64 = -65538;
/// Private claim: field id → truncated salted digest.
pub const CLAIM_DIGESTS: i64 = -65539;
/// Private claim of printed cards only (see [`crate::printed`]): `1`, bound to no device.
pub const CLAIM_PRINTED: i64 = -65540;

/// Bytes of SHA-256 kept in a field digest.
pub const DIGEST_LEN: usize = 16;
/// Bytes of salt in a disclosed item.
pub const SALT_LEN: usize = 16;
/// Most fields a document may carry.
pub const MAX_FIELDS: usize = 64;

/// A field digest: the first 16 bytes of SHA-256 over the item's CBOR bytes.
pub type Digest = [u8; DIGEST_LEN];

/// What the issuer signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    /// When the document was signed.
    pub issued_at: UnixTime,
    /// First second of validity.
    pub not_before: UnixTime,
    /// First second after validity.
    pub expires_at: UnixTime,
    /// The document type.
    pub doc_type: DocType,
    /// Position in the issuer's status list.
    pub status_index: u64,
    /// The holder's device key, which must sign every presentation.
    pub holder: PublicKey,
    /// Field id → digest of the item carrying that field.
    pub digests: BTreeMap<FieldId, Digest>,
}

impl Claims {
    /// The CBOR map, keys in deterministic order (RFC 8949 §4.2.1).
    pub fn to_cbor(&self) -> Value {
        let cose_key = cbor::int_map(vec![
            (1, cbor::uint(2)),
            (-1, cbor::uint(1)),
            (-2, Value::Bytes(self.holder.x().to_vec())),
            (-3, Value::Bool(self.holder.y_is_odd())),
        ]);
        let digests = digests_to_cbor(&self.digests);
        cbor::int_map(vec![
            (CLAIM_EXP, cbor::uint(self.expires_at)),
            (CLAIM_NBF, cbor::uint(self.not_before)),
            (CLAIM_IAT, cbor::uint(self.issued_at)),
            (CLAIM_CNF, cbor::int_map(vec![(1, cose_key)])),
            (CLAIM_DOC_TYPE, cbor::uint(self.doc_type.code())),
            (CLAIM_STATUS_INDEX, cbor::uint(self.status_index)),
            (CLAIM_DIGESTS, digests),
        ])
    }

    /// Reads claims from the issuer's payload bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CborError> {
        let v = cbor::decode(bytes, cbor::MAX_QR_BYTES)?;
        let m = cbor::as_map(&v, "claims")?;
        if cbor::map_get(m, CLAIM_PRINTED).is_some() {
            return Err(CborError::Invalid("a printed card is not a phone document"));
        }
        let cnf = cbor::as_map(cbor::required(m, CLAIM_CNF, "cnf")?, "cnf")?;
        let key = cbor::as_map(cbor::required(cnf, 1, "cnf key")?, "cnf key")?;
        if cbor::as_u64(cbor::required(key, 1, "key type")?, "key type")? != 2
            || cbor::as_u64(cbor::required(key, -1, "curve")?, "curve")? != 1
        {
            return Err(CborError::Invalid("cnf key: not EC2 P-256"));
        }
        let x = cbor::as_bytes(cbor::required(key, -2, "x")?, "x")?;
        let holder = match cbor::required(key, -3, "y")? {
            Value::Bool(odd) => PublicKey::from_x_and_sign(x, *odd),
            Value::Bytes(y) => PublicKey::from_xy(x, y),
            _ => return Err(CborError::Invalid("y")),
        }
        .map_err(|_| CborError::Invalid("cnf key"))?;
        let code = cbor::as_u64(cbor::required(m, CLAIM_DOC_TYPE, "doc type")?, "doc type")?;
        let doc_type = DocType::from_code(code).ok_or(CborError::Invalid("doc type"))?;
        let digests = digests_from_cbor(cbor::required(m, CLAIM_DIGESTS, "digests")?)?;
        Ok(Claims {
            issued_at: cbor::as_u64(cbor::required(m, CLAIM_IAT, "iat")?, "iat")?,
            not_before: cbor::as_u64(cbor::required(m, CLAIM_NBF, "nbf")?, "nbf")?,
            expires_at: cbor::as_u64(cbor::required(m, CLAIM_EXP, "exp")?, "exp")?,
            doc_type,
            status_index: cbor::as_u64(
                cbor::required(m, CLAIM_STATUS_INDEX, "status index")?,
                "status index",
            )?,
            holder,
            digests,
        })
    }
}

/// The signed digest map `{* field_id => bstr .size 16}`, keys ascending.
pub(crate) fn digests_to_cbor(digests: &BTreeMap<FieldId, Digest>) -> Value {
    Value::Map(
        digests
            .iter()
            .map(|(id, d)| (cbor::uint(u64::from(*id)), Value::Bytes(d.to_vec())))
            .collect(),
    )
}

/// Reads a signed digest map: at most [`MAX_FIELDS`] entries, ids unique, digests 16 bytes.
pub(crate) fn digests_from_cbor(v: &Value) -> Result<BTreeMap<FieldId, Digest>, CborError> {
    let dm = cbor::as_map(v, "digests")?;
    if dm.len() > MAX_FIELDS {
        return Err(CborError::Invalid("digests: too many"));
    }
    let mut digests = BTreeMap::new();
    for (k, d) in dm {
        let id = u32::try_from(cbor::as_u64(k, "digest id")?)
            .map_err(|_| CborError::Invalid("digest id"))?;
        let d: Digest = cbor::as_bytes(d, "digest")?
            .try_into()
            .map_err(|_| CborError::Invalid("digest length"))?;
        if digests.insert(id, d).is_some() {
            return Err(CborError::Invalid("digest id repeated"));
        }
    }
    Ok(digests)
}

/// One field as disclosed: the exact CBOR bytes of `[id, salt, value]`, whose digest the issuer
/// signed. Keeping the bytes (not re-encoding) makes the digest check independent of encoders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The field id.
    pub id: FieldId,
    /// The CBOR bytes of `[id, salt, value]`.
    pub bytes: Vec<u8>,
}

impl Item {
    /// Builds the item bytes for a field.
    pub fn new(id: FieldId, salt: &[u8; SALT_LEN], value: &FieldValue) -> Self {
        let bytes = cbor::encode(&Value::Array(vec![
            cbor::uint(u64::from(id)),
            Value::Bytes(salt.to_vec()),
            value.to_cbor(),
        ]));
        Item { id, bytes }
    }

    /// The truncated SHA-256 digest of the bytes.
    pub fn digest(&self) -> Digest {
        digest_of(&self.bytes)
    }

    /// Parses item bytes into the field id and the raw value (not yet checked against a kind).
    pub fn parse(bytes: &[u8]) -> Result<(FieldId, Value), CborError> {
        // A display portrait makes a stored item larger than a QR; a presentation's items are
        // bounded by the presentation's own limit before they get here.
        let v = cbor::decode(bytes, cbor::MAX_ISSUED_BYTES)?;
        let Value::Array(parts) = v else {
            return Err(CborError::Invalid("item"));
        };
        let Ok::<[Value; 3], _>([id, salt, value]) = parts.try_into() else {
            return Err(CborError::Invalid("item: not [id, salt, value]"));
        };
        let id = u32::try_from(cbor::as_u64(&id, "item id")?)
            .map_err(|_| CborError::Invalid("item id"))?;
        if cbor::as_bytes(&salt, "salt")?.len() != SALT_LEN {
            return Err(CborError::Invalid("salt length"));
        }
        Ok((id, value))
    }
}

/// The truncated SHA-256 digest of bytes.
pub fn digest_of(bytes: &[u8]) -> Digest {
    let d = digest::digest(&digest::SHA256, bytes);
    let mut out = [0u8; DIGEST_LEN];
    out.copy_from_slice(&d.as_ref()[..DIGEST_LEN]);
    out
}

/// Checks disclosed items against the signed digests and reads their values.
pub fn check_items<'i>(
    claims: &Claims,
    items: impl IntoIterator<Item = &'i [u8]>,
) -> Result<BTreeMap<FieldId, FieldValue>, Rejection> {
    check_items_against(claims.doc_type, &claims.digests, items)
}

/// Checks items against the digests an issuer signed for a document of `doc_type` and reads
/// their values (phone documents and printed cards alike).
pub fn check_items_against<'i>(
    doc_type: DocType,
    digests: &BTreeMap<FieldId, Digest>,
    items: impl IntoIterator<Item = &'i [u8]>,
) -> Result<BTreeMap<FieldId, FieldValue>, Rejection> {
    let mut fields = BTreeMap::new();
    for bytes in items {
        let (id, value) = Item::parse(bytes)?;
        let signed = digests.get(&id).ok_or_else(|| {
            Rejection::new(Reason::DigestMismatch, format!("field {id} is not signed"))
        })?;
        if &digest_of(bytes) != signed {
            return Err(Rejection::new(
                Reason::DigestMismatch,
                format!("field {id} does not match its signed digest"),
            ));
        }
        let spec = doc_type
            .field(id)
            .ok_or_else(|| Rejection::malformed(format!("unknown field {id}")))?;
        let value = FieldValue::from_cbor(spec, &value)
            .map_err(|e| Rejection::malformed(format!("{}: {e}", spec.name)))?;
        if fields.insert(id, value).is_some() {
            return Err(Rejection::malformed(format!(
                "field {} disclosed twice",
                spec.name
            )));
        }
    }
    Ok(fields)
}
