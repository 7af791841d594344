//! The result of a check at the counter, as shown on screen and printed by `eid verify`. Its
//! JSON form is a contract (see docs/cli.md).

use crate::timefmt::to_rfc3339;
use eid_credential::verify::Revocation;
use eid_credential::{FieldValue, Rejection, UnixTime, Verified};
use serde::Serialize;
use std::collections::BTreeMap;

/// Who signed the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuerReport {
    /// The issuer key id, in hex.
    pub kid: String,
    /// The issuer's name from the trust list.
    pub name: String,
}

/// What the revocation check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevocationReport {
    /// Whether a status list for this issuer was available.
    pub checked: bool,
    /// When that status list was signed.
    pub list_issued_at: Option<String>,
    /// Its age in seconds at the time of the check.
    pub list_age_seconds: Option<u64>,
}

/// One verification result: green (valid) or red (with a reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Whether the presentation is valid.
    pub valid: bool,
    /// The stable reason code when it is not (see `eid_credential::Reason`).
    pub reason: Option<&'static str>,
    /// A technical detail for the reason (never a field value).
    pub detail: Option<String>,
    /// The document type, e.g. `health_insurance`.
    pub doc_type: Option<&'static str>,
    /// The issuer.
    pub issuer: Option<IssuerReport>,
    /// The disclosed fields by name.
    pub fields: BTreeMap<&'static str, FieldValue>,
    /// When the holder made the presentation.
    pub presented_at: Option<String>,
    /// When the document was issued.
    pub issued_at: Option<String>,
    /// When the document expires.
    pub expires_at: Option<String>,
    /// The time the check was made for.
    pub verified_at: String,
    /// The revocation check.
    pub revocation: Option<RevocationReport>,
    /// The key id of the root key the trust list is signed with.
    pub trust_anchor: Option<String>,
}

impl Report {
    /// A green report.
    pub fn valid(v: &Verified, at: UnixTime, anchor: Option<String>) -> Self {
        let revocation = match v.revocation {
            Revocation::Checked { list_issued_at } => RevocationReport {
                checked: true,
                list_issued_at: Some(to_rfc3339(list_issued_at)),
                list_age_seconds: Some(at.saturating_sub(list_issued_at)),
            },
            Revocation::NotChecked => RevocationReport {
                checked: false,
                list_issued_at: None,
                list_age_seconds: None,
            },
        };
        Report {
            valid: true,
            reason: None,
            detail: None,
            doc_type: Some(v.doc_type.name()),
            issuer: Some(IssuerReport {
                kid: v.issuer_kid.to_hex(),
                name: v.issuer_name.clone(),
            }),
            fields: v
                .fields
                .iter()
                .map(|(spec, value)| (spec.name, value.clone()))
                .collect(),
            presented_at: Some(to_rfc3339(v.presented_at)),
            issued_at: Some(to_rfc3339(v.issued_at)),
            expires_at: Some(to_rfc3339(v.expires_at)),
            verified_at: to_rfc3339(at),
            revocation: Some(revocation),
            trust_anchor: anchor,
        }
    }

    /// A red report.
    pub fn invalid(r: &Rejection, at: UnixTime, anchor: Option<String>) -> Self {
        Report {
            valid: false,
            reason: Some(r.reason.code()),
            detail: Some(r.detail.clone()),
            doc_type: None,
            issuer: None,
            fields: BTreeMap::new(),
            presented_at: None,
            issued_at: None,
            expires_at: None,
            verified_at: to_rfc3339(at),
            revocation: None,
            trust_anchor: anchor,
        }
    }
}
