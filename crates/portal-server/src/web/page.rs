//! What every page handler shares: an error page with a status, redirects after a post, the
//! notices a redirect may carry, and the translation of API errors into the page's language.

use crate::error::ApiError;
use crate::web::i18n::Lang;
use crate::web::layout::{self, Nav};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use eid_portal_api::ErrorCode;
use maud::html;

/// A page that could not be shown: a status and a message in the page's language.
#[derive(Debug)]
pub struct PageError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The message, already translated.
    pub message: String,
    /// The page's language.
    pub lang: Lang,
    /// Where "back" leads: the console's or the desk's first page.
    pub home: &'static str,
    /// The navigation to show, when the caller is signed in (so an error page still offers the
    /// menu and signing out).
    pub nav: Option<SignedIn>,
}

/// A signed-in caller's navigation, owned (for error pages).
#[derive(Debug, Clone)]
pub enum SignedIn {
    /// An officer.
    Officer {
        /// Whether a supervisor.
        supervisor: bool,
        /// The session's CSRF token.
        csrf: String,
        /// The officer's name.
        who: String,
    },
    /// A service at the desk.
    Desk {
        /// The session's CSRF token.
        csrf: String,
        /// The service's name.
        who: String,
    },
}

impl SignedIn {
    fn nav(&self) -> Nav<'_> {
        match self {
            SignedIn::Officer {
                supervisor,
                csrf,
                who,
            } => Nav::Officer {
                active: "",
                supervisor: *supervisor,
                csrf,
                who,
            },
            SignedIn::Desk { csrf, who } => Nav::Desk { csrf, who },
        }
    }
}

impl PageError {
    /// An error page from a catalogue key.
    pub fn new(lang: Lang, status: StatusCode, key: &str) -> PageError {
        PageError {
            status,
            message: lang.t(key),
            lang,
            home: "/officer/",
            nav: None,
        }
    }

    /// The same error, with "back" leading to the desk.
    pub fn at_desk(self) -> PageError {
        PageError {
            home: "/desk/",
            ..self
        }
    }

    /// The same error, shown with a signed-in caller's navigation.
    pub fn signed_in(self, nav: SignedIn) -> PageError {
        PageError {
            nav: Some(nav),
            ..self
        }
    }

    /// The page for an API error.
    pub fn api(lang: Lang, e: &ApiError) -> PageError {
        PageError {
            status: StatusCode::from_u16(e.code.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            message: api_message(lang, e),
            lang,
            home: "/officer/",
            nav: None,
        }
    }

    /// A form posted without this session's CSRF token.
    pub fn csrf(lang: Lang) -> PageError {
        PageError::new(lang, StatusCode::FORBIDDEN, "error.csrf")
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let lang = self.lang;
        let body = html! { p { a #back href=(self.home) { (lang.t("app.common.back")) } } };
        let title = lang.t("error.title");
        let nav = self.nav.as_ref().map_or(Nav::None, SignedIn::nav);
        let markup = layout::page(lang, &title, nav, None, Some(&self.message), body);
        (self.status, markup).into_response()
    }
}

/// An API error in plain words of `lang`: the code's message, and each field's problem.
pub fn api_message(lang: Lang, e: &ApiError) -> String {
    if e.code == ErrorCode::InvalidFields && !e.fields.is_empty() {
        return e
            .fields
            .iter()
            .map(|f| {
                let base = f.field.split('[').next().unwrap_or(&f.field);
                format!(
                    "{}: {}",
                    lang.t(&format!("field_name.{base}")),
                    lang.t(&format!("app.field_error.{}", f.code))
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    lang.t(&format!("api_error.{}", error_code(e.code)))
}

/// The wire name of an error code (`wrong_state`).
pub fn error_code(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `303 See Other` to `to` (after a post, so a reload does not post again).
pub fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// `response` with a `Set-Cookie` header added.
pub fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// The notices a redirect may name in `?notice=` (anything else is ignored, so a link cannot
/// put words on the page).
pub const NOTICES: [&str; 9] = [
    "upgrade_approved",
    "upgrade_rejected",
    "claimed",
    "application_approved",
    "application_rejected",
    "revoked",
    "phone_blocked",
    "signed_out",
    "forgotten",
];

/// The notice named in a query string, translated.
pub fn notice(lang: Lang, query: Option<&str>) -> Option<String> {
    let asked = form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == "notice")?
        .1;
    NOTICES
        .iter()
        .find(|n| **n == asked)
        .map(|n| lang.t(&format!("notice.{n}")))
}

/// A Unix time as the pages show it: `2026-12-03 10:32` (UTC+7, Vietnam's time).
pub fn time_text(unix: u64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix as i64 + 7 * 3600)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}
