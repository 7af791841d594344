//! A citizen looked up by ID number: the account, and every document issued to it with its
//! status; a current document can be revoked with a reason (its status-list bit is set, and
//! every counter then refuses it).

use super::OfficerPage;
use crate::casework::{block_phone, find_citizen};
use crate::routes::officer::revoke_document;
use crate::state::AppState;
use crate::web::layout;
use crate::web::page::{api_message, notice, see_other, time_text, PageError};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use maud::html;

/// `GET /officer/citizens[?id_number=…]` (a found citizen is audited as looked at).
pub async fn search(
    State(state): State<AppState>,
    officer: OfficerPage,
    uri: Uri,
) -> Result<Response, PageError> {
    let lang = officer.lang;
    let asked = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "id_number")
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let (found, error) = match &asked {
        None => (None, None),
        Some(id) => match find_citizen(&state, officer.name(), id).await {
            Ok(f) => (Some(f), None),
            Err(e) if e.code == eid_portal_api::ErrorCode::InvalidFields => {
                (None, Some(api_message(lang, &e)))
            }
            Err(e) => return Err(officer.api_error(&e)),
        },
    };
    let body = html! {
        form #search method="get" action="/officer/citizens" role="search" {
            p {
                label for="id-number" { (lang.t("citizens.id_number")) }
                input #id-number name="id_number" type="text" inputmode="numeric" maxlength="12"
                    autocomplete="off" value=(asked.as_deref().unwrap_or("")) aria-describedby="id-number-hint";
                span #id-number-hint .hint { (lang.t("citizens.id_number_hint")) }
            }
            button #search-submit type="submit" { (lang.t("citizens.search")) }
        }
        @match found {
            Some(None) => p #not-found { (lang.t("citizens.not_found")) },
            Some(Some(file)) => {
                section #account aria-labelledby="account-title" {
                    h2 #account-title { (file.account.full_name) }
                    dl {
                        div { dt { (lang.t("app.field.id_number")) } dd { (file.account.id_number) } }
                        div { dt { (lang.t("citizens.level")) } dd #level { (lang.t(&format!("citizens.level_{}", file.account.level))) } }
                    }
                }
                h2 { (lang.t("citizens.documents")) }
                @if file.documents.is_empty() {
                    p #no-documents { (lang.t("citizens.no_documents")) }
                } @else {
                    table #documents {
                        thead { tr {
                            th scope="col" { (lang.t("citizens.document")) }
                            th scope="col" { (lang.t("citizens.issued_at")) }
                            th scope="col" { (lang.t("citizens.status")) }
                        } }
                        tbody {
                            @for d in &file.documents {
                                tr data-document-id=(d.id) {
                                    td { (lang.t(&format!("app.doc_type.{}", d.doc_type))) }
                                    td { (time_text(d.issued_at)) }
                                    td .status {
                                        span .state { (lang.t(&format!("citizens.states.{}", d.state))) }
                                        @if let Some(r) = &d.revoke_reason { " — " span .revoke-reason { (r) } }
                                        @if d.state == "current" {
                                            form .revoke method="post" action={ "/officer/documents/" (d.id) "/revoke" } {
                                                input type="hidden" name="csrf" value=(officer.session.csrf);
                                                input type="hidden" name="id_number" value=(file.account.id_number);
                                                label for={ "reason-" (d.id) } { (lang.t("citizens.revoke_reason")) }
                                                input id={ "reason-" (d.id) } name="reason" type="text" maxlength="500" required;
                                                button .revoke-submit type="submit" { (lang.t("citizens.revoke")) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                section #phone aria-labelledby="phone-title" {
                    h2 #phone-title { (lang.t("citizens.phone_title")) }
                    @if let Some(at) = file.blocked_at {
                        p #blocked .warning { (lang.tf("citizens.blocked_since", &[("at", &time_text(at))])) }
                    } @else {
                        p { (lang.t("citizens.block_intro")) }
                        form #block method="post" action={ "/officer/accounts/" (file.account.account_id) "/block" } {
                            input type="hidden" name="csrf" value=(officer.session.csrf);
                            input type="hidden" name="id_number" value=(file.account.id_number);
                            p {
                                label for="block-reason" { (lang.t("citizens.block_reason")) }
                                input #block-reason name="reason" type="text" maxlength="500" required;
                            }
                            button #block-submit type="submit" { (lang.t("citizens.block")) }
                        }
                    }
                }
            },
            None => {},
        }
    };
    let title = lang.t("citizens.title");
    let n = notice(lang, uri.query());
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = layout::page(
        lang,
        &title,
        officer.nav("citizens"),
        n.as_deref(),
        error.as_deref(),
        body,
    );
    Ok((status, page).into_response())
}

/// `POST /officer/documents/{id}/revoke`: `reason` (required), `id_number` to come back to.
pub async fn revoke(
    State(state): State<AppState>,
    officer: OfficerPage,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = officer.form(&body)?;
    revoke_document(
        &state,
        officer.name(),
        &id,
        form.get("reason").unwrap_or(""),
    )
    .await
    .map_err(|e| officer.api_error(&e))?;
    Ok(back_to_citizen(&form, "revoked"))
}

/// `POST /officer/accounts/{account_id}/block`: the citizen's phone is lost or stolen (after
/// the in-person check): `reason` (required), `id_number` to come back to.
pub async fn block(
    State(state): State<AppState>,
    officer: OfficerPage,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = officer.form(&body)?;
    block_phone(
        &state,
        officer.name(),
        &account_id,
        form.get("reason").unwrap_or(""),
    )
    .await
    .map_err(|e| officer.api_error(&e))?;
    Ok(back_to_citizen(&form, "phone_blocked"))
}

/// Back to the citizen the form was posted from (its `id_number`, digits only), with `notice`.
fn back_to_citizen(form: &crate::web::form::Form, notice: &str) -> Response {
    let back: String = form
        .get("id_number")
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .take(12)
        .collect();
    see_other(&format!(
        "/officer/citizens?id_number={back}&notice={notice}"
    ))
}
