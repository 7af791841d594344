//! The result of a check at the counter, as shown on screen and printed by `eid verify`. Its
//! JSON form is a contract (see docs/cli.md).

use crate::timefmt::to_rfc3339;
use eid_credential::printed::VerifiedCard;
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

impl RevocationReport {
    /// What a revocation check found, seen at `at`.
    fn of(revocation: Revocation, at: UnixTime) -> Self {
        match revocation {
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
        }
    }
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
    /// What ties the document to the person showing it, when valid: `device` (shown from the
    /// holder's phone, signed by its key) or `printed_card` (a printed card, bound to no phone:
    /// only the photo ties it to the person).
    pub binding: Option<&'static str>,
    /// Whether the disclosed fields include a portrait to compare with the face. A valid report
    /// without one says so to the clerk.
    pub has_portrait: bool,
}

/// Whether disclosed fields carry the counter portrait.
fn carries_portrait<'a>(mut names: impl Iterator<Item = &'a str>) -> bool {
    names.any(|n| n == "counter_portrait")
}

impl Report {
    /// A green report.
    pub fn valid(v: &Verified, at: UnixTime, anchor: Option<String>) -> Self {
        let revocation = RevocationReport::of(v.revocation, at);
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
            binding: Some("device"),
            has_portrait: carries_portrait(v.fields.iter().map(|(s, _)| s.name)),
        }
    }

    /// A green report for a printed card: no presentation time (a card is shown again and
    /// again), bound to no phone.
    pub fn valid_printed(card: &VerifiedCard, at: UnixTime, anchor: Option<String>) -> Self {
        Report {
            valid: true,
            reason: None,
            detail: None,
            doc_type: Some(card.doc_type.name()),
            issuer: Some(IssuerReport {
                kid: card.issuer_kid.to_hex(),
                name: card.issuer_name.clone(),
            }),
            fields: card
                .fields
                .iter()
                .map(|(spec, value)| (spec.name, value.clone()))
                .collect(),
            presented_at: None,
            issued_at: Some(to_rfc3339(card.issued_at)),
            expires_at: Some(to_rfc3339(card.expires_at)),
            verified_at: to_rfc3339(at),
            revocation: Some(RevocationReport::of(card.revocation, at)),
            trust_anchor: anchor,
            binding: Some("printed_card"),
            has_portrait: card.has_portrait,
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
            binding: None,
            has_portrait: false,
        }
    }
}
