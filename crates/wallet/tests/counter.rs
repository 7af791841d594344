//! Counter mode through the facade: text, image and camera-frame inputs, every single-character
//! change of the QR text refused, replays refused.

use eid_wallet::counter::Counter;
use eid_wallet::sample::make_sample;

const AT: u64 = 1_795_336_200; // 2026-11-22T08:30:00Z

fn setup() -> (Counter, String, Vec<u8>) {
    let s = make_sample(1, AT).unwrap();
    let file = |n: &str| {
        s.files
            .iter()
            .find(|(name, _)| *name == n)
            .unwrap()
            .1
            .clone()
    };
    let counter = Counter::from_bundle(&file("trust-list.cbor"), None).unwrap();
    (counter, s.presentation_text, file("presentation.png"))
}

#[test]
fn text_image_and_frame_verify_then_replay_is_refused() {
    let (mut counter, text, png) = setup();
    let r = counter.verify_text(&format!("  {text}\r\n"), AT + 1);
    assert!(r.valid, "{r:?}");
    assert_eq!(r.fields.len(), 5);
    let again = counter.verify_image(&png, AT + 2).unwrap();
    assert_eq!(again.reason, Some("replayed"));

    let (mut fresh, _, _) = setup();
    let m = eid_qr::render::encode_matrix(&text).unwrap();
    let gray = m.to_gray(3, 4);
    let r = fresh
        .verify_gray_frame(&gray.pixels, gray.width, gray.height, AT + 3)
        .unwrap();
    assert!(r.valid, "{r:?}");
}

#[test]
fn every_single_character_change_is_refused() {
    let (mut counter, text, _) = setup();
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let mut refused = 0;
    let bytes = text.as_bytes();
    for i in 0..bytes.len() {
        let pos = ALPHABET.iter().position(|c| *c == bytes[i]).unwrap();
        for replacement in [
            ALPHABET[(pos + 1) % 45],
            ALPHABET[(pos + 44) % 45],
            b'a',
            b'!',
        ] {
            let mut t = bytes.to_vec();
            t[i] = replacement;
            let t = String::from_utf8(t).unwrap();
            let r = counter.verify_text(&t, AT + 1);
            assert!(!r.valid, "changing char {i} to {replacement} was accepted");
            assert!(r.reason.is_some());
            refused += 1;
        }
    }
    assert_eq!(refused, bytes.len() * 4);
    // The untouched text is still accepted afterwards: nothing above poisoned the counter.
    assert!(counter.verify_text(&text, AT + 1).valid);
}

#[test]
fn request_qr_and_garbage_are_explained() {
    let (mut counter, _, _) = setup();
    let req = eid_qr::envelope::encode(eid_qr::envelope::Kind::Request, b"x");
    let r = counter.verify_text(&req, AT);
    assert_eq!(r.reason, Some("malformed"));
    assert!(r.detail.unwrap().contains("request"));
    let r = counter.verify_image(b"\x89PNG\r\n\x1a\n", AT);
    assert!(r.is_err());
}

/// The age presets disclose the portrait and a yes/no, never the birth date: its text, its
/// digits or the item that carries it are nowhere in the presentation's bytes.
#[test]
fn the_age_presets_bytes_hold_no_birth_date() {
    use eid_credential::sample::SampleWorld;
    use eid_credential::{present, DocType, PresentRequest};
    let world = SampleWorld::new(1, AT);
    let doc = world.issue(DocType::CitizenIdCard);
    let (_, content) = doc.open().unwrap();
    let Some(eid_credential::FieldValue::Date(born)) = content.get("date_of_birth") else {
        panic!("the sample ID card has a birth date")
    };
    let spec = DocType::CitizenIdCard
        .field_by_name("date_of_birth")
        .unwrap();
    let birth_item = doc.item(spec.id).unwrap().bytes.clone();
    let text = eid_credential::document::format_date(*born);
    let digits = text.replace('-', "");
    for name in ["age", "senior"] {
        let p = eid_wallet::presets::preset(name).unwrap();
        let req = PresentRequest {
            fields: p.fields,
            presented_at: AT,
            nonce: None,
            audience: None,
        };
        let bytes = present(&doc, &req, &world.holder).unwrap();
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(!has(text.as_bytes()), "{name}: {text}");
        assert!(!has(digits.as_bytes()), "{name}: {digits}");
        assert!(!has(&birth_item), "{name}: the birth date's item");
        // And the counter sees the answer.
        let mut counter = Counter::from_bundle(&world.bundle().to_bytes(), None).unwrap();
        let text = eid_qr::envelope::encode(eid_qr::envelope::Kind::Presentation, &bytes);
        let r = counter.verify_text(&text, AT + 1);
        assert!(r.valid, "{name}: {r:?}");
        assert!(r.has_portrait, "{name}");
        assert!(!r.fields.contains_key("date_of_birth"), "{name}");
    }
}
