//! What this device is for, asked at the first start: carrying the citizen's own documents
//! (the wallet) or checking other people's at a counter (the station). The choice is kept in
//! the station's folder. A station may become a citizen's device at any time (its pinned trust
//! and its log stay in its folder); a device becomes a station only while it holds no wallet,
//! so a citizen's documents never sit on a shared counter PC.

use crate::error::WalletError;
use crate::station::CounterStation;
use serde::{Deserialize, Serialize};

/// The file holding the choice.
pub const ROLE_FILE: &str = "role.json";

/// What a device is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// "I carry my documents": the citizen's wallet.
    Citizen,
    /// "I check documents": a counter station, with no wallet and no PIN.
    Station,
}

#[derive(Serialize, Deserialize)]
struct RoleFile {
    role: Role,
}

impl CounterStation {
    /// What this device is for: as chosen, or the citizen's once a wallet exists on it
    /// (`wallet_exists`, from [`crate::Wallet::exists`]; wallets from before the choice was
    /// asked are citizens'). `None` until chosen on a device without a wallet.
    pub fn role(&self, wallet_exists: bool) -> Option<Role> {
        match self.read_json::<RoleFile>(ROLE_FILE).map(|f| f.role) {
            Some(Role::Station) if !wallet_exists => Some(Role::Station),
            _ if wallet_exists => Some(Role::Citizen),
            chosen => chosen,
        }
    }

    /// Remembers what this device is for. Becoming a station is refused while the device holds
    /// a citizen's wallet ([`WalletError::HoldsWallet`]).
    pub fn choose_role(&mut self, role: Role, wallet_exists: bool) -> Result<Role, WalletError> {
        if role == Role::Station && wallet_exists {
            return Err(WalletError::HoldsWallet);
        }
        self.write_json(ROLE_FILE, &RoleFile { role })?;
        Ok(role)
    }
}
