//! The application queue: filtered by kind and state, paged; an application with every field of
//! its form as the paper form reads; claim; approve (the result document is issued) or reject
//! with a reason. What another officer claimed is shown as theirs and cannot be decided here.

use super::{decision, OfficerPage};
use crate::routes::officer::{
    application_queue, claim_application, decide_application, open_application, QueueFilter,
};
use crate::state::AppState;
use crate::web::i18n::Lang;
use crate::web::layout;
use crate::web::page::{api_message, notice, see_other, time_text, PageError};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use eid_portal_api::applications::{ApplicationState, QueueItem};
use eid_portal_api::forms::ApplicationKind;
use maud::{html, Markup};
use strum::VariantArray;

/// Applications per page.
pub const PER_PAGE: i64 = 20;

const STATES: [(&str, Option<ApplicationState>); 5] = [
    ("open", None),
    ("submitted", Some(ApplicationState::Submitted)),
    ("in_review", Some(ApplicationState::InReview)),
    ("approved", Some(ApplicationState::Approved)),
    ("rejected", Some(ApplicationState::Rejected)),
];

fn state_name(s: ApplicationState) -> &'static str {
    match s {
        ApplicationState::Submitted => "submitted",
        ApplicationState::InReview => "in_review",
        ApplicationState::Approved => "approved",
        ApplicationState::Rejected => "rejected",
    }
}

/// `GET /officer/applications?kind=&state=&page=`.
pub async fn list(
    State(state): State<AppState>,
    officer: OfficerPage,
    uri: Uri,
) -> Result<Markup, PageError> {
    let lang = officer.lang;
    let query: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let kind = get("kind").unwrap_or("").to_owned();
    let state_key = get("state")
        .filter(|s| !s.is_empty())
        .unwrap_or("open")
        .to_owned();
    let Some((_, wanted)) = STATES.iter().find(|(k, _)| *k == state_key) else {
        return Err(officer.refuse(StatusCode::BAD_REQUEST, "error.bad_filter"));
    };
    let page: u32 = get("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(0)
        .min(100_000);
    let filter = QueueFilter {
        state: *wanted,
        kind: Some(kind.clone()),
        page: Some(page),
    };
    let (items, total) = application_queue(&state, &filter, PER_PAGE)
        .await
        .map_err(|e| officer.api_error(&e))?;
    let link = |p: u32| format!("/officer/applications?kind={kind}&state={state_key}&page={p}");
    let more = u64::from(page + 1) * (PER_PAGE as u64) < total;
    let body = html! {
        form #filter method="get" action="/officer/applications" {
            p {
                label for="kind" { (lang.t("applications.kind")) }
                select #kind name="kind" {
                    option value="" selected[kind.is_empty()] { (lang.t("applications.all_kinds")) }
                    @for k in ApplicationKind::VARIANTS {
                        @let code: &str = (*k).into();
                        option value=(code) selected[kind == code] { (lang.t(&format!("app.kind.{code}"))) }
                    }
                }
            }
            p {
                label for="state" { (lang.t("applications.state")) }
                select #state name="state" {
                    @for (k, _) in &STATES {
                        option value=(k) selected[state_key == *k] { (lang.t(&format!("applications.states.{k}"))) }
                    }
                }
            }
            button #filter-submit type="submit" { (lang.t("applications.filter")) }
        }
        @if items.is_empty() {
            p #empty { (lang.t("applications.empty")) }
        } @else {
            table #applications {
                caption { (lang.tf("applications.count", &[("n", &total.to_string())])) }
                thead { tr {
                    th scope="col" { (lang.t("applications.kind")) }
                    th scope="col" { (lang.t("applications.applicant")) }
                    th scope="col" { (lang.t("applications.submitted_at")) }
                    th scope="col" { (lang.t("applications.state")) }
                    th scope="col" { (lang.t("applications.claimed_by")) }
                } }
                tbody {
                    @for i in &items {
                        tr data-application-id=(i.application.id) {
                            td { a .open href={ "/officer/applications/" (i.application.id) } { (lang.t(&format!("app.kind.{}", i.application.form.kind()))) } }
                            td { (i.applicant_name) }
                            td { (time_text(i.application.submitted_at)) }
                            td { (lang.t(&format!("applications.states.{}", state_name(i.application.state)))) }
                            td .claimed-by { (i.claimed_by.as_deref().unwrap_or("—")) }
                        }
                    }
                }
            }
            nav .pages aria-label=(lang.t("applications.pages")) {
                @if page > 0 { a #prev-page href=(link(page - 1)) { (lang.t("applications.prev")) } }
                span { (lang.tf("applications.page", &[("n", &(page + 1).to_string())])) }
                @if more { a #next-page href=(link(page + 1)) { (lang.t("applications.next")) } }
            }
        }
    };
    let title = lang.t("applications.title");
    let n = notice(lang, uri.query());
    Ok(layout::page(
        lang,
        &title,
        officer.nav("applications"),
        n.as_deref(),
        None,
        body,
    ))
}

/// The order of a form's parts as the paper forms read: where, when, why, who.
const FORM_ORDER: [&str; 11] = [
    "certificate",
    "purpose",
    "address",
    "destination",
    "from",
    "until",
    "reason",
    "host",
    "host_name",
    "copies",
    "delivery",
];
/// The order of the lines inside a part (an address, a host).
const PART_ORDER: [&str; 7] = [
    "line",
    "ward",
    "district",
    "province",
    "full_name",
    "id_number",
    "relationship",
];

/// The form's fields in the paper form's order and words: each group (address, host, …) with
/// its lines.
fn form_fields(lang: Lang, item: &QueueItem) -> Markup {
    let value = serde_json::to_value(&item.application.form).unwrap_or_default();
    let mut rows: Vec<(String, String)> = Vec::new();
    let map = value.as_object().cloned().unwrap_or_default();
    for key in FORM_ORDER {
        let Some(v) = map.get(key) else { continue };
        match (key, v) {
            (group, serde_json::Value::Object(inner)) => {
                for k in PART_ORDER {
                    let Some(iv) = inner.get(k) else { continue };
                    let label_key = if group == "host" {
                        format!("app.form.label.host_{k}")
                    } else {
                        format!("app.form.label.{k}")
                    };
                    let label = format!(
                        "{} — {}",
                        lang.t(&format!("app.form.group.{group}")),
                        lang.t(&label_key)
                    );
                    rows.push((label, text(iv)));
                }
            }
            ("certificate", v) => rows.push((
                lang.t("app.form.label.certificate"),
                lang.t(&format!("app.form.certificate.{}", text(v))),
            )),
            (k, v) => rows.push((lang.t(&format!("app.form.label.{k}")), text(v))),
        }
    }
    html! {
        dl #form-fields {
            @for (label, value) in &rows { div { dt { (label) } dd { (value) } } }
        }
    }
}

/// Every key of every form is placed by [`FORM_ORDER`] and [`PART_ORDER`], so none is left out.
#[cfg(test)]
#[test]
fn every_form_key_has_its_place() {
    use eid_portal_api::forms::ApplicationForm;
    let address = serde_json::json!({"line": "a", "ward": "b", "district": "c", "province": "d"});
    for form in [
        serde_json::json!({"kind": "temporary_residence", "address": address, "from": "2027-01-01",
            "until": "2027-02-01", "reason": "r",
            "host": {"full_name": "h", "id_number": "048080000001", "relationship": "x"}}),
        serde_json::json!({"kind": "temporary_absence", "from": "2027-01-01", "until": "2027-02-01",
            "destination": address, "reason": "r"}),
        serde_json::json!({"kind": "residence_notification", "address": address,
            "from": "2027-01-01", "until": "2027-01-02", "host_name": "h"}),
        serde_json::json!({"kind": "criminal_record", "certificate": "type1", "purpose": "p",
            "copies": 1, "delivery": address}),
    ] {
        let form: ApplicationForm = serde_json::from_value(form).unwrap();
        let v = serde_json::to_value(&form).unwrap();
        for (k, inner) in v.as_object().unwrap() {
            assert!(k == "kind" || FORM_ORDER.contains(&k.as_str()), "{k}");
            if let Some(inner) = inner.as_object() {
                assert!(
                    inner.keys().all(|i| PART_ORDER.contains(&i.as_str())),
                    "{k}"
                );
            }
        }
    }
}

fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn application_page(
    officer: &OfficerPage,
    item: &QueueItem,
    notice: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let lang = officer.lang;
    let app = &item.application;
    let mine = item.claimed_by.as_deref() == Some(officer.name());
    let action = |what: &str| format!("/officer/applications/{}/{what}", app.id);
    let body = html! {
        dl .summary {
            div { dt { (lang.t("applications.applicant")) } dd { (item.applicant_name) } }
            div { dt { (lang.t("applications.submitted_at")) } dd { (time_text(app.submitted_at)) } }
            div { dt { (lang.t("applications.state")) } dd #app-state { (lang.t(&format!("applications.states.{}", state_name(app.state)))) } }
            @if let Some(who) = &item.claimed_by { div { dt { (lang.t("applications.claimed_by")) } dd { (who) } } }
            @if let Some(reason) = &app.decision_reason { div { dt { (lang.t("decision.reason")) } dd #decision-reason { (reason) } } }
        }
        h2 { (lang.t("applications.form")) }
        (form_fields(lang, item))
        @match (app.state, mine) {
            (ApplicationState::Submitted, _) => {
                form #claim method="post" action=(action("claim")) {
                    input type="hidden" name="csrf" value=(officer.session.csrf);
                    button #claim-submit .primary type="submit" { (lang.t("applications.claim")) }
                }
            },
            (ApplicationState::InReview, false) => {
                p #claimed-by-other .warning { (lang.tf("applications.claimed_by_other", &[("name", item.claimed_by.as_deref().unwrap_or(""))])) }
            },
            (ApplicationState::InReview, true) => {
                (decision::forms(officer, &action("decision"), "applications.approve_hint"))
            },
            _ => {},
        }
    };
    let title = lang.t(&format!("app.kind.{}", app.form.kind()));
    layout::page(
        lang,
        &title,
        officer.nav("applications"),
        notice,
        error,
        body,
    )
}

/// `GET /officer/applications/{id}` (the read is audited).
pub async fn open(
    State(state): State<AppState>,
    officer: OfficerPage,
    Path(id): Path<String>,
    uri: Uri,
) -> Result<Markup, PageError> {
    let item = open_application(&state, officer.name(), &id)
        .await
        .map_err(|e| officer.api_error(&e))?;
    let n = notice(officer.lang, uri.query());
    Ok(application_page(&officer, &item, n.as_deref(), None))
}

/// `POST /officer/applications/{id}/claim`.
pub async fn claim(
    State(state): State<AppState>,
    officer: OfficerPage,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    officer.form(&body)?;
    claim_application(&state, officer.name(), &id)
        .await
        .map_err(|e| officer.api_error(&e))?;
    Ok(see_other(&format!(
        "/officer/applications/{id}?notice=claimed"
    )))
}

/// `POST /officer/applications/{id}/decision`: `decision` = approve or reject, `reason`.
pub async fn decide(
    State(state): State<AppState>,
    officer: OfficerPage,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = officer.form(&body)?;
    let lang = officer.lang;
    let d = decision::read(&officer, &form)?;
    let approve = d.approve;
    match decide_application(&state, officer.name(), &id, &d).await {
        Ok(_) => Ok(see_other(&format!(
            "/officer/applications/{id}?notice={}",
            if approve {
                "application_approved"
            } else {
                "application_rejected"
            }
        ))),
        Err(e) if e.code == eid_portal_api::ErrorCode::InvalidFields => {
            let item = open_application(&state, officer.name(), &id)
                .await
                .map_err(|e| officer.api_error(&e))?;
            let msg = api_message(lang, &e);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                application_page(&officer, &item, None, Some(&msg)),
            )
                .into_response())
        }
        Err(e) => Err(officer.api_error(&e)),
    }
}
