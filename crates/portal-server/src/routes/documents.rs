//! The citizen's documents, as issued to the account's current device key.

use crate::auth::Citizen;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use eid_portal_api::documents::{DocumentWire, DocumentsResponse};
use eid_portal_api::ErrorCode;
use sqlx::any::AnyRow;
use sqlx::Row;

fn wire(r: &AnyRow) -> DocumentWire {
    DocumentWire {
        id: r.get(0),
        doc_type: r.get(1),
        issued: r.get(2),
        status_index: r.get::<i64, _>(3) as u64,
    }
}

/// The current documents of an account, oldest first.
pub async fn current(state: &AppState, account_id: &str) -> Result<DocumentsResponse, ApiError> {
    let rows = sqlx::query(
        "SELECT id, doc_type, issued, status_index FROM documents
         WHERE account_id = $1 AND state = 'current' ORDER BY issued_at, status_index",
    )
    .bind(account_id.to_owned())
    .fetch_all(&state.pool)
    .await?;
    Ok(DocumentsResponse {
        documents: rows.iter().map(wire).collect(),
    })
}

/// `GET /v1/documents`: the citizen's current documents.
pub async fn list(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<DocumentsResponse>, ApiError> {
    Ok(Json(current(&state, &citizen.account_id).await?))
}

/// `GET /v1/documents/{id}`: one of the citizen's current documents; 404 for anyone else's.
pub async fn get_one(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(id): Path<String>,
) -> Result<Json<DocumentWire>, ApiError> {
    let row = sqlx::query(
        "SELECT id, doc_type, issued, status_index FROM documents
         WHERE id = $1 AND account_id = $2 AND state = 'current'",
    )
    .bind(id)
    .bind(citizen.account_id)
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such document"))?;
    Ok(Json(wire(&row)))
}
