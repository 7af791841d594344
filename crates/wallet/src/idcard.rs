//! The QR printed on the chip citizen-ID card: read it to pre-fill forms. It is unsigned text
//! and proves nothing about the person showing it.

use crate::error::WalletError;
pub use eid_qr::idcard::IdCardQr;

/// Parses and validates the printed card's QR text.
pub fn read_id_card_qr(text: &str) -> Result<IdCardQr, WalletError> {
    eid_qr::idcard::parse(text).map_err(|e| WalletError::IdCard(e.to_string()))
}
