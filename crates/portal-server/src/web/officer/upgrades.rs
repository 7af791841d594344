//! The level-2 queue: each request beside the registry's record of its ID number (with the
//! registry's portrait), so the officer can do the in-person check; approve, or reject with a
//! reason the citizen reads.

use super::{decision, OfficerPage};
use crate::casework::{open_upgrade, UpgradeCheck};
use crate::routes::officer::{decide_account_upgrade, upgrade_queue};
use crate::state::AppState;
use crate::web::layout;
use crate::web::page::{notice, see_other, time_text, PageError};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use maud::{html, Markup};

/// `GET /officer/upgrades`: the requests waiting, oldest first.
pub async fn list(
    State(state): State<AppState>,
    officer: OfficerPage,
    uri: Uri,
) -> Result<Markup, PageError> {
    let lang = officer.lang;
    let items = upgrade_queue(&state)
        .await
        .map_err(|e| officer.api_error(&e))?;
    let body = html! {
        p { (lang.t("upgrades.intro")) }
        @if items.is_empty() {
            p #empty { (lang.t("upgrades.empty")) }
        } @else {
            table #upgrades {
                caption { (lang.tf("upgrades.count", &[("n", &items.len().to_string())])) }
                thead { tr {
                    th scope="col" { (lang.t("app.field.full_name")) }
                    th scope="col" { (lang.t("app.field.id_number")) }
                    th scope="col" { (lang.t("app.field.date_of_birth")) }
                    th scope="col" { (lang.t("upgrades.requested_at")) }
                } }
                tbody {
                    @for i in &items {
                        tr data-account-id=(i.account_id) {
                            td { a .open href={ "/officer/upgrades/" (i.account_id) } { (i.full_name) } }
                            td { (i.id_number) }
                            td { (i.date_of_birth) }
                            td { (time_text(i.requested_at)) }
                        }
                    }
                }
            }
        }
    };
    let title = lang.t("upgrades.title");
    let n = notice(lang, uri.query());
    Ok(layout::page(
        lang,
        &title,
        officer.nav("upgrades"),
        n.as_deref(),
        None,
        body,
    ))
}

fn check_page(officer: &OfficerPage, check: &UpgradeCheck<'_>, error: Option<&str>) -> Markup {
    let lang = officer.lang;
    let e = &check.entered;
    let row = |label: &str, value: &str| html! { div { dt { (lang.t(label)) } dd { (value) } } };
    let body = html! {
        p { (lang.t("upgrades.check_intro")) }
        div .side-by-side {
            section #entered aria-labelledby="entered-title" {
                h2 #entered-title { (lang.t("upgrades.entered")) }
                dl {
                    (row("app.field.id_number", &e.id_number))
                    (row("app.field.full_name", &e.full_name))
                    (row("app.field.date_of_birth", &e.date_of_birth))
                    (row("upgrades.phone", &e.phone))
                    (row("upgrades.requested_at", &time_text(e.requested_at)))
                }
            }
            section #registry aria-labelledby="registry-title" {
                h2 #registry-title { (lang.t("upgrades.registry")) }
                @match check.registry.as_deref() {
                    None => p #registry-missing .warning { (lang.t("upgrades.registry_missing")) },
                    Some(r) => {
                        @if let Some((media, bytes)) = check.registry_portrait() {
                            img #registry-portrait .portrait alt=(lang.tf("upgrades.portrait_alt", &[("name", &r.full_name)]))
                                src={ "data:" (media) ";base64," (base64::engine::general_purpose::STANDARD.encode(bytes)) };
                        }
                        dl {
                            (row("app.field.id_number", &r.id_number))
                            (row("app.field.full_name", &r.full_name))
                            (row("app.field.date_of_birth", &r.date_of_birth))
                            (row("upgrades.phone", &r.phone))
                        }
                        @if !check.matches_registry() {
                            p #registry-mismatch .warning { (lang.t("upgrades.registry_mismatch")) }
                        }
                    }
                }
            }
        }
        @if e.state == "requested" {
            (decision::forms(officer, &format!("/officer/upgrades/{}/decision", e.account_id), "upgrades.approve_hint"))
        } @else {
            p #decided { (lang.t(&format!("upgrades.state.{}", e.state))) }
        }
    };
    let title = lang.tf("upgrades.check_title", &[("name", &e.full_name)]);
    layout::page(lang, &title, officer.nav("upgrades"), None, error, body)
}

/// `GET /officer/upgrades/{account_id}`: the request beside the registry (the read is audited).
pub async fn open(
    State(state): State<AppState>,
    officer: OfficerPage,
    Path(account_id): Path<String>,
) -> Result<Markup, PageError> {
    let check = open_upgrade(&state, officer.name(), &account_id)
        .await
        .map_err(|e| officer.api_error(&e))?;
    Ok(check_page(&officer, &check, None))
}

/// `POST /officer/upgrades/{account_id}/decision`: `decision` = approve or reject, `reason`.
pub async fn decide(
    State(state): State<AppState>,
    officer: OfficerPage,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = officer.form(&body)?;
    let lang = officer.lang;
    let d = decision::read(&officer, &form)?;
    let approve = d.approve;
    match decide_account_upgrade(&state, officer.name(), &account_id, &d).await {
        Ok(_) => Ok(see_other(if approve {
            "/officer/upgrades?notice=upgrade_approved"
        } else {
            "/officer/upgrades?notice=upgrade_rejected"
        })),
        Err(e) if e.code == eid_portal_api::ErrorCode::InvalidFields => {
            let check = open_upgrade(&state, officer.name(), &account_id)
                .await
                .map_err(|e| officer.api_error(&e))?;
            let msg = crate::web::page::api_message(lang, &e);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                check_page(&officer, &check, Some(&msg)),
            )
                .into_response())
        }
        Err(e) => Err(officer.api_error(&e)),
    }
}
