//! The share inbox: a registered service logs in, asks for fields (the portal signs the request
//! into an `ER1:` QR), the wallet posts its presentation to the request's answer URL, and the
//! service fetches the verified answer. Only the service that made a request can read it.

use crate::auth::{password_login, ServiceAuth};
use crate::error::{parse, ApiError};
use crate::issuer;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use eid_credential::verify::VerifyContext;
use eid_credential::{DocType, ShareRequest};
use eid_portal_api::account::{ServiceLoginRequest, SessionResponse};
use eid_portal_api::share::{
    ShareAnswer, ShareRequestCreate, ShareRequestCreated, ShareRequestView, ShareResult, ShareState,
};
use eid_portal_api::{ErrorCode, FieldCode, FieldError};
use eid_qr::envelope::{self, Kind};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;

/// `POST /v1/service/sessions`: service id and secret → a service token (see
/// [`password_login`] for the limits).
pub async fn login(
    State(state): State<AppState>,
    source: crate::auth::Source,
    body: Bytes,
) -> Result<Json<SessionResponse>, ApiError> {
    let req: ServiceLoginRequest = parse(&body)?;
    let hash = state
        .config
        .service(&req.service_id)
        .map(|s| s.secret_hash.clone());
    let (token, expires_at) = password_login(
        &state,
        "service",
        &req.service_id,
        hash,
        req.secret,
        &source,
    )
    .await?;
    Ok(Json(SessionResponse { token, expires_at }))
}

fn check(req: &ShareRequestCreate) -> Result<(DocType, Vec<&'static str>), ApiError> {
    let mut errors = Vec::new();
    let doc_type = DocType::from_name(&req.doc_type);
    if doc_type.is_none() {
        errors.push(FieldError::new(
            "doc_type",
            FieldCode::Unknown,
            "no such document type",
        ));
    }
    let mut fields = Vec::new();
    if req.fields.is_empty() || req.fields.len() > eid_credential::share::MAX_SHARE_FIELDS {
        errors.push(FieldError::new(
            "fields",
            FieldCode::Count,
            "ask for 1 to 16 fields",
        ));
    }
    if let Some(t) = doc_type {
        for (i, name) in req.fields.iter().enumerate() {
            match t.field_by_name(name).filter(|spec| spec.presentable()) {
                Some(spec) if !fields.contains(&spec.name) => fields.push(spec.name),
                Some(_) => errors.push(FieldError::new(
                    &format!("fields[{i}]"),
                    FieldCode::Duplicate,
                    "asked twice",
                )),
                None => errors.push(FieldError::new(
                    &format!("fields[{i}]"),
                    FieldCode::Unknown,
                    "this document has no such field",
                )),
            }
        }
    }
    // The purpose is signed into the request QR and shown to the citizen before consent: held
    // to the documents' text rule (no text-direction tricks, NFC, one line).
    if eid_credential::text::check(&req.purpose, eid_credential::share::MAX_SHARE_TEXT, false)
        .is_err()
    {
        errors.push(FieldError::new(
            "purpose",
            FieldCode::Required,
            "say why, in 1 to 200 characters on one line (NFC, no spaces at either end)",
        ));
    }
    if !(30..=3600).contains(&req.expires_in) {
        errors.push(FieldError::new(
            "expires_in",
            FieldCode::Range,
            "30 to 3,600 seconds",
        ));
    }
    match doc_type {
        Some(t) if errors.is_empty() => {
            // Keep the order of the document type, as the signed request does.
            fields.sort_by_key(|n| t.field_by_name(n).map(|f| f.id));
            Ok((t, fields))
        }
        _ => Err(ApiError::fields(errors)),
    }
}

/// `POST /v1/share/requests` (service): 201 with the request and its QR text.
pub async fn create(
    State(state): State<AppState>,
    service: ServiceAuth,
    body: Bytes,
) -> Result<(StatusCode, Json<ShareRequestCreated>), ApiError> {
    let req: ShareRequestCreate = parse(&body)?;
    let created = create_request(&state, &service.service_id, req).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Checks and signs a share request of service `service_id` (the API's and the desk's).
pub async fn create_request(
    state: &AppState,
    service_id: &str,
    req: ShareRequestCreate,
) -> Result<ShareRequestCreated, ApiError> {
    let (doc_type, fields) = check(&req)?;
    let registered = state.config.service(service_id).ok_or_else(|| {
        ApiError::new(ErrorCode::Forbidden, "this service is no longer registered")
    })?;
    // A service asks only for what it was registered for (`may_ask` in the configuration).
    let not_allowed: Vec<FieldError> = fields
        .iter()
        .filter(|f| !registered.may_ask_for(doc_type.name(), f))
        .map(|f| {
            FieldError::new(
                "fields",
                FieldCode::NotAllowed,
                &format!("this service is not registered to ask for {f} of this document"),
            )
        })
        .collect();
    if !not_allowed.is_empty() {
        return Err(ApiError::fields(not_allowed));
    }
    let id = state.random_hex(16);
    let signed = ShareRequest {
        answer_url: format!("{}/v1/share/requests/{id}/answer", state.public_url),
        id,
        service_id: registered.id.clone(),
        service_name: registered.name.clone(),
        doc_type,
        fields,
        purpose: req.purpose,
        nonce: state.random_bytes(),
        expires_at: state.now() + req.expires_in,
    };
    let bytes = signed
        .sign(&state.keys.root)
        .map_err(|_| ApiError::new(ErrorCode::Internal, "could not sign the request"))?;
    let qr = envelope::encode(Kind::Request, &bytes);
    sqlx::query(
        "INSERT INTO share_requests (id, service_id, doc_type, fields, purpose, nonce, expires_at, qr)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(signed.id.clone())
    .bind(signed.service_id.clone())
    .bind(doc_type.name())
    .bind(signed.fields.join(","))
    .bind(signed.purpose.clone())
    .bind(hex::encode(signed.nonce))
    .bind(signed.expires_at as i64)
    .bind(qr.clone())
    .execute(&state.pool)
    .await?;
    Ok(ShareRequestCreated {
        request: view_of(&signed),
        qr,
    })
}

fn view_of(r: &ShareRequest) -> ShareRequestView {
    ShareRequestView {
        id: r.id.clone(),
        service_id: r.service_id.clone(),
        service_name: r.service_name.clone(),
        doc_type: r.doc_type.name().to_owned(),
        fields: r.fields.iter().map(|f| (*f).to_owned()).collect(),
        purpose: r.purpose.clone(),
        nonce: hex::encode(r.nonce),
        expires_at: r.expires_at,
    }
}

macro_rules! share_columns {
    () => {
        "id, service_id, doc_type, fields, purpose, nonce, expires_at, presentation, disclosed, answered_at, done_at"
    };
}

fn stored_view(state: &AppState, r: &AnyRow) -> ShareRequestView {
    let service_id: String = r.get(1);
    ShareRequestView {
        id: r.get(0),
        service_name: state
            .config
            .service(&service_id)
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        service_id,
        doc_type: r.get(2),
        fields: r
            .get::<String, _>(3)
            .split(',')
            .map(str::to_owned)
            .collect(),
        purpose: r.get(4),
        nonce: r.get(5),
        expires_at: r.get::<i64, _>(6) as u64,
    }
}

/// `GET /v1/share/requests/{id}` (the service that made it; 404 for anyone else).
pub async fn result(
    State(state): State<AppState>,
    service: ServiceAuth,
    Path(id): Path<String>,
) -> Result<Json<ShareResult>, ApiError> {
    Ok(Json(
        request_result(&state, &service.service_id, &id).await?,
    ))
}

/// Request `id` of service `service_id` and its answer; `not_found` for another service's.
pub async fn request_result(
    state: &AppState,
    service_id: &str,
    id: &str,
) -> Result<ShareResult, ApiError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        share_columns!(),
        " FROM share_requests WHERE id = $1 AND service_id = $2"
    ))
    .bind(id.to_owned())
    .bind(service_id.to_owned())
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such request"))?;
    let request = stored_view(state, &row);
    let presentation: Option<String> = row.get(7);
    let done = row.get::<Option<i64>, _>(10).is_some();
    let share_state = match (done, &presentation, request.expires_at <= state.now()) {
        (true, _, _) => ShareState::Done,
        (false, Some(_), _) => ShareState::Answered,
        (false, None, true) => ShareState::Expired,
        (false, None, false) => ShareState::Pending,
    };
    let disclosed = row
        .get::<Option<String>, _>(8)
        .and_then(|d| serde_json::from_str(&d).ok());
    Ok(ShareResult {
        request,
        state: share_state,
        presentation,
        disclosed,
        answered_at: row.get::<Option<i64>, _>(9).map(|t| t as u64),
    })
}

/// `POST /v1/share/requests/{id}/done` (the service that made it): the service has what it
/// needed; the presentation and the disclosed data are forgotten at once (or after the
/// service's `retention_seconds`) and the request answers nothing more. 204, also when it was
/// done already.
pub async fn done(
    State(state): State<AppState>,
    service: ServiceAuth,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    close_request(&state, &service.service_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Closes request `id` (see [`done`]): its answer is forgotten at once, or, for a service that
/// must keep answers (`retention_seconds`), when that time has passed (`crate::purge`).
pub async fn close_request(state: &AppState, service_id: &str, id: &str) -> Result<(), ApiError> {
    let now = state.now();
    let retention = state
        .config
        .service(service_id)
        .map_or(0, |s| s.retention_seconds);
    let sql = if retention == 0 {
        "UPDATE share_requests SET presentation = NULL, disclosed = NULL,
         done_at = COALESCE(done_at, $1), forget_at = COALESCE(forget_at, $2)
         WHERE id = $3 AND service_id = $4"
    } else {
        "UPDATE share_requests SET done_at = COALESCE(done_at, $1),
         forget_at = COALESCE(forget_at, $2) WHERE id = $3 AND service_id = $4"
    };
    let closed = sqlx::query(sql)
        .bind(now as i64)
        .bind((now + retention) as i64)
        .bind(id.to_owned())
        .bind(service_id.to_owned())
        .execute(&state.pool)
        .await?;
    if closed.rows_affected() == 0 {
        return Err(ApiError::new(ErrorCode::NotFound, "no such request"));
    }
    Ok(())
}

/// The signed QR text of request `id` of service `service_id` (the desk shows it again on
/// reload); `not_found` for another service's.
pub async fn request_qr(state: &AppState, service_id: &str, id: &str) -> Result<String, ApiError> {
    sqlx::query("SELECT qr FROM share_requests WHERE id = $1 AND service_id = $2")
        .bind(id.to_owned())
        .bind(service_id.to_owned())
        .fetch_optional(&state.pool)
        .await?
        .and_then(|r| r.get::<Option<String>, _>(0))
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such request"))
}

fn refused(reason: &str, message: impl Into<String>) -> ApiError {
    ApiError::fields(vec![FieldError {
        field: "presentation".into(),
        code: reason.to_owned(),
        message: message.into(),
    }])
}

/// `POST /v1/share/requests/{id}/answer` (no session: the presentation proves itself). The
/// presentation must verify, carry the request's nonce and the service as audience, be of the
/// asked type and disclose only asked fields. A request takes one answer.
pub async fn answer(
    State(state): State<AppState>,
    citizen: crate::auth::Citizen,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let a: ShareAnswer = parse(&body)?;
    let row = sqlx::query(concat!(
        "SELECT ",
        share_columns!(),
        " FROM share_requests WHERE id = $1"
    ))
    .bind(id.clone())
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such request"))?;
    let request = stored_view(&state, &row);
    let now = state.now();
    if row.get::<Option<String>, _>(7).is_some() || row.get::<Option<i64>, _>(10).is_some() {
        return Err(ApiError::new(
            ErrorCode::WrongState,
            "this request was already answered",
        ));
    }
    if request.expires_at <= now {
        return Err(ApiError::new(
            ErrorCode::Expired,
            "this request has expired",
        ));
    }
    let bytes = match envelope::decode(&a.presentation) {
        Ok((Kind::Presentation, bytes)) => bytes,
        _ => return Err(refused("malformed", "not a presentation QR text")),
    };
    let trust = issuer::trust_list(&state.keys, now);
    let signed = issuer::trust_bundle(&state).await?;
    let status = std::slice::from_ref(&signed.status);
    let nonce = hex::decode(&request.nonce).unwrap_or_default();
    let mut ctx = VerifyContext::new(&trust, status, now);
    ctx.expected_nonce = Some(&nonce);
    ctx.expected_audience = Some(&request.service_id);
    let verified = eid_credential::verify(&bytes, &ctx, None)
        .map_err(|r| refused(r.reason.code(), r.detail))?;
    if verified.doc_type.name() != request.doc_type {
        return Err(refused("wrong_document", "not the document type asked for"));
    }
    // Only the signed-in citizen's own document: a bystander who scans the request first cannot
    // answer it for them.
    let device: String = sqlx::query("SELECT device_key FROM accounts WHERE id = $1")
        .bind(citizen.account_id.clone())
        .fetch_one(&state.pool)
        .await?
        .get(0);
    if hex::encode(verified.holder.compressed()) != device.to_lowercase() {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this document is not the signed-in citizen's",
        ));
    }
    if verified
        .fields
        .iter()
        .any(|(spec, _)| !request.fields.iter().any(|f| f == spec.name))
    {
        return Err(refused(
            "extra_fields",
            "fields that were not asked for are disclosed",
        ));
    }
    let disclosed: BTreeMap<String, String> = verified
        .fields
        .iter()
        .map(|(spec, value)| {
            let text = match serde_json::to_value(value) {
                Ok(serde_json::Value::String(s)) => s,
                Ok(other) => other.to_string(),
                Err(_) => String::new(),
            };
            (spec.name.to_owned(), text)
        })
        .collect();
    let mut tx = state.begin_write().await?;
    let stored = sqlx::query(
        "UPDATE share_requests SET presentation = $1, disclosed = $2, answered_at = $3
         WHERE id = $4 AND presentation IS NULL AND done_at IS NULL",
    )
    .bind(a.presentation)
    .bind(serde_json::to_string(&disclosed).unwrap_or_default())
    .bind(now as i64)
    .bind(id.clone())
    .execute(&mut *tx)
    .await?;
    if stored.rows_affected() == 0 {
        return Err(ApiError::new(
            ErrorCode::WrongState,
            "this request was already answered",
        ));
    }
    // The citizen's feed says which service received what ("who looked at my data").
    crate::events::push(
        &mut tx,
        &citizen.account_id,
        crate::events::EventKind::Access,
        &format!("share:{id}"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::ACCEPTED)
}
