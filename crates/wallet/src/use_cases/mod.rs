//! Every use case of the wallet, one file per job, each an `impl Wallet` block, and of the
//! counter station, each an `impl CounterStation` block in a `station_*` file (see the tables
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
pub mod revocation;
pub mod settings;
pub mod share;
pub mod station_check;
pub mod station_role;
pub mod station_settings;
pub mod station_trust;
pub mod status;
pub mod sync;
