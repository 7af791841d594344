//! The officer console (`/officer/`): sign-in, the level-2 queue beside the registry, the
//! application queue, citizens and their documents, and the audit log for supervisors. Every
//! page needs an officer's web session ([`OfficerPage`]); every form its CSRF token.

pub mod applications;
pub mod audit;
pub mod citizens;
pub mod decision;
pub mod upgrades;

use crate::audit::AuditAction;
use crate::auth::Source;
use crate::config::OfficerRole;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::i18n::Lang;
use crate::web::layout::Nav;
use crate::web::page::{notice, see_other, PageError, SignedIn};
use crate::web::session::{self, Kind, WebSession};
use crate::web::sign_in::SignIn;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};

/// The console's sign-in.
pub const SIGN_IN: SignIn = SignIn {
    kind: Kind::Officer,
    action: "/officer/sign-in",
    name_field: "username",
    secret_field: "password",
    texts: "officer.sign_in",
    after: "/officer/upgrades",
};

/// A console page's caller: a live officer session of an officer still in the configuration.
/// Without one, the browser is sent to the sign-in page.
pub struct OfficerPage {
    /// The session.
    pub session: WebSession,
    /// Whether the officer is a supervisor.
    pub supervisor: bool,
    /// The page's language.
    pub lang: Lang,
}

impl OfficerPage {
    /// The officer's user name.
    pub fn name(&self) -> &str {
        &self.session.subject
    }

    /// The console's navigation with `active` marked.
    pub fn nav<'a>(&'a self, active: &'a str) -> Nav<'a> {
        Nav::Officer {
            active,
            supervisor: self.supervisor,
            csrf: &self.session.csrf,
            who: &self.session.subject,
        }
    }

    /// A posted form with this session's CSRF token, or the refusal.
    pub fn form(&self, body: &Bytes) -> Result<Form, PageError> {
        let form = Form::parse(body).ok_or_else(|| {
            self.refuse(axum::http::StatusCode::PAYLOAD_TOO_LARGE, "error.too_large")
        })?;
        if !self.session.csrf_ok(form.get("csrf")) {
            return Err(PageError::csrf(self.lang).signed_in(self.signed_in()));
        }
        Ok(form)
    }

    fn signed_in(&self) -> SignedIn {
        SignedIn::Officer {
            supervisor: self.supervisor,
            csrf: self.session.csrf.clone(),
            who: self.session.subject.clone(),
        }
    }

    /// An API error as a page with the console's navigation.
    pub fn api_error(&self, e: &crate::error::ApiError) -> PageError {
        PageError::api(self.lang, e).signed_in(self.signed_in())
    }

    /// A refusal (`key` from the catalogue) with the console's navigation.
    pub fn refuse(&self, status: axum::http::StatusCode, key: &str) -> PageError {
        PageError::new(self.lang, status, key).signed_in(self.signed_in())
    }
}

impl FromRequestParts<AppState> for OfficerPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let lang = Lang::from_request_parts(parts, state)
            .await
            .unwrap_or(Lang::Vi);
        let found = session::current(state, &parts.headers, Kind::Officer)
            .await
            .map_err(|e| PageError::api(lang, &e).into_response())?;
        let officer = found.and_then(|s| {
            let o = state.config.officer(&s.subject)?;
            Some((s, o.role == OfficerRole::Supervisor))
        });
        match officer {
            Some((session, supervisor)) => Ok(OfficerPage {
                session,
                supervisor,
                lang,
            }),
            None => Err(see_other("/officer/sign-in")),
        }
    }
}

/// `GET /officer/`: the level-2 queue, or the sign-in page.
pub async fn home(_officer: OfficerPage) -> Response {
    see_other("/officer/upgrades")
}

/// `GET /officer/sign-in`.
pub async fn sign_in_page(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    SIGN_IN.page(&state, lang, &headers, notice(lang, uri.query()))
}

/// `POST /officer/sign-in`: the officer's Argon2id password, with the API's limits.
pub async fn sign_in(
    State(state): State<AppState>,
    lang: Lang,
    source: Source,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let hash = |name: &str| state.config.officer(name).map(|o| o.password_hash.clone());
    let (response, who) = SIGN_IN
        .post(&state, lang, &headers, &source, &body, hash)
        .await?;
    if !who.is_empty() {
        crate::audit::record_alone(&state, &who, AuditAction::SignedIn, None, None)
            .await
            .map_err(|e| PageError::api(lang, &e))?;
    }
    Ok(response)
}

/// `POST /officer/sign-out`.
pub async fn sign_out(
    State(state): State<AppState>,
    officer: OfficerPage,
    body: Bytes,
) -> Result<Response, PageError> {
    officer.form(&body)?;
    officer
        .session
        .end(&state)
        .await
        .map_err(|e| officer.api_error(&e))?;
    Ok(SIGN_IN.signed_out(&state))
}

/// Any other path under `/officer/`: a page that says so.
pub async fn not_found(officer: OfficerPage) -> PageError {
    officer.refuse(axum::http::StatusCode::NOT_FOUND, "error.no_such_page")
}
