//! # eID Wallet: the facade
//!
//! Every use case of the wallet, in one place. The Tauri app and the `eid` command line call
//! only this crate; the crates below it (`eid-credential` for formats and cryptography, `eid-qr`
//! for QR codes, `eid-store` for the encrypted store, `eid-portal-client` for the portal) hold
//! the parts. Each use case is an `impl` block of [`Wallet`] in its own file under
//! [`use_cases`]; a newcomer finds any feature one hop from here:
//!
//! | use case | file | methods |
//! |---|---|---|
//! | create, unlock, lock, wipe; the keystore | [`use_cases::lifecycle`] | [`Wallet::create`], [`Wallet::unlock`], [`Wallet::lock`], [`Wallet::is_unlocked`], [`Wallet::exists`], [`Wallet::reset`], [`Wallet::reset_needs_pin`], [`Wallet::keystore_info`] |
//! | change the PIN | [`use_cases::pin`] | [`Wallet::change_pin`] |
//! | the wallet's state for the app's start and home screen | [`use_cases::status`] | [`Wallet::status`] |
//! | settings (language, text size, auto-lock) | [`use_cases::settings`] | [`Wallet::settings`], [`Wallet::save_settings`] |
//! | documents: list, show, cards, revocation, add one | [`use_cases::documents`] | [`Wallet::documents`], [`Wallet::document`], [`Wallet::document_details`], [`Wallet::document_cards`], [`Wallet::document_revocation`], [`Wallet::add_document`], [`Wallet::add_sample_document`], [`Wallet::device_public_key`] |
//! | present chosen fields as a QR | [`use_cases::present`] | [`Wallet::present`], [`Presentation::svg`], [`Presentation::png`] |
//! | counter mode on this device: verify and log | [`use_cases::counter`] | [`Wallet::verify_at_counter`], [`Wallet::verify_frame_at_counter`] |
//! | the activity log and its export | [`use_cases::activity`] | [`Wallet::activity`], [`Wallet::export_activity`], [`Wallet::save_activity`] |
//! | back up, restore on a new device | [`use_cases::backup`] | [`Wallet::backup`], [`Wallet::save_backup`], [`Wallet::restore`], [`Wallet::choose_backup`], [`Wallet::restore_chosen`] |
//! | register with the portal, sign in, ask for level 2 | [`use_cases::registration`] | [`Wallet::register`], [`Wallet::login`], [`Wallet::request_level2`] |
//! | prove the phone; move the account to this phone, or cancel a move away | [`use_cases::moves`] | [`Wallet::verify_code`], [`Wallet::cancel_move`] ([`Wallet::sync`] follows a waiting move) |
//! | the revocation code that blocks a lost phone on the portal's `/lost-phone` page | [`use_cases::revocation`] | [`Wallet::revocation_code`], [`Wallet::revocation_code_once`], [`Wallet::revocation_code_with_pin`] (made and registered by [`Wallet::sync`]) |
//! | drafts, kept offline; check a form | [`use_cases::drafts`] | [`Wallet::check_form`], [`Wallet::save_draft`], [`Wallet::drafts`], [`Wallet::delete_draft`] |
//! | apply offline, submit (apply and try to send) | [`use_cases::apply`] | [`Wallet::apply`], [`Wallet::submit`] |
//! | the outbox and the submissions | [`use_cases::outbox`] | [`Wallet::submissions`], [`Wallet::outbox`], [`Wallet::applications`], [`Wallet::send_outbox`], [`Wallet::retry_now`] |
//! | sync: send the outbox exactly once, pull trust lists, documents, states | [`use_cases::sync`] | [`Wallet::sync`], [`Wallet::trust_bundle`], [`fetch_trust_bundle`] |
//! | scan a service's request and share with consent | [`use_cases::share`] | [`Wallet::read_share_request`], [`Wallet::share`] |
//! | where exported files go and their names | [`use_cases::exports`] | [`Destination`] |
//!
//! The counter station, a shared PC at a counter with no citizen account, no wallet and no PIN
//! ([`CounterStation`], its folder described in [`station`]; each use case an
//! `impl CounterStation` block):
//!
//! | use case | file | methods |
//! |---|---|---|
//! | what this device is for: carrying documents or checking them | [`use_cases::station_role`] | [`CounterStation::role`], [`CounterStation::choose_role`] |
//! | trust: fetch, compare and pin the root, refresh, the revocation list's age | [`use_cases::station_trust`] | [`CounterStation::fetch_trust`], [`CounterStation::offer_trust`], [`CounterStation::pin_trust`], [`CounterStation::refresh_trust`], [`CounterStation::refresh_trust_with`], [`CounterStation::trust_status`] |
//! | check a QR (text, image, camera frame) and log it; the log | [`use_cases::station_check`] | [`CounterStation::verify`], [`CounterStation::verify_frame`], [`CounterStation::log`] |
//! | the station's settings (revocation list age limit) | [`use_cases::station_settings`] | [`CounterStation::settings`], [`CounterStation::save_settings`] |
//!
//! Without a wallet or a station:
//!
//! | use case | where |
//! |---|---|
//! | verify QR codes at a counter from a trust bundle file | [`Counter`] ([`counter`]) |
//! | read the QR codes in an image or a camera frame | [`scan::scan_image`], [`scan::scan_gray_frame`] |
//! | write a reproducible sample (trust list, document, presentation) | [`sample::make_sample`] |
//! | parse the printed citizen-ID card QR to pre-fill forms | [`idcard::read_id_card_qr`] |
//! | the scene presets (clinic, hotel, age check…) and their fields | [`presets::PRESETS`] |
//!
//! Errors carry stable codes ([`WalletError::code`]) that the UI translates, and what a host
//! shows beside them ([`WalletError::wait_seconds`], [`WalletError::remaining`],
//! [`WalletError::fields`]).

mod application_row;
pub mod clock;
pub mod counter;
pub mod error;
pub mod idcard;
pub mod presets;
pub mod report;
pub mod sample;
pub mod scan;
pub mod station;
#[cfg(feature = "test-support")]
pub mod test_support;
pub mod timefmt;
pub mod use_cases;
mod wallet;

pub use clock::{Clock, FixedClock, SystemClock};
pub use counter::Counter;
pub use error::WalletError;
pub use report::Report;
pub use station::{key_id_groups, CounterStation};
pub use use_cases::activity::{ActivityAction, ActivityEntry};
pub use use_cases::apply::Submitted;
pub use use_cases::backup::Restored;
pub use use_cases::counter::{CounterTrust, Scanned};
pub use use_cases::documents::{
    field_text, DocumentCard, DocumentDetails, DocumentSummary, DocumentView, RevocationView,
};
pub use use_cases::drafts::Draft;
pub use use_cases::exports::Destination;
pub use use_cases::moves::CodeVerified;
pub use use_cases::outbox::{OutboxEntry, Submission, SubmissionState};
pub use use_cases::present::Presentation;
pub use use_cases::registration::Registration;
pub use use_cases::settings::Settings;
pub use use_cases::share::ShareAsk;
pub use use_cases::station_check::StationLogEntry;
pub use use_cases::station_role::Role;
pub use use_cases::station_settings::StationSettings;
pub use use_cases::station_trust::{StationStatus, TrustOffer};
pub use use_cases::status::WalletStatus;
pub use use_cases::sync::{fetch_trust_bundle, fetch_trust_bundle_if_changed, SyncReport};
pub use wallet::{Wallet, WalletRng, DEFAULT_IDLE_TIMEOUT};

/// What hosts pass in and get back from the crates below, so they depend on this crate alone.
pub use eid_credential::{DocType, FieldValue, Reason};
pub use eid_portal_api::forms::{ApplicationForm, ApplicationKind};
pub use eid_portal_api::{ErrorCode, FieldCode, FieldError};
pub use eid_portal_client::PortalClient;
pub use eid_qr::render;
pub use eid_store::keystore::{KeyringKeystore, KeystoreChoice, KeystoreInfo};
pub use rand_core::OsRng;
