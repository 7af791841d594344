//! Property tests over untrusted input: QR text, card text and image bytes. Each parser returns
//! a value or a typed error for any input, and well-formed input round-trips exactly.

use eid_qr::envelope::{self, EnvelopeError, Kind};
use eid_qr::idcard::{self, Sex};
use eid_qr::scan;
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(10_000))]

    #[test]
    fn envelope_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..1500), request in any::<bool>()) {
        let kind = if request { Kind::Request } else { Kind::Presentation };
        let text = envelope::encode(kind, &bytes);
        prop_assert!(text.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() || b" $%*+-./:".contains(&b)));
        prop_assert_eq!(envelope::decode(&text), Ok((kind, bytes)));
    }

    #[test]
    fn any_text_gives_bytes_or_a_typed_error(text in "\\PC{0,200}|EP1:[0-9A-Z $%*+./:-]{0,200}") {
        match envelope::decode(&text) {
            Ok((kind, bytes)) => prop_assert_eq!(envelope::encode(kind, &bytes), text.trim()),
            Err(e) => prop_assert!(matches!(e, EnvelopeError::Empty | EnvelopeError::UnknownPrefix | EnvelopeError::BadBase45 | EnvelopeError::TooLong(_))),
        }
    }

    #[test]
    fn any_card_text_gives_a_card_or_a_typed_error(text in "\\PC{0,120}|[0-9]{12}\\|[0-9]{0,9}\\|[^|]{0,20}\\|[0-9]{8}\\|(Nam|Nữ|X)\\|[^|]{0,20}\\|[0-9]{8}") {
        if let Ok(card) = idcard::parse(&text) {
            prop_assert_eq!(card.id_number.len(), 12);
            prop_assert!(card.date_of_birth <= card.issue_date);
            prop_assert!(!card.full_name.is_empty() && !card.address.is_empty());
        }
    }

    #[test]
    fn valid_cards_parse_exactly(
        id in "[0-9]{12}", old in proptest::option::of("[0-9]{9}"), name in "[A-Za-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ ]{0,30}[A-Za-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
        birth in 0i32..30_000, age_at_issue in 0i32..20_000, male in any::<bool>(), address in "[A-Za-z0-9àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ ,./]{0,40}[a-z]",
    ) {
        let epoch = time::macros::date!(1920 - 01 - 01);
        let dob = epoch + time::Duration::days(i64::from(birth));
        let issued = dob + time::Duration::days(i64::from(age_at_issue));
        let d = |d: time::Date| format!("{:02}{:02}{:04}", d.day(), u8::from(d.month()), d.year());
        let sex = if male { "Nam" } else { "Nữ" };
        let text = match &old {
            Some(o) => format!("{id}|{o}|{name}|{}|{sex}|{address}|{}", d(dob), d(issued)),
            None => format!("{id}|{name}|{}|{sex}|{address}|{}", d(dob), d(issued)),
        };
        let card = idcard::parse(&text).unwrap();
        prop_assert_eq!(card.id_number, id);
        prop_assert_eq!(card.old_id_number, old);
        prop_assert_eq!(card.full_name, name.trim());
        prop_assert_eq!(card.date_of_birth, dob);
        prop_assert_eq!(card.issue_date, issued);
        prop_assert_eq!(card.sex, if male { Sex::Male } else { Sex::Female });
        prop_assert_eq!(card.address, address.trim());
    }
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn any_file_bytes_give_codes_or_a_typed_error(bytes in proptest::collection::vec(any::<u8>(), 0..2048), png_header in any::<bool>()) {
        let mut input = if png_header { b"\x89PNG\r\n\x1a\n".to_vec() } else { Vec::new() };
        input.extend_from_slice(&bytes);
        match scan::scan_image_bytes(&input) {
            Ok(codes) => prop_assert!(codes.len() <= 16),
            Err(e) => prop_assert!(["not_an_image", "image_too_large", "bad_dimensions"].contains(&e.code())),
        }
    }

    #[test]
    fn any_frame_gives_codes_or_a_typed_error(w in 0u32..64, h in 0u32..64, extra in 0usize..3, fill in any::<u8>()) {
        let pixels = vec![fill; (w * h) as usize + extra];
        let got = scan::scan_gray(&pixels, w, h);
        if extra == 0 && w > 0 && h > 0 {
            prop_assert_eq!(got, Ok(vec![]));
        } else {
            prop_assert_eq!(got.unwrap_err().code(), "bad_dimensions");
        }
    }
}

/// A PNG whose header claims a huge image is refused before its pixels are decoded.
#[test]
fn oversized_png_header_is_refused() {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, 9000, 1);
    enc.set_color(png::ColorType::Grayscale);
    enc.write_header()
        .unwrap()
        .write_image_data(&vec![255; 9000])
        .unwrap();
    assert_eq!(
        scan::scan_image_bytes(&out).unwrap_err().code(),
        "image_too_large"
    );
}
