//! RFC 9285 (base45) examples through the envelope.

use eid_qr::envelope::{self, EnvelopeError, Kind};
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/qr/base45-rfc9285.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("vector file")).expect("json")
}

#[test]
fn rfc9285_examples_encode_and_decode() {
    let v = vectors();
    let mut checked = 0;
    for case in v["encode"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["decode"].as_array().unwrap())
    {
        let bytes = case["bytes_utf8"].as_str().unwrap().as_bytes();
        let text = case["base45"].as_str().unwrap();
        let wrapped = format!("EP1:{text}");
        assert_eq!(envelope::encode(Kind::Presentation, bytes), wrapped);
        assert_eq!(
            envelope::decode(&wrapped),
            Ok((Kind::Presentation, bytes.to_vec()))
        );
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn rfc9285_invalid_strings_are_refused() {
    let v = vectors();
    let invalid = v["invalid"].as_array().unwrap();
    assert_eq!(invalid.len(), 3);
    for s in invalid {
        let text = format!("ER1:{}", s.as_str().unwrap());
        assert_eq!(
            envelope::decode(&text),
            Err(EnvelopeError::BadBase45),
            "{text}"
        );
    }
}
