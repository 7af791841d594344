//! The audit log, for supervisors: every officer action, reads among them, newest first.

use super::OfficerPage;
use crate::audit::page;
use crate::state::AppState;
use crate::web::layout;
use crate::web::page::{time_text, PageError};
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use maud::{html, Markup};

/// `GET /officer/audit[?page=…]`: 403 for an officer who is not a supervisor.
pub async fn list(
    State(state): State<AppState>,
    officer: OfficerPage,
    uri: Uri,
) -> Result<Markup, PageError> {
    let lang = officer.lang;
    if !officer.supervisor {
        return Err(officer.refuse(StatusCode::FORBIDDEN, "error.not_supervisor"));
    }
    let n: u32 = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
        .min(1_000_000);
    let (entries, more) = page(&state, n).await.map_err(|e| officer.api_error(&e))?;
    let body = html! {
        p { (lang.t("audit.intro")) }
        table #audit {
            thead { tr {
                th scope="col" { (lang.t("audit.at")) }
                th scope="col" { (lang.t("audit.actor")) }
                th scope="col" { (lang.t("audit.action")) }
                th scope="col" { (lang.t("audit.account")) }
                th scope="col" { (lang.t("audit.ref")) }
            } }
            tbody {
                @for e in &entries {
                    tr .audit-row data-action=(e.action) data-account-id=[e.account_id.as_deref()] {
                        td { (time_text(e.at)) }
                        td .actor { (e.actor) }
                        td .action { (lang.t(&format!("audit.actions.{}", e.action))) }
                        td .account {
                            @match (&e.citizen, &e.account_id) {
                                (Some((name, id_number)), _) => { (name) br; span .id { (id_number) } },
                                (None, Some(id)) => span .id { (id) },
                                (None, None) => "—",
                            }
                        }
                        td .ref {
                            @match e.ref_id.as_deref().filter(|r| Some(*r) != e.account_id.as_deref()) {
                                Some(r) => span .id { (r) },
                                None => "—",
                            }
                        }
                    }
                }
            }
        }
        nav .pages aria-label=(lang.t("applications.pages")) {
            @if n > 0 { a #prev-page href={ "/officer/audit?page=" (n - 1) } { (lang.t("audit.newer")) } }
            @if more { a #next-page href={ "/officer/audit?page=" (n + 1) } { (lang.t("audit.older")) } }
        }
    };
    let title = lang.t("audit.title");
    Ok(layout::page(
        lang,
        &title,
        officer.nav("audit"),
        None,
        None,
        body,
    ))
}
