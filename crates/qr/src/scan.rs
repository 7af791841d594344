//! Finding and reading QR codes in image files and camera frames.
//!
//! The decoder is `rxing`'s port of zxing-cpp's QR reader, asked for QR codes only (not Micro
//! QR or rMQR, which the wallet never shows, so a frame without a code is not searched for
//! those as well). A counter scans a live camera, so the common frame holds no code or one code
//! filling much of the view: [`scan_gray`] first tries the frame halved in both dimensions (a
//! quarter of the pixels, still 3 or more pixels per module for such a code), then the full
//! frame, binarized by a per-pixel local mean (`LocalMeanBinarizer` here), which reads dense
//! out-of-focus codes that rxing's block-wise `HybridBinarizer` does not, and costs less on a
//! noisy frame. Files are scanned thoroughly instead ([`scan_image_bytes`]): every code in the
//! image at full resolution with the local mean, then with the `HybridBinarizer`, at half size,
//! and with the slower "try harder" search (inverted codes too). `docs/benchmarks.md` has the
//! measurements behind these choices.

use crate::gray;
use rxing::common::{BitArray, BitMatrix, HybridBinarizer, LineOrientation};
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{
    BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, ImmutableReader, Luma8Source,
    LuminanceSource,
};
use std::borrow::Cow;

/// Largest width or height accepted, in pixels. Larger inputs are refused before decoding so a
/// hostile file cannot make the scanner allocate gigabytes.
pub const MAX_SIDE: u32 = 8192;

/// Most pixels accepted (a 48-megapixel photo).
pub const MAX_PIXELS: u64 = 48_000_000;

/// Frames at least this many pixels on their short side are first scanned at half size.
const HALF_SIZE_MIN_SIDE: u32 = 480;

/// The local-mean binarizer's small radius is the short side divided by this (9 pixels at
/// 720p, 13 at 1080p: a window of 4 to 8 modules of a dense code filling the frame's height).
const LOCAL_MEAN_RADIUS_DIVISOR: usize = 80;

/// Smallest such radius, for small images (whose codes have modules of several pixels).
const MIN_LOCAL_MEAN_RADIUS: usize = 8;

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

fn qr_only() -> Option<std::collections::HashSet<BarcodeFormat>> {
    Some([BarcodeFormat::QR_CODE].into_iter().collect())
}

fn fast_hints() -> DecodeHints {
    DecodeHints {
        TryHarder: Some(false),
        PossibleFormats: qr_only(),
        ..DecodeHints::default()
    }
}

fn thorough_hints() -> DecodeHints {
    DecodeHints {
        TryHarder: Some(true),
        AlsoInverted: Some(true),
        PossibleFormats: qr_only(),
        ..DecodeHints::default()
    }
}

/// Binarizes a grayscale image by comparing each pixel with a threshold of its own
/// ([`gray::local_mean_threshold`]): the mean of a near mean (radius `r`, a few modules of a
/// dense code) and a far one (radius `4 r`).
///
/// rxing's `HybridBinarizer` gives each 8×8 block one threshold, the mean of the 40×40 pixels
/// around it; where a blurred code has 3 to 4 pixels per module, a threshold per pixel can
/// follow the code's contrast closer. The near window alone would hollow out dark areas wider
/// than itself (a finder pattern's centre in a code of big modules); the far mean keeps them.
struct LocalMeanBinarizer<'a> {
    source: Luma8Source<'a>,
    radius: usize,
    matrix: std::sync::OnceLock<Option<BitMatrix>>,
}

impl<'a> LocalMeanBinarizer<'a> {
    fn new(source: Luma8Source<'a>, radius: usize) -> Self {
        LocalMeanBinarizer {
            source,
            radius,
            matrix: std::sync::OnceLock::new(),
        }
    }

    fn matrix(&self) -> rxing::common::Result<&BitMatrix> {
        self.matrix
            .get_or_init(|| {
                let (w, h) = (self.source.get_width(), self.source.get_height());
                local_mean_matrix(&self.source.get_matrix(), w, h, self.radius)
            })
            .as_ref()
            .ok_or(rxing::Exceptions::NOT_FOUND)
    }
}

/// The dark pixels of `pixels` (`width` × `height`) by [`gray::local_mean_threshold`].
fn local_mean_matrix(
    pixels: &[u8],
    width: usize,
    height: usize,
    radius: usize,
) -> Option<BitMatrix> {
    let mut matrix =
        BitMatrix::new(u32::try_from(width).ok()?, u32::try_from(height).ok()?).ok()?;
    let mut bits = BitArray::with_size(width);
    gray::local_mean_threshold(pixels, width, height, radius, |y, words| {
        for (i, &word) in words.iter().enumerate() {
            bits.setBulk(i * usize::BITS as usize, word);
        }
        matrix.setRow(y as u32, &bits);
    });
    Some(matrix)
}

impl<'a> Binarizer for LocalMeanBinarizer<'a> {
    type Source = Luma8Source<'a>;

    fn get_luminance_source(&self) -> &Self::Source {
        &self.source
    }

    fn get_black_row(&self, y: usize) -> rxing::common::Result<Cow<'_, BitArray>> {
        Ok(Cow::Owned(self.matrix()?.getRow(y as u32)))
    }

    fn get_black_row_from_matrix(&self, y: usize) -> rxing::common::Result<Cow<'_, BitArray>> {
        self.get_black_row(y)
    }

    fn get_black_matrix(&self) -> rxing::common::Result<&BitMatrix> {
        self.matrix()
    }

    fn get_black_line(
        &self,
        l: usize,
        lt: LineOrientation,
    ) -> rxing::common::Result<Cow<'_, BitArray>> {
        match lt {
            LineOrientation::Row => self.get_black_row(l),
            LineOrientation::Column => Ok(Cow::Owned(self.matrix()?.getCol(l as u32))),
        }
    }

    fn create_binarizer(&self, source: Self::Source) -> Self {
        LocalMeanBinarizer::new(source, self.radius)
    }

    fn get_width(&self) -> usize {
        self.source.get_width()
    }

    fn get_height(&self) -> usize {
        self.source.get_height()
    }
}

/// Which binarizer a pass uses.
#[derive(Clone, Copy)]
enum Binarize {
    /// rxing's `HybridBinarizer` (8×8 blocks).
    Hybrid,
    /// [`LocalMeanBinarizer`], its radius from the image's short side.
    LocalMean,
}

fn local_mean_radius(width: u32, height: u32) -> usize {
    (width.min(height) as usize / LOCAL_MEAN_RADIUS_DIVISOR).max(MIN_LOCAL_MEAN_RADIUS)
}

/// One pass of the reader over `pixels`, binarized as `how` says: the first QR code (`all`
/// false) or every one, in reading order, without repeats.
fn decode_pass(
    pixels: &[u8],
    width: u32,
    height: u32,
    how: Binarize,
    hints: &DecodeHints,
    all: bool,
) -> Vec<String> {
    let Ok(source) = Luma8Source::new_with_slice(pixels, width, height) else {
        return Vec::new();
    };
    match how {
        Binarize::Hybrid => decode(
            &mut BinaryBitmap::new(HybridBinarizer::new(source)),
            hints,
            all,
        ),
        Binarize::LocalMean => {
            let radius = local_mean_radius(width, height);
            let binarizer = LocalMeanBinarizer::new(source, radius);
            decode(&mut BinaryBitmap::new(binarizer), hints, all)
        }
    }
}

fn decode<B: Binarizer>(
    image: &mut BinaryBitmap<B>,
    hints: &DecodeHints,
    all: bool,
) -> Vec<String> {
    let mut texts: Vec<String> = if all {
        QrReader
            .decode_multiple_with_hints(image, hints)
            .map(|results| results.iter().map(|r| r.getText().to_owned()).collect())
            .unwrap_or_default()
    } else {
        QrReader
            .immutable_decode_with_hints(image, hints)
            .map(|r| vec![r.getText().to_owned()])
            .unwrap_or_default()
    };
    let mut seen = std::collections::HashSet::new();
    texts.retain(|t| seen.insert(t.clone()));
    texts
}

/// The first QR code found, with the given binarizer and the fast hints.
fn decode_first(pixels: &[u8], width: u32, height: u32, how: Binarize) -> Option<String> {
    decode_pass(pixels, width, height, how, &fast_hints(), false)
        .into_iter()
        .next()
}

/// Every QR code found, with the given binarizer and hints.
fn decode_all(
    pixels: &[u8],
    width: u32,
    height: u32,
    how: Binarize,
    hints: &DecodeHints,
) -> Vec<String> {
    decode_pass(pixels, width, height, how, hints, true)
}

/// Scans a grayscale camera frame (one byte per pixel, rows top to bottom) for one QR code,
/// fast: a half-size pass, then a full-size pass binarized by a local mean. Returns the
/// code's text, or nothing.
pub fn scan_gray(pixels: &[u8], width: u32, height: u32) -> Result<Vec<String>, ScanError> {
    check_frame(pixels.len(), width, height, 1)?;
    if width.min(height) >= HALF_SIZE_MIN_SIDE {
        let (small, w2, h2) = gray::half(pixels, width as usize, height as usize);
        if let Some(text) = decode_first(&small, w2 as u32, h2 as u32, Binarize::Hybrid) {
            return Ok(vec![text]);
        }
    }
    Ok(decode_first(pixels, width, height, Binarize::LocalMean)
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
/// Passes, until one finds a code: the full image binarized by the local mean (the camera
/// path's second pass); the full image with rxing's `HybridBinarizer`; half size (noise
/// averaged away); and the full image with the slower "try harder" search, inverted codes
/// included.
pub fn scan_gray_thorough(
    pixels: &[u8],
    width: u32,
    height: u32,
) -> Result<Vec<String>, ScanError> {
    check_frame(pixels.len(), width, height, 1)?;
    let passes: [&dyn Fn() -> Vec<String>; 4] = [
        &|| decode_all(pixels, width, height, Binarize::LocalMean, &fast_hints()),
        &|| decode_all(pixels, width, height, Binarize::Hybrid, &fast_hints()),
        &|| {
            let (small, w2, h2) = gray::half(pixels, width as usize, height as usize);
            decode_all(
                &small,
                w2 as u32,
                h2 as u32,
                Binarize::Hybrid,
                &fast_hints(),
            )
        },
        &|| decode_all(pixels, width, height, Binarize::Hybrid, &thorough_hints()),
    ];
    Ok(passes
        .iter()
        .map(|pass| pass())
        .find(|found| !found.is_empty())
        .unwrap_or_default())
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
