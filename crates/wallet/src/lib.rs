//! # eID Wallet: the facade
//!
//! Every use case of the wallet, in one place. The Tauri app and the `eid` command line call
//! only this crate; the crates below it (`eid-credential` for formats and cryptography, `eid-qr`
//! for QR codes) hold the pure logic. A newcomer finds any feature one hop from here:
//!
//! | use case | where |
//! |---|---|
//! | create, unlock, lock (and auto-lock when idle), change PIN, reset | [`citizen::Wallet`] |
//! | the home screen's state, document cards, a document's revocation state | [`citizen::Wallet::status`], [`citizen::Wallet::document_cards`], [`citizen::Wallet::document_revocation`] |
//! | list and show documents, add an issued document | [`citizen::Wallet::documents`], [`citizen::Wallet::add_document`] |
//! | present chosen fields as a QR (text and SVG) | [`citizen::Wallet::present`], [`citizen::Presentation::svg`] |
//! | activity log, export it | [`citizen::Wallet::activity`], [`citizen::Wallet::export_activity`] |
//! | back up, restore on a new device | [`citizen::Wallet::backup`], [`citizen::Wallet::restore`] |
//! | register with the portal, verify the code, ask for level 2 | [`citizen::Wallet::register`], [`citizen::Wallet::verify_code`] (in [`moves`]), [`citizen::Wallet::request_level2`] |
//! | move the account to this phone, or cancel a move to another one | [`moves`]: [`citizen::Wallet::verify_code`], [`citizen::Wallet::sync`] follows it, [`citizen::Wallet::cancel_move`] |
//! | check a form, keep drafts, delete one | [`citizen::Wallet::check_form`], [`citizen::Wallet::save_draft`], [`citizen::Wallet::open_drafts`], [`citizen::Wallet::delete_draft`] |
//! | apply (offline draft + outbox), see submissions and applications | [`citizen::Wallet::apply`], [`citizen::Wallet::submissions`], [`citizen::Wallet::outbox`], [`citizen::Wallet::applications`] |
//! | sync: send the outbox exactly once, pull trust lists, documents, states | [`citizen::Wallet::sync`] |
//! | scan a service's request and share with consent | [`citizen::Wallet::read_share_request`], [`citizen::Wallet::share`] |
//! | verify a QR at a counter (text, image file, camera frame) | [`counter::Counter`] |
//! | download the portal's trust bundle for a counter | [`portal::fetch_trust_bundle`] |
//! | read the QR codes in an image or a camera frame | [`scan::scan_image`], [`scan::scan_gray_frame`] |
//! | write a reproducible sample (trust list, document, presentation) | [`sample::make_sample`] |
//! | parse the printed citizen-ID card QR to pre-fill forms | [`idcard::read_id_card_qr`] |
//!
//! Errors carry stable codes ([`WalletError::code`]) that the UI translates.

pub mod citizen;
pub mod clock;
pub mod counter;
pub mod error;
pub mod home;
pub mod idcard;
pub mod moves;
pub mod portal;
pub mod report;
pub mod sample;
pub mod scan;
pub mod timefmt;

pub use citizen::Wallet;
pub use clock::{Clock, FixedClock, SystemClock};
pub use counter::Counter;
pub use error::WalletError;
pub use report::Report;
