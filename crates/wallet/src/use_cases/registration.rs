//! Register with the portal (level 1), sign in with the device key, ask for level 2, and keep
//! the account's state for the home screen.

use crate::error::WalletError;
use crate::wallet::Wallet;
use eid_portal_api::account::{AccountView, RegisterRequest};
use eid_portal_client::PortalClient;
use eid_store::records::Account;

/// What a level-1 registration needs (the device key is added by the wallet).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Registration {
    /// 12 digits.
    pub id_number: String,
    /// 10–11 digits.
    pub phone: String,
    /// As on the ID card.
    pub full_name: String,
    /// YYYY-MM-DD.
    pub date_of_birth: String,
}

impl Wallet {
    /// Starts a level-1 registration (or, for an existing account with the same phone, moving
    /// it to this device after a restore); returns the registration id the code belongs to.
    pub fn register(
        &mut self,
        client: &PortalClient,
        who: &Registration,
    ) -> Result<String, WalletError> {
        let device_public_key = hex::encode(self.device_public_key()?);
        let now = self.clock.now();
        self.db()?.put_account(
            &Account {
                level: 1,
                id_number: who.id_number.clone(),
                phone: who.phone.clone(),
                full_name: who.full_name.clone(),
            },
            now,
        )?;
        let text = eid_credential::text::normalize;
        let answer = client.register(&RegisterRequest {
            id_number: text(&who.id_number),
            phone: text(&who.phone),
            full_name: text(&who.full_name),
            date_of_birth: text(&who.date_of_birth),
            device_public_key,
        })?;
        Ok(answer.registration_id)
    }

    /// Signs in to the portal with the device key.
    pub fn login(&mut self, client: &mut PortalClient) -> Result<(), WalletError> {
        let account_id = self
            .db()?
            .portal_account_id()?
            .ok_or(WalletError::NotRegistered)?;
        let key = self.device_key()?;
        client.login(&account_id, &key)?;
        Ok(())
    }

    /// Ends the portal session (the portal forgets it; offline, it expires by itself).
    pub fn sign_out(&mut self, client: &mut PortalClient) -> Result<(), WalletError> {
        Ok(client.sign_out()?)
    }

    pub(crate) fn ensure_login(&mut self, client: &mut PortalClient) -> Result<(), WalletError> {
        if client.token().is_none() {
            self.login(client)?;
        }
        Ok(())
    }

    /// Asks for level 2; the citizen then goes to an office for the in-person check.
    pub fn request_level2(
        &mut self,
        client: &mut PortalClient,
    ) -> Result<AccountView, WalletError> {
        self.ensure_login(client)?;
        let account = client.request_upgrade()?;
        self.remember_account(&account)?;
        Ok(account)
    }

    /// Keeps the account's level, level-2 state and any move waiting to take it elsewhere, for
    /// the home screen.
    pub(crate) fn remember_account(&mut self, account: &AccountView) -> Result<(), WalletError> {
        let now = self.clock.now();
        let db = self.db()?;
        db.set_account_level(account.level, now)?;
        db.set_outgoing_move_at(account.pending_move.as_ref().map(|m| m.moves_at))?;
        if let Some(state) = account.upgrade {
            db.set_upgrade_state(&crate::use_cases::status::code_of(&state))?;
        }
        Ok(())
    }
}
