//! Holder: tap → QR pixels. Builds the clinic presentation (5 fields of the health insurance
//! card), signs it with the device key, wraps it in the envelope and renders a grayscale image
//! at 4 pixels per module — with the project's renderer, and beside it with the `qrcode` crate's
//! default mask choice, in the same run. Run: `cargo bench -p eid-wallet --bench holder`.

use criterion::{criterion_group, criterion_main, Criterion};
use eid_credential::sample::{SampleWorld, CLINIC_FIELDS};
use eid_credential::{present, DocType, PresentRequest};
use eid_qr::envelope::{self, Kind};
use std::hint::black_box;

const AT: u64 = 1_795_336_200;

fn holder(c: &mut Criterion) {
    let world = SampleWorld::new(1, AT);
    let doc = world.issue(DocType::HealthInsurance);
    let request = |at| PresentRequest {
        fields: &CLINIC_FIELDS,
        presented_at: at,
        nonce: None,
        audience: None,
    };
    let mut g = c.benchmark_group("tap_to_qr_pixels");
    let mut t = AT;
    g.bench_function("eid (present+sign+envelope+render)", |b| {
        b.iter(|| {
            t += 1;
            let p = present(&doc, &request(t), &world.holder).unwrap();
            let text = envelope::encode(Kind::Presentation, &p);
            let m = eid_qr::render::encode_matrix(&text).unwrap();
            black_box(m.to_gray(4, 4))
        })
    });
    g.bench_function("peer: qrcode crate default", |b| {
        b.iter(|| {
            t += 1;
            let p = present(&doc, &request(t), &world.holder).unwrap();
            let text = envelope::encode(Kind::Presentation, &p);
            let code =
                qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
                    .unwrap();
            black_box(code.to_colors())
        })
    });
    g.bench_function("present+sign only", |b| {
        b.iter(|| {
            t += 1;
            black_box(present(&doc, &request(t), &world.holder).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, holder);
criterion_main!(benches);
