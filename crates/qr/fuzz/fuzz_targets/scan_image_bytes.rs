//! Arbitrary file bytes: scanning returns codes or a typed error, within the size bounds.
#![no_main]

use eid_qr::scan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match scan::scan_image_bytes(data) {
        Ok(codes) => assert!(codes.iter().all(|c| c.len() <= 7089)),
        Err(e) => assert!(["not_an_image", "image_too_large", "bad_dimensions"].contains(&e.code())),
    }
});
