//! A typed, blocking HTTP client of the eID portal (`eid-portal`), built on the wire types of
//! `eid-portal-api`, and the pure retry policy of the wallet's outbox ([`outbox`]).
//!
//! Every call returns the portal's typed answer or a [`ClientError`]: [`ClientError::Network`]
//! when the outcome is unknown (retry), [`ClientError::Api`] for the portal's error body, and
//! [`ClientError::Unexpected`] for anything else. [`ClientError::code`] is stable.

mod citizen;
mod client;
pub mod error;
mod officer;
pub mod outbox;
mod service;

pub use citizen::{TrustAnswer, Verified};
pub use client::PortalClient;
pub use eid_portal_api::account::login_message;
pub use error::ClientError;
