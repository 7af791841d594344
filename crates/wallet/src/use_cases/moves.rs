//! The use cases of moving an account between devices: verifying the one-time code (which
//! creates the account, or moves it here at once, or starts a wait), following a waiting move
//! on the new device, cancelling one from the current device, and registering the recovery key
//! that lets a restored backup move a level-2 account at once (docs/api/README.md, "A new
//! phone").

use crate::error::WalletError;
use crate::wallet::Wallet;
use eid_credential::{Signer, SoftwareKey};
use eid_portal_api::account::{recovery_message, AccountView, MoveState};
use eid_portal_client::{PortalClient, Verified};
use serde::Serialize;

/// What proving the phone did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum CodeVerified {
    /// The account is on this device and signed in (new, or moved at once).
    Registered {
        /// The account.
        account: AccountView,
    },
    /// A level-2 account moves here at this time (Unix seconds), unless its current device
    /// cancels; an officer's in-person check can move it sooner.
    MoveWaiting {
        /// When.
        moves_at: u64,
    },
}

impl Wallet {
    /// Proves the phone with the one-time code of `registration_id`. With a recovery key the
    /// portal knows (a restored backup), the wallet signs the move with it. Then either the
    /// wallet is registered and signed in, or it waits for the account (see
    /// [`Wallet::sync`], which follows the move).
    pub fn verify_code(
        &mut self,
        client: &mut PortalClient,
        registration_id: &str,
        code: &str,
    ) -> Result<CodeVerified, WalletError> {
        let proof = self.recovery_proof(registration_id)?;
        match client.verify_code(registration_id, code, proof)? {
            Verified::Account(account) => {
                let db = self.db()?;
                db.set_portal_account_id(&account.account_id)?;
                db.set_incoming_move(None)?;
                self.remember_account(&account)?;
                self.login(client)?;
                self.register_recovery_key(client)?;
                Ok(CodeVerified::Registered { account })
            }
            Verified::MoveWaiting(waiting) => {
                self.db()?
                    .set_incoming_move(Some((&waiting.registration_id, waiting.moves_at)))?;
                Ok(CodeVerified::MoveWaiting {
                    moves_at: waiting.moves_at,
                })
            }
        }
    }

    /// The recovery key's signature of this move, when the wallet has a key the portal knows.
    fn recovery_proof(&mut self, registration_id: &str) -> Result<Option<String>, WalletError> {
        let device = hex::encode(self.device_public_key()?);
        let Some(key) = self.db()?.recovery_key()? else {
            return Ok(None);
        };
        if !key.registered {
            return Ok(None);
        }
        let signer = SoftwareKey::from_secret_bytes(&key.private)
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        let signature = signer
            .sign(recovery_message(registration_id, &device).as_bytes())
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        Ok(Some(hex::encode(signature)))
    }

    /// On a device waiting for its account: asks the portal how the move stands. Returns when
    /// it will happen while it still waits; `None` when there is no move or it just completed
    /// (the wallet is then registered and signed in). A cancelled or refused move is forgotten
    /// and said as `move_cancelled`.
    pub(crate) fn follow_move(
        &mut self,
        client: &mut PortalClient,
    ) -> Result<Option<u64>, WalletError> {
        let Some((id, _)) = self.db()?.incoming_move()? else {
            return Ok(None);
        };
        let status = client.move_status(&id)?;
        match status.state {
            MoveState::Waiting => {
                self.db()?.set_incoming_move(Some((&id, status.moves_at)))?;
                Ok(Some(status.moves_at))
            }
            MoveState::Moved => {
                let db = self.db()?;
                db.set_portal_account_id(&status.account_id)?;
                db.set_incoming_move(None)?;
                self.login(client)?;
                Ok(None)
            }
            MoveState::Cancelled | MoveState::Rejected => {
                self.db()?.set_incoming_move(None)?;
                Err(WalletError::MoveCancelled)
            }
        }
    }

    /// From the account's current device: cancels every move of the account waiting to take it
    /// to another device (one the citizen did not ask for).
    pub fn cancel_move(&mut self, client: &mut PortalClient) -> Result<(), WalletError> {
        self.ensure_login(client)?;
        let account = client.cancel_moves()?;
        self.remember_account(&account)
    }

    /// Registers the wallet's recovery key with the portal once (so a backup of this wallet
    /// can move the account at once); a wallet without one has nothing to do.
    pub(crate) fn register_recovery_key(
        &mut self,
        client: &mut PortalClient,
    ) -> Result<(), WalletError> {
        let Some(key) = self.db()?.recovery_key()? else {
            return Ok(());
        };
        if key.registered {
            return Ok(());
        }
        client.set_recovery_key(&hex::encode(&key.public))?;
        self.db()?.set_recovery_key_registered()?;
        Ok(())
    }
}
