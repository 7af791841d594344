//! Rendered codes read back: by our scanner, by the baseline decoder (rqrr), and from the PNG
//! file by two independent readers: zbar's `zbarimg` (Debian zbar-tools) and zxing-cpp (PyPI
//! `zxing-cpp`, pinned with hashes in tests/python/requirements.txt, in the project's .venv),
//! both installed by scripts/setup.sh. A missing reader fails the test; it is never skipped.

use eid_qr::envelope::{self, Kind};
use eid_qr::render::{encode_matrix, RenderError};
use eid_qr::scan;
use eid_testkit::qr_readers;

/// Payload sizes in bytes, from a tiny request to the densest presentations (QR versions 1 to
/// 31 at ECC M). The envelope's text is 4 + 1.5 × bytes characters, so the last three are texts
/// of 1,300, 1,900 and 2,001 characters (a base45 text is never 3k + 1 long: 2,000 cannot be).
const SIZES: [usize; 9] = [10, 100, 300, 600, 864, 900, 1000, 1264, 1331];

fn payload(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 151 + 7) as u8).collect()
}

#[test]
fn rendered_codes_scan_back() {
    let mut versions = Vec::new();
    for len in SIZES {
        let text = envelope::encode(Kind::Presentation, &payload(len));
        let m = encode_matrix(&text).unwrap();
        versions.push(m.version());
        let img = m.to_gray(4, 4);
        assert_eq!(
            scan::scan_gray(&img.pixels, img.width, img.height).unwrap(),
            std::slice::from_ref(&text),
            "len {len}"
        );
        assert_eq!(
            scan::scan_gray_rqrr(&img.pixels, img.width, img.height).unwrap(),
            std::slice::from_ref(&text),
            "len {len}"
        );
        assert_eq!(
            scan::scan_image_bytes(&m.to_png(3)).unwrap(),
            [text],
            "len {len}"
        );
    }
    println!("versions {versions:?}");
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
    assert!(*versions.last().unwrap() >= 30, "{versions:?}");
}

/// Every size's text and its PNG (4 pixels per module), written into a fresh temporary folder.
fn pngs(reader: &str) -> (std::path::PathBuf, Vec<(String, std::path::PathBuf)>) {
    let dir = std::env::temp_dir().join(format!("eid-qr-{reader}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = SIZES
        .iter()
        .map(|&len| {
            let text = envelope::encode(Kind::Presentation, &payload(len));
            let path = dir.join(format!("{len}.png"));
            std::fs::write(&path, encode_matrix(&text).unwrap().to_png(4)).unwrap();
            (text, path)
        })
        .collect();
    (dir, files)
}

#[test]
fn zbarimg_reads_our_pngs() {
    let (dir, files) = pngs("zbar");
    for (text, path) in &files {
        assert_eq!(qr_readers::zbar_read(path), *text, "{}", path.display());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn zxing_cpp_reads_our_pngs() {
    let (dir, files) = pngs("zxing");
    let paths: Vec<&std::path::Path> = files.iter().map(|(_, path)| path.as_path()).collect();
    let read = qr_readers::zxing_read(&paths);
    for (text, path) in &files {
        assert_eq!(
            read[path.to_str().unwrap()],
            std::slice::from_ref(text),
            "zxing-cpp on {}",
            path.display()
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn svg_has_one_path_and_the_right_size() {
    let m = encode_matrix("EP1:QED8WEX0").unwrap();
    let svg = m.to_svg();
    let side = m.width() + 8;
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(
        svg.contains(&format!("viewBox=\"0 0 {side} {side}\"")),
        "{svg}"
    );
    assert_eq!(svg.matches("<path").count(), 1);
}

#[test]
fn too_long_text_is_refused() {
    let text = envelope::encode(Kind::Presentation, &payload(3000));
    assert_eq!(encode_matrix(&text), Err(RenderError::TooLong));
}
