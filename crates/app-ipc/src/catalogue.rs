//! Every code the UI must translate, taken from the Rust types that produce them, written to
//! `ui/src/bindings/catalogue.json` beside the TypeScript types. The UI's i18n test fails when a
//! code here has no translation in either language.

use serde::Serialize;

/// The codes, by what they name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalogue {
    /// Document types.
    pub doc_types: Vec<&'static str>,
    /// Field names of every document type.
    pub field_names: Vec<&'static str>,
    /// Error codes a command can reject with.
    pub error_codes: Vec<&'static str>,
    /// Why a counter refuses a presentation.
    pub verify_reasons: Vec<&'static str>,
    /// Why a form field is refused.
    pub field_error_codes: Vec<&'static str>,
    /// A submission's states.
    pub submission_states: Vec<&'static str>,
    /// Application kinds.
    pub application_kinds: Vec<&'static str>,
    /// Activity log actions.
    pub activity_actions: Vec<&'static str>,
}

/// The store's error codes (`eid_store::StoreError::code`, backup errors included).
const STORE_CODES: [&str; 20] = [
    "wrong_pin",
    "pin_throttled",
    "locked_out",
    "bad_pin_format",
    "keystore_missing",
    "keystore_unavailable",
    "keystore_locked",
    "keystore_failed",
    "no_wallet",
    "wallet_exists",
    "corrupt",
    "db_error",
    "db_migration",
    "io_error",
    "backup_not_a_backup",
    "backup_unsupported_version",
    "backup_truncated",
    "backup_wrong_passphrase",
    "backup_bad_content",
    "backup_weak_passphrase",
];

/// The facade's own codes (`eid_wallet::WalletError::code`, without the store's and portal's).
const WALLET_CODES: [&str; 14] = [
    "bad_trust_list",
    "bad_image",
    "bad_id_card_qr",
    "sample_failed",
    "locked",
    "not_found",
    "bad_document",
    "needs_rebinding",
    "present_failed",
    "not_registered",
    "invalid_fields",
    "bad_share_request",
    "network",
    "move_cancelled",
];

/// The portal client's own codes (`eid_portal_client::ClientError::code` besides the API's).
const CLIENT_CODES: [&str; 3] = ["unexpected", "invalid_request", "signing_failed"];

/// Why a form or registration field is refused (`eid_portal_api::forms::validate`, the portal's
/// registration).
const FIELD_ERROR_CODES: [&str; 14] = [
    "required",
    "too_long",
    "bad_characters",
    "not_a_date",
    "before_start",
    "too_long_period",
    "in_the_past",
    "not_an_id_number",
    "out_of_range",
    "not_normalized",
    "not_a_phone",
    "not_a_key",
    "registry_mismatch",
    "phone_not_registered",
];

fn unique(mut v: Vec<&'static str>) -> Vec<&'static str> {
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|c| seen.insert(*c));
    v
}

/// The whole catalogue.
pub fn catalogue() -> Catalogue {
    use eid_credential::{DocType, Reason};
    let doc_types = DocType::ALL.iter().map(|t| t.name()).collect();
    let field_names = unique(
        DocType::ALL
            .iter()
            .flat_map(|t| t.fields().iter().map(|f| f.name))
            .collect(),
    );
    let error_codes = unique(
        STORE_CODES
            .iter()
            .chain(&WALLET_CODES)
            .chain(&CLIENT_CODES)
            .copied()
            .chain(eid_portal_api::ErrorCode::ALL.iter().map(|c| c.as_str()))
            .chain(crate::error::APP_ERROR_CODES)
            .collect(),
    );
    Catalogue {
        doc_types,
        field_names,
        error_codes,
        verify_reasons: Reason::ALL.iter().map(|r| r.code()).collect(),
        field_error_codes: FIELD_ERROR_CODES.to_vec(),
        submission_states: vec![
            "waiting",
            "refused",
            "submitted",
            "in_review",
            "approved",
            "rejected",
        ],
        application_kinds: vec![
            "temporary_residence",
            "temporary_absence",
            "residence_notification",
            "criminal_record",
        ],
        activity_actions: vec!["present", "share", "verify", "receive", "restore"],
    }
}
