//! Present from the store (unlocked wallet: read the document and the sealed device key, build,
//! sign, log the activity, envelope, render pixels) beside the same presentation from memory
//! (the foundations' holder path), in one run.
//! Run: `cargo bench -p eid-wallet --bench store`.

use criterion::{criterion_group, criterion_main, Criterion};
use eid_credential::sample::{SampleWorld, CLINIC_FIELDS};
use eid_credential::{present, DocType, PresentRequest};
use eid_qr::envelope::{self, Kind};
use eid_store::keystore::KeyringKeystore;
use eid_wallet::{FixedClock, Wallet};
use rand_chacha::rand_core::SeedableRng;
use std::hint::black_box;
use std::sync::Arc;

const AT: u64 = 1_795_336_200;

fn store(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let ks = Arc::new(KeyringKeystore::new(
        keyring_core::mock::Store::new().unwrap(),
    ));
    let clock = Arc::new(FixedClock::new(AT));
    let mut w = Wallet::new(
        dir.path(),
        ks,
        clock.clone(),
        Box::new(rand_chacha::ChaCha20Rng::seed_from_u64(1)),
    );
    w.create("123456").unwrap();
    let id = w.add_sample_document(DocType::HealthInsurance, 1).unwrap();
    w.idle_timeout = u64::MAX;

    let world = SampleWorld::new(1, AT);
    let doc = world.issue(DocType::HealthInsurance);
    let mut g = c.benchmark_group("present_to_pixels");
    g.bench_function("from_store", |b| {
        b.iter(|| {
            clock.advance(1);
            let p = w.present(&id, &CLINIC_FIELDS, None, None).unwrap();
            black_box(
                eid_qr::render::encode_matrix(&p.text)
                    .unwrap()
                    .to_gray(4, 4),
            )
        })
    });
    let mut t = AT;
    g.bench_function("from_memory", |b| {
        b.iter(|| {
            t += 1;
            let req = PresentRequest {
                fields: &CLINIC_FIELDS,
                presented_at: t,
                nonce: None,
                audience: None,
            };
            let p = present(&doc, &req, &world.holder).unwrap();
            let text = envelope::encode(Kind::Presentation, &p);
            black_box(eid_qr::render::encode_matrix(&text).unwrap().to_gray(4, 4))
        })
    });
    g.finish();
}

criterion_group!(benches, store);
criterion_main!(benches);
