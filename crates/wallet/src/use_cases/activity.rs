//! The activity log (names, never values): read it, and export it for the citizen to keep.

use crate::error::WalletError;
use crate::use_cases::exports::Destination;
use crate::wallet::Wallet;
use serde::Serialize;
use std::path::PathBuf;

/// What an activity entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ActivityAction {
    /// The citizen showed a presentation QR.
    Present,
    /// The citizen shared fields with a service.
    Share,
    /// This device verified someone's QR (counter mode).
    Verify,
    /// A document was received or re-issued.
    Receive,
    /// The wallet was restored from a backup.
    Restore,
    /// Someone looked at the citizen's data on the portal ("who looked at my data"): `result`
    /// says what (`opened_upgrade`, `opened_application`, `looked_up_account`,
    /// `received_share`), `counterpart` the service's name or `officer`, `doc_type` the
    /// application kind or document type.
    Accessed,
}

impl ActivityAction {
    /// Every action, for the UI's catalogue.
    pub const ALL: [ActivityAction; 6] = [
        ActivityAction::Present,
        ActivityAction::Share,
        ActivityAction::Verify,
        ActivityAction::Receive,
        ActivityAction::Restore,
        ActivityAction::Accessed,
    ];

    /// The stable code, e.g. `present`.
    pub fn code(self) -> &'static str {
        match self {
            ActivityAction::Present => "present",
            ActivityAction::Share => "share",
            ActivityAction::Verify => "verify",
            ActivityAction::Receive => "receive",
            ActivityAction::Restore => "restore",
            ActivityAction::Accessed => "accessed",
        }
    }

    fn of(action: eid_store::records::Action) -> Self {
        use eid_store::records::Action;
        match action {
            Action::Present => ActivityAction::Present,
            Action::Share => ActivityAction::Share,
            Action::Verify => ActivityAction::Verify,
            Action::Receive => ActivityAction::Receive,
            Action::Restore => ActivityAction::Restore,
            Action::Accessed => ActivityAction::Accessed,
        }
    }
}

/// One entry of the activity log: names, never values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActivityEntry {
    /// Unix seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at: u64,
    /// What happened.
    pub action: ActivityAction,
    /// The document type code, when one was involved.
    pub doc_type: Option<String>,
    /// The field *names* involved.
    pub fields: Vec<String>,
    /// Who was on the other side (a service's name, "counter"), when known.
    pub counterpart: Option<String>,
    /// `ok` or a reason code.
    pub result: String,
}

impl From<eid_store::records::Activity> for ActivityEntry {
    fn from(a: eid_store::records::Activity) -> Self {
        ActivityEntry {
            at: a.at,
            action: ActivityAction::of(a.action),
            doc_type: a.doc_type,
            fields: a.fields,
            counterpart: a.counterpart,
            result: a.result,
        }
    }
}

impl Wallet {
    /// The activity log, newest first, at most `limit` entries.
    pub fn activity(&mut self, limit: usize) -> Result<Vec<ActivityEntry>, WalletError> {
        Ok(self
            .db()?
            .activity(limit)?
            .into_iter()
            .map(ActivityEntry::from)
            .collect())
    }

    /// The whole activity log as JSON (for the citizen to keep or send).
    pub fn export_activity(&mut self) -> Result<String, WalletError> {
        let all = self.activity(usize::MAX >> 1)?;
        serde_json::to_string_pretty(&all).map_err(|e| WalletError::BadDocument(e.to_string()))
    }

    /// Writes the whole activity log as JSON to `to` (a folder gets a file named with the
    /// time, e.g. `activity-2026-12-01T08-30-00Z.json`); returns the file written.
    pub fn save_activity(&mut self, to: Destination<'_>) -> Result<PathBuf, WalletError> {
        let json = self.export_activity()?;
        let path = to.file("activity", "json", self.clock.now());
        crate::use_cases::exports::write(&path, json.as_bytes())?;
        Ok(path)
    }
}
