//! The revocation code: what the citizen types on the portal's public `/lost-phone` page to
//! block this phone if it is lost or stolen. The wallet makes it at the first sync after its
//! account exists (and again on a new phone), registers only its hash with the portal, keeps it
//! sealed in the encrypted database, and shows it on request (`eid wallet revocation-code`).

use crate::error::WalletError;
use crate::wallet::Wallet;
use eid_portal_api::revocation::{code_from_random, code_hash, normalize};
use eid_portal_client::PortalClient;
use eid_store::revocation::RevocationCode;
use rand_core::RngCore;

impl Wallet {
    /// The revocation code to write down (`K7QM-3PXA-9TBD-W2FH`), once the portal has its hash;
    /// `None` before the first sync after registration.
    pub fn revocation_code(&mut self) -> Result<Option<String>, WalletError> {
        Ok(self.current_revocation_code()?.map(|c| c.code.to_string()))
    }

    /// The stored code when the portal has its hash and it was made for this device.
    fn current_revocation_code(&mut self) -> Result<Option<RevocationCode>, WalletError> {
        let device = self.db()?.device_key()?.map(|k| k.public);
        Ok(self
            .db()?
            .revocation_code()?
            .filter(|c| c.registered && Some(&c.device) == device.as_ref()))
    }

    /// The code once, at the end of onboarding: the first call after the portal has its hash
    /// returns it, every later one `None` (Settings shows it again after the PIN).
    pub fn revocation_code_once(&mut self) -> Result<Option<String>, WalletError> {
        let Some(code) = self.current_revocation_code()?.filter(|c| !c.shown) else {
            return Ok(None);
        };
        self.db()?.set_revocation_code_shown()?;
        Ok(Some(code.code.to_string()))
    }

    /// [`Wallet::revocation_code`] after checking the PIN again (the app shows the code on the
    /// backup screen only to whoever knows the PIN; a wrong PIN counts as a try).
    pub fn revocation_code_with_pin(&mut self, pin: &str) -> Result<Option<String>, WalletError> {
        let now = self.clock.now();
        self.db()?;
        self.vault().verify_pin(pin, now)?;
        self.revocation_code()
    }

    /// Makes a code for this device when it has none (or one made for another device), and
    /// registers its hash with the portal once (`POST /v1/account/revocation-code`).
    pub(crate) fn register_revocation_code(
        &mut self,
        client: &mut PortalClient,
    ) -> Result<(), WalletError> {
        let Some(account) = self.db()?.portal_account_id()? else {
            return Ok(());
        };
        let Some(device) = self.db()?.device_key()?.map(|k| k.public) else {
            return Ok(());
        };
        let stored = self.db()?.revocation_code()?;
        let code = match stored {
            Some(c) if c.device == device && c.registered => return Ok(()),
            Some(c) if c.device == device => c.code.to_string(),
            _ => {
                let mut bytes = [0u8; 10];
                self.rng.fill_bytes(&mut bytes);
                let code = code_from_random(bytes);
                let now = self.clock.now();
                self.db()?; // locks first when the wallet sat idle too long
                let session = self.session.as_mut().ok_or(WalletError::Locked)?;
                session
                    .db
                    .put_revocation_code(&code, &device, now, &mut self.rng)?;
                code
            }
        };
        let plain = normalize(&code).ok_or(WalletError::NotFound("revocation code"))?;
        client.set_revocation_code(&code_hash(&account, &plain))?;
        self.db()?.set_revocation_code_registered()?;
        Ok(())
    }
}
