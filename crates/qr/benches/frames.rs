//! Counter-side decoding of a folder of camera frames, timed per frame as a median over
//! repeated runs, for our camera path beside its building blocks and the pure-Rust baseline:
//! prints one JSON object, merged with the zxing-cpp and zbar peers by `bench/counter.sh`, which
//! reports ratios measured in the same run.
//!
//! The folder is the 20 committed frames (tests/data/qr/frames) unless another is given, such as
//! the dense frames `bench/make_dense_frames.py` writes into out/. A frame's expected text is
//! `STEM.txt` for the longest such file whose stem, followed by `_`, starts the frame's name
//! (`dense_1300.txt` for `dense_1300_720_clean.png`), else the folder's `payload-b45.txt`.
//!
//! Timed: grayscale frame in, text out (PNG decoding excluded, as in the peers script).
//! usage: cargo bench -p eid-qr --bench frames -- [ITERATIONS] [FRAMES_DIR]

use eid_qr::scan;
use rxing::common::HybridBinarizer;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BinaryBitmap, DecodeHints, ImmutableReader, Luma8LuminanceSource};
use std::path::{Path, PathBuf};
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

/// The expected text of every frame in `dir`, by the rule in the module comment.
fn expected(dir: &Path, frame: &str) -> String {
    let mut best: Option<(usize, PathBuf)> = None;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if frame.starts_with(&format!("{stem}_")) && best.as_ref().is_none_or(|b| stem.len() > b.0)
        {
            best = Some((stem.len(), path));
        }
    }
    let path = best.map_or_else(|| dir.join("payload-b45.txt"), |b| b.1);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .trim()
        .to_owned()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let iterations: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(7);
    let dir = args
        .iter()
        .find(|a| a.parse::<usize>().is_err())
        .map_or_else(
            || {
                PathBuf::from(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../tests/data/qr/frames"
                ))
            },
            PathBuf::from,
        );
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no frames in {}", dir.display());
    let decoders: [(&str, Decoder); 4] = [
        ("eid-camera", ours_camera),
        ("eid-file", ours_file),
        ("rxing-full", rxing_full),
        ("rqrr", rqrr),
    ];
    let mut rows = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let want = expected(&dir, &name);
        let img = scan::decode_image(&std::fs::read(path).unwrap()).unwrap();
        let cells: Vec<String> = decoders
            .iter()
            .map(|(decoder, f)| {
                let (got, ms) = median_ms(*f, &img, iterations);
                let ok = got.as_deref() == Some(want.as_str());
                format!("\"{decoder}\": {{\"ok\": {ok}, \"ms\": {ms:.2}}}")
            })
            .collect();
        rows.push(format!(" \"{name}\": {{{}}}", cells.join(", ")));
    }
    println!("{{\n{}\n}}", rows.join(",\n"));
}
