//! Printed cards: issue, verify, revoke, tamper, and never pass for a phone presentation (or a
//! phone document for a printed card).

use ciborium::Value;
use eid_credential::printed::{issue_printed, verify_printed, PrintError};
use eid_credential::sample::{sample_document, SampleWorld};
use eid_credential::{cbor, present, verify, DocType, PresentRequest, Reason, Revocation};
use eid_credential::{Validity, VerifyContext};

const AT: u64 = 1_790_000_000; // 2026-09-21T14:13:20Z
const YEAR: u64 = 365 * 86_400;
const CARD_FIELDS: [&str; 4] = [
    "counter_portrait",
    "full_name",
    "date_of_birth",
    "id_number",
];

fn world() -> SampleWorld {
    SampleWorld::new(1, AT)
}

fn card(w: &SampleWorld, fields: &[&str], index: u64) -> Vec<u8> {
    let validity = Validity {
        issued_at: AT,
        not_before: AT,
        expires_at: AT + 10 * YEAR,
    };
    issue_printed(
        &sample_document(DocType::CitizenIdCard),
        fields,
        &w.issuer,
        validity,
        index,
        &mut w.rng(99),
    )
    .unwrap()
}

fn parts(bytes: &[u8]) -> Vec<Value> {
    cbor::decode(bytes, 4096).unwrap().into_array().unwrap()
}

#[test]
fn a_printed_card_verifies_with_its_portrait_for_ten_years() {
    let w = world();
    let bytes = card(&w, &CARD_FIELDS, 7);
    let status = [w.status.clone()];
    let v = verify_printed(&bytes, &w.trust_list, &status, AT).unwrap();
    assert_eq!(v.doc_type, DocType::CitizenIdCard);
    assert!(v.has_portrait);
    let names: Vec<_> = v.fields.iter().map(|(s, _)| s.name).collect();
    assert_eq!(
        names,
        [
            "id_number",
            "full_name",
            "date_of_birth",
            "counter_portrait"
        ]
    );
    assert_eq!(v.revocation, Revocation::Checked { list_issued_at: AT });
    // Nine years on, with a status list that has long expired: genuine, revocation not checked.
    let later = verify_printed(&bytes, &w.trust_list, &status, AT + 9 * YEAR).unwrap();
    assert_eq!(later.revocation, Revocation::NotChecked);
    let expired = verify_printed(&bytes, &w.trust_list, &status, AT + 10 * YEAR);
    assert_eq!(expired.unwrap_err().reason, Reason::Expired);
}

#[test]
fn a_revoked_card_is_refused() {
    let w = world();
    let bytes = card(&w, &CARD_FIELDS, 7);
    let mut status = w.status.clone();
    assert!(status.list.revoke(7));
    let r = verify_printed(&bytes, &w.trust_list, &[status], AT).unwrap_err();
    assert_eq!(r.reason, Reason::Revoked);
}

#[test]
fn changed_or_missing_fields_are_refused() {
    let w = world();
    let bytes = card(&w, &CARD_FIELDS, 7);
    let mut p = parts(&bytes);
    // Flip one byte inside the portrait item (the last item, ascending id).
    if let Value::Array(items) = &mut p[2] {
        if let Some(Value::Bytes(b)) = items.last_mut() {
            let n = b.len() - 10;
            b[n] ^= 1;
        }
    }
    let tampered = cbor::encode(&Value::Array(p));
    let r = verify_printed(&tampered, &w.trust_list, &[], AT).unwrap_err();
    assert_eq!(r.reason, Reason::DigestMismatch);
    let mut p = parts(&bytes);
    if let Value::Array(items) = &mut p[2] {
        items.pop();
    }
    let cut = cbor::encode(&Value::Array(p));
    let r = verify_printed(&cut, &w.trust_list, &[], AT).unwrap_err();
    assert_eq!(r.reason, Reason::DigestMismatch);
}

#[test]
fn a_phone_document_never_passes_for_a_printed_card() {
    // Anyone who saw a phone presentation has its issuer_signed and items: wrapped as a
    // printed card (no device signature), they must be refused.
    let w = world();
    let doc = w.issue(DocType::CitizenIdCard);
    let req = PresentRequest {
        fields: &["full_name"],
        presented_at: AT,
        nonce: None,
        audience: None,
    };
    let shown = present(&doc, &req, &w.holder).unwrap();
    let item = doc.items.iter().find(|i| i.id == 2).unwrap();
    let forged = cbor::encode(&Value::Array(vec![
        cbor::uint(1),
        Value::Bytes(doc.signed.clone()),
        Value::Array(vec![Value::Bytes(item.bytes.clone())]),
    ]));
    let r = verify_printed(&forged, &w.trust_list, &[], AT).unwrap_err();
    assert_eq!(r.reason, Reason::Malformed);
    assert!(verify(&shown, &VerifyContext::new(&w.trust_list, &[], AT), None).is_ok());
}

#[test]
fn a_printed_card_never_passes_for_a_phone_presentation() {
    // A printed card's issuer_signed inside a presentation signed by some device key.
    let w = world();
    let p = parts(&card(&w, &["full_name"], 7));
    let signed = p[1].clone();
    let items = p[2].clone();
    let payload = Value::Array(vec![
        cbor::uint(1),
        signed,
        items,
        cbor::uint(AT),
        Value::Null,
        Value::Null,
    ]);
    let forged = eid_credential::cose::sign1(cbor::encode(&payload), None, &w.holder).unwrap();
    let r = verify(&forged, &VerifyContext::new(&w.trust_list, &[], AT), None).unwrap_err();
    assert_eq!(r.reason, Reason::Malformed);
}

#[test]
fn the_display_portrait_and_too_many_fields_cannot_be_printed() {
    let w = world();
    let validity = Validity {
        issued_at: AT,
        not_before: AT,
        expires_at: AT + YEAR,
    };
    let doc = sample_document(DocType::CitizenIdCard);
    let try_print = |fields: &[&str]| {
        issue_printed(&doc, fields, &w.issuer, validity, 1, &mut w.rng(1)).unwrap_err()
    };
    assert_eq!(
        try_print(&["portrait"]),
        PrintError::NotPresentable("portrait".into())
    );
    assert_eq!(try_print(&[]), PrintError::FieldCount);
    assert_eq!(try_print(&["nope"]), PrintError::NoField("nope".into()));
}

#[test]
fn the_age_claims_are_the_issuers_on_the_day_of_printing() {
    let w = world();
    let bytes = card(&w, &["counter_portrait", "age_over_18", "age_over_60"], 3);
    let v = verify_printed(&bytes, &w.trust_list, &[], AT).unwrap();
    let value = |n: &str| {
        v.fields
            .iter()
            .find(|(s, _)| s.name == n)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        value("age_over_18"),
        Some(eid_credential::FieldValue::Bool(true))
    );
    assert_eq!(
        value("age_over_60"),
        Some(eid_credential::FieldValue::Bool(false))
    );
    // The birth date is not in the bytes (1985-03-14).
    assert!(!bytes.windows(10).any(|x| x == b"1985-03-14"));
}
