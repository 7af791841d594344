//! The one error shape every command rejects with: a stable code the UI translates, the
//! English message for logs and tests, and the details some codes carry.

use eid_wallet::WalletError;
use serde::Serialize;
use ts_rs::TS;

/// A field of a form that needs fixing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldProblem {
    /// The field's path, e.g. `host.id_number`.
    pub field: String,
    /// A stable code, e.g. `required`.
    pub code: String,
}

impl From<&eid_wallet::FieldError> for FieldProblem {
    fn from(e: &eid_wallet::FieldError) -> Self {
        FieldProblem {
            field: e.field.clone(),
            code: e.code.clone(),
        }
    }
}

/// Why a command failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    /// The stable code (see the catalogue's `error_codes`).
    pub code: String,
    /// An English sentence for logs; the UI shows its own translation of `code`.
    pub message: String,
    /// Seconds to wait (`pin_throttled`).
    #[ts(type = "number | null")]
    pub wait_seconds: Option<u64>,
    /// Tries left (`wrong_pin`).
    pub remaining: Option<u32>,
    /// The fields to fix (`invalid_fields`).
    pub fields: Vec<FieldProblem>,
}

impl IpcError {
    /// An error of the app shell itself (not the facade's), e.g. `bad_frame`.
    pub fn app(code: &'static str, message: impl Into<String>) -> Self {
        IpcError {
            code: code.to_owned(),
            message: message.into(),
            wait_seconds: None,
            remaining: None,
            fields: Vec::new(),
        }
    }
}

/// The codes the app shell adds to the facade's: a camera frame whose size does not match its
/// pixels, and a failure of the shell itself.
pub const APP_ERROR_CODES: [&str; 2] = ["bad_frame", "internal_error"];

impl From<WalletError> for IpcError {
    fn from(e: WalletError) -> Self {
        IpcError {
            code: e.code().to_owned(),
            message: e.to_string(),
            wait_seconds: e.wait_seconds(),
            remaining: e.remaining(),
            fields: e.fields().iter().map(FieldProblem::from).collect(),
        }
    }
}
