//! Pixel conversions done by hand: `image`'s `to_luma8` costs about 13 ms on a 1080p frame,
//! more than a whole decode, and a counter converts every camera frame.

/// A grayscale image, one byte per pixel, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrayImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height` bytes, 0 black to 255 white.
    pub pixels: Vec<u8>,
}

/// Luma of packed pixels whose first three bytes are R, G, B, with integer BT.601 weights
/// (77, 150, 29) / 256; any further bytes per pixel (alpha) are ignored.
fn luma(pixels: &[u8], bytes_per_pixel: usize) -> Vec<u8> {
    pixels
        .chunks_exact(bytes_per_pixel)
        .map(|p| ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8)
        .collect()
}

/// Luma of packed RGB (3 bytes per pixel).
pub fn from_rgb(rgb: &[u8]) -> Vec<u8> {
    luma(rgb, 3)
}

/// Luma of packed RGBA (4 bytes per pixel); alpha is ignored.
pub fn from_rgba(rgba: &[u8]) -> Vec<u8> {
    luma(rgba, 4)
}

/// Halves both dimensions by averaging 2×2 blocks (a box filter): a QR filling a camera frame
/// keeps 3 or more pixels per module, and the decoder does a quarter of the work.
pub fn half(pixels: &[u8], width: usize, height: usize) -> (Vec<u8>, usize, usize) {
    let (w2, h2) = (width / 2, height / 2);
    let mut out = Vec::with_capacity(w2 * h2);
    for y in 0..h2 {
        let top = &pixels[2 * y * width..2 * y * width + 2 * w2];
        let bottom = &pixels[(2 * y + 1) * width..(2 * y + 1) * width + 2 * w2];
        for (t, b) in top.chunks_exact(2).zip(bottom.chunks_exact(2)) {
            let sum = u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]);
            out.push(((sum + 2) >> 2) as u8);
        }
    }
    (out, w2, h2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(from_rgb(&[255, 255, 255, 0, 0, 0]), vec![255, 0]);
        assert_eq!(from_rgba(&[255, 0, 0, 9, 0, 255, 0, 9]), vec![76, 149]);
        let (h, w, hh) = half(&[0, 255, 7, 255, 0, 7, 9, 9, 9], 3, 3);
        assert_eq!((h, w, hh), (vec![128], 1, 1));
    }
}
