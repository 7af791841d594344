//! Arbitrary bytes as a printed card (docs/formats.md §5, `EC1:`) at a counter that trusts the
//! sample issuer. Never a panic; whatever is accepted carries only the true values of the sample
//! citizen's documents, and is never accepted as a phone presentation.
#![no_main]

use eid_credential::derive::with_derived_claims;
use eid_credential::printed::verify_printed;
use eid_credential::sample::{sample_document, SampleWorld};
use eid_credential::{verify, VerifyContext};
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
    if let Ok(card) = verify_printed(data, &w.trust_list, &status, AT) {
        let truth = with_derived_claims(&sample_document(card.doc_type), card.issued_at);
        for (spec, value) in &card.fields {
            assert_eq!(truth.get(spec.name), Some(value), "accepted a forged {}", spec.name);
        }
        let ctx = VerifyContext::new(&w.trust_list, &status, AT);
        assert!(verify(data, &ctx, None).is_err(), "a printed card passed for a phone");
    }
});
