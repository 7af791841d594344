//! Property tests for every parser of untrusted bytes in this crate: arbitrary and mutated inputs
//! (presentations, printed cards, issued documents, bundles) never panic and are never accepted,
//! 10,000 cases each; and the strict CBOR rules of
//! docs/formats.md §1.1 and the exact headers of §2 over generated values.

use ciborium::Value;
use eid_credential::cbor;
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
    printed: Vec<u8>,
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
        let printed = eid_credential::printed::issue_printed(
            &eid_credential::sample::sample_document(DocType::CitizenIdCard),
            &[
                "counter_portrait",
                "full_name",
                "date_of_birth",
                "id_number",
            ],
            &world.issuer,
            eid_credential::Validity {
                issued_at: AT - 3600,
                not_before: AT - 3600,
                expires_at: AT + 3600,
            },
            3,
            &mut world.rng(42),
        )
        .unwrap();
        Fixture {
            printed,
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

fn verify_printed_bytes(bytes: &[u8]) -> bool {
    let f = fixture();
    let status = [f.world.status.clone()];
    eid_credential::printed::verify_printed(bytes, &f.world.trust_list, &status, AT).is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn arbitrary_bytes_never_verify_as_a_printed_card(bytes in prop::collection::vec(any::<u8>(), 0..700)) {
        prop_assert!(!verify_printed_bytes(&bytes));
    }

    #[test]
    fn edited_printed_cards_never_verify(e in edits()) {
        let f = fixture();
        prop_assert!(verify_printed_bytes(&f.printed), "the unedited card verifies");
        let edited = apply(&f.printed, &e);
        prop_assume!(edited != f.printed);
        prop_assert!(!verify_printed_bytes(&edited));
        // Nor as a phone presentation.
        prop_assert!(!verify_bytes(&edited));
    }

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
        if let Ok(v) = cbor::decode(&bytes, 1 << 20) {
            prop_assert_eq!(cbor::encode(&v), bytes.clone(), "a non-deterministic encoding was accepted");
        }
        let _ = Claims::from_bytes(&bytes);
        let _ = Item::parse(&bytes);
        let _ = IssuedDocument::from_bytes(&bytes);
        let _ = TrustBundle::from_bytes(&bytes);
        if let Ok(list) = StatusList::decompress(&bytes) {
            prop_assert!(list.len() <= eid_credential::status::MAX_ENTRIES);
        }
    }
}

/// CBOR values of the kinds our structures use: integers, byte and text strings, booleans, null,
/// date tags, arrays and maps with integer or text keys, a few levels deep.
fn values() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<u64>().prop_map(|n| Value::Integer(n.into())),
        any::<i64>().prop_map(|n| Value::Integer(n.into())),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(Value::Bytes),
        ".{0,20}".prop_map(Value::Text),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(|d| Value::Tag(1004, Box::new(Value::Text(d)))),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(key_string(), inner, 0..8).prop_map(|m| {
                Value::Map(m.into_iter().map(|(k, v)| (from_key(&k), v)).collect())
            }),
        ]
    })
}

/// Map keys as strings (so a BTreeMap keeps them distinct): "i<n>" for an integer, "t<text>".
fn key_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i32>().prop_map(|n| format!("i{n}")),
        "[a-z]{0,6}".prop_map(|t| format!("t{t}")),
    ]
}

fn from_key(k: &str) -> Value {
    match k.split_at(1) {
        ("i", n) => Value::Integer(n.parse::<i64>().unwrap_or(0).into()),
        (_, t) => Value::Text(t.to_string()),
    }
}

fn ciborium_as_given(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(v, &mut out).unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn what_we_encode_is_accepted_and_what_is_accepted_is_deterministic(v in values()) {
        let bytes = cbor::encode(&v);
        let back = cbor::decode(&bytes, 1 << 20).unwrap();
        prop_assert_eq!(cbor::encode(&back), bytes);
    }

    #[test]
    fn maps_out_of_key_order_are_refused(entries in prop::collection::btree_map(key_string(), any::<u8>(), 2..8)) {
        let mut pairs: Vec<(Value, Value)> = entries
            .iter()
            .map(|(k, v)| (from_key(k), Value::Integer((*v).into())))
            .collect();
        pairs.dedup_by(|a, b| a.0 == b.0);
        prop_assume!(pairs.len() >= 2);
        let sorted = cbor::encode(&Value::Map(pairs.clone()));
        prop_assert!(cbor::decode(&sorted, 1 << 20).is_ok());
        // The same entries written in the reverse of the deterministic order.
        let back = cbor::decode(&sorted, 1 << 20).unwrap();
        let mut reversed = back.into_map().unwrap();
        reversed.reverse();
        prop_assert!(cbor::decode(&ciborium_as_given(&Value::Map(reversed)), 1 << 20).is_err());
        // A key written twice.
        let first = pairs[0].clone();
        let mut twice = cbor::decode(&sorted, 1 << 20).unwrap().into_map().unwrap();
        twice.insert(1, first);
        prop_assert!(cbor::decode(&ciborium_as_given(&Value::Map(twice)), 1 << 20).is_err());
    }

    #[test]
    fn a_longer_head_than_needed_is_refused(n in any::<u64>(), negative in any::<bool>()) {
        let (major, v) = if negative {
            (1u8, Value::Integer((-1 - i128::from(n)).try_into().unwrap()))
        } else {
            (0u8, Value::Integer(n.into()))
        };
        let shortest = cbor::encode(&v);
        prop_assert!(cbor::decode(&shortest, 100).is_ok());
        let used = shortest.len() - 1; // argument bytes after the initial byte: 0, 1, 2, 4 or 8
        for (info, width) in [(24u8, 1usize), (25, 2), (26, 4), (27, 8)] {
            if width <= used {
                continue;
            }
            let mut wide = vec![(major << 5) | info];
            wide.extend_from_slice(&n.to_be_bytes()[8 - width..]);
            prop_assert!(cbor::decode(&wide, 100).is_err(), "{:02x?}", wide);
        }
    }

    #[test]
    fn nothing_may_be_added_to_the_unprotected_header(label in any::<i16>(), value in prop::collection::vec(any::<u8>(), 0..16)) {
        let f = fixture();
        let p = &f.presentation;
        prop_assert_eq!(p[6], 0xa0);
        let header = cbor::encode(&Value::Map(vec![(Value::Integer(label.into()), Value::Bytes(value))]));
        let mut altered = p[..6].to_vec();
        altered.extend_from_slice(&header);
        altered.extend_from_slice(&p[7..]);
        prop_assert!(!verify_bytes(&altered));
    }
}
