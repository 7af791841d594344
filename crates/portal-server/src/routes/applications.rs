//! Applications: submitted exactly once, read only by their owner.

use crate::auth::Citizen;
use crate::error::{parse, ApiError};
use crate::idempotency;
use crate::state::{sha256_hex, AppState};
use crate::submission_batch::{Outcome, Submission};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use eid_portal_api::applications::{ApplicationState, ApplicationView};
use eid_portal_api::forms::{self, ApplicationForm};
use eid_portal_api::ErrorCode;
use sqlx::any::AnyRow;
use sqlx::Row;

/// The stored code of a state.
pub(crate) fn state_code(s: ApplicationState) -> &'static str {
    match s {
        ApplicationState::Submitted => "submitted",
        ApplicationState::InReview => "in_review",
        ApplicationState::Approved => "approved",
        ApplicationState::Rejected => "rejected",
    }
}

fn state_from(s: &str) -> ApplicationState {
    match s {
        "in_review" => ApplicationState::InReview,
        "approved" => ApplicationState::Approved,
        "rejected" => ApplicationState::Rejected,
        _ => ApplicationState::Submitted,
    }
}

/// An application from a row holding `app_columns!` first, in order.
pub(crate) fn view(row: &AnyRow) -> Result<ApplicationView, ApiError> {
    let form: String = row.get(1);
    Ok(ApplicationView {
        id: row.get(0),
        form: serde_json::from_str(&form)
            .map_err(|_| ApiError::new(ErrorCode::Internal, "stored form unreadable"))?,
        state: state_from(&row.get::<String, _>(2)),
        submitted_at: row.get::<i64, _>(3) as u64,
        updated_at: row.get::<i64, _>(4) as u64,
        decision_reason: row.get(5),
        result_document_id: row.get(6),
    })
}

/// The calendar day (UTC) of a Unix time.
pub(crate) fn today(now: u64) -> time::Date {
    time::OffsetDateTime::from_unix_timestamp(now as i64)
        .map(|t| t.date())
        .unwrap_or(time::Date::MIN)
}

/// `POST /v1/applications` with `Idempotency-Key`: 201 with the application, or the stored
/// answer again for a retry (see `idempotency`).
pub async fn submit(
    State(state): State<AppState>,
    citizen: Citizen,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let key = idempotency::check_key(headers.get("idempotency-key"))?;
    let form: ApplicationForm = parse(&body)?;
    let now = state.now();
    forms::validate(&form, today(now)).map_err(ApiError::fields)?;
    if citizen.level < form.required_level() {
        return Err(ApiError::new(
            ErrorCode::LevelTooLow,
            "this application needs a level-2 account",
        ));
    }
    let _guard = state.in_flight.enter(&citizen.account_id, &key)?;
    let view = ApplicationView {
        id: state.random_hex(16),
        form,
        state: ApplicationState::Submitted,
        submitted_at: now,
        updated_at: now,
        decision_reason: None,
        result_document_id: None,
    };
    let answer =
        serde_json::to_string(&view).map_err(|_| ApiError::new(ErrorCode::Internal, "answer"))?;
    let fingerprint = sha256_hex(&body);
    let submission = Submission {
        account_id: citizen.account_id.clone(),
        key: key.clone(),
        fingerprint: fingerprint.clone(),
        answer: answer.clone(),
        application_id: view.id.clone(),
        kind: view.form.kind(),
        form: serde_json::to_string(&view.form)
            .map_err(|_| ApiError::new(ErrorCode::Internal, "form"))?,
        now,
    };
    let json = [("content-type", "application/json")];
    match state.batcher().submit(submission).await? {
        Outcome::Created => Ok((StatusCode::CREATED, json, answer).into_response()),
        Outcome::KeyExists => {
            let (status, stored) =
                idempotency::stored(&state.pool, &citizen.account_id, &key, &fingerprint).await?;
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response = (status, json, stored).into_response();
            response
                .headers_mut()
                .insert("idempotent-replayed", "true".parse().expect("header value"));
            Ok(response)
        }
    }
}

/// `GET /v1/applications`: the citizen's own, newest first.
pub async fn list(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<Vec<ApplicationView>>, ApiError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        app_columns!(),
        " FROM applications WHERE account_id = $1 ORDER BY submitted_at DESC, id"
    ))
    .bind(citizen.account_id)
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(rows.iter().map(view).collect::<Result<_, _>>()?))
}

/// `GET /v1/applications/{id}`: 404 for someone else's, so ids cannot be probed.
pub async fn get_one(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(id): Path<String>,
) -> Result<Json<ApplicationView>, ApiError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        app_columns!(),
        " FROM applications WHERE id = $1 AND account_id = $2"
    ))
    .bind(id)
    .bind(citizen.account_id)
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such application"))?;
    Ok(Json(view(&row)?))
}
