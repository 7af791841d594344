//! Change the PIN.

use crate::error::WalletError;
use crate::wallet::{vault_of, Wallet};

impl Wallet {
    /// Replaces the PIN (the database is not re-encrypted; wrong old PINs are throttled).
    pub fn change_pin(&mut self, old: &str, new: &str) -> Result<(), WalletError> {
        let now = self.clock.now();
        vault_of(&self.folder, &*self.keystore, self.pin_kdf).change_pin(
            old,
            new,
            now,
            &mut self.rng,
        )?;
        Ok(())
    }
}
