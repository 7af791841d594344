//! Reading and writing the wallet's records in an open [`crate::db::Db`], one file per kind of
//! record.

mod account;
mod activity;
mod documents;
mod drafts;
mod trust;

pub use account::{Account, DeviceKey};
pub use activity::{is_code, Action, Activity};
pub use documents::{DocumentRow, StoredDocument};
pub use drafts::Draft;
