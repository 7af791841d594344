//! The wallet's encrypted store.
//!
//! - [`db::Db`]: a SQLCipher database opened with a random 32-byte raw key, WAL mode, schema
//!   migrations, and the tables the wallet keeps (account, device key, documents, drafts, outbox,
//!   cached trust lists, activity log).
//! - [`outbox`]: submissions waiting for the portal, the applications it accepted and the feed
//!   cursor.
//! - [`vault`]: where that raw key lives: wrapped (AES-256-GCM) under a key derived with
//!   Argon2id from the citizen's PIN *and* a secret held by the OS keystore ([`keystore`]), in a
//!   small key file beside the database that also carries the PIN throttle ([`throttle`]).
//! - [`backup`]: an encrypted, authenticated, versioned backup file under a recovery passphrase.
//!
//! Time and randomness are parameters; the keystore is a trait object, so tests are exact.

pub mod backup;
pub mod db;
pub mod error;
pub mod kdf;
pub mod keyfile;
pub mod keystore;
pub mod outbox;
pub mod records;
pub mod recovery;
pub mod revocation;
pub mod seal;
pub mod throttle;
pub mod vault;

pub use db::Db;
pub use error::StoreError;
pub use keystore::Keystore;
