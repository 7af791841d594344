//! QR codes for eID Wallet: the text envelope (prefix + base45), rendering QR images, scanning
//! images and camera frames, and the QR printed on the chip citizen-ID card.
//!
//! Pure: no files, no camera, no clock. Callers hand in bytes or pixels.

pub mod envelope;
pub mod gray;
pub mod idcard;
pub mod render;
pub mod scan;
