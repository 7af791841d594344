//! Level-1 registration: ID number, phone, name, date of birth and the device key; a one-time
//! code proves the phone.

use crate::accounts::account_view;
use crate::auth::Source;
use crate::error::{parse, ApiError};
use crate::limits::{self, Limit, Reservation};
use crate::registry::{Registry, RegistryCitizen};
use crate::state::{sha256_hex, AppState};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use eid_portal_api::account::{RegisterRequest, RegisterResponse, VerifyCodeRequest};
use eid_portal_api::forms::{is_id_number, parse_date};
use eid_portal_api::{ErrorCode, FieldCode, FieldError};
use sqlx::Row;
use std::borrow::Cow;

/// How long a one-time code works.
pub const CODE_SECONDS: u64 = 300;
/// Wrong codes allowed per registration.
pub const MAX_CODE_ATTEMPTS: i64 = 5;
/// Longest full name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// Registration attempts per network address in an hour, matching the registry or not: a bound
/// on probing the registry through the field errors.
pub const REGISTRATIONS_PER_SOURCE: Limit = Limit {
    name: "registration_source",
    max: 30,
    window: 3600,
};
/// Codes sent per ID number per network address in ten minutes.
pub const CODES_PER_ID_AND_SOURCE: Limit = Limit {
    name: "code_id_source",
    max: 3,
    window: 600,
};
/// Codes sent to one phone in an hour, from anywhere (SMS pumping, harassment).
pub const CODES_PER_PHONE: Limit = Limit {
    name: "code_phone",
    max: 5,
    window: 3600,
};

fn validate(r: &RegisterRequest) -> Vec<FieldError> {
    use eid_credential::text::{check, TextProblem};
    let mut errors = Vec::new();
    if !is_id_number(&r.id_number) {
        errors.push(FieldError::new(
            "id_number",
            FieldCode::NotAnIdNumber,
            "the ID number has 12 digits",
        ));
    }
    if !(10..=11).contains(&r.phone.len()) || !r.phone.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(FieldError::new(
            "phone",
            FieldCode::NotAPhone,
            "a phone number has 10 or 11 digits",
        ));
    }
    // The name is compared with the registry's after NFC and folding, so only what no name may
    // hold is refused here; the account then carries the registry's own spelling.
    match check(
        &eid_credential::text::normalize(&r.full_name),
        MAX_NAME_CHARS,
        false,
    ) {
        Ok(()) | Err(TextProblem::OuterSpace | TextProblem::NotNfc) => {}
        Err(TextProblem::Empty) => errors.push(FieldError::new(
            "full_name",
            FieldCode::Required,
            "the full name is required",
        )),
        Err(TextProblem::TooLong) => errors.push(FieldError::new(
            "full_name",
            FieldCode::TooLong,
            "at most 100 characters",
        )),
        Err(TextProblem::Control | TextProblem::Bidi) => errors.push(FieldError::new(
            "full_name",
            FieldCode::BadCharacters,
            "line breaks, control and text-direction characters are not allowed",
        )),
    }
    if parse_date(&r.date_of_birth).is_none() {
        errors.push(FieldError::new(
            "date_of_birth",
            FieldCode::NotADate,
            "a real date is needed, like 1990-03-15",
        ));
    }
    let key_ok = hex::decode(&r.device_public_key)
        .ok()
        .is_some_and(|k| eid_credential::PublicKey::from_sec1(&k).is_ok());
    if !key_ok {
        errors.push(FieldError::new(
            "device_public_key",
            FieldCode::NotAKey,
            "not a P-256 public key",
        ));
    }
    errors
}

/// The registry's record of the citizen `r` names, or the field errors that say it does not
/// match: the ID number, name and date of birth together (never which of them, so the answer
/// cannot be used to find one of them), then the phone, which must be the one the registry
/// holds for that citizen.
fn match_registry<'a>(
    registry: &'a Registry,
    r: &RegisterRequest,
) -> Result<Cow<'a, RegistryCitizen>, Vec<FieldError>> {
    let fold = eid_credential::text::fold;
    let citizen = registry
        .find(&r.id_number)
        .filter(|c| fold(&c.full_name) == fold(&r.full_name) && c.date_of_birth == r.date_of_birth);
    let Some(citizen) = citizen else {
        let message = "does not match the population registry: check the ID number, full name \
                       and date of birth against your citizen ID card";
        return Err(["id_number", "full_name", "date_of_birth"]
            .into_iter()
            .map(|f| FieldError::new(f, FieldCode::RegistryMismatch, message))
            .collect());
    };
    if citizen.phone != r.phone {
        return Err(vec![FieldError::new(
            "phone",
            FieldCode::PhoneNotRegistered,
            "this is not the phone number registered for this ID number: use the SIM card \
             registered in your name, or have your number updated at the police office",
        )]);
    }
    Ok(citizen)
}

async fn reserve_or_refuse(
    state: &AppState,
    limit: &Limit,
    key: &str,
    message: &str,
) -> Result<(), ApiError> {
    match limits::reserve(&state.pool, limit, key, state.now()).await? {
        Reservation::Granted => Ok(()),
        Reservation::Refused { retry_after } => Err(ApiError::rate_limited(message, retry_after)),
    }
}

/// `POST /v1/registrations`: checks the request against the population registry, then sends a
/// one-time code to the citizen's registered phone. The answer is the same whether or not the
/// citizen already has an account (then the code, once verified, moves the account to the new
/// device: see `verify`), so it tells no one who has one.
pub async fn register(
    State(state): State<AppState>,
    source: Source,
    body: Bytes,
) -> Result<(StatusCode, Json<RegisterResponse>), ApiError> {
    let r: RegisterRequest = parse(&body)?;
    let errors = validate(&r);
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let wait = "too many registrations; wait and try again";
    reserve_or_refuse(&state, &REGISTRATIONS_PER_SOURCE, &source.0, wait).await?;
    let citizen = match_registry(&state.registry, &r).map_err(ApiError::fields)?;
    let wait_codes = "too many codes were sent for this ID number or phone; wait and try again";
    let id_and_source = format!("{}:{}", r.id_number, source.0);
    reserve_or_refuse(&state, &CODES_PER_ID_AND_SOURCE, &id_and_source, wait_codes).await?;
    reserve_or_refuse(&state, &CODES_PER_PHONE, &citizen.phone, wait_codes).await?;
    let all_sms = Limit {
        name: "sms_all",
        max: i64::from(state.config.sms_per_minute),
        window: 60,
    };
    if let Reservation::Refused { retry_after } =
        limits::reserve(&state.pool, &all_sms, "all", state.now()).await?
    {
        return Err(ApiError {
            retry_after: Some(retry_after),
            ..ApiError::busy(retry_after)
        });
    }
    let now = state.now();
    let id = state.random_hex(16);
    let code = state.random_code();
    let expires_at = now + CODE_SECONDS;
    sqlx::query(
        "INSERT INTO registrations (id, id_number, phone, full_name, date_of_birth, device_key, code_hash, attempts, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9)",
    )
    .bind(id.clone())
    .bind(citizen.id_number.clone())
    .bind(citizen.phone.clone())
    .bind(citizen.full_name.clone())
    .bind(citizen.date_of_birth.clone())
    .bind(r.device_public_key.to_lowercase())
    .bind(sha256_hex(format!("{id}:{code}").as_bytes()))
    .bind(expires_at as i64)
    .bind(now as i64)
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

/// `POST /v1/registrations/{id}/verify`: creates the level-1 account (200), or moves an existing
/// account to this registration's device: at once (200) for a level-1 account or with the
/// recovery key's signature, else after a wait the current device can cancel (202, a
/// [`eid_portal_api::account::MoveView`]).
pub async fn verify(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<axum::response::Response, ApiError> {
    let req: VerifyCodeRequest = parse(&body)?;
    let wrong = || ApiError::new(ErrorCode::WrongCode, "the code is wrong or has expired");
    let now = state.now();
    // Reserve the try first, in one conditional update: concurrent guesses cannot all be
    // compared against the limit before any of them is counted.
    let row = sqlx::query(
        "UPDATE registrations SET attempts = attempts + 1
         WHERE id = $1 AND attempts < $2 AND expires_at > $3
         RETURNING id_number, phone, full_name, date_of_birth, device_key, code_hash",
    )
    .bind(id.clone())
    .bind(MAX_CODE_ATTEMPTS)
    .bind(now as i64)
    .fetch_optional(&state.pool)
    .await?;
    let Some(row) = row else {
        let attempts: Option<i64> =
            sqlx::query("SELECT attempts FROM registrations WHERE id = $1 AND expires_at > $2")
                .bind(id.clone())
                .bind(now as i64)
                .fetch_optional(&state.pool)
                .await?
                .map(|r| r.get(0));
        return Err(match attempts {
            Some(n) if n >= MAX_CODE_ATTEMPTS => ApiError::new(
                ErrorCode::RateLimited,
                "too many wrong codes: register again",
            ),
            _ => wrong(),
        });
    };
    let code_hash: String = row.get(5);
    let given = sha256_hex(format!("{id}:{}", req.code).as_bytes());
    if given.len() != code_hash.len()
        || given
            .bytes()
            .zip(code_hash.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            != 0
    {
        return Err(wrong());
    }
    let id_number: String = row.get(0);
    let phone: String = row.get(1);
    let device_key: String = row.get(4);
    let mut tx = state.begin_write().await?;
    // Used up first, in the same transaction: a second right guess racing this one finds it gone.
    let used = sqlx::query(
        "UPDATE registrations SET code_hash = '', expires_at = 0 WHERE id = $1 AND expires_at > 0",
    )
    .bind(id.clone())
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() == 0 {
        return Err(wrong());
    }
    let existing = sqlx::query("SELECT id, level, recovery_key FROM accounts WHERE id_number = $1")
        .bind(id_number.clone())
        .fetch_optional(&mut *tx)
        .await?;
    let Some(existing) = existing else {
        let account_id = state.random_hex(16);
        sqlx::query(
            "INSERT INTO accounts (id, id_number, phone, full_name, date_of_birth, device_key, level, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7)",
        )
        .bind(account_id.clone())
        .bind(id_number)
        .bind(phone)
        .bind(row.get::<String, _>(2))
        .bind(row.get::<String, _>(3))
        .bind(device_key)
        .bind(now as i64)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        return Ok(Json(account_view(&state, &account_id).await?).into_response());
    };
    // An account exists: the code proves the phone, so the account moves to this device. A
    // level-1 account moves at once. A level-2 one moves at once only with its recovery key's
    // signature (a restored backup); otherwise it waits (see `crate::moves`).
    let account_id: String = existing.get(0);
    let level = existing.get::<i64, _>(1);
    let recovery_key: Option<String> = existing.get(2);
    let recovered = recovery_key.is_some_and(|k| {
        req.recovery_signature
            .as_deref()
            .is_some_and(|sig| crate::moves::recovery_signature_ok(&k, &id, &device_key, sig))
    });
    if level < 2 || recovered {
        sqlx::query("UPDATE accounts SET phone = $1 WHERE id = $2")
            .bind(phone)
            .bind(account_id.clone())
            .execute(&mut *tx)
            .await?;
        crate::moves::rebind(&mut tx, &state, &account_id, &device_key).await?;
        crate::moves::cancel_waiting(&mut tx, &account_id, "moved", now).await?;
        tx.commit().await?;
        return Ok(Json(account_view(&state, &account_id).await?).into_response());
    }
    let waiting = crate::moves::start(&mut tx, &state, &id, &account_id, &device_key).await?;
    tx.commit().await?;
    Ok((StatusCode::ACCEPTED, Json(waiting)).into_response())
}
