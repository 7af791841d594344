//! Counter-side decoding of the 20 camera-like frames (tests/data/qr/frames), timed per frame
//! as a median over repeated runs, for our camera path beside its building blocks and the
//! pure-Rust baseline: prints one JSON object, merged with the zxing-cpp and zbar peers by
//! `bench/counter.sh`, which reports ratios measured in the same run.
//!
//! Timed: grayscale frame in, text out (PNG decoding excluded, as in the peers script).
//! usage: cargo bench -p eid-qr --bench frames -- [ITERATIONS]

use eid_qr::scan;
use rxing::common::HybridBinarizer;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BinaryBitmap, DecodeHints, ImmutableReader, Luma8LuminanceSource};
use std::time::Instant;

type Decoder = fn(&[u8], u32, u32) -> Option<String>;

fn ours_camera(p: &[u8], w: u32, h: u32) -> Option<String> {
    scan::scan_gray(p, w, h).ok()?.into_iter().next()
}

fn ours_file(p: &[u8], w: u32, h: u32) -> Option<String> {
    scan::scan_gray_thorough(p, w, h).ok()?.into_iter().next()
}

/// rxing's QR reader on the full frame with default hints: the path we improve on.
fn rxing_full(p: &[u8], w: u32, h: u32) -> Option<String> {
    let source = Luma8LuminanceSource::new(p.to_vec(), w, h).ok()?;
    let mut image = BinaryBitmap::new(HybridBinarizer::new(source));
    QrReader
        .immutable_decode_with_hints(&mut image, &DecodeHints::default())
        .ok()
        .map(|r| r.getText().to_owned())
}

fn rqrr(p: &[u8], w: u32, h: u32) -> Option<String> {
    scan::scan_gray_rqrr(p, w, h).ok()?.into_iter().next()
}

fn median_ms(
    f: Decoder,
    img: &eid_qr::gray::GrayImage,
    iterations: usize,
) -> (Option<String>, f64) {
    let mut times = Vec::with_capacity(iterations);
    let mut got = None;
    for _ in 0..iterations {
        let start = Instant::now();
        got = f(&img.pixels, img.width, img.height);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (got, times[times.len() / 2])
}

fn main() {
    let iterations: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(7);
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/qr/frames"
    ));
    let want = std::fs::read_to_string(dir.join("payload-b45.txt"))
        .unwrap()
        .trim()
        .to_owned();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    paths.sort();
    let decoders: [(&str, Decoder); 4] = [
        ("eid-camera", ours_camera),
        ("eid-file", ours_file),
        ("rxing-full", rxing_full),
        ("rqrr", rqrr),
    ];
    let mut rows = Vec::new();
    for path in &paths {
        let img = scan::decode_image(&std::fs::read(path).unwrap()).unwrap();
        let cells: Vec<String> = decoders
            .iter()
            .map(|(name, f)| {
                let (got, ms) = median_ms(*f, &img, iterations);
                let ok = got.as_deref() == Some(want.as_str());
                format!("\"{name}\": {{\"ok\": {ok}, \"ms\": {ms:.2}}}")
            })
            .collect();
        let name = path.file_name().unwrap().to_string_lossy();
        rows.push(format!(" \"{name}\": {{{}}}", cells.join(", ")));
    }
    println!("{{\n{}\n}}", rows.join(",\n"));
}
