//! Application drafts, kept offline: check a form by the portal's rules, save a draft, list the
//! drafts still open, delete one.

use crate::error::WalletError;
use crate::wallet::Wallet;
use eid_portal_api::forms::{self, ApplicationForm};
use eid_portal_api::FieldError;
use rand_core::RngCore;
use serde::Serialize;

/// A draft application the citizen can still edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Draft {
    /// The draft's id.
    pub id: String,
    /// The form's kind, e.g. `temporary_residence`.
    pub kind: String,
    /// The form as saved.
    pub form: ApplicationForm,
    /// Last edit (Unix seconds).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub updated_at: u64,
}

impl Wallet {
    /// Checks a form by the portal's rules, for the citizen to fix before submitting (empty
    /// when it can be submitted).
    pub fn check_form(&self, form: &ApplicationForm) -> Vec<FieldError> {
        forms::validate(
            &form.normalized(),
            crate::timefmt::date_of(self.clock.now()),
        )
        .err()
        .unwrap_or_default()
    }

    /// Saves a draft application (works offline; it need not be complete); returns its id.
    pub fn save_draft(
        &mut self,
        id: Option<&str>,
        form: &ApplicationForm,
    ) -> Result<String, WalletError> {
        let now = self.clock.now();
        let id = match id {
            Some(i) => i.to_owned(),
            None => {
                let mut b = [0u8; 8];
                self.rng.fill_bytes(&mut b);
                format!("draft-{}", hex::encode(b))
            }
        };
        let body =
            serde_json::to_string(form).map_err(|e| WalletError::BadDocument(e.to_string()))?;
        let draft = eid_store::records::Draft {
            id: id.clone(),
            kind: form.kind().to_owned(),
            body,
            updated_at: now,
        };
        self.db()?.put_draft(&draft)?;
        Ok(id)
    }

    /// Drafts the citizen can still edit: those not submitted (a submitted draft stays with
    /// its outbox entry until the portal accepts it), most recently edited first. A draft whose
    /// saved form this version cannot read is left out rather than hiding the others.
    pub fn drafts(&mut self) -> Result<Vec<Draft>, WalletError> {
        let db = self.db()?;
        let submitted: Vec<String> = db.outbox()?.into_iter().map(|o| o.draft_id).collect();
        Ok(db
            .drafts()?
            .into_iter()
            .filter(|d| !submitted.contains(&d.id))
            .filter_map(|d| {
                Some(Draft {
                    form: serde_json::from_str(&d.body).ok()?,
                    id: d.id,
                    kind: d.kind,
                    updated_at: d.updated_at,
                })
            })
            .collect())
    }

    /// Deletes a draft that was not submitted.
    pub fn delete_draft(&mut self, id: &str) -> Result<(), WalletError> {
        if self.db()?.delete_draft(id)? {
            Ok(())
        } else {
            Err(WalletError::NotFound("draft"))
        }
    }
}
