//! The web pages that `eid-portal` serves itself: the officer console (`/officer/`) and the
//! service desk (`/desk/`). Server-rendered with maud (HTML checked at compile time, escaped by
//! default), one small script for the desk's live answer, no inline script or style, so the CSP
//! below holds. The pages call the same functions as the JSON API, so the rules, the audit log
//! and the error codes are the same.

pub mod desk;
pub mod form;
pub mod i18n;
pub mod layout;
pub mod lost_phone;
pub mod officer;
pub mod page;
pub mod session;
pub mod sign_in;
pub mod statics;

use crate::state::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

/// The Content-Security-Policy of every page: nothing but this origin's own script, style and
/// form targets, images from here or `data:` (portraits, the request QR), no framing.
pub const CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The pages' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/web/web.css", get(statics::css))
        .route("/web/desk.js", get(statics::desk_js))
        .route("/web/icon.svg", get(statics::icon))
        .route("/officer", get(officer::home))
        .route("/officer/", get(officer::home))
        .route(
            "/officer/sign-in",
            get(officer::sign_in_page).post(officer::sign_in),
        )
        .route("/officer/sign-out", post(officer::sign_out))
        .route("/officer/upgrades", get(officer::upgrades::list))
        .route(
            "/officer/upgrades/{account_id}",
            get(officer::upgrades::open),
        )
        .route(
            "/officer/upgrades/{account_id}/decision",
            post(officer::upgrades::decide),
        )
        .route("/officer/applications", get(officer::applications::list))
        .route(
            "/officer/applications/{id}",
            get(officer::applications::open),
        )
        .route(
            "/officer/applications/{id}/claim",
            post(officer::applications::claim),
        )
        .route(
            "/officer/applications/{id}/decision",
            post(officer::applications::decide),
        )
        .route("/officer/citizens", get(officer::citizens::search))
        .route(
            "/officer/documents/{id}/revoke",
            post(officer::citizens::revoke),
        )
        .route(
            "/officer/accounts/{account_id}/block",
            post(officer::citizens::block),
        )
        .route("/officer/audit", get(officer::audit::list))
        .route("/officer/{*rest}", get(officer::not_found))
        .route(
            "/lost-phone",
            get(lost_phone::page).post(lost_phone::submit),
        )
        .route("/desk", get(desk::home))
        .route("/desk/", get(desk::home))
        .route("/desk/sign-in", get(desk::sign_in_page).post(desk::sign_in))
        .route("/desk/sign-out", post(desk::sign_out))
        .route("/desk/requests", post(desk::create))
        .route("/desk/requests/{id}", get(desk::request))
        .route("/desk/requests/{id}/answer", get(desk::answer))
        .route("/desk/requests/{id}/done", post(desk::done))
        .route("/desk/{*rest}", get(desk::not_found))
        .layer(middleware::from_fn(security_headers))
}

tokio::task_local! {
    /// Where the page being answered can be opened again with a GET (its language switch links
    /// there): the URL itself for a GET, without `lang` and `notice`; the part's first page for
    /// the answer to a form.
    pub static HERE: String;
}

/// The address [`HERE`] holds for a request.
fn here(method: &axum::http::Method, uri: &axum::http::Uri) -> String {
    let path = uri.path();
    if method != axum::http::Method::GET {
        return if path.starts_with("/desk") {
            "/desk/"
        } else {
            "/officer/"
        }
        .to_owned();
    }
    let kept: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .filter(|(k, _)| k != "lang" && k != "notice")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// Adds the security headers to every page and file, and remembers a language asked for with
/// `?lang=`.
async fn security_headers(request: Request, next: Next) -> Response {
    let asked = i18n::Lang::from_query(request.uri().query());
    let at = here(request.method(), request.uri());
    let mut response = HERE.scope(at, next.run(request)).await;
    let h = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    if let Some(lang) = asked {
        if let Ok(v) = HeaderValue::from_str(&lang.cookie()) {
            h.append(header::SET_COOKIE, v);
        }
    }
    response
}
