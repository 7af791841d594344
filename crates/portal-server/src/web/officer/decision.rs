//! The approve and reject forms of a level-2 request and of an application, and reading what
//! was posted: one markup and one rule for both.

use super::OfficerPage;
use crate::web::form::Form;
use crate::web::page::PageError;
use axum::http::StatusCode;
use eid_portal_api::applications::DecisionRequest;
use maud::{html, Markup};

/// The two forms, posting to `action`; `approve_hint` says what approving does.
pub fn forms(officer: &OfficerPage, action: &str, approve_hint: &str) -> Markup {
    let lang = officer.lang;
    let csrf = &officer.session.csrf;
    html! {
        div .decisions {
            form #approve method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="decision" value="approve";
                p .hint { (lang.t(approve_hint)) }
                button #approve-submit .primary type="submit" { (lang.t("decision.approve")) }
            }
            form #reject method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="decision" value="reject";
                p {
                    label for="reject-reason" { (lang.t("decision.reason")) }
                    textarea #reject-reason name="reason" rows="3" maxlength="500" aria-describedby="reject-hint" {}
                    span #reject-hint .hint { (lang.t("decision.reason_hint")) }
                }
                button #reject-submit type="submit" { (lang.t("decision.reject")) }
            }
        }
    }
}

/// The decision a posted form holds (`decision` = approve or reject, `reason`).
pub fn read(officer: &OfficerPage, form: &Form) -> Result<DecisionRequest, PageError> {
    let approve = match form.get("decision") {
        Some("approve") => true,
        Some("reject") => false,
        _ => return Err(officer.refuse(StatusCode::UNPROCESSABLE_ENTITY, "error.no_decision")),
    };
    Ok(DecisionRequest {
        approve,
        reason: form.get("reason").map(str::to_owned),
    })
}
