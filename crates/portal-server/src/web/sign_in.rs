//! The sign-in form of the console and the desk, and its checks: the form's CSRF token matched
//! against its own cookie (set when the form is shown), then the password check with the API's
//! limits and lockout (`crate::auth::check_password`), then a web session.

use crate::auth::{check_password, Source};
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::i18n::Lang;
use crate::web::layout::{self, Nav};
use crate::web::page::{api_message, see_other, with_cookie, PageError};
use crate::web::session::{self, form_token, form_token_ok, set_cookie, Kind};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;

/// What differs between the console's and the desk's sign-in.
pub struct SignIn {
    /// Whose.
    pub kind: Kind,
    /// The form's target.
    pub action: &'static str,
    /// The name field's id and form name.
    pub name_field: &'static str,
    /// The secret field's id and form name.
    pub secret_field: &'static str,
    /// Catalogue key prefix of the texts (`officer.sign_in` or `desk.sign_in`).
    pub texts: &'static str,
    /// Where a successful sign-in goes.
    pub after: &'static str,
}

impl SignIn {
    fn render(
        &self,
        lang: Lang,
        token: &str,
        name: &str,
        notice: Option<&str>,
        error: Option<&str>,
    ) -> maud::Markup {
        let t = |k: &str| lang.t(&format!("{}.{k}", self.texts));
        let body = html! {
            p { (t("intro")) }
            form #sign-in method="post" action=(self.action) {
                input type="hidden" name="csrf" value=(token);
                p {
                    label for=(self.name_field) { (t("name")) }
                    input id=(self.name_field) name=(self.name_field) type="text" value=(name)
                        autocomplete="username" required autocapitalize="none" spellcheck="false"
                        autofocus[name.is_empty()];
                }
                p {
                    label for=(self.secret_field) { (t("secret")) }
                    input id=(self.secret_field) name=(self.secret_field) type="password"
                        autocomplete="current-password" required autofocus[!name.is_empty()];
                }
                button #sign-in-submit type="submit" { (t("submit")) }
            }
        };
        layout::page(lang, &t("title"), Nav::None, notice, error, body)
    }

    /// The form, with a fresh sign-in token in its cookie (or the one the browser has).
    pub fn page(
        &self,
        state: &AppState,
        lang: Lang,
        headers: &HeaderMap,
        notice: Option<String>,
    ) -> Response {
        let (token, cookie) = form_token(state, headers, self.kind);
        with_cookie(
            self.render(lang, &token, "", notice.as_deref(), None)
                .into_response(),
            &cookie,
        )
    }

    /// The answer to signing out (the session already ended): the sign-in page, the cookie gone.
    pub fn signed_out(&self, state: &AppState) -> Response {
        with_cookie(
            see_other(&format!("{}?notice=signed_out", self.action)),
            &set_cookie(state, self.kind, self.kind.cookie_name(), ""),
        )
    }

    /// Checks a posted sign-in; on success starts the session and goes on to [`Self::after`].
    /// `hash` looks the name's Argon2id hash up in the configuration.
    pub async fn post(
        &self,
        state: &AppState,
        lang: Lang,
        headers: &HeaderMap,
        source: &Source,
        body: &axum::body::Bytes,
        hash: impl Fn(&str) -> Option<String>,
    ) -> Result<(Response, String), PageError> {
        let form = Form::parse(body).ok_or_else(|| PageError::csrf(lang))?;
        let cookie = form_token_ok(headers, self.kind, form.get("csrf"))
            .ok_or_else(|| PageError::csrf(lang))?;
        let name = form.get(self.name_field).unwrap_or("").trim();
        let secret = form.get(self.secret_field).unwrap_or("").to_owned();
        if name.is_empty() || name.len() > 64 || secret.is_empty() || secret.len() > 1024 {
            let page = self.render(
                lang,
                &cookie,
                name,
                None,
                Some(&lang.t("error.sign_in_blank")),
            );
            return Ok((
                (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
                String::new(),
            ));
        }
        if let Err(e) =
            check_password(state, self.kind.code(), name, hash(name), secret, source).await
        {
            let status =
                StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::UNAUTHORIZED);
            let page = self.render(lang, &cookie, name, None, Some(&api_message(lang, &e)));
            return Ok(((status, page).into_response(), String::new()));
        }
        let token = session::start(state, self.kind, name)
            .await
            .map_err(|e| PageError::api(lang, &e))?;
        let response = with_cookie(
            see_other(self.after),
            &set_cookie(state, self.kind, self.kind.cookie_name(), &token),
        );
        let response = with_cookie(
            response,
            &set_cookie(state, self.kind, self.kind.sign_in_cookie_name(), ""),
        );
        Ok((response, name.to_owned()))
    }
}
