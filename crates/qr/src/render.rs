//! Rendering QR codes: the module matrix (built with `fast_qr`), and grayscale pixels, PNG and
//! SVG drawn from it.
//!
//! Why `fast_qr`: on this project's presentations (850–1,465 alphanumeric characters, versions
//! 19–26 at ECC M) the `qrcode` crate takes 8–15 ms, almost all of it choosing the mask, while
//! `fast_qr` builds the same standard code (all eight masks scored by the ISO/IEC 18004 penalty
//! rules) in about 1 ms. `benches/render.rs` keeps both side by side.

use crate::gray::GrayImage;
use fast_qr::{Mode, QRBuilder, ECL};

/// Modules of white border around a code (the standard quiet zone).
pub const QUIET_ZONE: u32 = 4;
/// Largest scale accepted, so an image stays far below memory limits.
pub const MAX_SCALE: u32 = 32;

/// Why a QR code could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// The text does not fit in a QR code at level M.
    #[error("the text is too long for a QR code")]
    TooLong,
}

/// A QR code as a square of modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: u32,
    version: u8,
    dark: Vec<bool>,
}

/// Whether every character is in QR's alphanumeric set (which is base45's alphabet).
fn is_alphanumeric(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() || b" $%*+-./:".contains(&b))
}

/// Builds the QR code of `text` at error-correction level M, in alphanumeric mode when the text
/// allows it, otherwise in byte mode.
pub fn encode_matrix(text: &str) -> Result<QrMatrix, RenderError> {
    let mode = if is_alphanumeric(text) {
        Mode::Alphanumeric
    } else {
        Mode::Byte
    };
    let code = QRBuilder::new(text.as_bytes())
        .ecl(ECL::M)
        .mode(mode)
        .build()
        .map_err(|_| RenderError::TooLong)?;
    let width = code.size;
    let dark = code.data[..width * width]
        .iter()
        .map(|m| m.value())
        .collect();
    Ok(QrMatrix {
        width: width as u32,
        version: code.version.map_or(0, |v| v as u8 + 1),
        dark,
    })
}

impl QrMatrix {
    /// Width (and height) in modules.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// The QR version, 1 to 40.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// Whether the module at column `x`, row `y` is dark (false outside the code).
    pub fn is_dark(&self, x: u32, y: u32) -> bool {
        x < self.width && y < self.width && self.dark[(y * self.width + x) as usize]
    }

    /// Grayscale pixels: `scale` pixels per module (1 to 32) and `quiet` modules of border.
    pub fn to_gray(&self, scale: u32, quiet: u32) -> GrayImage {
        let scale = scale.clamp(1, MAX_SCALE) as usize;
        let quiet = quiet.min(16) as usize;
        let n = self.width as usize;
        let side = (n + 2 * quiet) * scale;
        let mut pixels = vec![255u8; side * side];
        let mut row = vec![255u8; side];
        for y in 0..n {
            row.fill(255);
            for x in 0..n {
                if self.dark[y * n + x] {
                    let start = (x + quiet) * scale;
                    row[start..start + scale].fill(0);
                }
            }
            let top = (y + quiet) * scale;
            for r in 0..scale {
                pixels[(top + r) * side..(top + r + 1) * side].copy_from_slice(&row);
            }
        }
        GrayImage {
            width: side as u32,
            height: side as u32,
            pixels,
        }
    }

    /// A PNG (8-bit grayscale) with the standard quiet zone.
    pub fn to_png(&self, scale: u32) -> Vec<u8> {
        let img = self.to_gray(scale, QUIET_ZONE);
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, img.width, img.height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        // Encoding into a Vec only fails on dimension errors, which `to_gray` rules out.
        if let Ok(mut writer) = encoder.write_header() {
            let _ = writer.write_image_data(&img.pixels);
        }
        out
    }

    /// An SVG: one path of the dark modules, one unit per module, with the quiet zone.
    pub fn to_svg(&self) -> String {
        let n = self.width;
        let side = n + 2 * QUIET_ZONE;
        let mut path = String::new();
        for y in 0..n {
            let mut x = 0;
            while x < n {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < n && self.is_dark(x, y) {
                        x += 1;
                    }
                    let len = x - start;
                    path.push_str(&format!(
                        "M{} {}h{len}v1h-{len}z",
                        start + QUIET_ZONE,
                        y + QUIET_ZONE
                    ));
                } else {
                    x += 1;
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
             shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" \
             fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_modes() {
        let m = encode_matrix("EP1:ABC").unwrap();
        assert_eq!(m.version(), 1);
        assert_eq!(m.width(), 21);
        assert!(m.is_dark(0, 0), "finder pattern corner");
        assert!(!m.is_dark(21, 0));
        let g = m.to_gray(2, 4);
        assert_eq!(g.width, (21 + 8) * 2);
        assert_eq!(g.pixels.len(), (g.width * g.height) as usize);
        assert_eq!(g.pixels[0], 255, "quiet zone");
        assert_eq!(g.pixels[(8 * g.width + 8) as usize], 0, "first module dark");
        let svg = m.to_svg();
        assert!(svg.starts_with("<svg") && svg.contains("M4 4h7v1h-7z"));
        let png = m.to_png(3);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert!(encode_matrix("lower case uses byte mode").is_ok());
        assert_eq!(encode_matrix(&"A".repeat(5000)), Err(RenderError::TooLong));
    }

    #[test]
    fn nine_hundred_characters_fit_version_20() {
        let m = encode_matrix(&"A1".repeat(450)).unwrap();
        assert!(m.version() <= 20, "version {}", m.version());
    }
}
