//! Change the PIN.

use crate::error::WalletError;
use crate::wallet::Wallet;

impl Wallet {
    /// Replaces the PIN (the database is not re-encrypted; wrong old PINs are throttled).
    pub fn change_pin(&mut self, old: &str, new: &str) -> Result<(), WalletError> {
        let now = self.clock.now();
        let mut vault = eid_store::vault::Vault::new(&self.folder, &*self.keystore);
        vault.kdf = self.pin_kdf;
        vault.change_pin(old, new, now, &mut self.rng)?;
        Ok(())
    }
}
