//! Arbitrary bytes through every CBOR/COSE parser of the crate: the COSE_Sign1 parser, claims,
//! items, stored documents, trust bundles and status lists. Nothing may panic or exhaust memory,
//! and whatever the strict CBOR decoder accepts is exactly the deterministic encoding of what it
//! read (docs/formats.md §1.1: one value, one encoding).
#![no_main]

use eid_credential::claims::{Claims, Item};
use eid_credential::cose::{self, TagRule};
use eid_credential::status::StatusList;
use eid_credential::{IssuedDocument, TrustBundle};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = eid_credential::cbor::decode(data, 1 << 20) {
        assert_eq!(
            eid_credential::cbor::encode(&value),
            data,
            "accepted a non-deterministic encoding"
        );
    }
    let _ = cose::parse_sign1(data, TagRule::Optional, 1 << 20);
    let _ = Claims::from_bytes(data);
    let _ = Item::parse(data);
    let _ = IssuedDocument::from_bytes(data);
    if let Ok(bundle) = TrustBundle::from_bytes(data) {
        let _ = bundle.open(None);
    }
    if let Ok(list) = StatusList::decompress(data) {
        assert!(list.len() <= eid_credential::status::MAX_ENTRIES);
    }
});
