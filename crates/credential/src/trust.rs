//! Who is trusted to issue what: the trust list signed by the portal's root key, and the bundle
//! a verifier caches (root key, trust list, status lists) to work offline.

use crate::cbor::{self, CborError};
use crate::cose;
use crate::keys::{KeyError, KeyId, PublicKey, Signer};
use crate::reason::{Reason, Rejection};
use crate::schema::DocType;
use crate::status::StatusListToken;
use crate::UnixTime;
use ciborium::Value;

/// Version written in every trust list.
pub const TRUST_LIST_VERSION: u64 = 1;
/// Largest signed trust list accepted.
pub const MAX_TRUST_LIST_BYTES: usize = 1024 * 1024;
/// Largest bundle accepted.
pub const MAX_BUNDLE_BYTES: usize = 16 * 1024 * 1024;
/// Most issuers in one list.
pub const MAX_ISSUERS: usize = 1000;

/// One trusted issuer key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerEntry {
    /// Its key id (must equal `key.key_id()`).
    pub kid: KeyId,
    /// A name people recognise, e.g. "Bộ Công an (demo)".
    pub name: String,
    /// The public key.
    pub key: PublicKey,
    /// First second the key may be used.
    pub not_before: UnixTime,
    /// First second it may no longer be used.
    pub not_after: UnixTime,
    /// Document types it may issue.
    pub doc_types: Vec<DocType>,
}

/// The list of trusted issuers, as signed by the root key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustList {
    /// When it was signed.
    pub issued_at: UnixTime,
    /// When a newer one should be fetched.
    pub next_update: UnixTime,
    /// The issuers.
    pub issuers: Vec<IssuerEntry>,
}

impl TrustList {
    /// The issuer entry for a key id.
    pub fn issuer(&self, kid: &KeyId) -> Option<&IssuerEntry> {
        self.issuers.iter().find(|e| &e.kid == kid)
    }

    /// The CBOR payload (see docs/formats.md).
    pub fn to_cbor(&self) -> Value {
        let issuers = self
            .issuers
            .iter()
            .map(|e| {
                cbor::int_map(vec![
                    (1, Value::Bytes(e.kid.0.to_vec())),
                    (2, Value::Text(e.name.clone())),
                    (3, Value::Bytes(e.key.compressed().to_vec())),
                    (4, cbor::uint(e.not_before)),
                    (5, cbor::uint(e.not_after)),
                    (
                        6,
                        Value::Array(e.doc_types.iter().map(|t| cbor::uint(t.code())).collect()),
                    ),
                ])
            })
            .collect();
        cbor::int_map(vec![
            (1, cbor::uint(TRUST_LIST_VERSION)),
            (2, cbor::uint(self.issued_at)),
            (3, cbor::uint(self.next_update)),
            (4, Value::Array(issuers)),
        ])
    }

    /// Signs the list with the root key into a tagged COSE_Sign1.
    pub fn sign(&self, root: &dyn Signer) -> Result<Vec<u8>, KeyError> {
        let kid = root.public_key().key_id();
        cose::sign1(cbor::encode(&self.to_cbor()), Some(kid), root).map_err(|e| match e {
            cose::CoseError::Key(k) => k,
            other => KeyError::SignFailed(other.to_string()),
        })
    }

    /// Checks the root signature and reads the list.
    pub fn verify(bytes: &[u8], root: &PublicKey) -> Result<Self, Rejection> {
        let bad = |d: String| Rejection::new(Reason::BadTrustList, format!("trust list: {d}"));
        let sign1 = cose::parse_root_signed(bytes, MAX_TRUST_LIST_BYTES, root).map_err(bad)?;
        let payload = cose::payload(&sign1).map_err(|e| bad(e.to_string()))?;
        Self::from_payload(payload).map_err(|e| bad(e.to_string()))
    }

    fn from_payload(payload: &[u8]) -> Result<Self, CborError> {
        let v = cbor::decode(payload, MAX_TRUST_LIST_BYTES)?;
        let m = cbor::as_map(&v, "trust list")?;
        if cbor::as_u64(cbor::required(m, 1, "version")?, "version")? != TRUST_LIST_VERSION {
            return Err(CborError::Invalid("version"));
        }
        let list = cbor::as_array(cbor::required(m, 4, "issuers")?, "issuers")?;
        if list.len() > MAX_ISSUERS {
            return Err(CborError::Invalid("issuers: too many"));
        }
        let issuers = list
            .iter()
            .map(|e| {
                let e = cbor::as_map(e, "issuer")?;
                let kid = KeyId::from_slice(cbor::as_bytes(cbor::required(e, 1, "kid")?, "kid")?)
                    .ok_or(CborError::Invalid("kid"))?;
                let key =
                    PublicKey::from_sec1(cbor::as_bytes(cbor::required(e, 3, "key")?, "key")?)
                        .map_err(|_| CborError::Invalid("key"))?;
                if key.key_id() != kid {
                    return Err(CborError::Invalid("kid does not match key"));
                }
                let doc_types = cbor::as_array(cbor::required(e, 6, "doc types")?, "doc types")?
                    .iter()
                    .map(|t| {
                        DocType::from_code(cbor::as_u64(t, "doc type")?)
                            .ok_or(CborError::Invalid("doc type"))
                    })
                    .collect::<Result<_, _>>()?;
                Ok(IssuerEntry {
                    kid,
                    name: cbor::as_text(cbor::required(e, 2, "name")?, "name")?.to_string(),
                    key,
                    not_before: cbor::as_u64(cbor::required(e, 4, "not before")?, "not before")?,
                    not_after: cbor::as_u64(cbor::required(e, 5, "not after")?, "not after")?,
                    doc_types,
                })
            })
            .collect::<Result<Vec<IssuerEntry>, CborError>>()?;
        // Two entries under one key id would make which one applies depend on list order.
        for (i, e) in issuers.iter().enumerate() {
            if issuers[..i].iter().any(|o| o.kid == e.kid) {
                return Err(CborError::Invalid("issuers: a key id listed twice"));
            }
        }
        Ok(TrustList {
            issued_at: cbor::as_u64(cbor::required(m, 2, "issued at")?, "issued at")?,
            next_update: cbor::as_u64(cbor::required(m, 3, "next update")?, "next update")?,
            issuers,
        })
    }
}

/// What a verifier caches to work offline: the root key, the signed trust list and the signed
/// status lists, as CBOR `{1: root key (SEC1 compressed), 2: trust list, 3: [status list…]}`.
/// The root key travels along for convenience; a verifier pins its key id (the trust anchor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustBundle {
    /// The root public key.
    pub root: PublicKey,
    /// The signed trust list bytes.
    pub trust_list: Vec<u8>,
    /// The signed status list tokens.
    pub status_lists: Vec<Vec<u8>>,
}

/// A bundle whose signatures have been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenTrust {
    /// The root key id (the trust anchor).
    pub anchor: KeyId,
    /// The trust list.
    pub list: TrustList,
    /// The status lists.
    pub status: Vec<StatusListToken>,
}

impl TrustBundle {
    /// Serializes the bundle.
    pub fn to_bytes(&self) -> Vec<u8> {
        cbor::encode(&cbor::int_map(vec![
            (1, Value::Bytes(self.root.compressed().to_vec())),
            (2, Value::Bytes(self.trust_list.clone())),
            (
                3,
                Value::Array(
                    self.status_lists
                        .iter()
                        .map(|s| Value::Bytes(s.clone()))
                        .collect(),
                ),
            ),
        ]))
    }

    /// Reads a bundle (signatures not yet checked: see [`TrustBundle::open`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Rejection> {
        let bad = |e: CborError| Rejection::new(Reason::BadTrustList, format!("bundle: {e}"));
        let v = cbor::decode(bytes, MAX_BUNDLE_BYTES).map_err(bad)?;
        let m = cbor::as_map(&v, "bundle").map_err(bad)?;
        let root = PublicKey::from_sec1(
            cbor::as_bytes(cbor::required(m, 1, "root").map_err(bad)?, "root").map_err(bad)?,
        )
        .map_err(|_| bad(CborError::Invalid("root key")))?;
        let trust_list = cbor::as_bytes(
            cbor::required(m, 2, "trust list").map_err(bad)?,
            "trust list",
        )
        .map_err(bad)?
        .to_vec();
        let status_lists = cbor::as_array(
            cbor::required(m, 3, "status lists").map_err(bad)?,
            "status lists",
        )
        .map_err(bad)?
        .iter()
        .map(|s| cbor::as_bytes(s, "status list").map(<[u8]>::to_vec))
        .collect::<Result<_, _>>()
        .map_err(bad)?;
        Ok(TrustBundle {
            root,
            trust_list,
            status_lists,
        })
    }

    /// Checks every signature against the root key, and the root key against `anchor` when
    /// one is pinned.
    pub fn open(&self, anchor: Option<&KeyId>) -> Result<OpenTrust, Rejection> {
        let root_kid = self.root.key_id();
        if anchor.is_some_and(|a| a != &root_kid) {
            return Err(Rejection::new(
                Reason::BadTrustList,
                format!("root key {root_kid} is not the pinned trust anchor"),
            ));
        }
        let list = TrustList::verify(&self.trust_list, &self.root)?;
        let status = self
            .status_lists
            .iter()
            .map(|s| StatusListToken::verify(s, &self.root))
            .collect::<Result<_, _>>()?;
        Ok(OpenTrust {
            anchor: root_kid,
            list,
            status,
        })
    }
}
