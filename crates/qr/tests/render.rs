//! Rendered codes read back: by our scanner, by the baseline decoder (rqrr), and by an
//! independent reader (zbar's `zbarimg`, installed by scripts/setup.sh) from the PNG file.

use eid_qr::envelope::{self, Kind};
use eid_qr::render::{encode_matrix, RenderError};
use eid_qr::scan;

/// Payload sizes from a tiny request to a large presentation (QR versions about 2 to 27).
const SIZES: [usize; 6] = [10, 100, 300, 600, 900, 1000];

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
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert!(*versions.last().unwrap() >= 20, "{versions:?}");
}

#[test]
fn zbarimg_reads_our_pngs() {
    let dir = std::env::temp_dir().join(format!("eid-qr-zbar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for len in SIZES {
        let text = envelope::encode(Kind::Presentation, &payload(len));
        let path = dir.join(format!("{len}.png"));
        std::fs::write(&path, encode_matrix(&text).unwrap().to_png(4)).unwrap();
        let out = std::process::Command::new("zbarimg")
            .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
            .arg(&path)
            .output()
            .expect("zbarimg is installed by scripts/setup.sh (Debian package zbar-tools)");
        assert!(out.status.success(), "zbarimg failed on {len} bytes");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap().trim_end(),
            text,
            "len {len}"
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
