//! Every use case of the wallet, one file per job, each an `impl Wallet` block (see the table
//! in the crate's documentation).

pub mod activity;
pub mod apply;
pub mod backup;
pub mod counter;
pub mod documents;
pub mod drafts;
pub mod exports;
pub mod lifecycle;
pub mod moves;
pub mod outbox;
pub mod pin;
pub mod present;
pub mod registration;
pub mod settings;
pub mod share;
pub mod status;
pub mod sync;
