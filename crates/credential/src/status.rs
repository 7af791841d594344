//! Revocation: a status list in the manner of the IETF Token Status List — one bit per issued
//! document (1 = revoked), zlib-compressed, in a CWT signed by the portal's root key.

use crate::cbor::{self, CborError};
use crate::cose;
use crate::keys::{KeyId, PublicKey, Signer};
use crate::reason::{Reason, Rejection};
use crate::UnixTime;
use ciborium::Value;
use flate2::bufread::ZlibDecoder;
use flate2::write::ZlibEncoder;
use std::io::{Read, Write};

/// Most entries a list may hold once decompressed (2^24 = 16.7 million documents per issuer key,
/// 2 MiB of bits). Decompression stops there, so a small hostile input cannot expand without
/// bound.
pub const MAX_ENTRIES: usize = 1 << 24;
/// Largest signed status list token accepted.
pub const MAX_TOKEN_BYTES: usize = 4 * 1024 * 1024;

/// CWT `sub`: which issuer key's documents the list covers (its key id, 8 bytes).
pub const CLAIM_SUB: i64 = 2;
/// CWT `exp`.
pub const CLAIM_EXP: i64 = 4;
/// CWT `iat`.
pub const CLAIM_IAT: i64 = 6;
/// Status-list claim (IETF Token Status List, CWT claim 65533).
pub const CLAIM_STATUS_LIST: i64 = 65533;

/// One bit per document: 1 means revoked. Bit `i` is bit `i % 8` (least significant first) of
/// byte `i / 8`, as in the IETF Token Status List.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList {
    bytes: Vec<u8>,
}

impl StatusList {
    /// A list of `entries` documents, none revoked (rounded up to whole bytes).
    pub fn new(entries: usize) -> Self {
        StatusList {
            bytes: vec![0; entries.min(MAX_ENTRIES).div_ceil(8)],
        }
    }

    /// How many entries it covers.
    pub fn len(&self) -> usize {
        self.bytes.len() * 8
    }

    /// Whether it covers no entry.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Marks entry `index` revoked; false when the index is outside the list.
    pub fn revoke(&mut self, index: u64) -> bool {
        let Some(byte) = usize::try_from(index / 8)
            .ok()
            .and_then(|i| self.bytes.get_mut(i))
        else {
            return false;
        };
        *byte |= 1 << (index % 8);
        true
    }

    /// Whether entry `index` is revoked; `None` when the index is outside the list.
    pub fn is_revoked(&self, index: u64) -> Option<bool> {
        let byte = usize::try_from(index / 8)
            .ok()
            .and_then(|i| self.bytes.get(i))?;
        Some(byte & (1 << (index % 8)) != 0)
    }

    /// The zlib-compressed bits.
    pub fn compress(&self) -> Vec<u8> {
        let mut enc = ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing into a Vec cannot fail.
        let _ = enc.write_all(&self.bytes);
        enc.finish().unwrap_or_default()
    }

    /// Decompresses bits, refusing more than [`MAX_ENTRIES`] entries, a stream that is cut
    /// short or fails its Adler-32 check, and any byte after the end of the zlib stream.
    pub fn decompress(compressed: &[u8]) -> Result<Self, CborError> {
        let limit = (MAX_ENTRIES / 8) as u64;
        let mut bytes = Vec::new();
        // The bufread decoder consumes only the stream itself, so what it leaves unread is
        // what followed the stream.
        let mut decoder = ZlibDecoder::new(compressed);
        (&mut decoder)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| CborError::Invalid("status list: bad zlib data"))?;
        if bytes.len() as u64 > limit {
            return Err(CborError::Invalid("status list: too large"));
        }
        if !decoder.into_inner().is_empty() {
            return Err(CborError::Invalid(
                "status list: bytes after the zlib stream",
            ));
        }
        Ok(StatusList { bytes })
    }
}

/// A status list with what the root key signs about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusListToken {
    /// The issuer key whose documents the list covers.
    pub issuer: KeyId,
    /// When the list was signed.
    pub issued_at: UnixTime,
    /// When a verifier should have fetched a newer one.
    pub expires_at: UnixTime,
    /// The bits.
    pub list: StatusList,
}

impl StatusListToken {
    /// Signs the token with the root key: a tagged COSE_Sign1 over
    /// `{2: issuer kid, 4: exp, 6: iat, 65533: {"lst": zlib bits, "bits": 1}}` (keys in
    /// deterministic order: `"lst"`, `63 6c…`, sorts before `"bits"`, `64 62…`).
    pub fn sign(&self, root: &dyn Signer) -> Result<Vec<u8>, crate::keys::KeyError> {
        let claims = cbor::int_map(vec![
            (CLAIM_SUB, Value::Bytes(self.issuer.0.to_vec())),
            (CLAIM_EXP, cbor::uint(self.expires_at)),
            (CLAIM_IAT, cbor::uint(self.issued_at)),
            (
                CLAIM_STATUS_LIST,
                Value::Map(vec![
                    (Value::Text("bits".into()), cbor::uint(1)),
                    (
                        Value::Text("lst".into()),
                        Value::Bytes(self.list.compress()),
                    ),
                ]),
            ),
        ]);
        let kid = root.public_key().key_id();
        cose::sign1(cbor::encode(&claims), Some(kid), root).map_err(|e| match e {
            cose::CoseError::Key(k) => k,
            other => crate::keys::KeyError::SignFailed(other.to_string()),
        })
    }

    /// Checks the root signature and reads the token.
    pub fn verify(bytes: &[u8], root: &PublicKey) -> Result<Self, Rejection> {
        let bad = |d: String| Rejection::new(Reason::BadTrustList, format!("status list: {d}"));
        let sign1 = cose::parse_root_signed(bytes, MAX_TOKEN_BYTES, root).map_err(bad)?;
        let payload = cose::payload(&sign1).map_err(|e| bad(e.to_string()))?;
        Self::read_claims(payload).map_err(|e| bad(e.to_string()))
    }

    fn read_claims(payload: &[u8]) -> Result<Self, CborError> {
        let v = cbor::decode(payload, MAX_TOKEN_BYTES)?;
        let m = cbor::as_map(&v, "status claims")?;
        let issuer =
            KeyId::from_slice(cbor::as_bytes(cbor::required(m, CLAIM_SUB, "sub")?, "sub")?)
                .ok_or(CborError::Invalid("sub"))?;
        let sl = cbor::as_map(
            cbor::required(m, CLAIM_STATUS_LIST, "status_list")?,
            "status_list",
        )?;
        let bits = cbor::map_get_text(sl, "bits").ok_or(CborError::Missing("bits"))?;
        if cbor::as_u64(bits, "bits")? != 1 {
            return Err(CborError::Invalid("bits: only 1 is supported"));
        }
        let lst = cbor::map_get_text(sl, "lst").ok_or(CborError::Missing("lst"))?;
        Ok(StatusListToken {
            issuer,
            issued_at: cbor::as_u64(cbor::required(m, CLAIM_IAT, "iat")?, "iat")?,
            expires_at: cbor::as_u64(cbor::required(m, CLAIM_EXP, "exp")?, "exp")?,
            list: StatusList::decompress(cbor::as_bytes(lst, "lst")?)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SoftwareKey;

    #[test]
    fn bits_round_trip_through_signed_token() {
        let root = SoftwareKey::from_seed("root", b"s");
        let mut list = StatusList::new(1000);
        assert!(list.revoke(3));
        assert!(list.revoke(999));
        assert!(!list.revoke(1000));
        let token = StatusListToken {
            issuer: KeyId([7; 8]),
            issued_at: 10,
            expires_at: 20,
            list,
        };
        let bytes = token.sign(&root).unwrap();
        let back = StatusListToken::verify(&bytes, root.public_key()).unwrap();
        assert_eq!(back, token);
        assert_eq!(back.list.is_revoked(3), Some(true));
        assert_eq!(back.list.is_revoked(4), Some(false));
        assert_eq!(back.list.is_revoked(1000), None);
        let other = SoftwareKey::from_seed("root", b"t");
        let err = StatusListToken::verify(&bytes, other.public_key()).unwrap_err();
        assert_eq!(err.reason, Reason::BadTrustList);
    }

    #[test]
    fn decompression_is_bounded() {
        let big = vec![0u8; MAX_ENTRIES / 8 + 1];
        let mut enc = ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&big).unwrap();
        let bomb = enc.finish().unwrap();
        assert!(bomb.len() < 10_000, "a small input");
        assert_eq!(
            StatusList::decompress(&bomb),
            Err(CborError::Invalid("status list: too large"))
        );
        assert!(StatusList::decompress(b"not zlib").is_err());
    }
}
