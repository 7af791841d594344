//! Reading QR codes from images.

use crate::error::WalletError;

/// The text of every QR code found in a PNG or JPEG image (empty when there is none).
pub fn scan_image(image: &[u8]) -> Result<Vec<String>, WalletError> {
    Ok(eid_qr::scan::scan_image_bytes(image)?)
}

/// Reads the QR codes in an 8-bit grayscale camera frame (`width` × `height` bytes).
pub fn scan_gray_frame(pixels: &[u8], width: u32, height: u32) -> Result<Vec<String>, WalletError> {
    Ok(eid_qr::scan::scan_gray(pixels, width, height)?)
}
