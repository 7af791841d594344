//! Finding and reading QR codes in image files and camera frames.
//!
//! The decoder is `rxing`'s port of zxing-cpp's QR reader. A counter scans a live camera, so the
//! common frame holds no code or one code filling much of the view: [`scan_gray`] first tries
//! the frame halved in both dimensions (a quarter of the pixels, still 3 or more pixels per
//! module for such a code), then the full frame. Files are scanned thoroughly instead
//! ([`scan_image_bytes`]): full resolution, the slower "try harder" search, inverted codes, and
//! every code in the image. `docs/benchmarks.md` has the measurements behind these choices.

use crate::gray;
use rxing::common::HybridBinarizer;
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BinaryBitmap, DecodeHints, ImmutableReader, Luma8LuminanceSource};

/// Largest width or height accepted, in pixels. Larger inputs are refused before decoding so a
/// hostile file cannot make the scanner allocate gigabytes.
pub const MAX_SIDE: u32 = 8192;

/// Most pixels accepted (a 48-megapixel photo).
pub const MAX_PIXELS: u64 = 48_000_000;

/// Frames at least this many pixels on their short side are first scanned at half size.
const HALF_SIZE_MIN_SIDE: u32 = 480;

/// Why an image could not be scanned. Finding no QR code is not an error: the result is empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    /// Width or height is zero, or the buffer length does not match them.
    #[error("the frame is {width}×{height} but holds {len} bytes")]
    BadDimensions {
        /// Claimed width.
        width: u32,
        /// Claimed height.
        height: u32,
        /// Bytes given.
        len: usize,
    },
    /// Larger than [`MAX_SIDE`] or [`MAX_PIXELS`].
    #[error("the image is too large ({width}×{height} pixels)")]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Not a PNG or JPEG file, or a damaged one.
    #[error("the file is not a readable PNG or JPEG image")]
    NotAnImage,
}

impl ScanError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::BadDimensions { .. } => "bad_dimensions",
            ScanError::TooLarge { .. } => "image_too_large",
            ScanError::NotAnImage => "not_an_image",
        }
    }
}

fn check_size(width: u32, height: u32) -> Result<(), ScanError> {
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ScanError::TooLarge { width, height });
    }
    Ok(())
}

fn check_frame(
    len: usize,
    width: u32,
    height: u32,
    bytes_per_pixel: usize,
) -> Result<(), ScanError> {
    check_size(width, height)?;
    let expected = (width as usize) * (height as usize) * bytes_per_pixel;
    if width == 0 || height == 0 || len != expected {
        return Err(ScanError::BadDimensions { width, height, len });
    }
    Ok(())
}

fn fast_hints() -> DecodeHints {
    DecodeHints {
        TryHarder: Some(false),
        ..DecodeHints::default()
    }
}

fn thorough_hints() -> DecodeHints {
    DecodeHints {
        TryHarder: Some(true),
        AlsoInverted: Some(true),
        ..DecodeHints::default()
    }
}

fn bitmap(
    pixels: &[u8],
    width: u32,
    height: u32,
) -> Option<BinaryBitmap<HybridBinarizer<Luma8LuminanceSource>>> {
    let source = Luma8LuminanceSource::new(pixels.to_vec(), width, height).ok()?;
    Some(BinaryBitmap::new(HybridBinarizer::new(source)))
}

/// The first QR code found, with the given hints.
fn decode_first(pixels: &[u8], width: u32, height: u32, hints: &DecodeHints) -> Option<String> {
    let mut image = bitmap(pixels, width, height)?;
    QrReader
        .immutable_decode_with_hints(&mut image, hints)
        .ok()
        .map(|r| r.getText().to_owned())
}

/// Every QR code found, with the given hints, in reading order, without repeats.
fn decode_all(pixels: &[u8], width: u32, height: u32, hints: &DecodeHints) -> Vec<String> {
    let Some(mut image) = bitmap(pixels, width, height) else {
        return Vec::new();
    };
    let mut texts: Vec<String> = QrReader
        .decode_multiple_with_hints(&mut image, hints)
        .map(|results| results.iter().map(|r| r.getText().to_owned()).collect())
        .unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    texts.retain(|t| seen.insert(t.clone()));
    texts
}

/// Scans a grayscale camera frame (one byte per pixel, rows top to bottom) for one QR code,
/// fast: a half-size pass, then a full-size pass. Returns the code's text, or nothing.
pub fn scan_gray(pixels: &[u8], width: u32, height: u32) -> Result<Vec<String>, ScanError> {
    check_frame(pixels.len(), width, height, 1)?;
    if width.min(height) >= HALF_SIZE_MIN_SIDE {
        let (small, w2, h2) = gray::half(pixels, width as usize, height as usize);
        if let Some(text) = decode_first(&small, w2 as u32, h2 as u32, &fast_hints()) {
            return Ok(vec![text]);
        }
    }
    Ok(decode_first(pixels, width, height, &fast_hints())
        .into_iter()
        .collect())
}

/// [`scan_gray`] for an RGBA frame (4 bytes per pixel, as a browser canvas gives).
pub fn scan_rgba(pixels: &[u8], width: u32, height: u32) -> Result<Vec<String>, ScanError> {
    check_frame(pixels.len(), width, height, 4)?;
    scan_gray(&gray::from_rgba(pixels), width, height)
}

/// [`scan_gray`] for an RGB frame (3 bytes per pixel).
pub fn scan_rgb(pixels: &[u8], width: u32, height: u32) -> Result<Vec<String>, ScanError> {
    check_frame(pixels.len(), width, height, 3)?;
    scan_gray(&gray::from_rgb(pixels), width, height)
}

/// Scans a grayscale image thoroughly for every QR code in it (dark-on-light and inverted).
pub fn scan_gray_thorough(
    pixels: &[u8],
    width: u32,
    height: u32,
) -> Result<Vec<String>, ScanError> {
    check_frame(pixels.len(), width, height, 1)?;
    let found = decode_all(pixels, width, height, &fast_hints());
    if !found.is_empty() {
        return Ok(found);
    }
    Ok(decode_all(pixels, width, height, &thorough_hints()))
}

/// Scans a PNG or JPEG file for every QR code in it. The dimensions in the header are checked
/// against [`MAX_SIDE`] and [`MAX_PIXELS`] before any pixel is decoded.
pub fn scan_image_bytes(bytes: &[u8]) -> Result<Vec<String>, ScanError> {
    let image = decode_image(bytes)?;
    scan_gray_thorough(&image.pixels, image.width, image.height)
}

/// Decodes a PNG or JPEG file to grayscale, refusing oversized images before decoding pixels.
pub fn decode_image(bytes: &[u8]) -> Result<gray::GrayImage, ScanError> {
    use image::ImageDecoder;
    let format = image::guess_format(bytes).map_err(|_| ScanError::NotAnImage)?;
    if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
        return Err(ScanError::NotAnImage);
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => ScanError::TooLarge {
            width: 0,
            height: 0,
        },
        _ => ScanError::NotAnImage,
    })?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    let decoded = image::DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => ScanError::TooLarge { width, height },
        _ => ScanError::NotAnImage,
    })?;
    let pixels = match decoded {
        image::DynamicImage::ImageLuma8(img) => img.into_raw(),
        image::DynamicImage::ImageRgb8(img) => gray::from_rgb(img.as_raw()),
        image::DynamicImage::ImageRgba8(img) => gray::from_rgba(img.as_raw()),
        other => other.to_luma8().into_raw(),
    };
    if width == 0 || height == 0 {
        return Err(ScanError::BadDimensions {
            width,
            height,
            len: pixels.len(),
        });
    }
    Ok(gray::GrayImage {
        width,
        height,
        pixels,
    })
}

/// The baseline decoder, `rqrr` (a pure-Rust quirc port), kept for side-by-side benchmarks and
/// as a second opinion in tests. Not used by the wallet.
pub fn scan_gray_rqrr(pixels: &[u8], width: u32, height: u32) -> Result<Vec<String>, ScanError> {
    check_frame(pixels.len(), width, height, 1)?;
    let (w, h) = (width as usize, height as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    Ok(prepared
        .detect_grids()
        .iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_lengths_are_refused() {
        assert_eq!(
            scan_gray(&[0; 10], 4, 4),
            Err(ScanError::BadDimensions {
                width: 4,
                height: 4,
                len: 10
            })
        );
        assert_eq!(
            scan_rgba(&[0; 15], 2, 2).unwrap_err().code(),
            "bad_dimensions"
        );
        assert_eq!(scan_gray(&[], 0, 0).unwrap_err().code(), "bad_dimensions");
        assert_eq!(
            scan_gray(&[], 9000, 1).unwrap_err().code(),
            "image_too_large"
        );
    }

    #[test]
    fn a_blank_frame_holds_nothing() {
        assert_eq!(scan_gray(&[255; 640 * 480], 640, 480), Ok(vec![]));
        assert_eq!(scan_gray_thorough(&[0; 100 * 100], 100, 100), Ok(vec![]));
    }

    #[test]
    fn non_images_are_refused() {
        assert_eq!(scan_image_bytes(b"hello"), Err(ScanError::NotAnImage));
        assert_eq!(
            scan_image_bytes(b"\x89PNG\r\n\x1a\nbroken"),
            Err(ScanError::NotAnImage)
        );
        assert_eq!(scan_image_bytes(b"GIF89a"), Err(ScanError::NotAnImage));
    }
}
