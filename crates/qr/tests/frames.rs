//! The 20 camera-like benchmark frames (720p and 1080p; clean, blur, noise, rotation with
//! perspective, low light; ECC L and M) must all decode, through the camera path and the file path.

use eid_qr::scan;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/qr/frames"
    ))
}

fn frames() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir())
        .expect("frames folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn payload() -> String {
    std::fs::read_to_string(dir().join("payload-b45.txt"))
        .unwrap()
        .trim()
        .to_owned()
}

#[test]
fn every_frame_decodes_on_the_camera_path() {
    let want = payload();
    let frames = frames();
    assert_eq!(frames.len(), 20);
    let mut failed = Vec::new();
    for (name, bytes) in &frames {
        let img = scan::decode_image(bytes).unwrap();
        let got = scan::scan_gray(&img.pixels, img.width, img.height).unwrap();
        if got != std::slice::from_ref(&want) {
            failed.push(name.clone());
        }
    }
    assert!(failed.is_empty(), "not decoded: {failed:?}");
}

#[test]
fn every_frame_decodes_as_a_file() {
    let want = payload();
    for (name, bytes) in frames() {
        assert_eq!(
            scan::scan_image_bytes(&bytes).unwrap(),
            std::slice::from_ref(&want),
            "{name}"
        );
    }
}
