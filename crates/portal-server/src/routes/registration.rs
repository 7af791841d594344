//! Level-1 registration: ID number, phone, name, date of birth and the device key; a one-time
//! code proves the phone.

use crate::error::{parse, ApiError};
use crate::state::{sha256_hex, AppState};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use eid_portal_api::account::{AccountView, RegisterRequest, RegisterResponse, VerifyCodeRequest};
use eid_portal_api::forms::{is_id_number, parse_date};
use eid_portal_api::{ErrorCode, FieldError};
use sqlx::Row;

/// How long a one-time code works.
pub const CODE_SECONDS: u64 = 300;
/// Wrong codes allowed per registration.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

fn validate(r: &RegisterRequest) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !is_id_number(&r.id_number) {
        errors.push(FieldError::new(
            "id_number",
            "not_an_id_number",
            "the ID number has 12 digits",
        ));
    }
    if !(10..=11).contains(&r.phone.len()) || !r.phone.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(FieldError::new(
            "phone",
            "not_a_phone",
            "a phone number has 10 or 11 digits",
        ));
    }
    if r.full_name.trim().is_empty() || r.full_name.chars().count() > 100 {
        errors.push(FieldError::new(
            "full_name",
            "required",
            "the full name is required (at most 100 characters)",
        ));
    }
    if parse_date(&r.date_of_birth).is_none() {
        errors.push(FieldError::new(
            "date_of_birth",
            "not_a_date",
            "a real date is needed, like 1990-03-15",
        ));
    }
    let key_ok = hex::decode(&r.device_public_key)
        .ok()
        .is_some_and(|k| eid_credential::PublicKey::from_sec1(&k).is_ok());
    if !key_ok {
        errors.push(FieldError::new(
            "device_public_key",
            "not_a_key",
            "not a P-256 public key",
        ));
    }
    errors
}

/// `POST /v1/registrations`.
pub async fn register(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<(StatusCode, Json<RegisterResponse>), ApiError> {
    let r: RegisterRequest = parse(&body)?;
    let errors = validate(&r);
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let id = state.random_hex(16);
    let code = state.random_code();
    let expires_at = state.now() + CODE_SECONDS;
    sqlx::query(
        "INSERT INTO registrations (id, id_number, phone, full_name, date_of_birth, device_key, code_hash, attempts, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)",
    )
    .bind(id.clone())
    .bind(r.id_number)
    .bind(r.phone)
    .bind(r.full_name)
    .bind(r.date_of_birth)
    .bind(r.device_public_key.to_lowercase())
    .bind(sha256_hex(format!("{id}:{code}").as_bytes()))
    .bind(expires_at as i64)
    .execute(&state.pool)
    .await?;
    if state.demo {
        // Demo mode stands in for the SMS gateway; the log line names the registration only.
        eprintln!("eid-portal: demo one-time code for registration {id}: {code}");
    }
    Ok((
        StatusCode::CREATED,
        Json(RegisterResponse {
            registration_id: id,
            code_expires_at: expires_at,
        }),
    ))
}

/// `POST /v1/registrations/{id}/verify`: creates the level-1 account.
pub async fn verify(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<AccountView>, ApiError> {
    let req: VerifyCodeRequest = parse(&body)?;
    let wrong = || ApiError::new(ErrorCode::WrongCode, "the code is wrong or has expired");
    let row = sqlx::query(
        "SELECT id_number, phone, full_name, date_of_birth, device_key, code_hash, attempts, expires_at
         FROM registrations WHERE id = $1",
    )
    .bind(id.clone())
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(wrong)?;
    let attempts: i64 = row.get(6);
    let expires_at: i64 = row.get(7);
    if attempts >= MAX_CODE_ATTEMPTS {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            "too many wrong codes: register again",
        ));
    }
    let code_hash: String = row.get(5);
    if expires_at as u64 <= state.now()
        || sha256_hex(format!("{id}:{}", req.code).as_bytes()) != code_hash
    {
        sqlx::query("UPDATE registrations SET attempts = attempts + 1 WHERE id = $1")
            .bind(id)
            .execute(&state.pool)
            .await?;
        return Err(wrong());
    }
    let id_number: String = row.get(0);
    let full_name: String = row.get(2);
    let account_id = state.random_hex(16);
    let mut tx = state.pool.begin().await?;
    let created = sqlx::query(
        "INSERT INTO accounts (id, id_number, phone, full_name, date_of_birth, device_key, level, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7) ON CONFLICT DO NOTHING",
    )
    .bind(account_id.clone())
    .bind(id_number.clone())
    .bind(row.get::<String, _>(1))
    .bind(full_name.clone())
    .bind(row.get::<String, _>(3))
    .bind(row.get::<String, _>(4))
    .bind(state.now() as i64)
    .execute(&mut *tx)
    .await?;
    if created.rows_affected() == 0 {
        return Err(ApiError::new(
            ErrorCode::AlreadyRegistered,
            "an account with this ID number exists",
        ));
    }
    sqlx::query("DELETE FROM registrations WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Json(AccountView {
        account_id,
        level: 1,
        id_number,
        full_name,
        upgrade: None,
    }))
}
