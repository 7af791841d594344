//! Building a presentation's QR image: our renderer (`fast_qr` + our pixel writer) beside the
//! `qrcode` crate producing the same grayscale pixels, on 850- and 1,465-character texts.

use criterion::{criterion_group, criterion_main, Criterion};
use eid_qr::render::encode_matrix;
use std::hint::black_box;

fn text(len: usize) -> String {
    let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let mut s = String::from("EP1:");
    s.extend((0..len - 4).map(|i| alphabet[(i * 7 + i / 3) % 45] as char));
    s
}

/// The `qrcode` crate's matrix drawn into pixels exactly as `QrMatrix::to_gray` draws ours.
fn qrcode_gray(text: &str, scale: usize) -> Vec<u8> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).unwrap();
    let n = code.width();
    let colors = code.to_colors();
    let side = (n + 8) * scale;
    let mut pixels = vec![255u8; side * side];
    for y in 0..n {
        for x in 0..n {
            if colors[y * n + x] == qrcode::Color::Dark {
                for r in 0..scale {
                    let row = (y + 4) * scale + r;
                    let start = row * side + (x + 4) * scale;
                    pixels[start..start + scale].fill(0);
                }
            }
        }
    }
    pixels
}

fn render(c: &mut Criterion) {
    for len in [850, 1465] {
        let t = text(len);
        let ours = encode_matrix(&t).unwrap().to_gray(4, 4);
        assert_eq!(
            ours.pixels.len(),
            qrcode_gray(&t, 4).len(),
            "same version and size"
        );
        let mut g = c.benchmark_group(format!("render_{len}_chars"));
        g.bench_function("eid_fast_qr", |b| {
            b.iter(|| encode_matrix(black_box(&t)).unwrap().to_gray(4, 4))
        });
        g.bench_function("peer_qrcode", |b| b.iter(|| qrcode_gray(black_box(&t), 4)));
        g.finish();
    }
}

criterion_group!(benches, render);
criterion_main!(benches);
