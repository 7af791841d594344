//! Reading QR codes from images.

use crate::error::WalletError;

/// The text of every QR code found in a PNG or JPEG image (empty when there is none).
pub fn scan_image(image: &[u8]) -> Result<Vec<String>, WalletError> {
    Ok(eid_qr::scan::scan_image_bytes(image)?)
}
