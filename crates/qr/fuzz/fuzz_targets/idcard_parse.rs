//! Arbitrary card text: a card that parses keeps every rule the parser promises.
#![no_main]

use eid_qr::idcard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(card) = idcard::parse(text) {
        assert!(card.id_number.len() == 12 && card.id_number.bytes().all(|b| b.is_ascii_digit()));
        assert!(card.old_id_number.as_ref().is_none_or(|o| o.len() == 9));
        assert!(card.date_of_birth <= card.issue_date);
        assert!(!card.full_name.is_empty() && !card.address.is_empty());
    }
});
