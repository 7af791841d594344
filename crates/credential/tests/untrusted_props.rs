//! Property tests for every parser of untrusted bytes in this crate: arbitrary and mutated inputs
//! never panic and are never accepted, 10,000 cases each.

use eid_credential::claims::{Claims, Item};
use eid_credential::sample::{SampleWorld, CLINIC_FIELDS};
use eid_credential::status::StatusList;
use eid_credential::{
    present, verify, DocType, IssuedDocument, PresentRequest, Signer, TrustBundle, VerifyContext,
};
use proptest::prelude::*;
use std::sync::OnceLock;

const AT: u64 = 1_790_000_000;

struct Fixture {
    world: SampleWorld,
    presentation: Vec<u8>,
    issued: Vec<u8>,
    bundle: Vec<u8>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let world = SampleWorld::new(7, AT);
        let doc = world.issue(DocType::HealthInsurance);
        let req = PresentRequest {
            fields: &CLINIC_FIELDS,
            presented_at: AT,
            nonce: None,
            audience: None,
        };
        let presentation = present(&doc, &req, &world.holder).unwrap();
        let bundle = world.bundle().to_bytes();
        Fixture {
            issued: doc.to_bytes(),
            world,
            presentation,
            bundle,
        }
    })
}

/// A change to a valid input: overwrite, insert or delete a byte, or truncate.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        prop_oneof![
            (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
            (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
            any::<usize>().prop_map(Edit::Delete),
            any::<usize>().prop_map(Edit::Truncate),
        ],
        1..4,
    )
}

fn apply(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut v = base.to_vec();
    for e in edits {
        let n = v.len().max(1);
        match *e {
            Edit::Set(i, b) if !v.is_empty() => v[i % n] = b,
            Edit::Insert(i, b) => v.insert(i % (v.len() + 1), b),
            Edit::Delete(i) if !v.is_empty() => {
                v.remove(i % n);
            }
            Edit::Truncate(i) => v.truncate(i % n),
            _ => {}
        }
    }
    v
}

fn verify_bytes(bytes: &[u8]) -> bool {
    let f = fixture();
    let status = [f.world.status.clone()];
    let ctx = VerifyContext::new(&f.world.trust_list, &status, AT);
    verify(bytes, &ctx, None).is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn arbitrary_bytes_never_verify(bytes in prop::collection::vec(any::<u8>(), 0..700)) {
        prop_assert!(!verify_bytes(&bytes));
    }

    #[test]
    fn edited_presentations_never_verify(e in edits()) {
        let f = fixture();
        let edited = apply(&f.presentation, &e);
        prop_assume!(edited != f.presentation);
        prop_assert!(!verify_bytes(&edited));
    }

    #[test]
    fn edited_issued_documents_never_open_with_other_content(e in edits()) {
        let f = fixture();
        let edited = apply(&f.issued, &e);
        prop_assume!(edited != f.issued);
        if let Ok(doc) = IssuedDocument::from_bytes(&edited) {
            // Only the signature bytes can change without the structure noticing; the
            // verifier must then refuse it.
            let r = eid_credential::verify_issued(&doc, &f.world.trust_list, AT);
            prop_assert!(r.is_err() || doc.to_bytes() == f.issued);
        }
    }

    #[test]
    fn edited_bundles_never_open(e in edits()) {
        let f = fixture();
        let edited = apply(&f.bundle, &e);
        prop_assume!(edited != f.bundle);
        let opened = TrustBundle::from_bytes(&edited).and_then(|b| b.open(None));
        if let Ok(o) = opened {
            // A change inside the unsigned root-key field gives another anchor, never the
            // original one with altered content.
            prop_assert_ne!(o.anchor, f.world.root.public_key().key_id());
        }
    }

    #[test]
    fn arbitrary_claims_items_and_lists_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = Claims::from_bytes(&bytes);
        let _ = Item::parse(&bytes);
        let _ = IssuedDocument::from_bytes(&bytes);
        let _ = TrustBundle::from_bytes(&bytes);
        if let Ok(list) = StatusList::decompress(&bytes) {
            prop_assert!(list.len() <= eid_credential::status::MAX_ENTRIES);
        }
    }
}
