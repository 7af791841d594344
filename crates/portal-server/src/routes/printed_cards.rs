//! Printed cards for citizens without a smartphone: an officer, after checking the person in
//! person, prints an A6 card whose issuer-signed QR (`EC1:`) carries the counter portrait and a
//! few fields, bound to no phone, valid [`CARD_YEARS`] years, revocable like any document.

use crate::auth::OfficerAuth;
use crate::card_image::{render_card, CardContent};
use crate::error::{parse, ApiError};
use crate::events;
use crate::routes::officer::reason_text;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use base64::Engine;
use eid_credential::printed::{issue_printed, MAX_PRINTED_FIELDS};
use eid_credential::{DocType, Document, FieldKind, Validity};
use eid_portal_api::documents::{PrintedCardRequest, PrintedCardResponse, RevokeRequest};
use eid_portal_api::{ErrorCode, FieldCode, FieldError};

/// How long a printed card is valid.
pub const CARD_YEARS: u64 = 10;
const YEAR: u64 = 365 * 86_400;

/// What a card prints when the officer does not choose: who the person is, and the number.
fn default_fields(t: DocType) -> &'static [&'static str] {
    match t {
        DocType::HealthInsurance => &[
            "full_name",
            "date_of_birth",
            "insurance_number",
            "valid_until",
        ],
        _ => &["full_name", "date_of_birth", "id_number"],
    }
}

/// The registry document and the fields to print, or the field errors that say why not.
fn choose<'r>(
    state: &'r AppState,
    req: &'r PrintedCardRequest,
) -> Result<(Document, Vec<&'r str>), ApiError> {
    let mut errors = Vec::new();
    let doc_type =
        DocType::from_name(&req.doc_type).filter(|t| t.field_by_name("counter_portrait").is_some());
    if doc_type.is_none() {
        errors.push(FieldError::new(
            "doc_type",
            FieldCode::NotAllowed,
            "only the citizen ID card and the health insurance card can be printed",
        ));
    }
    let citizen = state.registry.find(&req.id_number);
    if citizen.is_none() {
        errors.push(FieldError::new(
            "id_number",
            FieldCode::Unknown,
            "no citizen has this ID number",
        ));
    }
    let (Some(t), Some(citizen)) = (doc_type, citizen) else {
        return Err(ApiError::fields(errors));
    };
    let Some(document) = citizen
        .documents
        .iter()
        .find(|d| d.doc_type() == t)
        .cloned()
    else {
        return Err(ApiError::fields(vec![FieldError::new(
            "doc_type",
            FieldCode::Unknown,
            "the registry holds no such document for this citizen",
        )]));
    };
    let asked: Vec<&str> = if req.fields.is_empty() {
        default_fields(t).to_vec()
    } else {
        req.fields.iter().map(String::as_str).collect()
    };
    let mut fields = vec!["counter_portrait"];
    for (i, name) in asked.iter().enumerate() {
        let path = format!("fields[{i}]");
        match t.field_by_name(name) {
            Some(spec) if !spec.presentable() || spec.kind == FieldKind::CounterPortrait => errors
                .push(FieldError::new(
                    &path,
                    FieldCode::NotAllowed,
                    "the card always carries the counter portrait, and never the large one",
                )),
            Some(spec) if fields.contains(&spec.name) => {
                errors.push(FieldError::new(&path, FieldCode::Duplicate, "asked twice"))
            }
            Some(spec) if document.get(spec.name).is_none() && !spec.derived() => errors.push(
                FieldError::new(&path, FieldCode::Unknown, "this document does not carry it"),
            ),
            Some(spec) => fields.push(spec.name),
            None => errors.push(FieldError::new(
                &path,
                FieldCode::Unknown,
                "this document has no such field",
            )),
        }
    }
    if fields.len() > MAX_PRINTED_FIELDS {
        errors.push(FieldError::new(
            "fields",
            FieldCode::Count,
            "a card prints at most 7 fields beside the portrait",
        ));
    }
    if document.get("counter_portrait").is_none() {
        errors.push(FieldError::new(
            "id_number",
            FieldCode::Unknown,
            "the registry holds no portrait for this citizen",
        ));
    }
    if errors.is_empty() {
        Ok((document, fields))
    } else {
        Err(ApiError::fields(errors))
    }
}

/// `POST /v1/officer/printed-cards`: signs and draws a printed card.
pub async fn print(
    State(state): State<AppState>,
    officer: OfficerAuth,
    body: Bytes,
) -> Result<(StatusCode, Json<PrintedCardResponse>), ApiError> {
    let req: PrintedCardRequest = parse(&body)?;
    let (document, fields) = choose(&state, &req)?;
    let now = state.now();
    let validity = Validity {
        issued_at: now,
        not_before: now,
        expires_at: now + CARD_YEARS * YEAR,
    };
    let mut tx = state.begin_write().await?;
    let status_index = events::bump(&mut tx, "status_index").await?;
    let payload = issue_printed(
        &document,
        &fields,
        &state.keys.issuer,
        validity,
        status_index,
        &mut rand_core::OsRng,
    )
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("could not sign the card: {e}")))?;
    let qr = eid_qr::envelope::encode(eid_qr::envelope::Kind::PrintedCard, &payload);
    let id = state.random_hex(16);
    sqlx::query(
        "INSERT INTO printed_cards (id, id_number, doc_type, fields, status_index, state, issued_by, issued_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, 'current', $6, $7, $8)",
    )
    .bind(id.clone())
    .bind(req.id_number.clone())
    .bind(document.doc_type().name())
    .bind(fields.join(","))
    .bind(status_index as i64)
    .bind(officer.username)
    .bind(now as i64)
    .bind(validity.expires_at as i64)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let printed = printed_lines(&document, &fields);
    let portrait = match document.get("portrait") {
        Some(eid_credential::FieldValue::Image(b)) => Some(b.clone()),
        _ => None,
    };
    let valid_until = day_first(validity.expires_at);
    let doc_type = document.doc_type().name();
    let qr_text = qr.clone();
    let png = tokio::task::spawn_blocking(move || {
        render_card(&CardContent {
            doc_type,
            fields: printed.iter().map(|(n, v)| (*n, v.clone())).collect(),
            portrait: portrait.as_deref(),
            qr_text: &qr_text,
            valid_until,
        })
    })
    .await
    .map_err(|_| ApiError::new(ErrorCode::Internal, "could not draw the card"))?
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("could not draw the card: {e}")))?;
    Ok((
        StatusCode::CREATED,
        Json(PrintedCardResponse {
            id,
            qr,
            png: base64::engine::general_purpose::STANDARD.encode(png),
            expires_at: validity.expires_at,
        }),
    ))
}

/// The printed fields as one line each, in field-id order (the portrait is the photo).
fn printed_lines(document: &Document, fields: &[&str]) -> Vec<(&'static str, String)> {
    document
        .doc_type()
        .fields()
        .iter()
        .filter(|s| fields.contains(&s.name) && s.kind != FieldKind::CounterPortrait)
        .filter_map(|s| {
            document.get(s.name).map(|v| {
                let text = match v {
                    eid_credential::FieldValue::Date(d) => {
                        format!("{:02}/{:02}/{}", d.day(), d.month() as u8, d.year())
                    }
                    other => serde_json::to_value(other)
                        .ok()
                        .and_then(|j| j.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                };
                (s.name, text)
            })
        })
        .collect()
}

/// A Unix time as the day, `dd/mm/yyyy` (UTC+7).
fn day_first(at: u64) -> String {
    eid_credential::derive::civil_day(at)
        .map(|d| format!("{:02}/{:02}/{}", d.day(), d.month() as u8, d.year()))
        .unwrap_or_default()
}

/// `POST /v1/officer/printed-cards/{id}/revoke`: a lost or stolen card stops verifying once a
/// counter has the next status list.
pub async fn revoke(
    State(state): State<AppState>,
    _officer: OfficerAuth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let r: RevokeRequest = parse(&body)?;
    let reason = reason_text(Some(&r.reason), "say why (at most 500 characters)")?;
    let mut tx = state.begin_write().await?;
    let done = sqlx::query(
        "UPDATE printed_cards SET state = 'revoked', revoke_reason = $1
         WHERE id = $2 AND state = 'current'",
    )
    .bind(reason)
    .bind(id.clone())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 1 {
        crate::issuer::status_changed(&mut tx, &state).await?;
    }
    tx.commit().await?;
    if done == 1 {
        return Ok(StatusCode::NO_CONTENT);
    }
    let exists = sqlx::query("SELECT id FROM printed_cards WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.pool)
        .await?
        .is_some();
    Err(if exists {
        ApiError::new(ErrorCode::WrongState, "this card is already revoked")
    } else {
        ApiError::new(ErrorCode::NotFound, "no such printed card")
    })
}
