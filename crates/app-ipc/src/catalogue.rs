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

fn unique(mut v: Vec<&'static str>) -> Vec<&'static str> {
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|c| seen.insert(*c));
    v
}

/// The whole catalogue.
pub fn catalogue() -> Catalogue {
    use eid_wallet::{DocType, Reason};
    let doc_types = DocType::ALL.iter().map(|t| t.name()).collect();
    let field_names = unique(
        DocType::ALL
            .iter()
            .flat_map(|t| t.fields().iter().map(|f| f.name))
            .collect(),
    );
    let error_codes = unique(
        eid_wallet::WalletError::all_codes()
            .into_iter()
            .chain(crate::error::APP_ERROR_CODES)
            .collect(),
    );
    Catalogue {
        doc_types,
        field_names,
        error_codes,
        verify_reasons: Reason::ALL.iter().map(|r| r.code()).collect(),
        field_error_codes: <eid_wallet::FieldCode as strum::VariantArray>::VARIANTS
            .iter()
            .map(|c| c.as_str())
            .collect(),
        submission_states: eid_wallet::SubmissionState::ALL
            .iter()
            .map(|s| s.code())
            .collect(),
        application_kinds: <eid_wallet::ApplicationKind as strum::VariantArray>::VARIANTS
            .iter()
            .map(|k| k.into())
            .collect(),
        activity_actions: eid_wallet::ActivityAction::ALL
            .iter()
            .map(|a| a.code())
            .collect(),
    }
}
