//! A service's share request (scan to share): who asks, for which fields of which document,
//! why, with which nonce, until when, and where to send the answer — signed by the portal's root
//! key so that a wallet can show the citizen who is really asking. Carried in an `ER1:` QR
//! (docs/formats.md §9).

use crate::cbor::{self, CborError};
use crate::cose::{self, TagRule};
use crate::keys::{KeyError, PublicKey, Signer};
use crate::schema::DocType;
use crate::UnixTime;
use ciborium::Value;

/// Version written first in every share request.
pub const SHARE_REQUEST_VERSION: u64 = 1;
/// Largest signed request accepted.
pub const MAX_SHARE_REQUEST_BYTES: usize = 4096;
/// Most fields one request may ask for.
pub const MAX_SHARE_FIELDS: usize = 16;
/// Longest text (id, names, purpose, URL), in characters.
pub const MAX_SHARE_TEXT: usize = 200;
/// Nonce length, in bytes.
pub const SHARE_NONCE_LEN: usize = 16;

/// A share request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareRequest {
    /// The portal's id for the request.
    pub id: String,
    /// The service's id: the presentation's audience.
    pub service_id: String,
    /// The service's registered name, shown to the citizen.
    pub service_name: String,
    /// The document type asked for.
    pub doc_type: DocType,
    /// The fields asked for, by name, in the type's order.
    pub fields: Vec<&'static str>,
    /// Why, in the service's words.
    pub purpose: String,
    /// The nonce the presentation must carry.
    pub nonce: [u8; SHARE_NONCE_LEN],
    /// First second the request is no longer valid.
    pub expires_at: UnixTime,
    /// Where the wallet posts its answer (an `https://` or loopback `http://` URL).
    pub answer_url: String,
}

/// Why a share request is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareRequestError {
    /// Not a well-formed request.
    #[error("this is not a valid share request: {0}")]
    Malformed(String),
    /// The signature is not the portal's.
    #[error("this request is not signed by the portal")]
    BadSignature,
    /// The request's time is over.
    #[error("this request has expired")]
    Expired,
    /// Signing failed.
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl From<CborError> for ShareRequestError {
    fn from(e: CborError) -> Self {
        ShareRequestError::Malformed(e.to_string())
    }
}

fn check_text(s: &str, name: &'static str) -> Result<(), CborError> {
    if s.is_empty() || s.chars().count() > MAX_SHARE_TEXT {
        return Err(CborError::Invalid(name));
    }
    Ok(())
}

impl ShareRequest {
    /// The CBOR payload: `{1: version, 2: id, 3: service id, 4: service name, 5: doc type,
    /// 6: [field id…], 7: purpose, 8: nonce, 9: expires at, 10: answer URL}`.
    pub fn to_cbor(&self) -> Value {
        let ids = self
            .fields
            .iter()
            .filter_map(|n| self.doc_type.field_by_name(n))
            .map(|f| cbor::uint(u64::from(f.id)))
            .collect();
        cbor::int_map(vec![
            (1, cbor::uint(SHARE_REQUEST_VERSION)),
            (2, Value::Text(self.id.clone())),
            (3, Value::Text(self.service_id.clone())),
            (4, Value::Text(self.service_name.clone())),
            (5, cbor::uint(self.doc_type.code())),
            (6, Value::Array(ids)),
            (7, Value::Text(self.purpose.clone())),
            (8, Value::Bytes(self.nonce.to_vec())),
            (9, cbor::uint(self.expires_at)),
            (10, Value::Text(self.answer_url.clone())),
        ])
    }

    /// Signs the request with the portal's root key into a tagged COSE_Sign1 (key id in the
    /// protected header).
    pub fn sign(&self, root: &dyn Signer) -> Result<Vec<u8>, ShareRequestError> {
        let kid = root.public_key().key_id();
        cose::sign1(cbor::encode(&self.to_cbor()), Some(kid), root).map_err(|e| match e {
            cose::CoseError::Key(k) => ShareRequestError::Key(k),
            other => ShareRequestError::Malformed(other.to_string()),
        })
    }

    /// Checks the root signature and the time, and reads the request.
    pub fn verify(
        bytes: &[u8],
        root: &PublicKey,
        now: UnixTime,
    ) -> Result<Self, ShareRequestError> {
        let sign1 = cose::parse_sign1(bytes, TagRule::Required, MAX_SHARE_REQUEST_BYTES)
            .map_err(|e| ShareRequestError::Malformed(e.to_string()))?;
        if cose::protected_kid(&sign1) != Some(root.key_id()) {
            return Err(ShareRequestError::BadSignature);
        }
        cose::verify_es256(&sign1, root, &[]).map_err(|_| ShareRequestError::BadSignature)?;
        let payload =
            cose::payload(&sign1).map_err(|e| ShareRequestError::Malformed(e.to_string()))?;
        let request = Self::from_payload(payload)?;
        if now >= request.expires_at {
            return Err(ShareRequestError::Expired);
        }
        Ok(request)
    }

    fn from_payload(payload: &[u8]) -> Result<Self, CborError> {
        let v = cbor::decode(payload, MAX_SHARE_REQUEST_BYTES)?;
        let m = cbor::as_map(&v, "share request")?;
        let text = |key: i64, name: &'static str| -> Result<String, CborError> {
            let s = cbor::as_text(cbor::required(m, key, name)?, name)?;
            check_text(s, name)?;
            Ok(s.to_owned())
        };
        if cbor::as_u64(cbor::required(m, 1, "version")?, "version")? != SHARE_REQUEST_VERSION {
            return Err(CborError::Invalid("version"));
        }
        let doc_type =
            DocType::from_code(cbor::as_u64(cbor::required(m, 5, "doc type")?, "doc type")?)
                .ok_or(CborError::Invalid("doc type"))?;
        let ids = cbor::as_array(cbor::required(m, 6, "fields")?, "fields")?;
        if ids.is_empty() || ids.len() > MAX_SHARE_FIELDS {
            return Err(CborError::Invalid("fields: 1 to 16"));
        }
        let mut fields = Vec::with_capacity(ids.len());
        for id in ids {
            let id = u32::try_from(cbor::as_u64(id, "field id")?)
                .map_err(|_| CborError::Invalid("field id"))?;
            let spec = doc_type.field(id).ok_or(CborError::Invalid("field id"))?;
            if fields.contains(&spec.name) {
                return Err(CborError::Invalid("field asked twice"));
            }
            fields.push(spec.name);
        }
        let nonce = cbor::as_bytes(cbor::required(m, 8, "nonce")?, "nonce")?
            .try_into()
            .map_err(|_| CborError::Invalid("nonce: 16 bytes"))?;
        Ok(ShareRequest {
            id: text(2, "id")?,
            service_id: text(3, "service id")?,
            service_name: text(4, "service name")?,
            doc_type,
            fields,
            purpose: text(7, "purpose")?,
            nonce,
            expires_at: cbor::as_u64(cbor::required(m, 9, "expires at")?, "expires at")?,
            answer_url: text(10, "answer url")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SoftwareKey;

    fn request() -> ShareRequest {
        ShareRequest {
            id: "r1".into(),
            service_id: "clinic-demo".into(),
            service_name: "Phòng khám Mẫu".into(),
            doc_type: DocType::HealthInsurance,
            fields: vec!["insurance_number", "full_name"],
            purpose: "Khám bệnh có bảo hiểm".into(),
            nonce: [7; SHARE_NONCE_LEN],
            expires_at: 1_000,
            answer_url: "http://127.0.0.1:8080/v1/share/requests/r1/answer".into(),
        }
    }

    #[test]
    fn signed_request_round_trips_and_expires() {
        let root = SoftwareKey::from_seed("root", b"1");
        let bytes = request().sign(&root).unwrap();
        let back = ShareRequest::verify(&bytes, root.public_key(), 999).unwrap();
        assert_eq!(back, request());
        assert_eq!(
            ShareRequest::verify(&bytes, root.public_key(), 1_000),
            Err(ShareRequestError::Expired)
        );
    }

    #[test]
    fn another_key_or_a_changed_byte_is_refused() {
        let root = SoftwareKey::from_seed("root", b"1");
        let other = SoftwareKey::from_seed("root", b"2");
        let bytes = request().sign(&other).unwrap();
        assert_eq!(
            ShareRequest::verify(&bytes, root.public_key(), 0),
            Err(ShareRequestError::BadSignature)
        );
        let mut bytes = request().sign(&root).unwrap();
        let n = bytes.len();
        bytes[n - 70] ^= 1;
        assert!(ShareRequest::verify(&bytes, root.public_key(), 0).is_err());
        assert!(matches!(
            ShareRequest::verify(b"\x01\x02", root.public_key(), 0),
            Err(ShareRequestError::Malformed(_))
        ));
    }
}
