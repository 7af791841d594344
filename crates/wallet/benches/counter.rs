//! Counter: camera frame → verified report, end to end through the facade. The sample
//! presentation's QR is placed at 3 pixels per module on a mid-gray 1280×720 frame, like a phone
//! held up to a counter webcam. Beside it: verification alone (text in, report out), so the
//! decode share is visible. Decoders on the 20 harder benchmark frames, with zxing-cpp and zbar
//! as peers, are in `bench/counter.sh`.
//! Run: `cargo bench -p eid-wallet --bench counter`.

use criterion::{criterion_group, criterion_main, Criterion};
use eid_wallet::counter::Counter;
use eid_wallet::sample::make_sample;
use std::hint::black_box;

const AT: u64 = 1_795_336_200;
const W: u32 = 1280;
const H: u32 = 720;

fn frame(text: &str) -> Vec<u8> {
    let qr = eid_qr::render::encode_matrix(text).unwrap().to_gray(3, 4);
    let mut pixels = vec![128u8; (W * H) as usize];
    let (x0, y0) = ((W - qr.width) / 2, (H - qr.height) / 2);
    for y in 0..qr.height {
        let row = &qr.pixels[(y * qr.width) as usize..((y + 1) * qr.width) as usize];
        let start = ((y0 + y) * W + x0) as usize;
        pixels[start..start + qr.width as usize].copy_from_slice(row);
    }
    pixels
}

fn counter(c: &mut Criterion) {
    let sample = make_sample(1, AT).unwrap();
    let bundle = &sample
        .files
        .iter()
        .find(|(n, _)| *n == "trust-list.cbor")
        .unwrap()
        .1;
    let text = sample.presentation_text.clone();
    let pixels = frame(&text);
    // A fresh counter per run: the same QR twice is a replay.
    let fresh = || Counter::from_bundle(bundle, None).unwrap();
    assert!(
        fresh()
            .verify_gray_frame(&pixels, W, H, AT + 1)
            .unwrap()
            .valid
    );
    let mut g = c.benchmark_group("counter_720p");
    g.bench_function("frame_to_report", |b| {
        b.iter_batched(
            fresh,
            |mut counter| black_box(counter.verify_gray_frame(&pixels, W, H, AT + 1).unwrap()),
            criterion::BatchSize::SmallInput,
        )
    });
    g.bench_function("text_to_report", |b| {
        b.iter_batched(
            fresh,
            |mut counter| black_box(counter.verify_text(&text, AT + 1)),
            criterion::BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, counter);
criterion_main!(benches);
