//! COSE_Sign1 (RFC 9052) with ES256, through `coset`: creating signed structures with a
//! [`Signer`] and verifying them with a [`PublicKey`]. Every signed structure of eID Wallet is a
//! tagged COSE_Sign1 whose protected header holds exactly `alg: ES256` and, for issuer- and
//! root-signed ones, `kid`.

use crate::cbor::{self, CborError};
use crate::keys::{KeyError, KeyId, PublicKey, Signer};
use coset::{iana, AsCborValue, CoseSign1, CoseSign1Builder, HeaderBuilder};

/// The CBOR tag of a COSE_Sign1 (RFC 9052).
pub const COSE_SIGN1_TAG: u64 = iana::CborTag::CoseSign1 as u64;

/// Whether the CBOR tag 18 is required in front of the COSE_Sign1 array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagRule {
    /// The tag must be present (every eID Wallet structure).
    Required,
    /// The tag may be present or absent (for interoperability tests).
    Optional,
}

/// Why a COSE_Sign1 was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoseError {
    /// Not a well-formed COSE_Sign1.
    #[error("not a COSE_Sign1: {0}")]
    Malformed(String),
    /// The algorithm is not ES256.
    #[error("algorithm is not ES256")]
    WrongAlgorithm,
    /// The signature does not verify.
    #[error("signature does not verify")]
    BadSignature,
    /// Signing failed.
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl From<CborError> for CoseError {
    fn from(e: CborError) -> Self {
        CoseError::Malformed(e.to_string())
    }
}

/// Signs `payload` into a tagged COSE_Sign1 with ES256; `kid` goes into the protected header
/// when given.
pub fn sign1(
    payload: Vec<u8>,
    kid: Option<KeyId>,
    signer: &dyn Signer,
) -> Result<Vec<u8>, CoseError> {
    let mut protected = HeaderBuilder::new().algorithm(iana::Algorithm::ES256);
    if let Some(kid) = kid {
        protected = protected.key_id(kid.0.to_vec());
    }
    let unsigned = CoseSign1Builder::new()
        .protected(protected.build())
        .payload(payload)
        .build();
    let tbs = unsigned.tbs_data(&[]);
    let signature = signer.sign(&tbs)?;
    let signed = CoseSign1 {
        signature: signature.to_vec(),
        ..unsigned
    };
    let value = signed
        .to_cbor_value()
        .map_err(|e| CoseError::Malformed(e.to_string()))?;
    Ok(cbor::encode(&ciborium::Value::Tag(
        COSE_SIGN1_TAG,
        Box::new(value),
    )))
}

/// Parses a COSE_Sign1 from untrusted bytes (bounded size and nesting) and checks that the
/// algorithm is ES256. The signature is not checked yet: see [`verify_es256`].
pub fn parse_sign1(bytes: &[u8], tag: TagRule, max_len: usize) -> Result<CoseSign1, CoseError> {
    let value = cbor::decode(bytes, max_len)?;
    let inner = match (value, tag) {
        (ciborium::Value::Tag(COSE_SIGN1_TAG, inner), _) => *inner,
        (ciborium::Value::Tag(t, _), _) => {
            return Err(CoseError::Malformed(format!("CBOR tag {t} instead of 18")))
        }
        (_, TagRule::Required) => return Err(CoseError::Malformed("missing CBOR tag 18".into())),
        (v, TagRule::Optional) => v,
    };
    let sign1 =
        CoseSign1::from_cbor_value(inner).map_err(|e| CoseError::Malformed(e.to_string()))?;
    let es256 = coset::Algorithm::Assigned(iana::Algorithm::ES256);
    if sign1.protected.header.alg.as_ref() != Some(&es256) {
        return Err(CoseError::WrongAlgorithm);
    }
    if sign1.unprotected.alg.is_some() {
        return Err(CoseError::Malformed(
            "algorithm in the unprotected header".into(),
        ));
    }
    Ok(sign1)
}

/// Verifies the ES256 signature of a parsed COSE_Sign1 with external data `aad`.
pub fn verify_es256(sign1: &CoseSign1, key: &PublicKey, aad: &[u8]) -> Result<(), CoseError> {
    sign1.verify_signature(aad, |sig, tbs| {
        if key.verify(tbs, sig) {
            Ok(())
        } else {
            Err(CoseError::BadSignature)
        }
    })
}

/// The key id from the protected header, if it is 8 bytes long.
pub fn protected_kid(sign1: &CoseSign1) -> Option<KeyId> {
    KeyId::from_slice(&sign1.protected.header.key_id)
}

/// The payload, which every eID Wallet structure carries attached.
pub fn payload(sign1: &CoseSign1) -> Result<&[u8], CoseError> {
    sign1
        .payload
        .as_deref()
        .ok_or_else(|| CoseError::Malformed("detached payload".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SoftwareKey;

    #[test]
    fn sign_parse_verify() {
        let key = SoftwareKey::from_seed("cose", b"1");
        let kid = key.public_key().key_id();
        let bytes = sign1(b"payload".to_vec(), Some(kid), &key).unwrap();
        assert_eq!(bytes[0], 0xd2, "tag 18");
        let parsed = parse_sign1(&bytes, TagRule::Required, 1000).unwrap();
        assert_eq!(protected_kid(&parsed), Some(kid));
        assert_eq!(payload(&parsed).unwrap(), b"payload");
        verify_es256(&parsed, key.public_key(), &[]).unwrap();
        let other = SoftwareKey::from_seed("cose", b"2");
        assert_eq!(
            verify_es256(&parsed, other.public_key(), &[]),
            Err(CoseError::BadSignature)
        );
        assert_eq!(
            verify_es256(&parsed, key.public_key(), b"aad"),
            Err(CoseError::BadSignature)
        );
    }

    #[test]
    fn untagged_is_refused_when_tag_required() {
        let key = SoftwareKey::from_seed("cose", b"1");
        let bytes = sign1(b"p".to_vec(), None, &key).unwrap();
        assert!(parse_sign1(&bytes[1..], TagRule::Required, 1000).is_err());
        assert!(parse_sign1(&bytes[1..], TagRule::Optional, 1000).is_ok());
        assert!(matches!(
            parse_sign1(&bytes, TagRule::Required, 10),
            Err(CoseError::Malformed(_))
        ));
    }
}
