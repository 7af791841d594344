//! Issue → present → verify for every document type, selective disclosure, and one test per
//! rejection reason, on the reproducible sample world.

use eid_credential::claims::Item;
use eid_credential::cose::{self, TagRule};
use eid_credential::sample::{SampleWorld, CLINIC_FIELDS};
use eid_credential::status::StatusList;
use eid_credential::{
    cbor, issue, present, verify, verify_issued, DocType, IssuedDocument, PresentError,
    PresentRequest, Reason, ReplayCache, Revocation, Signer, SoftwareKey, StatusListToken,
    TrustBundle, Validity, VerifyContext,
};

const AT: u64 = 1_790_000_000; // 2026-09-21T14:13:20Z

fn world() -> SampleWorld {
    SampleWorld::new(1, AT)
}

fn show(w: &SampleWorld, doc: &IssuedDocument, fields: &[&str], at: u64) -> Vec<u8> {
    let req = PresentRequest {
        fields,
        presented_at: at,
        nonce: None,
        audience: None,
    };
    present(doc, &req, &w.holder).unwrap()
}

fn check(w: &SampleWorld, bytes: &[u8], at: u64) -> Result<eid_credential::Verified, Reason> {
    let status = [w.status.clone()];
    verify(bytes, &VerifyContext::new(&w.trust_list, &status, at), None).map_err(|r| r.reason)
}

/// Re-signs the holder payload after `edit` changed it, so only the edited part is wrong.
fn resign(
    bytes: &[u8],
    signer: &dyn Signer,
    edit: impl FnOnce(&mut Vec<ciborium::Value>),
) -> Vec<u8> {
    let outer = cose::parse_sign1(bytes, TagRule::Required, 4096).unwrap();
    let mut payload = cbor::decode(outer.payload.as_deref().unwrap(), 4096).unwrap();
    edit(payload.as_array_mut().unwrap());
    cose::sign1(cbor::encode(&payload), None, signer).unwrap()
}

#[test]
fn every_type_round_trips_with_all_fields() {
    let w = world();
    for t in DocType::ALL {
        let doc = w.issue(t);
        let stored = IssuedDocument::from_bytes(&doc.to_bytes()).unwrap();
        assert_eq!(stored, doc);
        let (claims, content) = verify_issued(&doc, &w.trust_list, AT).unwrap();
        let issued = eid_credential::sample::sample_document(t);
        let issued = eid_credential::derive::with_derived_claims(&issued, claims.issued_at);
        assert_eq!(content, issued);
        // Every field a QR may carry: all but the display portrait.
        let names: Vec<&str> = t
            .fields()
            .iter()
            .filter(|f| f.presentable())
            .map(|f| f.name)
            .collect();
        let present_names: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| content.get(n).is_some())
            .collect();
        let p = show(&w, &doc, &present_names, AT);
        let v = check(&w, &p, AT + 5).unwrap();
        assert_eq!(v.doc_type, t);
        assert_eq!(v.issuer_name, eid_credential::sample::ISSUER_NAME);
        assert_eq!(v.presented_at, AT);
        assert_eq!(v.revocation, Revocation::Checked { list_issued_at: AT });
        let got: Vec<_> = v.fields.iter().map(|(s, v)| (s.name, v.clone())).collect();
        let want: Vec<_> = content
            .fields()
            .filter(|(s, _)| s.presentable())
            .map(|(s, v)| (s.name, v.clone()))
            .collect();
        assert_eq!(got, want, "{t:?}");
    }
}

#[test]
fn undisclosed_values_and_salts_are_absent_from_the_bytes() {
    let w = world();
    for t in DocType::ALL {
        let doc = w.issue(t);
        let (_, content) = doc.open().unwrap();
        let all: Vec<_> = content
            .fields()
            .filter(|(s, _)| s.presentable())
            .map(|(s, _)| s.name)
            .collect();
        // Disclose every other field.
        let shown: Vec<&str> = all.iter().copied().step_by(2).collect();
        let p = show(&w, &doc, &shown, AT);
        let v = check(&w, &p, AT).unwrap();
        assert_eq!(v.fields.len(), shown.len());
        for (spec, value) in content.fields() {
            let item = doc.item(spec.id).unwrap();
            // The item (id, 16-byte random salt, value) is in the bytes exactly when shown.
            let found_item = contains(&p, &item.bytes);
            assert_eq!(
                found_item,
                shown.contains(&spec.name),
                "{t:?} {}",
                spec.name
            );
            let salt = &item.bytes[3..19]; // after 0x83, the id (< 24) and 0x50
            assert_eq!(contains(&p, salt), shown.contains(&spec.name), "{t:?} salt");
            if !shown.contains(&spec.name) {
                let text = serde_json::to_string(value).unwrap();
                let text = text.trim_matches('"');
                if text.len() >= 4 && !shown_values_contain(&content, &shown, text) {
                    assert!(!contains(&p, text.as_bytes()), "{t:?} {} leaked", spec.name);
                }
            }
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether a shown field carries the same text (e.g. the same date in two fields).
fn shown_values_contain(doc: &eid_credential::Document, shown: &[&str], text: &str) -> bool {
    shown.iter().any(|n| {
        doc.get(n)
            .map(|v| serde_json::to_string(v).unwrap().contains(text))
            .unwrap_or(false)
    })
}

#[test]
fn clinic_presentation_fits_a_small_qr() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    // base45 turns 2 bytes into 3 characters; the prefix "EP1:" adds 4.
    let chars = |p: Vec<u8>| p.len().div_ceil(2) * 3 + 4;
    let without = chars(show(&w, &doc, &CLINIC_FIELDS, AT));
    assert!(without <= 1000, "{without} base45 characters");
    let mut with_portrait = CLINIC_FIELDS.to_vec();
    with_portrait.push("counter_portrait");
    let with = chars(show(&w, &doc, &with_portrait, AT));
    // QR version 31 at ECC M holds 2,000 alphanumeric characters at most (docs/formats.md §5).
    assert!(with <= 2000, "{with} base45 characters with the portrait");
}

#[test]
fn expired_and_not_yet_valid() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    let (claims, _) = doc.open().unwrap();
    let at = claims.expires_at;
    let p = show(&w, &doc, &CLINIC_FIELDS, at);
    assert_eq!(check(&w, &p, at).unwrap_err(), Reason::Expired);
    assert!(check(&w, &show(&w, &doc, &CLINIC_FIELDS, at - 1), at - 1).is_ok());

    let future = issue(
        &eid_credential::sample::sample_document(DocType::HealthInsurance),
        &w.issuer,
        w.holder.public_key(),
        Validity {
            issued_at: AT,
            not_before: AT + 100,
            expires_at: AT + 1000,
        },
        4,
        &mut w.rng(9),
    )
    .unwrap();
    let p = show(&w, &future, &CLINIC_FIELDS, AT);
    assert_eq!(check(&w, &p, AT).unwrap_err(), Reason::NotYetValid);
}

#[test]
fn unknown_and_not_allowed_issuers() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    let p = show(&w, &doc, &CLINIC_FIELDS, AT);
    let mut trust = w.trust_list.clone();
    trust.issuers[0].doc_types = vec![DocType::DrivingLicence];
    let ctx = VerifyContext::new(&trust, &[], AT);
    assert_eq!(
        verify(&p, &ctx, None).unwrap_err().reason,
        Reason::IssuerNotAllowed
    );
    trust.issuers.clear();
    let ctx = VerifyContext::new(&trust, &[], AT);
    assert_eq!(
        verify(&p, &ctx, None).unwrap_err().reason,
        Reason::UnknownIssuer
    );
    let mut trust = w.trust_list.clone();
    trust.issuers[0].not_after = AT - 7200; // key retired before the document was signed
    let ctx = VerifyContext::new(&trust, &[], AT);
    assert_eq!(
        verify(&p, &ctx, None).unwrap_err().reason,
        Reason::UnknownIssuer
    );
}

#[test]
fn revoked_and_unchecked() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    let p = show(&w, &doc, &CLINIC_FIELDS, AT);
    let mut list = StatusList::new(1024);
    assert!(list.revoke(DocType::HealthInsurance.code()));
    let revoked = StatusListToken {
        list,
        ..w.status.clone()
    };
    let ctx = VerifyContext::new(&w.trust_list, std::slice::from_ref(&revoked), AT);
    assert_eq!(verify(&p, &ctx, None).unwrap_err().reason, Reason::Revoked);
    let short = StatusListToken {
        list: StatusList::new(0),
        ..w.status.clone()
    };
    let ctx = VerifyContext::new(&w.trust_list, std::slice::from_ref(&short), AT);
    assert_eq!(
        verify(&p, &ctx, None).unwrap_err().reason,
        Reason::BadTrustList
    );
    let ctx = VerifyContext::new(&w.trust_list, &[], AT);
    assert_eq!(
        verify(&p, &ctx, None).unwrap().revocation,
        Revocation::NotChecked
    );
}

#[test]
fn stale_future_and_replayed() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    let p = show(&w, &doc, &CLINIC_FIELDS, AT);
    assert!(check(&w, &p, AT + 60).is_ok());
    assert_eq!(check(&w, &p, AT + 61).unwrap_err(), Reason::Stale);
    assert!(check(&w, &p, AT - 10).is_ok());
    assert_eq!(check(&w, &p, AT - 11).unwrap_err(), Reason::Stale);

    let status = [w.status.clone()];
    let ctx = VerifyContext::new(&w.trust_list, &status, AT);
    let mut cache = ReplayCache::new(100);
    assert!(verify(&p, &ctx, Some(&mut cache)).is_ok());
    assert_eq!(
        verify(&p, &ctx, Some(&mut cache)).unwrap_err().reason,
        Reason::Replayed
    );
    // A fresh presentation of the same document is a different QR and is accepted.
    let again = show(&w, &doc, &CLINIC_FIELDS, AT + 1);
    assert!(verify(&again, &ctx, Some(&mut cache)).is_ok());
}

#[test]
fn nonce_and_audience_must_match_when_expected() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    let req = PresentRequest {
        fields: &CLINIC_FIELDS,
        presented_at: AT,
        nonce: Some(b"counter-7-nonce"),
        audience: Some("Phòng khám A"),
    };
    let p = present(&doc, &req, &w.holder).unwrap();
    let mut ctx = VerifyContext::new(&w.trust_list, &[], AT);
    ctx.expected_nonce = Some(b"counter-7-nonce");
    ctx.expected_audience = Some("Phòng khám A");
    let v = verify(&p, &ctx, None).unwrap();
    assert_eq!(v.nonce.as_deref(), Some(&b"counter-7-nonce"[..]));
    ctx.expected_nonce = Some(b"other");
    assert_eq!(
        verify(&p, &ctx, None).unwrap_err().reason,
        Reason::NonceMismatch
    );
    ctx.expected_nonce = None;
    ctx.expected_audience = Some("Phòng khám B");
    assert_eq!(
        verify(&p, &ctx, None).unwrap_err().reason,
        Reason::NonceMismatch
    );
}

#[test]
fn wrong_holder_key_is_refused_at_both_ends() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    let thief = SoftwareKey::from_seed("thief", b"1");
    let req = PresentRequest {
        fields: &CLINIC_FIELDS,
        presented_at: AT,
        nonce: None,
        audience: None,
    };
    assert_eq!(present(&doc, &req, &thief), Err(PresentError::WrongHolder));
    let p = show(&w, &doc, &CLINIC_FIELDS, AT);
    let forged = resign(&p, &thief, |_| {});
    assert_eq!(check(&w, &forged, AT).unwrap_err(), Reason::HolderSignature);
}

#[test]
fn tampered_issuer_document_and_items() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    let p = show(&w, &doc, &CLINIC_FIELDS, AT);
    // A changed issuer signature, with a valid holder signature over the change.
    let bad_sig = resign(&p, &w.holder, |a| {
        let ciborium::Value::Bytes(b) = &mut a[1] else {
            panic!()
        };
        let n = b.len();
        b[n - 1] ^= 1;
    });
    assert_eq!(check(&w, &bad_sig, AT).unwrap_err(), Reason::BadSignature);
    // A document signed by a key that claims the trusted issuer's kid.
    let impostor = SoftwareKey::from_seed("impostor", b"1");
    let claims_bytes = {
        let s = cose::parse_sign1(&doc.signed, TagRule::Required, 4096).unwrap();
        s.payload.unwrap()
    };
    let fake = cose::sign1(
        claims_bytes,
        Some(w.issuer.public_key().key_id()),
        &impostor,
    )
    .unwrap();
    let p2 = resign(&p, &w.holder, |a| a[1] = ciborium::Value::Bytes(fake));
    assert_eq!(check(&w, &p2, AT).unwrap_err(), Reason::BadSignature);
    // A changed field value (another salt, same field id).
    let spec = DocType::HealthInsurance.field_by_name("full_name").unwrap();
    let forged_item = Item::new(
        spec.id,
        &[0; 16],
        &eid_credential::FieldValue::Text("Người Khác".into()),
    );
    let p3 = resign(&p, &w.holder, |a| {
        let items = a[2].as_array_mut().unwrap();
        items[1] = ciborium::Value::Bytes(forged_item.bytes.clone());
    });
    assert_eq!(check(&w, &p3, AT).unwrap_err(), Reason::DigestMismatch);
}

#[test]
fn trust_bundle_with_bad_root_signature_is_refused() {
    let w = world();
    let good = w.bundle();
    let opened = TrustBundle::from_bytes(&good.to_bytes())
        .unwrap()
        .open(None)
        .unwrap();
    assert_eq!(opened.list, w.trust_list);
    assert_eq!(opened.anchor, w.root.public_key().key_id());
    let other_root = SoftwareKey::from_seed("other-root", b"1");
    let bad = TrustBundle {
        trust_list: w.trust_list.sign(&other_root).unwrap(),
        ..good.clone()
    };
    assert_eq!(bad.open(None).unwrap_err().reason, Reason::BadTrustList);
    let bad_status = TrustBundle {
        status_lists: vec![w.status.sign(&other_root).unwrap()],
        ..good.clone()
    };
    assert_eq!(
        bad_status.open(None).unwrap_err().reason,
        Reason::BadTrustList
    );
    let pinned = other_root.public_key().key_id();
    assert_eq!(
        good.open(Some(&pinned)).unwrap_err().reason,
        Reason::BadTrustList
    );
}

#[test]
fn every_single_byte_flip_is_rejected_with_a_reason() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    let p = show(&w, &doc, &CLINIC_FIELDS, AT);
    let mut counts = std::collections::BTreeMap::new();
    for i in 0..p.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut t = p.clone();
            t[i] ^= flip;
            let reason = check(&w, &t, AT).expect_err("a flipped byte must be rejected");
            *counts.entry(reason.code()).or_insert(0) += 1;
        }
    }
    assert_eq!(counts.values().sum::<usize>(), p.len() * 3);
    assert!(counts.contains_key("malformed"));
    assert!(counts.contains_key("holder_signature"));
    assert!(counts.contains_key("bad_signature"));
    eprintln!("byte flips by reason: {counts:?}");
}

#[test]
fn deep_nesting_and_truncation_are_malformed() {
    let w = world();
    let mut deep = vec![0x81u8; 100_000];
    deep.push(0x00);
    assert_eq!(check(&w, &deep, AT).unwrap_err(), Reason::Malformed);
    let p = show(
        &w,
        &world().issue(DocType::CitizenIdCard),
        &["full_name"],
        AT,
    );
    for n in 0..p.len() {
        assert_eq!(
            check(&w, &p[..n], AT).unwrap_err(),
            Reason::Malformed,
            "cut at {n}"
        );
    }
}

#[test]
fn the_counter_portrait_travels_only_when_chosen_and_cannot_be_altered() {
    let w = world();
    for t in [DocType::CitizenIdCard, DocType::HealthInsurance] {
        let doc = w.issue(t);
        let portrait = eid_credential::sample::SAMPLE_COUNTER_PORTRAIT;
        let without = show(&w, &doc, &["full_name"], AT);
        let v = check(&w, &without, AT).unwrap();
        assert!(v.fields.iter().all(|(s, _)| s.name != "counter_portrait"));
        assert!(!contains(&without, &portrait[..64]), "{t:?}");

        let with = show(&w, &doc, &["counter_portrait", "full_name"], AT);
        let v = check(&w, &with, AT).unwrap();
        let shown = v.fields.iter().find(|(s, _)| s.name == "counter_portrait");
        assert_eq!(
            shown.map(|(_, v)| v),
            Some(&eid_credential::FieldValue::Image(portrait.to_vec())),
            "{t:?}"
        );

        // One byte of the picture changed (the item's last byte is the file's last byte),
        // re-signed by the holder: the issuer's digest no longer matches.
        let spec = t.field_by_name("counter_portrait").unwrap();
        let mut altered = doc.item(spec.id).unwrap().bytes.clone();
        *altered.last_mut().unwrap() ^= 0x01;
        let tampered = resign(&with, &w.holder, |a| {
            let items = a[2].as_array_mut().unwrap();
            let i = items
                .iter()
                .position(|b| {
                    b.as_bytes()
                        .is_some_and(|b| b == &doc.item(spec.id).unwrap().bytes)
                })
                .unwrap();
            items[i] = ciborium::Value::Bytes(altered.clone());
        });
        assert_eq!(
            check(&w, &tampered, AT).unwrap_err(),
            Reason::DigestMismatch
        );
    }
}
