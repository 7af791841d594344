//! The wallet's state, as the app's start and its home screen need it: whether a wallet exists
//! and is unlocked, the account, the documents held, the last sync, the keystore, moves.

use crate::error::WalletError;
use crate::wallet::Wallet;
use serde::Serialize;

/// The wallet's state, as the home screen and the app's start need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalletStatus {
    /// A wallet exists in the home folder.
    pub exists: bool,
    /// It is unlocked now.
    pub unlocked: bool,
    /// It is registered with the portal (level 1 at least).
    pub registered: bool,
    /// The account level, when registered.
    pub level: Option<u8>,
    /// The level-2 request's state as last seen: `requested`, `approved` or `rejected`.
    pub upgrade_state: Option<String>,
    /// How many documents it holds.
    pub document_count: usize,
    /// When the last complete sync finished (Unix seconds).
    pub last_sync_at: Option<u64>,
    /// The keystore holding the wallet's key; when it does not survive a reboot, the app asks
    /// for a backup.
    pub keystore: eid_store::keystore::KeystoreInfo,
    /// This device waits for its account to move here until then (Unix seconds).
    pub incoming_move_at: Option<u64>,
    /// Another device asked for this account: it moves there then unless cancelled here.
    pub outgoing_move_at: Option<u64>,
}

/// The code a value serializes to, e.g. `in_review` for an application's state; empty for a
/// value that is not a plain code.
pub fn code_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

impl Wallet {
    /// The wallet's state. Works locked: then only `exists` is filled in.
    pub fn status(&mut self) -> Result<WalletStatus, WalletError> {
        let exists = self.exists();
        if !self.is_unlocked() {
            return Ok(WalletStatus {
                exists,
                unlocked: false,
                registered: false,
                level: None,
                upgrade_state: None,
                document_count: 0,
                last_sync_at: None,
                keystore: self.keystore_info(),
                incoming_move_at: None,
                outgoing_move_at: None,
            });
        }
        let keystore = self.keystore_info();
        let db = self.db()?;
        Ok(WalletStatus {
            keystore,
            exists,
            unlocked: true,
            registered: db.portal_account_id()?.is_some(),
            level: db.account()?.map(|a| a.level),
            upgrade_state: db.upgrade_state()?,
            document_count: db.documents()?.len(),
            last_sync_at: db.last_sync_at()?,
            incoming_move_at: db.incoming_move()?.map(|(_, at)| at),
            outgoing_move_at: db.outgoing_move_at()?,
        })
    }
}
