//! Arbitrary QR text: decoding gives bytes that encode back to the same text, or a typed error.
#![no_main]

use eid_qr::envelope;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok((kind, bytes)) = envelope::decode(text) {
        assert_eq!(envelope::encode(kind, &bytes), text.trim());
    }
});
