//! One test per rule an independent verifier had to guess before docs/formats.md settled it
//! (issue #14, part 5): exact COSE headers, item order, claim times, nonce, status lists, trust
//! lists, the trust anchor. Each builds the offending bytes with the right keys, so that only the
//! rule under test can refuse them.

use ciborium::Value;
use eid_credential::claims::{Claims, Item};
use eid_credential::cose::{self, TagRule};
use eid_credential::sample::{SampleWorld, CLINIC_FIELDS};
use eid_credential::status::StatusList;
use eid_credential::{
    cbor, present, verify, DocType, IssuedDocument, IssuerEntry, KeyId, PresentRequest, Reason,
    Revocation, Signer, SoftwareKey, StatusListToken, TrustBundle, TrustList, VerifyContext,
};

const AT: u64 = 1_790_000_000;

fn world() -> SampleWorld {
    SampleWorld::new(3, AT)
}

fn show(w: &SampleWorld, doc: &IssuedDocument, nonce: Option<&[u8]>) -> Vec<u8> {
    let req = PresentRequest {
        fields: &CLINIC_FIELDS,
        presented_at: AT,
        nonce,
        audience: None,
    };
    present(doc, &req, &w.holder).unwrap()
}

fn check_with(
    w: &SampleWorld,
    bytes: &[u8],
    status: &[StatusListToken],
    at: u64,
) -> Result<eid_credential::Verified, Reason> {
    verify(bytes, &VerifyContext::new(&w.trust_list, status, at), None).map_err(|r| r.reason)
}

fn check(w: &SampleWorld, bytes: &[u8]) -> Result<eid_credential::Verified, Reason> {
    check_with(w, bytes, std::slice::from_ref(&w.status), AT + 5)
}

/// The holder payload of a presentation, as CBOR values.
fn payload_of(bytes: &[u8]) -> Vec<Value> {
    let outer = cose::parse_sign1(bytes, TagRule::Required, 4096).unwrap();
    let v = cbor::decode(outer.payload.as_deref().unwrap(), 4096).unwrap();
    v.into_array().unwrap()
}

/// A tagged COSE_Sign1 put together by hand and signed over its Sig_structure.
fn raw_sign1(protected: &[u8], unprotected: Value, payload: &[u8], key: &dyn Signer) -> Vec<u8> {
    let tbs = cbor::encode(&Value::Array(vec![
        Value::Text("Signature1".into()),
        Value::Bytes(protected.to_vec()),
        Value::Bytes(vec![]),
        Value::Bytes(payload.to_vec()),
    ]));
    let sig = key.sign(&tbs).unwrap().to_vec();
    cbor::encode(&Value::Tag(
        18,
        Box::new(Value::Array(vec![
            Value::Bytes(protected.to_vec()),
            unprotected,
            Value::Bytes(payload.to_vec()),
            Value::Bytes(sig),
        ])),
    ))
}

/// The holder payload re-signed by the holder with the given protected header bytes.
fn holder_signed_with(w: &SampleWorld, payload: &[Value], protected: &[u8]) -> Vec<u8> {
    let p = cbor::encode(&Value::Array(payload.to_vec()));
    raw_sign1(protected, Value::Map(vec![]), &p, &w.holder)
}

/// The issuer's signature over claims given as a CBOR value (so that tests can put anything in).
fn issuer_signed(w: &SampleWorld, claims: &Value) -> Vec<u8> {
    let kid = w.issuer.public_key().key_id();
    cose::sign1(cbor::encode(claims), Some(kid), &w.issuer).unwrap()
}

/// A presentation of `items` under an issuer document `signed`, by the sample holder.
fn presentation(w: &SampleWorld, signed: Vec<u8>, items: Vec<Vec<u8>>) -> Vec<u8> {
    let payload = Value::Array(vec![
        Value::Integer(1.into()),
        Value::Bytes(signed),
        Value::Array(items.into_iter().map(Value::Bytes).collect()),
        Value::Integer(AT.into()),
        Value::Null,
        Value::Null,
    ]);
    cose::sign1(cbor::encode(&payload), None, &w.holder).unwrap()
}

fn sample_claims(w: &SampleWorld) -> (Claims, IssuedDocument) {
    let doc = w.issue(DocType::HealthInsurance);
    (doc.claims().unwrap(), doc)
}

// §2: exact headers.

#[test]
fn a_holder_header_with_a_kid_is_malformed() {
    let w = world();
    let p = payload_of(&show(&w, &w.issue(DocType::HealthInsurance), None));
    let kid = w.holder.public_key().key_id();
    let mut protected = vec![0xa2, 0x01, 0x26, 0x04, 0x48];
    protected.extend_from_slice(&kid.0);
    let with_kid = holder_signed_with(&w, &p, &protected);
    assert_eq!(check(&w, &with_kid).unwrap_err(), Reason::Malformed);
    // The same payload under {1: -7} is fine: only the header differs.
    assert!(check(&w, &holder_signed_with(&w, &p, &[0xa1, 0x01, 0x26])).is_ok());
}

#[test]
fn a_wrong_alg_or_an_extra_protected_label_is_malformed() {
    let w = world();
    let p = payload_of(&show(&w, &w.issue(DocType::HealthInsurance), None));
    for protected in [
        &[0xa1, 0x01, 0x38, 0x22][..],             // ES384
        &[0xa1, 0x01, 0x27][..],                   // EdDSA
        &[0xa2, 0x01, 0x26, 0x03, 0x00][..],       // + content type
        &[0xa2, 0x01, 0x26, 0x18, 0x21, 0x80][..], // + x5chain []
        &[0xa0][..],                               // no alg at all
    ] {
        let bytes = holder_signed_with(&w, &p, protected);
        assert_eq!(
            check(&w, &bytes).unwrap_err(),
            Reason::Malformed,
            "{protected:02x?}"
        );
    }
}

#[test]
fn anything_in_the_unprotected_header_is_malformed_though_no_signature_covers_it() {
    let w = world();
    let good = show(&w, &w.issue(DocType::HealthInsurance), None);
    assert!(check(&w, &good).is_ok());
    // d2 84 43 a10126 a0 …: put {4: h'<kid>'} where the empty map is. The holder signature does
    // not cover these bytes, so it still verifies; only the header rule refuses them.
    assert_eq!(&good[..6], &[0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26]);
    assert_eq!(good[6], 0xa0);
    let mut altered = good[..6].to_vec();
    altered.extend_from_slice(&[0xa1, 0x04, 0x48, 1, 2, 3, 4, 5, 6, 7, 8]);
    altered.extend_from_slice(&good[7..]);
    assert_eq!(check(&w, &altered).unwrap_err(), Reason::Malformed);
}

#[test]
fn an_issuer_document_without_kid_or_with_an_unprotected_header_is_malformed() {
    let w = world();
    let (claims, doc) = sample_claims(&w);
    let payload = cbor::encode(&claims.to_cbor());
    // Every item a QR may carry (the display portrait never travels).
    let items: Vec<Vec<u8>> = doc
        .items
        .iter()
        .filter(|i| claims.doc_type.field(i.id).is_some_and(|s| s.presentable()))
        .map(|i| i.bytes.clone())
        .collect();
    let no_kid = raw_sign1(&[0xa1, 0x01, 0x26], Value::Map(vec![]), &payload, &w.issuer);
    assert_eq!(
        check(&w, &presentation(&w, no_kid, items.clone())).unwrap_err(),
        Reason::Malformed
    );
    let mut protected = vec![0xa2, 0x01, 0x26, 0x04, 0x48];
    protected.extend_from_slice(&w.issuer.public_key().key_id().0);
    let unprotected = Value::Map(vec![(Value::Integer(33.into()), Value::Bytes(vec![0]))]);
    let extra = raw_sign1(&protected, unprotected, &payload, &w.issuer);
    assert_eq!(
        check(&w, &presentation(&w, extra, items.clone())).unwrap_err(),
        Reason::Malformed
    );
    let fine = raw_sign1(&protected, Value::Map(vec![]), &payload, &w.issuer);
    assert!(check(&w, &presentation(&w, fine, items)).is_ok());
}

// §4: items.

#[test]
fn disclosed_items_must_be_strictly_ascending() {
    let w = world();
    let (_, doc) = sample_claims(&w);
    let item = |id: u32| doc.item(id).unwrap().bytes.clone();
    let ok = presentation(&w, doc.signed.clone(), vec![item(1), item(2), item(8)]);
    assert!(check(&w, &ok).is_ok());
    let swapped = presentation(&w, doc.signed.clone(), vec![item(2), item(1)]);
    assert_eq!(check(&w, &swapped).unwrap_err(), Reason::Malformed);
    let twice = presentation(&w, doc.signed.clone(), vec![item(1), item(1)]);
    assert_eq!(check(&w, &twice).unwrap_err(), Reason::Malformed);
    // Out of order is refused before any digest is looked at: an unsigned item placed out of
    // order is malformed, not digest_mismatch.
    let forged = Item::new(3, &[0; 16], &eid_credential::FieldValue::Text("x".into()));
    let early = presentation(&w, doc.signed.clone(), vec![item(5), forged.bytes]);
    assert_eq!(check(&w, &early).unwrap_err(), Reason::Malformed);
}

#[test]
fn an_unsigned_field_id_is_a_digest_mismatch_and_a_signed_unknown_one_is_malformed() {
    let w = world();
    let (mut claims, doc) = sample_claims(&w);
    // Field 99 is in no table and has no signed digest: the issuer never vouched for it.
    let unknown = Item::new(99, &[7; 16], &eid_credential::FieldValue::Text("x".into()));
    let unsigned = presentation(&w, doc.signed.clone(), vec![unknown.bytes.clone()]);
    assert_eq!(check(&w, &unsigned).unwrap_err(), Reason::DigestMismatch);
    // Signed by the issuer but unknown to this verifier's table: it cannot check its kind.
    claims.digests.insert(99, unknown.digest());
    let signed = issuer_signed(&w, &claims.to_cbor());
    let p = presentation(&w, signed.clone(), vec![unknown.bytes]);
    assert_eq!(check(&w, &p).unwrap_err(), Reason::Malformed);
    // The same issuer document with known fields only is fine.
    let known = presentation(&w, signed, vec![doc.item(1).unwrap().bytes.clone()]);
    assert!(check(&w, &known).is_ok());
}

// §3.3: claims.

/// The claims map's entries, for a test to change.
type Entries = Vec<(Value, Value)>;

fn claims_value(claims: &Claims, edit: impl FnOnce(&mut Entries)) -> Value {
    let mut v = claims.to_cbor();
    if let Value::Map(m) = &mut v {
        edit(m);
    }
    v
}

fn set(m: &mut [(Value, Value)], label: i64, value: u64) {
    for (k, v) in m.iter_mut() {
        if k.as_integer() == Some(label.into()) {
            *v = Value::Integer(value.into());
        }
    }
}

#[test]
fn nbf_must_be_before_exp_and_iat_before_exp() {
    let w = world();
    let (claims, doc) = sample_claims(&w);
    let item = vec![doc.item(1).unwrap().bytes.clone()];
    let with = |edit: &dyn Fn(&mut Entries)| {
        let signed = issuer_signed(&w, &claims_value(&claims, |m| edit(m)));
        check(&w, &presentation(&w, signed, item.clone()))
    };
    let exp = claims.expires_at;
    assert_eq!(
        with(&|m| set(m, 5, exp)).unwrap_err(),
        Reason::Malformed,
        "nbf = exp"
    );
    assert_eq!(
        with(&|m| set(m, 5, exp + 1)).unwrap_err(),
        Reason::Malformed,
        "nbf > exp"
    );
    assert_eq!(
        with(&|m| set(m, 6, exp)).unwrap_err(),
        Reason::Malformed,
        "iat = exp"
    );
    // nbf before iat (validity kept when signed again) and nbf after iat (signed in advance:
    // not_yet_valid until then) are both allowed.
    assert!(with(&|m| set(m, 5, AT - 86_400)).is_ok());
    assert_eq!(
        with(&|m| set(m, 5, AT + 3600)).unwrap_err(),
        Reason::NotYetValid
    );
}

#[test]
fn all_seven_claims_are_required_and_unknown_labels_are_ignored() {
    let w = world();
    let (claims, doc) = sample_claims(&w);
    let item = vec![doc.item(1).unwrap().bytes.clone()];
    for label in [4, 5, 6, 8, -65537, -65538, -65539] {
        let v = claims_value(&claims, |m| {
            m.retain(|(k, _)| k.as_integer() != Some(i64::from(label).into()))
        });
        let p = presentation(&w, issuer_signed(&w, &v), item.clone());
        assert_eq!(
            check(&w, &p).unwrap_err(),
            Reason::Malformed,
            "without {label}"
        );
    }
    let extra = claims_value(&claims, |m| {
        m.push((Value::Integer((-70000).into()), Value::Text("later".into())));
        m.push((Value::Text("note".into()), Value::Bool(true)));
    });
    let p = presentation(&w, issuer_signed(&w, &extra), item);
    assert!(check(&w, &p).is_ok());
}

// §7 step 10: nonce.

#[test]
fn a_null_nonce_is_another_nonce_when_one_is_expected() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    let status = [w.status.clone()];
    let mut ctx = VerifyContext::new(&w.trust_list, &status, AT + 5);
    ctx.expected_nonce = Some(b"challenge-123456");
    let without = show(&w, &doc, None);
    assert_eq!(
        verify(&without, &ctx, None).unwrap_err().reason,
        Reason::NonceMismatch
    );
    let with = show(&w, &doc, Some(b"challenge-123456"));
    assert!(verify(&with, &ctx, None).is_ok());
    // A verifier that gave no nonce ignores one that is there.
    let other = show(&w, &doc, Some(b"someone else's"));
    assert!(check(&w, &other).is_ok());
}

// §6: trust list and status list.

#[test]
fn a_trust_list_past_next_update_is_still_used() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    let late = w.trust_list.next_update + 30 * 86_400;
    let mut status = w.status.clone();
    status.expires_at = late + 100;
    let p = {
        let req = PresentRequest {
            fields: &CLINIC_FIELDS,
            presented_at: late,
            nonce: None,
            audience: None,
        };
        present(&doc, &req, &w.holder).unwrap()
    };
    let v = check_with(&w, &p, &[status], late + 5).unwrap();
    assert_eq!(v.revocation, Revocation::Checked { list_issued_at: AT });
}

fn presented_at(w: &SampleWorld, doc: &IssuedDocument, at: u64) -> Vec<u8> {
    let req = PresentRequest {
        fields: &CLINIC_FIELDS,
        presented_at: at,
        nonce: None,
        audience: None,
    };
    present(doc, &req, &w.holder).unwrap()
}

#[test]
fn an_expired_status_list_proves_revocation_but_not_its_absence() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance);
    let index = doc.claims().unwrap().status_index;
    let after = w.status.expires_at + 60;
    let p = presented_at(&w, &doc, after);
    assert_eq!(
        check_with(&w, &p, std::slice::from_ref(&w.status), after + 5)
            .unwrap()
            .revocation,
        Revocation::NotChecked
    );
    let mut revoked = w.status.clone();
    assert!(revoked.list.revoke(index));
    assert_eq!(
        check_with(&w, &p, &[revoked.clone()], after + 5).unwrap_err(),
        Reason::Revoked
    );
    // At exp exactly the list has expired; one second before it still vouches.
    let at_exp = presented_at(&w, &doc, w.status.expires_at);
    assert_eq!(
        check_with(
            &w,
            &at_exp,
            std::slice::from_ref(&w.status),
            w.status.expires_at
        )
        .unwrap()
        .revocation,
        Revocation::NotChecked
    );
    let before = presented_at(&w, &doc, w.status.expires_at - 1);
    assert!(matches!(
        check_with(
            &w,
            &before,
            std::slice::from_ref(&w.status),
            w.status.expires_at - 1
        )
        .unwrap()
        .revocation,
        Revocation::Checked { .. }
    ));
}

#[test]
fn an_index_beyond_the_list_is_not_checked_only_for_a_document_newer_than_the_list() {
    let w = world();
    let doc = w.issue(DocType::HealthInsurance); // signed one hour before AT
    let p = presented_at(&w, &doc, AT);
    let short = |issued_at| StatusListToken {
        issuer: w.issuer.public_key().key_id(),
        issued_at,
        expires_at: AT + 86_400,
        list: StatusList::new(0),
    };
    // A list made before the document was signed cannot know it.
    assert_eq!(
        check_with(&w, &p, &[short(AT - 7200)], AT + 5)
            .unwrap()
            .revocation,
        Revocation::NotChecked
    );
    // A list made after should cover it.
    assert_eq!(
        check_with(&w, &p, &[short(AT)], AT + 5).unwrap_err(),
        Reason::BadTrustList
    );
}

fn status_payload(w: &SampleWorld, status_list: Value) -> Vec<u8> {
    // Written with ciborium directly, in the order given, to make non-deterministic maps too.
    let v = Value::Map(vec![
        (
            Value::Integer(2.into()),
            Value::Bytes(w.issuer.public_key().key_id().0.to_vec()),
        ),
        (Value::Integer(4.into()), Value::Integer((AT + 100).into())),
        (Value::Integer(6.into()), Value::Integer(AT.into())),
        (Value::Integer(65533.into()), status_list),
    ]);
    let mut out = Vec::new();
    ciborium::ser::into_writer(&v, &mut out).unwrap();
    out
}

fn root_sign(w: &SampleWorld, payload: Vec<u8>) -> Vec<u8> {
    cose::sign1(payload, Some(w.root.public_key().key_id()), &w.root).unwrap()
}

#[test]
fn the_status_list_map_is_written_lst_first_and_bits_first_is_refused() {
    let w = world();
    let signed = w.status.sign(&w.root).unwrap();
    let s = cose::parse_sign1(&signed, TagRule::Required, 1 << 20).unwrap();
    let payload = s.payload.unwrap();
    let at = payload
        .windows(3)
        .position(|x| x == [0x19, 0xff, 0xfd])
        .unwrap();
    // 65533 → {"lst": …, "bits": 1}: a2 63 'l' 's' 't' …
    assert_eq!(&payload[at + 3..at + 8], &[0xa2, 0x63, b'l', b's', b't']);
    assert!(payload.ends_with(&[0x64, b'b', b'i', b't', b's', 0x01]));
    let lst = w.status.list.compress();
    let bits_first = Value::Map(vec![
        (Value::Text("bits".into()), Value::Integer(1.into())),
        (Value::Text("lst".into()), Value::Bytes(lst.clone())),
    ]);
    let bad = root_sign(&w, status_payload(&w, bits_first));
    let err = StatusListToken::verify(&bad, w.root.public_key()).unwrap_err();
    assert_eq!(err.reason, Reason::BadTrustList);
    let lst_first = Value::Map(vec![
        (Value::Text("lst".into()), Value::Bytes(lst)),
        (Value::Text("bits".into()), Value::Integer(1.into())),
    ]);
    let good = root_sign(&w, status_payload(&w, lst_first));
    assert!(StatusListToken::verify(&good, w.root.public_key()).is_ok());
}

#[test]
fn bits_other_than_1_and_bytes_after_the_zlib_stream_are_refused() {
    let w = world();
    let lst = w.status.list.compress();
    let list = |bits: u64, lst: Vec<u8>| {
        Value::Map(vec![
            (Value::Text("lst".into()), Value::Bytes(lst)),
            (Value::Text("bits".into()), Value::Integer(bits.into())),
        ])
    };
    for bits in [0, 2, 8] {
        let t = root_sign(&w, status_payload(&w, list(bits, lst.clone())));
        let err = StatusListToken::verify(&t, w.root.public_key()).unwrap_err();
        assert_eq!(err.reason, Reason::BadTrustList, "bits {bits}");
    }
    let mut trailing = lst.clone();
    trailing.push(0);
    assert!(StatusList::decompress(&trailing).is_err());
    let t = root_sign(&w, status_payload(&w, list(1, trailing)));
    assert_eq!(
        StatusListToken::verify(&t, w.root.public_key())
            .unwrap_err()
            .reason,
        Reason::BadTrustList
    );
    // Cut short, or with a wrong Adler-32 checksum.
    assert!(StatusList::decompress(&lst[..lst.len() - 1]).is_err());
    let mut bad_sum = lst.clone();
    *bad_sum.last_mut().unwrap() ^= 1;
    assert!(StatusList::decompress(&bad_sum).is_err());
    assert!(StatusList::decompress(&lst).is_ok());
}

#[test]
fn root_signed_lists_must_carry_the_root_kid() {
    let w = world();
    let payload = cbor::encode(&w.trust_list.to_cbor());
    let wrong = cose::sign1(payload.clone(), Some(KeyId([9; 8])), &w.root).unwrap();
    assert_eq!(
        TrustList::verify(&wrong, w.root.public_key())
            .unwrap_err()
            .reason,
        Reason::BadTrustList
    );
    let none = cose::sign1(payload.clone(), None, &w.root).unwrap();
    assert!(TrustList::verify(&none, w.root.public_key()).is_err());
    let right = cose::sign1(payload, Some(w.root.public_key().key_id()), &w.root).unwrap();
    assert!(TrustList::verify(&right, w.root.public_key()).is_ok());
}

#[test]
fn a_kid_not_matching_its_key_or_listed_twice_refuses_the_trust_list() {
    let w = world();
    let entry = w.trust_list.issuers[0].clone();
    let mut mismatched = w.trust_list.clone();
    mismatched.issuers[0].kid = KeyId([1; 8]);
    let mut twice = w.trust_list.clone();
    twice.issuers.push(IssuerEntry {
        name: "another name".into(),
        ..entry
    });
    for list in [mismatched, twice] {
        let bytes = list.sign(&w.root).unwrap();
        assert_eq!(
            TrustList::verify(&bytes, w.root.public_key())
                .unwrap_err()
                .reason,
            Reason::BadTrustList
        );
    }
}

// §6.3: no pinned anchor.

#[test]
fn without_an_anchor_the_bundle_root_is_used_and_reported() {
    let w = world();
    let other = SampleWorld::new(4, AT);
    let bundle = other.bundle();
    // No anchor: any root that signed its own lists is accepted, and named in the answer so a
    // person can compare it with the one they expect.
    let open = bundle.open(None).unwrap();
    assert_eq!(open.anchor, other.root.public_key().key_id());
    assert_ne!(open.anchor, w.root.public_key().key_id());
    // Pinned to another root: refused before any presentation is looked at.
    let err = bundle
        .open(Some(&w.root.public_key().key_id()))
        .unwrap_err();
    assert_eq!(err.reason, Reason::BadTrustList);
    // A bundle whose lists were signed by a key other than its root: refused even unpinned.
    let forged = TrustBundle {
        root: SoftwareKey::from_seed("someone", b"else")
            .public_key()
            .clone(),
        ..w.bundle()
    };
    assert_eq!(forged.open(None).unwrap_err().reason, Reason::BadTrustList);
}

// §5 and §7 step 1: the byte limit is what a level-M QR holds, from any source.

#[test]
fn a_presentation_over_2258_bytes_is_malformed_whatever_it_holds() {
    let w = world();
    let good = show(&w, &w.issue(DocType::HealthInsurance), None);
    assert!(good.len() < cbor::MAX_QR_BYTES);
    assert_eq!(cbor::MAX_QR_BYTES, 2258);
    let mut long = good.clone();
    long.resize(cbor::MAX_QR_BYTES + 1, 0);
    let status = [w.status.clone()];
    let err = verify(
        &long,
        &VerifyContext::new(&w.trust_list, &status, AT + 5),
        None,
    )
    .unwrap_err();
    assert_eq!(err.reason, Reason::Malformed);
    assert!(err.detail.contains("too large"), "{}", err.detail);
    // Padded to exactly the limit, the same bytes are refused for what follows the item instead.
    long.truncate(cbor::MAX_QR_BYTES);
    let err = verify(
        &long,
        &VerifyContext::new(&w.trust_list, &status, AT + 5),
        None,
    )
    .unwrap_err();
    assert!(err.detail.contains("after the item"), "{}", err.detail);
}
