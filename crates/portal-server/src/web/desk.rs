//! The service desk (`/desk/`), for a clinic counter or a hotel reception: sign in as the
//! service, pick the document, fields and purpose from what the service may ask, show the
//! request QR large, see the verified answer appear by itself (`desk.js` asks every two
//! seconds), and forget it on "done".

use crate::auth::Source;
use crate::routes::share::{close_request, create_request, request_qr, request_result};
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::i18n::Lang;
use crate::web::layout::{self, Nav};
use crate::web::page::{api_message, notice, see_other, PageError, SignedIn};
use crate::web::session::{self, Kind, WebSession};
use crate::web::sign_in::SignIn;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use eid_credential::DocType;
use eid_portal_api::share::{ShareRequestCreate, ShareResult, ShareState};
use maud::{html, Markup};

/// How long a desk request waits for the citizen.
pub const REQUEST_SECONDS: u64 = 300;

/// The desk's sign-in.
pub const SIGN_IN: SignIn = SignIn {
    kind: Kind::Service,
    action: "/desk/sign-in",
    name_field: "service-id",
    secret_field: "secret",
    texts: "desk.sign_in",
    after: "/desk/",
};

/// A desk page's caller: a live service session of a service still in the configuration.
pub struct DeskPage {
    /// The session.
    pub session: WebSession,
    /// The page's language.
    pub lang: Lang,
}

impl DeskPage {
    fn nav<'a>(&'a self, state: &'a AppState) -> Nav<'a> {
        Nav::Desk {
            csrf: &self.session.csrf,
            who: state
                .config
                .service(&self.session.subject)
                .map_or("", |s| s.name.as_str()),
        }
    }

    fn form(&self, body: &Bytes, state: &AppState) -> Result<Form, PageError> {
        let form = Form::parse(body).ok_or_else(|| {
            PageError::new(self.lang, StatusCode::PAYLOAD_TOO_LARGE, "error.too_large")
                .at_desk()
                .signed_in(self.signed_in(state))
        })?;
        if !self.session.csrf_ok(form.get("csrf")) {
            return Err(PageError::csrf(self.lang)
                .at_desk()
                .signed_in(self.signed_in(state)));
        }
        Ok(form)
    }

    fn signed_in(&self, state: &AppState) -> SignedIn {
        SignedIn::Desk {
            csrf: self.session.csrf.clone(),
            who: state
                .config
                .service(&self.session.subject)
                .map_or(String::new(), |s| s.name.clone()),
        }
    }

    fn error(&self, state: &AppState, e: &crate::error::ApiError) -> PageError {
        PageError::api(self.lang, e)
            .at_desk()
            .signed_in(self.signed_in(state))
    }
}

impl FromRequestParts<AppState> for DeskPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let lang = Lang::from_request_parts(parts, state)
            .await
            .unwrap_or(Lang::Vi);
        let found = session::current(state, &parts.headers, Kind::Service)
            .await
            .map_err(|e| PageError::api(lang, &e).at_desk().into_response())?;
        match found.filter(|s| state.config.service(&s.subject).is_some()) {
            Some(session) => Ok(DeskPage { session, lang }),
            None => Err(see_other("/desk/sign-in")),
        }
    }
}

/// `GET /desk/sign-in`.
pub async fn sign_in_page(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    SIGN_IN.page(&state, lang, &headers, notice(lang, uri.query()))
}

/// `POST /desk/sign-in`: the service's id and Argon2id secret, with the API's limits.
pub async fn sign_in(
    State(state): State<AppState>,
    lang: Lang,
    source: Source,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let hash = |id: &str| state.config.service(id).map(|s| s.secret_hash.clone());
    let (response, _) = SIGN_IN
        .post(&state, lang, &headers, &source, &body, hash)
        .await
        .map_err(PageError::at_desk)?;
    Ok(response)
}

/// `POST /desk/sign-out`.
pub async fn sign_out(
    State(state): State<AppState>,
    desk: DeskPage,
    body: Bytes,
) -> Result<Response, PageError> {
    desk.form(&body, &state)?;
    desk.session
        .end(&state)
        .await
        .map_err(|e| desk.error(&state, &e))?;
    Ok(SIGN_IN.signed_out(&state))
}

fn new_request_page(
    state: &AppState,
    desk: &DeskPage,
    error: Option<&str>,
    notice: Option<&str>,
) -> Markup {
    let lang = desk.lang;
    let service = state.config.service(&desk.session.subject);
    let asks: Vec<(DocType, Vec<&str>)> = service
        .map(|s| {
            s.may_ask
                .iter()
                .filter_map(|(doc, fields)| {
                    let t = DocType::from_name(doc)?;
                    Some((t, fields.iter().map(String::as_str).collect()))
                })
                .collect()
        })
        .unwrap_or_default();
    let body = html! {
        p { (lang.t("desk.new_intro")) }
        form #new-request method="post" action="/desk/requests" {
            input type="hidden" name="csrf" value=(desk.session.csrf);
            @for (i, (doc, fields)) in asks.iter().enumerate() {
                fieldset .document {
                    legend {
                        input type="radio" name="doc_type" value=(doc.name()) id={ "doc-" (doc.name()) } checked[i == 0] required;
                        label for={ "doc-" (doc.name()) } { (lang.t(&format!("app.doc_type.{}", doc.name()))) }
                    }
                    ul .fields {
                        @for f in fields {
                            li {
                                input type="checkbox" name="fields" value={ (doc.name()) "." (f) } id={ "field-" (doc.name()) "-" (f) };
                                label for={ "field-" (doc.name()) "-" (f) } { (lang.t(&format!("app.field.{f}"))) }
                            }
                        }
                    }
                }
            }
            p {
                label for="purpose" { (lang.t("desk.purpose")) }
                input #purpose name="purpose" type="text" maxlength="200" required aria-describedby="purpose-hint";
                span #purpose-hint .hint { (lang.t("desk.purpose_hint")) }
            }
            button #create-submit .primary type="submit" { (lang.t("desk.create")) }
        }
    };
    let title = lang.t("desk.new_title");
    layout::page(lang, &title, desk.nav(state), notice, error, body)
}

/// `GET /desk/`: a new request.
pub async fn home(State(state): State<AppState>, desk: DeskPage, uri: Uri) -> Markup {
    let n = notice(desk.lang, uri.query());
    new_request_page(&state, &desk, None, n.as_deref())
}

/// `POST /desk/requests`: `doc_type`, `fields` (`{doc_type}.{field}`, several), `purpose`.
pub async fn create(
    State(state): State<AppState>,
    desk: DeskPage,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = desk.form(&body, &state)?;
    let doc_type = form.get("doc_type").unwrap_or("").to_owned();
    let prefix = format!("{doc_type}.");
    let req = ShareRequestCreate {
        fields: form
            .all("fields")
            .filter_map(|f| f.strip_prefix(&prefix))
            .map(str::to_owned)
            .collect(),
        doc_type,
        purpose: eid_credential::text::normalize(form.get("purpose").unwrap_or("")),
        expires_in: REQUEST_SECONDS,
    };
    match create_request(&state, &desk.session.subject, req).await {
        Ok(created) => Ok(see_other(&format!("/desk/requests/{}", created.request.id))),
        Err(e) if e.code == eid_portal_api::ErrorCode::InvalidFields => {
            let msg = api_message(desk.lang, &e);
            let page = new_request_page(&state, &desk, Some(&msg), None);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(desk.error(&state, &e)),
    }
}

/// The verified answer: each disclosed field in the document's order, the portrait apart.
fn result_section(lang: Lang, r: &ShareResult, csrf: &str) -> Markup {
    let doc = DocType::from_name(&r.request.doc_type);
    let disclosed = r.disclosed.clone().unwrap_or_default();
    let portrait = disclosed
        .get("counter_portrait")
        .or_else(|| disclosed.get("portrait"))
        .filter(|v| {
            v.starts_with("data:image/jpeg;base64,") || v.starts_with("data:image/webp;base64,")
        });
    let ordered: Vec<(&str, &String)> = doc
        .map(|t| {
            t.fields()
                .iter()
                .filter_map(|f| disclosed.get(f.name).map(|v| (f.name, v)))
                .filter(|(n, _)| *n != "counter_portrait" && *n != "portrait")
                .collect()
        })
        .unwrap_or_default();
    let shown = |name: &str, v: &str| -> String {
        match (name, v) {
            ("sex", v) => lang.t(&format!("app.sex.{v}")),
            (_, "true") => lang.t("app.common.yes"),
            (_, "false") => lang.t("app.common.no"),
            _ => v.to_owned(),
        }
    };
    html! {
        section #result aria-labelledby="result-title" tabindex="-1" {
            h2 #result-title { (lang.t("desk.result_title")) }
            p .verified { (lang.t("desk.verified")) }
            div .result-body {
                @if let Some(src) = portrait {
                    img #portrait .portrait src=(src) alt=(lang.t("desk.portrait_alt"));
                }
                dl #verified-data {
                    @for (name, v) in &ordered {
                        div .field data-field=(name) { dt { (lang.t(&format!("app.field.{name}"))) } dd { (shown(name, v)) } }
                    }
                }
            }
            form #done method="post" action={ "/desk/requests/" (r.request.id) "/done" } {
                input type="hidden" name="csrf" value=(csrf);
                button #done-submit .primary type="submit" { (lang.t("desk.done")) }
            }
        }
    }
}

/// The days this desk's service keeps answers after "done" (rounded up).
fn retention_days(state: &AppState, desk: &DeskPage) -> u64 {
    let seconds = state
        .config
        .service(&desk.session.subject)
        .map_or(0, |s| s.retention_seconds);
    seconds.div_ceil(86_400)
}

fn qr_data_url(text: &str) -> Option<String> {
    let png = eid_qr::render::encode_matrix(text).ok()?.to_png(6);
    Some(format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    ))
}

/// `GET /desk/requests/{id}`: the QR while waiting, the answer, or what became of it.
pub async fn request(
    State(state): State<AppState>,
    desk: DeskPage,
    Path(id): Path<String>,
    uri: Uri,
) -> Result<Markup, PageError> {
    let lang = desk.lang;
    let r = request_result(&state, &desk.session.subject, &id)
        .await
        .map_err(|e| desk.error(&state, &e))?;
    let fields: Vec<String> = r
        .request
        .fields
        .iter()
        .map(|f| lang.t(&format!("app.field.{f}")))
        .collect();
    let qr = match r.state {
        ShareState::Pending => Some(
            request_qr(&state, &desk.session.subject, &id)
                .await
                .map_err(|e| desk.error(&state, &e))?,
        ),
        _ => None,
    };
    let body = html! {
        dl .summary {
            div { dt { (lang.t("desk.document")) } dd { (lang.t(&format!("app.doc_type.{}", r.request.doc_type))) } }
            div { dt { (lang.t("desk.fields")) } dd { (fields.join(", ")) } }
            div { dt { (lang.t("desk.purpose")) } dd { (r.request.purpose) } }
        }
        @match r.state {
            ShareState::Pending => {
                @let qr = qr.as_deref().unwrap_or("");
                div #request data-qr-text=(qr) data-answer-url={ "/desk/requests/" (id) "/answer" } {
                    p .instruction { (lang.t("desk.scan_instruction")) }
                    @if let Some(src) = qr_data_url(qr) {
                        img #request-qr src=(src) alt=(lang.t("desk.qr_alt"));
                    }
                    p #waiting role="status" aria-live="polite" { (lang.t("desk.waiting")) }
                }
            },
            ShareState::Answered => (result_section(lang, &r, &desk.session.csrf)),
            ShareState::Done if r.disclosed.is_some() => p #kept {
                (lang.tf("desk.kept", &[("days", &retention_days(&state, &desk).to_string())]))
            },
            ShareState::Done => p #forgotten { (lang.t("desk.forgotten")) },
            ShareState::Expired => p #expired .warning { (lang.t("desk.expired")) },
        }
        p { a #new-request-link href="/desk/" { (lang.t("desk.another")) } }
    };
    let title = lang.t("desk.request_title");
    let n = notice(lang, uri.query());
    Ok(layout::page(
        lang,
        &title,
        desk.nav(&state),
        n.as_deref(),
        None,
        body,
    ))
}

/// `GET /desk/requests/{id}/answer`, asked by `desk.js`: 204 while waiting, 200 with the result
/// section once answered, 410 when it expired or is done.
pub async fn answer(
    State(state): State<AppState>,
    desk: DeskPage,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let r = request_result(&state, &desk.session.subject, &id)
        .await
        .map_err(|e| desk.error(&state, &e))?;
    Ok(match r.state {
        ShareState::Pending => StatusCode::NO_CONTENT.into_response(),
        ShareState::Answered => {
            let mut response = result_section(desk.lang, &r, &desk.session.csrf).into_response();
            response
                .headers_mut()
                .insert("x-eid-fragment", HeaderValue::from_static("result"));
            response
        }
        ShareState::Expired | ShareState::Done => StatusCode::GONE.into_response(),
    })
}

/// `POST /desk/requests/{id}/done`: the answer is forgotten (or kept for the service's
/// retention, out of sight).
pub async fn done(
    State(state): State<AppState>,
    desk: DeskPage,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    desk.form(&body, &state)?;
    close_request(&state, &desk.session.subject, &id)
        .await
        .map_err(|e| desk.error(&state, &e))?;
    if retention_days(&state, &desk) > 0 {
        return Ok(see_other(&format!("/desk/requests/{id}")));
    }
    Ok(see_other(&format!("/desk/requests/{id}?notice=forgotten")))
}

/// Any other path under `/desk/`: a page that says so.
pub async fn not_found(State(state): State<AppState>, desk: DeskPage) -> PageError {
    PageError::new(desk.lang, StatusCode::NOT_FOUND, "error.no_such_page")
        .at_desk()
        .signed_in(desk.signed_in(&state))
}
