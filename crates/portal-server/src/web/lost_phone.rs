//! The public lost-phone page (`/lost-phone`): a citizen whose phone is lost or stolen types
//! their ID number and the revocation code their wallet showed them, and the phone is blocked
//! as an officer would block it (`crate::casework::block_phone`): its documents are refused at
//! every counter and it can sign in no more. Limited per network address and per ID number
//! before anything is looked up; one message for every wrong answer, so the page tells nothing
//! about whether an ID number has an account.

use crate::auth::Source;
use crate::casework::block_phone;
use crate::limits::{self, Limit, Reservation};
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::i18n::Lang;
use crate::web::layout::{self, Nav};
use crate::web::page::{with_cookie, PageError};
use crate::web::session::{form_token, form_token_ok, same, set_cookie, Kind};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use eid_portal_api::revocation::{code_hash, normalize};
use eid_portal_api::ErrorCode;
use maud::{html, Markup};
use sqlx::Row;

/// Tries from one network address per window.
pub const PER_SOURCE: Limit = Limit {
    name: "lost_phone_source",
    max: 5,
    window: 15 * 60,
};
/// Tries for one ID number per window, from anywhere.
pub const PER_ID_NUMBER: Limit = Limit {
    name: "lost_phone_id",
    max: 10,
    window: 24 * 3600,
};

/// Who the audit log names for a block made on this page.
pub const ACTOR: &str = "lost-phone page";

fn form_page(lang: Lang, token: &str, id_number: &str, error: Option<&str>) -> Markup {
    let body = html! {
        p { (lang.t("lost.intro")) }
        form #lost-phone method="post" action="/lost-phone" {
            input type="hidden" name="csrf" value=(token);
            p {
                label for="id-number" { (lang.t("lost.id_number")) }
                input #id-number name="id_number" type="text" inputmode="numeric" maxlength="12"
                    autocomplete="off" required value=(id_number);
            }
            p {
                label for="code" { (lang.t("lost.code")) }
                input #code name="code" type="text" maxlength="24" autocomplete="off"
                    autocapitalize="characters" spellcheck="false" required aria-describedby="code-hint";
                span #code-hint .hint { (lang.t("lost.code_hint")) }
            }
            button #lost-submit .primary type="submit" { (lang.t("lost.submit")) }
        }
        p .hint { (lang.t("lost.no_code")) }
    };
    layout::page(lang, &lang.t("lost.title"), Nav::Public, None, error, body)
}

/// `GET /lost-phone`.
pub async fn page(State(state): State<AppState>, lang: Lang, headers: HeaderMap) -> Response {
    let (token, cookie) = form_token(&state, &headers, Kind::LostPhone);
    with_cookie(form_page(lang, &token, "", None).into_response(), &cookie)
}

/// `POST /lost-phone`: `id_number`, `code`.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    source: Source,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let refused = |status, key: &str, token: &str, id: &str| {
        (status, form_page(lang, token, id, Some(&lang.t(key)))).into_response()
    };
    let form = Form::parse(&body).ok_or_else(|| PageError::csrf(lang))?;
    let cookie = form_token_ok(&headers, Kind::LostPhone, form.get("csrf"))
        .ok_or_else(|| PageError::csrf(lang))?;
    let id_number = form.get("id_number").unwrap_or("").trim().to_owned();
    let typed = normalize(form.get("code").unwrap_or(""));
    let id_ok = id_number.len() == 12 && id_number.bytes().all(|b| b.is_ascii_digit());
    let (true, Some(code)) = (id_ok, typed) else {
        let id = if id_ok { id_number.as_str() } else { "" };
        return Ok(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "lost.bad_format",
            &cookie,
            id,
        ));
    };
    let now = state.now();
    for (limit, key) in [
        (&PER_SOURCE, source.0.clone()),
        (&PER_ID_NUMBER, id_number.clone()),
    ] {
        let reserved = limits::reserve(&state.pool, limit, &key, now)
            .await
            .map_err(|e| PageError::api(lang, &e.into()))?;
        if let Reservation::Refused { .. } = reserved {
            return Ok(refused(
                StatusCode::TOO_MANY_REQUESTS,
                "lost.too_many",
                &cookie,
                &id_number,
            ));
        }
    }
    let row = sqlx::query("SELECT id, revocation_code_hash FROM accounts WHERE id_number = $1")
        .bind(id_number.clone())
        .fetch_optional(&state.pool)
        .await
        .map_err(|e| PageError::api(lang, &e.into()))?;
    let account = row.and_then(|r| {
        let id: String = r.get(0);
        let stored: Option<String> = r.get(1);
        stored
            .filter(|h| same(h, &code_hash(&id, &code)))
            .map(|_| id)
    });
    let Some(account) = account else {
        return Ok(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "lost.wrong",
            &cookie,
            &id_number,
        ));
    };
    match block_phone(
        &state,
        ACTOR,
        &account,
        "reported lost on the lost-phone page",
    )
    .await
    {
        Ok(_) => {}
        Err(e) if e.code == ErrorCode::WrongState => {}
        Err(e) => return Err(PageError::api(lang, &e)),
    }
    let body = html! {
        p #blocked-done role="status" { (lang.t("lost.done")) }
        p { (lang.t("lost.next")) }
    };
    let page = layout::page(
        lang,
        &lang.t("lost.done_title"),
        Nav::Public,
        None,
        None,
        body,
    );
    Ok(with_cookie(
        page.into_response(),
        &set_cookie(
            &state,
            Kind::LostPhone,
            Kind::LostPhone.sign_in_cookie_name(),
            "",
        ),
    ))
}
