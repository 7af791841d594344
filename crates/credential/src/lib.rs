//! Documents and accounts of eID Wallet as types, and the three things done with them:
//! **issuing** (the portal signs a document for a holder's device key), **presenting** (the holder
//! discloses chosen fields, signed by the device key) and **verifying** (a counter checks a
//! presentation offline against a trust list and a status list).
//!
//! This crate is pure: it does no I/O and never reads a clock or an operating-system random
//! source. Time is passed in as Unix seconds, randomness as a [`rand_core::RngCore`], and keys as
//! [`Signer`]s so that a hardware keystore can stand behind them. The byte-level format is
//! specified in `docs/formats.md`.

pub mod account;
pub mod cbor;
pub mod claims;
pub mod cose;
pub mod derive;
pub mod document;
pub mod issue;
pub mod keys;
pub mod present;
pub mod printed;
pub mod reason;
pub mod replay;
pub mod sample;
pub mod schema;
pub mod share;
pub mod status;
pub mod text;
pub mod trust;
pub mod verify;

pub use account::AccountLevel;
pub use document::{Document, DocumentError, FieldValue, LicenceCategory};
pub use issue::{issue, IssueError, IssuedDocument, Validity};
pub use keys::{KeyError, KeyId, PublicKey, Signer, SoftwareKey};
pub use present::{present, PresentError, PresentRequest};
pub use reason::{Reason, Rejection};
pub use replay::ReplayCache;
pub use schema::{DocType, FieldId, FieldKind, FieldSpec};
pub use share::{ShareRequest, ShareRequestError};
pub use status::{StatusList, StatusListToken};
pub use trust::{IssuerEntry, OpenTrust, TrustBundle, TrustList};
pub use verify::{document_status, verify, verify_issued, Revocation, Verified, VerifyContext};

/// Seconds since 1970-01-01T00:00:00Z. Every time in this crate is one of these, passed in by the
/// caller: nothing here reads a clock.
pub type UnixTime = u64;
