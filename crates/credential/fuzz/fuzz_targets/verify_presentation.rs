//! Arbitrary bytes as a presentation at a counter that trusts the sample issuer. Never a panic;
//! and whatever is accepted carries only the true values of the sample citizen's documents (a
//! forged or altered value would need the issuer's signature).
#![no_main]

use eid_credential::derive::with_derived_claims;
use eid_credential::sample::{sample_document, SampleWorld};
use eid_credential::{verify, ReplayCache, VerifyContext};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const AT: u64 = 1_795_336_200;

fn world() -> &'static SampleWorld {
    static W: OnceLock<SampleWorld> = OnceLock::new();
    W.get_or_init(|| SampleWorld::new(1, AT))
}

fuzz_target!(|data: &[u8]| {
    let w = world();
    let status = [w.status.clone()];
    let ctx = VerifyContext::new(&w.trust_list, &status, AT);
    let mut cache = ReplayCache::new(4);
    if let Ok(v) = verify(data, &ctx, Some(&mut cache)) {
        let truth = with_derived_claims(&sample_document(v.doc_type), v.issued_at);
        for (spec, value) in &v.fields {
            assert_eq!(truth.get(spec.name), Some(value), "accepted a forged {}", spec.name);
        }
        assert!(verify(data, &ctx, Some(&mut cache)).is_err(), "replay accepted");
    }
});
