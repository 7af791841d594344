//! COSE_Sign1 (RFC 9052) with ES256, through `coset`: creating signed structures with a
//! [`Signer`] and verifying them with a [`PublicKey`]. Every signed structure of eID Wallet is a
//! tagged COSE_Sign1 whose protected header is exactly `{1: -7}` (holder) or
//! `{1: -7, 4: h'<8-byte kid>'}` (issuer, root), whose unprotected header is exactly `{}` and whose
//! signature is 64 bytes (docs/formats.md §2). The unprotected header is covered by no
//! signature: a verifier that accepted anything there would accept altered bytes as the same
//! structure, so [`parse_sign1`] insists on `{}` byte for byte.

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

/// The protected header of a holder signature: `{1: -7}`.
pub const HOLDER_PROTECTED: [u8; 3] = [0xa1, 0x01, 0x26];

/// The first bytes of an issuer- or root-signed protected header, `{1: -7, 4: h'…'}`: the 8-byte
/// key id follows (13 bytes in all).
pub const KEYED_PROTECTED_PREFIX: [u8; 5] = [0xa2, 0x01, 0x26, 0x04, 0x48];

/// Which protected header a structure must carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protected {
    /// `{1: -7}`: the holder's presentation (no key id: the key is the document's `cnf`).
    AlgOnly,
    /// `{1: -7, 4: h'<8 bytes>'}`: issued documents, trust and status lists, share requests.
    WithKid,
}

/// Parses an eID Wallet COSE_Sign1 from untrusted bytes: strict CBOR (docs/formats.md §1.1,
/// bounded size and nesting), then exactly the shape of §2 — the protected header one of the two
/// allowed byte strings, the unprotected header `{}`, an attached payload and a 64-byte
/// signature. A protected `alg` other than ES256 is [`CoseError::WrongAlgorithm`]; every other
/// departure is [`CoseError::Malformed`]. The signature is not checked yet: see
/// [`verify_es256`]; which of the two headers is expected is checked with [`expect_protected`].
pub fn parse_sign1(bytes: &[u8], tag: TagRule, max_len: usize) -> Result<CoseSign1, CoseError> {
    let value = cbor::decode(bytes, max_len)?;
    let inner = untag(value, tag)?;
    if let ciborium::Value::Array(parts) = &inner {
        match parts.as_slice() {
            [ciborium::Value::Bytes(_), ciborium::Value::Map(m), _, _] if !m.is_empty() => {
                return Err(CoseError::Malformed(
                    "the unprotected header must be empty".into(),
                ))
            }
            [_, _, ciborium::Value::Bytes(_), ciborium::Value::Bytes(sig)] if sig.len() != 64 => {
                return Err(CoseError::Malformed(format!(
                    "signature of {} bytes instead of 64",
                    sig.len()
                )))
            }
            [_, _, ciborium::Value::Null, _] => {
                return Err(CoseError::Malformed("detached payload".into()))
            }
            _ => {}
        }
    }
    let sign1 = from_value(inner)?;
    let raw = sign1.protected.original_data.as_deref().unwrap_or_default();
    let alg_only = raw == HOLDER_PROTECTED;
    let with_kid = raw.len() == 13 && raw[..5] == KEYED_PROTECTED_PREFIX;
    if !alg_only && !with_kid {
        return Err(CoseError::Malformed(
            "the protected header must be exactly {1: -7} or {1: -7, 4: 8-byte kid}".into(),
        ));
    }
    Ok(sign1)
}

/// Checks which of the two protected headers a parsed COSE_Sign1 carries.
pub fn expect_protected(sign1: &CoseSign1, want: Protected) -> Result<(), CoseError> {
    let has_kid = !sign1.protected.header.key_id.is_empty();
    match (want, has_kid) {
        (Protected::AlgOnly, true) => Err(CoseError::Malformed(
            "a key id in a header that must have none".into(),
        )),
        (Protected::WithKid, false) => Err(CoseError::Malformed("no key id".into())),
        _ => Ok(()),
    }
}

/// Parses and verifies a structure signed by the portal's root key (trust list, status list):
/// the eID shape with a key id, the key id that of `root`, and the signature. The error is the
/// detail of a `bad_trust_list` rejection.
pub fn parse_root_signed(
    bytes: &[u8],
    max_len: usize,
    root: &PublicKey,
) -> Result<CoseSign1, String> {
    let sign1 = parse_sign1(bytes, TagRule::Required, max_len).map_err(|e| e.to_string())?;
    expect_protected(&sign1, Protected::WithKid).map_err(|e| e.to_string())?;
    if protected_kid(&sign1) != Some(root.key_id()) {
        return Err("the key id is not the root key's".into());
    }
    verify_es256(&sign1, root, &[]).map_err(|e| e.to_string())?;
    Ok(sign1)
}

/// Parses a COSE_Sign1 that another implementation made (interoperability tests with the
/// COSE working group's examples): any well-formed CBOR, any headers, but `alg` ES256 in the
/// protected header and none in the unprotected one. Never use it for eID Wallet structures:
/// it accepts bytes that [`parse_sign1`] refuses.
pub fn parse_foreign_sign1(
    bytes: &[u8],
    tag: TagRule,
    max_len: usize,
) -> Result<CoseSign1, CoseError> {
    if bytes.len() > max_len {
        return Err(CborError::TooLarge(bytes.len(), max_len).into());
    }
    let mut reader = bytes;
    let value: ciborium::Value =
        ciborium::de::from_reader_with_recursion_limit(&mut reader, cbor::MAX_DEPTH)
            .map_err(|e| CoseError::Malformed(e.to_string()))?;
    if !reader.is_empty() {
        return Err(CoseError::Malformed("bytes after the item".into()));
    }
    from_value(untag(value, tag)?)
}

fn untag(value: ciborium::Value, tag: TagRule) -> Result<ciborium::Value, CoseError> {
    match (value, tag) {
        (ciborium::Value::Tag(COSE_SIGN1_TAG, inner), _) => Ok(*inner),
        (ciborium::Value::Tag(t, _), _) => {
            Err(CoseError::Malformed(format!("CBOR tag {t} instead of 18")))
        }
        (_, TagRule::Required) => Err(CoseError::Malformed("missing CBOR tag 18".into())),
        (v, TagRule::Optional) => Ok(v),
    }
}

/// A COSE_Sign1 from its array, with `alg` ES256 in the protected header and none unprotected.
fn from_value(inner: ciborium::Value) -> Result<CoseSign1, CoseError> {
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

    /// A COSE_Sign1 put together by hand, signed over its own Sig_structure by `key`.
    fn raw_sign1(
        protected: &[u8],
        unprotected: ciborium::Value,
        sig_len: usize,
        key: &SoftwareKey,
    ) -> Vec<u8> {
        use ciborium::Value as V;
        let tbs = cbor::encode(&V::Array(vec![
            V::Text("Signature1".into()),
            V::Bytes(protected.to_vec()),
            V::Bytes(vec![]),
            V::Bytes(b"p".to_vec()),
        ]));
        let mut sig = key.sign(&tbs).unwrap().to_vec();
        sig.resize(sig_len, 0);
        cbor::encode(&V::Tag(
            COSE_SIGN1_TAG,
            Box::new(V::Array(vec![
                V::Bytes(protected.to_vec()),
                unprotected,
                V::Bytes(b"p".to_vec()),
                V::Bytes(sig),
            ])),
        ))
    }

    #[test]
    fn headers_must_be_exactly_the_two_allowed_shapes() {
        use ciborium::Value as V;
        let key = SoftwareKey::from_seed("cose", b"1");
        let empty = || V::Map(vec![]);
        let kid = [0xa2, 0x01, 0x26, 0x04, 0x48, 1, 2, 3, 4, 5, 6, 7, 8];
        let parse = |b: &[u8]| parse_sign1(b, TagRule::Required, 1000);
        // Both allowed shapes parse and verify.
        for ok in [&HOLDER_PROTECTED[..], &kid[..]] {
            let s = parse(&raw_sign1(ok, empty(), 64, &key)).unwrap();
            verify_es256(&s, key.public_key(), &[]).unwrap();
        }
        // ES384 (-35) in the protected header: wrong algorithm.
        assert_eq!(
            parse(&raw_sign1(&[0xa1, 0x01, 0x38, 0x22], empty(), 64, &key)).unwrap_err(),
            CoseError::WrongAlgorithm
        );
        // An extra protected label (3: content type 0), a 7-byte kid, a text kid.
        for bad in [
            &[0xa2, 0x01, 0x26, 0x03, 0x00][..],
            &[0xa2, 0x01, 0x26, 0x04, 0x47, 1, 2, 3, 4, 5, 6, 7][..],
            &[0xa2, 0x01, 0x26, 0x04, 0x61, 0x41][..],
        ] {
            assert!(
                matches!(
                    parse(&raw_sign1(bad, empty(), 64, &key)),
                    Err(CoseError::Malformed(_))
                ),
                "{bad:02x?}"
            );
        }
        // Anything in the unprotected header, even a key id that matches.
        let unprotected = V::Map(vec![(V::Integer(4.into()), V::Bytes(vec![1; 8]))]);
        assert!(matches!(
            parse(&raw_sign1(&kid, unprotected, 64, &key)),
            Err(CoseError::Malformed(m)) if m.contains("unprotected")
        ));
        // A signature that is not 64 bytes.
        for len in [63, 65, 0] {
            assert!(matches!(
                parse(&raw_sign1(&HOLDER_PROTECTED, empty(), len, &key)),
                Err(CoseError::Malformed(m)) if m.contains("signature")
            ));
        }
        // Which shape is expected is checked on its own.
        let holder = parse(&raw_sign1(&HOLDER_PROTECTED, empty(), 64, &key)).unwrap();
        let keyed = parse(&raw_sign1(&kid, empty(), 64, &key)).unwrap();
        assert_eq!(expect_protected(&holder, Protected::AlgOnly), Ok(()));
        assert_eq!(expect_protected(&keyed, Protected::WithKid), Ok(()));
        assert!(expect_protected(&keyed, Protected::AlgOnly).is_err());
        assert!(expect_protected(&holder, Protected::WithKid).is_err());
    }
}
